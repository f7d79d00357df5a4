/*
 * Escaping values for wikitext: clean the value (valid UTF-8, no controls,
 * no line breaks), cut it to a length, then turn every character that
 * could mean something to the MediaWiki parser into a decimal entity.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "wikitext.h"

#define WIKITEXT_REPLACEMENT	0xfffd
#define WIKITEXT_ELLIPSIS	"\xe2\x80\xa6"

/* Always entities: tables, links, templates, tags, headings, quotes. */
static const char	wikitext_always[] = "\"&'<=>[]{|};";
/* Entities as the first character: the value may start a line. */
static const char	wikitext_first[] = "!#*: \t+-_~";
/* Entities as the last character: they could join the text after. */
static const char	wikitext_last[] = "_~!";

/* URL schemes MediaWiki links without "//" ($wgUrlProtocols). */
static const char *const wikitext_schemes[] = {
	"bitcoin", "geo", "magnet", "mailto", "matrix", "news", "sip", "sips",
	"sms", "tel", "urn", "xmpp", NULL
};

/* Words that make a magic link when a space follows. */
static const char *const wikitext_magic[] = { "ISBN", "RFC", "PMID", NULL };

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

/* Does s[0..i) end with one of words (ASCII, any case)? */
static int
wikitext_after(const char *s, size_t i, const char *const *words)
{
	size_t	n;

	for (; *words != NULL; words++) {
		n = strlen(*words);
		if (n <= i && strncasecmp(s + i - n, *words, n) == 0)
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

	if (i + 1 < n && strchr("?:;!%", *next) != NULL)
		return (1);
	if (strncmp(next, "\xc2\xbb", 2) == 0 ||
	    strncmp(next, "\xe2\x80\xba", 3) == 0)
		return (1);
	return ((i >= 2 && strncmp(s + i - 2, "\xc2\xab", 2) == 0) ||
	    (i >= 3 && strncmp(s + i - 3, "\xe2\x80\xb9", 3) == 0));
}

/* Must the ASCII character at s[i] (of n bytes) become an entity? */
static int
wikitext_special(const char *s, size_t i, size_t n)
{
	char	c = s[i];

	if (strchr(wikitext_always, c) != NULL)
		return (1);
	if (i == 0 && strchr(wikitext_first, c) != NULL)
		return (1);
	if (i == n - 1 && strchr(wikitext_last, c) != NULL)
		return (1);
	/* MediaWiki takes U+00A0 as a space in any form, even "&#160;". */
	if (s[i + 1] == '\xc2' && s[i + 2] == '\xa0' &&
	    wikitext_after(s, i + 1, wikitext_magic))
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

/* Escape the cleaned value s (n bytes, valid UTF-8) into out. */
static int
wikitext_encode(struct buf *out, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, len;
	uint32_t		 cp;
	int			 special;

	for (i = 0; i < n; i += len) {
		if (p[i] < 0x80) {
			len = 1;
			cp = p[i];
			special = wikitext_special(s, i, n);
		} else {
			len = wikitext_decode(p + i, n - i, &cp);
			special = cp != 0xa0 &&
			    utf8proc_category((utf8proc_int32_t)cp) ==
			    UTF8PROC_CATEGORY_ZS &&
			    wikitext_after(s, i, wikitext_magic);
		}
		if (special) {
			if (buf_printf(out, "&#%u;", (unsigned int)cp) == -1)
				return (-1);
		} else if (buf_add(out, s + i, len) == -1)
			return (-1);
	}
	return (0);
}

int
wikitext_escape_max(struct buf *b, const char *s, size_t max_chars)
{
	struct buf	clean, out;
	int		rv = -1;

	buf_init(&clean, BUF_UNLIMITED);
	buf_init(&out, b->max);
	if (wikitext_clean(&clean, s, max_chars) == 0 &&
	    wikitext_encode(&out, buf_str(&clean), clean.len) == 0)
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
