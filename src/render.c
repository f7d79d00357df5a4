/*
 * Rendering tables: one registry read feeds every table's view; each
 * view is rendered through its template, deterministically.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "event.h"
#include "registry.h"
#include "render.h"
#include "template.h"
#include "view.h"
#include "wikilink.h"
#include "wikitext.h"
#include "xmalloc.h"

struct render_feed {
	struct view	**views;
	size_t		  n;
};

/* Offer each event of the registry to every view. */
static int
render_feed_event(const struct event *ev, void *arg)
{
	struct render_feed	*f = arg;
	size_t			 i;

	for (i = 0; i < f->n; i++) {
		if (f->views[i] != NULL)
			view_add(f->views[i], ev);
	}
	return (0);
}

/* Give each view the pages behind its events' figures ("articles"). */
static int
render_feed_article(const struct event_article *a, void *arg)
{
	struct render_feed	*f = arg;
	size_t			 i;

	for (i = 0; i < f->n; i++) {
		if (f->views[i] != NULL)
			view_add_article(f->views[i], a);
	}
	return (0);
}

struct template *
render_template(const char *path, char **cause)
{
	struct template	*tp;

	tp = template_load(path, cause);
	if (tp != NULL && template_contexts(tp, cause) != 0) {
		template_free(tp);
		tp = NULL;
	}
	/*
	 * cppcheck reads "struct template" as C++'s keyword and takes tp
	 * for an integer.
	 */
	/* cppcheck-suppress CastIntegerToAddressAtReturn */
	return (tp);
}

/* Where render_warn notes a value shown as text. */
struct render_warnings {
	struct buf	 b;
	const char	*table;
};

/* Note a value shown as text instead of a link, a line each. */
static void
render_warn(void *arg, const char *file, unsigned int line, const char *id,
    const char *value, const char *why)
{
	struct render_warnings	*w = arg;

	buf_printf(&w->b, "table '%s': event '%s': '%s' is shown as text, "
	    "not as the link of %s:%u: %s\n", w->table, id != NULL ? id :
	    "?", value, file, line, why);
}

/*
 * Render tp with ctx for generated; the text or NULL with *cause.  The
 * values shown as text go to *warnings (allocated, or NULL if none).
 */
static char *
render_with(const char *table, const struct template *tp,
    const struct view *v, const char *generated, size_t *len,
    char **warnings, char **cause)
{
	struct template_escaper	 esc;
	struct render_warnings	 w;
	struct tvalue		*ctx;
	char			*text;

	buf_init(&w.b, BUF_UNLIMITED);
	w.table = table;
	esc.text = wikitext_escape;
	esc.link = wikilink_escape;
	esc.warn = render_warn;
	esc.arg = &w;
	ctx = view_context(v, generated);
	text = template_render_esc(tp, ctx, &esc, RENDER_MAX, len, cause);
	tv_free(ctx);
	*warnings = w.b.len > 0 ? buf_detach(&w.b) : NULL;
	buf_free(&w.b);
	return (text);
}

/* "ID HASH\n" for every event of the view, in order. */
static char *
render_event_list(const struct view *v)
{
	struct buf		 b;
	const struct event	*ev;
	char			 hex[MD5_HEX_LEN + 1];
	size_t			 i;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < view_count(v); i++) {
		ev = view_event(v, i);
		view_event_hash(ev, hex);
		buf_printf(&b, "%s %s\n", ev->v[F_ID], hex);
	}
	return (buf_detach(&b));
}

void
render_priors(const struct conf_table *t, const struct sync_state *st,
    const struct sync_pending *v, size_t n, struct render_priors *out)
{
	size_t	i;

	out->v = xcalloc(n + 2, sizeof *out->v);
	out->n = 0;
	if (st != NULL) {
		out->v[out->n].generated = st->generated;
		out->v[out->n++].hash = st->rendered;
	}
	for (i = n; i > 0; i--) {
		if (strcmp(v[i - 1].kind, "table") != 0 ||
		    strcmp(v[i - 1].wiki, t->wiki) != 0 ||
		    strcmp(v[i - 1].region, t->name) != 0)
			continue;
		out->v[out->n].generated = v[i - 1].generated;
		out->v[out->n++].hash = v[i - 1].rendered;
	}
}

void
render_priors_free(struct render_priors *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

static void
render_one(const struct conf_table *t, const struct template *tp,
    const struct view *v, const struct render_priors *prior, const char *now,
    struct rendered *out)
{
	const struct render_prior	*pr;
	char				*cause = NULL;
	size_t				 k;

	for (k = 0; prior != NULL && k < prior->n; k++) {
		pr = &prior->v[k];
		if (*pr->generated == '\0' || *pr->hash == '\0')
			continue;
		out->text = render_with(t->name, tp, v, pr->generated,
		    &out->len, &out->warnings, &cause);
		if (out->text != NULL) {
			md5_hex(out->text, out->len, out->hash);
			if (strcmp(out->hash, pr->hash) == 0) {
				out->generated = xstrdup(pr->generated);
				goto done;
			}
			free(out->text);
			out->text = NULL;
		}
		free(out->warnings);
		out->warnings = NULL;
		free(cause);
		cause = NULL;
	}
	out->text = render_with(t->name, tp, v, now, &out->len,
	    &out->warnings, &cause);
	if (out->text == NULL) {
		out->error = xasprintf("table '%s': %s", t->name, cause);
		free(cause);
		return;
	}
	md5_hex(out->text, out->len, out->hash);
	out->generated = xstrdup(now);
done:
	out->events = render_event_list(v);
	out->count = view_count(v);
}

int
render_tables(struct registry *reg, const struct conf_table *const *t,
    size_t n, const struct render_priors *prior, const char *now,
    struct rendered *out, char **cause)
{
	struct render_feed	  f;
	struct template		**tp;
	char			  nowbuf[32], *why;
	size_t			  i;
	int			  rv = 0;

	if (now == NULL) {
		registry_now(nowbuf);
		now = nowbuf;
	}
	memset(out, 0, n * sizeof *out);
	tp = xcalloc(n > 0 ? n : 1, sizeof *tp);
	f.views = xcalloc(n > 0 ? n : 1, sizeof *f.views);
	f.n = n;
	for (i = 0; i < n; i++) {
		if ((tp[i] = render_template(t[i]->template, &why)) == NULL) {
			out[i].error = xasprintf("table '%s': %s", t[i]->name,
			    why);
			free(why);
			continue;
		}
		f.views[i] = view_new(t[i]);
	}
	if (registry_foreach(reg, render_feed_event, &f, cause) != 0) {
		rv = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (f.views[i] == NULL)
			continue;
		view_finish(f.views[i]);
		view_no_sums(f.views[i], !template_uses(tp[i], "sum"));
	}
	if (registry_articles(reg, NULL, render_feed_article, &f,
	    cause) != 0) {
		rv = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (f.views[i] == NULL)
			continue;
		render_one(t[i], tp[i], f.views[i], prior != NULL ?
		    &prior[i] : NULL, now, &out[i]);
	}
out:
	for (i = 0; i < n; i++) {
		if (f.views[i] != NULL)
			view_free(f.views[i]);
		template_free(tp[i]);
	}
	free(f.views);
	free(tp);
	if (rv != 0) {
		for (i = 0; i < n; i++)
			rendered_free(&out[i]);
	}
	return (rv);
}

void
rendered_free(struct rendered *r)
{
	free(r->text);
	free(r->generated);
	free(r->events);
	free(r->error);
	free(r->warnings);
	memset(r, 0, sizeof *r);
}
