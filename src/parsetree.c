/*
 * Template calls read from MediaWiki's preprocessor parse tree: one walk
 * over the XML rebuilds the page's source and, at the same time, notes
 * the offsets, names and values of every call of the template asked for.
 * The rules are in parsetree.h.
 *
 * The walk is recursive; libxml2 refuses documents nested deeper than
 * 256 elements (no XML_PARSE_HUGE), and PT_MAXDEPTH checks it again.
 * Cleaned strings (titles, names, values with comments dropped) are only
 * built for titles outside a matched call and for a matched call's own
 * parts, so every byte of the source is copied a bounded number of times.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "apixml.h"
#include "buf.h"
#include "parsetree.h"
#include "xmalloc.h"

#define PT_MAXDEPTH	512	/* elements; libxml2 stops at 256 */
#define PT_NAMEMAX	40	/* bytes of an element name quoted */

/* The state of one parsetree_read. */
struct pt_walk {
	struct buf	 src;		/* rebuilt so far */
	char		*want;		/* name normalized */
	const char	*name;		/* as the caller gave it */
	size_t		 max_calls;
	struct pt_call	*calls;
	size_t		 ncalls;
	size_t		 size;		/* slots in calls */
	int		 depth;
	char		*err;
};

static int	pt_node(struct pt_walk *, xmlNode *, struct buf *, int);

static int
pt_is(const xmlNode *n, const char *name)
{
	return (n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

static int
pt_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f');
}

static int
pt_lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

/* Set the walk's error (the first one wins); always -1. */
static int
pt_fail(struct pt_walk *w, char *cause)
{
	if (w->err == NULL)
		w->err = cause;
	else
		free(cause);
	return (-1);
}

static int
pt_unexpected(struct pt_walk *w, const xmlNode *n, const xmlNode *parent)
{
	if (n->type != XML_ELEMENT_NODE) {
		return (pt_fail(w, xasprintf("parse tree has unexpected "
		    "content (XML node type %d) in <%.*s>", (int)n->type,
		    PT_NAMEMAX, (const char *)parent->name)));
	}
	return (pt_fail(w, xasprintf("parse tree has <%.*s> in <%.*s>, "
	    "where it does not belong", PT_NAMEMAX, (const char *)n->name,
	    PT_NAMEMAX, (const char *)parent->name)));
}

/* Append s to the source and, if clean is not NULL, to clean too. */
static void
pt_emit(struct pt_walk *w, const char *s, size_t len, struct buf *clean)
{
	buf_add(&w->src, s, len);
	if (clean != NULL)
		buf_add(clean, s, len);
}

static int
pt_textnode(const xmlNode *n)
{
	return (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
}

/* Append the text of n, which must hold text only (<comment>, <inner>). */
static int
pt_text(struct pt_walk *w, const xmlNode *n, struct buf *clean)
{
	const xmlNode	*c;
	const char	*s;

	for (c = n->children; c != NULL; c = c->next) {
		if (!pt_textnode(c))
			return (pt_unexpected(w, c, n));
		s = c->content != NULL ? (const char *)c->content : "";
		pt_emit(w, s, strlen(s), clean);
	}
	return (0);
}

/* Rebuild the children of n in order: mixed content (<root>, <h>). */
static int
pt_children(struct pt_walk *w, xmlNode *n, struct buf *clean, int find)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next) {
		if (pt_node(w, c, clean, find) == -1)
			return (-1);
	}
	return (0);
}

/*
 * Normalize a template's title or name: comments already dropped,
 * ASCII whitespace trimmed, '_' as ' ', runs of spaces as one, and a
 * leading "Template:" (any case, spaces around the colon) removed.
 */
static char *
pt_normalize(const char *s, size_t len)
{
	char	*out, *p;
	size_t	 i, n = 0, skip;

	while (len > 0 && pt_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && pt_space(s[len - 1]))
		len--;
	out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '_' || s[i] == ' ') {
			if (n > 0 && out[n - 1] != ' ')
				out[n++] = ' ';
		} else
			out[n++] = s[i];
	}
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	if (n >= 9 && strncasecmp(out, "template", 8) == 0) {
		p = out + 8;
		if (*p == ' ')
			p++;
		if (*p == ':') {
			p++;
			if (*p == ' ')
				p++;
			skip = (size_t)(p - out);
			memmove(out, p, n - skip + 1);
		}
	}
	return (out);
}

/* Do two normalized names match: the first letter in either case? */
static int
pt_same(const char *a, const char *b)
{
	if (*a == '\0' || *b == '\0')
		return (0);
	if (pt_lower((unsigned char)*a) != pt_lower((unsigned char)*b))
		return (0);
	return (strcmp(a + 1, b + 1) == 0);
}

/* title without its comments (one left open runs to the end). */
static char *
pt_uncomment(const char *title)
{
	struct buf	 b;
	const char	*open, *close;

	buf_init(&b, BUF_UNLIMITED);
	while ((open = strstr(title, "<!--")) != NULL) {
		buf_add(&b, title, (size_t)(open - title));
		if ((close = strstr(open + 4, "-->")) == NULL)
			return (buf_detach(&b));
		title = close + 3;
	}
	buf_adds(&b, title);
	return (buf_detach(&b));
}

int
parsetree_same_template(const char *title, const char *name)
{
	char	*raw, *t, *n;
	int	 same;

	raw = pt_uncomment(title);
	t = pt_normalize(raw, strlen(raw));
	free(raw);
	n = pt_normalize(name, strlen(name));
	same = pt_same(t, n);
	free(t);
	free(n);
	return (same);
}

/* A copy of s trimmed of ASCII whitespace, as MediaWiki trims values. */
static char *
pt_trim(const struct buf *b)
{
	const char	*s = buf_str(b);
	size_t		 len = b->len;

	while (len > 0 && pt_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && pt_space(s[len - 1]))
		len--;
	return (xstrndup(s, len));
}

/*
 * Is the title one that can name a template: text, comments and
 * <ignore> only (a title built by a nested call or holding a tag is
 * never a plain name)?
 */
static int
pt_plain_title(const xmlNode *title)
{
	const xmlNode	*c;

	for (c = title->children; c != NULL; c = c->next) {
		if (pt_textnode(c) || pt_is(c, "comment") || pt_is(c, "ignore"))
			continue;
		return (0);
	}
	return (1);
}

/* Take a slot for a new matched call; -1 past max_calls. */
static int
pt_new_call(struct pt_walk *w, size_t *slot)
{
	if (w->ncalls >= w->max_calls) {
		return (pt_fail(w, xasprintf("more than %zu calls of {{%s}}; "
		    "at most %zu are read", w->max_calls, w->name,
		    w->max_calls)));
	}
	if (w->ncalls == w->size) {
		w->size = w->size == 0 ? 16 : w->size * 2;
		w->calls = xreallocarray(w->calls, w->size, sizeof *w->calls);
	}
	*slot = w->ncalls++;
	memset(&w->calls[*slot], 0, sizeof w->calls[*slot]);
	return (0);
}

/* The index="N" of a positional <name>: 0 if none, -1 if bad. */
static int
pt_index(struct pt_walk *w, xmlNode *name, int *index)
{
	xmlChar	*v;
	char	*end;
	long	 l;

	*index = 0;
	if ((v = xmlGetNoNsProp(name, (const xmlChar *)"index")) == NULL)
		return (0);
	errno = 0;
	l = strtol((const char *)v, &end, 10);
	if (errno != 0 || end == (char *)v || *end != '\0' || l < 1 ||
	    l > INT_MAX) {
		xmlFree(v);
		return (pt_fail(w, xstrdup("parse tree has a <name> with a "
		    "bad index")));
	}
	xmlFree(v);
	*index = (int)l;
	return (0);
}

/*
 * Rebuild one <part>: name, equals, value.  If p is not NULL the part
 * belongs to a matched call: its name and value are kept (and calls in
 * it are not looked for).
 */
static int
pt_part(struct pt_walk *w, xmlNode *part, struct pt_part *p, int find)
{
	xmlNode		*c;
	struct buf	 name, value;
	int		 state = 0, rv = -1, index = 0;

	buf_init(&name, BUF_UNLIMITED);
	buf_init(&value, BUF_UNLIMITED);
	if (p != NULL)
		p->value_start = p->value_end = w->src.len;
	for (c = part->children; c != NULL; c = c->next) {
		if (state == 0 && pt_is(c, "name")) {
			if (p != NULL && pt_index(w, c, &index) == -1)
				goto out;
			if (pt_children(w, c, p != NULL ? &name : NULL,
			    find) == -1)
				goto out;
			state = 1;
		} else if (state == 1 && pt_is(c, "equals")) {
			if (pt_text(w, c, NULL) == -1)
				goto out;
			state = 2;
		} else if ((state == 1 || state == 2) && pt_is(c, "value")) {
			if (p != NULL)
				p->value_start = w->src.len;
			if (pt_children(w, c, p != NULL ? &value : NULL,
			    find) == -1)
				goto out;
			if (p != NULL)
				p->value_end = w->src.len;
			state = 3;
		} else {
			pt_unexpected(w, c, part);
			goto out;
		}
	}
	if (state == 0) {
		pt_fail(w, xstrdup("parse tree has a <part> without a <name>"));
		goto out;
	}
	if (p != NULL) {
		if (state < 3)
			p->value_start = p->value_end = w->src.len;
		p->index = index;
		p->name = index > 0 ? NULL : pt_trim(&name);
		p->value = pt_trim(&value);
	}
	rv = 0;
out:
	buf_free(&name);
	buf_free(&value);
	return (rv);
}

/*
 * Rebuild a call's <title>: 1 if it names the template asked for, 0 if
 * not, -1 on error.
 */
static int
pt_title(struct pt_walk *w, xmlNode *title, int tplarg, int find)
{
	struct buf	 clean;
	char		*t;
	int		 plain, match = 0;

	plain = find && !tplarg && pt_plain_title(title);
	buf_init(&clean, BUF_UNLIMITED);
	if (pt_children(w, title, plain ? &clean : NULL, find) == -1) {
		buf_free(&clean);
		return (-1);
	}
	if (plain) {
		t = pt_normalize(buf_str(&clean), clean.len);
		match = pt_same(t, w->want);
		free(t);
	}
	buf_free(&clean);
	return (match);
}

/* A new empty part at the end of call's; *size is the slots it has. */
static struct pt_part *
pt_new_part(struct pt_call *call, size_t *size)
{
	struct pt_part	*p;

	if (call->nparts == *size) {
		*size = *size == 0 ? 4 : *size * 2;
		call->parts = xreallocarray(call->parts, *size,
		    sizeof *call->parts);
	}
	p = &call->parts[call->nparts++];
	memset(p, 0, sizeof *p);
	return (p);
}

/*
 * Rebuild a <template> ("{{" title parts "}}") or a <tplarg> ("{{{"
 * ... "}}}"); note it if it calls the template asked for.
 */
static int
pt_call(struct pt_walk *w, xmlNode *n, int tplarg, struct buf *clean,
    int find)
{
	xmlNode		*c, *title = n->children;
	struct pt_part	*p = NULL;
	size_t		 start = w->src.len, slot = 0, size = 0;
	int		 match;

	if (title == NULL || !pt_is(title, "title")) {
		return (pt_fail(w, xasprintf("parse tree has a <%s> "
		    "without a <title>", tplarg ? "tplarg" : "template")));
	}
	pt_emit(w, tplarg ? "{{{" : "{{", tplarg ? 3 : 2, NULL);
	if ((match = pt_title(w, title, tplarg, find)) == -1)
		return (-1);
	if (match) {
		if (pt_new_call(w, &slot) == -1)
			return (-1);
		w->calls[slot].start = start;
		w->calls[slot].title_end = w->src.len;
	}
	for (c = title->next; c != NULL; c = c->next) {
		if (!pt_is(c, "part"))
			return (pt_unexpected(w, c, n));
		pt_emit(w, "|", 1, NULL);
		if (match)
			p = pt_new_part(&w->calls[slot], &size);
		if (pt_part(w, c, p, match ? 0 : find) == -1)
			return (-1);
	}
	pt_emit(w, tplarg ? "}}}" : "}}", tplarg ? 3 : 2, NULL);
	if (match)
		w->calls[slot].end = w->src.len;
	if (clean != NULL)
		buf_add(clean, w->src.data + start, w->src.len - start);
	return (0);
}

/* Rebuild an <ext>: "<" name attr (">" inner [close] | "/>"). */
static int
pt_ext(struct pt_walk *w, xmlNode *n, struct buf *clean)
{
	static const char	*order[] = {
		"name", "attr", "inner", "close"
	};
	xmlNode			*c;
	size_t			 start = w->src.len, i = 0;

	pt_emit(w, "<", 1, NULL);
	for (c = n->children; c != NULL; c = c->next) {
		/* in this order; name and attr needed, inner optional */
		if (i == 4 || !pt_is(c, order[i]))
			return (pt_unexpected(w, c, n));
		if (i == 2)
			pt_emit(w, ">", 1, NULL);
		if (pt_text(w, c, NULL) == -1)
			return (-1);
		i++;
	}
	if (i < 2)
		return (pt_fail(w, xstrdup("parse tree has an <ext> without "
		    "a <name> and <attr>")));
	if (i == 2)
		pt_emit(w, "/>", 2, NULL);
	if (clean != NULL)
		buf_add(clean, w->src.data + start, w->src.len - start);
	return (0);
}

/* Rebuild the node n (and all below it). */
static int
pt_node(struct pt_walk *w, xmlNode *n, struct buf *clean, int find)
{
	const char	*name;
	int		 rv;

	if (pt_textnode(n)) {
		name = n->content != NULL ? (const char *)n->content : "";
		pt_emit(w, name, strlen(name), clean);
		return (0);
	}
	if (n->type != XML_ELEMENT_NODE)
		return (pt_unexpected(w, n, n->parent));
	if (w->depth >= PT_MAXDEPTH)
		return (pt_fail(w, xstrdup("parse tree is nested too deep")));
	w->depth++;
	name = (const char *)n->name;
	if (strcmp(name, "template") == 0)
		rv = pt_call(w, n, 0, clean, find);
	else if (strcmp(name, "tplarg") == 0)
		rv = pt_call(w, n, 1, clean, find);
	else if (strcmp(name, "ext") == 0)
		rv = pt_ext(w, n, clean);
	else if (strcmp(name, "comment") == 0 || strcmp(name, "ignore") == 0)
		rv = pt_text(w, n, NULL);
	else if (strcmp(name, "equals") == 0)
		rv = pt_text(w, n, clean);
	else if (strcmp(name, "h") == 0 || strcmp(name, "possible-h") == 0)
		rv = pt_children(w, n, clean, find);
	else if (strcmp(name, "root") == 0 || strcmp(name, "title") == 0 ||
	    strcmp(name, "part") == 0 || strcmp(name, "name") == 0 ||
	    strcmp(name, "value") == 0 || strcmp(name, "attr") == 0 ||
	    strcmp(name, "inner") == 0 || strcmp(name, "close") == 0)
		rv = pt_unexpected(w, n, n->parent);
	else {
		rv = pt_fail(w, xasprintf("parse tree has an unknown element "
		    "<%.*s>", PT_NAMEMAX, name));
	}
	w->depth--;
	return (rv);
}


/* Number the calls' lines, counting newlines once over the source. */
static void
pt_lines(struct pt_doc *doc)
{
	const char	*p, *e;
	size_t		 i, pos = 0;
	int		 line = 1;

	for (i = 0; i < doc->ncalls; i++) {
		p = doc->source + pos;
		e = doc->source + doc->calls[i].start;
		while (p < e &&
		    (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
			line++;
			p++;
		}
		pos = doc->calls[i].start;
		doc->calls[i].line = line;
	}
}

static void
pt_calls_free(struct pt_call *calls, size_t ncalls)
{
	size_t	i, j;

	for (i = 0; i < ncalls; i++) {
		for (j = 0; j < calls[i].nparts; j++) {
			free(calls[i].parts[j].name);
			free(calls[i].parts[j].value);
		}
		free(calls[i].parts);
	}
	free(calls);
}

int
parsetree_read(const char *xml, size_t len, const char *name,
    size_t max_calls, struct pt_doc *doc, char **cause)
{
	struct pt_walk	 w;
	xmlDoc		*x;

	memset(doc, 0, sizeof *doc);
	memset(&w, 0, sizeof w);
	w.want = pt_normalize(name, strlen(name));
	if (*w.want == '\0') {
		free(w.want);
		*cause = xstrdup("no template name to look for");
		return (-1);
	}
	if ((x = apixml_read(xml, len, "root", "parse tree", cause)) == NULL) {
		free(w.want);
		return (-1);
	}
	buf_init(&w.src, BUF_UNLIMITED);
	w.name = name;
	w.max_calls = max_calls;
	pt_children(&w, xmlDocGetRootElement(x), NULL, 1);
	xmlFreeDoc(x);
	free(w.want);
	if (w.err != NULL) {
		pt_calls_free(w.calls, w.ncalls);
		buf_free(&w.src);
		*cause = w.err;
		return (-1);
	}
	doc->len = w.src.len;
	doc->source = buf_detach(&w.src);
	doc->calls = w.calls;
	doc->ncalls = w.ncalls;
	pt_lines(doc);
	return (0);
}

void
pt_doc_free(struct pt_doc *doc)
{
	pt_calls_free(doc->calls, doc->ncalls);
	free(doc->source);
	memset(doc, 0, sizeof *doc);
}
