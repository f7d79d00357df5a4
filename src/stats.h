/*
 * Campaign statistics (DESIGN.md, "Statistics"): for each event a
 * [stats NAME] section selects, count on the section's wikis what its
 * participants wrote inside its window (window.h), and store the figures
 * and the pages behind them in the registry.
 *
 * What counts, per event, on each wiki of its section, in the section's
 * namespaces, among the revisions its participants saved inside its
 * window (list=usercontribs: only revisions of pages that still exist,
 * and none that was deleted or hidden):
 *  - edits: those revisions;
 *  - bytes_added: the sum of their positive size changes (a page's first
 *    revision counts its whole size);
 *  - articles_created: the pages one of those revisions created;
 *  - articles_improved: the other pages they touched;
 *  - participants: how many participants the event lists (whether or
 *    not they edited);
 * and per page its title, whether it was created, its edits and bytes.
 * An event that lists no participants is left as it is: its figures
 * typed by hand stay.  A figure that changes goes into the event's
 * history like any change, with the source "stats WIKI..." naming the
 * wikis counted.
 *
 * Participants come from the registry (the shell, CSV), and from the
 * event's own page (field "page", on the section's page_wiki): the user
 * pages linked from its participants section, read from the wiki's own
 * parse whenever the page's revision changed (one request per 50 pages
 * to know), and kept in the registry as participants with the source
 * "page:TITLE", so a name removed from the page stops counting.
 *
 * Requests: one batched revision check of the events' pages; for each
 * wiki, one list=usercontribs request per 50 participants (500 with
 * apihighlimits), over the span of all the windows, plus continuation;
 * and one list=users request per 50 participants who made no
 * contribution at all, to tell "no edits" from "no such user".
 *
 * The engine prints nothing: it returns a result per event.
 */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>

#include "mwapi.h"
#include "strv.h"

struct config;
struct registry;
struct sync_session;

#define STATS_DRY_RUN	0x1	/* read the wikis, write nothing */
#define STATS_RECENT	0x2	/* only events whose window is open, or
				   closed less than refresh_days ago */

/* The figures, in this order (fields of the same names). */
enum {
	STATS_PARTICIPANTS, STATS_CREATED, STATS_IMPROVED, STATS_EDITS,
	STATS_BYTES, STATS_NFIG
};
extern const char *const stats_fields[STATS_NFIG];

struct stats_opts {
	int			 flags;
	const char *const	*events;	/* only these ids... */
	size_t			 nevents;	/* ...when nevents > 0 */
	/* For the daemon; all may be NULL. */
	struct sync_session	*session;	/* logged-in clients */
	mw_sleep_fn		 sleep;
	void			*sleep_arg;
};

/* One event counted (or not). */
struct stats_event {
	char		*stats;		/* its [stats NAME] */
	char		*id;
	int		 counted;	/* figures made: it has participants */
	long		 fig[STATS_NFIG];
	char		*old[STATS_NFIG];	/* the values they replace */
	int		 changed;	/* figures or pages differ (or would) */
	size_t		 pages;		/* pages behind the figures */
	struct strv	 notes;		/* unknown users, page problems */
	char		*error;		/* why it was not counted */
	int		 exit;		/* sysexits status then */
};

struct stats_result {
	struct stats_event	*v;
	size_t			 n;
	size_t			 users;		/* asked of the wikis */
	size_t			 contribs;	/* revisions read */
	size_t			 joined;	/* participants from pages */
	size_t			 left;
	unsigned long		 requests[MW_REQ_COUNT + 1];
	/* Read requests by what they were for. */
	unsigned long		 contrib_reqs;	/* list=usercontribs */
	unsigned long		 user_reqs;	/* list=users */
	unsigned long		 page_reqs;	/* event pages */
};

/*
 * Count the events of every [stats] section (or those of opts->events).
 * Returns -1 with *cause only when the registry cannot be read or
 * written; a wiki that fails fails its section's events (error set).
 */
int	stats_run(const struct config *, struct registry *,
	    const struct stats_opts *, struct stats_result *, char **cause);
void	stats_result_free(struct stats_result *);
/* 0 when every event in scope was counted or left alone, else a sysexits
 * status for the first that failed. */
int	stats_exit_status(const struct stats_result *);

#endif
