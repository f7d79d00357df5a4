/*
 * The wikitext around marked regions: the preprocessor's elements that
 * hide a marker from the page (<nowiki>, <pre>, <includeonly>), read as
 * MediaWiki's preprocessor reads them, and the <translate> units of a
 * translatable page, read as the Translate extension reads them.  A
 * region in either place would never show, or would show, as intended.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "region-int.h"
#include "xmalloc.h"

static const char *const region_hiding[] = {
	"nowiki", "pre", "includeonly"
};
#define REGION_NHIDING	(sizeof region_hiding / sizeof region_hiding[0])
#define REGION_RUNS_OUT	2	/* includeonly: unclosed, it runs out */

/* The preprocessor's \s. */
static int
region_ws(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v');
}

/* Does a closing tag "</name\s*>" start at i?  Its length, or 0. */
static size_t
region_closing(const char *text, size_t len, size_t i, const char *name)
{
	size_t	n = strlen(name), k;

	if (len - i < n + 3 || text[i] != '<' || text[i + 1] != '/' ||
	    strncasecmp(text + i + 2, name, n) != 0)
		return (0);
	for (k = i + 2 + n; k < len && region_ws(text[k]); k++)
		/* nothing */;
	return (k < len && text[k] == '>' ? k + 1 - i : 0);
}

/* The offset after name's first closing tag from from, or REGION_NONE. */
static size_t
region_close_after(const char *text, size_t len, size_t from,
    const char *name)
{
	size_t	i = from, n;

	while ((i = region_search(text, len, i, "</", 2)) != REGION_NONE) {
		if ((n = region_closing(text, len, i, name)) != 0)
			return (i + n);
		i += 2;
	}
	return (REGION_NONE);
}

/* Which hiding element opens at i ("<name" then \s, "/>" or ">")? */
static int
region_opening(const char *text, size_t len, size_t i)
{
	size_t	k, n;
	char	c;

	for (k = 0; k < REGION_NHIDING; k++) {
		n = strlen(region_hiding[k]);
		if (len - i < n + 2 ||
		    strncasecmp(text + i + 1, region_hiding[k], n) != 0)
			continue;
		c = text[i + 1 + n];
		if (region_ws(c) || c == '>' || (c == '/' &&
		    i + 2 + n < len && text[i + 2 + n] == '>'))
			return ((int)k);
	}
	return (-1);
}

int
region_element_next(struct region_elements *st, const char *text,
    size_t len, size_t from, size_t limit, struct region_element *el)
{
	const char	*p;
	size_t		 i = from, gt, stop;
	int		 k;

	if (limit > len)
		limit = len;
	while (i < limit && (p = memchr(text + i, '<', limit - i)) != NULL) {
		i = (size_t)(p - text);
		if ((k = region_opening(text, len, i)) == -1 ||
		    (st->noclose & (1u << k)) != 0) {
			i++;
			continue;
		}
		if ((p = memchr(p, '>', len - i)) == NULL) {
			/* No tag ends: the preprocessor looks no further. */
			st->noclose = ~0u;
			return (0);
		}
		gt = (size_t)(p - text);
		if (text[gt - 1] == '/') {		/* <nowiki/> */
			i = gt + 1;
			continue;
		}
		stop = region_close_after(text, len, gt + 1,
		    region_hiding[k]);
		if (stop == REGION_NONE && k == REGION_RUNS_OUT)
			stop = len;
		if (stop == REGION_NONE) {
			/* Unclosed: the tag is text, and so are later ones. */
			st->noclose |= 1u << k;
			i = gt + 1;
			continue;
		}
		el->name = region_hiding[k];
		el->start = i;
		el->stop = stop;
		return (1);
	}
	return (0);
}

/* A <translate> tag outside <nowiki>, as Translate reads the page. */
struct region_ttag {
	size_t	off;
	size_t	len;
	int	close;
};

/* Is a translate tag at i?  Its length, or 0 (case as Translate has it). */
static size_t
region_ttag_at(const char *text, size_t len, size_t i, int *close)
{
	static const char *const tags[] = { "<translate>",
	    "<translate nowrap>", "</translate>" };
	size_t	k, n;

	for (k = 0; k < 3; k++) {
		n = strlen(tags[k]);
		if (len - i >= n && memcmp(text + i, tags[k], n) == 0) {
			*close = k == 2;
			return (n);
		}
	}
	return (0);
}

/* Every translate tag of text outside <nowiki>...</nowiki>, in order. */
static struct region_ttag *
region_ttags(const char *text, size_t len, size_t *n)
{
	struct region_ttag	*v = NULL;
	const char		*p;
	size_t			 i = 0, tl, end;
	int			 close;

	*n = 0;
	while (i < len && (p = memchr(text + i, '<', len - i)) != NULL) {
		i = (size_t)(p - text);
		/* Translate armours exactly "<nowiki>" to "</nowiki>". */
		if (len - i >= 8 && memcmp(p, "<nowiki>", 8) == 0 &&
		    (end = region_search(text, len, i + 8, "</nowiki>", 9)) !=
		    REGION_NONE) {
			i = end + 9;
			continue;
		}
		if ((tl = region_ttag_at(text, len, i, &close)) == 0) {
			i++;
			continue;
		}
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[*n].off = i;
		v[*n].len = tl;
		v[*n].close = close;
		(*n)++;
		i += tl;
	}
	return (v);
}

/*
 * The opening tag of the unit that holds offset off, or NULL: a unit runs
 * from "<translate>" to the first "</translate>" after it, or to the end.
 */
static const struct region_ttag *
region_unit_at(const struct region_ttag *v, size_t n, size_t off)
{
	const struct region_ttag	*open = NULL;
	size_t				 i;

	for (i = 0; i < n && v[i].off < off; i++) {
		if (v[i].close)
			open = NULL;
		else if (open == NULL)
			open = &v[i];
	}
	return (open);
}

#define REGION_TADVICE	"an edit inside <translate> outdates every " \
	"translation of the unit: put the markers outside it, the table " \
	"between a </translate> and the next <translate>"

/* Check one region against the tags; 0 or -1 with *cause. */
static int
region_translate_one(const char *text, const struct region *r,
    const struct region_ttag *v, size_t n, char **cause)
{
	const struct region_ttag	*u;
	size_t				 i;
	int				 end;

	for (end = 0; end < 2; end++) {
		u = region_unit_at(v, n, end ? r->end : r->begin);
		if (u == NULL)
			continue;
		*cause = xasprintf("region '%s': its %s marker (line %d) is "
		    "inside the <translate> unit opened on line %d; %s",
		    r->name, end ? "end" : "begin", end ? region_line_at(text,
		    r->end) : r->line, region_line_at(text, u->off),
		    REGION_TADVICE);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (v[i].off < r->body || v[i].off >= r->end)
			continue;
		*cause = xasprintf("region '%s' (line %d) holds the %.*s tag "
		    "on line %d, which its next sync would delete; %s",
		    r->name, r->line, (int)v[i].len, text + v[i].off,
		    region_line_at(text, v[i].off), REGION_TADVICE);
		return (-1);
	}
	return (0);
}

int
region_check_translate(const char *text, size_t len,
    const struct region_list *rl, char **cause)
{
	struct region_ttag	*v;
	size_t			 n, i;
	int			 rv = 0;

	if (rl->n == 0)
		return (0);
	v = region_ttags(text, len, &n);
	for (i = 0; i < rl->n && rv == 0; i++)
		rv = region_translate_one(text, &rl->v[i], v, n, cause);
	free(v);
	return (rv);
}
