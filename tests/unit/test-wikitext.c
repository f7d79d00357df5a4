/*
 * Unit tests for wikitext: each escaping rule with its exact output,
 * hostile values that must stay inert and read back as typed (a small
 * entity decoder checks that), generated values, invalid UTF-8 and
 * controls, the length limit at character boundaries, a full buffer, and
 * the same text whether a value is encoded in place or through scratch
 * buffers.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "wikitext.h"
#include "xmalloc.h"
#include "tap.h"

#define FFFD	"\xef\xbf\xbd"
#define ELLIP	"\xe2\x80\xa6"

/* The escaped form of s with a limit of max code points. */
static char *
esc_max(const char *s, size_t max)
{
	struct buf	b;

	buf_init(&b, BUF_UNLIMITED);
	if (wikitext_escape_max(&b, s, max) == -1) {
		buf_free(&b);
		return (xstrdup("(failed)"));
	}
	return (buf_detach(&b));
}

/* The escaped form of s with the default limit. */
static char *
esc(const char *s)
{
	struct buf	b;

	buf_init(&b, BUF_UNLIMITED);
	if (wikitext_escape(&b, s) == -1) {
		buf_free(&b);
		return (xstrdup("(failed)"));
	}
	return (buf_detach(&b));
}

/* A printable name for s in a test description. */
static void
describe(char *msg, size_t size, const char *prefix, const char *s)
{
	char	*p;

	snprintf(msg, size, "%s '%s'", prefix, s);
	for (p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
}

static void
is_esc(const char *s, const char *want)
{
	char	*got, msg[200];

	got = esc(s);
	describe(msg, sizeof msg, "escape", s);
	is_str(got, want, msg);
	free(got);
}

static void
is_esc_max(const char *s, size_t max, const char *want)
{
	char	*got, msg[200], what[40];

	got = esc_max(s, max);
	snprintf(what, sizeof what, "limit %zu:", max);
	describe(msg, sizeof msg, what, s);
	is_str(got, want, msg);
	free(got);
}

/* Length of the strictly valid UTF-8 sequence at p, or 0. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t		n, i;
	uint32_t	c;

	if (p[0] < 0x80)
		return (1);
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return (0);
	c = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	return (n);
}

/* Is s valid UTF-8 without controls (other than none at all)? */
static int
valid_utf8(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	while (*p != '\0') {
		if ((n = utf8_len(p)) == 0 || *p < 0x20 || *p == 0x7f)
			return (0);
		if (n == 2 && p[0] == 0xc2 && p[1] <= 0x9f)
			return (0);	/* C1 control */
		p += n;
	}
	return (1);
}

/* Append code point c to b as UTF-8. */
static void
add_utf8(struct buf *b, unsigned long c)
{
	if (c < 0x80)
		buf_addc(b, (char)c);
	else if (c < 0x800) {
		buf_addc(b, (char)(0xc0 | (c >> 6)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xe0 | (c >> 12)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | (c >> 18)));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/*
 * What a reader sees: s with each "&#N;" decoded.  NULL if an & starts
 * anything else (the escaper must leave no raw &).
 */
static char *
decode(const char *s)
{
	struct buf	 b;
	unsigned long	 c;
	char		*end;

	buf_init(&b, BUF_UNLIMITED);
	while (*s != '\0') {
		if (*s != '&') {
			buf_addc(&b, *s++);
			continue;
		}
		if (s[1] != '#' || s[2] < '0' || s[2] > '9') {
			buf_free(&b);
			return (NULL);
		}
		c = strtoul(s + 2, &end, 10);
		if (*end != ';' || c == 0 || c > 0x10ffff) {
			buf_free(&b);
			return (NULL);
		}
		add_utf8(&b, c);
		s = end + 1;
	}
	return (buf_detach(&b));
}

/* s as it should be shown: CR, LF and tab become spaces. */
static char *
shown(const char *s)
{
	char	*out, *p;

	out = xstrdup(s);
	for (p = out; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
	return (out);
}

/*
 * Why the escaped form e of s is unsafe or not shown as typed, or NULL.
 * The raw sequences below may not appear at all.
 */
static const char *
unsafe(const char *s, const char *e)
{
	static const char *const bad[] = {
		"|", "[", "]", "{", "}", "<", ">", "\"", "'", "=", "~~~",
		"__", "://", "!!", "\n", "\r", "\t", "ISBN ", "RFC ", "PMID ",
		"mailto:", "ISBN\xc2\xa0", "RFC\xc2\xa0", "PMID\xc2\xa0",
		"&#160;", NULL
	};
	const char *const	*b;
	static char		 why[64];
	char			*d, *want;
	size_t			 len = strlen(e);
	int			 same;

	for (b = bad; *b != NULL; b++) {
		if (strstr(e, *b) != NULL) {
			snprintf(why, sizeof why, "contains '%s'", *b);
			return (why);
		}
	}
	if (len > 0 && strchr("!#*: -+_~", e[0]) != NULL)
		return ("starts a line");
	if (len > 0 && strchr("_~!", e[len - 1]) != NULL)
		return ("has a dangerous last character");
	if (!valid_utf8(e))
		return ("invalid UTF-8 or a control character");
	if ((d = decode(e)) == NULL)
		return ("has a raw & or a bad entity");
	want = shown(s);
	same = strcmp(d, want) == 0;
	free(want);
	free(d);
	if (!same)
		return ("does not decode to the value");
	return (NULL);
}

static void
is_safe(const char *s)
{
	const char	*why;
	char		*e, msg[200];

	e = esc(s);
	why = unsafe(s, e);
	describe(msg, sizeof msg, "hostile value stays inert:", s);
	if (!ok(why == NULL, msg))
		printf("#   %s: '%s'\n", why, e);
	free(e);
}

static void
test_rules(void)
{
	is_esc("", "");
	is_esc("plain text 123", "plain text 123");
	is_esc("\"&'<=>[]{|};",
	    "&#34;&#38;&#39;&#60;&#61;&#62;&#91;&#93;&#123;&#124;&#125;&#59;");
	is_esc("a!b", "a!b");
	is_esc("a!!b", "a&#33;!b");
	is_esc("a!!!b", "a&#33;&#33;!b");
	is_esc("a!", "a&#33;");

	is_esc("!a", "&#33;a");
	is_esc("#a", "&#35;a");
	is_esc("*a", "&#42;a");
	is_esc(":a", "&#58;a");
	is_esc(" a", "&#32;a");
	is_esc("\ta", "&#32;a");
	is_esc("+a", "&#43;a");
	is_esc("-a", "&#45;a");
	is_esc("----", "&#45;---");
	is_esc("_a", "&#95;a");
	is_esc("~a", "&#126;a");
	is_esc("a#b*c: d-e+f g", "a#b*c: d-e+f g");

	is_esc("a__b", "a&#95;_b");
	is_esc("a___b", "a&#95;&#95;_b");
	is_esc("a_b", "a_b");
	is_esc("__NOTOC__", "&#95;_NOTOC&#95;&#95;");

	is_esc("a://b", "a&#58;//b");
	is_esc("http://x.example/", "http&#58;//x.example/");
	is_esc("mailto:a@b.example", "mailto&#58;a@b.example");
	is_esc("Write to MAILTO:x", "Write to MAILTO&#58;x");
	is_esc("tel:+1 urn:x news:y", "tel&#58;+1 urn&#58;x news&#58;y");
	is_esc("10:00, note: x", "10:00, note: x");

	is_esc("a~~b", "a~~b");
	is_esc("a~~~b", "a&#126;~~b");
	is_esc("a~~~~b", "a&#126;&#126;~~b");
	is_esc("~~~~", "&#126;&#126;~&#126;");

	is_esc("ISBN 123", "ISBN&#32;123");
	is_esc("RFC 1234", "RFC&#32;1234");
	is_esc("PMID 1", "PMID&#32;1");
	is_esc("see isbn 1", "see isbn&#32;1");
	is_esc("ISBN\t1", "ISBN&#32;1");
	is_esc("ISBN\xc2\xa0" "1", "ISB&#78;\xc2\xa0" "1");
	is_esc("rfc\xc2\xa0\xc2\xa0" "1", "rf&#99;\xc2\xa0\xc2\xa0" "1");
	is_esc("RFC\xe3\x80\x80" "1", "RFC&#12288;1");
	is_esc("ISBNx 1", "ISBNx 1");
	is_esc("a\xc2\xa0" "b", "a\xc2\xa0" "b");

	/* French spacing: these spaces would show as no-break spaces. */
	is_esc("a : b", "a&#32;: b");
	is_esc("a ? b", "a&#32;? b");
	is_esc("a ! b", "a&#32;! b");
	is_esc("a % b", "a&#32;% b");
	is_esc("a ; b", "a&#32;&#59; b");
	is_esc("\xc2\xab a \xc2\xbb", "\xc2\xab&#32;a&#32;\xc2\xbb");
	is_esc("\xe2\x80\xb9 a \xe2\x80\xba",
	    "\xe2\x80\xb9&#32;a&#32;\xe2\x80\xba");
	is_esc("a: b", "a: b");
	is_esc("a :", "a&#32;:");

	is_esc("a_", "a&#95;");
	is_esc("a~", "a&#126;");
	is_esc("a-", "a-");
	is_esc("_", "&#95;");
	is_esc("!", "&#33;");
}

static void
test_clean(void)
{
	is_esc("a\nb", "a b");
	is_esc("a\rb", "a b");
	is_esc("a\r\nb", "a  b");
	is_esc("a\r\n|-", "a  &#124;-");
	is_esc("\nx", "&#32;x");
	is_esc("a\x01\x1b\x7f" "b", "ab");
	is_esc("\x01#x", "&#35;x");
	is_esc("a\xc2\x80\xc2\x9f" "b", "ab");
	is_esc("a\xc2\x85" "b", "a b");
	is_esc("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "a b c");
	is_esc("a\xc2\xad" "b", "a\xc2\xad" "b");
	is_esc("Caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e",
	    "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e");

	is_esc("a\x80" "b", "a" FFFD "b");
	is_esc("\xbf", FFFD);
	is_esc("\xc0\xaf", FFFD FFFD);
	is_esc("\xe0\x80\xaf", FFFD FFFD FFFD);
	is_esc("\xed\xa0\x80", FFFD FFFD FFFD);
	is_esc("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	is_esc("\xf5\x80", FFFD FFFD);
	is_esc("\xff", FFFD);
	is_esc("a\xe2\x82", "a" FFFD);
	is_esc("\xe2\x82x", FFFD "x");
	is_esc("\xf0\x9d\x84|", FFFD "&#124;");
	is_esc("\xe2\x82\xe2\x82\xac", FFFD "\xe2\x82\xac");
	is_esc("ISBN\xc2", "ISBN" FFFD);
}

static void
test_invalid(void)
{
	static const char *const bad[] = {
		"\x80", "a\xbf", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf",
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xf0\x80\x80\xaf",
		"\xf4\x90\x80\x80", "\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80",
		"\xfe\xff", "\xe2\x82", "\xf0\x9d\x84", "x\xc3", NULL
	};
	const char *const	*s;
	char			*e, msg[200];

	for (s = bad; *s != NULL; s++) {
		e = esc(*s);
		describe(msg, sizeof msg, "valid UTF-8 from", *s);
		ok(valid_utf8(e) && strstr(e, FFFD) != NULL, msg);
		free(e);
	}
}

static void
test_hostile(void)
{
	static const char *const hostile[] = {
		"a || b", "a | b", "|-", "|}", "{|", "|+ caption", "! h",
		"[[Main Page]]", "[[x|y]]", "[http://evil.example x]",
		"http://evil.example", "//evil.example",
		"mailto:x@evil.example",
		"{{delete}}", "{{#if:x|y}}", "{{{1}}}", "<ref>x</ref>",
		"</nowiki>", "<!-- x", "== h ==", "* item", "# item",
		": indent", "; term", " pre", "~~~~", "~~~~~", "__NOTOC__",
		"___", "ISBN 0-123", "RFC 1234", "PMID 42", "!! header",
		"a !! b", "!!!", "a\nb", "a\r\n|-", "a\n{|", "\t* x",
		"'''bold'''", "''it''", "&amp;", "&#124;", "x}}", "x]]",
		"-----", "-{zh:x}-", "x_", "x~", "x!", "_", "~", "+", "-",
		"a = b", "\"q\"", "x;y", "%7C", "RFC\xc2\xa0" "1234",
		"ISBN 978-0-306-40615-7", "PMID\xe2\x80\x83" "42", NULL
	};
	const char *const	*s;

	for (s = hostile; *s != NULL; s++)
		is_safe(*s);
}

/*
 * A pseudo-random value into s: up to maxn - 1 pieces, each a byte of
 * alpha or one of words (s must have room for that many of the longest).
 */
static void
gen_value(uint32_t *seed, const char *alpha, const char *const *words,
    unsigned maxn, char *s)
{
	size_t	alen = strlen(alpha), nwords, len = 0, w;
	unsigned n;

	for (nwords = 0; words[nwords] != NULL; nwords++)
		/* nothing */;
	*seed = *seed * 1103515245 + 12345;
	n = (*seed >> 16) % maxn;
	while (n-- > 0) {
		*seed = *seed * 1103515245 + 12345;
		w = (*seed >> 16) % (alen + nwords);
		if (w < alen)
			s[len++] = alpha[w];
		else {
			w -= alen;
			memcpy(s + len, words[w], strlen(words[w]));
			len += strlen(words[w]);
		}
	}
	s[len] = '\0';
}

/* Many values built from wikitext's alphabet: all stay inert. */
static void
test_generated(void)
{
	static const char	 alpha[] =
	    "|!{}[]<>~_:/-=#*;'\"& \n\r\tabISBNRFC";
	static const char *const words[] = {
		"ISBN ", "RFC ", "PMID\t", "http://", "mailto:", "~~", "__",
		"!!", "----", "\xc2\xa0", "\xe2\x80\xa8", "RFC", "PMID", NULL
	};
	uint32_t	 seed = 12345;
	char		 s[64], *e, *d = NULL;
	const char	*why = NULL;
	size_t		 len, n;
	int		 i, failed = 0;

	for (i = 0; i < 20000 && !failed; i++) {
		gen_value(&seed, alpha, words, 12, s);
		/* Unicode line separators read back as spaces. */
		e = esc(s);
		if (strstr(s, "\xe2\x80\xa8") == NULL &&
		    (why = unsafe(s, e)) != NULL) {
			printf("#   '%s' -> '%s': %s\n", s, e, why);
			failed = 1;
		}
		if (!valid_utf8(e) || strstr(e, "\xe2\x80\xa8") != NULL) {
			printf("#   '%s' -> '%s': bad UTF-8\n", s, e);
			failed = 1;
		}
		free(e);
	}
	ok(!failed, "20000 generated values stay inert");

	/* Random bytes: always valid UTF-8 out. */
	failed = 0;
	for (i = 0; i < 20000 && !failed; i++) {
		seed = seed * 1103515245 + 12345;
		len = (seed >> 16) % 16;
		for (n = 0; n < len; n++) {
			seed = seed * 1103515245 + 12345;
			s[n] = (char)(1 + (seed >> 16) % 255);
		}
		s[len] = '\0';
		e = esc_max(s, 1 + i % 8);
		d = NULL;
		if (!valid_utf8(e) || (d = decode(e)) == NULL ||
		    !valid_utf8(d)) {
			printf("#   random bytes -> '%s'\n", e);
			failed = 1;
		}
		free(d);
		free(e);
	}
	ok(!failed, "20000 random byte strings give valid UTF-8");
}

/*
 * A clean value far from the buffer's maximum is encoded straight into
 * the buffer, any other through scratch buffers: the text is the same.
 * A buffer with exactly room for the result takes the second way.
 */
static void
test_paths(void)
{
	static const char	 alpha[] =
	    "|!{}[]<>~_:/-=#*;'\"&% ?+ \tab.ISBNRFCPMIDmailto\x7f";
	static const char *const words[] = {
		"ISBN ", "rfc ", "\xc2\xa0", "\xc2\xab", "\xc2\xbb",
		"\xe2\x80\xb9", "\xe2\x80\xba", "\xe3\x80\x80", "\xc3\xa9",
		"\xc2\x85", "http://", "tel:", "\xff", NULL
	};
	struct buf	 b;
	uint32_t	 seed = 4242;
	char		 s[96], *e;
	int		 i, failed = 0, rv;

	for (i = 0; i < 20000 && !failed; i++) {
		gen_value(&seed, alpha, words, 16, s);
		e = esc(s);
		buf_init(&b, strlen(e) + 1);
		buf_addc(&b, 'x');
		rv = wikitext_escape(&b, s);
		if (rv != 0 || *buf_str(&b) != 'x' ||
		    strcmp(buf_str(&b) + 1, e) != 0) {
			printf("#   '%s': '%s' with room, '%s' without\n", s, e,
			    buf_str(&b));
			failed = 1;
		}
		buf_free(&b);
		if (*e != '\0') {
			buf_init(&b, strlen(e));
			buf_addc(&b, 'x');
			if (wikitext_escape(&b, s) != -1 ||
			    strcmp(buf_str(&b), "x") != 0) {
				printf("#   '%s': fits one byte short\n", s);
				failed = 1;
			}
			buf_free(&b);
		}
		free(e);
	}
	ok(!failed, "20000 values escape the same with room to spare, with "
	    "just enough room, and fail one byte short");
}

static void
test_limit(void)
{
	char	*big, *want, *got;

	is_esc_max("abcdef", 4, "abc" ELLIP);
	is_esc_max("abcd", 4, "abcd");
	is_esc_max("abcde", 4, "abc" ELLIP);
	is_esc_max("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3,
	    "\xc3\xa9\xc3\xa9" ELLIP);
	is_esc_max("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86"
	    "\xe3\x82\xad", 4, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" ELLIP);
	is_esc_max("\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e"
	    "\xf0\x9d\x84\x9e", 3, "\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e" ELLIP);
	is_esc_max("ab", 1, ELLIP);
	is_esc_max("a", 1, "a");
	is_esc_max("abc", 0, "");
	is_esc_max("a|b|c", 3, "a&#124;" ELLIP);
	is_esc_max("a_b", 2, "a" ELLIP);
	is_esc_max("a_", 2, "a&#95;");
	is_esc_max("a\x01" "b\x01" "c", 3, "abc");
	is_esc_max("a\x80" "bc", 3, "a" FFFD ELLIP);
	is_esc_max("~~~~~", 3, "&#126;~" ELLIP);

	big = xmalloc(WIKITEXT_FIELD_MAX + 2);
	memset(big, 'a', WIKITEXT_FIELD_MAX);
	big[WIKITEXT_FIELD_MAX] = '\0';
	got = esc(big);
	is_str(got, big, "default limit: 1000 code points kept");
	free(got);
	big[WIKITEXT_FIELD_MAX] = 'a';
	big[WIKITEXT_FIELD_MAX + 1] = '\0';
	got = esc(big);
	want = xasprintf("%.*s" ELLIP, WIKITEXT_FIELD_MAX - 1, big);
	is_str(got, want, "default limit: 1001 cut to 999 and an ellipsis");
	free(want);
	free(got);
	free(big);
}

static void
test_buf(void)
{
	struct buf	b;

	buf_init(&b, 10);
	buf_adds(&b, "x");
	is_int(wikitext_escape(&b, "{{delete}}"), -1, "over the maximum: -1");
	is_str(buf_str(&b), "x", "over the maximum: buffer unchanged");
	is_int(b.len, 1, "over the maximum: length unchanged");
	is_int(wikitext_escape(&b, "a b"), 0, "fits: 0");
	is_str(buf_str(&b), "xa b", "appends");
	buf_free(&b);

	buf_init(&b, 7);
	buf_adds(&b, "x");
	is_int(wikitext_escape(&b, "|"), 0, "exactly at the maximum: 0");
	is_str(buf_str(&b), "x&#124;", "exactly at the maximum");
	is_int(wikitext_escape(&b, "a"), -1, "one byte over: -1");
	is_int(wikitext_escape(&b, ""), 0, "empty value on a full buffer");
	is_str(buf_str(&b), "x&#124;", "full buffer unchanged");
	buf_free(&b);
}

int
main(void)
{
	test_rules();
	test_clean();
	test_invalid();
	test_hostile();
	test_generated();
	test_paths();
	test_limit();
	test_buf();
	return (tap_done());
}
