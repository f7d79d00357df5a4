/*
 * What stats.c (the count) and stats-pages.c (participants read from the
 * events' own pages) share.
 */
#ifndef STATS_INT_H
#define STATS_INT_H

#include <time.h>

#include "event.h"
#include "stats.h"
#include "strv.h"
#include "window.h"

struct conf_stats;

/* An event of one [stats] section in a count. */
struct sev {
	struct event		 ev;
	struct window		 w;
	int			 ok;		/* its window is known */
	char			*why;		/* else why not */
	struct strv		 users;		/* its participants */
	/* What its page's participants section said, if it was read. */
	int			 page_read;
	struct strv		 page_users;
	long long		 page_revid;
	char			*page_title;	/* as the wiki names it */
	struct stats_event	*out;
};

/* One count: one [stats] section. */
struct stats_ctx {
	const struct config	*cf;
	struct registry		*reg;
	const struct stats_opts	*opts;
	struct stats_result	*res;
	const struct conf_stats	*st;
	struct sev		*sevs;
	size_t			 nsev;
	char			 now[32];
};

/* A client for wiki (a section name), logged in; NULL with *exit, *cause. */
struct mwapi	*stats_client(struct stats_ctx *, const char *wiki, int *exit,
		     char **cause);
/*
 * "[wiki NAME] URL" for wiki (a section name), newly allocated: what a
 * message about a wiki that failed says, as sync's do.
 */
char		*stats_where(struct stats_ctx *, const char *wiki);
/* Done with a client from stats_client (its requests are counted). */
void		 stats_client_done(struct stats_ctx *, struct mwapi *);
/* Fail one event: not counted, with a reason and an exit status. */
void		 stats_fail(struct sev *, int exit, const char *, ...)
		     __attribute__((format(printf, 3, 4)));

/*
 * Read the participants sections of the pages of the events that have
 * one and whose page changed since it was last read (sev->page_*), and
 * (unless a dry run) bring the registry's participants from those pages
 * in line with them.  A page that cannot be read is a note on its event,
 * whose participants stay as they were.  -1 with *cause only when the
 * registry cannot be written.
 */
int		 stats_pages(struct stats_ctx *, char **cause);

#endif
