/*
 * Helpers of the fuzz targets: failing, in-memory files, and an
 * independent check of wikitext_escape's output against wikitext.h.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "fuzz.h"
#include "xmalloc.h"

void
fuzz_fail(const char *fmt, ...)
{
	va_list	ap;

	fputs("fuzz property failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

const char *
fuzz_file_write(struct fuzz_file *f, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;
	size_t		 off = 0;

	if (f->path[0] == '\0') {
		/* A memfd is made 0777; a config must not be. */
		if ((f->fd = memfd_create("fuzz", 0)) == -1 ||
		    fchmod(f->fd, 0600) == -1)
			fuzz_fail("memfd_create failed");
		snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
	}
	if (ftruncate(f->fd, 0) == -1)
		fuzz_fail("ftruncate failed");
	while (off < len) {
		if ((n = pwrite(f->fd, p + off, len - off, (off_t)off)) <= 0)
			fuzz_fail("pwrite failed");
		off += (size_t)n;
	}
	return (f->path);
}

char *
fuzz_file_read(struct fuzz_file *f, size_t *len)
{
	off_t	 size;
	char	*s;
	ssize_t	 n;
	size_t	 off = 0;

	if ((size = lseek(f->fd, 0, SEEK_END)) == -1)
		fuzz_fail("lseek failed");
	s = xmalloc((size_t)size + 1);
	while (off < (size_t)size) {
		if ((n = pread(f->fd, s + off, (size_t)size - off,
		    (off_t)off)) <= 0)
			fuzz_fail("pread failed");
		off += (size_t)n;
	}
	s[off] = '\0';
	*len = off;
	return (s);
}

/*
 * One code point of UTF-8 by the Unicode standard's table 3-7: its
 * length, with *cp -1 for an ill-formed sequence, whose length is then
 * that of its maximal subpart.  Written apart from src/text.c on purpose.
 */
static size_t
oracle_decode(const unsigned char *p, size_t n, long *cp)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		need, i;
	long		c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 1;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 2;
		c = p[0] & 0x0f;
		if (p[0] == 0xe0)
			lo = 0xa0;
		if (p[0] == 0xed)
			hi = 0x9f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 3;
		c = p[0] & 0x07;
		if (p[0] == 0xf0)
			lo = 0x90;
		if (p[0] == 0xf4)
			hi = 0x8f;
	} else {
		*cp = -1;
		return (1);
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*cp = -1;
			return (i);
		}
		c = (c << 6) | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return (need + 1);
}

/* Is the code point an ASCII byte of set? */
static int
oracle_in(long cp, const char *set)
{
	return (cp > 0 && cp < 0x80 && strchr(set, (int)cp) != NULL);
}

static long
oracle_lower(long cp)
{
	return (cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
}

/* Do the code points before v[i] spell one of words, in any case? */
static int
oracle_after(const long *v, size_t i, const char *const *words)
{
	size_t	len, k;

	for (; *words != NULL; words++) {
		len = strlen(*words);
		if (len > i)
			continue;
		for (k = 0; k < len; k++)
			if (oracle_lower(v[i - len + k]) != (*words)[k])
				break;
		if (k == len)
			return (1);
	}
	return (0);
}

static const char *const oracle_schemes[] = {
	"bitcoin", "geo", "magnet", "mailto", "matrix", "news", "sip",
	"sips", "sms", "tel", "urn", "xmpp", NULL
};
static const char *const oracle_magic[] = { "isbn", "rfc", "pmid", NULL };

void
fuzz_escape_check(const char *in, size_t max_chars, const char *out,
    size_t outlen)
{
	const unsigned char	*p;
	long			*want, *got, cp;
	int			*raw;
	size_t			 n, i, k, nwant = 0, ngot = 0, len;
	char			*end;

	/* The cleaned value, cut: what the output must decode to. */
	n = strlen(in);
	want = xcalloc(n + 2, sizeof *want);
	p = (const unsigned char *)in;
	for (i = 0; i < n; i += len) {
		len = oracle_decode(p + i, n - i, &cp);
		if (cp == -1)
			cp = 0xfffd;
		if (cp == '\r' || cp == '\n' || cp == '\t' || cp == 0x85 ||
		    cp == 0x2028 || cp == 0x2029)
			cp = ' ';
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			continue;
		want[nwant++] = cp;
	}
	if (nwant > max_chars) {
		nwant = max_chars;
		if (max_chars > 0)
			want[nwant - 1] = 0x2026;
	}

	/* The output, decoded: each code point and whether it is raw. */
	if (strlen(out) != outlen)
		fuzz_fail("escape: NUL in output of '%s'", in);
	got = xcalloc(outlen + 1, sizeof *got);
	raw = xcalloc(outlen + 1, sizeof *raw);
	p = (const unsigned char *)out;
	for (i = 0; i < outlen; i += len) {
		if (p[i] == '&') {
			if (p[i + 1] != '#' || p[i + 2] < '0' || p[i + 2] > '9')
				fuzz_fail("escape: raw '&' in '%s'", out);
			cp = strtol(out + i + 2, &end, 10);
			if (*end != ';' || end - (out + i + 2) > 7 ||
			    cp > 0x10ffff)
				fuzz_fail("escape: bad entity in '%s'", out);
			len = (size_t)(end + 1 - (out + i));
			raw[ngot] = 0;
		} else {
			len = oracle_decode(p + i, outlen - i, &cp);
			if (cp == -1)
				fuzz_fail("escape: invalid UTF-8 in output");
			raw[ngot] = 1;
		}
		got[ngot++] = cp;
	}
	if (ngot != nwant)
		fuzz_fail("escape: '%s' decodes to %zu code points, not %zu",
		    out, ngot, nwant);
	for (i = 0; i < ngot; i++)
		if (got[i] != want[i])
			fuzz_fail("escape: '%s' code point %zu is U+%04lX, not "
			    "U+%04lX", out, i, got[i], want[i]);

	/* The rules of wikitext.h, each character of the value in turn. */
	for (i = 0; i < ngot; i++) {
		cp = got[i];
		if (!raw[i])
			continue;
#define RULE(cond, what) do {						\
	if (cond)							\
		fuzz_fail("escape: '%s': %s at %zu left raw", out, what, i); \
} while (0)
		RULE(oracle_in(cp, "\"&'<=>[]{|};"), "always-escaped char");
		RULE(i == 0 && oracle_in(cp, "!#*: \t+-_~"), "first char");
		RULE(i == ngot - 1 && oracle_in(cp, "_~!"), "last char");
		RULE((cp == '!' || cp == '_') && i + 1 < ngot &&
		    got[i + 1] == cp, "doubled ! or _");
		RULE(cp == '~' && i + 2 < ngot && got[i + 1] == '~' &&
		    got[i + 2] == '~', "~~~");
		RULE(cp == ':' && i + 2 < ngot && got[i + 1] == '/' &&
		    got[i + 2] == '/', "://");
		RULE(cp == ':' && oracle_after(got, i, oracle_schemes),
		    "scheme:");
		RULE(cp != 0xa0 && (cp == ' ' || utf8proc_category(
		    (utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS) &&
		    oracle_after(got, i, oracle_magic), "magic link space");
		RULE(cp == 0xa0 && oracle_after(got, i, oracle_magic) &&
		    raw[i - 1], "magic link letter before U+00A0");
		RULE(cp == ' ' && i + 1 < ngot && (oracle_in(got[i + 1],
		    "?:;!%") || got[i + 1] == 0xbb || got[i + 1] == 0x203a),
		    "space before French punctuation");
		RULE(cp == ' ' && i > 0 && (got[i - 1] == 0xab ||
		    got[i - 1] == 0x2039), "space after opening guillemet");
#undef RULE
	}
	/* And so, whatever the rules: nothing that breaks out of a cell. */
	for (k = 0; k < outlen; k++)
		if (strchr("|[]{}<>\n\r\t", out[k]) != NULL)
			fuzz_fail("escape: '%s' holds '%c' raw", out, out[k]);
	free(want);
	free(got);
	free(raw);
}
