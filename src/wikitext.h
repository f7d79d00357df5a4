/*
 * Escaping data for wikitext: a value put into a page (typically a table
 * cell, "| value || value") is shown exactly as typed and can never open
 * or close a table cell or row, a link, an external or magic link, a
 * template or parser function, a tag or comment, a heading, a list item,
 * a signature or a behaviour switch, nor break the line.  The rules are
 * those of MediaWiki's wfEscapeWikiText(), written anew and tightened.
 */
#ifndef WIKITEXT_H
#define WIKITEXT_H

#include <stddef.h>

struct buf;

/* Code points a value keeps in wikitext_escape(), the "…" included. */
#define WIKITEXT_FIELD_MAX	1000

/*
 * Most bytes the escaped form of one code point takes ("&#12288;"), so
 * a value of n code points escapes to at most n * WIKITEXT_CP_BYTES bytes.
 */
#define WIKITEXT_CP_BYTES	8

/*
 * Append the escaped form of the C string s to b (s ends at its first NUL,
 * so a value cannot carry one).  The value is first cleaned:
 *  - each invalid UTF-8 sequence (stray or missing continuation byte,
 *    overlong form, surrogate, beyond U+10FFFF) becomes one U+FFFD per
 *    maximal invalid subpart, as in the Unicode standard;
 *  - CR, LF, tab, NEL (U+0085), U+2028 and U+2029 become spaces, one
 *    each (CR LF gives two), so the value never breaks the line;
 *  - other C0 controls, DEL and C1 controls are dropped;
 *  - everything else (soft hyphen, bidi marks, noncharacters) is kept.
 * A cleaned value longer than WIKITEXT_FIELD_MAX code points is cut at a
 * code point boundary so that, with "…" appended, it has exactly that
 * many.  Then these become decimal entities ("&#124;"):
 *  - always: " & ' < = > [ ] { | } ;
 *  - the first character if it is one of ! # * : space tab + - _ ~
 *    (a value may start a line: lists, indents, preformatted text,
 *    "----", table syntax, signatures);
 *  - the last character if it is one of _ ~ !
 *    (so it cannot join the template text after it);
 *  - each ! followed by !, each _ followed by _, each ~ followed by ~~
 *    (so no "!!", "__" or "~~~" is left);
 *  - a : followed by // or preceded by a URL scheme without "//"
 *    (mailto, news, tel, urn, ... in any case);
 *  - a space or other Unicode space separator after ISBN, RFC or PMID
 *    (in any case); but for U+00A0, which MediaWiki takes as a space even
 *    as "&#160;", the word's last letter instead ("RF&#67;");
 *  - a space before ? : ; ! % or a closing guillemet, or after an
 *    opening one, which MediaWiki's "French spacing" would show as a
 *    no-break space (checked on the wiki: "&#32;" stays a space).
 * The result is valid UTF-8 and decodes, entities resolved, to the cleaned
 * value.  Returns 0, or -1 if it does not fit in b; b is unchanged then.
 */
int	wikitext_escape(struct buf *b, const char *s);

/*
 * The same with a limit of max_chars code points instead of
 * WIKITEXT_FIELD_MAX (0 gives an empty value; "…" counts as one).
 */
int	wikitext_escape_max(struct buf *b, const char *s, size_t max_chars);

#endif
