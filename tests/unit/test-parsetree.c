/*
 * Unit tests for parsetree: real parse trees saved from MediaWiki 1.39
 * (action=parse&prop=parsetree on the test wiki) are rebuilt to the exact
 * page text, and their calls of {{WikiGap event}} found with the right
 * offsets, lines, names and values; template names are matched as the
 * wiki matches them; bad and hostile XML is refused cleanly; a deep tree
 * fails cleanly and a page of 10,000 calls is read fast.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "parsetree.h"
#include "xmalloc.h"
#include "tap.h"

#define WG	"WikiGap event"

/*
 * The fixtures: each tree as the API gave it (unescaped once) and the
 * page's wikitext (prop=wikitext) it must rebuild to.
 */

/* The brief's first page: calls in many shapes, and non-calls. */
#define F1_XML \
	"<root>Intro text with a [[Link|piped]] and <template><title>Other<" \
	"/title><part><name>x</name><equals>=</equals><value>1</value></par" \
	"t></template>.\n" \
	"<h level=\"2\" i=\"1\">== Sign up ==</h>\n" \
	"<template lineStart=\"1\"><title>WikiGap event</title><part><name>" \
	"country</name><equals>=</equals><value>Kenya</value></part><part><" \
	"name>city</name><equals>=</equals><value>Nairobi</value></part><pa" \
	"rt><name>start</name><equals>=</equals><value>2023-03-08</value></" \
	"part><part><name>organizer</name><equals>=</equals><value>[[User:A" \
	"lice|Alice]]</value></part></template>\n" \
	"<template lineStart=\"1\"><title>WikiGap event\n" \
	"</title><part><name>country </name><equals>=</equals><value> Sénég" \
	"al <comment>&lt;!-- note --&gt;</comment>\n" \
	"</value></part><part><name>city</name><equals>=</equals><value>Dak" \
	"ar<template><title>!</title></template>x\n" \
	"</value></part><part><name>start</name><equals>=</equals><value>20" \
	"23-03-09\n" \
	"</value></part><part><name>title</name><equals>=</equals><value><t" \
	"emplate><title>lang</title><part><name index=\"1\"/><value>fr</val" \
	"ue></part><part><name index=\"2\"/><value>Atelier</value></part></" \
	"template>\n" \
	"</value></part><part><name>title</name><equals>=</equals><value>du" \
	"p\n" \
	"</value></part></template>\n" \
	"<template lineStart=\"1\"><title> wikiGap_event </title><part><nam" \
	"e index=\"1\"/><value>Kenya</value></part><part><name>id</name><eq" \
	"uals>=</equals><value>foo</value></part></template>\n" \
	"<ext><name>nowiki</name><attr/><inner>{{WikiGap event|country=No}}" \
	"</inner><close>&lt;/nowiki&gt;</close></ext>\n" \
	"&lt;ref name=&quot;a&quot;/&gt;x&lt;ref&gt;in <template><title>Wik" \
	"iGap event</title><part><name>country</name><equals>=</equals><val" \
	"ue>Ref</value></part></template>&lt;/ref&gt;\n" \
	"<comment>&lt;!-- {{WikiGap event|country=Comment}} --&gt;\n" \
	"</comment><tplarg lineStart=\"1\"><title>param</title><part><name " \
	"index=\"1\"/><value>default</value></part></tplarg>\n" \
	"<ignore>&lt;noinclude&gt;</ignore>x<ignore>&lt;/noinclude&gt;</ign" \
	"ore><ignore>&lt;includeonly&gt;y&lt;/includeonly&gt;</ignore><igno" \
	"re>&lt;onlyinclude&gt;</ignore>z<ignore>&lt;/onlyinclude&gt;</igno" \
	"re>\n" \
	"<template lineStart=\"1\"><title>WikiGap event</title><part><name>" \
	"title</name><equals>=</equals><value>x</value></part></template><t" \
	"emplate><title>delete</title></template></root>"

#define F1_SRC \
	"Intro text with a [[Link|piped]] and {{Other|x=1}}.\n" \
	"== Sign up ==\n" \
	"{{WikiGap event|country=Kenya|city=Nairobi|start=2023-03-08|organi" \
	"zer=[[User:Alice|Alice]]}}\n" \
	"{{WikiGap event\n" \
	"|country = Sénégal <!-- note -->\n" \
	"|city=Dakar{{!}}x\n" \
	"|start=2023-03-09\n" \
	"|title={{lang|fr|Atelier}}\n" \
	"|title=dup\n" \
	"}}\n" \
	"{{ wikiGap_event |Kenya|id=foo}}\n" \
	"<nowiki>{{WikiGap event|country=No}}</nowiki>\n" \
	"<ref name=\"a\"/>x<ref>in {{WikiGap event|country=Ref}}</ref>\n" \
	"<!-- {{WikiGap event|country=Comment}} -->\n" \
	"{{{param|default}}}\n" \
	"<noinclude>x</noinclude><includeonly>y</includeonly><onlyinclude>z" \
	"</onlyinclude>\n" \
	"{{WikiGap event|title=x}}{{delete}}"

/* The brief's second page: unclosed tags and calls, odd parameters. */
#define F2_XML \
	"<root>a<ext><name>nowiki</name><attr/></ext>b<ext><name>pre</name>" \
	"<attr> id=&quot;x&quot;</attr><inner>{{X}}</inner><close>&lt;/pre&" \
	"gt;</close></ext>&lt;nowiki&gt;unclosed <template><title>WikiGap e" \
	"vent</title><part><name>country</name><equals>=</equals><value>U</" \
	"value></part></template>\n" \
	"<h level=\"2\" i=\"1\">== <template><title>WikiGap event</title><p" \
	"art><name>country</name><equals>=</equals><value>H</value></part><" \
	"/template> ==</h>\n" \
	"<template lineStart=\"1\"><title>#if:1</title><part><name index=\"" \
	"1\"/><value><template><title>WikiGap event</title><part><name>coun" \
	"try</name><equals>=</equals><value>If</value></part></template></v" \
	"alue></part></template><template><title><tplarg><title>a</title></" \
	"tplarg></title></template>[[File:A.png|thumb|<template><title>Wiki" \
	"Gap event</title><part><name>country</name><equals>=</equals><valu" \
	"e>F</value></part></template>]]\n" \
	"<template lineStart=\"1\"><title>WikiGap event</title><part><name>" \
	"a</name><equals>=</equals><value>b=c</value></part><part><name/><e" \
	"quals>=</equals><value>empty</value></part><part><name index=\"1\"" \
	"/><value>  </value></part><part><name index=\"2\"/><value>x</value" \
	"></part></template>\n" \
	"<template lineStart=\"1\"><title>WikiGap event</title></template><" \
	"template><title>WikiGap event</title><part><name index=\"1\"/><val" \
	"ue/></part></template>\n" \
	"<template lineStart=\"1\"><title>Template:WikiGap event</title><pa" \
	"rt><name>country</name><equals>=</equals><value>T</value></part></" \
	"template>\n" \
	"{{WikiGap event|country<equals>=</equals>Unclosed</root>"

#define F2_SRC \
	"a<nowiki/>b<pre id=\"x\">{{X}}</pre><nowiki>unclosed {{WikiGap eve" \
	"nt|country=U}}\n" \
	"== {{WikiGap event|country=H}} ==\n" \
	"{{#if:1|{{WikiGap event|country=If}}}}{{{{{a}}}}}[[File:A.png|thum" \
	"b|{{WikiGap event|country=F}}]]\n" \
	"{{WikiGap event|a=b=c|=empty|  |x}}\n" \
	"{{WikiGap event}}{{WikiGap event|}}\n" \
	"{{Template:WikiGap event|country=T}}\n" \
	"{{WikiGap event|country=Unclosed"

/*
 * "<nowiki />" with a space, an ext name in mixed case, headings with
 * a comment and trailing spaces, nested tplargs, runs of 4 to 6 braces,
 * comments in a title and a name, <includeonly> in a value, numbered
 * names, a comment left open at the end.
 */
#define F3_XML \
	"<root>x<ext><name>nowiki</name><attr> </attr></ext>y<ext><name>NoW" \
	"iki</name><attr/><inner>A</inner><close>&lt;/NOWIKI &gt;</close></" \
	"ext>z<ext><name>pre</name><attr/></ext>\n" \
	"<h level=\"2\" i=\"1\">== Head <comment>&lt;!-- c --&gt;</comment>" \
	" ==   </h>\n" \
	"<h level=\"3\" i=\"2\">=== <template><title>WikiGap event</title><" \
	"part><name>country</name><equals>=</equals><value>H3</value></part" \
	"></template> === <comment>&lt;!-- after --&gt;</comment></h>\n" \
	"<tplarg lineStart=\"1\"><title>a</title><part><name index=\"1\"/><" \
	"value><tplarg><title>b</title><part><name index=\"1\"/><value><tem" \
	"plate><title>WikiGap event</title><part><name>country</name><equal" \
	"s>=</equals><value>Deep</value></part></template></value></part></" \
	"tplarg></value></part></tplarg>\n" \
	"<tplarg lineStart=\"1\"><title><tplarg><title>p</title></tplarg></" \
	"title></tplarg> {<tplarg><title>q</title></tplarg>} <template><tit" \
	"le><tplarg><title>r</title></tplarg></title></template>\n" \
	"<template lineStart=\"1\"><title>WikiGap <comment>&lt;!-- c --&gt;" \
	"</comment> event</title><part><name>country<comment>&lt;!-- n --&g" \
	"t;</comment></name><equals>=</equals><value>X<ignore>&lt;includeon" \
	"ly&gt;inc&lt;/includeonly&gt;</ignore></value></part><part><name><" \
	"comment>&lt;!-- c --&gt;</comment></name><equals>=</equals><value>" \
	"e</value></part></template>\n" \
	"<template lineStart=\"1\"><title>WikiGap_event</title><part><name>" \
	"2</name><equals>=</equals><value>two</value></part><part><name>1</" \
	"name><equals>=</equals><value>one</value></part></template>\n" \
	"<comment>&lt;!-- unclosed {{WikiGap event|country=InComment}}</com" \
	"ment></root>"

#define F3_SRC \
	"x<nowiki />y<NoWiki>A</NOWIKI >z<pre/>\n" \
	"== Head <!-- c --> ==   \n" \
	"=== {{WikiGap event|country=H3}} === <!-- after -->\n" \
	"{{{a|{{{b|{{WikiGap event|country=Deep}}}}}}}}\n" \
	"{{{{{{p}}}}}} {{{{q}}}} {{{{{r}}}}}\n" \
	"{{WikiGap <!-- c --> event|country<!-- n -->=X<includeonly>inc</in" \
	"cludeonly>|<!-- c -->=e}}\n" \
	"{{WikiGap_event|2=two|1=one}}\n" \
	"<!-- unclosed {{WikiGap event|country=InComment}}"

/* An <includeonly> left open at the end of the page. */
#define F4_XML \
	"<root>a\n" \
	"<template lineStart=\"1\"><title>WikiGap event</title><part><name>" \
	"country</name><equals>=</equals><value>Before</value></part></temp" \
	"late>\n" \
	"<ignore>&lt;includeonly&gt;open {{WikiGap event|country=Inc}}</ign" \
	"ore></root>"

#define F4_SRC \
	"a\n" \
	"{{WikiGap event|country=Before}}\n" \
	"<includeonly>open {{WikiGap event|country=Inc}}"

/*
 * Saved with CRLF (MediaWiki stores LF), a heading in a value (which
 * the tree calls possible-h), a call inside an unclosed call, "Template
 * :" and "template:", ":WikiGap event", "subst:" and "Wikigap event"
 * (not calls of it), a piped link in a positional value.
 */
#define F5_XML \
	"<root>a\n" \
	"<template lineStart=\"1\"><title>WikiGap event</title><part><name>" \
	"country</name><equals>=</equals><value>CR\n" \
	"</value></part><part><name>x</name><equals>=</equals><value>\t y " \
	"\t\n" \
	"<possible-h level=\"2\" i=\"1\">==in==</possible-h>\n" \
	"</value></part></template>\n" \
	"{{WikiGap event|a<equals>=</equals><template><title>WikiGap event<" \
	"/title><part><name>country</name><equals>=</equals><value>Nested</" \
	"value></part></template>|{{{x\n" \
	"<template lineStart=\"1\"><title>Template : wikiGap event</title><" \
	"part><name>z</name><equals>=</equals><value><ext><name>nowiki</nam" \
	"e><attr/><inner>|</inner><close>&lt;/nowiki&gt;</close></ext></val" \
	"ue></part></template>\n" \
	"<template lineStart=\"1\"><title>template:WikiGap event</title></t" \
	"emplate> <template><title>WikiGap event</title><part><name index=" \
	"\"1\"/><value>[[a|b]]</value></part><part><name index=\"2\"/><valu" \
	"e>c</value></part></template> <template><title>:WikiGap event</tit" \
	"le></template> <template><title>subst:WikiGap event</title></templ" \
	"ate> <template><title>Wikigap event</title></template></root>"

#define F5_SRC \
	"a\n" \
	"{{WikiGap event|country=CR\n" \
	"|x=\t y \t\n" \
	"==in==\n" \
	"}}\n" \
	"{{WikiGap event|a={{WikiGap event|country=Nested}}|{{{x\n" \
	"{{Template : wikiGap event|z=<nowiki>|</nowiki>}}\n" \
	"{{template:WikiGap event}} {{WikiGap event|[[a|b]]|c}} {{:WikiGap " \
	"event}} {{subst:WikiGap event}} {{Wikigap event}}"

/* An empty page. */
#define F6_XML	"<root/>"

/* Read xml or fail the test; -1 on failure. */
static int
read_tree(const char *xml, size_t max, struct pt_doc *doc, const char *what)
{
	char	*cause = NULL;

	if (parsetree_read(xml, strlen(xml), WG, max, doc, &cause) == 0) {
		ok(1, what);
		return (0);
	}
	ok(0, what);
	printf("#   error: %s\n", cause);
	free(cause);
	return (-1);
}

/* The error parsetree_read gives for xml, or NULL if it succeeds. */
static char *
read_err(const char *xml, size_t len, size_t max)
{
	struct pt_doc	 doc;
	char		*cause = NULL;

	if (parsetree_read(xml, len, WG, max, &doc, &cause) == 0) {
		pt_doc_free(&doc);
		return (NULL);
	}
	ok(doc.source == NULL && doc.calls == NULL && doc.ncalls == 0 &&
	    doc.len == 0, "the doc is empty after an error");
	return (cause);
}

/* Does the error for xml start with want? */
static void
is_err(const char *xml, size_t max, const char *want, const char *what)
{
	char	*got;

	got = read_err(xml, strlen(xml), max);
	if (!ok(got != NULL && strncmp(got, want, strlen(want)) == 0, what)) {
		printf("#   got:      '%s'\n", got != NULL ? got : "(null)");
		printf("#   expected: '%s...'\n", want);
	}
	free(got);
}

/* Bytes [start, end) of the source, newly allocated. */
static char *
slice(const struct pt_doc *doc, size_t start, size_t end)
{
	if (start > end || end > doc->len)
		return (xstrdup("(bad range)"));
	return (xstrndup(doc->source + start, end - start));
}

/* The source of call i. */
static void
is_call(const struct pt_doc *doc, size_t i, const char *want, int line,
    const char *what)
{
	char	*s, msg[160];

	if (!ok(i < doc->ncalls, what))
		return;
	s = slice(doc, doc->calls[i].start, doc->calls[i].end);
	snprintf(msg, sizeof msg, "%s: its source", what);
	is_str(s, want, msg);
	free(s);
	snprintf(msg, sizeof msg, "%s: its line", what);
	is_int(doc->calls[i].line, line, msg);
}

/* Part j of call i: name (NULL: positional index), value, raw value. */
static void
is_part(const struct pt_doc *doc, size_t i, size_t j, const char *name,
    int index, const char *value, const char *raw)
{
	const struct pt_part	*p;
	char			*s, msg[160];

	snprintf(msg, sizeof msg, "call %zu has a part %zu", i, j);
	if (!ok(i < doc->ncalls && j < doc->calls[i].nparts, msg))
		return;
	p = &doc->calls[i].parts[j];
	snprintf(msg, sizeof msg, "call %zu part %zu: name", i, j);
	is_str(p->name, name, msg);
	snprintf(msg, sizeof msg, "call %zu part %zu: index", i, j);
	is_int(p->index, index, msg);
	snprintf(msg, sizeof msg, "call %zu part %zu: value", i, j);
	is_str(p->value, value, msg);
	s = slice(doc, p->value_start, p->value_end);
	snprintf(msg, sizeof msg, "call %zu part %zu: raw value", i, j);
	is_str(s, raw, msg);
	free(s);
}

/* Every call starts with "{{", ends with "}}", title_end inside it. */
static void
calls_sane(const struct pt_doc *doc, const char *what)
{
	const struct pt_call	*c;
	size_t			 i, j;
	int			 good = 1;

	for (i = 0; i < doc->ncalls; i++) {
		c = &doc->calls[i];
		if (c->end > doc->len || c->start + 4 > c->end ||
		    memcmp(doc->source + c->start, "{{", 2) != 0 ||
		    memcmp(doc->source + c->end - 2, "}}", 2) != 0 ||
		    c->title_end <= c->start + 2 || c->title_end > c->end - 2)
			good = 0;
		if (i > 0 && c->start < doc->calls[i - 1].end)
			good = 0;
		for (j = 0; j < c->nparts; j++) {
			if (c->parts[j].value_start < c->title_end ||
			    c->parts[j].value_end > c->end - 2 ||
			    c->parts[j].value_start > c->parts[j].value_end)
				good = 0;
		}
	}
	ok(good, what);
}

/* The source with s inserted at offset off, newly allocated. */
static char *
insert_at(const struct pt_doc *doc, size_t off, const char *s)
{
	struct buf	b;

	buf_init(&b, BUF_UNLIMITED);
	buf_add(&b, doc->source, off);
	buf_adds(&b, s);
	buf_add(&b, doc->source + off, doc->len - off);
	return (buf_detach(&b));
}

static void
test_fixture1(void)
{
	struct pt_doc	 doc;
	char		*s;

	if (read_tree(F1_XML, 1000, &doc, "fixture 1 is read") == -1)
		return;
	is_str(doc.source, F1_SRC, "fixture 1 rebuilds to the page text");
	is_int(doc.len, strlen(F1_SRC), "and its length");
	is_int(doc.ncalls, 5, "five calls: not in nowiki, not in a comment, "
	    "not {{Other}} or {{delete}}");
	calls_sane(&doc, "each call is {{...}}, in order");

	is_call(&doc, 0, "{{WikiGap event|country=Kenya|city=Nairobi|"
	    "start=2023-03-08|organizer=[[User:Alice|Alice]]}}", 3,
	    "the one-line call");
	is_int(doc.calls[0].nparts, 4, "four parameters");
	is_part(&doc, 0, 0, "country", 0, "Kenya", "Kenya");
	is_part(&doc, 0, 1, "city", 0, "Nairobi", "Nairobi");
	is_part(&doc, 0, 2, "start", 0, "2023-03-08", "2023-03-08");
	is_part(&doc, 0, 3, "organizer", 0, "[[User:Alice|Alice]]",
	    "[[User:Alice|Alice]]");
	s = slice(&doc, doc.calls[0].start, doc.calls[0].title_end);
	is_str(s, "{{WikiGap event", "title_end is just past the title");
	free(s);
	s = insert_at(&doc, doc.calls[0].title_end, "|id=k1");
	ok(strstr(s, "\n{{WikiGap event|id=k1|country=Kenya|city=") != NULL,
	    "a parameter inserted at title_end comes first");
	free(s);

	is_call(&doc, 1, "{{WikiGap event\n|country = S\xc3\xa9n\xc3\xa9gal "
	    "<!-- note -->\n|city=Dakar{{!}}x\n|start=2023-03-09\n"
	    "|title={{lang|fr|Atelier}}\n|title=dup\n}}", 4,
	    "the multi-line call");
	is_int(doc.calls[1].nparts, 5, "five parameters, the duplicate too");
	is_part(&doc, 1, 0, "country", 0, "S\xc3\xa9n\xc3\xa9gal",
	    " S\xc3\xa9n\xc3\xa9gal <!-- note -->\n");
	is_part(&doc, 1, 1, "city", 0, "Dakar{{!}}x", "Dakar{{!}}x\n");
	is_part(&doc, 1, 2, "start", 0, "2023-03-09", "2023-03-09\n");
	is_part(&doc, 1, 3, "title", 0, "{{lang|fr|Atelier}}",
	    "{{lang|fr|Atelier}}\n");
	is_part(&doc, 1, 4, "title", 0, "dup", "dup\n");
	s = slice(&doc, doc.calls[1].start, doc.calls[1].title_end);
	is_str(s, "{{WikiGap event\n", "title_end includes the newline");
	free(s);
	s = insert_at(&doc, doc.calls[1].title_end, "|id=k2");
	ok(strstr(s, "{{WikiGap event\n|id=k2|country = S") != NULL,
	    "inserting at its title_end");
	free(s);

	is_call(&doc, 2, "{{ wikiGap_event |Kenya|id=foo}}", 11,
	    "lower case, '_' and spaces");
	is_part(&doc, 2, 0, NULL, 1, "Kenya", "Kenya");
	is_part(&doc, 2, 1, "id", 0, "foo", "foo");
	s = slice(&doc, doc.calls[2].start, doc.calls[2].title_end);
	is_str(s, "{{ wikiGap_event ", "title_end after the title's spaces");
	free(s);

	is_call(&doc, 3, "{{WikiGap event|country=Ref}}", 13,
	    "in a <ref>, which is text on this wiki");
	is_part(&doc, 3, 0, "country", 0, "Ref", "Ref");

	is_call(&doc, 4, "{{WikiGap event|title=x}}", 17,
	    "the last line's call");
	is_part(&doc, 4, 0, "title", 0, "x", "x");
	is_int(doc.calls[4].nparts, 1, "one parameter");
	pt_doc_free(&doc);
	ok(doc.source == NULL && doc.calls == NULL, "pt_doc_free empties");
}

static void
test_fixture2(void)
{
	struct pt_doc	doc;

	if (read_tree(F2_XML, 1000, &doc, "fixture 2 is read") == -1)
		return;
	is_str(doc.source, F2_SRC, "fixture 2 rebuilds to the page text");
	is_int(doc.ncalls, 8, "eight calls, not the unclosed one");
	calls_sane(&doc, "each call is {{...}}, in order");
	is_call(&doc, 0, "{{WikiGap event|country=U}}", 1,
	    "after an unclosed <nowiki>, which is text");
	is_call(&doc, 1, "{{WikiGap event|country=H}}", 2, "in a heading");
	is_call(&doc, 2, "{{WikiGap event|country=If}}", 3, "inside {{#if:}}");
	is_call(&doc, 3, "{{WikiGap event|country=F}}", 3, "in a file link");
	is_call(&doc, 4, "{{WikiGap event|a=b=c|=empty|  |x}}", 4,
	    "odd parameters");
	is_int(doc.calls[4].nparts, 4, "four of them");
	is_part(&doc, 4, 0, "a", 0, "b=c", "b=c");
	is_part(&doc, 4, 1, "", 0, "empty", "empty");
	is_part(&doc, 4, 2, NULL, 1, "", "  ");
	is_part(&doc, 4, 3, NULL, 2, "x", "x");
	is_call(&doc, 5, "{{WikiGap event}}", 5, "no parameters");
	is_int(doc.calls[5].nparts, 0, "none");
	is_int(doc.calls[5].title_end, doc.calls[5].end - 2,
	    "title_end is before the }}");
	is_call(&doc, 6, "{{WikiGap event|}}", 5, "one empty parameter");
	is_part(&doc, 6, 0, NULL, 1, "", "");
	is_call(&doc, 7, "{{Template:WikiGap event|country=T}}", 6,
	    "with Template:");
	is_part(&doc, 7, 0, "country", 0, "T", "T");
	pt_doc_free(&doc);
}

/* Live trees of more shapes: see the comments above F3 to F6. */
static void
test_more(void)
{
	struct pt_doc	doc;

	if (read_tree(F3_XML, 1000, &doc, "fixture 3 is read") == 0) {
		is_str(doc.source, F3_SRC, "fixture 3 rebuilds to the page");
		is_int(doc.ncalls, 4, "four calls");
		calls_sane(&doc, "each call is {{...}}, in order");
		is_call(&doc, 0, "{{WikiGap event|country=H3}}", 3,
		    "in a heading with a comment after it");
		is_call(&doc, 1, "{{WikiGap event|country=Deep}}", 4,
		    "in the default of a nested tplarg");
		is_call(&doc, 2, "{{WikiGap <!-- c --> event|country<!-- n -->"
		    "=X<includeonly>inc</includeonly>|<!-- c -->=e}}", 6,
		    "a comment in the title");
		is_part(&doc, 2, 0, "country", 0, "X",
		    "X<includeonly>inc</includeonly>");
		is_part(&doc, 2, 1, "", 0, "e", "e");
		is_call(&doc, 3, "{{WikiGap_event|2=two|1=one}}", 7,
		    "numbered names");
		is_part(&doc, 3, 0, "2", 0, "two", "two");
		is_part(&doc, 3, 1, "1", 0, "one", "one");
		pt_doc_free(&doc);
	}

	if (read_tree(F4_XML, 1000, &doc, "fixture 4 is read") == 0) {
		is_str(doc.source, F4_SRC, "fixture 4 rebuilds to the page");
		is_int(doc.ncalls, 1, "one call, not the one after an "
		    "unclosed <includeonly>");
		is_call(&doc, 0, "{{WikiGap event|country=Before}}", 2,
		    "the one before it");
		pt_doc_free(&doc);
	}

	if (read_tree(F5_XML, 1000, &doc, "fixture 5 is read") == 0) {
		is_str(doc.source, F5_SRC, "fixture 5 rebuilds to the page");
		is_int(doc.ncalls, 5, "five calls");
		calls_sane(&doc, "each call is {{...}}, in order");
		is_call(&doc, 0, "{{WikiGap event|country=CR\n|x=\t y \t\n"
		    "==in==\n}}", 2, "a heading in a value (possible-h)");
		is_part(&doc, 0, 0, "country", 0, "CR", "CR\n");
		is_part(&doc, 0, 1, "x", 0, "y \t\n==in==",
		    "\t y \t\n==in==\n");
		is_call(&doc, 1, "{{WikiGap event|country=Nested}}", 6,
		    "inside an unclosed call");
		is_call(&doc, 2, "{{Template : wikiGap event|z=<nowiki>|"
		    "</nowiki>}}", 7, "spaces around Template's colon");
		is_part(&doc, 2, 0, "z", 0, "<nowiki>|</nowiki>",
		    "<nowiki>|</nowiki>");
		is_call(&doc, 3, "{{template:WikiGap event}}", 8,
		    "lower-case template:");
		is_call(&doc, 4, "{{WikiGap event|[[a|b]]|c}}", 8,
		    "a piped link in a positional value");
		is_part(&doc, 4, 0, NULL, 1, "[[a|b]]", "[[a|b]]");
		is_part(&doc, 4, 1, NULL, 2, "c", "c");
		pt_doc_free(&doc);
	}

	if (read_tree(F6_XML, 1000, &doc, "an empty page is read") == 0) {
		is_str(doc.source, "", "to an empty source");
		is_int(doc.len, 0, "of length 0");
		is_int(doc.ncalls, 0, "with no calls");
		pt_doc_free(&doc);
	}
}

/* Nested calls of the template: only the outermost is one. */
static void
test_nested(void)
{
	struct pt_doc	doc;

	if (read_tree("<root><template><title>WikiGap event</title><part>"
	    "<name>a</name><equals>=</equals><value> <template><title>"
	    "WikiGap event</title><part><name>b</name><equals>=</equals>"
	    "<value>1</value></part></template> <comment>&lt;!--x--&gt;"
	    "</comment></value></part></template></root>", 10, &doc,
	    "a call in a call's value") == -1)
		return;
	is_int(doc.ncalls, 1, "is not a call of its own");
	is_part(&doc, 0, 0, "a", 0, "{{WikiGap event|b=1}}",
	    " {{WikiGap event|b=1}} <!--x-->");
	pt_doc_free(&doc);

	if (read_tree("<root><template><title><template><title>WikiGap event"
	    "</title></template></title><part><name index=\"1\"/><value>x"
	    "</value></part></template></root>", 10, &doc,
	    "a call in a call's title") == -1)
		return;
	is_str(doc.source, "{{{{WikiGap event}}|x}}", "rebuilds");
	is_int(doc.ncalls, 1, "is a call");
	is_call(&doc, 0, "{{WikiGap event}}", 1, "the inner one");
	pt_doc_free(&doc);
}

static void
test_same_template(void)
{
	ok(parsetree_same_template("WikiGap event", WG), "the same name");
	ok(parsetree_same_template("wikiGap event", WG), "first letter");
	ok(parsetree_same_template(" WikiGap_event\n", WG),
	    "spaces, newline, underscore");
	ok(parsetree_same_template("__WikiGap   _ event_ ", WG),
	    "runs of spaces and underscores");
	ok(parsetree_same_template("Template:WikiGap event", WG),
	    "Template:");
	ok(parsetree_same_template("TEMPLATE : wikiGap event", WG),
	    "TEMPLATE : with spaces");
	ok(parsetree_same_template("template:_WikiGap event", WG),
	    "template:_");
	ok(parsetree_same_template("WikiGap event", "Template:WikiGap_event"),
	    "the name is normalized too");
	ok(parsetree_same_template("WikiGap <!-- x -->event<!--y-->", WG),
	    "comments in the raw title");
	ok(parsetree_same_template("WikiGap event<!-- x", WG),
	    "a comment left open");
	ok(parsetree_same_template("Wiki<!-- -->Gap event", WG),
	    "a comment inside a word");
	ok(!parsetree_same_template("Wikigap event", WG),
	    "the rest is case-sensitive");
	ok(!parsetree_same_template("WikiGap events", WG), "a longer name");
	ok(!parsetree_same_template("WikiGap", WG), "a shorter name");
	ok(!parsetree_same_template(":WikiGap event", WG),
	    "a main-namespace page");
	ok(!parsetree_same_template("subst:WikiGap event", WG), "subst:");
	ok(!parsetree_same_template("Template:Template:WikiGap event", WG),
	    "Template: twice");
	ok(!parsetree_same_template("WikiGap\nevent", WG),
	    "a newline inside");
	ok(!parsetree_same_template("", WG), "an empty title");
	ok(!parsetree_same_template("Template:", WG), "Template: alone");
	ok(!parsetree_same_template("", ""), "two empty names");
	ok(parsetree_same_template("\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9"),
	    "UTF-8, the same");
}

static void
test_errors(void)
{
	struct pt_doc	 doc;
	char		*cause = NULL;

	is_err(F1_XML, 4, "more than 4 calls of {{WikiGap event}}; at most 4 "
	    "are read", "more than max_calls");
	is_err(F1_XML, 0, "more than 0 calls of {{WikiGap event}}; at most 0 "
	    "are read", "max_calls 0");
	if (read_tree(F1_XML, 5, &doc, "exactly max_calls is fine") == 0)
		pt_doc_free(&doc);
	if (read_tree("<root>none</root>", 0, &doc,
	    "max_calls 0 and no call is fine") == 0)
		pt_doc_free(&doc);

	is_err("<root><template><title>x</title></root>", 10,
	    "malformed XML in parse tree (line ", "malformed XML");
	cause = read_err("<root>a\n\n<b></root>", 19, 10);
	ok(cause != NULL && strstr(cause, "(line 3: ") != NULL,
	    "with libxml2's message and the line");
	printf("# %s\n", cause != NULL ? cause : "(null)");
	free(cause);
	is_err("", 10, "malformed XML in parse tree (line ", "empty input");
	is_err("<root>&nbsp;</root>", 10, "malformed XML in parse tree",
	    "an undeclared entity");
	is_err("<!DOCTYPE root [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]>"
	    "<root>&b;</root>", 10, "parse tree holds a DOCTYPE",
	    "DOCTYPE refused");
	is_err("<root><!ENTITY a \"x\"></root>", 10,
	    "parse tree holds a DOCTYPE or entity", "ENTITY refused");
	is_err("<api><root/></api>", 10, "parse tree is XML but has no <root> root",
	    "the wrong root");
	is_err("<root>a<template><title>x</title><newpart/></template></root>",
	    10, "parse tree has <newpart> in <template>", "unknown in a call");
	is_err("<root>a<heading>x</heading></root>", 10,
	    "parse tree has an unknown element <heading>", "unknown element");
	is_err("<root>a<h><fancy/></h></root>", 10,
	    "parse tree has an unknown element <fancy>", "unknown, deeper");
	is_err("<root><template><title>WikiGap event</title><part><name>a"
	    "</name><equals>=</equals><value><novel/></value></part>"
	    "</template></root>", 10,
	    "parse tree has an unknown element <novel>", "in a value");
	is_err("<root><comment>a<b/></comment></root>", 10,
	    "parse tree has <b> in <comment>", "an element in a comment");
	is_err("<root><template><part/></template></root>", 10,
	    "parse tree has a <template> without a <title>", "no title");
	is_err("<root><template><title>x</title><part><value/></part>"
	    "</template></root>", 10, "parse tree has <value> in <part>",
	    "a part without a name");
	is_err("<root><template><title>x</title><part><name/><value/><name/>"
	    "</part></template></root>", 10, "parse tree has <name> in <part>",
	    "a part with two names");
	is_err("<root><ext><name>x</name><attr/><close>y</close></ext></root>",
	    10, "parse tree has <close> in <ext>", "close without inner");
	is_err("<root><ext><attr/></ext></root>", 10,
	    "parse tree has <attr> in <ext>", "ext without a name");
	is_err("<root><ext/></root>", 10, "parse tree has an <ext> without",
	    "an empty ext");
	is_err("<root><title>x</title></root>", 10,
	    "parse tree has <title> in <root>", "a title out of place");
	is_err("<root><root/></root>", 10, "parse tree has <root> in <root>",
	    "a root in the root");
	is_err("<root><template><title>WikiGap event</title><part>"
	    "<name index=\"x\"/><value/></part></template></root>", 10,
	    "parse tree has a <name> with a bad index", "a bad index");
	is_err("<root><?php x?></root>", 10, "parse tree has unexpected "
	    "content", "a processing instruction");
	is_err("<root><!-- x --></root>", 10, "parse tree has unexpected "
	    "content", "an XML comment");

	ok(parsetree_read("<root/>", 7, "  _ ", 10, &doc, &cause) == -1,
	    "an empty template name is refused");
	is_str(cause, "no template name to look for", "and said so");
	free(cause);
}

/* 10,000 nested templates: a clean error, not a crash. */
static void
test_deep(void)
{
	struct buf	 b;
	struct pt_doc	 doc;
	char		*cause;
	size_t		 i, depth[] = { 10000, 80 };
	int		 k;

	for (k = 0; k < 2; k++) {
		buf_init(&b, BUF_UNLIMITED);
		buf_adds(&b, "<root>");
		for (i = 0; i < depth[k]; i++) {
			buf_adds(&b, "<template><title>WikiGap event</title>"
			    "<part><name index=\"1\"/><value>");
		}
		buf_adds(&b, "x");
		for (i = 0; i < depth[k]; i++)
			buf_adds(&b, "</value></part></template>");
		buf_adds(&b, "</root>");
		cause = NULL;
		if (k == 0) {
			cause = read_err(b.data, b.len, 10);
			ok(cause != NULL &&
			    strstr(cause, "malformed XML in parse tree") != NULL &&
			    strstr(cause, "depth") != NULL,
			    "10,000 nested templates: refused, too deep");
			printf("# %s\n", cause != NULL ? cause : "(null)");
			free(cause);
		} else if (parsetree_read(b.data, b.len, WG, 10, &doc,
		    &cause) == 0) {
			ok(1, "80 nested templates are read");
			is_int(doc.len, 80 * 18 + 1, "rebuilt whole");
			is_int(doc.ncalls, 1, "one call, the outer one");
			ok(doc.ncalls == 1 && doc.calls[0].nparts == 1 &&
			    doc.calls[0].parts[0].value_end == doc.len - 2,
			    "its value is all the others");
			pt_doc_free(&doc);
		} else {
			ok(0, "80 nested templates are read");
			printf("#   error: %s\n", cause);
			free(cause);
		}
		buf_free(&b);
	}
}

/*
 * A page of 1 MB of text lines then 10,000 calls and headings, read
 * right.  The time is printed, not asserted (speed is for benchmarks):
 * a reader that counted lines or copied the source again for each call
 * would scan 10 GB and show it here.
 */
static void
test_many(void)
{
	struct buf	 x, src;
	struct pt_doc	 doc;
	char		*cause = NULL, v[64];
	clock_t		 t;
	size_t		 i, n = 10000, lines = 200000, bad = 0;
	double		 secs;

	buf_init(&x, BUF_UNLIMITED);
	buf_init(&src, BUF_UNLIMITED);
	buf_adds(&x, "<root>");
	for (i = 0; i < lines; i++) {
		buf_adds(&x, "text\n");
		buf_adds(&src, "text\n");
	}
	for (i = 0; i < n; i++) {
		buf_printf(&x, "<template lineStart=\"1\"><title>WikiGap event"
		    "</title><part><name>country</name><equals>=</equals>"
		    "<value>C%zu <comment>&lt;!-- %zu --&gt;</comment></value>"
		    "</part><part><name index=\"1\"/><value>[[L|%zu]]</value>"
		    "</part></template>\n<h level=\"2\" i=\"%zu\">== "
		    "H &amp; %zu ==</h>\n", i, i, i, i + 1, i);
		buf_printf(&src, "{{WikiGap event|country=C%zu <!-- %zu -->|"
		    "[[L|%zu]]}}\n== H & %zu ==\n", i, i, i, i);
	}
	buf_adds(&x, "</root>");
	t = clock();
	if (parsetree_read(x.data, x.len, WG, n, &doc, &cause) == -1) {
		ok(0, "10,000 calls are read");
		printf("#   error: %s\n", cause);
		free(cause);
		goto out;
	}
	secs = (double)(clock() - t) / CLOCKS_PER_SEC;
	printf("# %zu bytes of XML, %zu of source, read in %.3f s\n", x.len,
	    src.len, secs);
	ok(1, "10,000 calls are read");
	ok(doc.len == src.len && memcmp(doc.source, src.data, src.len) == 0,
	    "the source is rebuilt");
	is_int(doc.ncalls, n, "all the calls");
	for (i = 0; i < doc.ncalls; i++) {
		snprintf(v, sizeof v, "C%zu", i);
		if (doc.calls[i].line != (int)(lines + 2 * i + 1) ||
		    doc.calls[i].nparts != 2 ||
		    strcmp(doc.calls[i].parts[0].value, v) != 0 ||
		    doc.calls[i].parts[1].index != 1)
			bad++;
	}
	is_int(bad, 0, "each with its line and values");
	calls_sane(&doc, "each call is {{...}}, in order");
	pt_doc_free(&doc);
	is_err(x.data, n - 1, "more than 9999 calls of {{WikiGap event}}; "
	    "at most 9999 are read", "one too many");
out:
	buf_free(&x);
	buf_free(&src);
}

int
main(void)
{
	test_fixture1();
	test_fixture2();
	test_more();
	test_nested();
	test_same_template();
	test_errors();
	test_deep();
	test_many();
	return (tap_done());
}
