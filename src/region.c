/*
 * Marked regions of a wiki page: one pass over the text finds the HTML
 * comments, the wikisync ones among them are parsed as markers and paired
 * into regions; splicing copies everything but the replaced bodies.
 * The rules are in region.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "region-int.h"
#include "text.h"
#include "xmalloc.h"

#define REGION_PREFIX		"wikisync:"
#define REGION_PREFIXLEN	(sizeof REGION_PREFIX - 1)
#define REGION_EXCERPT		60	/* bytes of a bad marker quoted */

/* A comment found in the text. */
struct region_comment {
	size_t		 start;		/* offset of "<!--" */
	size_t		 stop;		/* after "-->", or the text's end */
	int		 closed;	/* has a "-->" */
	const char	*content;	/* between "<!--" and "-->" */
	size_t		 clen;
};

/* The state of region_find_all. */
struct region_scan {
	const char		*text;
	size_t			 len;
	size_t			 pos;		/* where to look next */
	size_t			 lpos;		/* offset line was counted to */
	int			 line;
	struct region_list	*rl;
	size_t			 size;		/* slots in rl->v */
	struct region_elements	 els;		/* <nowiki> and the like */
	char			*err;		/* first error, or NULL */
};

static int
region_space(char c)
{
	return (c == ' ' || c == '\t');
}

size_t
region_search(const char *s, size_t len, size_t from, const char *needle,
    size_t nlen)
{
	const char	*p;

	while (from < len && len - from >= nlen) {
		p = memchr(s + from, needle[0], len - from - nlen + 1);
		if (p == NULL)
			break;
		from = (size_t)(p - s);
		if (memcmp(p, needle, nlen) == 0)
			return (from);
		from++;
	}
	return (REGION_NONE);
}

/* The next comment at or after from; 0 if there is none. */
static int
region_next_comment(const char *text, size_t len, size_t from,
    struct region_comment *c)
{
	size_t	start, close;

	if ((start = region_search(text, len, from, "<!--", 4)) == REGION_NONE)
		return (0);
	c->start = start;
	c->content = text + start + 4;
	close = region_search(text, len, start + 4, "-->", 3);
	if (close == REGION_NONE) {
		c->closed = 0;
		c->stop = len;
		c->clen = len - (start + 4);
	} else {
		c->closed = 1;
		c->stop = close + 3;
		c->clen = close - (start + 4);
	}
	return (1);
}

int
region_ours(const char *s, size_t len)
{
	size_t	i;
	char	c;

	while (len > 0 && *s != '\0' && strchr(" \t\r\n\f\v", *s) != NULL) {
		s++;
		len--;
	}
	if (len < REGION_PREFIXLEN)
		return (0);
	for (i = 0; i < REGION_PREFIXLEN; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != REGION_PREFIX[i])
			return (0);
	}
	return (1);
}

static int
region_name_char(char c, int first)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return (1);
	return (!first && (c == '.' || c == '_' || c == '-'));
}

/* Parse a wikisync comment's content as a marker; -1 if malformed. */
static int
region_parse(const char *p, size_t len, int *end,
    char name[REGION_NAME_MAX + 1])
{
	const char	*e = p + len, *n;

	while (p < e && region_space(*p))
		p++;
	if ((size_t)(e - p) < REGION_PREFIXLEN ||
	    memcmp(p, REGION_PREFIX, REGION_PREFIXLEN) != 0)
		return (-1);
	p += REGION_PREFIXLEN;
	if (e - p >= 5 && memcmp(p, "begin", 5) == 0) {
		*end = 0;
		p += 5;
	} else if (e - p >= 3 && memcmp(p, "end", 3) == 0) {
		*end = 1;
		p += 3;
	} else
		return (-1);
	if (p == e || !region_space(*p))
		return (-1);
	while (p < e && region_space(*p))
		p++;
	for (n = p; p < e && region_name_char(*p, p == n); p++)
		/* nothing */;
	if (p == n || p - n > REGION_NAME_MAX)
		return (-1);
	memcpy(name, n, (size_t)(p - n));
	name[p - n] = '\0';
	while (p < e && region_space(*p))
		p++;
	return (p == e ? 0 : -1);
}

/*
 * The marker a malformed one would be in lower case, newly allocated, or
 * NULL: "<!-- WikiSync:begin WikiGap-2023 -->" is a common slip.
 */
static char *
region_lower(const struct region_comment *c)
{
	char	 name[REGION_NAME_MAX + 1], *low;
	size_t	 i;
	int	 end, rv;

	low = xmalloc(c->clen + 1);
	for (i = 0; i < c->clen; i++)
		low[i] = c->content[i] >= 'A' && c->content[i] <= 'Z' ?
		    c->content[i] + ('a' - 'A') : c->content[i];
	rv = region_parse(low, c->clen, &end, name);
	free(low);
	return (rv == 0 ? region_marker(name, end) : NULL);
}

/* The comment quoted for an error: one line, short, no controls. */
static char *
region_excerpt(const struct region_comment *c, const char *text)
{
	const char	*s = text + c->start, *nl;
	size_t		 n = c->stop - c->start, i;
	int		 cut = 0;
	char		*out;

	if ((nl = memchr(s, '\n', n)) != NULL) {
		n = (size_t)(nl - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		cut = 1;
	}
	if (n > REGION_EXCERPT) {
		n = REGION_EXCERPT;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;	/* do not split a UTF-8 character */
		cut = 1;
	}
	out = xmalloc(n + 4);
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			out[i] = '?';
		else
			out[i] = s[i];
	}
	memcpy(out + n, cut ? "..." : "", cut ? 4 : 1);
	text_printable(out, "");	/* C1 controls too: "\xc2\x9b" is a CSI */
	return (out);
}

/* Count lines up to offset off. */
static void
region_count_lines(struct region_scan *rs, size_t off)
{
	const char	*p = rs->text + rs->lpos, *e = rs->text + off;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		rs->line++;
		p++;
	}
	rs->lpos = off;
}

int
region_line_at(const char *text, size_t off)
{
	const char	*p = text, *e = text + off;
	int		 line = 1;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		line++;
		p++;
	}
	return (line);
}

/* The first wikisync comment in text from from to to, or REGION_NONE. */
static size_t
region_marker_in(const char *text, size_t from, size_t to)
{
	size_t	at = from;

	while ((at = region_search(text, to, at, "<!--", 4)) != REGION_NONE) {
		if (region_ours(text + at + 4, to - at - 4))
			return (at);
		at += 4;
	}
	return (REGION_NONE);
}

/*
 * A comment does not nest: a marker inside another comment is part of
 * it, hidden by the wiki.  Refuse it rather than ignore it, for it is
 * most often a table commented out, whose other marker still counts.
 */
static void
region_nested(struct region_scan *rs, const struct region_comment *c)
{
	size_t	at;

	at = region_marker_in(rs->text, c->start + 4, c->stop);
	if (at == REGION_NONE)
		return;
	rs->err = xasprintf("wikisync marker on line %d is inside the comment "
	    "opened on line %d (comments do not nest, so the wiki hides it): "
	    "take it out of the comment, or delete it",
	    region_line_at(rs->text, at), region_line_at(rs->text, c->start));
}

/* A marker inside <nowiki>, <pre> or <includeonly> would never work. */
static void
region_hidden(struct region_scan *rs, const struct region_element *el)
{
	size_t	at;

	if ((at = region_marker_in(rs->text, el->start, el->stop)) ==
	    REGION_NONE)
		return;
	rs->err = xasprintf("wikisync marker on line %d is inside <%s> (line "
	    "%d), %s: move the markers out of it",
	    region_line_at(rs->text, at), el->name,
	    region_line_at(rs->text, el->start),
	    strcmp(el->name, "includeonly") == 0 ?
	    "which the page itself never shows" :
	    "where the wiki shows wikitext as plain text");
}

/* A begin marker: open a region unless one is open. */
static void
region_begin(struct region_scan *rs, const struct region_comment *c,
    const char *name)
{
	struct region_list	*rl = rs->rl;
	struct region		*r;

	if (rl->n > 0 && rl->v[rl->n - 1].after == 0) {
		r = &rl->v[rl->n - 1];
		rs->err = xasprintf("marker '%s' on line %d begins inside "
		    "region '%s' (line %d): regions cannot nest", name,
		    rs->line, r->name, r->line);
		return;
	}
	if (rl->n == rs->size) {
		rs->size = rs->size == 0 ? 16 : rs->size * 2;
		rl->v = xreallocarray(rl->v, rs->size, sizeof *rl->v);
	}
	r = &rl->v[rl->n++];
	r->name = xstrdup(name);
	r->line = rs->line;
	r->begin = c->start;
	r->body = c->stop;
	r->end = r->after = 0;		/* after 0: still open */
}

/* An end marker: close the open region, which must have this name. */
static void
region_end(struct region_scan *rs, const struct region_comment *c,
    const char *name)
{
	struct region_list	*rl = rs->rl;
	struct region		*r;

	if (rl->n == 0 || rl->v[rl->n - 1].after != 0) {
		rs->err = xasprintf("end marker '%s' on line %d has no "
		    "begin marker", name, rs->line);
		return;
	}
	r = &rl->v[rl->n - 1];
	if (strcmp(r->name, name) != 0) {
		rs->err = xasprintf("end marker '%s' on line %d does not "
		    "match region '%s' opened on line %d", name, rs->line,
		    r->name, r->line);
		return;
	}
	r->end = c->start;
	r->after = c->stop;
}

/* Read the text until the end or the first error. */
static void
region_scan(struct region_scan *rs)
{
	struct region_comment	 c;
	struct region_element	 el;
	struct region		*r;
	char			 name[REGION_NAME_MAX + 1], *ex, *low;
	int			 end, have = 0;

	while (rs->err == NULL && (have || region_next_comment(rs->text,
	    rs->len, rs->pos, &c))) {
		/* Whichever comes first hides the other, as on the wiki. */
		if (region_element_next(&rs->els, rs->text, rs->len, rs->pos,
		    c.start, &el)) {
			region_hidden(rs, &el);
			rs->pos = el.stop;
			have = c.start >= rs->pos;
			continue;
		}
		have = 0;
		rs->pos = c.stop;
		if (!region_ours(c.content, c.clen)) {
			region_nested(rs, &c);
			continue;
		}
		region_count_lines(rs, c.start);
		if (!c.closed || region_parse(c.content, c.clen, &end,
		    name) == -1) {
			ex = region_excerpt(&c, rs->text);
			low = c.closed ? region_lower(&c) : NULL;
			rs->err = xasprintf("malformed wikisync marker on "
			    "line %d: '%s'%s%s%s%s", rs->line, ex,
			    c.closed ? "" : " has no closing '-->'",
			    low != NULL ? "; markers are in lower case, as "
			    "table names are: '" : "", low != NULL ? low : "",
			    low != NULL ? "'" : "");
			free(low);
			free(ex);
		} else if (end)
			region_end(rs, &c, name);
		else
			region_begin(rs, &c, name);
	}
	if (rs->err == NULL && rs->rl->n > 0) {
		r = &rs->rl->v[rs->rl->n - 1];
		if (r->after == 0)
			rs->err = xasprintf("marker '%s' opened on line %d "
			    "is never closed", r->name, r->line);
	}
}

static int
region_cmp(const void *a, const void *b)
{
	const struct region	*ra = *(const struct region *const *)a;
	const struct region	*rb = *(const struct region *const *)b;
	int			 d;

	if ((d = strcmp(ra->name, rb->name)) != 0)
		return (d);
	return (ra->begin < rb->begin ? -1 : ra->begin > rb->begin);
}

/* The regions sorted by name then offset; NULL if there are none. */
static const struct region **
region_sorted(const struct region_list *rl)
{
	const struct region	**s;
	size_t			  i;

	if (rl->n == 0)
		return (NULL);
	s = xreallocarray(NULL, rl->n, sizeof *s);
	for (i = 0; i < rl->n; i++)
		s[i] = &rl->v[i];
	qsort(s, rl->n, sizeof *s, region_cmp);
	return (s);
}

/*
 * Report the first name seen twice, in place of the scan's error: the scan
 * stops at its first error, so every begin marker seen comes before it.
 */
static void
region_check_twice(struct region_scan *rs)
{
	const struct region	**s, *first = NULL, *second = NULL;
	size_t			  i;

	if (rs->rl->n < 2)
		return;
	s = region_sorted(rs->rl);
	for (i = 1; i < rs->rl->n; i++) {
		if (strcmp(s[i - 1]->name, s[i]->name) != 0)
			continue;
		if (second == NULL || s[i]->begin < second->begin) {
			first = s[i - 1];
			second = s[i];
		}
	}
	if (second != NULL) {
		free(rs->err);
		rs->err = xasprintf("region '%s' appears twice (lines %d "
		    "and %d)", second->name, first->line, second->line);
	}
	free(s);
}

int
region_find_all(const char *text, size_t len, struct region_list *rl,
    char **cause)
{
	struct region_scan	rs;

	rl->v = NULL;
	rl->n = 0;
	memset(&rs, 0, sizeof rs);
	rs.text = text;
	rs.len = len;
	rs.line = 1;
	rs.rl = rl;
	region_scan(&rs);
	region_check_twice(&rs);
	if (rs.err == NULL)
		region_check_translate(text, len, rl, &rs.err);
	if (rs.err != NULL) {
		region_list_free(rl);
		*cause = rs.err;
		return (-1);
	}
	return (0);
}

void
region_list_free(struct region_list *rl)
{
	size_t	i;

	for (i = 0; i < rl->n; i++)
		free(rl->v[i].name);
	free(rl->v);
	rl->v = NULL;
	rl->n = 0;
}

const struct region *
region_lookup(const struct region_list *rl, const char *name)
{
	size_t	i;

	for (i = 0; i < rl->n; i++)
		if (strcmp(rl->v[i].name, name) == 0)
			return (&rl->v[i]);
	return (NULL);
}

char *
region_body(const char *text, const struct region *r, size_t *outlen)
{
	size_t	 s = r->body, e = r->end;
	char	*out;

	if (e - s >= 2 && text[s] == '\r' && text[s + 1] == '\n')
		s += 2;
	else if (e - s >= 1 && text[s] == '\n')
		s++;
	if (e - s >= 2 && text[e - 2] == '\r' && text[e - 1] == '\n')
		e -= 2;
	else if (e - s >= 1 && text[e - 1] == '\n')
		e--;
	out = xmalloc(e - s + 1);
	memcpy(out, text + s, e - s);
	out[e - s] = '\0';
	if (outlen != NULL)
		*outlen = e - s;
	return (out);
}

/* The index in s (n regions sorted by name) of name, or REGION_NONE. */
static size_t
region_bsearch(const struct region **s, size_t n, const char *name)
{
	size_t	lo = 0, hi = n, mid;
	int	d;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((d = strcmp(name, s[mid]->name)) == 0)
			return (mid);
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (REGION_NONE);
}

/* Would body, put in region name, keep the page's markers as they are? */
static int
region_check_body(const char *name, const char *body, char **cause)
{
	struct region_comment	c;
	size_t			len = strlen(body), pos = 0;

	while (region_next_comment(body, len, pos, &c)) {
		if (region_ours(c.content, c.clen)) {
			*cause = xasprintf("new text for region '%s' contains "
			    "a wikisync marker", name);
			return (-1);
		}
		if (!c.closed) {
			*cause = xasprintf("new text for region '%s' has a "
			    "'<!--' without '-->'", name);
			return (-1);
		}
		pos = c.stop;
	}
	return (0);
}

/* For each region of rl, its new body or NULL; NULL with *cause. */
static const char **
region_replacements(const struct region_list *rl, const char *const *names,
    const char *const *bodies, size_t n, char **cause)
{
	const struct region	**s;
	const char		**repl;
	size_t			  i, k;

	if (rl->n == 0) {
		if (n == 0)
			return (xcalloc(1, sizeof *repl));
		*cause = xasprintf("no region '%s' on the page", names[0]);
		return (NULL);
	}
	repl = xcalloc(rl->n, sizeof *repl);
	if (n == 0)
		return (repl);
	s = region_sorted(rl);
	for (i = 0; i < n; i++) {
		if ((k = region_bsearch(s, rl->n, names[i])) == REGION_NONE) {
			*cause = xasprintf("no region '%s' on the page",
			    names[i]);
			goto fail;
		}
		k = (size_t)(s[k] - rl->v);
		if (repl[k] != NULL) {
			*cause = xasprintf("region '%s' is given twice",
			    names[i]);
			goto fail;
		}
		if (region_check_body(names[i], bodies[i], cause) == -1)
			goto fail;
		repl[k] = bodies[i];
	}
	free(s);
	return (repl);

fail:
	free(s);
	free(repl);
	return (NULL);
}

/*
 * Does the spliced text still hold its n regions?  A body may open a
 * <nowiki> or an <includeonly> that hides a marker after it, or hold a
 * <translate> tag: the page would then be refused at its next read.
 */
static int
region_reads_back(const char *text, size_t len, size_t n, char **cause)
{
	struct region_list	 nrl;
	char			*why = NULL;

	if (region_find_all(text, len, &nrl, &why) != 0) {
		*cause = xasprintf("the new text would not keep the page's "
		    "regions: %s", why);
		free(why);
		return (-1);
	}
	if (nrl.n != n)
		fatalx("%s: %zu regions spliced, %zu read back", __func__, n,
		    nrl.n);
	region_list_free(&nrl);
	return (0);
}

char *
region_splice(const char *text, size_t len, const struct region_list *rl,
    const char *const *names, const char *const *bodies, size_t n,
    size_t *outlen, char **cause)
{
	const struct region	 *r;
	const char		**repl;
	struct buf		  b;
	size_t			  k, pos = 0, blen;

	for (k = 0; k < rl->n; k++) {
		r = &rl->v[k];
		if (r->begin < pos || r->body > r->end ||
		    r->end >= r->after || r->after > len)
			fatalx("%s: regions do not fit the text", __func__);
		pos = r->after;
	}
	if ((repl = region_replacements(rl, names, bodies, n, cause)) == NULL)
		return (NULL);
	buf_init(&b, BUF_UNLIMITED);
	pos = 0;
	for (k = 0; k < rl->n; k++) {
		r = &rl->v[k];
		buf_add(&b, text + pos, r->body - pos);
		if (repl[k] != NULL) {
			buf_addc(&b, '\n');
			blen = strlen(repl[k]);
			buf_add(&b, repl[k], blen);
			if (blen > 0 && repl[k][blen - 1] != '\n')
				buf_addc(&b, '\n');
		} else
			buf_add(&b, text + r->body, r->end - r->body);
		pos = r->end;
	}
	buf_add(&b, text + pos, len - pos);
	free(repl);
	if (region_reads_back(b.data, b.len, rl->n, cause) != 0) {
		buf_free(&b);
		return (NULL);
	}
	*outlen = b.len;
	return (buf_detach(&b));
}

char *
region_marker(const char *name, int end)
{
	return (xasprintf("<!-- wikisync:%s %s -->", end ? "end" : "begin",
	    name));
}
