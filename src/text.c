/*
 * Text rules for what enters the registry: strict UTF-8, no control
 * characters, Unicode NFC; and terminal widths, truncation and case
 * folding for display and matching.  Unicode tables come from utf8proc.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "xmalloc.h"

/* Below U+0300 every code point is NFC and starts no composition. */
#define NFC_SAFE_BELOW	0x300

size_t
text_utf8_decode(const unsigned char *p, size_t len, int32_t *cp)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	int32_t		c;
	size_t		n, i;

	*cp = -1;
	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return (1);	/* continuation byte, overlong, too large */
	if (p[0] < 0xe0) {
		n = 2;
		c = p[0] & 0x1f;
	} else if (p[0] < 0xf0) {
		n = 3;
		c = p[0] & 0x0f;
		if (p[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (p[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else {
		n = 4;
		c = p[0] & 0x07;
		if (p[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (p[0] == 0xf4)
			hi = 0x8f;	/* beyond U+10FFFF */
	}
	for (i = 1; i < n; i++) {
		if (i >= len || p[i] < lo || p[i] > hi)
			return (i);
		c = (c << 6) | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return (n);
}

/* Copy s, turning CR LF and lone CR into LF. */
static char *
text_newlines(const char *s, size_t len, size_t *outlen)
{
	char	*out;
	size_t	 i, n = 0;

	out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '\r') {
			out[n++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			out[n++] = s[i];
	}
	out[n] = '\0';
	*outlen = n;
	return (out);
}

int
text_normalize(const char *s, size_t len, int flags, char **out,
    char **why)
{
	const unsigned char	*p = (const unsigned char *)s;
	utf8proc_uint8_t	*nfc;
	utf8proc_ssize_t	 r;
	char			*copy;
	size_t			 i = 0, clen;
	int32_t			 cp, max = 0;
	size_t			 n;
	int			 has_cr = 0;

	*out = NULL;
	/* The common case: printable ASCII only, nothing to do. */
	while (i < len && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	if (i == len) {
		*out = xstrndup(s, len);
		return (0);
	}

	for (; i < len; i += n) {
		n = text_utf8_decode(p + i, len - i, &cp);
		if (cp < 0) {
			*why = xasprintf("invalid UTF-8 at byte %zu", i + 1);
			return (-1);
		}
		if (cp == '\n' && (flags & TEXT_ALLOW_NEWLINE))
			continue;
		if (cp == '\r' && (flags & TEXT_ALLOW_NEWLINE)) {
			has_cr = 1;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			*why = xasprintf("control character U+%04X at byte %zu",
			    (unsigned int)cp, i + 1);
			return (-1);
		}
		if (cp > max)
			max = cp;
	}

	if (has_cr)
		copy = text_newlines(s, len, &clen);
	else {
		copy = xstrndup(s, len);
		clen = len;
	}
	if (max < NFC_SAFE_BELOW) {
		*out = copy;
		return (0);
	}
	r = utf8proc_map((const utf8proc_uint8_t *)copy, (utf8proc_ssize_t)clen,
	    &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	free(copy);
	if (r < 0) {
		*why = xasprintf("cannot normalize text: %s",
		    utf8proc_errmsg(r));
		return (-1);
	}
	*out = (char *)nfc;
	return (0);
}

/* Width of the code point at s (one byte, one column, if invalid). */
static int
text_next(const char *s, size_t *width)
{
	const unsigned char	*p = (const unsigned char *)s;
	int32_t			 cp;
	size_t			 n;
	int			 w;

	n = text_utf8_decode(p, strnlen(s, 4), &cp);
	if (cp < 0) {
		*width = 1;
		return (1);
	}
	w = utf8proc_charwidth(cp);
	*width = w < 0 ? 0 : (size_t)w;
	return ((int)n);
}

size_t
text_width(const char *s)
{
	size_t	total = 0, w;

	while (*s != '\0') {
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) {
			total++;
			s++;
			continue;
		}
		s += text_next(s, &w);
		total += w;
	}
	return (total);
}

char *
text_truncate(const char *s, size_t width)
{
	const char	*p = s, *cut = s;
	size_t		 used = 0, w;
	int		 n;
	char		*out;

	/* cut: the end of the longest prefix that leaves room for "…". */
	while (*p != '\0') {
		n = text_next(p, &w);
		if (used + w > width)
			break;
		used += w;
		p += n;
		if (used + 1 <= width)
			cut = p;
	}
	if (*p == '\0')
		return (xstrdup(s));
	if (width == 0)
		return (xstrdup(""));
	out = xmalloc((size_t)(cut - s) + sizeof "…");
	memcpy(out, s, (size_t)(cut - s));
	memcpy(out + (cut - s), "…", sizeof "…");
	return (out);
}

char *
text_casefold(const char *s)
{
	utf8proc_uint8_t	*folded;
	utf8proc_ssize_t	 r;
	const char		*p;
	char			*out;
	size_t			 i;

	for (p = s; *p != '\0' && (unsigned char)*p < 0x80; p++)
		/* nothing */;
	if (*p == '\0') {
		out = xstrdup(s);
		for (i = 0; out[i] != '\0'; i++)
			if (out[i] >= 'A' && out[i] <= 'Z')
				out[i] += 'a' - 'A';
		return (out);
	}
	r = utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD);
	if (r < 0)
		return (xstrdup(s));
	return ((char *)folded);
}

void
text_printable(char *s, const char *keep)
{
	unsigned char	*p = (unsigned char *)s, *out = p;
	int32_t		 cp;
	size_t		 n, len;

	len = strlen(s);
	while (*p != '\0') {
		if (*p >= 0x20 && *p < 0x7f) {
			*out++ = *p++;
			continue;
		}
		n = text_utf8_decode(p, len - (size_t)(p - (unsigned char *)s),
		    &cp);
		if (cp < 0) {
			memset(out, '?', n);	/* one per byte */
			out += n;
		} else if (cp < 0x20 && strchr(keep, (int)cp) != NULL)
			*out++ = (unsigned char)cp;
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			*out++ = '?';
		else {
			memmove(out, p, n);
			out += n;
		}
		p += n;
	}
	*out = '\0';
}
