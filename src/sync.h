/*
 * One sync pass (DESIGN.md, "Data flow" and "Marked regions"): for each
 * wiki, log in, read every managed page in batches, render every table
 * from one read of the registry, splice each page's regions, and edit
 * only the pages whose text changed, one edit per page, serially.
 *
 * Reading little.  Revision ids are read first, for all pages; the text
 * only of pages whose revision, page id or tables' rendering differ from
 * their sync state.  A pass with nothing to do is one read request per
 * 500 pages (50 without apihighlimits) and writes nothing.
 *
 * Deciding what changed without noise.  For each region the registry
 * keeps (struct sync_state) the hash of the text last rendered and of
 * the region as the wiki stores it (predicted with presave.h, so no page
 * is read back after an edit), with the revision that holds it.  A region
 * whose revision and rendered hash are unchanged needs nothing; otherwise
 * it needs an edit only if what the wiki would store differs from what
 * it holds.  The region the wiki holds is wikisync's own when the page is
 * still at that revision or the region's hash is the stored one; else it
 * was edited by hand:
 *  - on_manual_edit = keep: the page is skipped and reported (--force
 *    overrides, saving the hand-edited text to the registry first);
 *  - on_manual_edit = overwrite: the text is saved in the registry's
 *    region history, then replaced.
 * A region with no sync state is adopted: its old text is saved, then it
 * is rendered.  A page at the same revision with a region that differs
 * from the prediction (a template using "~~~~" or "subst:") is taken as
 * the wiki stored it.
 *
 * Safety valves, each skipping the page with nothing written: markers
 * missing or malformed, a table that failed to render, {{nobots}} and
 * {{bots|deny=...}}, a region whose table rows drop by more than
 * max_shrink percent (unless SYNC_FORCE), a page over the wiki's size
 * limit, a page that became a redirect (followed only when it is the
 * page wikisync wrote before, moved).
 *
 * An edit conflict re-reads the page and starts over on it, a few times.
 * The engine prints nothing: it returns a result per page.
 *
 * Crashes, lost answers, and two wikisyncs at once.  A pass holds the
 * registry's pass lock (passlock.h) from reading the sync state to the
 * last state written, so two passes never work at once, whichever
 * processes run them; and it reads the state from the registry when it
 * starts, never from an earlier pass.  A state row is written only if it
 * is still the version the pass read.  Before each edit the pass commits
 * a pending write (registry.h, struct sync_pending): the hash of each
 * region's new text, with the rendering it came from.  If the process
 * dies, or the wiki's answer is lost, after the wiki saved the edit but
 * before its revision was recorded, the next pass finds a region that
 * matches neither the recorded state nor the new rendering, but matches
 * a pending write: wikisync's own edit, recovered (said once, and kept
 * in the state for "status"), never a hand edit.  See decide() in
 * sync-page.c.
 */
#ifndef SYNC_H
#define SYNC_H

#include <stddef.h>

#include "mwapi.h"
#include "strv.h"

struct config;
struct registry;

#define SYNC_DRY_RUN	0x1	/* read the wiki, write nothing anywhere */
#define SYNC_DIFF	0x2	/* a unified diff per page that changes */
#define SYNC_FORCE	0x4	/* past max_shrink and hand edits (kept);
				   intake pages read even if unchanged */
#define SYNC_PULL_ONLY	0x8	/* intake pages only */
#define SYNC_PUSH_ONLY	0x10	/* tables only */

struct sync_session;

struct sync_opts {
	int			 flags;
	const char *const	*pages;		/* only these titles... */
	size_t			 npages;	/* ...when npages > 0 */
	const char		*now;		/* "generated"; NULL: now */
	/* For the daemon; all may be NULL. */
	struct sync_session	*session;	/* stay logged in across passes */
	mw_sleep_fn		 sleep;		/* the clients' waits */
	void			*sleep_arg;
	int			(*stop)(void *);	/* checked between pages */
	void			*stop_arg;
	/* For the pass lock: who this is ("wikisync sync" if NULL)... */
	const char		*who;
	/* ...and, told once if the pass must wait for another's. */
	void			(*waiting)(const char *holder, void *arg);
	void			*waiting_arg;
};

enum sync_status {
	SYNC_INSYNC,		/* nothing to do */
	SYNC_EDITED,
	SYNC_CREATED,
	SYNC_WOULD_EDIT,	/* dry run: an edit is due */
	SYNC_SKIPPED,		/* a safety valve held it; not in sync */
	SYNC_FAILED,
	SYNC_STOPPED,		/* not done: the pass was asked to stop */
};

struct sync_page {
	char			*wiki;		/* section name, "" for [wiki] */
	char			*title;		/* as configured */
	enum sync_status	 status;
	char			*summary;	/* of the edit (made or due) */
	char			*error;		/* why SKIPPED or FAILED */
	int			 exit;		/* sysexits status then */
	struct strv		 notes;		/* adopted, moved, nochange... */
	struct strv		 warnings;	/* values shown as text */
	struct strv		 recovered;	/* unrecorded edits found */
	char			*diff;		/* with SYNC_DIFF */
	long long		 revid;		/* the page's revision after */
	char			*moved_to;	/* a move followed: its title */
};

/*
 * One intake page in a pass.  status: INSYNC when nothing was written on
 * the wiki (the registry may have taken sign-ups), EDITED when ids or
 * the report were written, WOULD_EDIT in a dry run, FAILED, STOPPED.
 */
struct sync_pull {
	char			*wiki;
	char			*intake;
	char			*title;
	enum sync_status	 status;
	int			 read;		/* its revision was new: read */
	size_t			 calls;		/* sign-ups on the page */
	size_t			 added, updated, invalid, removed, lost;
	size_t			 ids;		/* ids written (or due) */
	struct strv		 problems;	/* one per invalid sign-up */
	struct strv		 notes;
	struct strv		 recovered;	/* unrecorded edits found */
	char			*summary;	/* of the edit */
	char			*error;
	int			 exit;
	char			*diff;
	long long		 revid;
};

struct sync_result {
	struct sync_page	*v;
	size_t			 n;
	struct sync_pull	*pulls;		/* in config order */
	size_t			 npulls;
	unsigned long		 requests[MW_REQ_COUNT + 1]; /* [COUNT]: all */
	size_t			 edits;
};

/*
 * One pass over every table of cf (or of opts->pages).  Fills res with
 * one entry per page, in config order.  Waits for the pass lock first,
 * in opts->sleep's steps (not in a dry run, which writes nothing, nor
 * with a registry opened read-only).  Returns -1 with *cause only when
 * the pass could not start (the lock cannot be taken, or the wait was
 * stopped; the registry cannot be read); a wiki that is down or refuses
 * the login fails its pages, not the pass.
 */
int		 sync_run(const struct config *cf, struct registry *,
		     const struct sync_opts *, struct sync_result *res,
		     char **cause);
void		 sync_result_free(struct sync_result *);
/*
 * Logged-in clients kept from one pass to the next (one per wiki), so a
 * pass with nothing to do is a single read request.  A client whose
 * session the wiki dropped logs in again by itself.
 */
struct sync_session *sync_session_new(void);
void		 sync_session_free(struct sync_session *);
/*
 * Forget the renderings the session keeps: after this process changed
 * the registry itself (stats), which SQLite's data_version does not show.
 */
void		 sync_session_forget(struct sync_session *);
struct conf_wiki;
/*
 * A logged-in client for wiki w: the session's if it has one (it stays
 * the session's), else a new one, kept in the session if there is one
 * (ss may be NULL: the caller then frees the client).  NULL with *exit
 * (sysexits) and *cause; the requests a failed login made are then
 * added to spent (MW_REQ_COUNT + 1 counts, as mwapi_requests gives
 * them), unless it is NULL.
 */
struct mwapi	*sync_session_client(struct sync_session *ss,
		     const struct conf_wiki *w, mw_sleep_fn sleep,
		     void *sleep_arg, unsigned long *spent, int *exit,
		     char **cause);
/*
 * 0 when every page is in sync (or was edited) and every sign-up valid;
 * else a page's status, or 65 (EX_DATAERR) for invalid sign-ups.
 */
int		 sync_exit_status(const struct sync_result *);
/* Do two page titles name the same page ('_' and ' ' alike)? */
int		 sync_same_title(const char *, const char *);
/* "in sync", "edited"... */
const char	*sync_status_name(enum sync_status);
/*
 * A page's or intake's error as its state keeps it: the outcome's name
 * first ("skipped: ...", "failed: ..."), so that status tells a refusal
 * waiting for a person from an error to mend.  Newly allocated.
 */
char		*sync_state_error(enum sync_status, const char *error);
/*
 * The outcome a kept error names ("failed" for one kept before errors
 * named theirs), with *text set to the error after that name.
 */
const char	*sync_state_outcome(const char *kept, const char **text);

#endif
