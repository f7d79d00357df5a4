/*
 * Inside the region module: what region.c (markers) and region-wt.c
 * (the wikitext around them) share.
 */
#ifndef REGION_INT_H
#define REGION_INT_H

#include <stddef.h>
#include <stdint.h>

#include "region.h"

#define REGION_NONE	SIZE_MAX

/* The first offset of needle in s at or after from, or REGION_NONE. */
size_t	region_search(const char *s, size_t len, size_t from,
	    const char *needle, size_t nlen);
/* Does a comment's content start with "wikisync:", in any case? */
int	region_ours(const char *s, size_t len);
/* The 1-based line of offset off in text. */
int	region_line_at(const char *text, size_t off);

/*
 * Elements of the wiki's preprocessor whose content the page never shows
 * as wikitext: <nowiki>, <pre> (shown as text) and <includeonly> (not
 * shown on the page itself).  Names are matched in any case, as the
 * preprocessor does.
 */
struct region_element {
	const char	*name;		/* "nowiki", "pre", "includeonly" */
	size_t		 start;		/* offset of the opening '<' */
	size_t		 stop;		/* after the closing tag, or the end */
};

/* The state of region_element_next: which names have no closing tag. */
struct region_elements {
	unsigned	 noclose;	/* bit i: name i is never closed */
};

/*
 * The first element that opens at or after from and before limit, as the
 * preprocessor reads it (a self-closed "<nowiki/>" is no element, nor is
 * an unclosed <nowiki> or <pre>; an unclosed <includeonly> runs to the
 * end of the text).  Returns 1 with *el filled, or 0.
 */
int	region_element_next(struct region_elements *, const char *text,
	    size_t len, size_t from, size_t limit, struct region_element *el);
/*
 * Refuse the regions of rl that a translatable page (the Translate
 * extension) cannot hold: a marker inside a <translate> unit, or a
 * <translate> or </translate> tag between a region's markers.  Returns 0,
 * or -1 with *cause allocated.
 */
int	region_check_translate(const char *text, size_t len,
	    const struct region_list *rl, char **cause);

#endif
