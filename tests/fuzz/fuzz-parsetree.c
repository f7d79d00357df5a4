/*
 * Fuzz the parse-tree reader (intake): the input is the XML of a parse
 * tree, read for the calls of {{WikiGap event}}.
 *
 * Asserted for a tree that reads:
 *  - the source is NUL-terminated at len;
 *  - calls are in order, apart, and each lies on its "{{" and "}}"
 *    with start < title_end <= end <= len, on the line its offset says;
 *  - a title without tags or comments names the template;
 *  - parts lie inside their call, in order; a named part has a name
 *    and no index, a positional one an index and no name; a value
 *    without tags or comments is its raw text trimmed (these two
 *    only when every <comment> and <ignore> of the tree holds text
 *    starting with '<', as the wiki's always do: in a made-up tree
 *    they may hold any text, which is then in the source but not in
 *    the value);
 *  - max_calls holds exactly: the same tree with one call fewer
 *    allowed is refused, with as many allowed it reads the same.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "apixml.h"
#include "fuzz.h"
#include "parsetree.h"
#include "xmalloc.h"

#define NAME	"WikiGap event"

static int
is_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f');
}

/* Do the <comment> and <ignore> elements below n all start with '<'? */
static int
tags_plain(const xmlNode *n)
{
	const xmlNode	*c;
	char		*text;
	int		 ok = 1;

	for (c = n->children; c != NULL && ok; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "comment") == 0 ||
		    strcmp((const char *)c->name, "ignore") == 0) {
			text = apixml_text(c, NULL);
			ok = *text == '\0' || *text == '<';
			free(text);
		} else
			ok = tags_plain(c);
	}
	return (ok);
}

static void
check_part(const struct pt_doc *doc, const struct pt_call *c,
    const struct pt_part *p, int plain)
{
	const char	*s;
	size_t		 a, b;

	FUZZ_ASSERT(p->value_start <= p->value_end);
	FUZZ_ASSERT(p->value_start >= c->title_end);
	FUZZ_ASSERT(p->value_end <= c->end - 2);
	FUZZ_ASSERT(p->value != NULL);
	if (p->name != NULL)
		FUZZ_ASSERT(p->index == 0);
	else
		FUZZ_ASSERT(p->index >= 1);
	s = doc->source;
	a = p->value_start;
	b = p->value_end;
	if (!plain || memchr(s + a, '<', b - a) != NULL)
		return;
	while (a < b && is_space(s[a]))
		a++;
	while (b > a && is_space(s[b - 1]))
		b--;
	if (strlen(p->value) != b - a || memcmp(p->value, s + a, b - a) != 0)
		fuzz_fail("value '%s' is not its source '%.*s' trimmed",
		    p->value, (int)(b - a), s + a);
}

static void
check_doc(const struct pt_doc *doc, int plain)
{
	const struct pt_call	*c;
	size_t			 i, j, k;
	int			 line;
	char			*title;

	FUZZ_ASSERT(doc->source != NULL && doc->source[doc->len] == '\0');
	for (i = 0, k = 0, line = 1; i < doc->ncalls; i++) {
		c = &doc->calls[i];
		FUZZ_ASSERT(i == 0 || doc->calls[i - 1].end <= c->start);
		FUZZ_ASSERT(c->start + 2 <= c->title_end);
		FUZZ_ASSERT(c->title_end + 2 <= c->end && c->end <= doc->len);
		FUZZ_ASSERT(memcmp(doc->source + c->start, "{{", 2) == 0);
		FUZZ_ASSERT(memcmp(doc->source + c->end - 2, "}}", 2) == 0);
		for (; k < c->start; k++)
			line += doc->source[k] == '\n';
		FUZZ_ASSERT(c->line == line);
		title = xstrndup(doc->source + c->start + 2,
		    c->title_end - c->start - 2);
		if (plain && strchr(title, '<') == NULL &&
		    !parsetree_same_template(title, NAME))
			fuzz_fail("call %zu's title '%s' is not {{%s}}", i,
			    title, NAME);
		free(title);
		for (j = 0; j < c->nparts; j++) {
			check_part(doc, c, &c->parts[j], plain);
			FUZZ_ASSERT(j == 0 || c->parts[j - 1].value_end <=
			    c->parts[j].value_start);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pt_doc	 doc, again;
	xmlDoc		*x;
	char		*cause = NULL;

	if (parsetree_read((const char *)data, size, NAME, 100000, &doc,
	    &cause) == -1) {
		FUZZ_ASSERT(cause != NULL && doc.ncalls == 0 &&
		    doc.source == NULL);
		free(cause);
		return (0);
	}
	if ((x = apixml_read((const char *)data, size, "root", "tree",
	    &cause)) == NULL)
		fuzz_fail("tree read, but not as XML: %s", cause);
	check_doc(&doc, tags_plain(xmlDocGetRootElement(x)));
	xmlFreeDoc(x);

	if (doc.ncalls > 0) {
		if (parsetree_read((const char *)data, size, NAME,
		    doc.ncalls - 1, &again, &cause) != -1)
			fuzz_fail("%zu calls read with max_calls %zu",
			    doc.ncalls, doc.ncalls - 1);
		FUZZ_ASSERT(strstr(cause, "more than") != NULL);
		free(cause);
	}
	if (parsetree_read((const char *)data, size, NAME, doc.ncalls,
	    &again, &cause) == -1)
		fuzz_fail("read again with max_calls %zu: %s", doc.ncalls,
		    cause);
	FUZZ_ASSERT(again.len == doc.len && again.ncalls == doc.ncalls &&
	    memcmp(again.source, doc.source, doc.len) == 0);
	pt_doc_free(&again);
	pt_doc_free(&doc);
	return (0);
}
