/*
 * The event registry: one SQLite file in WAL mode.
 *
 * Durability and concurrency rules (the daemon and the CLI share the file):
 *  - synchronous=FULL: NORMAL can lose a committed write on power loss.
 *  - Every write runs in registry_write(), a BEGIN IMMEDIATE transaction:
 *    the write lock is taken up front (a deferred read-then-write would get
 *    SQLITE_BUSY_SNAPSHOT at once, whatever the busy timeout), and on
 *    SQLITE_BUSY the whole transaction is rolled back and run again.
 *  - No network I/O inside a transaction: callers do that before or after.
 *  - The schema version lives in PRAGMA user_version, set in the same
 *    transaction as its migration; older schemas are migrated forward on
 *    open, newer ones refused.
 *
 * Every change to an event is recorded in the history table: when, by what
 * ("cli:alice", "import:events.csv", ...), field, old value, new value.
 * An unset value is recorded as NULL.  Creating an event records one
 * entry, its id appearing (its values are in its row); a change records
 * each changed field; a delete records every value it removes.  So every
 * value an event ever held is in its row or in its history.
 *
 * Errors: functions return -1 and set *cause to a newly allocated message
 * that names the database file; registry_errcode() then tells what kind
 * of failure it was, for the exit status.
 */
#ifndef REGISTRY_H
#define REGISTRY_H

#include <stddef.h>

struct event;
struct registry;

#define REGISTRY_SCHEMA_VERSION	6

enum registry_err {
	REGISTRY_OK,
	REGISTRY_EBUSY,		/* still locked after every retry */
	REGISTRY_EIO,		/* cannot open, read or write the file */
	REGISTRY_ESCHEMA,	/* newer schema, or not a wikisync registry */
	REGISTRY_EDATA,		/* the caller's data was refused */
	REGISTRY_ECREATE,	/* an output file cannot be made (backup) */
	REGISTRY_ECONFLICT,	/* a state row changed since it was read */
};

struct history_entry {
	long long	 seq;
	const char	*event_id;
	const char	*at;		/* UTC, 2023-03-08T10:00:00Z */
	const char	*source;
	const char	*field;
	const char	*old_value;	/* NULL when the field was unset */
	const char	*new_value;	/* NULL when the field became unset */
};

/*
 * Open (creating the file if missing) and migrate the registry at path.
 * NULL with *cause on failure, and *err (may be NULL) telling its kind.
 */
struct registry	*registry_open(const char *path, enum registry_err *err,
		     char **cause);
void		 registry_close(struct registry *);
const char	*registry_path(const struct registry *);
enum registry_err registry_errcode(const struct registry *);
/*
 * NULL, or why the registry was opened read-only ("its file system is
 * read-only", ...): registry_open falls back to reading when the file
 * cannot be written, so that commands that only read still work; every
 * registry_write then fails with REGISTRY_EIO, nothing written.
 */
const char	*registry_readonly(const struct registry *);
/* The schema version of the open file (after migration). */
int		 registry_schema_version(struct registry *);

/*
 * Copy the registry to a new SQLite file at path with SQLite's online
 * backup, from one snapshot, while other processes go on writing.  The
 * copy is written to a temporary file beside path (mode 0600), checked
 * (integrity_check, application_id and user_version as the registry's),
 * left as one file (rollback journal, not WAL), synced, and renamed to
 * path; then path's directory is synced.  Refused with REGISTRY_ECREATE:
 * path is the registry (or one of its companion files); path exists and
 * flags lacks REGISTRY_BACKUP_FORCE; path-wal or path-journal exists
 * (SQLite would replay it into the copy).  On failure, -1 with *cause,
 * the temporary file removed and path as it was (unless only the final
 * directory sync failed).  *events and *bytes (either may be NULL) get
 * the copy's number of events and size.  Not inside registry_write().
 */
#define REGISTRY_BACKUP_FORCE	0x1	/* replace path if it exists */
int		 registry_backup(struct registry *, const char *path,
		     int flags, long long *events, long long *bytes,
		     char **cause);

/*
 * Run fn inside one BEGIN IMMEDIATE transaction; commit if it returns 0,
 * roll back if it returns -1 (its *cause is passed on).  If SQLite reports
 * the database busy at any step, the transaction is rolled back and fn is
 * run again from the start (a bounded number of times, with backoff), so
 * fn must have no effect outside the transaction, or redo it.
 */
typedef int (*registry_write_fn)(struct registry *, void *arg, char **cause);
int		 registry_write(struct registry *, registry_write_fn fn,
		     void *arg, char **cause);

/*
 * Inside registry_write() only.  Insert ev, or update the stored event
 * with the same id, recording each changed field in history with source.
 * *changed (may be NULL) is set to the number of fields that changed
 * (0: nothing to do; every field of a new event counts).
 */
int		 registry_put(struct registry *, const struct event *ev,
		     const char *source, int *changed, char **cause);
/*
 * As registry_put, for a caller that has just read the stored event in
 * this transaction: stored is that event, or NULL when there is none.
 * Saves reading it a second time (import does this for every row).
 */
int		 registry_put_over(struct registry *, const struct event *ev,
		     const struct event *stored, const char *source,
		     int *changed, char **cause);
/*
 * Inside registry_write() only.  Delete an event (history keeps it),
 * with its participants (each removal in history) and its articles.
 */
int		 registry_delete(struct registry *, const char *id,
		     const char *source, char **cause);

/* Read one event into ev (initialized by the caller): 1 found, 0 not. */
int		 registry_get(struct registry *, const char *id,
		     struct event *ev, char **cause);

/*
 * Call fn for each event, in (start, id) order, from one consistent
 * snapshot.  The event is only valid during the call.  fn returns 0 to go
 * on, -1 to stop (registry_foreach then returns -1 without a cause).
 */
typedef int (*registry_event_fn)(const struct event *, void *arg);
int		 registry_foreach(struct registry *, registry_event_fn fn,
		     void *arg, char **cause);

/* History of one event, oldest first; same calling rules as foreach. */
typedef int (*registry_history_fn)(const struct history_entry *, void *arg);
int		 registry_history(struct registry *, const char *id,
		     registry_history_fn fn, void *arg, char **cause);

/*
 * Run fn inside one read snapshot: every read it makes (foreach,
 * participants, articles, get...) sees the registry as it was when the
 * first of them began, whatever other processes commit meanwhile.
 * Returns what fn returns (its *cause passed on).  Reads nest: a read
 * inside another's callback is in the same snapshot.  Not inside
 * registry_write() (whose reads are its own) and no registry_write()
 * inside fn.
 */
typedef int (*registry_read_fn)(struct registry *, void *arg, char **cause);
int		 registry_read(struct registry *, registry_read_fn fn,
		     void *arg, char **cause);

/* Number of events, or -1. */
long long	 registry_count(struct registry *, char **cause);

/*
 * Names of the extra fields any event holds, sorted; *names is a newly
 * allocated array of newly allocated strings.
 */
int		 registry_extra_names(struct registry *, char ***names,
		     size_t *n, char **cause);

/*
 * Sync state: what wikisync knows of one table's region on the wiki,
 * keyed by the wiki's section name ("" for [wiki]) and the region name.
 * Hashes are md5 hex of region bodies; "" where unknown.
 */
struct sync_state {
	char		*wiki;
	char		*region;
	char		*title;		/* the page, as last seen */
	long long	 page_id;	/* follows the page when it moves */
	long long	 revid;		/* revision at which stored holds */
	long long	 written_revid;	/* the last revision wikisync saved */
	char		*rendered;	/* hash of the text last rendered */
	char		*stored;	/* hash of the region as the wiki has it */
	long		 rows;		/* table rows in it */
	char		*generated;	/* "generated" of the last render */
	char		*events;	/* "ID HASH\n" per event last rendered */
	char		*written;	/* when wikisync last saved it */
	char		*checked;	/* when a pass last found it in sync */
	char		*error;		/* the last pass's error, or "" */
	char		*error_at;
	char		*recovered;	/* the last unrecorded edit found */
	long long	 version;	/* of the row read; 0: no row */
};

/* An empty state (every string ""), for wiki and region. */
void		 sync_state_init(struct sync_state *, const char *wiki,
		     const char *region);
void		 sync_state_free(struct sync_state *);
/* Replace a string member: sync_state_set(&st->error, "..."). */
void		 sync_state_set(char **member, const char *value);

/*
 * Read the state of (wiki, region) into st (not initialized by the
 * caller): 1 if there is one, 0 if not (st is then empty), -1 on error.
 */
int		 registry_sync_get(struct registry *, const char *wiki,
		     const char *region, struct sync_state *st, char **cause);
/*
 * Inside registry_write() only: store st if the stored state is still
 * the one st was read from (its version; 0: there was none), as version
 * st->version + 1; else fail with REGISTRY_ECONFLICT, nothing written.
 * The caller adds 1 to st->version once the transaction has committed.
 */
int		 registry_sync_put(struct registry *,
		     const struct sync_state *st, char **cause);
/* Every state, ordered by wiki, title and region; as registry_foreach. */
typedef int (*registry_sync_fn)(const struct sync_state *, void *arg);
int		 registry_sync_foreach(struct registry *, registry_sync_fn fn,
		     void *arg, char **cause);

/*
 * Inside registry_write() only: keep the text of a region that wikisync
 * is about to replace without having written it (source "adopted" or
 * "manual-edit"), with the page revision and the user who saved it.
 */
int		 registry_region_save(struct registry *, const char *wiki,
		     const char *title, const char *region, long long revid,
		     const char *user, const char *source, const char *text,
		     char **cause);

struct region_history_entry {
	long long	 seq;
	const char	*wiki, *title, *region, *at, *source, *user, *text;
	long long	 revid;
};
/* Saved texts of one region, oldest first; as registry_foreach. */
typedef int (*registry_region_fn)(const struct region_history_entry *,
		    void *arg);
int		 registry_region_history(struct registry *, const char *wiki,
		     const char *region, registry_region_fn fn, void *arg,
		     char **cause);
/* Every saved text of every region, oldest first (status --history). */
int		 registry_region_foreach(struct registry *,
		     registry_region_fn fn, void *arg, char **cause);

/*
 * SQLite's data_version: it changes when another connection (another
 * process: the CLI, an import) commits, and not for this one's own
 * writes; so the daemon notices registry changes without reacting to
 * its own sync state.
 */
int		 registry_data_version(struct registry *, long long *v,
		     char **cause);

/*
 * Intake state: what the last pull of one [intake] page found (schema 4).
 * problems holds one line per invalid call, for "status".
 */
struct intake_state {
	char		*wiki;
	char		*intake;
	char		*title;
	long long	 page_id;
	long long	 revid;		/* pulled (or written by wikisync) */
	char		*conf;		/* hash of the intake's config then */
	char		*pulled;	/* when */
	long		 calls;
	long		 invalid;
	long		 removed;	/* calls that left the page */
	char		*problems;
	char		*report;	/* hash of the report region written */
	char		*error;		/* the last pull's error, or "" */
	char		*error_at;
	char		*recovered;	/* the last unrecorded edit found */
	long long	 version;	/* as in struct sync_state */
};

void		 intake_state_init(struct intake_state *, const char *wiki,
		     const char *intake);
void		 intake_state_free(struct intake_state *);
/* As registry_sync_get and _put (versions too), for intake state. */
int		 registry_intake_get(struct registry *, const char *wiki,
		     const char *intake, struct intake_state *, char **cause);
int		 registry_intake_put(struct registry *,
		     const struct intake_state *, char **cause);
typedef int (*registry_intake_fn)(const struct intake_state *, void *arg);
int		 registry_intake_foreach(struct registry *,
		     registry_intake_fn fn, void *arg, char **cause);

/* One call an intake pulled: its base, and whether it left the page. */
struct intake_base {
	char		*event_id;
	char		*base;		/* intake_base_encode() */
	long long	 revid;		/* pulled from */
	char		*removed;	/* when it left the page, or "" */
	int		 cancelled;	/* on_removed = cancel cancelled it */
};

/* Every call of one intake, by event id; *v newly allocated. */
int		 registry_intake_calls(struct registry *, const char *wiki,
		     const char *intake, struct intake_base **v, size_t *n,
		     char **cause);
void		 intake_bases_free(struct intake_base *, size_t n);
/* Inside registry_write() only: store one call's base. */
int		 registry_intake_call_put(struct registry *, const char *wiki,
		     const char *intake, const struct intake_base *,
		     char **cause);
/*
 * Inside registry_write() only: record in id's history a value that
 * was not stored (an intake call's value that a newer registry edit
 * outranked), so that it is not lost either.
 */
int		 registry_history_note(struct registry *, const char *id,
		     const char *source, const char *field, const char *old,
		     const char *new, char **cause);
/*
 * When field of event id last changed (its history; the event's
 * creation if the field never changed since): "" if the registry has no
 * record.  *at newly allocated.
 */
int		 registry_changed_at(struct registry *, const char *id,
		     const char *field, char **at, char **cause);

/*
 * A pending write: an edit wikisync is about to make, recorded (and
 * committed) before it is sent, and cleared once the edit's revision is
 * in the sync state.  If a crash or a lost answer comes in between, the
 * next pass still knows the region's new text as wikisync's own (see
 * sync.h).  kind is "table" (region is the table's name) or "intake"
 * (region is the intake's name: its report region and the ids written).
 */
struct sync_pending {
	long long	 seq;
	char		*kind;
	char		*wiki;
	char		*region;
	char		*title;
	long long	 base_revid;	/* the revision edited; 0: creating */
	char		*stored;	/* md5 of the region once saved, or "" */
	char		*rendered;	/* tables: the rendering's hash... */
	long		 rows;		/* ...its rows... */
	char		*generated;	/* ...when it was made... */
	char		*events;	/* ...its events; intake: ids, a line
					   each */
	char		*made;		/* when recorded (UTC) */
};

void		 sync_pending_free(struct sync_pending *);
void		 sync_pendings_free(struct sync_pending *, size_t n);
/* Inside registry_write() only: record p (p->seq and p->made are set). */
int		 registry_pending_add(struct registry *, struct sync_pending *p,
		     char **cause);
/* Every pending write of one kind, oldest first; *v newly allocated. */
int		 registry_pending_list(struct registry *, const char *kind,
		     struct sync_pending **v, size_t *n, char **cause);
/*
 * Inside registry_write() only: forget the pending writes of one region
 * that are number seq (0: none) or were made before the time before
 * ("": none).
 */
int		 registry_pending_clear(struct registry *, const char *kind,
		     const char *wiki, const char *region, long long seq,
		     const char *before, char **cause);

/*
 * Participants and articles (schema 6): who takes part in an event, and
 * the pages behind its figures (registry-participants.c).
 *
 * A participant is a user name on the event's wikis, stored as
 * username_normalize() gives it (the caller normalizes); each addition
 * and removal is recorded in the event's history as a change of the
 * field "participant" (old NULL and new the user when added, the other
 * way round when removed).  Articles are figures the statistics derive
 * from the wikis, replaced as a whole per event and wiki; they have no
 * history (the figures they add up to do).
 */

/* A participant of an event: a user name on its wikis. */
struct participant {
	const char	*event_id;
	const char	*user;		/* username_normalize()d */
	const char	*source;	/* "cli:alice", "import:FILE", "page:TITLE" */
	const char	*added;		/* when, UTC 2023-03-08T10:00:00Z */
};

/*
 * Inside registry_write() only: add user to event id's participants;
 * *added (may be NULL) 1, or 0 when already listed (nothing written).
 * Recorded in history: field "participant", old NULL, new user, with
 * source.  No such event: -1, REGISTRY_EDATA, "no event 'ID'".
 */
int		 registry_participant_add(struct registry *, const char *id,
		     const char *user, const char *source, int *added,
		     char **cause);
/*
 * Inside registry_write() only: remove; *removed (may be NULL) 1, or 0
 * if not listed (nothing written).  History: field "participant", old
 * user, new NULL, with source.  No such event: as _add.
 */
int		 registry_participant_rm(struct registry *, const char *id,
		     const char *user, const char *source, int *removed,
		     char **cause);
/*
 * Every participant of event id (NULL: of every event), by event then
 * user (byte order), from one snapshot; fn as registry_foreach's.  An
 * event that is not there has none (no error).
 */
typedef int (*registry_participant_fn)(const struct participant *,
		    void *arg);
int		 registry_participants(struct registry *, const char *id,
		     registry_participant_fn fn, void *arg, char **cause);

/* One page behind an event's figures, on one wiki. */
struct event_article {
	const char	*event_id;
	const char	*wiki;		/* [wiki NAME] section name, "" for [wiki] */
	const char	*title;
	int		 created;	/* 1: created in the window; 0: improved */
	long		 edits;
	long		 bytes_added;
};

/*
 * Inside registry_write() only: the pages of (id, wiki) become v[0..n)
 * (their event_id and wiki are not read: id and wiki are); *changed
 * (may be NULL) 1 if they differ from what was stored (0: nothing
 * written).  Refused with REGISTRY_EDATA, nothing written: no such
 * event ("no event 'ID'"), an empty title or one given twice, a
 * negative figure.
 */
int		 registry_articles_put(struct registry *, const char *id,
		     const char *wiki, const struct event_article *v, size_t n,
		     int *changed, char **cause);
/*
 * The pages of event id (NULL: of every event), by event, wiki, created
 * first, then title (byte order); fn as registry_foreach's.
 */
typedef int (*registry_article_fn)(const struct event_article *,
		    void *arg);
int		 registry_articles(struct registry *, const char *id,
		     registry_article_fn fn, void *arg, char **cause);

/*
 * The page event id's participants were last read from (stats-pages.c):
 * 1 with *wiki, *title (newly allocated) and the revision *revid, 0 if
 * none was read, -1 on error.
 */
int		 registry_stats_page_get(struct registry *, const char *id,
		     char **wiki, char **title, long long *revid,
		     char **cause);
/* Inside registry_write() only: record that read. */
int		 registry_stats_page_put(struct registry *, const char *id,
		     const char *wiki, const char *title, long long revid,
		     char **cause);

/* Give back the memory SQLite caches for this connection (when idle). */
void		 registry_release_memory(struct registry *);

/* The UTC time now as 2023-03-08T10:00:00Z (out: at least 21 bytes). */
void		 registry_now(char *out);

#endif
