/*
 * What registry.c shares with the other registry-*.c files (the sync
 * state lives in registry-sync.c); not for the rest of the program.
 */
#ifndef REGISTRY_INT_H
#define REGISTRY_INT_H

#include <sqlite3.h>

#include "registry.h"

enum {
	ST_GET, ST_GET_EXTRAS, ST_INSERT, ST_UPDATE, ST_DELETE,
	ST_DELETE_EXTRAS, ST_HISTORY_ADD, ST_EXTRA_SET, ST_EXTRA_DEL, ST_ALL,
	ST_HISTORY, ST_COUNT, ST_EXTRA_NAMES, ST_HAS_EXTRAS, NSTMT
};

/* registry-participants.c's statements, prepared on first use. */
enum {
	PST_EXISTS, PST_ADD, PST_RM, PST_PARTICIPANTS, PST_ARTICLES, PST_N
};

struct registry {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*st[NSTMT];
	sqlite3_stmt	*pst[PST_N];
	int		 pst_busy[PST_N];	/* stepping, in a callback */
	enum registry_err err;
	int		 rc;		/* SQLite's code for that error */
	int		 in_write;	/* inside registry_write() */
	int		 reading;	/* read snapshots open, nested */
	const char	*readonly;	/* why it was opened read-only */
	char		 now[32];	/* the transaction's timestamp */
};

#define REGISTRY_BUSY_MS	5000	/* SQLite's own wait for a lock */

/* Set reg->err from a SQLite result code; *cause names what failed. */
void	reg_fail(struct registry *, int rc, char **cause, const char *what);
/* Bind a value, "" as NULL when nullable. */
void	reg_bind(sqlite3_stmt *, int i, const char *s, int nullable);
/* Step a statement that returns no rows. */
int	reg_done(struct registry *, sqlite3_stmt *, char **cause,
	    const char *what);
/* Record one change in history, at the transaction's time. */
int	reg_history_add(struct registry *, const char *id, const char *source,
	    const char *field, const char *old, const char *new, char **cause);
/*
 * A state row (what: "sync state") was not the version the caller read:
 * REGISTRY_ECONFLICT, and -1 with *cause.
 */
int	reg_conflict(struct registry *, char **cause, const char *what,
	    const char *wiki, const char *name);
/* Prepare a statement for one use; NULL with *cause. */
sqlite3_stmt *reg_prepare_one(struct registry *, const char *sql, char **cause);
/* Column i of a row, newly allocated ("" for NULL). */
char	*reg_col(sqlite3_stmt *, int i);
/*
 * In a read snapshot, run sql with ?1, ?2... bound to the n strings of
 * binds, and call row(st, arg) for each row.  row returns 0 to go on,
 * -1 to stop: reg_each then returns -1 with *cause NULL.  A SQLite
 * error is "cannot read WHAT".
 */
int	reg_each(struct registry *, const char *sql, const char *const *binds,
	    int n, int (*row)(sqlite3_stmt *, void *), void *arg,
	    const char *what, char **cause);
/*
 * Begin (and end) a read snapshot unless a write transaction is open;
 * nested, only the outermost begins and ends one.
 */
int	reg_read_begin(struct registry *, char **cause);
void	reg_read_end(struct registry *);

/*
 * Inside registry_delete(): remove the participants of id (recording
 * each in history with source) and its articles.
 */
int	reg_participants_drop(struct registry *, const char *id,
	    const char *source, char **cause);

/*
 * What the operating system said behind a failed SQLite call, as a
 * parenthesis to append to a message: " (no space left on its file
 * system...)"; "" when it says nothing an admin can act on.
 */
const char *reg_os_hint(struct registry *, int rc);
/* One integer from a pragma or query; -1 with *cause (may be NULL). */
int	reg_pragma_int(struct registry *, const char *sql, int *out,
	    char **cause);
/* Why path cannot be written, for reg_open_readonly: a static string. */
const char *reg_readonly_why(const char *path);
/*
 * Reopen reg->db read-only, why (a static string) saying why it cannot
 * be written; the schema must be the current one, as nothing can be
 * migrated.  -1 with *cause.
 */
int	reg_open_readonly(struct registry *, const char *why, char **cause);

#endif
