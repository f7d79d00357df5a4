/*
 * Unified diffs: the texts are cut into lines, each line is given the
 * number of its class of equal lines (by hash, then bytes), the common
 * head and tail are set aside and Myers' linear-space divide and conquer
 * marks the lines of a shortest edit script.  The changed runs are then
 * slid as GNU diff slides them (so the output reads as "diff -u" does)
 * and printed in hunks with three lines of context.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "udiff.h"
#include "xmalloc.h"

#define UDIFF_NOEOL	"\\ No newline at end of file\n"

/* One of the two texts, cut into lines. */
struct udiff_file {
	const char	*text;
	size_t		 len;
	long		 n;		/* lines */
	size_t		*off;		/* n + 1 line starts; off[n] = len */
	long		*eq;		/* class of equal lines of each line */
	char		*chg;		/* n + 2 flags, chg[-1] = chg[n] = 0 */
};

/* A class of equal lines, in the hash table. */
struct udiff_class {
	const char	*p;
	size_t		 len;
	uint64_t	 hash;
};

/* The classes found so far and a hash table of them. */
struct udiff_classes {
	struct udiff_class	*v;
	long			 n;
	size_t			 nalloc;
	long			*tab;		/* class or -1, by hash */
	size_t			 size;		/* slots, a power of two */
};

/* A run of changed lines: deleted from a, inserted in b. */
struct udiff_change {
	long		 a, del;
	long		 b, ins;
};

/* The state of the edit script search. */
struct udiff_ctx {
	const long	*xv, *yv;	/* the classes of a's and b's lines */
	char		*xchg, *ychg;
	long		*fd, *bd;	/* furthest points by diagonal x - y */
	long		 cmax;		/* most steps for a middle snake */
};

/* The output and whether it has filled up. */
struct udiff_out {
	struct buf	*b;
	int		 full;
};

/* FNV-1a of a line's bytes. */
static uint64_t
udiff_hash(const char *p, size_t len)
{
	uint64_t	h = 14695981039346656037ULL;

	while (len-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 1099511628211ULL;
	}
	return (h);
}

/* The start of the line after the one at p. */
static const char *
udiff_next(const char *p, const char *e)
{
	const char	*nl;

	nl = memchr(p, '\n', (size_t)(e - p));
	return (nl != NULL ? nl + 1 : e);
}

/* Cut text into lines. */
static void
udiff_split(struct udiff_file *f, const char *text, size_t len)
{
	const char	*p, *e = text + len;
	long		 n = 0;

	f->text = text;
	f->len = len;
	for (p = text; p < e; p = udiff_next(p, e))
		n++;
	f->n = n;
	f->off = xreallocarray(NULL, (size_t)n + 1, sizeof *f->off);
	f->eq = xreallocarray(NULL, (size_t)n + 1, sizeof *f->eq);
	f->chg = xcalloc((size_t)n + 2, 1);
	f->chg++;		/* chg[-1] is a guard */
	n = 0;
	for (p = text; p < e; p = udiff_next(p, e))
		f->off[n++] = (size_t)(p - text);
	f->off[n] = len;
}

static void
udiff_file_free(struct udiff_file *f)
{
	free(f->off);
	free(f->eq);
	free(f->chg - 1);
}

/* Put class c in the first free slot for its hash. */
static void
udiff_place(struct udiff_classes *t, long c)
{
	size_t	slot, mask = t->size - 1;

	for (slot = (size_t)t->v[c].hash & mask; t->tab[slot] != -1;
	    slot = (slot + 1) & mask)
		/* nothing */;
	t->tab[slot] = c;
}

/* Double the hash table. */
static void
udiff_grow(struct udiff_classes *t)
{
	size_t	slot;
	long	c;

	t->size *= 2;
	t->tab = xreallocarray(t->tab, t->size, sizeof *t->tab);
	for (slot = 0; slot < t->size; slot++)
		t->tab[slot] = -1;
	for (c = 0; c < t->n; c++)
		udiff_place(t, c);
}

/* The class of the line p (len bytes), added if it is new. */
static long
udiff_class(struct udiff_classes *t, const char *p, size_t len)
{
	struct udiff_class	*cl;
	size_t			 slot, mask = t->size - 1;
	uint64_t		 h;
	long			 c;

	h = udiff_hash(p, len);
	for (slot = (size_t)h & mask; (c = t->tab[slot]) != -1;
	    slot = (slot + 1) & mask) {
		cl = &t->v[c];
		if (cl->hash == h && cl->len == len &&
		    memcmp(cl->p, p, len) == 0)
			return (c);
	}
	if ((size_t)t->n == t->nalloc) {
		t->nalloc *= 2;
		t->v = xreallocarray(t->v, t->nalloc, sizeof *t->v);
	}
	c = t->n++;
	t->v[c].p = p;
	t->v[c].len = len;
	t->v[c].hash = h;
	if (2 * (size_t)t->n > t->size)
		udiff_grow(t);
	else
		t->tab[slot] = c;
	return (c);
}

/* Give each line of both files the number of its class of equal lines. */
static void
udiff_classify(struct udiff_file *fa, struct udiff_file *fb)
{
	struct udiff_classes	 t;
	struct udiff_file	*f;
	long			 i;
	int			 k;

	t.n = 0;
	t.nalloc = 64;
	t.v = xreallocarray(NULL, t.nalloc, sizeof *t.v);
	t.size = 64;
	t.tab = xreallocarray(NULL, t.size, sizeof *t.tab);
	for (i = 0; i < (long)t.size; i++)
		t.tab[i] = -1;
	for (k = 0; k < 2; k++) {
		f = k == 0 ? fa : fb;
		for (i = 0; i < f->n; i++) {
			f->eq[i] = udiff_class(&t, f->text + f->off[i],
			    f->off[i + 1] - f->off[i]);
		}
	}
	free(t.v);
	free(t.tab);
}

/*
 * Find where a shortest edit script from x[xoff..xlim) to y[yoff..ylim)
 * crosses its middle, searching from both ends at once (Myers' middle
 * snake); the ranges differ at both ends.  Returns the script's length,
 * or -1 if it takes more than ctx->cmax steps from each end.
 */
static long
udiff_middle(struct udiff_ctx *ctx, long xoff, long xlim, long yoff,
    long ylim, long *xmid, long *ymid)
{
	const long	*xv = ctx->xv, *yv = ctx->yv;
	long		*fd = ctx->fd, *bd = ctx->bd;
	long		 dmin = xoff - ylim, dmax = xlim - yoff;
	long		 fmid = xoff - yoff, bmid = xlim - ylim;
	long		 fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	long		 c, d, x, y, lo, hi;
	int		 odd = (fmid - bmid) & 1;

	fd[fmid] = xoff;
	bd[bmid] = xlim;
	for (c = 1; c <= ctx->cmax; c++) {
		/* One more step forward on each diagonal in reach. */
		if (fmin > dmin)
			fd[--fmin - 1] = -1;
		else
			fmin++;
		if (fmax < dmax)
			fd[++fmax + 1] = -1;
		else
			fmax--;
		for (d = fmax; d >= fmin; d -= 2) {
			lo = fd[d - 1];
			hi = fd[d + 1];
			x = lo < hi ? hi : lo + 1;
			for (y = x - d; x < xlim && y < ylim && xv[x] == yv[y];
			    x++, y++)
				/* nothing */;
			fd[d] = x;
			if (odd && d >= bmin && d <= bmax && bd[d] <= x) {
				*xmid = x;
				*ymid = y;
				return (2 * c - 1);
			}
		}

		/* And one more backward. */
		if (bmin > dmin)
			bd[--bmin - 1] = LONG_MAX;
		else
			bmin++;
		if (bmax < dmax)
			bd[++bmax + 1] = LONG_MAX;
		else
			bmax--;
		for (d = bmax; d >= bmin; d -= 2) {
			lo = bd[d - 1];
			hi = bd[d + 1];
			x = lo < hi ? lo : hi - 1;
			for (y = x - d; x > xoff && y > yoff &&
			    xv[x - 1] == yv[y - 1]; x--, y--)
				/* nothing */;
			bd[d] = x;
			if (!odd && d >= fmin && d <= fmax && x <= fd[d]) {
				*xmid = x;
				*ymid = y;
				return (2 * c);
			}
		}
	}
	return (-1);
}

/*
 * Mark the lines of a shortest edit script from x[xoff..xlim) to
 * y[yoff..ylim).  With top set, first check that it is at most
 * UDIFF_MAXD long; -1 if not (nothing marked).
 */
static int
udiff_compare(struct udiff_ctx *ctx, long xoff, long xlim, long yoff,
    long ylim, int top)
{
	long	xmid, ymid, len;

	while (xoff < xlim && yoff < ylim && ctx->xv[xoff] == ctx->yv[yoff]) {
		xoff++;
		yoff++;
	}
	while (xoff < xlim && yoff < ylim &&
	    ctx->xv[xlim - 1] == ctx->yv[ylim - 1]) {
		xlim--;
		ylim--;
	}
	if (xoff == xlim) {
		while (yoff < ylim)
			ctx->ychg[yoff++] = 1;
		return (0);
	}
	if (yoff == ylim) {
		while (xoff < xlim)
			ctx->xchg[xoff++] = 1;
		return (0);
	}
	if (top) {
		if (labs((xlim - xoff) - (ylim - yoff)) > UDIFF_MAXD)
			return (-1);
		ctx->cmax = (UDIFF_MAXD + 1) / 2;
		len = udiff_middle(ctx, xoff, xlim, yoff, ylim, &xmid, &ymid);
		if (len == -1 || len > UDIFF_MAXD)
			return (-1);
		ctx->cmax = LONG_MAX;
	} else
		udiff_middle(ctx, xoff, xlim, yoff, ylim, &xmid, &ymid);
	udiff_compare(ctx, xoff, xmid, yoff, ymid, 0);
	udiff_compare(ctx, xmid, xlim, ymid, ylim, 0);
	return (0);
}

/*
 * Slide each run of changed lines in f as GNU diff does: join it with
 * the runs it can reach, leave it as far down as it goes, unless it can
 * end where a run of changes in the other file ends.
 */
static void
udiff_shift(struct udiff_file *f, const char *other)
{
	char		*chg = f->chg;
	const long	*eq = f->eq;
	long		 i = 0, j = 0, start, runlen, corr, end = f->n;

	for (;;) {
		/* Find the next run, keeping j at the same place in other. */
		while (i < end && !chg[i]) {
			while (other[j++])
				/* nothing */;
			i++;
		}
		if (i == end)
			break;
		start = i;
		while (chg[++i])
			/* nothing */;
		while (other[j])
			j++;

		do {
			runlen = i - start;

			/* Move up while the line above equals the last. */
			while (start > 0 && eq[start - 1] == eq[i - 1]) {
				chg[--start] = 1;
				chg[--i] = 0;
				while (chg[start - 1])
					start--;
				while (other[--j])
					/* nothing */;
			}
			corr = other[j - 1] ? i : end;

			/* Then down while the first equals the line below. */
			while (i != end && eq[start] == eq[i]) {
				chg[start++] = 0;
				chg[i++] = 1;
				while (chg[i])
					i++;
				while (other[++j])
					corr = i;
			}
		} while (runlen != i - start);

		/* Back up to end with a run in the other file, if one does. */
		while (corr < i) {
			chg[--start] = 1;
			chg[--i] = 0;
			while (other[--j])
				/* nothing */;
		}
	}
}

/* The runs of changes, in order; returns how many. */
static size_t
udiff_changes(const struct udiff_file *fa, const struct udiff_file *fb,
    struct udiff_change **out)
{
	struct udiff_change	*v = NULL, *c;
	size_t			 n = 0, size = 0;
	long			 i = 0, j = 0;

	while (i < fa->n || j < fb->n) {
		if (!fa->chg[i] && !fb->chg[j]) {
			i++;
			j++;
			continue;
		}
		if (n == size) {
			size = size == 0 ? 16 : size * 2;
			v = xreallocarray(v, size, sizeof *v);
		}
		c = &v[n++];
		c->a = i;
		c->b = j;
		while (fa->chg[i])
			i++;
		while (fb->chg[j])
			j++;
		c->del = i - c->a;
		c->ins = j - c->b;
	}
	*out = v;
	return (n);
}

static void
udiff_add(struct udiff_out *o, const char *p, size_t len)
{
	if (!o->full && buf_add(o->b, p, len) == -1)
		o->full = 1;
}

/* Print line i of f after the mark. */
static void
udiff_line(struct udiff_out *o, char mark, const struct udiff_file *f,
    long i)
{
	size_t	start = f->off[i], stop = f->off[i + 1];

	udiff_add(o, &mark, 1);
	udiff_add(o, f->text + start, stop - start);
	if (f->text[stop - 1] != '\n') {
		udiff_add(o, "\n", 1);
		udiff_add(o, UDIFF_NOEOL, strlen(UDIFF_NOEOL));
	}
}

/* Print a hunk header's range of lines [lo, hi) as diff numbers them. */
static void
udiff_range(struct udiff_out *o, char mark, long lo, long hi)
{
	if (o->full)
		return;
	if (hi - lo == 0)
		o->full = buf_printf(o->b, "%c%ld,0", mark, lo) == -1;
	else if (hi - lo == 1)
		o->full = buf_printf(o->b, "%c%ld", mark, hi) == -1;
	else
		o->full = buf_printf(o->b, "%c%ld,%ld", mark, lo + 1,
		    hi - lo) == -1;
}

/* Print the hunk of changes v[0..n) with their context. */
static void
udiff_hunk(struct udiff_out *o, const struct udiff_file *fa,
    const struct udiff_file *fb, const struct udiff_change *v, size_t n)
{
	const struct udiff_change	*last = &v[n - 1];
	long				 lo, hi, i, k;
	size_t				 c;

	lo = v[0].a > UDIFF_CONTEXT ? v[0].a - UDIFF_CONTEXT : 0;
	hi = last->a + last->del;
	hi = fa->n - hi > UDIFF_CONTEXT ? hi + UDIFF_CONTEXT : fa->n;

	udiff_add(o, "@@ ", 3);
	udiff_range(o, '-', lo, hi);
	udiff_add(o, " ", 1);
	udiff_range(o, '+', v[0].b - (v[0].a - lo),
	    last->b + last->ins + (hi - last->a - last->del));
	udiff_add(o, " @@\n", 4);

	i = lo;
	for (c = 0; c < n; c++) {
		for (; i < v[c].a; i++)
			udiff_line(o, ' ', fa, i);
		for (k = 0; k < v[c].del; k++)
			udiff_line(o, '-', fa, v[c].a + k);
		for (k = 0; k < v[c].ins; k++)
			udiff_line(o, '+', fb, v[c].b + k);
		i = v[c].a + v[c].del;
	}
	for (; i < hi; i++)
		udiff_line(o, ' ', fa, i);
}

/* Print the marked changes as hunks, joining those close together. */
static void
udiff_print(struct udiff_out *o, const struct udiff_file *fa,
    const struct udiff_file *fb)
{
	struct udiff_change	*v;
	size_t			 n, first, c;

	n = udiff_changes(fa, fb, &v);
	for (first = 0; first < n; first = c) {
		for (c = first + 1; c < n; c++) {
			if (v[c].a - (v[c - 1].a + v[c - 1].del) >
			    2 * UDIFF_CONTEXT)
				break;
		}
		udiff_hunk(o, fa, fb, v + first, c - first);
	}
	free(v);
}

/*
 * Mark the changed lines of fa and fb: a shortest edit script between
 * the lines after the common head and before the common tail, or all of
 * them if that script would be longer than UDIFF_MAXD.
 */
static void
udiff_script(struct udiff_file *fa, struct udiff_file *fb)
{
	struct udiff_ctx	 ctx;
	long			*diags, head, tail, ma, mb;

	for (head = 0; head < fa->n && head < fb->n &&
	    fa->eq[head] == fb->eq[head]; head++)
		/* nothing */;
	for (tail = 0; tail < fa->n - head && tail < fb->n - head &&
	    fa->eq[fa->n - 1 - tail] == fb->eq[fb->n - 1 - tail]; tail++)
		/* nothing */;
	ma = fa->n - head - tail;
	mb = fb->n - head - tail;

	/* Diagonals x - y of the middle run from -mb - 1 to ma + 1. */
	diags = xreallocarray(NULL, 2 * ((size_t)(ma + mb) + 3),
	    sizeof *diags);
	ctx.xv = fa->eq;
	ctx.yv = fb->eq;
	ctx.xchg = fa->chg;
	ctx.ychg = fb->chg;
	ctx.fd = diags + mb + 1;
	ctx.bd = ctx.fd + ma + mb + 3;
	ctx.cmax = LONG_MAX;
	if (udiff_compare(&ctx, head, head + ma, head, head + mb, 1) == -1) {
		memset(fa->chg + head, 1, (size_t)ma);
		memset(fb->chg + head, 1, (size_t)mb);
	} else {
		udiff_shift(fa, fb->chg);
		udiff_shift(fb, fa->chg);
	}
	free(diags);
}

int
udiff(struct buf *out, const char *a, size_t alen, const char *b,
    size_t blen, const char *alabel, const char *blabel)
{
	struct udiff_file	 fa, fb;
	struct udiff_out	 o;
	size_t			 start = out->len;

	if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
		return (0);
	if (alen == 0)
		a = "";
	if (blen == 0)
		b = "";

	udiff_split(&fa, a, alen);
	udiff_split(&fb, b, blen);
	udiff_classify(&fa, &fb);
	udiff_script(&fa, &fb);

	o.b = out;
	o.full = 0;
	udiff_add(&o, "--- ", 4);
	udiff_add(&o, alabel, strlen(alabel));
	udiff_add(&o, "\n+++ ", 5);
	udiff_add(&o, blabel, strlen(blabel));
	udiff_add(&o, "\n", 1);
	udiff_print(&o, &fa, &fb);

	udiff_file_free(&fa);
	udiff_file_free(&fb);
	if (o.full) {
		/* Leave out as it was. */
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		return (-1);
	}
	return (1);
}
