/*
 * Counting an event's statistics (stats.h): select a [stats] section's
 * events, read their participants, ask each wiki for those participants'
 * contributions in one batched list=usercontribs over the span of all
 * the windows, keep the revisions that fall in each event's window, and
 * store the figures and pages in one transaction per section.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "conf.h"
#include "log.h"
#include "mwapi.h"
#include "registry.h"
#include "stats-int.h"
#include "sync.h"
#include "where.h"
#include "wiki.h"
#include "xmalloc.h"

const char *const stats_fields[STATS_NFIG] = {
	"participants", "articles_created", "articles_improved", "edits",
	"bytes_added"
};

/* A participant and one of the events listing them. */
struct umap {
	const char	*user;
	size_t		 ev;
};

/* A revision that counts for one event. */
struct hit {
	size_t		 ev;
	size_t		 wiki;		/* index in the section's wikis */
	long		 pageid;
	char		*title;
	int		 created;
	long		 added;		/* its size change, if positive */
};

/* One wiki's count. */
struct counter {
	struct stats_ctx	*c;
	size_t			 wiki;
	struct umap		*um;		/* sorted by user */
	size_t			 num;
	char			**users;	/* distinct, sorted */
	int			*active;	/* made a contribution */
	size_t			 nusers;
	struct hit		*hits;
	size_t			 nhits;
};

void
stats_fail(struct sev *e, int exit, const char *fmt, ...)
{
	va_list	ap;

	free(e->out->error);
	va_start(ap, fmt);
	e->out->error = xvasprintf(fmt, ap);
	va_end(ap);
	e->out->exit = exit;
	e->ok = 0;
}

struct mwapi *
stats_client(struct stats_ctx *c, const char *wiki, int *exit, char **cause)
{
	const struct conf_wiki	*w;

	if ((w = conf_wiki(c->cf, wiki)) == NULL)
		fatalx("%s: no [wiki %s]", __func__, wiki);
	return (sync_session_client(c->opts->session, w, c->opts->sleep,
	    c->opts->sleep_arg, c->res->requests, exit, cause));
}

char *
stats_where(struct stats_ctx *c, const char *wiki)
{
	const struct conf_wiki	*w;

	if ((w = conf_wiki(c->cf, wiki)) == NULL)
		fatalx("%s: no [wiki %s]", __func__, wiki);
	return (xasprintf("%s %s", wiki_label(w), w->api));
}

void
stats_client_done(struct stats_ctx *c, struct mwapi *mw)
{
	int	k;

	if (mw == NULL)
		return;
	/* A session's client counts over many passes: count only ours. */
	if (c->opts->session == NULL) {
		for (k = 0; k <= MW_REQ_COUNT; k++)
			c->res->requests[k] += mwapi_requests(mw, k);
		mwapi_free(mw);
	}
}

static int
selected(const struct stats_opts *o, const char *id)
{
	size_t	i;

	if (o->nevents == 0)
		return (1);
	for (i = 0; i < o->nevents; i++)
		if (strcmp(o->events[i], id) == 0)
			return (1);
	return (0);
}

/* Is the event's window open, or closed lately?  (The daemon's scope.) */
static int
recent(const struct stats_ctx *c, const struct window *w)
{
	time_t	now = time(NULL);

	return (w->from <= now &&
	    w->to + (time_t)c->st->refresh_days * 86400 >= now);
}

struct select_arg {
	struct stats_ctx	*c;
	struct sev		*v;
	size_t			 n;
};

/* registry_foreach: take the events the section counts. */
static int
select_event(const struct event *ev, void *arg)
{
	struct select_arg	*a = arg;
	struct stats_ctx	*c = a->c;
	struct sev		*e;
	struct window		 w;
	char			*why = NULL;
	int			 ok;

	if (!where_match_all(c->st->where.v, c->st->where.n, ev) ||
	    !selected(c->opts, ev->v[F_ID]))
		return (0);
	ok = window_of(ev, c->st->grace, &w, &why) == 0;
	if (ok && (c->opts->flags & STATS_RECENT) && !recent(c, &w))
		return (0);
	a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
	e = &a->v[a->n++];
	memset(e, 0, sizeof *e);
	event_copy(&e->ev, ev);
	e->w = w;
	e->ok = ok;
	e->why = why;		/* reported once the event has its result */
	return (0);
}

/* The result entries, one per event, in the section's order. */
static void
make_results(struct stats_ctx *c)
{
	struct stats_result	*res = c->res;
	struct sev		*e;
	size_t			 i;
	char			*why;

	res->v = xreallocarray(res->v, res->n + c->nsev + 1, sizeof *res->v);
	for (i = 0; i < c->nsev; i++) {
		e = &c->sevs[i];
		e->out = &res->v[res->n++];
		memset(e->out, 0, sizeof *e->out);
		e->out->stats = xstrdup(c->st->name);
		e->out->id = xstrdup(e->ev.v[F_ID]);
		if (!e->ok) {
			why = e->why;
			e->why = NULL;
			stats_fail(e, EX_DATAERR, "event '%s': %s; not counted",
			    e->ev.v[F_ID], why);
			free(why);
		}
	}
}

static int
cmp_sev(const void *a, const void *b)
{
	return (strcmp(((const struct sev *)a)->ev.v[F_ID],
	    ((const struct sev *)b)->ev.v[F_ID]));
}

struct part_arg {
	struct stats_ctx	*c;
};

/* registry_participants: give each event in the count its people. */
static int
take_participant(const struct participant *p, void *arg)
{
	struct part_arg	*a = arg;
	struct sev	 key, *e;

	if (a->c->nsev == 0)
		return (0);
	memset(&key, 0, sizeof key);
	key.ev.v[F_ID] = (char *)p->event_id;
	if ((e = bsearch(&key, a->c->sevs, a->c->nsev, sizeof *a->c->sevs,
	    cmp_sev)) == NULL)
		return (0);
	/* A dry run reads the page's list instead of the stored one. */
	if (e->page_read && (a->c->opts->flags & STATS_DRY_RUN) &&
	    strncmp(p->source, "page:", 5) == 0)
		return (0);
	if (!strv_contains(&e->users, p->user))
		strv_push(&e->users, xstrdup(p->user));
	return (0);
}

/*
 * Every event's participants: the registry's, and in a dry run the
 * names its page lists now (in a real run they are in the registry
 * already).
 */
static int
load_participants(struct stats_ctx *c, char **cause)
{
	struct part_arg	 a = { c };
	struct sev	*e;
	size_t		 i, k;

	if (registry_participants(c->reg, NULL, take_participant, &a,
	    cause) != 0)
		return (-1);
	for (i = 0; i < c->nsev; i++) {
		e = &c->sevs[i];
		if (!e->page_read || !(c->opts->flags & STATS_DRY_RUN))
			continue;
		for (k = 0; k < e->page_users.n; k++)
			if (!strv_contains(&e->users, e->page_users.v[k]))
				strv_push(&e->users,
				    xstrdup(e->page_users.v[k]));
	}
	return (0);
}

static int
cmp_umap(const void *a, const void *b)
{
	const struct umap	*x = a, *y = b;
	int			 c = strcmp(x->user, y->user);

	if (c != 0)
		return (c);
	return ((x->ev > y->ev) - (x->ev < y->ev));
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * Who to ask the wiki about, and for which events; the span of their
 * windows in from and to.  0 when nobody is to be asked.
 */
static size_t
plan_users(struct counter *k, time_t *from, time_t *to)
{
	struct stats_ctx	*c = k->c;
	struct sev		*e;
	size_t			 i, j, n = 0;

	for (i = 0; i < c->nsev; i++) {
		e = &c->sevs[i];
		if (!e->ok || e->users.n == 0)
			continue;
		if (n == 0 || e->w.from < *from)
			*from = e->w.from;
		if (n == 0 || e->w.to > *to)
			*to = e->w.to;
		for (j = 0; j < e->users.n; j++) {
			k->um = xreallocarray(k->um, n + 1, sizeof *k->um);
			k->um[n].user = e->users.v[j];
			k->um[n++].ev = i;
		}
	}
	k->num = n;
	if (n == 0)
		return (0);
	qsort(k->um, n, sizeof *k->um, cmp_umap);
	k->users = xcalloc(n + 1, sizeof *k->users);
	for (i = 0; i < n; i++) {
		if (k->nusers == 0 ||
		    strcmp(k->users[k->nusers - 1], k->um[i].user) != 0)
			k->users[k->nusers++] = (char *)k->um[i].user;
	}
	k->active = xcalloc(k->nusers + 1, sizeof *k->active);
	return (k->nusers);
}

/* mwapi_usercontribs: keep the revision for each event it counts for. */
static int
take_contrib(const struct mw_contrib *mc, void *arg)
{
	struct counter		*k = arg;
	struct sev		*e;
	struct hit		*h;
	struct umap		 key;
	const char		*user = mc->user;
	char			**u;
	time_t			 t;
	size_t			 i, lo = 0, hi = k->num, mid;

	k->c->res->contribs++;
	if (window_parse_utc(mc->timestamp, &t) != 0) {
		log_debug("'%s': revision %ld: time '%s' not understood; "
		    "not counted", mc->title, mc->revid, mc->timestamp);
		return (0);
	}
	if ((u = bsearch(&user, k->users, k->nusers, sizeof *k->users,
	    cmp_str)) != NULL)
		k->active[u - k->users] = 1;
	/* The first entry for the user, then every one after it. */
	key.user = user;
	key.ev = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_umap(&k->um[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < k->num && strcmp(k->um[i].user, user) == 0; i++) {
		e = &k->c->sevs[k->um[i].ev];
		if (t < e->w.from || t > e->w.to)
			continue;
		k->hits = xreallocarray(k->hits, k->nhits + 1,
		    sizeof *k->hits);
		h = &k->hits[k->nhits++];
		h->ev = k->um[i].ev;
		h->wiki = k->wiki;
		h->pageid = mc->pageid;
		h->title = xstrdup(mc->title);
		h->created = mc->created;
		h->added = mc->sizediff > 0 ? mc->sizediff : 0;
	}
	return (0);
}

/*
 * The participants who made no contribution at all in the span: are
 * they users of this wiki?  A note on their events when not.
 */
static void
check_users(struct counter *k, struct mwapi *mw, const char *label)
{
	struct mw_user	*mu = NULL;
	const char	**idle;
	char		*cause = NULL;
	unsigned long	 before;
	size_t		 i, j, n = 0;
	int		 rv;

	idle = xcalloc(k->nusers + 1, sizeof *idle);
	for (i = 0; i < k->nusers; i++)
		if (!k->active[i])
			idle[n++] = k->users[i];
	before = mwapi_requests(mw, MW_REQ_READ);
	rv = n == 0 ? 0 : mwapi_users(mw, idle, n, &mu, &cause);
	k->c->res->user_reqs += mwapi_requests(mw, MW_REQ_READ) - before;
	if (n == 0 || rv != 0) {
		if (cause != NULL)
			log_warnx("%s: checking %zu participants: %s", label, n,
			    cause);
		free(cause);
		free(idle);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!mu[i].missing && !mu[i].invalid)
			continue;
		for (j = 0; j < k->num; j++) {
			if (strcmp(k->um[j].user, idle[i]) != 0)
				continue;
			strv_pushf(&k->c->sevs[k->um[j].ev].out->notes,
			    "participant '%s' %s on %s", idle[i],
			    mu[i].invalid ? "is not a valid user name" :
			    "does not exist", label);
		}
	}
	mw_users_free(mu, n);
	free(idle);
}

/* Ask one wiki for the participants' contributions. */
static int
count_wiki(struct stats_ctx *c, struct counter *k)
{
	const char	*wiki = c->st->wikis.v[k->wiki];
	const char	*label = *wiki == '\0' ? "[wiki]" : wiki;
	struct mwapi	*mw;
	time_t		 from = 0, to = 0;
	char		 a[32], b[32], *cause = NULL, *where;
	unsigned long	 before = 0;
	size_t		 i;
	int		 exit = 0, rv;

	if (plan_users(k, &from, &to) == 0)
		return (0);
	c->res->users += k->nusers;
	window_format(from, a);
	window_format(to, b);
	rv = -1;
	if ((mw = stats_client(c, wiki, &exit, &cause)) != NULL) {
		before = mwapi_requests(mw, MW_REQ_READ);
		rv = mwapi_usercontribs(mw, (const char *const *)k->users,
		    k->nusers, a, b, c->st->namespaces, 0, take_contrib, k,
		    &cause);
		c->res->contrib_reqs += mwapi_requests(mw, MW_REQ_READ) -
		    before;
	}
	if (rv != 0) {
		if (mw != NULL)
			exit = mw_error_exit(mwapi_error(mw));
		where = stats_where(c, wiki);
		for (i = 0; i < c->nsev; i++) {
			if (c->sevs[i].ok && c->sevs[i].users.n > 0)
				stats_fail(&c->sevs[i], exit, "event '%s': "
				    "%s: %s: %s", c->sevs[i].ev.v[F_ID], where,
				    mw == NULL ? "login" : "contributions",
				    cause);
		}
		free(where);
		free(cause);
		stats_client_done(c, mw);
		return (-1);
	}
	check_users(k, mw, label);
	stats_client_done(c, mw);
	return (0);
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit	*x = a, *y = b;

	if (x->ev != y->ev)
		return ((x->ev > y->ev) - (x->ev < y->ev));
	if (x->wiki != y->wiki)
		return ((x->wiki > y->wiki) - (x->wiki < y->wiki));
	return ((x->pageid > y->pageid) - (x->pageid < y->pageid));
}

/* The pages of one event on one wiki, and its figures, from the hits. */
struct tally {
	struct event_article	*arts;
	size_t			 n;
};

/*
 * Fold the hits (sorted) into pages per event and wiki, and figures per
 * event.  tallies[ev * nwikis + wiki].
 */
static void
fold(struct stats_ctx *c, struct hit *hits, size_t n, struct tally *tl)
{
	struct event_article	*a;
	struct tally		*t;
	struct sev		*e;
	size_t			 i, p, nw = c->st->wikis.n;

	for (i = 0; i < n; i++) {
		e = &c->sevs[hits[i].ev];
		t = &tl[hits[i].ev * nw + hits[i].wiki];
		/* Sorted by event, wiki and page: a new page starts here. */
		if (i == 0 || cmp_hit(&hits[i - 1], &hits[i]) != 0) {
			t->arts = xreallocarray(t->arts, t->n + 1,
			    sizeof *t->arts);
			a = &t->arts[t->n++];
			memset(a, 0, sizeof *a);
			a->event_id = e->ev.v[F_ID];
			a->wiki = c->st->wikis.v[hits[i].wiki];
			a->title = hits[i].title;
		}
		a = &t->arts[t->n - 1];
		a->created |= hits[i].created;
		a->edits++;
		a->bytes_added += hits[i].added;
		e->out->fig[STATS_EDITS]++;
		e->out->fig[STATS_BYTES] += hits[i].added;
	}
	for (i = 0; i < c->nsev * nw; i++) {
		e = &c->sevs[i / nw];
		for (p = 0; p < tl[i].n; p++) {
			if (tl[i].arts[p].created)
				e->out->fig[STATS_CREATED]++;
			else
				e->out->fig[STATS_IMPROVED]++;
		}
		e->out->pages += tl[i].n;
	}
}

struct store_arg {
	struct stats_ctx	*c;
	struct tally		*tl;
	char			*source;
};

/* Set the figures of one event and its pages; changed if any differ. */
static int
store_event(struct registry *reg, struct store_arg *a, struct sev *e,
    struct tally *tl, char **cause)
{
	struct event	 old, new;
	char		 num[32], *why = NULL;
	size_t		 w, f;
	int		 found, changed = 0, ch, rv = -1, idx;

	event_init(&old);
	if ((found = registry_get(reg, e->ev.v[F_ID], &old, cause)) != 1) {
		event_free(&old);
		if (found == 0)
			strv_pushf(&e->out->notes, "removed from the registry "
			    "while being counted; not stored");
		return (found == 0 ? 0 : -1);
	}
	event_copy(&new, &old);
	for (f = 0; f < STATS_NFIG; f++) {
		idx = event_field_index(stats_fields[f]);
		free(e->out->old[f]);
		e->out->old[f] = xstrdup(old.v[idx]);
		snprintf(num, sizeof num, "%ld", e->out->fig[f]);
		if (event_set(&new, stats_fields[f], num, &why) != 0)
			fatalx("%s: %s", __func__, why);
	}
	if (registry_put_over(reg, &new, &old, a->source, &ch, cause) != 0)
		goto out;
	changed |= ch > 0;
	for (w = 0; w < a->c->st->wikis.n; w++) {
		if (registry_articles_put(reg, e->ev.v[F_ID],
		    a->c->st->wikis.v[w], tl[w].arts, tl[w].n, &ch,
		    cause) != 0)
			goto out;
		changed |= ch;
	}
	e->out->changed = changed;
	rv = 0;
out:
	event_free(&old);
	event_free(&new);
	return (rv);
}

static int
store(struct registry *reg, void *arg, char **cause)
{
	struct store_arg	*a = arg;
	struct stats_ctx	*c = a->c;
	struct sev		*e;
	size_t			 i;

	for (i = 0; i < c->nsev; i++) {
		e = &c->sevs[i];
		if (!e->ok || !e->out->counted)
			continue;
		if (store_event(reg, a, e, &a->tl[i * c->st->wikis.n],
		    cause) != 0)
			return (-1);
	}
	return (0);
}

/* In a dry run: would the figures change? */
static void
compare(struct stats_ctx *c)
{
	struct sev	*e;
	char		 num[32];
	size_t		 i, f;
	int		 idx;

	for (i = 0; i < c->nsev; i++) {
		e = &c->sevs[i];
		if (!e->ok || !e->out->counted)
			continue;
		for (f = 0; f < STATS_NFIG; f++) {
			idx = event_field_index(stats_fields[f]);
			e->out->old[f] = xstrdup(e->ev.v[idx]);
			snprintf(num, sizeof num, "%ld", e->out->fig[f]);
			e->out->changed |= strcmp(num, e->ev.v[idx]) != 0;
		}
	}
}

/* "stats enwiki, svwiki" */
static char *
source_of(const struct conf_stats *st)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "stats ");
	for (i = 0; i < st->wikis.n; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "",
		    *st->wikis.v[i] != '\0' ? st->wikis.v[i] : "[wiki]");
	return (buf_detach(&b));
}

/* Count and store, once the participants are known. */
static int
count_section(struct stats_ctx *c, char **cause)
{
	struct counter		 k;
	struct hit		*hits = NULL;
	struct tally		*tl;
	struct store_arg	 sa;
	struct sev		*e;
	size_t			 i, w, nhits = 0, nw = c->st->wikis.n;
	int			 rv = 0;

	for (i = 0; i < c->nsev; i++) {
		e = &c->sevs[i];
		e->out->counted = e->ok && e->users.n > 0;
		e->out->fig[STATS_PARTICIPANTS] = (long)e->users.n;
	}
	for (w = 0; w < nw; w++) {
		memset(&k, 0, sizeof k);
		k.c = c;
		k.wiki = w;
		(void)count_wiki(c, &k);
		hits = xreallocarray(hits, nhits + k.nhits + 1, sizeof *hits);
		if (k.nhits > 0)
			memcpy(hits + nhits, k.hits, k.nhits * sizeof *hits);
		nhits += k.nhits;
		free(k.hits);
		free(k.um);
		free(k.users);
		free(k.active);
	}
	/* A wiki that failed fails its events: none is half counted. */
	for (i = 0; i < nhits; i++)
		if (!c->sevs[hits[i].ev].ok)
			hits[i].ev = SIZE_MAX;
	if (nhits > 1)
		qsort(hits, nhits, sizeof *hits, cmp_hit);
	while (nhits > 0 && hits[nhits - 1].ev == SIZE_MAX)
		free(hits[--nhits].title);
	for (i = 0; i < c->nsev; i++)
		c->sevs[i].out->counted &= c->sevs[i].ok;
	tl = xcalloc(c->nsev * nw + 1, sizeof *tl);
	fold(c, hits, nhits, tl);
	if (c->opts->flags & STATS_DRY_RUN)
		compare(c);
	else {
		sa.c = c;
		sa.tl = tl;
		sa.source = source_of(c->st);
		rv = registry_write(c->reg, store, &sa, cause);
		free(sa.source);
	}
	for (i = 0; i < c->nsev * nw; i++)
		free(tl[i].arts);
	free(tl);
	for (i = 0; i < nhits; i++)
		free(hits[i].title);
	free(hits);
	return (rv);
}

static void
sevs_free(struct stats_ctx *c)
{
	size_t	i;

	for (i = 0; i < c->nsev; i++) {
		event_free(&c->sevs[i].ev);
		strv_free(&c->sevs[i].users);
		strv_free(&c->sevs[i].page_users);
		free(c->sevs[i].page_title);
		free(c->sevs[i].why);
	}
	free(c->sevs);
	c->sevs = NULL;
	c->nsev = 0;
}

/* One [stats] section. */
static int
stats_section(struct stats_ctx *c, char **cause)
{
	struct select_arg	 a = { c, NULL, 0 };
	int			 rv = -1;

	if (registry_foreach(c->reg, select_event, &a, cause) != 0) {
		c->sevs = a.v;
		c->nsev = a.n;
		goto out;
	}
	c->sevs = a.v;
	c->nsev = a.n;
	if (c->nsev > 1)
		qsort(c->sevs, c->nsev, sizeof *c->sevs, cmp_sev);
	make_results(c);
	if (stats_pages(c, cause) != 0 || load_participants(c, cause) != 0 ||
	    count_section(c, cause) != 0)
		goto out;
	rv = 0;
out:
	sevs_free(c);
	return (rv);
}

int
stats_run(const struct config *cf, struct registry *reg,
    const struct stats_opts *opts, struct stats_result *res, char **cause)
{
	struct stats_ctx	c;
	size_t			i;

	memset(res, 0, sizeof *res);
	for (i = 0; i < cf->nstats; i++) {
		memset(&c, 0, sizeof c);
		c.cf = cf;
		c.reg = reg;
		c.opts = opts;
		c.res = res;
		c.st = &cf->stats[i];
		registry_now(c.now);
		if (stats_section(&c, cause) != 0) {
			stats_result_free(res);
			return (-1);
		}
	}
	return (0);
}

void
stats_result_free(struct stats_result *res)
{
	size_t	i, f;

	for (i = 0; i < res->n; i++) {
		free(res->v[i].stats);
		free(res->v[i].id);
		free(res->v[i].error);
		for (f = 0; f < STATS_NFIG; f++)
			free(res->v[i].old[f]);
		strv_free(&res->v[i].notes);
	}
	free(res->v);
	memset(res, 0, sizeof *res);
}

int
stats_exit_status(const struct stats_result *res)
{
	size_t	i;

	for (i = 0; i < res->n; i++)
		if (res->v[i].error != NULL)
			return (res->v[i].exit != 0 ? res->v[i].exit :
			    EX_SOFTWARE);
	return (0);
}
