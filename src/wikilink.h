/*
 * Escaping values for the targets of wiki links, the contexts that
 * wikitext_escape() (text) cannot serve: an external link's URL
 * ("[URL label]") and an internal link's title ("[[TITLE|label]]").
 * The value must become exactly that target, or be refused: it can
 * never end the link, start another, add a category, file, template,
 * signature or behaviour switch, nor make a link to something else.
 */
#ifndef WIKILINK_H
#define WIKILINK_H

#include <stddef.h>

#include "template.h"

struct buf;

/* Most bytes a title may have (MediaWiki's limit for page names). */
#define WIKILINK_TITLE_MAX	255

/*
 * The length of the URL scheme s (len bytes) starts with, among those
 * MediaWiki links by default ($wgUrlProtocols: "http://", "https://",
 * "mailto:", "//", ...; in any case), or 0 if none.
 */
size_t	wikilink_scheme(const char *s, size_t len);

/*
 * Append URL s to b as an external link target.  first says s starts
 * the target: then it must be valid UTF-8 and start with a scheme of
 * wikilink_scheme() followed by something.  Percent-encoded (UTF-8
 * bytes): space, controls, DEL, [ ] < > " { } | ' and Unicode space
 * separators (each would end or break the link), ~ (a signature), an
 * _ before another _ (a behaviour switch) and U+FFFD; entities, which
 * the wiki decodes in a URL: & = ! so that the target is the
 * stored URL and no template argument, table cell or entity appears.
 * Returns 0, 1 with *why if s is refused (b unchanged), -1 if b is full.
 */
int	wikilink_escape_url(struct buf *b, const char *s, int first,
	    const char **why);

/*
 * Append page title s to b as (part of) an internal link target.
 * Refused: invalid UTF-8, controls, the characters no title may hold
 * (< > [ ] | { }), "%" with two hex digits (the parser decodes them),
 * "~~~", relative paths ("." and ".." parts), more than
 * WIKILINK_TITLE_MAX bytes, and, if first (s starts the target), an
 * empty title, a "#" first, two ":" first or the "Media:" namespace
 * (a link to the file itself), and if not first, a ":" first (which
 * would make "::").  Entities: & ' " = ! and an _ before
 * another _.  The caller puts ":" before a target that a value starts,
 * so that "Category:X", "File:X" or "fr:X" link to that page.
 * Returns 0, 1 with *why if s is refused (b unchanged), -1 if b is full.
 */
int	wikilink_escape_title(struct buf *b, const char *s, int first,
	    const char **why);

/* Dispatch on ctx, for struct template_escaper's link. */
int	wikilink_escape(struct buf *b, const char *s, enum template_ctx ctx,
	    const char **why);

#endif
