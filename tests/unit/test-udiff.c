/*
 * Unit tests for udiff: exact outputs for fixed cases (checked against
 * GNU diff -u when written), line ends and missing final newlines, bytes
 * such as CR and NUL, a full buffer, 20,000-line texts on both sides of
 * UDIFF_MAXD, and random texts whose diffs must apply back and be as
 * short as a plain LCS table says they can be.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "udiff.h"
#include "xmalloc.h"
#include "tap.h"
#include "testrand.h"

#define HEAD	"--- a\n+++ b\n"
#define NOEOL	"\\ No newline at end of file\n"
#define NULDIFF	HEAD "@@ -1,2 +1,2 @@\n-a\0b\n+a\0c\n c\n"
#define L10	"l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n"
#define L20	L10 "l11\nl12\nl13\nl14\nl15\nl16\nl17\nl18\nl19\nl20\n"

/* Is the diff from a to b (alen and blen bytes) want? */
static void
is_diff_len(const char *a, size_t alen, const char *b, size_t blen,
    const char *want, size_t wantlen, const char *what)
{
	struct buf	out;
	int		rv;

	buf_init(&out, BUF_UNLIMITED);
	rv = udiff(&out, a, alen, b, blen, "a", "b");
	is_int(rv, 1, what);
	if (!ok(out.len == wantlen && memcmp(buf_str(&out), want,
	    wantlen) == 0, what))
		printf("# got:\n%s", buf_str(&out));
	buf_free(&out);
}

static void
is_diff(const char *a, const char *b, const char *want, const char *what)
{
	is_diff_len(a, strlen(a), b, strlen(b), want, strlen(want), what);
}

static void
test_equal(void)
{
	struct buf	out;

	buf_init(&out, BUF_UNLIMITED);
	buf_adds(&out, "kept");
	is_int(udiff(&out, L10, strlen(L10), L10, strlen(L10), "a", "b"), 0,
	    "equal texts give 0");
	is_str(buf_str(&out), "kept", "equal texts append nothing");
	is_int(udiff(&out, "", 0, "", 0, "a", "b"), 0, "two empty texts");
	is_int(udiff(&out, NULL, 0, NULL, 0, "a", "b"), 0,
	    "two empty texts as NULL");
	is_int(udiff(&out, "x", 1, "x", 1, "a", "b"), 0,
	    "equal texts without final newline");
	is_str(buf_str(&out), "kept", "still nothing appended");
	buf_free(&out);
}

static void
test_hunks(void)
{
	is_diff(L10, "l1\nl2\nl3\nl4\nfive\nl6\nl7\nl8\nl9\nl10\n",
	    HEAD "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+five\n l6\n l7\n"
	    " l8\n", "one changed line in the middle");
	is_diff(L10, "one\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nten\n",
	    HEAD "@@ -1,4 +1,4 @@\n-l1\n+one\n l2\n l3\n l4\n"
	    "@@ -7,4 +7,4 @@\n l7\n l8\n l9\n-l10\n+ten\n",
	    "changes at the start and the end");
	is_diff(L20, "l1\nl2\nl3\nl4\nA\nl6\nl7\nl8\nl9\nl10\nl11\nl12\n"
	    "B\nl14\nl15\nl16\nl17\nl18\nl19\nl20\n",
	    HEAD "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+A\n l6\n l7\n l8\n"
	    "@@ -10,7 +10,7 @@\n l10\n l11\n l12\n-l13\n+B\n l14\n l15\n"
	    " l16\n", "changes 7 lines apart make two hunks");
	is_diff(L20, "l1\nl2\nl3\nl4\nA\nl6\nl7\nl8\nl9\nl10\nl11\nB\n"
	    "l13\nl14\nl15\nl16\nl17\nl18\nl19\nl20\n",
	    HEAD "@@ -2,14 +2,14 @@\n l2\n l3\n l4\n-l5\n+A\n l6\n l7\n"
	    " l8\n l9\n l10\n l11\n-l12\n+B\n l13\n l14\n l15\n",
	    "changes 6 lines apart make one hunk");
	is_diff("h1\nh2\nx\ny\nz\nt1\n", "h1\nnew\nh2\nx\nz\nt1\nt2\n",
	    HEAD "@@ -1,6 +1,7 @@\n h1\n+new\n h2\n x\n-y\n z\n t1\n+t2\n",
	    "insertions and a deletion in one hunk");
	is_diff("l1\nl2\nl3\n", "l1\nl2\nl3\nl4\n",
	    HEAD "@@ -1,3 +1,4 @@\n l1\n l2\n l3\n+l4\n",
	    "a line added at the end");
}

/* Where a change could go in several places, it goes where diff puts it. */
static void
test_slide(void)
{
	is_diff("a\na\na\n", "a\na\n", HEAD "@@ -1,3 +1,2 @@\n a\n a\n-a\n",
	    "one of three equal lines deleted: the last");
	is_diff("x\na\nb\na\nb\ny\n", "x\na\nb\ny\n",
	    HEAD "@@ -1,6 +1,4 @@\n x\n a\n b\n-a\n-b\n y\n",
	    "a repeated pair deleted: the second");
	is_diff("p\n\nq\n", "p\n\nn\n\nq\n",
	    HEAD "@@ -1,3 +1,5 @@\n p\n \n+n\n+\n q\n",
	    "a paragraph added: the blank line after it");
}

static void
test_empty(void)
{
	is_diff("", "x\ny\n", HEAD "@@ -0,0 +1,2 @@\n+x\n+y\n",
	    "insertion into an empty text");
	is_diff("x\ny\n", "", HEAD "@@ -1,2 +0,0 @@\n-x\n-y\n",
	    "deletion of everything");
	is_diff("", "x", HEAD "@@ -0,0 +1 @@\n+x\n" NOEOL,
	    "insertion of one line without newline");
	is_diff("x\n", "", HEAD "@@ -1 +0,0 @@\n-x\n",
	    "deletion of a single line");
}

static void
test_newlines(void)
{
	is_diff("l1\nl2\nl3\n", "l1\nl2\nl3",
	    HEAD "@@ -1,3 +1,3 @@\n l1\n l2\n-l3\n+l3\n" NOEOL,
	    "new text lacks the final newline");
	is_diff("a\nb", "a\nc\n",
	    HEAD "@@ -1,2 +1,2 @@\n a\n-b\n" NOEOL "+c\n",
	    "old text lacks the final newline");
	is_diff("a\nb", "a\nc",
	    HEAD "@@ -1,2 +1,2 @@\n a\n-b\n" NOEOL "+c\n" NOEOL,
	    "both lack the final newline");
	is_diff("l1\nl2\nl3\nl4\nl5\nl6\nend",
	    "l1\nl2\nl3\nl4\nfive\nl6\nend",
	    HEAD "@@ -2,6 +2,6 @@\n l2\n l3\n l4\n-l5\n+five\n l6\n end\n"
	    NOEOL, "context line without final newline");
	is_diff("a\r\nb\r\nc\r\n", "a\r\nb\nc\r\n",
	    HEAD "@@ -1,3 +1,3 @@\n a\r\n-b\r\n+b\n c\r\n",
	    "CRLF lines compare as bytes");
	is_diff_len("a\0b\nc\n", 6, "a\0c\nc\n", 6, NULDIFF,
	    sizeof NULDIFF - 1, "NUL bytes inside lines");
}

static void
test_full(void)
{
	const char	*want = HEAD "@@ -1 +1 @@\n-x\n+y\n";
	struct buf	 out;
	size_t		 need = strlen(want);

	buf_init(&out, 4 + need);
	buf_adds(&out, "kept");
	is_int(udiff(&out, "x\n", 2, "y\n", 2, "a", "b"), 1,
	    "a diff that just fits");
	ok(out.len == 4 + need, "it fills the buffer");
	buf_free(&out);

	buf_init(&out, 4 + need - 1);
	buf_adds(&out, "kept");
	is_int(udiff(&out, "x\n", 2, "y\n", 2, "a", "b"), -1,
	    "one byte short gives -1");
	is_str(buf_str(&out), "kept", "and leaves the buffer as it was");
	is_int(udiff(&out, L20, strlen(L20), L10, strlen(L10), "a", "b"), -1,
	    "a full buffer in the middle of a hunk gives -1");
	is_str(buf_str(&out), "kept", "and leaves the buffer as it was");
	buf_free(&out);
}

#define DASHES	"-------------------------------------------------------" \
		"--------------------------------------"	/* 93 bytes */

/* Line i as make_lines writes it, after mark and with letter c. */
static void
add_line(struct buf *b, char mark, char c, int i, int longer)
{
	if (mark != '\0')
		buf_addc(b, mark);
	buf_printf(b, "%c%05d%s\n", c, i, longer ? " " DASHES : "");
}

/*
 * n lines "a00000" to "aNNNNN" (100 bytes each if longer), those from
 * from to to that are multiples of every starting "b" instead.
 */
static void
make_lines(struct buf *b, int n, int every, int from, int to, int longer)
{
	int	i, changed;

	buf_init(b, BUF_UNLIMITED);
	for (i = 0; i < n; i++) {
		changed = every != 0 && i % every == 0 && i >= from && i < to;
		add_line(b, '\0', changed ? 'b' : 'a', i, longer);
	}
}

static int
starts_with(const char *s, const char *start)
{
	return (strncmp(s, start, strlen(start)) == 0);
}

/* Does s (len bytes) end with end? */
static int
ends_with(const char *s, size_t len, const char *end)
{
	size_t	elen = strlen(end);

	return (len >= elen && memcmp(s + len - elen, end, elen) == 0);
}

/* Add a hunk of one changed line i with three lines around it. */
static void
add_hunk(struct buf *b, int i)
{
	int	k;

	buf_printf(b, "@@ -%d,7 +%d,7 @@\n", i - 2, i - 2);
	for (k = i - 3; k < i; k++)
		add_line(b, ' ', 'a', k, 1);
	add_line(b, '-', 'a', i, 1);
	add_line(b, '+', 'b', i, 1);
	for (k = i + 1; k < i + 4; k++)
		add_line(b, ' ', 'a', k, 1);
}

static void
test_big(void)
{
	struct buf	 a, b, out, want;
	const char	*s;
	int		 rv;

	/* About 2 MiB, 20,000 lines, three small changes far apart. */
	make_lines(&a, 20000, 0, 0, 0, 1);
	make_lines(&b, 20000, 7000, 6000, 15000, 1);
	buf_adds(&b, "new\n");
	buf_init(&want, BUF_UNLIMITED);
	buf_adds(&want, HEAD);
	add_hunk(&want, 7000);
	add_hunk(&want, 14000);
	buf_adds(&want, "@@ -19998,3 +19998,4 @@\n");
	add_line(&want, ' ', 'a', 19997, 1);
	add_line(&want, ' ', 'a', 19998, 1);
	add_line(&want, ' ', 'a', 19999, 1);
	buf_adds(&want, "+new\n");
	buf_init(&out, BUF_UNLIMITED);
	rv = udiff(&out, a.data, a.len, b.data, b.len, "a", "b");
	ok(a.len > 2000000, "a 2 MiB text");
	is_int(rv, 1, "2 MiB texts differ");
	is_str(buf_str(&out), buf_str(&want), "2 MiB texts: three hunks");
	buf_free(&a);
	buf_free(&b);
	buf_free(&out);
	buf_free(&want);

	/* Every other line of 20,000 changed: UDIFF_MAXD edits. */
	make_lines(&a, 20000, 0, 0, 0, 0);
	make_lines(&b, 20000, 2, 0, 20000, 0);
	buf_init(&out, BUF_UNLIMITED);
	is_int(udiff(&out, a.data, a.len, b.data, b.len, "a", "b"), 1,
	    "UDIFF_MAXD edits");
	s = buf_str(&out);
	ok(starts_with(s, HEAD "@@ -1,20000 +1,20000 @@\n-a00000\n+b00000\n"
	    " a00001\n-a00002\n+b00002\n a00003\n") &&
	    ends_with(s, out.len, "-a19998\n+b19998\n a19999\n") &&
	    out.len == 12 + 24 + 30000 * 8,
	    "UDIFF_MAXD edits: a shortest diff");
	buf_free(&a);
	buf_free(&b);
	buf_free(&out);

	/* Two more lines and one more change: the middle as one hunk. */
	make_lines(&a, 20002, 0, 0, 0, 0);
	make_lines(&b, 20002, 2, 0, 20001, 0);
	buf_init(&out, BUF_UNLIMITED);
	is_int(udiff(&out, a.data, a.len, b.data, b.len, "a", "b"), 1,
	    "over UDIFF_MAXD edits");
	s = buf_str(&out);
	ok(starts_with(s, HEAD "@@ -1,20002 +1,20002 @@\n-a00000\n-a00001\n"
	    "-a00002\n") && strstr(s, "\n-a20000\n+b00000\n"
	    "+a00001\n") != NULL &&
	    ends_with(s, out.len, "+b20000\n a20001\n") &&
	    out.len == 12 + 24 + 40003 * 8,
	    "over UDIFF_MAXD edits: the middle as one hunk");
	buf_free(&a);
	buf_free(&b);
	buf_free(&out);
}

/* Add line w of a few kinds (NUL and CR among them) to b. */
static void
add_word(struct buf *b, unsigned long w)
{
	static const char	*words[] = { "a\n", "b\n", "c\n", "\n",
				    "a\r\n", "\0\n" };

	buf_add(b, words[w], w == 5 ? 2 : strlen(words[w]));
}

/*
 * Random texts a and b: up to 30 lines of a few kinds, b mostly a with
 * a few lines deleted, inserted or replaced; either may lack its last
 * "\n".
 */
static void
random_texts(struct buf *a, struct buf *b)
{
	unsigned long	w[30], n, i, nw = 6;

	buf_init(a, BUF_UNLIMITED);
	buf_init(b, BUF_UNLIMITED);
	n = rnd(31);
	for (i = 0; i < n; i++) {
		w[i] = rnd(nw);
		add_word(a, w[i]);
	}
	if (rnd(10) == 0) {
		for (i = rnd(31); i > 0; i--)
			add_word(b, rnd(nw));
	} else {
		for (i = 0; i <= n; i++) {
			switch (rnd(8)) {
			case 0:
				add_word(b, rnd(nw));	/* insert */
				break;
			case 1:
				i++;			/* delete */
				break;
			case 2:
				add_word(b, rnd(nw));	/* replace */
				i++;
				break;
			}
			if (i < n)
				add_word(b, w[i]);
		}
	}
	if (a->len > 0 && rnd(4) == 0)
		a->len--;
	if (b->len > 0 && rnd(4) == 0)
		b->len--;
}

/* Cut s into lines; returns how many, with *starts and *lens. */
static size_t
lines(const char *s, size_t len, const char ***starts, size_t **lens)
{
	size_t		 n = 0, i, start;

	*starts = xreallocarray(NULL, len + 1, sizeof **starts);
	*lens = xreallocarray(NULL, len + 1, sizeof **lens);
	for (start = i = 0; i < len; i++) {
		if (s[i] == '\n' || i + 1 == len) {
			(*starts)[n] = s + start;
			(*lens)[n++] = i + 1 - start;
			start = i + 1;
		}
	}
	return (n);
}

/* The length of a shortest edit script between a and b, by LCS table. */
static size_t
edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	const char	**as, **bs;
	size_t		 *al, *bl, na, nb, i, j, *t, d;

	na = lines(a, alen, &as, &al);
	nb = lines(b, blen, &bs, &bl);
	t = xcalloc((na + 1) * (nb + 1), sizeof *t);
#define T(i, j)	t[(i) * (nb + 1) + (j)]
	for (i = 1; i <= na; i++) {
		for (j = 1; j <= nb; j++) {
			if (al[i - 1] == bl[j - 1] &&
			    memcmp(as[i - 1], bs[j - 1], al[i - 1]) == 0)
				T(i, j) = T(i - 1, j - 1) + 1;
			else if (T(i - 1, j) > T(i, j - 1))
				T(i, j) = T(i - 1, j);
			else
				T(i, j) = T(i, j - 1);
		}
	}
	d = na + nb - 2 * T(na, nb);
#undef T
	free(t);
	free(as);
	free(bs);
	free(al);
	free(bl);
	return (d);
}

/* One line of a diff: its mark and the text after it up to its end. */
static const char *
diff_line(const char **p, const char *e, size_t *len)
{
	const char	*s = *p, *nl;

	nl = memchr(s, '\n', (size_t)(e - s));
	*len = (size_t)(nl - s) + 1;
	*p = nl + 1;
	return (s);
}

/*
 * Apply diff d (dlen bytes) to a as patch would, strictly: the headers'
 * numbers and every context and deleted line must match.  Appends the
 * result to out and counts the lines changed; -1 if it does not apply.
 */
static int
apply(const char *d, size_t dlen, const char *a, size_t alen,
    struct buf *out, size_t *changed)
{
	const char	**as, *p = d, *e = d + dlen, *l;
	size_t		 *al, na, len, skip, pos = 0, next, olen, nlen;
	long		  ostart, ocount, nstart, ncount;
	int		  rv = -1;

	na = lines(a, alen, &as, &al);
	*changed = 0;
	diff_line(&p, e, &len);
	diff_line(&p, e, &len);
	while (p < e) {
		l = diff_line(&p, e, &len);
		ocount = ncount = 1;
		if (sscanf(l, "@@ -%ld,%ld +%ld,%ld @@", &ostart, &ocount,
		    &nstart, &ncount) != 4 &&
		    sscanf(l, "@@ -%ld +%ld,%ld @@", &ostart, &nstart,
		    &ncount) != 3 &&
		    sscanf(l, "@@ -%ld,%ld +%ld @@", &ostart, &ocount,
		    &nstart) != 3 &&
		    sscanf(l, "@@ -%ld +%ld @@", &ostart, &nstart) != 2)
			goto out;
		next = ocount == 0 ? (size_t)ostart : (size_t)ostart - 1;
		if (next < pos || next > na)
			goto out;
		for (; pos < next; pos++)
			buf_add(out, as[pos], al[pos]);
		olen = nlen = 0;
		while (p < e && *p != '@') {
			l = diff_line(&p, e, &len);
			if (p < e && *p == '\\') {
				diff_line(&p, e, &skip);
				len--;	/* no newline after this one */
			}
			if (*l == ' ' || *l == '-') {
				if (pos >= na || al[pos] != len - 1 ||
				    memcmp(as[pos], l + 1, len - 1) != 0)
					goto out;
				pos++;
				olen++;
			}
			if (*l == ' ' || *l == '+') {
				buf_add(out, l + 1, len - 1);
				nlen++;
			}
			if (*l != ' ')
				(*changed)++;
		}
		if ((long)olen != ocount || (long)nlen != ncount)
			goto out;
	}
	for (; pos < na; pos++)
		buf_add(out, as[pos], al[pos]);
	rv = 0;
out:
	free(as);
	free(al);
	return (rv);
}

static void
test_random(void)
{
	struct buf	a, b, out, got;
	size_t		changed;
	int		i, rv, bad = 0;

	for (i = 0; i < 3000; i++) {
		random_texts(&a, &b);
		buf_init(&out, BUF_UNLIMITED);
		buf_init(&got, BUF_UNLIMITED);
		rv = udiff(&out, a.data, a.len, b.data, b.len, "a", "b");
		if (rv == 0) {
			if (out.len != 0 || a.len != b.len ||
			    (a.len > 0 && memcmp(a.data, b.data, a.len) != 0))
				bad++;
		} else if (rv != 1 ||
		    apply(out.data, out.len, a.data, a.len, &got,
		    &changed) == -1 || got.len != b.len ||
		    (b.len > 0 && memcmp(got.data, b.data, b.len) != 0) ||
		    changed != edit_distance(a.data, a.len, b.data, b.len)) {
			if (bad++ == 0)
				printf("# bad diff:\n%s", buf_str(&out));
		}
		buf_free(&a);
		buf_free(&b);
		buf_free(&out);
		buf_free(&got);
	}
	is_int(bad, 0, "3000 random diffs apply back and are shortest");
}

int
main(void)
{
	test_equal();
	test_hunks();
	test_slide();
	test_empty();
	test_newlines();
	test_full();
	test_big();
	test_random();
	return (tap_done());
}
