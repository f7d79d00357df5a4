/*
 * Fuzz the region splicer: the input is a page, then optionally pieces
 * after "\x1e", each a new body whose first byte picks the region it
 * goes into (byte % (n + 1); n names a region not on the page).
 *
 * Asserted:
 *  - region_find_all's regions are in order, their offsets on the
 *    markers' "<!--" and "-->", their names valid, their lines right,
 *    and region_body strips one line end at each end, no more;
 *  - a splice of distinct, present regions with bodies free of "<!--"
 *    (or with comments that close and no "wikisync" in them) and of
 *    <nowiki>, <pre>, <includeonly> and <translate> tags succeeds;
 *  - a splice that succeeds is byte for byte the page with each named
 *    region's body replaced as region.h says ("\n" + body + "\n"): no
 *    byte outside the replaced bodies changes, markers included;
 *  - the spliced page has the same regions, each named one reading back
 *    as its new body without one trailing line end, the others as they
 *    were.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "fuzz.h"
#include "region.h"
#include "xmalloc.h"

#define MAXBODIES	8

/* The body region.h says region_body gives: one line end off each end. */
static char *
body_of(const char *text, const struct region *r, size_t *len)
{
	size_t	 s = r->body, e = r->end;
	char	*out;

	if (e - s >= 2 && text[s] == '\r' && text[s + 1] == '\n')
		s += 2;
	else if (e > s && text[s] == '\n')
		s++;
	if (e - s >= 2 && text[e - 2] == '\r' && text[e - 1] == '\n')
		e -= 2;
	else if (e > s && text[e - 1] == '\n')
		e--;
	*len = e - s;
	out = xmalloc(e - s + 1);
	memcpy(out, text + s, e - s);
	out[e - s] = '\0';
	return (out);
}

static int
name_ok(const char *name)
{
	size_t	len = strlen(name);

	return (len >= 1 && len <= REGION_NAME_MAX &&
	    strchr("._-", name[0]) == NULL &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") == len);
}

static void
check_regions(const char *text, size_t len, const struct region_list *rl)
{
	const struct region	*r;
	size_t			 i, k, blen, glen;
	int			 line;
	char			*b, *g;

	for (i = 0; i < rl->n; i++) {
		r = &rl->v[i];
		FUZZ_ASSERT(name_ok(r->name));
		FUZZ_ASSERT(r->begin + 4 <= r->body && r->body <= r->end &&
		    r->end + 4 <= r->after && r->after <= len);
		FUZZ_ASSERT(i == 0 || rl->v[i - 1].after <= r->begin);
		FUZZ_ASSERT(memcmp(text + r->begin, "<!--", 4) == 0);
		FUZZ_ASSERT(memcmp(text + r->body - 3, "-->", 3) == 0);
		FUZZ_ASSERT(memcmp(text + r->end, "<!--", 4) == 0);
		FUZZ_ASSERT(memcmp(text + r->after - 3, "-->", 3) == 0);
		FUZZ_ASSERT(region_lookup(rl, r->name) == r);
		for (line = 1, k = 0; k < r->begin; k++)
			line += text[k] == '\n';
		FUZZ_ASSERT(r->line == line);
		b = region_body(text, r, &blen);
		g = body_of(text, r, &glen);
		FUZZ_ASSERT(blen == glen && memcmp(b, g, blen) == 0);
		free(b);
		free(g);
	}
}

/*
 * May region_splice refuse this body?  For its comments, and for tags
 * that may hide a marker after it or that no region may hold.
 */
static int
body_risky(const char *body)
{
	static const char *const tags[] = { "<nowiki", "</nowiki", "<pre",
	    "</pre", "<includeonly", "</includeonly", "<translate",
	    "</translate" };
	const char	*p;
	size_t		 i, k;

	for (i = 0; body[i] != '\0'; i++) {
		if (strncasecmp(body + i, "wikisync", 8) == 0)
			return (1);
		for (k = 0; k < sizeof tags / sizeof tags[0]; k++)
			if (strncasecmp(body + i, tags[k],
			    strlen(tags[k])) == 0)
				return (1);
	}
	for (p = body; (p = strstr(p, "<!--")) != NULL; p += 4)
		if (strstr(p + 4, "-->") == NULL)
			return (1);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct region_list	 rl, rl2;
	const char		*text = (const char *)data, *sep, *p, *e, *q;
	const char		*names[MAXBODIES], *bodies[MAXBODIES];
	char			*cause = NULL, *out, *got;
	const struct region	*r, *r2;
	struct buf		 want;
	size_t			 len, n = 0, i, j, outlen, glen, blen, pos;
	int			 must = 1;

	sep = memchr(data, '\x1e', size);
	len = sep != NULL ? (size_t)(sep - text) : size;
	if (region_find_all(text, len, &rl, &cause) == -1) {
		FUZZ_ASSERT(cause != NULL && rl.n == 0 && rl.v == NULL);
		free(cause);
		return (0);
	}
	check_regions(text, len, &rl);
	if (sep == NULL) {
		region_list_free(&rl);
		return (0);
	}

	for (p = sep + 1, e = text + size; p < e && n < MAXBODIES; p = q + 1) {
		if ((q = memchr(p, '\x1e', (size_t)(e - p))) == NULL)
			q = e;
		i = (unsigned char)*p % (rl.n + 1);
		names[n] = i < rl.n ? rl.v[i].name : "not-on-the-page";
		bodies[n] = xstrndup(p + 1, (size_t)(q - p) - (q > p));
		if (i == rl.n || body_risky(bodies[n]))
			must = 0;
		for (j = 0; j < n; j++)
			if (strcmp(names[j], names[n]) == 0)
				must = 0;
		n++;
	}

	out = region_splice(text, len, &rl, names, bodies, n, &outlen,
	    &cause);
	if (out == NULL) {
		if (must)
			fuzz_fail("splice refused: %s", cause);
		free(cause);
		goto done;
	}

	/* The page as region.h says it must be. */
	buf_init(&want, BUF_UNLIMITED);
	pos = 0;
	for (i = 0; i < rl.n; i++) {
		r = &rl.v[i];
		for (j = 0; j < n; j++)
			if (strcmp(names[j], r->name) == 0)
				break;
		if (j == n)
			continue;
		buf_add(&want, text + pos, r->body - pos);
		buf_addc(&want, '\n');
		blen = strlen(bodies[j]);
		buf_add(&want, bodies[j], blen);
		if (blen > 0 && bodies[j][blen - 1] != '\n')
			buf_addc(&want, '\n');
		pos = r->end;
	}
	buf_add(&want, text + pos, len - pos);
	if (want.len != outlen || memcmp(want.data, out, outlen) != 0)
		fuzz_fail("splice changed bytes outside the bodies");
	FUZZ_ASSERT(out[outlen] == '\0');
	buf_free(&want);

	/* It reads back as the same regions with the new bodies. */
	if (region_find_all(out, outlen, &rl2, &cause) == -1)
		fuzz_fail("spliced page does not read back: %s", cause);
	check_regions(out, outlen, &rl2);
	FUZZ_ASSERT(rl2.n == rl.n);
	for (i = 0; i < rl.n; i++) {
		r = &rl.v[i];
		r2 = &rl2.v[i];
		FUZZ_ASSERT(strcmp(r->name, r2->name) == 0);
		got = region_body(out, r2, &glen);
		for (j = 0; j < n; j++)
			if (strcmp(names[j], r->name) == 0)
				break;
		if (j < n) {
			/* The body given, less one trailing line end. */
			blen = strlen(bodies[j]);
			if (blen >= 2 && bodies[j][blen - 2] == '\r' &&
			    bodies[j][blen - 1] == '\n')
				blen -= 2;
			else if (blen >= 1 && (bodies[j][blen - 1] == '\n' ||
			    bodies[j][blen - 1] == '\r'))
				blen--;
			if (glen != blen || memcmp(got, bodies[j], blen) != 0)
				fuzz_fail("region '%s' reads back changed",
				    r->name);
		} else {
			FUZZ_ASSERT(r2->end - r2->body == r->end - r->body);
			FUZZ_ASSERT(memcmp(out + r2->body, text + r->body,
			    r->end - r->body) == 0);
		}
		free(got);
	}
	region_list_free(&rl2);
	free(out);
done:
	for (i = 0; i < n; i++)
		free((char *)bodies[i]);
	region_list_free(&rl);
	return (0);
}
