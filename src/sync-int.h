/*
 * What sync.c (the pass) and sync-page.c (one page) share.
 */
#ifndef SYNC_INT_H
#define SYNC_INT_H

#include "registry.h"
#include "render.h"
#include "sync.h"

struct conf_table;
struct conf_wiki;
struct mwapi;
struct mw_page;

#define SYNC_CONFLICT_TRIES	3	/* edit conflicts on one page in a row */
#define SYNC_SUMMARY_MAX	400	/* bytes; the wiki allows 500 characters */
#define SYNC_PAGE_MAX		(2 * 1024 * 1024)	/* if the wiki does not say */
#define SYNC_LOCK_POLL_MS	200	/* waiting for another pass's lock */
/*
 * A pending write is kept this long after a pass has settled its region,
 * in case its edit is still in flight on the wiki's side (a request whose
 * answer was lost may still be saved after the next pass has read the
 * page); PHP gives a request a minute or two at most.
 */
#define SYNC_PENDING_KEEP	3600	/* seconds */

/* One table in a pass: its config, its state, its text. */
struct sync_table {
	const struct conf_table	*t;
	struct sync_state	 st;
	int			 known;		/* st came from the registry */
	long long		 recovered;	/* pending write found, its seq */
	struct rendered		 r;
};

/* One page in a pass and the tables whose regions are on it. */
struct sync_work {
	const char		 *title;
	struct sync_table	**tables;
	size_t			  n;
	struct sync_page	 *out;
};

/* A wiki's client kept across passes. */
struct sync_client {
	char		*wiki;		/* section name */
	struct mwapi	*mw;		/* logged in */
};

/*
 * The session also keeps each table's last rendering (by its index in the
 * config, which a session outlives never: a reload makes a new session),
 * valid while no other process has committed to the registry.  An idle
 * pass then renders nothing.
 */
struct sync_session {
	struct sync_client	*v;
	size_t			 n;
	long long		 data_version;
	struct rendered		*cache;		/* per config table */
	int			*cached;
	size_t			 ncache;
};

struct syncer {
	const struct config	*cf;
	struct registry		*reg;
	const struct sync_opts	*opts;
	const struct conf_wiki	*w;
	struct mwapi		*mw;
	struct sync_result	*res;
	char			 now[32];
	char			 keep_after[32];	/* SYNC_PENDING_KEEP ago */
	char			*reg_failed;	/* why: no more edits */
	struct sync_pending	*pend;		/* pending writes: tables' */
	size_t			 npend;
	struct sync_pending	*ipend;		/* intakes' */
	size_t			 nipend;
};

/*
 * registry_write for the engine.  The first write that fails for the
 * file's sake (full disk, read-only, I/O error, locked) is kept in
 * s->reg_failed, and the pass makes no edit after it: the registry could
 * not record the edit, nor take the sign-ups whose ids it would write.
 */
int	sync_write(struct syncer *, registry_write_fn, void *arg,
	    char **cause);
/* The exit status for the sync_write that failed: 75 or 74. */
int	sync_write_exit(const struct syncer *);

/* Sync one page, re-reading it after an edit conflict. */
void	sync_page(struct syncer *, struct sync_work *, struct mw_page *);
/* Fail a page: status, exit code and message (formatted). */
void	sync_page_fail(struct sync_work *, enum sync_status, int exit,
	    const char *, ...) __attribute__((format(printf, 4, 5)));
struct conf_intake;
/*
 * Pull one intake page, its ids read as ids (sync-intake.c).  Returns 1
 * if the registry changed (the tables must be rendered anew).
 */
int	sync_intake(struct syncer *, const struct conf_intake *,
	    const struct mw_page *ids, struct sync_pull *out);
/*
 * After the wiki's spam filter refused page pw's edit: "; matched in
 * event 'ID' (url), ..." naming the events of its tables whose values
 * hold what the filter matched, or "" if the wiki did not say what
 * (sync-spam.c).  Allocated.
 */
char	*sync_spam_events(struct syncer *, struct sync_work *pw);
/* Record the page's error in its tables' sync state (not in a dry run). */
void	sync_page_record_error(struct syncer *, struct sync_work *);
/* "wikisync status --history 'TITLE'", quoted for the shell; allocated. */
char	*sync_history_hint(const char *title);
/*
 * The newest of the pass's pending writes (v, n) for region of wiki
 * whose new text hashes to hash; NULL if none.
 */
const struct sync_pending *sync_pending_match(const struct sync_pending *v,
	    size_t n, const char *wiki, const char *region, const char *hash);
/*
 * The revision of title (page pageid) that holds a recovered edit: the
 * first the bot saved after pd->base_revid.  0 if it cannot be told (a
 * failed request is only logged: the recovery stands on the hash).
 */
long	sync_recovered_revid(struct syncer *, long pageid,
	    const struct sync_pending *pd);

#endif
