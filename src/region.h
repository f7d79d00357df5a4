/*
 * Marked regions of a wiki page: the text a table owns, between
 *
 *	<!-- wikisync:begin NAME -->
 *	<!-- wikisync:end NAME -->
 *
 * Finding them and splicing new text into them without touching a byte
 * outside them.
 *
 * The rules:
 *  - A comment runs from "<!--" to the first "-->" after it (so "<!-->"
 *    does not close itself), as MediaWiki reads them.  Comments do not
 *    nest: in "<!-- note <!-- wikisync:begin x -->" the marker is part of
 *    the note, hidden by the wiki, and an error (most often a table
 *    commented out, whose other marker still counts).  A "<!--" without a
 *    "-->" hides the rest of the text.
 *  - <nowiki>, <pre> and <includeonly> elements are read as the wiki's
 *    preprocessor reads them (whichever of a comment and an element
 *    starts first hides the other; any case; an element runs to its first
 *    closing tag; "<nowiki/>" and an unclosed <nowiki> or <pre> hide
 *    nothing; an unclosed <includeonly> runs to the end).  A marker
 *    inside one is an error: the wiki would show it, and the table, as
 *    plain text, or (includeonly) never show them on the page.
 *    <noinclude> and <onlyinclude> show on the page and are ignored.
 *  - <translate> units are read as the Translate extension reads them:
 *    "<translate>" or "<translate nowrap>" to the first "</translate>"
 *    (or the end), in that case only, comments no exception, text in
 *    "<nowiki>...</nowiki>" excepted.  A marker inside a unit, or a
 *    <translate> or </translate> tag between a region's markers, is an
 *    error: every edit there would outdate the unit's translations.
 *  - A comment is a wikisync comment when its content, after any leading
 *    white space (including line ends), starts with "wikisync:" in any
 *    case.  It must then be exactly a marker, or it is an error:
 *	"<!--" [sp] "wikisync:" ("begin" | "end") sp+ NAME [sp] "-->"
 *    where sp is a run of spaces and tabs (no line ends) and NAME is a
 *    table name: lower-case ASCII letters, digits, '.', '_', '-', not
 *    starting with '.', '_' or '-', 1 to 64 bytes.  An unterminated
 *    wikisync comment is an error too.  Other comments are ignored.
 *  - Lines are counted by "\n" and reported from 1; the text may hold any
 *    bytes, NUL included.
 *  - A region's body is the text between its markers.  One line end
 *    ("\n" or "\r\n") just after the begin marker and one just before the
 *    end marker belong to the markers, not to the body (region_body).
 *    region_splice always writes "\n" there.
 */
#ifndef REGION_H
#define REGION_H

#include <stddef.h>

#define REGION_NAME_MAX	64	/* bytes in a region (table) name */

struct region {
	char	*name;
	int	 line;		/* 1-based line of the begin marker */
	size_t	 begin;		/* offset of the begin marker's "<!--" */
	size_t	 body;		/* offset just after the begin marker's "-->" */
	size_t	 end;		/* offset of the end marker's "<!--" */
	size_t	 after;		/* offset just after the end marker's "-->" */
};

/* Regions in text order; the list owns v and the names. */
struct region_list {
	struct region	*v;
	size_t		 n;
};

/*
 * Find every region of text (len bytes, need not be NUL-terminated) and
 * fill the list (which need not be initialized), in text order.  Text
 * without markers gives n = 0.  Returns 0, or -1 with *cause allocated
 * and the list empty (v NULL, n 0).  The first error met reading the text
 * from the start is reported; an unclosed region is only known at the end
 * of the text, so an error after its begin marker is reported first.
 * The errors:
 *	"malformed wikisync marker on line 4: '<!-- wikisync:start x -->'"
 *	"malformed wikisync marker on line 4: '<!-- wikisync:end x' has no
 *	    closing '-->'"
 *	"marker 'x' opened on line 3 is never closed"
 *	"end marker 'x' on line 9 has no begin marker"
 *	"marker 'y' on line 5 begins inside region 'x' (line 3): regions
 *	    cannot nest"
 *	"end marker 'y' on line 5 does not match region 'x' opened on line 3"
 *	"region 'x' appears twice (lines 3 and 12)"
 *	"wikisync marker on line 4 is inside the comment opened on line 2
 *	    (comments do not nest, so the wiki hides it): take it out of
 *	    the comment, or delete it"
 *	"wikisync marker on line 4 is inside <nowiki> (line 2), where the
 *	    wiki shows wikitext as plain text: move the markers out of it"
 *	"region 'x': its begin marker (line 4) is inside the <translate>
 *	    unit opened on line 2; an edit inside <translate> outdates
 *	    every translation of the unit: put the markers outside it, the
 *	    table between a </translate> and the next <translate>"
 *	"region 'x' (line 4) holds the <translate> tag on line 6, which its
 *	    next sync would delete; an edit inside <translate> ..."
 * The <translate> errors come after every other, once the regions are
 * known.
 * The quoted comment in a malformed-marker message is cut at its first
 * line end or after 60 bytes ("..." marks the cut), control characters
 * (C0, DEL, C1) shown as '?'.
 */
int		 region_find_all(const char *text, size_t len,
		     struct region_list *, char **cause);
/* Free the names and the array; the list is left empty. */
void		 region_list_free(struct region_list *);
/* The region called name, or NULL (a linear search). */
const struct region *region_lookup(const struct region_list *,
		     const char *name);
/*
 * The body of a region of text, newly allocated and NUL-terminated (it
 * may hold NULs too), without the one line end, "\n" or "\r\n", that
 * follows the begin marker and the one that precedes the end marker.
 * *outlen, if outlen is not NULL, is its length.
 */
char		*region_body(const char *text, const struct region *,
		     size_t *outlen);
/*
 * New page text: text with the body of each region names[i] replaced by
 * bodies[i] (n parallel arrays, n may be 0).  A region becomes
 * "<begin marker>\n" + body + "\n<end marker>", where a body that already
 * ends in "\n" gets no other one and an empty body gives
 * "<begin marker>\n<end marker>".  Every byte outside the replaced bodies,
 * the markers included exactly as they were written, is copied unchanged,
 * and so is the body of a region not named.
 *
 * So the body read back from a spliced region is the body given without
 * one trailing "\n", "\r\n" or "\r" (the text to compare when looking for
 * a hand edit).  Splicing back the body region_body gives leaves a region
 * "<begin>\nBODY\n<end>" (BODY not empty, not ending in "\n" or "\r") or
 * "<begin>\n<end>" as it is; so does any region that region_splice wrote
 * from a body that did not end in two line ends, in "\r" or in "\r\n".
 *
 * The regions list must come from region_find_all on the same text (a
 * list that does not fit the text is a fatal error).
 * Returns a newly allocated NUL-terminated string and its length in
 * *outlen, or NULL with *cause allocated:
 *	"no region 'x' on the page"
 *	"region 'x' is given twice"
 *	"new text for region 'x' contains a wikisync marker"
 *	"new text for region 'x' has a '<!--' without '-->'"
 *	"the new text would not keep the page's regions: wikisync marker
 *	    on line 9 is inside <nowiki> (line 4), ..."
 * (the last three because the page would no longer read back as the
 * same regions: the last is region_find_all's error on the new text).
 */
char		*region_splice(const char *text, size_t len,
		     const struct region_list *, const char *const *names,
		     const char *const *bodies, size_t n, size_t *outlen,
		     char **cause);
/*
 * The begin marker (end 0) or end marker (end 1) for name as wikisync
 * writes it, newly allocated: "<!-- wikisync:begin NAME -->".  name must
 * be a valid region name.
 */
char		*region_marker(const char *name, int end);

#endif
