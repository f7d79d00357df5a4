/*
 * The service loop: passes on start, on an interval and on registry
 * changes; signals; config reload; sd_notify; per-page backoff.
 */
#include "config.h"

#include <sys/inotify.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "daemon.h"
#include "log.h"
#include "notify.h"
#include "registry.h"
#include "stats.h"
#include "strv.h"
#include "sync.h"
#include "text.h"
#include "xmalloc.h"

#define DAEMON_EXTEND_MS	20000	/* start timeout extensions, apart */

/* A page that is not in sync, and when to try it again. */
struct backoff {
	char			*title;
	unsigned		 failures;
	unsigned long long	 retry_at;	/* monotonic ms */
};

/* A page whose move a pass followed, and where to: logged once. */
struct moved {
	char			*title;		/* as configured */
	char			*to;
};

struct daemon {
	struct cmd_ctx		*ctx;
	struct sync_session	*session;
	int			 ifd;		/* inotify, or -1 */
	char			*dbname;	/* the database's file name */
	long long		 data_version;
	unsigned long long	 next_check;	/* monotonic ms */
	unsigned long long	 next_stats;	/* 0: no [stats] section */
	unsigned long long	 change_first;	/* 0: no change pending */
	unsigned long long	 change_last;
	unsigned long long	 next_ping;	/* 0: no watchdog */
	unsigned long long	 ping_ms;
	unsigned long long	 next_extend;	/* before READY */
	int			 ready;
	struct backoff		*bo;
	size_t			 nbo;
	struct moved		*moved;
	size_t			 nmoved;
	size_t			 npages;	/* in the last pass */
	size_t			 edits;		/* in the last pass */
	char			 last[32];	/* when the last pass ended */
	char			 day[16];	/* the local date of the config */
};

static volatile sig_atomic_t	daemon_term, daemon_hup;

static void	daemon_reload(struct daemon *);
static int			daemon_pipe[2] = { -1, -1 };

static void
daemon_signal(int sig)
{
	int	saved = errno;

	if (sig == SIGHUP)
		daemon_hup = 1;
	else
		daemon_term = 1;
	/*
	 * A full pipe already wakes the loop, so a failed write loses
	 * nothing; the result is taken only to quiet warn_unused_result.
	 */
	if (daemon_pipe[1] != -1) {
		ssize_t	n = write(daemon_pipe[1], "x", 1);

		(void)n;
	}
	errno = saved;
}

static unsigned long long
now_ms(void)
{
	return (notify_monotonic_usec() / 1000);
}

/*
 * WATCHDOG=1 if it is due; and until READY, more time to start: the
 * first pass may have many edits to make, edit_interval apart.
 */
static void
daemon_ping(struct daemon *d)
{
	unsigned long long	now = now_ms();

	if (d->next_ping != 0 && now >= d->next_ping) {
		notify("WATCHDOG=1");
		d->next_ping = now + d->ping_ms;
	}
	if (!d->ready && now >= d->next_extend) {
		notify("EXTEND_TIMEOUT_USEC=%llu",
		    DAEMON_EXTEND_MS * 3ULL * 1000ULL);
		d->next_extend = now + DAEMON_EXTEND_MS;
	}
}

/*
 * The clients' waits (backoff, edit_interval): in slices, pinging the
 * watchdog, given up when the daemon is told to stop.
 */
static int
daemon_sleep(long ms, void *arg)
{
	struct daemon	*d = arg;
	struct timespec	 ts;
	long		 slice;

	while (ms > 0 && !daemon_term) {
		daemon_ping(d);
		slice = ms < 250 ? ms : 250;
		ts.tv_sec = 0;
		ts.tv_nsec = slice * 1000000L;
		nanosleep(&ts, NULL);
		ms -= slice;
	}
	return (daemon_term ? -1 : 0);
}

/* Between pages: stop the pass?  Also a chance to ping. */
static int
daemon_stop(void *arg)
{
	daemon_ping(arg);
	return (daemon_term);
}

static struct backoff *
daemon_backoff(struct daemon *d, const char *title)
{
	size_t	i;

	for (i = 0; i < d->nbo; i++) {
		if (strcmp(d->bo[i].title, title) == 0)
			return (&d->bo[i]);
	}
	return (NULL);
}

/* Record a page's outcome: clear its backoff, or lengthen it. */
static void
daemon_outcome(struct daemon *d, const char *title, enum sync_status status,
    const char *error)
{
	struct backoff	*b = daemon_backoff(d, title);
	unsigned long	 wait;
	unsigned	 shift;

	if (status != SYNC_SKIPPED && status != SYNC_FAILED) {
		if (b != NULL) {
			log_info("page '%s': in sync again", title);
			free(b->title);
			*b = d->bo[--d->nbo];
		}
		return;
	}
	if (b == NULL) {
		d->bo = xreallocarray(d->bo, d->nbo + 1, sizeof *d->bo);
		b = &d->bo[d->nbo++];
		b->title = xstrdup(title);
		b->failures = 0;
	}
	b->failures++;
	shift = b->failures - 1 < 20 ? b->failures - 1 : 20;
	wait = (unsigned long)DAEMON_BACKOFF_MIN << shift;
	if (wait > DAEMON_BACKOFF_MAX)
		wait = DAEMON_BACKOFF_MAX;
	b->retry_at = now_ms() + wait * 1000ULL;
	log_error("%s (retrying in %lu s)", error, wait);
}

/* Forget every move followed (a new config may name the new titles). */
static void
daemon_moved_clear(struct daemon *d)
{
	size_t	i;

	for (i = 0; i < d->nmoved; i++) {
		free(d->moved[i].title);
		free(d->moved[i].to);
	}
	free(d->moved);
	d->moved = NULL;
	d->nmoved = 0;
}

/*
 * A page moved on the wiki is followed on every pass (sync.h), and one
 * sync notes it each run; the daemon logs it once, when it first follows
 * it, or it would fill the journal every interval.  A page found at its
 * own title again is forgotten, so that a later move is news again.
 */
static void
daemon_moved(struct daemon *d, const struct sync_page *p)
{
	struct moved	*m = NULL;
	char		*to;
	size_t		 i;

	for (i = 0; i < d->nmoved && m == NULL; i++) {
		if (strcmp(d->moved[i].title, p->title) == 0)
			m = &d->moved[i];
	}
	if (p->moved_to == NULL) {
		if (m != NULL && (p->status == SYNC_INSYNC ||
		    p->status == SYNC_EDITED || p->status == SYNC_CREATED)) {
			free(m->title);
			free(m->to);
			*m = d->moved[--d->nmoved];
		}
		return;
	}
	if (m != NULL && strcmp(m->to, p->moved_to) == 0)
		return;
	if (m == NULL) {
		d->moved = xreallocarray(d->moved, d->nmoved + 1,
		    sizeof *d->moved);
		m = &d->moved[d->nmoved++];
		m->title = xstrdup(p->title);
	} else
		free(m->to);
	m->to = xstrdup(p->moved_to);
	/* The title comes from the wiki: no terminal controls in the log. */
	to = xstrdup(p->moved_to);
	text_printable(to, "");
	log_warnx("page '%s' was moved to '%s'; following it (set page = %s "
	    "in the config)", p->title, to, to);
	free(to);
}

/* Add page to the pass unless it is there or backing off. */
static void
daemon_page(struct daemon *d, struct strv *pages, const char *page,
    size_t *held)
{
	struct backoff	*b;

	if (strv_contains(pages, page))
		return;
	if ((b = daemon_backoff(d, page)) != NULL && b->retry_at > now_ms()) {
		(*held)++;
		return;
	}
	strv_push(pages, xstrdup(page));
}

/*
 * The pages a pass should look at now, tables' and intakes': all but
 * those backing off.
 */
static void
daemon_pages(struct daemon *d, struct strv *pages, size_t *held)
{
	const struct config	*cf = d->ctx->cf;
	size_t			 i;

	*held = 0;
	for (i = 0; i < cf->nintakes; i++)
		daemon_page(d, pages, cf->intakes[i].page, held);
	for (i = 0; i < cf->ntables; i++)
		daemon_page(d, pages, cf->tables[i].page, held);
}

/* Log what a pull took, and its problems when the page was read. */
static void
daemon_pulled(const struct sync_pull *p)
{
	size_t	k;

	if (!p->read)
		return;
	if (p->added + p->updated + p->removed > 0 || p->invalid > 0)
		log_info("%s: %zu sign-up%s: %zu new, %zu changed, %zu "
		    "removed, %zu invalid", p->title, p->calls,
		    p->calls == 1 ? "" : "s", p->added,
		    p->updated, p->removed, p->invalid);
	for (k = 0; k < p->problems.n; k++)
		log_warnx("intake page '%s', %s", p->title, p->problems.v[k]);
	if (p->status == SYNC_EDITED)
		log_info("%s: edited (revision %lld): %s", p->title, p->revid,
		    p->summary);
}

/* Edits of wikisync's whose record was cut off: said once, when found. */
static void
daemon_recovered(const struct strv *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		log_info("%s", v->v[i]);
}

/* Another process's pass holds the lock: the daemon's waits for it. */
static void
daemon_waiting(const char *holder, void *arg)
{
	(void)arg;
	log_info("waiting for another pass to end (%s)", holder);
}

static void
daemon_status(struct daemon *d)
{
	if (d->nbo == 0)
		notify("STATUS=in sync: %zu page%s; last pass %s, %zu edit%s",
		    d->npages, d->npages == 1 ? "" : "s", d->last, d->edits,
		    d->edits == 1 ? "" : "s");
	else
		notify("STATUS=%zu page%s not in sync (see the log); last "
		    "pass %s, %zu edit%s", d->nbo, d->nbo == 1 ? "" : "s",
		    d->last, d->edits, d->edits == 1 ? "" : "s");
}

/*
 * "today" in where filters is resolved when the config is loaded: on a
 * new local day, load it again so that "start >= today" moves on.
 */
static void
daemon_new_day(struct daemon *d)
{
	char		 day[16];
	time_t		 t = time(NULL);
	struct tm	 tm;

	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	if (*d->day != '\0' && strcmp(day, d->day) != 0) {
		log_info("a new day (%s): reloading for 'today' in filters",
		    day);
		daemon_reload(d);
	}
	memcpy(d->day, day, sizeof d->day);
}

/*
 * An idle daemon needs little of what a pass used: give back SQLite's
 * cached pages and the heap's free memory (about 2 MB of an idle
 * daemon's resident memory over 200 pages).
 */
static void
daemon_shrink(struct daemon *d)
{
	registry_release_memory(d->ctx->reg);
	malloc_trim(0);
}

/* One pass over the pages not backing off. */
static void
daemon_pass(struct daemon *d, const char *why)
{
	struct sync_opts	 o;
	struct sync_result	 res;
	struct strv		 pages = STRV_INITIALIZER;
	char			*cause = NULL;
	size_t			 i, k, held;
	time_t			 t;
	struct tm		 tm;

	daemon_new_day(d);
	daemon_pages(d, &pages, &held);
	if (pages.n == 0) {
		log_debug("pass (%s): every page is backing off", why);
		strv_free(&pages);
		return;
	}
	memset(&o, 0, sizeof o);
	o.pages = (const char *const *)pages.v;
	o.npages = pages.n;
	o.session = d->session;
	o.sleep = daemon_sleep;
	o.sleep_arg = d;
	o.stop = daemon_stop;
	o.stop_arg = d;
	o.who = "wikisync daemon";
	o.waiting = daemon_waiting;
	if (sync_run(d->ctx->cf, d->ctx->reg, &o, &res, &cause) != 0) {
		if (daemon_term)
			log_info("pass not made: %s", cause);
		else
			log_error("pass: %s", cause);
		free(cause);
		strv_free(&pages);
		return;
	}
	d->edits = res.edits;
	d->npages = res.n + res.npulls + held;
	for (i = 0; i < res.npulls; i++) {
		daemon_recovered(&res.pulls[i].recovered);
		daemon_pulled(&res.pulls[i]);
		if (res.pulls[i].status != SYNC_STOPPED && !daemon_term)
			daemon_outcome(d, res.pulls[i].title,
			    res.pulls[i].status, res.pulls[i].error);
	}
	for (i = 0; i < res.n; i++) {
		daemon_recovered(&res.v[i].recovered);
		for (k = 0; k < res.v[i].warnings.n; k++)
			log_warnx("page '%s': %s", res.v[i].title,
			    res.v[i].warnings.v[k]);
		daemon_moved(d, &res.v[i]);
		if (res.v[i].status == SYNC_EDITED ||
		    res.v[i].status == SYNC_CREATED)
			log_info("%s: %s (revision %lld): %s", res.v[i].title,
			    sync_status_name(res.v[i].status), res.v[i].revid,
			    res.v[i].summary);
		/* What stopping cut short is not the page's fault. */
		if (res.v[i].status != SYNC_STOPPED && !daemon_term)
			daemon_outcome(d, res.v[i].title, res.v[i].status,
			    res.v[i].error);
	}
	t = time(NULL);
	localtime_r(&t, &tm);
	strftime(d->last, sizeof d->last, "%H:%M", &tm);
	if (res.edits > 0 || d->nbo > 0)
		log_info("pass (%s): %zu page%s, %zu edit%s, %zu not in "
		    "sync; %lu request%s", why, d->npages,
		    d->npages == 1 ? "" : "s", res.edits,
		    res.edits == 1 ? "" : "s", d->nbo,
		    res.requests[MW_REQ_COUNT],
		    res.requests[MW_REQ_COUNT] == 1 ? "" : "s");
	else
		log_debug("pass (%s): %zu page%s in sync; %lu request%s", why,
		    d->npages, d->npages == 1 ? "" : "s",
		    res.requests[MW_REQ_COUNT],
		    res.requests[MW_REQ_COUNT] == 1 ? "" : "s");
	sync_result_free(&res);
	strv_free(&pages);
	daemon_status(d);
	daemon_shrink(d);
}

/*
 * Count the statistics of the events whose window is open or closed
 * lately (stats.h, STATS_RECENT).  Figures that changed are the
 * daemon's own write, which data_version does not show: its renderings
 * are dropped and a pass is due, so the tables show them.
 */
static void
daemon_stats(struct daemon *d)
{
	struct stats_opts	 o;
	struct stats_result	 res;
	char			*cause = NULL;
	size_t			 i, k, changed = 0;

	memset(&o, 0, sizeof o);
	o.flags = STATS_RECENT;
	o.session = d->session;
	o.sleep = daemon_sleep;
	o.sleep_arg = d;
	if (stats_run(d->ctx->cf, d->ctx->reg, &o, &res, &cause) != 0) {
		log_error("stats: %s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < res.n; i++) {
		if (res.v[i].error != NULL)
			log_error("%s", res.v[i].error);
		for (k = 0; k < res.v[i].notes.n; k++)
			log_info("stats: event '%s': %s", res.v[i].id,
			    res.v[i].notes.v[k]);
		changed += res.v[i].changed != 0;
	}
	if (changed > 0 || res.joined + res.left > 0) {
		log_info("stats: %zu event%s counted, %zu changed; "
		    "participants from pages: %zu joined, %zu left", res.n,
		    res.n == 1 ? "" : "s", changed, res.joined, res.left);
		sync_session_forget(d->session);
		d->change_last = now_ms();
		if (d->change_first == 0)
			d->change_first = d->change_last;
	} else
		log_debug("stats: %zu event%s counted, none changed", res.n,
		    res.n == 1 ? "" : "s");
	stats_result_free(&res);
}

/* Watch the database's directory for the file and its WAL changing. */
static void
daemon_watch(struct daemon *d)
{
	const char	*path = registry_path(d->ctx->reg);
	const char	*slash = strrchr(path, '/');
	char		*dir, *cause = NULL;

	if (d->ifd != -1)
		close(d->ifd);
	free(d->dbname);
	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	d->dbname = xstrdup(slash == NULL ? path : slash + 1);
	if ((d->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1 ||
	    inotify_add_watch(d->ifd, dir, IN_MODIFY | IN_CLOSE_WRITE |
	    IN_MOVED_TO | IN_CREATE) == -1) {
		log_warn("%s: cannot watch for registry changes; they are "
		    "seen every interval only", dir);
		if (d->ifd != -1)
			close(d->ifd);
		d->ifd = -1;
	}
	free(dir);
	if (registry_data_version(d->ctx->reg, &d->data_version, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
	}
}

/* Read inotify events; note a change if another process committed. */
static void
daemon_changed(struct daemon *d)
{
	char			 buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t			 n;
	size_t			 len = strlen(d->dbname);
	long long		 v;
	char			*cause = NULL;
	int			 ours = 0;

	while ((n = read(d->ifd, buf, sizeof buf)) > 0) {
		for (ev = (const struct inotify_event *)buf;
		    (const char *)ev < buf + n;
		    ev = (const struct inotify_event *)((const char *)ev +
		    sizeof *ev + ev->len)) {
			if (ev->len > 0 && strncmp(ev->name, d->dbname,
			    len) == 0 && (ev->name[len] == '\0' ||
			    strcmp(ev->name + len, "-wal") == 0))
				ours = 1;
		}
	}
	if (!ours)
		return;
	if (registry_data_version(d->ctx->reg, &v, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return;
	}
	if (v == d->data_version)
		return;
	d->data_version = v;
	d->change_last = now_ms();
	if (d->change_first == 0)
		d->change_first = d->change_last;
	log_debug("registry changed");
}

/* SIGHUP: load and check the config; swap it in only if it is clean. */
static void
daemon_reload(struct daemon *d)
{
	struct cmd_ctx		*ctx = d->ctx;
	struct config		*cf;
	struct registry		*reg = NULL;
	struct strv		 errors = STRV_INITIALIZER;
	char			*cause = NULL;
	size_t			 i;

	notify("RELOADING=1\nMONOTONIC_USEC=%llu", notify_monotonic_usec());
	log_info("reloading %s", ctx->config_path);
	cf = conf_load(ctx->config_path, &errors);
	if (cf != NULL && errors.n == 0)
		conf_check_files(cf, &errors);
	if (cf != NULL && errors.n == 0 &&
	    strcmp(cf->database, ctx->cf->database) != 0 &&
	    (reg = registry_open(cf->database, NULL, &cause)) == NULL)
		strv_push(&errors, cause);
	if (cf == NULL || errors.n > 0) {
		for (i = 0; i < errors.n; i++)
			log_error("%s", errors.v[i]);
		log_error("%s: not reloaded; the old configuration stays in "
		    "use", ctx->config_path);
		conf_free(cf);
	} else {
		conf_free(ctx->cf);
		ctx->cf = cf;
		if (reg != NULL) {
			registry_close(ctx->reg);
			ctx->reg = reg;
			daemon_watch(d);
		}
		/* The wikis may have changed: log in afresh. */
		sync_session_free(d->session);
		d->session = sync_session_new();
		for (i = 0; i < d->nbo; i++)
			free(d->bo[i].title);
		d->nbo = 0;
		daemon_moved_clear(d);
		d->next_check = 0;
		d->next_stats = ctx->cf->nstats > 0 ? now_ms() : 0;
		log_info("%s: reloaded", ctx->config_path);
	}
	strv_free(&errors);
	notify("READY=1");
	daemon_status(d);
}

/* Milliseconds until the loop must wake, at most a minute. */
static int
daemon_timeout(struct daemon *d)
{
	unsigned long long	now = now_ms(), at = now + 60000;
	size_t			i;

	if (d->next_check < at)
		at = d->next_check;
	if (d->next_stats != 0 && d->next_stats < at)
		at = d->next_stats;
	if (d->change_first != 0) {
		if (d->change_last + DAEMON_DEBOUNCE_MS < at)
			at = d->change_last + DAEMON_DEBOUNCE_MS;
		if (d->change_first + DAEMON_CHANGE_MAX_MS < at)
			at = d->change_first + DAEMON_CHANGE_MAX_MS;
	}
	if (d->next_ping != 0 && d->next_ping < at)
		at = d->next_ping;
	for (i = 0; i < d->nbo; i++) {
		if (d->bo[i].retry_at < at)
			at = d->bo[i].retry_at;
	}
	return (at <= now ? 0 : (int)(at - now));
}

/* Is a pass due, and why? */
static const char *
daemon_due(struct daemon *d)
{
	unsigned long long	now = now_ms();
	size_t			i;

	if (d->change_first != 0 && (now >= d->change_last +
	    DAEMON_DEBOUNCE_MS || now >= d->change_first +
	    DAEMON_CHANGE_MAX_MS))
		return ("registry changed");
	if (now >= d->next_check)
		return ("interval");
	for (i = 0; i < d->nbo; i++) {
		if (d->bo[i].retry_at <= now)
			return ("retry");
	}
	return (NULL);
}

static int
daemon_signals(void)
{
	struct sigaction	sa;

	if (pipe2(daemon_pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		log_warn("pipe");
		return (-1);
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = daemon_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return (0);
}

int
daemon_run(struct cmd_ctx *ctx)
{
	struct daemon	 d;
	struct pollfd	 pfd[2];
	const char	*why;
	char		 c;
	size_t		 i;

	memset(&d, 0, sizeof d);
	d.ctx = ctx;
	d.ifd = -1;
	if (notify_init() != 0 || daemon_signals() != 0)
		return (EX_OSERR);
	if (notify_watchdog_usec() > 0) {
		d.ping_ms = notify_watchdog_usec() / 2000;
		if (d.ping_ms == 0)
			d.ping_ms = 1;
		d.next_ping = now_ms();
	}
	d.session = sync_session_new();
	daemon_watch(&d);
	log_info("started: %zu table%s, checking the wiki every %ld s",
	    ctx->cf->ntables, ctx->cf->ntables == 1 ? "" : "s",
	    ctx->cf->interval);

	daemon_pass(&d, "start");
	d.next_check = now_ms() + (unsigned long long)ctx->cf->interval * 1000;
	/* Statistics after the first pass, once the service is ready. */
	d.next_stats = ctx->cf->nstats > 0 ? now_ms() : 0;
	d.ready = 1;
	notify("READY=1");
	daemon_status(&d);
	while (!daemon_term) {
		daemon_ping(&d);
		if (daemon_hup) {
			daemon_hup = 0;
			daemon_reload(&d);
		}
		if (d.next_stats != 0 && now_ms() >= d.next_stats) {
			daemon_stats(&d);
			d.next_stats = now_ms() +
			    (unsigned long long)ctx->cf->stats_interval * 1000;
			continue;
		}
		if ((why = daemon_due(&d)) != NULL) {
			d.change_first = 0;
			daemon_pass(&d, why);
			if (strcmp(why, "interval") == 0 || d.next_check == 0)
				d.next_check = now_ms() +
				    (unsigned long long)ctx->cf->interval * 1000;
			continue;
		}
		/* revents of an fd not polled must not be read as set. */
		memset(pfd, 0, sizeof pfd);
		pfd[0].fd = daemon_pipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = d.ifd;
		pfd[1].events = POLLIN;
		if (poll(pfd, d.ifd != -1 ? 2 : 1, daemon_timeout(&d)) == -1 &&
		    errno != EINTR) {
			log_warn("poll");
			break;
		}
		while (read(daemon_pipe[0], &c, 1) == 1)
			;
		if (d.ifd != -1 && (pfd[1].revents & POLLIN))
			daemon_changed(&d);
	}
	notify("STOPPING=1");
	log_info("stopping");
	sync_session_free(d.session);
	for (i = 0; i < d.nbo; i++)
		free(d.bo[i].title);
	free(d.bo);
	daemon_moved_clear(&d);
	free(d.dbname);
	if (d.ifd != -1)
		close(d.ifd);
	close(daemon_pipe[0]);
	close(daemon_pipe[1]);
	daemon_pipe[0] = daemon_pipe[1] = -1;
	notify_close();
	return (0);
}
