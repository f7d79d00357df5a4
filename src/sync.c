/*
 * A sync pass: pick the tables, load their state, render them from one
 * read of the registry, then wiki by wiki log in, read the pages in
 * batches and hand each page to sync-page.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "log.h"
#include "mwapi.h"
#include "passlock.h"
#include "strv.h"
#include "sync-int.h"
#include "wiki.h"
#include "xmalloc.h"

const char *
sync_status_name(enum sync_status status)
{
	switch (status) {
	case SYNC_INSYNC:
		return ("in sync");
	case SYNC_EDITED:
		return ("edited");
	case SYNC_CREATED:
		return ("created");
	case SYNC_WOULD_EDIT:
		return ("would edit");
	case SYNC_SKIPPED:
		return ("skipped");
	case SYNC_FAILED:
		return ("failed");
	case SYNC_STOPPED:
		return ("stopped");
	}
	return ("?");
}

char *
sync_state_error(enum sync_status status, const char *error)
{
	return (xasprintf("%s: %s", sync_status_name(status), error));
}

const char *
sync_state_outcome(const char *kept, const char **text)
{
	static const enum sync_status	 outcomes[] = {
		SYNC_SKIPPED, SYNC_FAILED, SYNC_STOPPED
	};
	const char			*name;
	size_t				 i, len;

	for (i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++) {
		name = sync_status_name(outcomes[i]);
		len = strlen(name);
		if (strncmp(kept, name, len) == 0 && kept[len] == ':' &&
		    kept[len + 1] == ' ') {
			*text = kept + len + 2;
			return (name);
		}
	}
	*text = kept;
	return (sync_status_name(SYNC_FAILED));
}

char *
sync_history_hint(const char *title)
{
	struct buf	b;

	/* Quoted for the shell: ' ends the quotes, so it becomes '\''. */
	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "wikisync status --history '");
	for (; *title != '\0'; title++) {
		if (*title == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *title);
	}
	buf_addc(&b, '\'');
	return (buf_detach(&b));
}

int
sync_same_title(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		if (*a != *b && !((*a == '_' || *a == ' ') &&
		    (*b == '_' || *b == ' ')))
			return (0);
	}
	return (*a == *b);
}

static int
selected(const struct sync_opts *o, const char *page)
{
	size_t	i;

	if (o->npages == 0)
		return (1);
	for (i = 0; i < o->npages; i++) {
		if (sync_same_title(o->pages[i], page))
			return (1);
	}
	return (0);
}

/*
 * Fail every page of a wiki that cannot be reached, naming the wiki and
 * its URL (with several wikis, or a typo in api, the label alone is not
 * enough) and what failed: "login" or "reading pages".
 */
static void
fail_all(struct syncer *s, struct sync_work *work, size_t nwork, int exit,
    const char *what, const char *cause)
{
	size_t	i;

	for (i = 0; i < nwork; i++) {
		sync_page_fail(&work[i], SYNC_FAILED, exit, "page '%s': %s %s: "
		    "%s: %s", work[i].title, wiki_label(s->w), s->w->api, what,
		    cause);
		sync_page_record_error(s, &work[i]);
	}
}

/* Requests made by the client so far, to count a pass's own. */
static void
count_requests(struct syncer *s, unsigned long *before, int add)
{
	unsigned long	n;
	int		k;

	for (k = 0; k <= MW_REQ_COUNT; k++) {
		n = mwapi_requests(s->mw, k);
		if (add)
			s->res->requests[k] += n - before[k];
		else
			before[k] = n;
	}
}

struct sync_session *
sync_session_new(void)
{
	return (xcalloc(1, sizeof (struct sync_session)));
}

void
sync_session_free(struct sync_session *ss)
{
	size_t	i;

	if (ss == NULL)
		return;
	for (i = 0; i < ss->n; i++) {
		free(ss->v[i].wiki);
		mwapi_free(ss->v[i].mw);
	}
	for (i = 0; i < ss->ncache; i++)
		rendered_free(&ss->cache[i]);
	free(ss->cache);
	free(ss->cached);
	free(ss->v);
	free(ss);
}

struct mwapi *
sync_session_client(struct sync_session *ss, const struct conf_wiki *w,
    mw_sleep_fn sleep, void *sleep_arg, unsigned long *spent, int *exit,
    char **cause)
{
	struct mwapi	*mw;
	size_t		 i;
	int		 k;

	for (i = 0; ss != NULL && i < ss->n; i++) {
		if (strcmp(ss->v[i].wiki, w->name) == 0)
			return (ss->v[i].mw);
	}
	if ((mw = wiki_open_with(w, sleep, sleep_arg, cause)) == NULL) {
		*exit = EX_CONFIG;
		return (NULL);
	}
	if (mwapi_login(mw, cause) != 0) {
		*exit = mw_error_exit(mwapi_error(mw));
		/* Tried is spent: a summary must not say 0 requests. */
		for (k = 0; spent != NULL && k <= MW_REQ_COUNT; k++)
			spent[k] += mwapi_requests(mw, k);
		mwapi_free(mw);
		return (NULL);
	}
	if (ss != NULL) {
		ss->v = xreallocarray(ss->v, ss->n + 1, sizeof *ss->v);
		ss->v[ss->n].wiki = xstrdup(w->name);
		ss->v[ss->n++].mw = mw;
	}
	return (mw);
}

void
sync_session_forget(struct sync_session *ss)
{
	size_t	i;

	if (ss == NULL)
		return;
	for (i = 0; i < ss->ncache; i++)
		rendered_free(&ss->cache[i]);
	free(ss->cache);
	free(ss->cached);
	ss->cache = NULL;
	ss->cached = NULL;
	ss->ncache = 0;
}

/*
 * A logged-in client for s->w, from the session or new, with its request
 * counts before this pass in before[]; NULL with *cause.
 */
static struct mwapi *
sync_client(struct syncer *s, unsigned long *before, int *exit,
    char **cause)
{
	struct sync_session	*ss = s->opts->session;
	size_t			 n = ss != NULL ? ss->n : 0;
	int			 kept = 0;
	size_t			 i;

	/* A client kept from before has counts of its own already. */
	for (i = 0; i < n; i++)
		kept |= strcmp(ss->v[i].wiki, s->w->name) == 0;
	memset(before, 0, (MW_REQ_COUNT + 1) * sizeof *before);
	s->mw = sync_session_client(ss, s->w, s->opts->sleep,
	    s->opts->sleep_arg, s->res->requests, exit, cause);
	if (s->mw != NULL && kept)
		count_requests(s, before, 0);
	return (s->mw);
}

/* Drop s->w's client: closed unless the session keeps it. */
static void
sync_client_done(struct syncer *s)
{
	if (s->opts->session == NULL)
		mwapi_free(s->mw);
	s->mw = NULL;
}

/* Mark the pages from i on as not done. */
static void
stop_rest(struct sync_work *work, size_t *which, size_t i, size_t n)
{
	for (; i < n; i++)
		sync_page_fail(&work[which[i]], SYNC_STOPPED, EX_TEMPFAIL,
		    "page '%s': not synced: the pass was stopped",
		    work[which[i]].title);
}

/*
 * Is the page as wikisync left it, by its revision and page id alone,
 * with every table on it rendering what was last written?  Then its text
 * need not even be read.
 */
static int
unchanged(const struct sync_work *pw, const struct mw_page *p)
{
	const struct sync_table	*t;
	size_t			 i;

	if (p->missing || p->invalid || p->redirected)
		return (0);
	for (i = 0; i < pw->n; i++) {
		t = pw->tables[i];
		if (!t->known || t->r.error != NULL || *t->st.error != '\0' ||
		    *t->st.stored == '\0' || t->st.revid != p->revid ||
		    t->st.page_id != p->pageid ||
		    strcmp(t->r.hash, t->st.rendered) != 0)
			return (0);
	}
	return (1);
}

/*
 * One wiki in a pass: its pages with tables, its intake pages, its
 * client, and the revision ids of all its pages, read in one go (one
 * request per 500 titles, 50 without apihighlimits) so that the intake
 * pages cost nothing more to check than the tables.
 */
struct wiki_run {
	const struct conf_wiki		 *w;
	struct sync_work		 *work;
	size_t				  nwork;
	const struct conf_intake	**intakes;
	struct sync_pull		**pulls;
	size_t				  nintakes;
	struct mwapi			 *mw;
	unsigned long			  before[MW_REQ_COUNT + 1];
	struct mw_page			 *ids;	/* work, then intakes */
	int				  down;	/* login or read failed */
};

static void
fail_pulls(struct wiki_run *wr, int exit, const char *what,
    const char *cause)
{
	size_t	i;

	for (i = 0; i < wr->nintakes; i++) {
		free(wr->pulls[i]->error);
		wr->pulls[i]->error = xasprintf("intake page '%s': %s %s: "
		    "%s: %s", wr->intakes[i]->page, wiki_label(wr->w),
		    wr->w->api, what, cause);
		wr->pulls[i]->status = SYNC_FAILED;
		wr->pulls[i]->exit = exit;
	}
}

/* Log in and read the revision ids of every page of the wiki. */
static void
wiki_begin(struct syncer *s, struct wiki_run *wr)
{
	const char	**titles;
	size_t		  i, n = wr->nwork + wr->nintakes;
	char		 *cause = NULL;
	int		  exit = 0;

	s->w = wr->w;
	if ((wr->mw = sync_client(s, wr->before, &exit, &cause)) == NULL) {
		fail_all(s, wr->work, wr->nwork, exit, "login", cause);
		fail_pulls(wr, exit, "login", cause);
		wr->down = 1;
		free(cause);
		return;
	}
	titles = xcalloc(n + 1, sizeof *titles);
	for (i = 0; i < wr->nwork; i++)
		titles[i] = wr->work[i].title;
	for (i = 0; i < wr->nintakes; i++)
		titles[wr->nwork + i] = wr->intakes[i]->page;
	if (mwapi_read(wr->mw, titles, n, MW_READ_REDIRECTS, &wr->ids,
	    &cause) != 0) {
		exit = mw_error_exit(mwapi_error(wr->mw));
		fail_all(s, wr->work, wr->nwork, exit, "reading pages",
		    cause);
		fail_pulls(wr, exit, "reading pages", cause);
		wr->down = 1;
		wr->ids = NULL;
	}
	free(titles);
	free(cause);
}

/* Pull the wiki's intake pages; 1 if the registry changed. */
static int
wiki_pull(struct syncer *s, struct wiki_run *wr)
{
	size_t	i;
	int	changed = 0;

	s->w = wr->w;
	s->mw = wr->mw;
	for (i = 0; i < wr->nintakes; i++) {
		if (s->opts->stop != NULL && s->opts->stop(s->opts->stop_arg)) {
			wr->pulls[i]->status = SYNC_STOPPED;
			wr->pulls[i]->exit = EX_TEMPFAIL;
			wr->pulls[i]->error = xasprintf("intake page '%s': not "
			    "read: the pass was stopped", wr->intakes[i]->page);
			continue;
		}
		changed |= sync_intake(s, wr->intakes[i],
		    &wr->ids[wr->nwork + i], wr->pulls[i]);
	}
	return (changed);
}

/*
 * Read the text of the pages that may need an edit (by their ids read in
 * wiki_begin), and sync them one by one.
 */
static void
wiki_push(struct syncer *s, struct wiki_run *wr)
{
	struct sync_work *work = wr->work;
	struct mw_page	 *pages = NULL;
	const char	**titles;
	size_t		 *which, i, n = 0;
	char		 *cause = NULL;

	s->w = wr->w;
	s->mw = wr->mw;
	titles = xcalloc(wr->nwork + 1, sizeof *titles);
	which = xcalloc(wr->nwork + 1, sizeof *which);
	for (i = 0; i < wr->nwork; i++) {
		if (unchanged(&work[i], &wr->ids[i])) {
			work[i].out->status = SYNC_INSYNC;
			work[i].out->revid = wr->ids[i].revid;
		} else {
			titles[n] = work[i].title;
			which[n++] = i;
		}
	}
	if (n > 0 && mwapi_read(s->mw, titles, n, MW_READ_TEXT |
	    MW_READ_REDIRECTS, &pages, &cause) != 0) {
		for (i = 0; i < n; i++) {
			sync_page_fail(&work[which[i]], SYNC_FAILED,
			    mw_error_exit(mwapi_error(s->mw)), "page '%s': %s "
			    "%s: reading pages: %s", work[which[i]].title,
			    wiki_label(s->w), s->w->api, cause);
			sync_page_record_error(s, &work[which[i]]);
		}
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (s->opts->stop != NULL && s->opts->stop(s->opts->stop_arg)) {
			stop_rest(work, which, i, n);
			break;
		}
		sync_page(s, &work[which[i]], &pages[i]);
	}
out:
	mw_pages_free(pages, pages != NULL ? n : 0);
	free(titles);
	free(which);
	free(cause);
}

/* Count the wiki's requests in the result, and let its client go. */
static void
wiki_end(struct syncer *s, struct wiki_run *wr)
{
	size_t	i;

	s->w = wr->w;
	s->mw = wr->mw;
	if (wr->mw != NULL) {
		count_requests(s, wr->before, 1);
		sync_client_done(s);
	}
	mw_pages_free(wr->ids, wr->ids != NULL ? wr->nwork + wr->nintakes :
	    0);
	for (i = 0; i < wr->nwork; i++)
		free(wr->work[i].tables);
	free(wr->work);
	free(wr->intakes);
	free(wr->pulls);
}

/* Group the selected tables of wiki w by page, in config order. */
static struct sync_work *
plan_wiki(struct syncer *s, struct sync_table *tabs, size_t ntabs,
    size_t *nwork)
{
	struct sync_work	*work = NULL;
	struct sync_page	*out;
	size_t			 i, k;

	*nwork = 0;
	for (i = 0; i < ntabs; i++) {
		if (strcmp(tabs[i].t->wiki, s->w->name) != 0)
			continue;
		for (k = 0; k < *nwork; k++) {
			if (sync_same_title(work[k].title, tabs[i].t->page))
				break;
		}
		if (k == *nwork) {
			work = xreallocarray(work, *nwork + 1, sizeof *work);
			memset(&work[k], 0, sizeof work[k]);
			work[k].title = tabs[i].t->page;
			/* res->v has room for a page per table: never moves. */
			out = &s->res->v[s->res->n++];
			memset(out, 0, sizeof *out);
			out->wiki = xstrdup(s->w->name);
			out->title = xstrdup(tabs[i].t->page);
			(*nwork)++;
		}
		work[k].tables = xreallocarray(work[k].tables, work[k].n + 1,
		    sizeof *work[k].tables);
		work[k].tables[work[k].n++] = &tabs[i];
	}
	for (k = 0; k < *nwork; k++)
		work[k].out = &s->res->v[s->res->n - *nwork + k];
	return (work);
}

struct state_list {
	struct sync_state	*v;
	size_t			 n;
};

static int
collect_state(const struct sync_state *st, void *arg)
{
	struct state_list	*l = arg;
	struct sync_state	*c;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	c = &l->v[l->n++];
	*c = *st;
	/* Take the strings: registry_sync_foreach frees its copy after. */
	c->wiki = xstrdup(st->wiki);
	c->region = xstrdup(st->region);
	c->title = xstrdup(st->title);
	c->rendered = xstrdup(st->rendered);
	c->stored = xstrdup(st->stored);
	c->generated = xstrdup(st->generated);
	c->events = xstrdup(st->events);
	c->written = xstrdup(st->written);
	c->checked = xstrdup(st->checked);
	c->error = xstrdup(st->error);
	c->error_at = xstrdup(st->error_at);
	c->recovered = xstrdup(st->recovered);
	return (0);
}

/* Give table t its state from the list (moved out of it), or an empty one. */
static int
take_state(struct state_list *l, struct sync_table *t)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].wiki != NULL &&
		    strcmp(l->v[i].wiki, t->t->wiki) == 0 &&
		    strcmp(l->v[i].region, t->t->name) == 0) {
			t->st = l->v[i];
			memset(&l->v[i], 0, sizeof l->v[i]);
			return (1);
		}
	}
	sync_state_init(&t->st, t->t->wiki, t->t->name);
	return (0);
}

static void
rendered_copy(struct rendered *dst, const struct rendered *src)
{
	memset(dst, 0, sizeof *dst);
	if (src->error != NULL) {
		dst->error = xstrdup(src->error);
		return;
	}
	dst->text = xmalloc(src->len + 1);
	memcpy(dst->text, src->text, src->len + 1);
	dst->len = src->len;
	memcpy(dst->hash, src->hash, sizeof dst->hash);
	dst->generated = xstrdup(src->generated);
	dst->events = xstrdup(src->events);
	dst->count = src->count;
	if (src->warnings != NULL)
		dst->warnings = xstrdup(src->warnings);
}

/*
 * The session's renderings, if every table has one and nobody changed
 * the registry since: then nothing is rendered.  -1 on a registry error.
 */
static int
from_cache(struct syncer *s, struct sync_table *tabs, size_t n,
    long long *dv, char **cause)
{
	struct sync_session	*ss = s->opts->session;
	size_t			 i, k;

	if (ss == NULL)
		return (0);
	if (registry_data_version(s->reg, dv, cause) != 0)
		return (-1);
	if (ss->cache == NULL || *dv != ss->data_version)
		return (0);
	for (i = 0; i < n; i++) {
		k = (size_t)(tabs[i].t - s->cf->tables);
		if (k >= ss->ncache || !ss->cached[k])
			return (0);
	}
	for (i = 0; i < n; i++)
		rendered_copy(&tabs[i].r,
		    &ss->cache[tabs[i].t - s->cf->tables]);
	return (1);
}

/*
 * Keep the renderings in the session for the next pass.  After a pull
 * (fresh) every older rendering goes: the pull's own writes to the
 * registry do not change its data_version.
 */
static void
to_cache(struct syncer *s, struct sync_table *tabs, size_t n, long long dv,
    int fresh)
{
	struct sync_session	*ss = s->opts->session;
	size_t			 i, k;

	if (ss == NULL)
		return;
	if (ss->cache == NULL || dv != ss->data_version || fresh) {
		for (i = 0; i < ss->ncache; i++)
			rendered_free(&ss->cache[i]);
		free(ss->cache);
		free(ss->cached);
		ss->ncache = s->cf->ntables;
		ss->cache = xcalloc(ss->ncache + 1, sizeof *ss->cache);
		ss->cached = xcalloc(ss->ncache + 1, sizeof *ss->cached);
		ss->data_version = dv;
	}
	for (i = 0; i < n; i++) {
		k = (size_t)(tabs[i].t - s->cf->tables);
		rendered_free(&ss->cache[k]);
		rendered_copy(&ss->cache[k], &tabs[i].r);
		ss->cached[k] = 1;
	}
}

/* The selected tables with their state (not rendered yet). */
static struct sync_table *
load_tables(struct syncer *s, size_t *ntabs, char **cause)
{
	struct sync_table	*tabs;
	struct state_list	 sl = { NULL, 0 };
	size_t			 i, n = 0;

	/* One query for every state, not one per table. */
	if (registry_sync_foreach(s->reg, collect_state, &sl, cause) != 0)
		return (NULL);
	tabs = xcalloc(s->cf->ntables + 1, sizeof *tabs);
	for (i = 0; i < s->cf->ntables; i++) {
		if (!selected(s->opts, s->cf->tables[i].page))
			continue;
		tabs[n].t = &s->cf->tables[i];
		tabs[n].known = take_state(&sl, &tabs[n]);
		n++;
	}
	for (i = 0; i < sl.n; i++) {
		if (sl.v[i].wiki != NULL)
			sync_state_free(&sl.v[i]);
	}
	free(sl.v);
	*ntabs = n;
	return (tabs);
}

/*
 * Render the tables from one read of the registry, or take the session's
 * renderings when nobody changed it (fresh: a pull just did).
 */
static int
render_loaded(struct syncer *s, struct sync_table *tabs, size_t n,
    int fresh, char **cause)
{
	const struct conf_table		**t;
	struct render_priors		 *pr;
	struct rendered			 *r;
	long long			  dv = 0;
	size_t				  i;
	int				  cached = 0, rv = -1;

	if (!fresh && (cached = from_cache(s, tabs, n, &dv, cause)) == -1)
		return (-1);
	if (cached)
		return (0);
	if (fresh && s->opts->session != NULL &&
	    registry_data_version(s->reg, &dv, cause) != 0)
		return (-1);
	t = xcalloc(n + 1, sizeof *t);
	pr = xcalloc(n + 1, sizeof *pr);
	r = xcalloc(n + 1, sizeof *r);
	for (i = 0; i < n; i++) {
		t[i] = tabs[i].t;
		render_priors(t[i], tabs[i].known ? &tabs[i].st : NULL, s->pend,
		    s->npend, &pr[i]);
	}
	if (render_tables(s->reg, t, n, pr, s->opts->now, r, cause) == 0) {
		for (i = 0; i < n; i++)
			tabs[i].r = r[i];
		to_cache(s, tabs, n, dv, fresh);
		rv = 0;
	}
	for (i = 0; i < n; i++)
		render_priors_free(&pr[i]);
	free(t);
	free(pr);
	free(r);
	return (rv);
}

/* The wikis' work: pages with tables, intake pages; in config order. */
static struct wiki_run *
plan(struct syncer *s, struct sync_table *tabs, size_t ntabs, int pull)
{
	struct wiki_run		*runs;
	struct wiki_run		*wr;
	const struct conf_intake *in;
	struct sync_pull	*out;
	size_t			 i, k;

	runs = xcalloc(s->cf->nwikis + 1, sizeof *runs);
	s->res->v = xcalloc(ntabs + 1, sizeof *s->res->v);
	s->res->pulls = xcalloc(s->cf->nintakes + 1, sizeof *s->res->pulls);
	for (i = 0; i < s->cf->nwikis; i++) {
		wr = &runs[i];
		wr->w = s->w = &s->cf->wikis[i];
		wr->work = plan_wiki(s, tabs, ntabs, &wr->nwork);
		for (k = 0; pull && k < s->cf->nintakes; k++) {
			in = &s->cf->intakes[k];
			if (strcmp(in->wiki, wr->w->name) != 0 ||
			    !selected(s->opts, in->page))
				continue;
			out = &s->res->pulls[s->res->npulls++];
			out->wiki = xstrdup(in->wiki);
			out->intake = xstrdup(in->name);
			out->title = xstrdup(in->page);
			wr->intakes = xreallocarray(wr->intakes,
			    wr->nintakes + 1, sizeof *wr->intakes);
			wr->pulls = xreallocarray(wr->pulls, wr->nintakes + 1,
			    sizeof *wr->pulls);
			wr->intakes[wr->nintakes] = in;
			wr->pulls[wr->nintakes++] = out;
		}
	}
	return (runs);
}

/* Wait ms in the caller's steps; -1 if told to stop. */
static int
sync_sleep(const struct sync_opts *o, long ms)
{
	struct timespec	ts;

	if (o->sleep != NULL)
		return (o->sleep(ms, o->sleep_arg));
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
	return (0);
}

/*
 * Take the pass lock, waiting for another pass to end.  *lk stays NULL
 * for a pass that writes nothing (a dry run, a read-only registry): it
 * neither needs the lock nor should wait for it.
 */
static int
sync_lock(struct syncer *s, struct passlock **lk, char **cause)
{
	const struct sync_opts	*o = s->opts;
	struct passlock		*pl;
	char			*holder = NULL;
	int			 told = 0, rv;

	*lk = NULL;
	if ((o->flags & SYNC_DRY_RUN) || registry_readonly(s->reg) != NULL)
		return (0);
	if ((pl = passlock_open(registry_path(s->reg), cause)) == NULL)
		return (-1);
	while ((rv = passlock_try(pl, o->who != NULL ? o->who :
	    "wikisync sync", &holder, cause)) == 0) {
		if (!told && o->waiting != NULL)
			o->waiting(holder, o->waiting_arg);
		told = 1;
		free(holder);
		if (sync_sleep(o, SYNC_LOCK_POLL_MS) != 0) {
			*cause = xstrdup("stopped while waiting for another "
			    "wikisync's pass to end");
			rv = -1;
			break;
		}
	}
	if (rv == -1) {
		passlock_close(pl);
		return (-1);
	}
	*lk = pl;
	return (0);
}

/* The pending writes of tables and intakes, and how long to keep them. */
static int
load_pending(struct syncer *s, char **cause)
{
	time_t		t = time(NULL) - SYNC_PENDING_KEEP;
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(s->keep_after, sizeof s->keep_after, "%Y-%m-%dT%H:%M:%SZ",
	    &tm);
	if (registry_pending_list(s->reg, "table", &s->pend, &s->npend,
	    cause) != 0)
		return (-1);
	return (registry_pending_list(s->reg, "intake", &s->ipend,
	    &s->nipend, cause));
}

const struct sync_pending *
sync_pending_match(const struct sync_pending *v, size_t n, const char *wiki,
    const char *region, const char *hash)
{
	size_t	i;

	/* Oldest first: the newest match is the last. */
	for (i = n; i > 0; i--) {
		if (*v[i - 1].stored != '\0' &&
		    strcmp(v[i - 1].stored, hash) == 0 &&
		    strcmp(v[i - 1].region, region) == 0 &&
		    strcmp(v[i - 1].wiki, wiki) == 0)
			return (&v[i - 1]);
	}
	return (NULL);
}

long
sync_recovered_revid(struct syncer *s, long pageid,
    const struct sync_pending *pd)
{
	const struct mw_account	*a = mwapi_account(s->mw);
	char			*cause = NULL;
	long			 revid = 0;

	if (a == NULL || a->name == NULL || pageid <= 0)
		return (0);
	if (mwapi_first_edit_by(s->mw, pageid, a->name, (long)pd->base_revid,
	    &revid, &cause) != 0) {
		log_warnx("page '%s': which revision holds the recovered edit: "
		    "%s", pd->title, cause);
		free(cause);
		return (0);
	}
	return (revid);
}

int
sync_run(const struct config *cf, struct registry *reg,
    const struct sync_opts *opts, struct sync_result *res, char **cause)
{
	struct syncer		 s;
	struct sync_table	*tabs;
	struct wiki_run		*runs;
	struct passlock		*lk;
	size_t			 i, ntabs = 0;
	int			 push, pulled = 0, rv = 0;

	memset(res, 0, sizeof *res);
	memset(&s, 0, sizeof s);
	s.cf = cf;
	s.reg = reg;
	s.opts = opts;
	s.res = res;
	registry_now(s.now);
	if (registry_readonly(reg) != NULL && !(opts->flags & SYNC_DRY_RUN))
		s.reg_failed = xasprintf("%s: opened read-only (%s)",
		    registry_path(reg), registry_readonly(reg));
	/* The lock first: the state is read only once the pass owns it. */
	if (sync_lock(&s, &lk, cause) != 0) {
		free(s.reg_failed);
		return (-1);
	}
	push = !(opts->flags & SYNC_PULL_ONLY);
	if (load_pending(&s, cause) != 0 ||
	    (push && (tabs = load_tables(&s, &ntabs, cause)) == NULL)) {
		sync_pendings_free(s.pend, s.npend);
		sync_pendings_free(s.ipend, s.nipend);
		free(s.reg_failed);
		passlock_close(lk);
		return (-1);
	}
	if (!push)
		tabs = xcalloc(1, sizeof *tabs);
	runs = plan(&s, tabs, ntabs, !(opts->flags & SYNC_PUSH_ONLY));
	for (i = 0; i < cf->nwikis; i++) {
		if (runs[i].nwork + runs[i].nintakes > 0)
			wiki_begin(&s, &runs[i]);
	}
	/* Sign-ups first, so that the tables show them in this same pass. */
	for (i = 0; i < cf->nwikis; i++) {
		if (runs[i].nintakes > 0 && !runs[i].down)
			pulled |= wiki_pull(&s, &runs[i]);
	}
	if (ntabs > 0 && render_loaded(&s, tabs, ntabs, pulled, cause) != 0) {
		rv = -1;
		goto out;
	}
	for (i = 0; i < cf->nwikis; i++) {
		if (runs[i].nwork > 0 && !runs[i].down)
			wiki_push(&s, &runs[i]);
	}
out:
	for (i = 0; i < cf->nwikis; i++)
		wiki_end(&s, &runs[i]);
	free(runs);
	for (i = 0; i < ntabs; i++) {
		sync_state_free(&tabs[i].st);
		rendered_free(&tabs[i].r);
	}
	free(tabs);
	free(s.reg_failed);
	sync_pendings_free(s.pend, s.npend);
	sync_pendings_free(s.ipend, s.nipend);
	passlock_close(lk);
	return (rv);
}

int
sync_write(struct syncer *s, registry_write_fn fn, void *arg, char **cause)
{
	if (registry_write(s->reg, fn, arg, cause) == 0)
		return (0);
	/* The caller's data, or one row's version: not the file's fault. */
	if (s->reg_failed == NULL &&
	    registry_errcode(s->reg) != REGISTRY_EDATA &&
	    registry_errcode(s->reg) != REGISTRY_ECONFLICT)
		s->reg_failed = xstrdup(*cause);
	return (-1);
}

int
sync_write_exit(const struct syncer *s)
{
	/* Another writer of the state: the next pass will do. */
	return (registry_errcode(s->reg) == REGISTRY_ECONFLICT ? EX_TEMPFAIL :
	    EX_IOERR);
}

void
sync_result_free(struct sync_result *res)
{
	struct sync_page	*p;
	size_t			 i;

	for (i = 0; i < res->n; i++) {
		p = &res->v[i];
		free(p->wiki);
		free(p->title);
		free(p->summary);
		free(p->error);
		free(p->diff);
		free(p->moved_to);
		strv_free(&p->notes);
		strv_free(&p->warnings);
		strv_free(&p->recovered);
	}
	for (i = 0; i < res->npulls; i++) {
		free(res->pulls[i].wiki);
		free(res->pulls[i].intake);
		free(res->pulls[i].title);
		free(res->pulls[i].summary);
		free(res->pulls[i].error);
		free(res->pulls[i].diff);
		strv_free(&res->pulls[i].problems);
		strv_free(&res->pulls[i].notes);
		strv_free(&res->pulls[i].recovered);
	}
	free(res->pulls);
	free(res->v);
	memset(res, 0, sizeof *res);
}

int
sync_exit_status(const struct sync_result *res)
{
	size_t	i;

	for (i = 0; i < res->npulls; i++) {
		if (res->pulls[i].status == SYNC_SKIPPED ||
		    res->pulls[i].status == SYNC_FAILED ||
		    res->pulls[i].status == SYNC_STOPPED)
			return (res->pulls[i].exit != 0 ? res->pulls[i].exit :
			    EX_SOFTWARE);
	}
	for (i = 0; i < res->n; i++) {
		if (res->v[i].status == SYNC_SKIPPED ||
		    res->v[i].status == SYNC_FAILED ||
		    res->v[i].status == SYNC_STOPPED)
			return (res->v[i].exit != 0 ? res->v[i].exit :
			    EX_SOFTWARE);
	}
	for (i = 0; i < res->npulls; i++) {
		if (res->pulls[i].invalid > 0)
			return (EX_DATAERR);
	}
	return (0);
}
