/*
 * Fuzz the template engine: the input is a template, then optionally
 * "\x1e" and the context's string values separated by "\x1f" (without
 * them, hostile values from tests/t/t0710-escape.sh).  The context has
 * the shape view.h describes (table, page, generated, count, events,
 * groups with key, count and events), values and nulls spread over it.
 *
 * Asserted, for a template that parses:
 *  - every value interpolated with <%name%> goes through the escape and
 *    comes out as wikitext.h promises (fuzz_escape_check);
 *  - values reach the output only through the escape: for a template
 *    without raw tags ("&", "{{{"), rendering with every string value
 *    "" gives the same text once the escaped values are taken out, so no
 *    value can change the table's cells, rows, links or templates.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "event.h"
#include "fuzz.h"
#include "template.h"
#include "wikitext.h"
#include "xmalloc.h"

#define MAXVALUES	64
#define MAXOUT		(1024 * 1024)
#define SEG_OPEN	'\001'
#define SEG_CLOSE	'\002'

static const char *const hostile[] = {
	"|}", "||", "!!", "{{delete}}", "[[Category:Spam]]", "[http://x y]",
	"<ref>x</ref>", "<!--", "~~~~", "__NOTOC__", "a\n|-\n| b", "== H ==",
	"* item", "http://example.org", "ISBN 978-3-16-148410-0",
	"</nowiki>", "\xc3\x91" "and\xc3\xba \xe6\x9d\xb1\xe4\xba\xac",
	"RFC\xc2\xa0" "1234", "x&amp;y", "'''b'''", "<%title%>", "{{{1}}}",
	"-", ":", "", "mailto:x@y", "a !", "\xff\xfe"
};

struct pool {
	char	*v[MAXVALUES];
	size_t	 n;
	int	 empty;		/* every string "" instead */
	size_t	 next;
};

static struct tvalue *
pool_value(struct pool *p, int null)
{
	const char	*s;

	if (null)
		return (tv_null());
	s = p->v[p->next++ % p->n];
	return (tv_string(p->empty ? "" : s));
}

/* One event: every standard field, one in five null, and index. */
static struct tvalue *
ctx_event(struct pool *p, size_t k)
{
	struct tvalue	*ev;
	size_t		 i;
	char		 idx[16];

	ev = tv_map();
	for (i = 0; i < EVENT_NFIELDS; i++)
		tv_map_set(ev, event_fields[i].name,
		    pool_value(p, (k + i) % 5 == 4));
	snprintf(idx, sizeof idx, "%zu", k + 1);
	tv_map_set(ev, "index", tv_string(idx));
	tv_map_set(ev, "hashtag", pool_value(p, k == 1));
	return (ev);
}

static struct tvalue *
ctx_events(struct pool *p, size_t n)
{
	struct tvalue	*l;
	size_t		 k;

	l = tv_list();
	for (k = 0; k < n; k++)
		tv_list_push(l, ctx_event(p, k));
	return (l);
}

static struct tvalue *
ctx_build(struct pool *p)
{
	struct tvalue	*ctx, *groups, *g;
	size_t		 k;

	p->next = 0;
	ctx = tv_map();
	tv_map_set(ctx, "table", pool_value(p, 0));
	tv_map_set(ctx, "page", pool_value(p, 0));
	tv_map_set(ctx, "generated", pool_value(p, 0));
	tv_map_set(ctx, "count", tv_string("3"));
	tv_map_set(ctx, "events", ctx_events(p, 3));
	groups = tv_list();
	for (k = 0; k < 3; k++) {
		g = tv_map();
		tv_map_set(g, "key", pool_value(p, k == 2));
		tv_map_set(g, "count", tv_string(k == 0 ? "2" : "1"));
		tv_map_set(g, "events", ctx_events(p, k == 0 ? 2 : 1));
		tv_list_push(groups, g);
	}
	tv_map_set(ctx, "groups", groups);
	tv_map_set(ctx, "empty", tv_list());
	tv_map_set(ctx, "yes", tv_bool(1));
	tv_map_set(ctx, "no", tv_bool(0));
	return (ctx);
}

/* The escape, checked, with the result marked off in the output. */
static int
checked_escape(struct buf *b, const char *s)
{
	struct buf	e;
	int		rv = -1;

	buf_init(&e, BUF_UNLIMITED);
	if (wikitext_escape(&e, s) != 0)
		fuzz_fail("escape failed with an unlimited buffer");
	fuzz_escape_check(s, WIKITEXT_FIELD_MAX, buf_str(&e), e.len);
	if (buf_addc(b, SEG_OPEN) == 0 && buf_add(b, e.data, e.len) == 0 &&
	    buf_addc(b, SEG_CLOSE) == 0)
		rv = 0;
	buf_free(&e);
	return (rv);
}

/* The text with the escaped values taken out (their marks kept). */
static char *
skeleton(const char *s, size_t len, size_t *outlen)
{
	char	*out;
	size_t	 i, n = 0;
	int	 in = 0;

	out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == SEG_OPEN) {
			FUZZ_ASSERT(!in);
			in = 1;
		} else if (s[i] == SEG_CLOSE) {
			FUZZ_ASSERT(in);
			in = 0;
		} else if (in)
			continue;
		out[n++] = s[i];
	}
	FUZZ_ASSERT(!in);
	out[n] = '\0';
	*outlen = n;
	return (out);
}

static void
strip_marks(char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (s[i] == SEG_OPEN || s[i] == SEG_CLOSE)
			s[i] = 'x';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pool	 p;
	struct template	*t;
	struct tvalue	*ctx;
	const char	*sep, *v, *e, *end;
	char		*text, *out, *out2, *cause = NULL, *s1, *s2;
	size_t		 tlen, len, len2, n1, n2, i;

	memset(&p, 0, sizeof p);
	sep = memchr(data, '\x1e', size);
	tlen = sep != NULL ? (size_t)(sep - (const char *)data) : size;
	text = xmalloc(tlen + 1);
	memcpy(text, data, tlen);
	text[tlen] = '\0';
	strip_marks(text, tlen);
	if (sep != NULL) {
		for (v = sep + 1, e = (const char *)data + size;
		    v <= e && p.n < MAXVALUES; v += len + 1) {
			end = memchr(v, '\x1f', (size_t)(e - v));
			len = end != NULL ? (size_t)(end - v) : (size_t)(e - v);
			p.v[p.n] = xstrndup(v, len);
			strip_marks(p.v[p.n], strlen(p.v[p.n]));
			p.n++;
		}
	} else {
		for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
			p.v[p.n++] = xstrdup(hostile[i]);
	}

	if ((t = template_parse(text, tlen, "fuzz.wiki", NULL,
	    &cause)) == NULL) {
		FUZZ_ASSERT(cause != NULL);
		free(cause);
		goto out;
	}
	ctx = ctx_build(&p);
	out = template_render(t, ctx, checked_escape, MAXOUT, &len, &cause);
	tv_free(ctx);
	if (out == NULL) {
		free(cause);
		template_free(t);
		goto out;
	}
	s1 = skeleton(out, len, &n1);

	/* Without raw tags, values only ever pass through the escape. */
	if (memchr(text, '&', tlen) == NULL &&
	    memmem(text, tlen, "{{{", 3) == NULL) {
		p.empty = 1;
		ctx = ctx_build(&p);
		out2 = template_render(t, ctx, checked_escape, MAXOUT, &len2,
		    &cause);
		tv_free(ctx);
		if (out2 == NULL)
			fuzz_fail("render failed with empty values: %s", cause);
		s2 = skeleton(out2, len2, &n2);
		if (n1 != n2 || memcmp(s1, s2, n1) != 0)
			fuzz_fail("a value changed the template's text:\n"
			    "%s\n---- with empty values:\n%s", s1, s2);
		free(s2);
		free(out2);
	}
	free(s1);
	free(out);
	template_free(t);
out:
	for (i = 0; i < p.n; i++)
		free(p.v[i]);
	free(text);
	return (0);
}
