/*
 * Escaping values for wikitext: clean the value (valid UTF-8, no controls,
 * no line breaks), cut it to a length, then turn every character that
 * could mean something to the MediaWiki parser into a decimal entity.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "wikitext.h"

#define WIKITEXT_REPLACEMENT	0xfffd
#define WIKITEXT_ELLIPSIS	"\xe2\x80\xa6"

/*
 * What an ASCII character can be, by the rules in wikitext.h: always an
 * entity (tables, links, templates, tags, headings, quotes); one as the
 * first character (the value may start a line); one as the last (it
 * could join the text after); one depending on its neighbours (see
 * wikitext_special); or a control, which cleaning drops or makes a
 * space (so the tab, which the rules name, is only ever a control here).
 * A character with none of these is kept as it is unless a U+00A0
 * follows it (see wikitext_encode).
 */
#define WT_ALWAYS	0x01
#define WT_FIRST	0x02
#define WT_LAST		0x04
#define WT_NEXT		0x08
#define WT_CTRL		0x10

static const unsigned char wikitext_class[128] = {
	WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL,
	WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL,
	WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL,
	WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL, WT_CTRL,
	['"'] = WT_ALWAYS, ['&'] = WT_ALWAYS, ['\''] = WT_ALWAYS,
	['<'] = WT_ALWAYS, ['='] = WT_ALWAYS, ['>'] = WT_ALWAYS,
	['['] = WT_ALWAYS, [']'] = WT_ALWAYS, ['{'] = WT_ALWAYS,
	['|'] = WT_ALWAYS, ['}'] = WT_ALWAYS, [';'] = WT_ALWAYS,
	['#'] = WT_FIRST, ['*'] = WT_FIRST, ['+'] = WT_FIRST,
	['-'] = WT_FIRST,
	[':'] = WT_FIRST | WT_NEXT, [' '] = WT_FIRST | WT_NEXT,
	['!'] = WT_FIRST | WT_LAST | WT_NEXT,
	['_'] = WT_FIRST | WT_LAST | WT_NEXT,
	['~'] = WT_FIRST | WT_LAST | WT_NEXT,
	[0x7f] = WT_CTRL,
};

/* A word of ASCII letters, and its length. */
struct wikitext_word {
	const char	*s;
	size_t		 len;
};
#define WORD(s)		{ (s), sizeof(s) - 1 }

/* URL schemes MediaWiki links without "//" ($wgUrlProtocols). */
static const struct wikitext_word wikitext_schemes[] = {
	WORD("bitcoin"), WORD("geo"), WORD("magnet"), WORD("mailto"),
	WORD("matrix"), WORD("news"), WORD("sip"), WORD("sips"), WORD("sms"),
	WORD("tel"), WORD("urn"), WORD("xmpp"), { NULL, 0 }
};

/* Words that make a magic link when a space follows. */
static const struct wikitext_word wikitext_magic[] = {
	WORD("ISBN"), WORD("RFC"), WORD("PMID"), { NULL, 0 }
};

/* text_utf8_decode, with U+FFFD for an invalid sequence. */
static size_t
wikitext_decode(const unsigned char *p, size_t len, uint32_t *cp)
{
	int32_t	c;
	size_t	n;

	n = text_utf8_decode(p, len, &c);
	*cp = c < 0 ? WIKITEXT_REPLACEMENT : (uint32_t)c;
	return (n);
}

/* Add code point cp to b as UTF-8. */
static int
wikitext_addcp(struct buf *b, uint32_t cp)
{
	utf8proc_uint8_t	u[4];
	utf8proc_ssize_t	n;

	n = utf8proc_encode_char((utf8proc_int32_t)cp, u);
	return (buf_add(b, u, (size_t)n));
}

/* What cleaning makes of cp: itself, a space, or -1 to drop it. */
static int32_t
wikitext_clean_cp(uint32_t cp)
{
	if (cp == '\r' || cp == '\n' || cp == '\t' || cp == 0x85 ||
	    cp == 0x2028 || cp == 0x2029)
		return (' ');
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return (-1);
	return ((int32_t)cp);
}

/*
 * How many bytes of s (len bytes) to keep so that the cleaned value has
 * at most max_chars (> 0) code points; *cut is set if "…" must follow
 * them.
 */
static size_t
wikitext_cut(const char *s, size_t len, size_t max_chars, int *cut)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n, count = 0, keep = 0;
	uint32_t		 cp;

	*cut = 0;
	for (i = 0; i < len; i += n) {
		n = wikitext_decode(p + i, len - i, &cp);
		if (wikitext_clean_cp(cp) == -1)
			continue;
		if (count == max_chars) {
			*cut = 1;
			return (keep);
		}
		if (++count == max_chars - 1)
			keep = i + n;
	}
	return (len);
}

/* Clean s into out and cut it to max_chars code points (see wikitext.h). */
static int
wikitext_clean(struct buf *out, const char *s, size_t max_chars)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n, end;
	uint32_t		 cp;
	int32_t			 c;
	int			 cut;

	if (max_chars == 0)
		return (0);
	end = wikitext_cut(s, strlen(s), max_chars, &cut);
	for (i = 0; i < end; i += n) {
		n = wikitext_decode(p + i, end - i, &cp);
		if ((c = wikitext_clean_cp(cp)) == -1)
			continue;
		if (wikitext_addcp(out, (uint32_t)c) == -1)
			return (-1);
	}
	if (cut)
		return (buf_adds(out, WIKITEXT_ELLIPSIS));
	return (0);
}

/*
 * Does s[0..i) end with one of words, in any case?  The words are ASCII
 * letters, so "| 0x20" folds case: it turns a byte into a word's letter
 * only if the byte is that letter in either case.  (As strncasecmp in
 * the C locale, but without a call per word.)
 */
static inline int
wikitext_after(const char *s, size_t i, const struct wikitext_word *w)
{
	const char	*p;
	size_t		 k;

	for (; w->s != NULL; w++) {
		if (w->len > i)
			continue;
		p = s + i - w->len;
		for (k = w->len; k > 0; k--) {
			if ((p[k - 1] | 0x20) != (w->s[k - 1] | 0x20))
				break;
		}
		if (k == 0)
			return (1);
	}
	return (0);
}

/*
 * Is the space at s[i] one that MediaWiki turns into a no-break space
 * (its "French spacing": before ? : ; ! % >> >, after << <)?  As an
 * entity it stays the space that was typed.
 */
static int
wikitext_french(const char *s, size_t i, size_t n)
{
	const char	*next = s + i + 1;

	switch (*next) {
	case '?':
	case ':':
	case ';':
	case '!':
	case '%':
		if (i + 1 < n)
			return (1);
		break;
	case '\xc2':
		if (next[1] == '\xbb')
			return (1);
		break;
	case '\xe2':
		if (next[1] == '\x80' && next[2] == '\xba')
			return (1);
		break;
	}
	return ((i >= 2 && s[i - 2] == '\xc2' && s[i - 1] == '\xab') ||
	    (i >= 3 && s[i - 3] == '\xe2' && s[i - 2] == '\x80' &&
	    s[i - 1] == '\xb9'));
}

/*
 * Must the ASCII character at s[i] (of n bytes) become an entity?  (Not
 * for being before a U+00A0: wikitext_encode sees to that.)
 */
static int
wikitext_special(const char *s, size_t i, size_t n)
{
	char	c = s[i];
	int	f = wikitext_class[(unsigned char)c];

	if (f & WT_ALWAYS)
		return (1);
	if (i == 0 && (f & WT_FIRST))
		return (1);
	if (i == n - 1 && (f & WT_LAST))
		return (1);
	switch (c) {
	case '!':
	case '_':
		return (s[i + 1] == c);
	case '~':
		return (s[i + 1] == '~' && s[i + 2] == '~');
	case ':':
		return ((s[i + 1] == '/' && s[i + 2] == '/') ||
		    wikitext_after(s, i, wikitext_schemes));
	case ' ':
		return (wikitext_after(s, i, wikitext_magic) ||
		    wikitext_french(s, i, n));
	}
	return (0);
}

/* Add s[from..to) to b, then the decimal entity of cp ("&#124;"). */
static int
wikitext_entity(struct buf *b, const char *s, size_t from, size_t to,
    uint32_t cp)
{
	char	e[16], *p = e + sizeof e;

	if (buf_add(b, s + from, to - from) == -1)
		return (-1);
	*--p = ';';
	do {
		*--p = '0' + cp % 10;
		cp /= 10;
	} while (cp > 0);
	*--p = '#';
	*--p = '&';
	return (buf_add(b, p, (size_t)(e + sizeof e - p)));
}

/* The number of code points in the n bytes of valid UTF-8 at s. */
static size_t
wikitext_count(const char *s, size_t n)
{
	size_t	i, count = 0;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	}
	return (count);
}

/*
 * Escape the n bytes of s (s[n] a NUL) into out; the bytes between two
 * entities go in with one buf_add.  If check is 0, s is a cleaned value
 * (valid UTF-8 without controls, cut already).  If check is 1, s has not
 * been cleaned: at the first thing that cleaning would change, or if
 * s is longer than max_chars code points, or if out is full, stop and
 * return -1 with out as it was; the caller cleans s and tries again.
 */
static int
wikitext_encode(struct buf *out, const char *s, size_t n, size_t max_chars,
    int check)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, len, from = 0, start = out->len;
	int32_t			 c;
	uint32_t		 cp;
	int			 special;

	if (check && n > max_chars && wikitext_count(s, n) > max_chars)
		return (-1);
	while (i < n) {
		/* Letters, digits and harmless marks: most of a value. */
		if (p[i] < 0x80 && wikitext_class[p[i]] == 0) {
			i++;
			continue;
		}
		if (p[i] < 0x80) {
			if (wikitext_class[p[i]] & WT_CTRL)
				goto fail;
			len = 1;
			cp = p[i];
			special = wikitext_special(s, i, n);
		} else {
			len = text_utf8_decode(p + i, n - i, &c);
			if (c < 0 || wikitext_clean_cp((uint32_t)c) != c)
				goto fail;
			cp = (uint32_t)c;
			/*
			 * MediaWiki takes U+00A0 as a space in any form, even
			 * "&#160;": after ISBN, RFC or PMID the word's last
			 * letter, still to be added, becomes the entity.
			 */
			if (cp == 0xa0 && from < i &&
			    wikitext_after(s, i, wikitext_magic)) {
				if (wikitext_entity(out, s, from, i - 1,
				    p[i - 1]) == -1)
					goto fail;
				from = i;
			}
			special = cp != 0xa0 &&
			    utf8proc_category((utf8proc_int32_t)cp) ==
			    UTF8PROC_CATEGORY_ZS &&
			    wikitext_after(s, i, wikitext_magic);
		}
		if (special) {
			if (wikitext_entity(out, s, from, i, cp) == -1)
				goto fail;
			from = i + len;
		}
		i += len;
	}
	if (buf_add(out, s + from, n - from) == -1)
		goto fail;
	return (0);

fail:
	if (check) {
		/* Leave out as it was. */
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
	}
	return (-1);
}

int
wikitext_escape_max(struct buf *b, const char *s, size_t max_chars)
{
	struct buf	clean, out;
	int		rv = -1;

	/*
	 * Most values are clean: encode them straight into b.  The others,
	 * and any that do not fit, are cleaned into one buffer and encoded
	 * into another, so that b is left as it was when the result does
	 * not fit.
	 */
	if (wikitext_encode(b, s, strlen(s), max_chars, 1) == 0)
		return (0);
	buf_init(&clean, BUF_UNLIMITED);
	buf_init(&out, b->max);
	if (wikitext_clean(&clean, s, max_chars) == 0 &&
	    wikitext_encode(&out, buf_str(&clean), clean.len, 0, 0) == 0)
		rv = buf_add(b, buf_str(&out), out.len);
	buf_free(&clean);
	buf_free(&out);
	return (rv);
}

int
wikitext_escape(struct buf *b, const char *s)
{
	return (wikitext_escape_max(b, s, WIKITEXT_FIELD_MAX));
}
