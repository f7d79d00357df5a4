/*
 * Fuzz the link contexts: the input is a template, then optionally
 * "\x1e" and string values separated by "\x1f" (without them, hostile
 * URLs and titles from tests/t/t0715-links.sh), given as the fields v, w
 * and url of a context and of each of two events.
 *
 * Asserted, for a template whose contexts are decided:
 *  - every value wikilink accepts for a URL comes out holding none of
 *    what ends or breaks an external link or is wiki markup there (space,
 *    controls, [ ] < > " { } | ' ~, "__");
 *  - every value accepted for a title comes out holding none of
 *    < > [ ] | { }, controls, "~~~" or "__", and nothing refused is
 *    written;
 *  - rendering twice gives the same text (contexts are decided once).
 * And for each value on its own, the same of wikilink_escape_url and
 * wikilink_escape_title, first or not.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "template.h"
#include "wikilink.h"
#include "wikitext.h"
#include "xmalloc.h"

#define MAXVALUES	32
#define MAXOUT		(1024 * 1024)

static const char *const hostile[] = {
	"javascript:alert(1)", "http://x y", "http://x]evil",
	"http://x'{{delete}}", "[[Category:Spam]]", "Category:Spam",
	"File:X.jpg", "a|b", "a]]b", "{{x}}", ":fr:Page", "w:en:Foo",
	"\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", "", "//x", "Media:X",
	"http://a__b/~~~~", "../up", "a%20b", "https://ok.example.net/a?b=c&d"
};

/* Is s (len bytes) free of what a URL target must not hold as is? */
static int
url_clean(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    memchr("[]<>\"{}|'~", s[i], 10) != NULL ||
		    (s[i] == '_' && i + 1 < len && s[i + 1] == '_'))
			return (0);
	}
	return (1);
}

/* Is s (len bytes) free of what a title target must not hold as is? */
static int
title_clean(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    memchr("<>[]|{}", s[i], 7) != NULL ||
		    (s[i] == '_' && i + 1 < len && s[i + 1] == '_') ||
		    (s[i] == '~' && i + 2 < len && s[i + 1] == '~' &&
		    s[i + 2] == '~'))
			return (0);
	}
	return (1);
}

/* wikilink_escape, its output checked for its context. */
static int
checked_link(struct buf *b, const char *s, enum template_ctx ctx,
    const char **why)
{
	size_t	start = b->len;
	int	rv, url;

	rv = wikilink_escape(b, s, ctx, why);
	url = ctx == TEMPLATE_URL || ctx == TEMPLATE_URL_PART;
	if (rv == 1 || rv == -1)
		FUZZ_ASSERT(b->len == start);
	if (rv == 0)
		FUZZ_ASSERT(url ? url_clean(b->data + start, b->len - start) :
		    title_clean(b->data + start, b->len - start));
	return (rv);
}

static void
ignore_warn(void *arg, const char *file, unsigned int line, const char *id,
    const char *value, const char *why)
{
	(void)arg;
	(void)id;
	FUZZ_ASSERT(file != NULL && line > 0 && value != NULL && why != NULL);
}

/* Each value alone, in each link context. */
static void
check_value(const char *s)
{
	static const enum template_ctx	 ctxs[] = { TEMPLATE_URL,
	    TEMPLATE_URL_PART, TEMPLATE_TITLE, TEMPLATE_TITLE_PART };
	struct buf			 b;
	const char			*why;
	size_t				 i;

	for (i = 0; i < sizeof ctxs / sizeof ctxs[0]; i++) {
		buf_init(&b, BUF_UNLIMITED);
		buf_adds(&b, "");
		checked_link(&b, s, ctxs[i], &why);
		buf_free(&b);
	}
}

static struct tvalue *
ctx_fields(const char *const *v, size_t n, size_t k)
{
	struct tvalue	*m;

	m = tv_map();
	tv_map_set(m, "id", tv_string("e"));
	tv_map_set(m, "v", tv_string(v[k % n]));
	tv_map_set(m, "w", tv_string(v[(k + 1) % n]));
	tv_map_set(m, "url", tv_string(v[(k + 2) % n]));
	return (m);
}

static struct tvalue *
ctx_build(const char *const *v, size_t n)
{
	struct tvalue	*ctx, *events;

	ctx = ctx_fields(v, n, 0);
	events = tv_list();
	tv_list_push(events, ctx_fields(v, n, 3));
	tv_list_push(events, ctx_fields(v, n, 6));
	tv_map_set(ctx, "events", events);
	return (ctx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template_escaper	 esc = { wikitext_escape, checked_link,
				    ignore_warn, NULL };
	struct template		*tp;
	struct tvalue		*ctx;
	const char		*v[MAXVALUES], *sep;
	char			*in, *cause = NULL, *out1, *out2, *p;
	size_t			 n = 0, tlen, i;

	in = xmalloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	tlen = size;
	if ((sep = memchr(in, '\x1e', size)) != NULL) {
		tlen = (size_t)(sep - in);
		for (p = in + tlen + 1; n < MAXVALUES; p++) {
			v[n++] = p;
			if ((p = strchr(p, '\x1f')) == NULL)
				break;
			*p = '\0';
		}
	} else {
		for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
			v[n++] = hostile[i];
	}
	for (i = 0; i < n; i++)
		check_value(v[i]);
	tp = template_parse(in, tlen, "fuzz.wiki", NULL, &cause);
	if (tp == NULL || template_contexts(tp, &cause) != 0) {
		free(cause);
		template_free(tp);
		free(in);
		return (0);
	}
	ctx = ctx_build(v, n);
	out1 = template_render_esc(tp, ctx, &esc, MAXOUT, NULL, &cause);
	if (out1 == NULL)
		free(cause);
	out2 = template_render_esc(tp, ctx, &esc, MAXOUT, NULL, &cause);
	if (out2 == NULL)
		free(cause);
	FUZZ_ASSERT((out1 == NULL) == (out2 == NULL));
	FUZZ_ASSERT(out1 == NULL || strcmp(out1, out2) == 0);
	free(out1);
	free(out2);
	tv_free(ctx);
	template_free(tp);
	free(in);
	return (0);
}
