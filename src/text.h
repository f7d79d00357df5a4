/*
 * Text rules for everything that enters the registry: valid UTF-8, no
 * control characters, Unicode NFC (MediaWiki stores NFC; text in another
 * form would make every sync look like a change).  Uses utf8proc.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_ALLOW_NEWLINE	0x1	/* keep \n (CR LF and CR become \n) */

/*
 * Check s (len bytes, need not be NUL-terminated) and return a newly
 * allocated NFC copy in *out.  Returns 0, or -1 with *why set to a newly
 * allocated description for the caller to free ("invalid UTF-8 at byte
 * 7", "control character U+001B at byte 3"; bytes counted from 1).
 * Refused: invalid UTF-8, NUL, C0 and C1 controls and DEL
 * (tab and newline too, unless TEXT_ALLOW_NEWLINE lets newlines in),
 * noncharacters and unassigned code points are allowed.
 */
int	text_normalize(const char *s, size_t len, int flags, char **out,
	    char **why);

/*
 * Decode the code point at p (len > 0 bytes available).  Returns its
 * length in bytes with *cp set; an invalid, overlong, surrogate, too
 * large or truncated sequence sets *cp to -1 and returns the length of
 * its maximal subpart (at least 1), as Unicode recommends for replacing
 * it with one U+FFFD.
 */
size_t	text_utf8_decode(const unsigned char *p, size_t len, int32_t *cp);

/* Columns the UTF-8 string takes on a terminal (for aligned tables). */
size_t	text_width(const char *s);

/*
 * Copy the longest prefix of s that fits in width columns into a new
 * string, ending in "…" if anything was cut.
 */
char	*text_truncate(const char *s, size_t width);

/* A newly allocated case-folded copy, for case-insensitive matching. */
char	*text_casefold(const char *s);

/*
 * Make s, in place, fit to print on a terminal or write as a log line:
 * each control character (C0, DEL and C1: the start of an escape
 * sequence, a line break) becomes one '?', but for the C0 characters in
 * keep ("\n\t" for multi-line text, "" for one line), and so does each
 * byte of invalid UTF-8 (a lone 0x9b is a CSI on an 8-bit terminal).
 * Everything else, bidi controls included, is kept.  s never grows.
 */
void	text_printable(char *s, const char *keep);

#endif
