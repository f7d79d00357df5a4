/*
 * Unit tests for template: the mustache spec's cases (interpolation,
 * sections, inverted sections, comments, partials, set delimiter) run
 * with "{{" "}}", then the "<%" "%>" default with wiki braces, the parse
 * errors with their lines, the output cap, lazy lists and a large table.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "template.h"
#include "xmalloc.h"
#include "tap.h"

static char	 tmpdir[] = "/tmp/test-template.XXXXXX";
static char	*files[64];
static int	 nfiles;

/* An escape like HTML's, so escaped and raw output differ. */
static int
html_escape(struct buf *b, const char *s)
{
	int	rv = 0;

	for (; *s != '\0' && rv == 0; s++) {
		switch (*s) {
		case '&':
			rv = buf_adds(b, "&amp;");
			break;
		case '"':
			rv = buf_adds(b, "&quot;");
			break;
		case '<':
			rv = buf_adds(b, "&lt;");
			break;
		case '>':
			rv = buf_adds(b, "&gt;");
			break;
		default:
			rv = buf_addc(b, *s);
			break;
		}
	}
	return (rv);
}

static int
identity_escape(struct buf *b, const char *s)
{
	return (buf_adds(b, s));
}

/* A key in a map: a bare word or quoted, then ':'. */
static char *
read_key(const char **sp)
{
	const char	*s = *sp, *e;
	char		*key;

	if (*s == '\'' || *s == '"') {
		e = strchr(s + 1, *s);
		key = xstrndup(s + 1, e - s - 1);
		e++;
	} else {
		e = s + strcspn(s, ": \t\n");
		key = xstrndup(s, e - s);
	}
	while (isspace((unsigned char)*e))
		e++;
	if (*e == ':')
		e++;
	*sp = e;
	return (key);
}

/*
 * A small JSON-like reader for test data: maps {k: v, ...} with bare or
 * quoted keys, lists [...], strings in ' or " with C escapes, true,
 * false, null; numbers are kept as strings.
 */
static struct tvalue *
read_value(const char **sp)
{
	struct tvalue	*v;
	struct buf	 b;
	const char	*s = *sp;
	char		 q, *key;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '{' || *s == '[') {
		v = *s == '{' ? tv_map() : tv_list();
		q = *s == '{' ? '}' : ']';
		for (s++;; ) {
			while (isspace((unsigned char)*s) || *s == ',')
				s++;
			if (*s == q || *s == '\0')
				break;
			if (q == ']')
				tv_list_push(v, read_value(&s));
			else {
				key = read_key(&s);
				tv_map_set(v, key, read_value(&s));
				free(key);
			}
		}
		*sp = *s == q ? s + 1 : s;
		return (v);
	}
	if (*s == '\'' || *s == '"') {
		q = *s++;
		buf_init(&b, BUF_UNLIMITED);
		for (; *s != q && *s != '\0'; s++) {
			if (*s == '\\') {
				s++;
				buf_addc(&b, *s == 'n' ? '\n' :
				    *s == 'r' ? '\r' : *s == 't' ? '\t' : *s);
			} else
				buf_addc(&b, *s);
		}
		*sp = *s == q ? s + 1 : s;
		v = tv_string(buf_str(&b));
		buf_free(&b);
		return (v);
	}
	if (strncmp(s, "true", 4) == 0) {
		*sp = s + 4;
		return (tv_bool(1));
	}
	if (strncmp(s, "false", 5) == 0) {
		*sp = s + 5;
		return (tv_bool(0));
	}
	if (strncmp(s, "null", 4) == 0) {
		*sp = s + 4;
		return (tv_null());
	}
	*sp = s + strspn(s, "-0123456789.");
	key = xstrndup(s, *sp - s);
	v = tv_string(key);
	free(key);
	return (v);
}

/* Read test data from s. */
static struct tvalue *
data(const char *s)
{
	return (read_value(&s));
}

/* Write a partial NAME.wiki into the temporary directory. */
static void
partial(const char *name, const char *text)
{
	FILE	*f;
	char	*path;

	path = xasprintf("%s/%s.wiki", tmpdir, name);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	if (nfiles < (int)(sizeof files / sizeof files[0]))
		files[nfiles++] = path;
	else
		free(path);
}

/* Parse tmpl with delimiters open/close and render it against json. */
static char *
render_with(const char *tmpl, const char *json, const char *open,
    const char *close, template_escape_fn esc, size_t max)
{
	struct template	*tp;
	struct tvalue	*ctx;
	char		*cause = NULL, *out;

	tp = template_parse_delims(tmpl, strlen(tmpl), "test", tmpdir, open,
	    close, &cause);
	if (tp == NULL)
		return (cause);
	ctx = data(json);
	out = template_render(tp, ctx, esc, max, NULL, &cause);
	tv_free(ctx);
	template_free(tp);
	return (out != NULL ? out : cause);
}

/* One case of the mustache spec (so with "{{" "}}"). */
static void
spec(const char *what, const char *tmpl, const char *json, const char *want)
{
	char	*got;

	got = render_with(tmpl, json, "{{", "}}", html_escape, 65536);
	is_str(got, want, what);
	free(got);
}

/* The same with the default delimiters. */
static void
wiki(const char *what, const char *tmpl, const char *json, const char *want)
{
	char	*got;

	got = render_with(tmpl, json, TEMPLATE_OPEN, TEMPLATE_CLOSE,
	    identity_escape, 65536);
	is_str(got, want, what);
	free(got);
}

/* The error from parsing tmpl (default delimiters), or NULL. */
static void
parse_err(const char *what, const char *tmpl, const char *dir,
    const char *want)
{
	struct template	*tp;
	char		*cause = NULL;

	tp = template_parse(tmpl, strlen(tmpl), "t.wiki", dir, &cause);
	if (tp != NULL) {
		template_free(tp);
		is_str(NULL, want, what);
		return;
	}
	is_str(cause, want, what);
	free(cause);
}

static void
test_interpolation(void)
{
	spec("no interpolation", "Hello from {Mustache}!\n", "{}",
	    "Hello from {Mustache}!\n");
	spec("basic interpolation", "Hello, {{subject}}!\n",
	    "{subject: 'world'}", "Hello, world!\n");
	spec("HTML escaping",
	    "These characters should be HTML escaped: {{forbidden}}\n",
	    "{forbidden: '& \" < >'}",
	    "These characters should be HTML escaped: "
	    "&amp; &quot; &lt; &gt;\n");
	spec("triple mustache",
	    "These characters should not be HTML escaped: {{{forbidden}}}\n",
	    "{forbidden: '& \" < >'}",
	    "These characters should not be HTML escaped: & \" < >\n");
	spec("ampersand",
	    "These characters should not be HTML escaped: {{&forbidden}}\n",
	    "{forbidden: '& \" < >'}",
	    "These characters should not be HTML escaped: & \" < >\n");
	spec("basic integer", "\"{{mph}} miles an hour!\"", "{mph: 85}",
	    "\"85 miles an hour!\"");
	spec("triple mustache integer", "\"{{{mph}}} miles an hour!\"",
	    "{mph: 85}", "\"85 miles an hour!\"");
	spec("ampersand integer", "\"{{&mph}} miles an hour!\"",
	    "{mph: 85}", "\"85 miles an hour!\"");
	spec("basic decimal", "\"{{power}} jiggawatts!\"", "{power: 1.21}",
	    "\"1.21 jiggawatts!\"");
	spec("basic null", "I ({{cannot}}) be seen!", "{cannot: null}",
	    "I () be seen!");
	spec("triple mustache null", "I ({{{cannot}}}) be seen!",
	    "{cannot: null}", "I () be seen!");
	spec("ampersand null", "I ({{&cannot}}) be seen!", "{cannot: null}",
	    "I () be seen!");
	spec("basic context miss", "I ({{cannot}}) be seen!", "{}",
	    "I () be seen!");
	spec("triple mustache context miss", "I ({{{cannot}}}) be seen!",
	    "{}", "I () be seen!");
	spec("ampersand context miss", "I ({{&cannot}}) be seen!", "{}",
	    "I () be seen!");
	spec("dotted names basic",
	    "\"{{person.name}}\" == \"{{#person}}{{name}}{{/person}}\"",
	    "{person: {name: 'Joe'}}", "\"Joe\" == \"Joe\"");
	spec("dotted names triple mustache",
	    "\"{{{person.name}}}\" == \"{{#person}}{{{name}}}{{/person}}\"",
	    "{person: {name: 'Joe'}}", "\"Joe\" == \"Joe\"");
	spec("dotted names ampersand",
	    "\"{{&person.name}}\" == \"{{#person}}{{&name}}{{/person}}\"",
	    "{person: {name: 'Joe'}}", "\"Joe\" == \"Joe\"");
	spec("dotted names arbitrary depth",
	    "\"{{a.b.c.d.e.name}}\" == \"Phil\"",
	    "{a: {b: {c: {d: {e: {name: 'Phil'}}}}}}", "\"Phil\" == \"Phil\"");
	spec("dotted names broken chains", "\"{{a.b.c}}\" == \"\"", "{a: {}}",
	    "\"\" == \"\"");
	spec("dotted names broken chain resolution",
	    "\"{{a.b.c.name}}\" == \"\"",
	    "{a: {b: {}}, c: {name: 'Jim'}}", "\"\" == \"\"");
	spec("dotted names initial resolution",
	    "\"{{#a}}{{b.c.d.e.name}}{{/a}}\" == \"Phil\"",
	    "{a: {b: {c: {d: {e: {name: 'Phil'}}}}}, "
	    "b: {c: {d: {e: {name: 'Wrong'}}}}}", "\"Phil\" == \"Phil\"");
	spec("dotted names context precedence", "{{#a}}{{b.c}}{{/a}}",
	    "{a: {b: {}}, b: {c: 'ERROR'}}", "");
	spec("implicit iterator basic", "Hello, {{.}}!\n", "'world'",
	    "Hello, world!\n");
	spec("implicit iterator HTML escaping",
	    "These characters should be HTML escaped: {{.}}\n", "'& \" < >'",
	    "These characters should be HTML escaped: "
	    "&amp; &quot; &lt; &gt;\n");
	spec("implicit iterator triple mustache",
	    "These characters should not be HTML escaped: {{{.}}}\n",
	    "'& \" < >'", "These characters should not be HTML escaped: "
	    "& \" < >\n");
	spec("implicit iterator ampersand",
	    "These characters should not be HTML escaped: {{&.}}\n",
	    "'& \" < >'", "These characters should not be HTML escaped: "
	    "& \" < >\n");
	spec("interpolation surrounding whitespace", "| {{string}} |",
	    "{string: '---'}", "| --- |");
	spec("triple mustache surrounding whitespace", "| {{{string}}} |",
	    "{string: '---'}", "| --- |");
	spec("ampersand surrounding whitespace", "| {{&string}} |",
	    "{string: '---'}", "| --- |");
	spec("interpolation standalone", "  {{string}}\n", "{string: '---'}",
	    "  ---\n");
	spec("triple mustache standalone", "  {{{string}}}\n",
	    "{string: '---'}", "  ---\n");
	spec("ampersand standalone", "  {{&string}}\n", "{string: '---'}",
	    "  ---\n");
	spec("interpolation with padding", "|{{ string }}|",
	    "{string: '---'}", "|---|");
	spec("triple mustache with padding", "|{{{ string }}}|",
	    "{string: '---'}", "|---|");
	spec("ampersand with padding", "|{{& string }}|", "{string: '---'}",
	    "|---|");
	spec("booleans interpolate as words", "{{t}}/{{f}}",
	    "{t: true, f: false}", "true/false");
	spec("lists and maps interpolate as nothing", "[{{l}}{{m}}]",
	    "{l: ['a'], m: {a: 'b'}}", "[]");
}

static void
test_sections(void)
{
	spec("truthy", "\"{{#boolean}}This should be rendered.{{/boolean}}\"",
	    "{boolean: true}", "\"This should be rendered.\"");
	spec("falsey",
	    "\"{{#boolean}}This should not be rendered.{{/boolean}}\"",
	    "{boolean: false}", "\"\"");
	spec("null is falsey",
	    "\"{{#null}}This should not be rendered.{{/null}}\"",
	    "{null: null}", "\"\"");
	spec("context", "\"{{#context}}Hi {{name}}.{{/context}}\"",
	    "{context: {name: 'Joe'}}", "\"Hi Joe.\"");
	spec("parent contexts",
	    "\"{{#sec}}{{a}}, {{b}}, {{c.d}}{{/sec}}\"",
	    "{a: 'foo', b: 'wrong', sec: {b: 'bar'}, c: {d: 'baz'}}",
	    "\"foo, bar, baz\"");
	spec("variable test", "\"{{#foo}}{{.}} is {{foo}}{{/foo}}\"",
	    "{foo: 'bar'}", "\"bar is bar\"");
	spec("list contexts",
	    "{{#tops}}{{#middles}}{{tname.lower}}{{mname}}.{{#bottoms}}"
	    "{{tname.upper}}{{mname}}{{bname}}.{{/bottoms}}{{/middles}}"
	    "{{/tops}}",
	    "{tops: [{tname: {upper: 'A', lower: 'a'}, middles: [{mname: '1',"
	    " bottoms: [{bname: 'x'}, {bname: 'y'}]}]}]}",
	    "a1.A1x.A1y.");
	spec("deeply nested contexts",
	    "{{#a}}\n{{one}}\n{{#b}}\n{{one}}{{two}}{{one}}\n{{#c}}\n"
	    "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{#d}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n"
	    "{{#five}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}"
	    "{{one}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{.}}6{{.}}{{four}}{{three}}"
	    "{{two}}{{one}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{five}}{{four}}{{three}}{{two}}"
	    "{{one}}\n"
	    "{{/five}}\n"
	    "{{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}\n{{/d}}\n"
	    "{{one}}{{two}}{{three}}{{two}}{{one}}\n{{/c}}\n"
	    "{{one}}{{two}}{{one}}\n{{/b}}\n{{one}}\n{{/a}}\n",
	    "{a: {one: 1}, b: {two: 2}, c: {three: 3, d: {four: 4, five: 5}}}",
	    "1\n121\n12321\n1234321\n123454321\n12345654321\n123454321\n"
	    "1234321\n12321\n121\n1\n");
	spec("list", "\"{{#list}}{{item}}{{/list}}\"",
	    "{list: [{item: 1}, {item: 2}, {item: 3}]}", "\"123\"");
	spec("empty list", "\"{{#list}}Yay lists!{{/list}}\"", "{list: []}",
	    "\"\"");
	spec("doubled",
	    "{{#bool}}\n* first\n{{/bool}}\n* {{two}}\n{{#bool}}\n* third\n"
	    "{{/bool}}\n", "{bool: true, two: 'second'}",
	    "* first\n* second\n* third\n");
	spec("nested (truthy)",
	    "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |",
	    "{bool: true}", "| A B C D E |");
	spec("nested (falsey)",
	    "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |",
	    "{bool: false}", "| A  E |");
	spec("context misses",
	    "[{{#missing}}Found key 'missing'!{{/missing}}]", "{}", "[]");
	spec("implicit iterator string", "\"{{#list}}({{.}}){{/list}}\"",
	    "{list: ['a', 'b', 'c', 'd', 'e']}", "\"(a)(b)(c)(d)(e)\"");
	spec("implicit iterator integer", "\"{{#list}}({{.}}){{/list}}\"",
	    "{list: [1, 2, 3, 4, 5]}", "\"(1)(2)(3)(4)(5)\"");
	spec("implicit iterator array",
	    "\"{{#list}}({{#.}}{{.}}{{/.}}){{/list}}\"",
	    "{list: [[1, 2, 3], ['a', 'b', 'c']]}", "\"(123)(abc)\"");
	spec("implicit iterator HTML escaping",
	    "\"{{#list}}({{.}}){{/list}}\"", "{list: ['&', '\"', '<', '>']}",
	    "\"(&amp;)(&quot;)(&lt;)(&gt;)\"");
	spec("implicit iterator triple mustache",
	    "\"{{#list}}({{{.}}}){{/list}}\"",
	    "{list: ['&', '\"', '<', '>']}", "\"(&)(\")(<)(>)\"");
	spec("implicit iterator ampersand",
	    "\"{{#list}}({{&.}}){{/list}}\"",
	    "{list: ['&', '\"', '<', '>']}", "\"(&)(\")(<)(>)\"");
	spec("implicit iterator root-level", "\"{{#.}}({{value}}){{/.}}\"",
	    "[{value: 'a'}, {value: 'b'}]", "\"(a)(b)\"");
	spec("dotted names truthy",
	    "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"Here\"",
	    "{a: {b: {c: true}}}", "\"Here\" == \"Here\"");
	spec("dotted names falsey", "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"\"",
	    "{a: {b: {c: false}}}", "\"\" == \"\"");
	spec("dotted names broken chains",
	    "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"\"", "{a: {}}",
	    "\"\" == \"\"");
	spec("surrounding whitespace",
	    " | {{#boolean}}\t|\t{{/boolean}} | \n", "{boolean: true}",
	    " | \t|\t | \n");
	spec("internal whitespace",
	    " | {{#boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n",
	    "{boolean: true}", " |  \n  | \n");
	spec("indented inline sections",
	    " {{#boolean}}YES{{/boolean}}\n {{#boolean}}GOOD{{/boolean}}\n",
	    "{boolean: true}", " YES\n GOOD\n");
	spec("standalone lines",
	    "| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line\n",
	    "{boolean: true}", "| This Is\n|\n| A Line\n");
	spec("indented standalone lines",
	    "| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n",
	    "{boolean: true}", "| This Is\n|\n| A Line\n");
	spec("standalone line endings",
	    "|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|",
	    "{boolean: true}", "|\r\n|");
	spec("standalone without previous line",
	    "  {{#boolean}}\n#{{/boolean}}\n/", "{boolean: true}", "#\n/");
	spec("standalone without newline", "#{{#boolean}}\n/\n  {{/boolean}}",
	    "{boolean: true}", "#\n/\n");
	spec("padding", "|{{# boolean }}={{/ boolean }}|", "{boolean: true}",
	    "|=|");
	spec("empty string is truthy", "[{{#s}}yes{{/s}}{{^s}}no{{/s}}]",
	    "{s: ''}", "[yes]");
}

static void
test_inverted(void)
{
	spec("inverted falsey",
	    "\"{{^boolean}}This should be rendered.{{/boolean}}\"",
	    "{boolean: false}", "\"This should be rendered.\"");
	spec("inverted truthy",
	    "\"{{^boolean}}This should not be rendered.{{/boolean}}\"",
	    "{boolean: true}", "\"\"");
	spec("inverted null is falsey",
	    "\"{{^null}}This should be rendered.{{/null}}\"", "{null: null}",
	    "\"This should be rendered.\"");
	spec("inverted context", "\"{{^context}}Hi {{name}}.{{/context}}\"",
	    "{context: {name: 'Joe'}}", "\"\"");
	spec("inverted list", "\"{{^list}}{{n}}{{/list}}\"",
	    "{list: [{n: 1}, {n: 2}, {n: 3}]}", "\"\"");
	spec("inverted empty list", "\"{{^list}}Yay lists!{{/list}}\"",
	    "{list: []}", "\"Yay lists!\"");
	spec("inverted doubled",
	    "{{^bool}}\n* first\n{{/bool}}\n* {{two}}\n{{^bool}}\n* third\n"
	    "{{/bool}}\n", "{bool: false, two: 'second'}",
	    "* first\n* second\n* third\n");
	spec("inverted nested (falsey)",
	    "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |",
	    "{bool: false}", "| A B C D E |");
	spec("inverted nested (truthy)",
	    "| A {{^bool}}B {{^bool}}C{{/bool}} D{{/bool}} E |",
	    "{bool: true}", "| A  E |");
	spec("inverted context misses",
	    "[{{^missing}}Found key 'missing'!{{/missing}}]", "{}",
	    "[Found key 'missing'!]");
	spec("inverted dotted names truthy",
	    "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"\"",
	    "{a: {b: {c: true}}}", "\"\" == \"\"");
	spec("inverted dotted names falsey",
	    "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"Not Here\"",
	    "{a: {b: {c: false}}}", "\"Not Here\" == \"Not Here\"");
	spec("inverted dotted names broken chains",
	    "\"{{^a.b.c}}Not Here{{/a.b.c}}\" == \"Not Here\"", "{a: {}}",
	    "\"Not Here\" == \"Not Here\"");
	spec("inverted surrounding whitespace",
	    " | {{^boolean}}\t|\t{{/boolean}} | \n", "{boolean: false}",
	    " | \t|\t | \n");
	spec("inverted internal whitespace",
	    " | {{^boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n",
	    "{boolean: false}", " |  \n  | \n");
	spec("inverted indented inline sections",
	    " {{^boolean}}NO{{/boolean}}\n {{^boolean}}WAY{{/boolean}}\n",
	    "{boolean: false}", " NO\n WAY\n");
	spec("inverted standalone lines",
	    "| This Is\n{{^boolean}}\n|\n{{/boolean}}\n| A Line\n",
	    "{boolean: false}", "| This Is\n|\n| A Line\n");
	spec("inverted standalone indented lines",
	    "| This Is\n  {{^boolean}}\n|\n  {{/boolean}}\n| A Line\n",
	    "{boolean: false}", "| This Is\n|\n| A Line\n");
	spec("inverted standalone line endings",
	    "|\r\n{{^boolean}}\r\n{{/boolean}}\r\n|", "{boolean: false}",
	    "|\r\n|");
	spec("inverted standalone without previous line",
	    "  {{^boolean}}\n^{{/boolean}}\n/", "{boolean: false}", "^\n/");
	spec("inverted standalone without newline",
	    "^{{^boolean}}\n/\n  {{/boolean}}", "{boolean: false}", "^\n/\n");
	spec("inverted padding", "|{{^ boolean }}={{/ boolean }}|",
	    "{boolean: false}", "|=|");
}

static void
test_comments(void)
{
	spec("comment inline", "12345{{! Comment Block! }}67890", "{}",
	    "1234567890");
	spec("comment multiline",
	    "12345{{!\n  This is a\n  multi-line comment...\n}}67890\n", "{}",
	    "1234567890\n");
	spec("comment standalone", "Begin.\n{{! Comment Block! }}\nEnd.\n",
	    "{}", "Begin.\nEnd.\n");
	spec("comment indented standalone",
	    "Begin.\n  {{! Indented Comment Block! }}\nEnd.\n", "{}",
	    "Begin.\nEnd.\n");
	spec("comment standalone line endings",
	    "|\r\n{{! Standalone Comment }}\r\n|", "{}", "|\r\n|");
	spec("comment standalone without previous line",
	    "  {{! I'm Still Standalone }}\n!", "{}", "!");
	spec("comment standalone without newline",
	    "!\n  {{! I'm Still Standalone }}", "{}", "!\n");
	spec("comment multiline standalone",
	    "Begin.\n{{!\nSomething's going on here\n}}\nEnd.\n", "{}",
	    "Begin.\nEnd.\n");
	spec("comment indented multiline standalone",
	    "Begin.\n  {{!\n    Something's going on here\n  }}\nEnd.\n", "{}",
	    "Begin.\nEnd.\n");
	spec("comment indented inline", "  12 {{! 34 }}\n", "{}",
	    "  12 \n");
	spec("comment surrounding whitespace",
	    "12345 {{! Comment Block! }} 67890", "{}", "12345  67890");
	spec("comment variable name collision",
	    "comments never show: >{{! comment }}<",
	    "{'! comment': 1, '! comment ': 2, '!comment': 3, 'comment': 4}",
	    "comments never show: ><");
}

static void
test_delimiters(void)
{
	spec("pair behavior", "{{=<% %>=}}(<%text%>)", "{text: 'Hey!'}",
	    "(Hey!)");
	spec("special characters", "({{=[ ]=}}[text])",
	    "{text: 'It worked!'}", "(It worked!)");
	spec("delimiters sections",
	    "[\n{{#section}}\n  {{data}}\n  |data|\n{{/section}}\n\n"
	    "{{= | | =}}\n|#section|\n  {{data}}\n  |data|\n|/section|\n]\n",
	    "{section: true, data: 'I got interpolated.'}",
	    "[\n  I got interpolated.\n  |data|\n\n  {{data}}\n"
	    "  I got interpolated.\n]\n");
	spec("delimiters inverted sections",
	    "[\n{{^section}}\n  {{data}}\n  |data|\n{{/section}}\n\n"
	    "{{= | | =}}\n|^section|\n  {{data}}\n  |data|\n|/section|\n]\n",
	    "{section: false, data: 'I got interpolated.'}",
	    "[\n  I got interpolated.\n  |data|\n\n  {{data}}\n"
	    "  I got interpolated.\n]\n");
	partial("include", ".{{value}}.");
	spec("delimiters partial inheritance",
	    "[ {{>include}} ]\n{{= | | =}}\n[ |>include| ]\n",
	    "{value: 'yes'}", "[ .yes. ]\n[ .yes. ]\n");
	partial("include", ".{{value}}. {{= | | =}} .|value|.");
	spec("delimiters post-partial behavior",
	    "[ {{>include}} ]\n[ .{{value}}.  .|value|. ]\n",
	    "{value: 'yes'}", "[ .yes.  .yes. ]\n[ .yes.  .|value|. ]\n");
	spec("delimiters surrounding whitespace", "| {{=@ @=}} |", "{}",
	    "|  |");
	spec("delimiters outlying whitespace (inline)", " | {{=@ @=}}\n",
	    "{}", " | \n");
	spec("delimiters standalone tag", "Begin.\n{{=@ @=}}\nEnd.\n", "{}",
	    "Begin.\nEnd.\n");
	spec("delimiters indented standalone tag",
	    "Begin.\n  {{=@ @=}}\nEnd.\n", "{}", "Begin.\nEnd.\n");
	spec("delimiters standalone line endings", "|\r\n{{= @ @ =}}\r\n|",
	    "{}", "|\r\n|");
	spec("delimiters standalone without previous line",
	    "  {{=@ @=}}\n=", "{}", "=");
	spec("delimiters standalone without newline", "=\n  {{=@ @=}}", "{}",
	    "=\n");
	spec("delimiters pair with padding", "|{{= @   @ =}}|", "{}", "||");
	spec("triple form only with braces", "{{=<% %>=}}<%{x}%>|<%&x%>",
	    "{x: '<'}", "|<");
}

static void
test_partials(void)
{
	partial("text", "from partial");
	spec("partial basic behavior", "\"{{>text}}\"", "{}",
	    "\"from partial\"");
	partial("partial", "*{{text}}*");
	spec("partial context", "\"{{>partial}}\"", "{text: 'content'}",
	    "\"*content*\"");
	partial("outer", "*{{a}} {{>inner}}*");
	partial("inner", "{{b}}!");
	spec("partial nested", "{{>outer}}", "{a: 'hello', b: 'world'}",
	    "*hello world!*");
	partial("partial", "\t|\t");
	spec("partial surrounding whitespace", "| {{>partial}} |", "{}",
	    "| \t|\t |");
	partial("partial", ">\n>");
	spec("partial inline indentation", "  {{data}}  {{> partial}}\n",
	    "{data: '|'}", "  |  >\n>\n");
	partial("partial", ">");
	spec("partial standalone line endings", "|\r\n{{>partial}}\r\n|",
	    "{}", "|\r\n>|");
	partial("partial", ">\n>");
	spec("partial standalone without previous line", "  {{>partial}}\n>",
	    "{}", "  >\n  >>");
	spec("partial standalone without newline", ">\n  {{>partial}}", "{}",
	    ">\n  >\n  >");
	partial("partial", "|\n{{{content}}}\n|\n");
	spec("partial standalone indentation", "\\\n {{>partial}}\n/\n",
	    "{content: '<\\n->'}", "\\\n |\n <\n->\n |\n/\n");
	partial("partial", "[]");
	spec("partial padding whitespace", "|{{> partial }}|",
	    "{boolean: true}", "|[]|");
	partial("row", "<%#list%>\n| <%.%>\n<%/list%>\n");
	wiki("partial sections with the default delimiters",
	    "{|\n  <%>row%>\n|}\n", "{list: ['a', 'b']}",
	    "{|\n  | a\n  | b\n|}\n");
}

static const char table[] =
    "{| class=\"wikitable\"\n"
    "! City !! Date !! Title !! Organizer\n"
    "<%#groups%>\n"
    "|-\n"
    "! colspan=\"4\" | {{flagcountry|<%key%>}} (<%count%>)\n"
    "<%#events%>\n"
    "|-\n"
    "| <%city%> || {{#time:j F Y|<%start%>}} || <%title%> || <%organizer%>\n"
    "<%/events%>\n"
    "<%/groups%>\n"
    "<%^events%>\n"
    "|-\n"
    "| colspan=\"4\" | ''No events registered yet.''\n"
    "<%/events%>\n"
    "|}\n";

static void
test_wiki(void)
{
	wiki("wiki braces pass through", "{{flagcountry|<%key%>}} (<%count%>)",
	    "{key: 'DE', count: 3}", "{{flagcountry|DE}} (3)");
	wiki("triple braces are text", "{{{1|<%&x%>}}}", "{x: 'y'}",
	    "{{{1|y}}}");
	wiki("the design's table",
	    table,
	    "{groups: [{key: 'DE', count: 2, events: ["
	    "{city: 'Berlin', start: '2025-05-01', title: 'A', organizer: 'X'},"
	    "{city: 'Bonn', start: '2025-06-01', title: 'B',"
	    " organizer: 'Y'}]}],"
	    " events: [1]}",
	    "{| class=\"wikitable\"\n! City !! Date !! Title !! Organizer\n"
	    "|-\n! colspan=\"4\" | {{flagcountry|DE}} (2)\n"
	    "|-\n| Berlin || {{#time:j F Y|2025-05-01}} || A || X\n"
	    "|-\n| Bonn || {{#time:j F Y|2025-06-01}} || B || Y\n|}\n");
	wiki("the design's table, empty", table, "{groups: [], events: []}",
	    "{| class=\"wikitable\"\n! City !! Date !! Title !! Organizer\n"
	    "|-\n| colspan=\"4\" | ''No events registered yet.''\n|}\n");
}

static void
test_errors(void)
{
	char	*want;

	parse_err("unclosed section", "a\n<%#events%>\nx\n", NULL,
	    "t.wiki:2: section 'events' opened here is never closed");
	parse_err("unclosed inner section",
	    "<%#groups%>\n<%#events%>\n<%/groups%>\n", NULL,
	    "t.wiki:3: '/groups' closes 'events' opened on line 2");
	parse_err("mismatched close", "\n\n<%#events%>\n\n<%/groups%>", NULL,
	    "t.wiki:5: '/groups' closes 'events' opened on line 3");
	parse_err("close without open", "x <%/x%>", NULL,
	    "t.wiki:1: '/x' closes no section");
	parse_err("unclosed tag", "a\nb <%name\n\n", NULL,
	    "t.wiki:2: unclosed tag (no '%>')");
	parse_err("unclosed set-delimiter tag", "<%=| |%>", NULL,
	    "t.wiki:1: unclosed tag (no '=%>')");
	parse_err("bad set-delimiter tag", "\n<%=| =%>", NULL,
	    "t.wiki:2: bad set-delimiter tag '|'");
	parse_err("set-delimiter with three parts", "<%=a b c=%>", NULL,
	    "t.wiki:1: bad set-delimiter tag 'a b c'");
	parse_err("empty tag", "<% %>", NULL, "t.wiki:1: empty tag");
	parse_err("bad name", "<%a..b%>", NULL, "t.wiki:1: bad name 'a..b'");
	parse_err("name with a space", "<%#a b%>", NULL,
	    "t.wiki:1: bad name 'a b'");
	parse_err("partial without a directory", "<%>row%>", NULL,
	    "t.wiki:1: no partial 'row' (no partial directory)");
	want = xasprintf("t.wiki:3: no partial 'row2' (looked for "
	    "%s/row2.wiki)", tmpdir);
	parse_err("missing partial", "x\ny\n<%>row2%>", tmpdir, want);
	free(want);
	parse_err("partial name with ..", "<%>..%>", tmpdir,
	    "t.wiki:1: bad partial name '..'");
	parse_err("partial name with a slash", "<%>a/b%>", tmpdir,
	    "t.wiki:1: bad partial name 'a/b'");

	partial("self", "x\n<%>self%>\n");
	want = xasprintf("%s/self.wiki:2: partial 'self' includes itself",
	    tmpdir);
	parse_err("partial including itself", "<%>self%>", tmpdir, want);
	free(want);
	partial("ping", "<%>pong%>");
	partial("pong", "\n<%#a%><%>ping%><%/a%>");
	want = xasprintf("%s/pong.wiki:2: partial 'ping' includes itself",
	    tmpdir);
	parse_err("partials including each other", "<%>ping%>", tmpdir,
	    want);
	free(want);
	partial("bad", "ok\n<%#x%>\n");
	want = xasprintf("%s/bad.wiki:2: section 'x' opened here is never "
	    "closed", tmpdir);
	parse_err("error inside a partial", "<%>bad%>", tmpdir, want);
	free(want);
	partial("node", "<%content%><<%#nodes%><%>node%><%/nodes%>>");
	want = xasprintf("%s/node.wiki:1: partial 'node' includes itself",
	    tmpdir);
	parse_err("recursive partial (spec 'Recursion') is refused",
	    "<%>node%>", tmpdir, want);
	free(want);
}

static void
test_depth(void)
{
	struct buf	 b;
	char		 name[16], text[32], *want;
	int		 i;

	for (i = 0; i <= TEMPLATE_MAXPARTIALS + 1; i++) {
		snprintf(name, sizeof name, "p%d", i);
		snprintf(text, sizeof text, "<%%>p%d%%>", i + 1);
		partial(name, text);
	}
	want = xasprintf("%s/p%d.wiki:1: partials nested deeper than %d",
	    tmpdir, TEMPLATE_MAXPARTIALS - 1, TEMPLATE_MAXPARTIALS);
	parse_err("partials nested too deep", "<%>p0%>", tmpdir, want);
	free(want);
	partial("p9", "end");
	wiki("partials nested ten deep", "<%>p0%>", "{}", "end");

	partial("w0", "<%>w1%><%>w1%><%>w1%><%>w1%><%>w1%>"
	    "<%>w1%><%>w1%><%>w1%><%>w1%><%>w1%>");
	partial("w1", "<%>w2%><%>w2%><%>w2%><%>w2%><%>w2%>"
	    "<%>w2%><%>w2%><%>w2%><%>w2%><%>w2%>");
	partial("w2", "<%>w3%><%>w3%><%>w3%><%>w3%><%>w3%>"
	    "<%>w3%><%>w3%><%>w3%><%>w3%><%>w3%>");
	partial("w3", "x");
	want = xasprintf("%s/w0.wiki:1: more than %d partials included",
	    tmpdir, TEMPLATE_MAXLOADS);
	parse_err("too many partial inclusions", "<%>w0%>", tmpdir, want);
	free(want);
	wiki("a hundred partial inclusions", "<%>w1%>", "{}",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	parse_err("partial name containing ..", "<%>a..b%>", tmpdir,
	    "t.wiki:1: bad partial name 'a..b'");

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i <= TEMPLATE_MAXDEPTH; i++)
		buf_adds(&b, "<%#a%>\n");
	want = xasprintf("t.wiki:%d: sections nested deeper than %d",
	    TEMPLATE_MAXDEPTH + 1, TEMPLATE_MAXDEPTH);
	parse_err("sections nested too deep", buf_str(&b), NULL, want);
	free(want);
	buf_free(&b);
}

static void
test_render(void)
{
	struct template	*tp;
	struct tvalue	*ctx, *list;
	char		*out, *cause = NULL;
	size_t		 len;
	int		 i;
	const char	*t = "<%#list%><%.%><%/list%>";

	tp = template_parse(t, strlen(t), "cap", NULL, &cause);
	ok(tp != NULL, "cap template parses");
	ctx = tv_map();
	list = tv_list();
	for (i = 0; i < 10; i++)
		tv_list_push(list, tv_string("abcd"));
	tv_map_set(ctx, "list", list);
	out = template_render(tp, ctx, identity_escape, 40, &len, &cause);
	is_str(out, "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "exactly max");
	is_int(len, 40, "outlen");
	free(out);
	out = template_render(tp, ctx, identity_escape, 39, &len, &cause);
	ok(out == NULL, "over max gives no result");
	is_str(cause, "output larger than 39 bytes", "over max message");
	free(cause);
	cause = NULL;
	out = template_render(tp, ctx, html_escape, 0, NULL, &cause);
	is_str(cause, "output larger than 0 bytes", "escape that fills");
	free(out);
	free(cause);
	cause = NULL;
	out = template_render(tp, NULL, NULL, 0, &len, &cause);
	is_str(out, "", "empty context, empty output");
	is_int(len, 0, "empty output length");
	free(out);

	tv_map_set(ctx, "list", tv_string("x"));
	out = template_render(tp, ctx, NULL, 100, NULL, &cause);
	is_str(out, "x", "tv_map_set replaces");
	free(out);
	is_int(tv_type(ctx), TV_MAP, "tv_type");
	is_int(tv_type(NULL), TV_NULL, "tv_type of NULL");
	tv_free(ctx);
	template_free(tp);
	template_free(NULL);
	tv_free(NULL);
}

/* Records for a lazy list: a NULL note is null, "-" an absent one. */
static const struct lazy_rec {
	const char	*name;
	const char	*note;
} lazy_recs[] = {
	{ "a", "first" },
	{ "<b>", NULL },
	{ "c", "-" },
};
static const char *const lazy_nums[] = { "1", "2", "3" };
static int	lazy_calls;

/* The tv_get_fn of the lazy list tests (arg is lazy_recs). */
static struct tvalue	*lazy_tags;	/* element 0's "tags": a list */

static int
lazy_get(const void *arg, size_t i, const char *key, const char **s,
    const struct tvalue **v)
{
	const struct lazy_rec	*r = (const struct lazy_rec *)arg + i;

	lazy_calls++;
	if (strcmp(key, "tags") == 0 && i == 0 && lazy_tags != NULL) {
		*v = lazy_tags;
		return (2);
	}
	if (strcmp(key, "name") == 0)
		*s = r->name;
	else if (strcmp(key, "n") == 0)
		*s = lazy_nums[i];
	else if (strcmp(key, "note") == 0 && (r->note == NULL ||
	    strcmp(r->note, "-") != 0))
		*s = r->note;
	else
		return (0);
	return (1);
}

/* Render tmpl against a context with a lazy list "list" of lazy_recs. */
static void
lazy(const char *what, const char *tmpl, const char *want)
{
	struct template	*tp;
	struct tvalue	*ctx;
	char		*out, *cause = NULL;

	tp = template_parse(tmpl, strlen(tmpl), "lazy", NULL, &cause);
	if (tp == NULL) {
		is_str(cause, want, what);
		free(cause);
		return;
	}
	ctx = data("{note: 'outer', name: 'top'}");
	tv_map_set(ctx, "list", tv_list_lazy(3, lazy_get, lazy_recs));
	tv_map_set(ctx, "empty", tv_list_lazy(0, lazy_get, lazy_recs));
	out = template_render(tp, ctx, html_escape, 65536, NULL, &cause);
	is_str(out != NULL ? out : cause, want, what);
	free(out != NULL ? out : cause);
	tv_free(ctx);
	template_free(tp);
}

static void
test_lazy(void)
{
	struct tvalue	*v;

	v = tv_list_lazy(3, lazy_get, lazy_recs);
	is_int(tv_type(v), TV_LIST, "a lazy list is a list");
	tv_free(v);

	lazy("lazy: once per element, in order",
	    "<%#list%><%n%>=<%name%>,<%/list%>", "1=a,2=&lt;b&gt;,3=c,");
	lazy("lazy: raw interpolation", "<%#list%><%&name%><%/list%>",
	    "a<b>c");
	lazy("lazy: a null value inserts nothing and stops the lookup, an "
	    "absent one goes on outwards", "<%#list%>[<%note%>]<%/list%>",
	    "[first][][outer]");
	lazy("lazy: null is falsy, a string truthy",
	    "<%#list%><%#note%>y<%/note%><%^note%>n<%/note%><%/list%>",
	    "yny");
	lazy("lazy: a section over a value pushes it",
	    "<%#list%><%#name%>(<%.%>)<%/name%><%/list%>",
	    "(a)(&lt;b&gt;)(c)");
	lazy("lazy: an element is a map, so \".\" inserts nothing",
	    "<%#list%>(<%.%>)<%/list%>", "()()()");
	lazy("lazy: dotted names into a value or through the list find "
	    "nothing", "<%#list%><%name.x%><%/list%>|<%list.name%>|", "||");
	lazy("lazy: an element pushed again by \".\" still answers",
	    "<%#list%><%#.%><%name%><%/.%><%/list%>", "a&lt;b&gt;c");
	lazy("lazy: nested, the inner list is found outside",
	    "<%#list%><%name%>:<%#list%><%n%><%/list%>;<%/list%>",
	    "a:123;&lt;b&gt;:123;c:123;");
	lazy("lazy: an empty lazy list is falsy",
	    "<%#empty%>x<%/empty%><%^empty%>none<%/empty%>"
	    "<%^list%>no<%/list%>", "none");
	lazy("lazy: outside the list, names resolve as before",
	    "<%name%>,<%note%>", "top,outer");
	lazy_calls = 0;
	lazy("lazy: one call per lookup in an element",
	    "<%#list%><%name%><%/list%>", "a&lt;b&gt;c");
	is_int(lazy_calls, 3, "lazy: get called three times");
	lazy_tags = data("['x', 'y']");
	lazy("lazy: an element may give a value, such as a list",
	    "<%#list%><%name%>:<%#tags%><%.%><%/tags%><%^tags%>-<%/tags%>;"
	    "<%/list%>", "a:xy;&lt;b&gt;:-;c:-;");
	tv_free(lazy_tags);
	lazy_tags = NULL;
}

static void
test_load(void)
{
	struct template	*tp;
	struct tvalue	*ctx, *groups, *group, *events, *ev;
	char		*path, *out, *cause = NULL, *want, num[32];
	const char	*p;
	size_t		 len;
	int		 i, rows;

	partial("table", table);
	path = xasprintf("%s/table.wiki", tmpdir);
	tp = template_load(path, &cause);
	free(path);
	ok(tp != NULL, "template_load");
	if (tp == NULL) {
		printf("# %s\n", cause);
		free(cause);
		return;
	}

	ctx = tv_map();
	groups = tv_list();
	group = tv_map();
	events = tv_list();
	for (i = 0; i < 1000; i++) {
		ev = tv_map();
		snprintf(num, sizeof num, "City %d", i);
		tv_map_set(ev, "city", tv_string(num));
		tv_map_set(ev, "start", tv_string("2025-05-01"));
		tv_map_set(ev, "title", tv_string("<b>T</b>"));
		tv_map_set(ev, "organizer", tv_string("O"));
		tv_list_push(events, ev);
	}
	tv_map_set(group, "key", tv_string("DE"));
	tv_map_set(group, "count", tv_string("1000"));
	tv_map_set(group, "events", events);
	tv_list_push(groups, group);
	tv_map_set(ctx, "groups", groups);
	tv_map_set(ctx, "events", tv_bool(1));
	out = template_render(tp, ctx, html_escape, 1024 * 1024, &len,
	    &cause);
	ok(out != NULL, "1000 events render");
	rows = 0;
	for (p = out; p != NULL && (p = strstr(p, "\n| City ")) != NULL; p++)
		rows++;
	is_int(rows, 1000, "1000 rows");
	ok(out != NULL && strstr(out, "| City 999 || {{#time:j F Y|2025-05-01}}"
	    " || &lt;b&gt;T&lt;/b&gt; || O\n|}\n") != NULL, "last row escaped");
	is_int(len, out != NULL ? strlen(out) : 0, "length of 1000 rows");
	free(out);
	tv_free(ctx);
	template_free(tp);

	path = xasprintf("%s/nope.wiki", tmpdir);
	want = xasprintf("%s: No such file or directory", path);
	tp = template_load(path, &cause);
	ok(tp == NULL, "missing file");
	is_str(cause, want, "missing file message");
	free(cause);
	free(want);
	free(path);
}

/* template_use_line: where check's groups warning points. */
static void
test_use_line(void)
{
	struct template	*tp;
	char		*cause = NULL;
	const char	*t = "{|\n<%! groups, in a comment %>\n<%^events%>\n"
	    "<%/events%>\n<%#groups%>\n<%key%>\n<%/groups%>\n"
	    "<%>grp%>\n|}\n";

	partial("grp", "x\n<%^groups%>none<%/groups%>\n");
	tp = template_parse(t, strlen(t), "use", tmpdir, &cause);
	ok(tp != NULL, "use_line template parses");
	if (tp == NULL) {
		free(cause);
		return;
	}
	is_int((int)template_use_line(tp, "groups", 0), 5,
	    "the first section on groups, not the comment");
	is_int((int)template_use_line(tp, "groups", 1), 8,
	    "an inverted one in a partial: the partial's tag's line");
	is_int((int)template_use_line(tp, "events", 0), 0,
	    "only inverted uses of events: none of the others");
	is_int((int)template_use_line(tp, "key", 0), 6,
	    "a variable inside a section");
	template_free(tp);
}

int
main(void)
{
	int	i;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (1);
	}
	test_interpolation();
	test_sections();
	test_inverted();
	test_comments();
	test_delimiters();
	test_partials();
	test_wiki();
	test_errors();
	test_depth();
	test_render();
	test_lazy();
	test_load();
	test_use_line();
	for (i = 0; i < nfiles; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	rmdir(tmpdir);
	return (tap_done());
}
