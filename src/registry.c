/*
 * The event registry in SQLite: open and migrate, write transactions with
 * retry, events with per-field history, reads from one snapshot.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "event.h"
#include "registry.h"
#include "registry-int.h"
#include "registry-schema.h"
#include "xmalloc.h"

#define REGISTRY_RETRIES	8	/* whole-transaction retries */

/* Set the error kind from a SQLite result code and build a message. */
void
reg_fail(struct registry *reg, int rc, char **cause, const char *what)
{
	reg->rc = rc;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		reg->err = REGISTRY_EBUSY;
		break;
	case SQLITE_NOTADB:
		reg->err = REGISTRY_ESCHEMA;
		break;
	default:
		reg->err = REGISTRY_EIO;
		break;
	}
	if (cause != NULL)
		*cause = xasprintf("%s: %s: %s%s", reg->path, what,
		    reg->db != NULL ? sqlite3_errmsg(reg->db) :
		    sqlite3_errstr(rc), reg_os_hint(reg, rc));
}

static int
reg_exec(struct registry *reg, const char *sql, const char *what,
    char **cause)
{
	int	rc;

	if ((rc = sqlite3_exec(reg->db, sql, NULL, NULL, NULL)) != SQLITE_OK) {
		reg_fail(reg, rc, cause, what);
		return (-1);
	}
	return (0);
}

void
registry_now(char *out)
{
	time_t		t = time(NULL);
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A prepared statement, reset and with its bindings cleared. */
static sqlite3_stmt *
reg_stmt(struct registry *reg, int which)
{
	sqlite3_reset(reg->st[which]);
	sqlite3_clear_bindings(reg->st[which]);
	return (reg->st[which]);
}

/* Bind a value, "" as NULL when nullable. */
void
reg_bind(sqlite3_stmt *st, int i, const char *s, int nullable)
{
	if (s == NULL || (nullable && *s == '\0'))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* Step a statement that returns no rows. */
int
reg_done(struct registry *reg, sqlite3_stmt *st, char **cause,
    const char *what)
{
	int	rc;

	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, what);
		return (-1);
	}
	return (0);
}

static char *
reg_columns(const char *prefix, const char *suffix, int numbered)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, prefix);
	for (i = 0; i < EVENT_NFIELDS; i++) {
		if (numbered)
			buf_printf(&b, "%s\"%s\" = ?%zu", i ? ", " : "",
			    event_fields[i].name, i + 1);
		else
			buf_printf(&b, "%s\"%s\"", i ? ", " : "",
			    event_fields[i].name);
	}
	buf_adds(&b, suffix);
	return (buf_detach(&b));
}

/* "INSERT INTO events (...) VALUES (?1, ..., ?N, ?N+1, ?N+1)". */
static char *
reg_insert_sql(void)
{
	struct buf	 b;
	char		*cols;
	size_t		 i;

	cols = reg_columns("INSERT INTO events (", ", created, updated) "
	    "VALUES (", 0);
	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, cols);
	free(cols);
	for (i = 0; i < EVENT_NFIELDS; i++)
		buf_printf(&b, "?%zu, ", i + 1);
	buf_printf(&b, "?%d, ?%d)", EVENT_NFIELDS + 1, EVENT_NFIELDS + 1);
	return (buf_detach(&b));
}

static int
reg_prepare(struct registry *reg, char **cause)
{
	char	*sql[NSTMT], tail[64];
	int	 i, rc;

	/* The row's time stamp is the parameter after the fields. */
	snprintf(tail, sizeof tail, ", updated = ?%d WHERE id = ?1",
	    EVENT_NFIELDS + 1);

	sql[ST_GET] = reg_columns("SELECT ", " FROM events WHERE id = ?1", 0);
	sql[ST_GET_EXTRAS] = xstrdup("SELECT name, value FROM event_extras "
	    "WHERE event_id = ?1 ORDER BY name");
	sql[ST_INSERT] = reg_insert_sql();
	sql[ST_UPDATE] = reg_columns("UPDATE events SET ", tail, 1);
	sql[ST_DELETE] = xstrdup("DELETE FROM events WHERE id = ?1");
	sql[ST_DELETE_EXTRAS] = xstrdup("DELETE FROM event_extras "
	    "WHERE event_id = ?1");
	sql[ST_HISTORY_ADD] = xstrdup("INSERT INTO history (event_id, at, "
	    "source, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6)");
	sql[ST_EXTRA_SET] = xstrdup("INSERT OR REPLACE INTO event_extras "
	    "(event_id, name, value) VALUES (?1, ?2, ?3)");
	sql[ST_EXTRA_DEL] = xstrdup("DELETE FROM event_extras "
	    "WHERE event_id = ?1 AND name = ?2");
	sql[ST_ALL] = reg_columns("SELECT ", " FROM events ORDER BY start, id",
	    0);
	sql[ST_HISTORY] = xstrdup("SELECT seq, event_id, at, source, field, "
	    "old_value, new_value FROM history WHERE event_id = ?1 "
	    "ORDER BY seq");
	sql[ST_COUNT] = xstrdup("SELECT count(*) FROM events");
	sql[ST_EXTRA_NAMES] = xstrdup("SELECT DISTINCT name FROM event_extras"
	    " ORDER BY name");
	sql[ST_HAS_EXTRAS] = xstrdup("SELECT 1 FROM event_extras LIMIT 1");

	rc = SQLITE_OK;
	for (i = 0; i < NSTMT; i++) {
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v3(reg->db, sql[i], -1,
			    SQLITE_PREPARE_PERSISTENT, &reg->st[i], NULL);
		free(sql[i]);
	}
	if (rc != SQLITE_OK) {
		reg_fail(reg, rc, cause, "cannot prepare statements");
		return (-1);
	}
	return (0);
}

/* Run one migration step: the caller holds the write transaction. */
static int
reg_migrate_step(struct registry *reg, int to, char **cause)
{
	char	*sql;
	int	 rv;

	if (reg_exec(reg, registry_migrations[to - 1], "cannot migrate",
	    cause) == -1)
		return (-1);
	sql = xasprintf("PRAGMA user_version = %d", to);
	rv = reg_exec(reg, sql, "cannot migrate", cause);
	free(sql);
	return (rv);
}

int
reg_pragma_int(struct registry *reg, const char *sql, int *out,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL)) !=
	    SQLITE_OK) {
		reg_fail(reg, rc, cause, "cannot read the schema");
		return (-1);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		reg_fail(reg, rc, cause, "cannot read the schema");
		sqlite3_finalize(st);
		return (-1);
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return (0);
}

/* Inside the write transaction: bring the schema up to date. */
static int
reg_migrate(struct registry *reg, void *arg, char **cause)
{
	int	version, appid, tables;

	if (reg_pragma_int(reg, "PRAGMA user_version", &version, cause) == -1 ||
	    reg_pragma_int(reg, "PRAGMA application_id", &appid, cause) == -1 ||
	    reg_pragma_int(reg, "SELECT count(*) FROM sqlite_schema",
	    &tables, cause) == -1)
		return (-1);
	if ((version == 0 && tables != 0) ||
	    (version != 0 && appid != REGISTRY_APPLICATION_ID)) {
		reg->err = REGISTRY_ESCHEMA;
		*cause = xasprintf("%s: not a wikisync registry", reg->path);
		return (-1);
	}
	if (version > REGISTRY_SCHEMA_VERSION) {
		reg->err = REGISTRY_ESCHEMA;
		*cause = xasprintf("%s: schema version %d is newer than this "
		    "wikisync knows (%d); upgrade wikisync", reg->path, version,
		    REGISTRY_SCHEMA_VERSION);
		return (-1);
	}
	while (version < REGISTRY_SCHEMA_VERSION)
		if (reg_migrate_step(reg, ++version, cause) == -1)
			return (-1);
	(void)arg;
	return (0);
}

/*
 * Why the file could not be opened, when it is not SQLite's to say: a
 * symbolic link on the way (SQLITE_OPEN_NOFOLLOW refuses them, so that a
 * link in the state directory cannot redirect writes), or a missing
 * directory.  A static string, "" when neither.
 */
static const char *
reg_open_hint(const char *path)
{
	struct stat	 sb;
	char		*p, *slash;
	const char	*hint = "";

	p = xstrdup(path);
	for (slash = p; (slash = strchr(slash + 1, '/')) != NULL; ) {
		*slash = '\0';
		if (lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode))
			hint = " (a directory on its path is a symbolic link: "
			    "give the real path)";
		*slash = '/';
	}
	if (*hint == '\0' && lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode))
		hint = " (it is a symbolic link: give the real path)";
	else if (*hint == '\0' && access(p, F_OK) == -1 && errno == ENOENT)
		hint = " (does its directory exist?)";
	free(p);
	return (hint);
}

struct registry *
registry_open(const char *path, enum registry_err *err, char **cause)
{
	struct registry	*reg;
	int		 rc;

	reg = xcalloc(1, sizeof *reg);
	reg->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &reg->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		reg->err = REGISTRY_EIO;
		*cause = xasprintf("%s: cannot open: %s%s", path,
		    reg->db != NULL ? sqlite3_errmsg(reg->db) :
		    sqlite3_errstr(rc), reg_open_hint(path));
		goto fail;
	}
	sqlite3_extended_result_codes(reg->db, 1);
	sqlite3_busy_timeout(reg->db, REGISTRY_BUSY_MS);
	/*
	 * SQLite opens a file it may not write read-only, silently: then
	 * the commands that only read still work, and a write says why it
	 * cannot be done.
	 */
	if (sqlite3_db_readonly(reg->db, "main") == 1)
		goto readonly;
	/* WAL lets readers go on while one process writes. */
	if (reg_exec(reg, "PRAGMA journal_mode = WAL", "cannot open",
	    cause) == -1 ||
	    reg_exec(reg, "PRAGMA synchronous = FULL", "cannot open",
	    cause) == -1 ||
	    reg_exec(reg, "PRAGMA foreign_keys = OFF", "cannot open",
	    cause) == -1 ||
	    registry_write(reg, reg_migrate, NULL, cause) == -1) {
		/* The file is writable, its directory (-wal, -shm) not. */
		if (reg->err != REGISTRY_EIO || ((reg->rc & 0xff) !=
		    SQLITE_READONLY && (reg->rc & 0xff) != SQLITE_CANTOPEN))
			goto fail;
		free(*cause);
		*cause = NULL;
		goto readonly;
	}
	if (reg_prepare(reg, cause) == -1)
		goto fail;
	return (reg);
readonly:
	if (reg_open_readonly(reg, reg_readonly_why(path), cause) == -1)
		goto fail;
	if (reg_prepare(reg, cause) == -1)
		goto fail;
	return (reg);
fail:
	if (err != NULL)
		*err = reg->err;
	registry_close(reg);
	return (NULL);
}

void
registry_release_memory(struct registry *reg)
{
	sqlite3_db_release_memory(reg->db);
}

void
registry_close(struct registry *reg)
{
	int	i;

	if (reg == NULL)
		return;
	for (i = 0; i < NSTMT; i++)
		sqlite3_finalize(reg->st[i]);
	for (i = 0; i < PST_N; i++)
		sqlite3_finalize(reg->pst[i]);
	sqlite3_close(reg->db);
	free(reg->path);
	free(reg);
}

const char *
registry_path(const struct registry *reg)
{
	return (reg->path);
}

enum registry_err
registry_errcode(const struct registry *reg)
{
	return (reg->err);
}

int
registry_schema_version(struct registry *reg)
{
	int	 v;
	char	*cause;

	if (reg_pragma_int(reg, "PRAGMA user_version", &v, &cause) == -1) {
		free(cause);
		return (-1);
	}
	return (v);
}

/* Sleep between two attempts: 50 ms doubling, at most 1.6 s. */
static void
reg_backoff(int attempt)
{
	struct timespec	ts;
	long		ms = 50L << (attempt < 5 ? attempt : 5);

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

int
registry_write(struct registry *reg, registry_write_fn fn, void *arg,
    char **cause)
{
	char	*why = NULL, *cp;
	int	 attempt, rc, rv;

	if (reg->in_write)
		return (fn(reg, arg, cause));
	if (reg->readonly != NULL) {
		reg->err = REGISTRY_EIO;
		if (cause != NULL)
			*cause = xasprintf("%s: cannot write: opened read-only "
			    "(%s); nothing was written", reg->path,
			    reg->readonly);
		return (-1);
	}
	for (attempt = 0;; attempt++) {
		free(why);
		why = NULL;
		reg->err = REGISTRY_OK;
		rc = sqlite3_exec(reg->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			reg_fail(reg, rc, &why, "cannot start a transaction");
			if (reg->err == REGISTRY_EBUSY &&
			    attempt < REGISTRY_RETRIES) {
				reg_backoff(attempt);
				continue;
			}
			break;
		}
		registry_now(reg->now);
		reg->in_write = 1;
		rv = fn(reg, arg, &why);
		reg->in_write = 0;
		if (rv == 0) {
			rc = sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
			if (rc == SQLITE_OK)
				return (0);
			reg_fail(reg, rc, &why, "cannot commit");
		}
		sqlite3_exec(reg->db, "ROLLBACK", NULL, NULL, NULL);
		if (reg->err != REGISTRY_EBUSY || attempt >= REGISTRY_RETRIES)
			break;
		reg_backoff(attempt);
	}
	if (reg->err == REGISTRY_EBUSY) {
		free(why);
		why = xasprintf("%s: still locked by another process after "
		    "%d attempts; try again", reg->path, attempt + 1);
	} else if (reg->err == REGISTRY_EIO) {
		/* The transaction was rolled back: say so. */
		cp = why;
		why = xasprintf("%s; nothing was written", cp);
		free(cp);
	}
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return (-1);
}

/* Fill ev from a row of ST_GET or ST_ALL. */
static void
reg_row_event(sqlite3_stmt *st, struct event *ev)
{
	const unsigned char	*s;
	size_t			 i;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		s = sqlite3_column_text(st, (int)i);
		free(ev->v[i]);
		ev->v[i] = xstrdup(s != NULL ? (const char *)s : "");
	}
}

/* Load the extras of ev (its id already set). */
static int
reg_load_extras(struct registry *reg, struct event *ev, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;
	size_t		 n;

	st = reg_stmt(reg, ST_GET_EXTRAS);
	reg_bind(st, 1, ev->v[F_ID], 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n = ev->nextras++;
		ev->extras = xreallocarray(ev->extras, ev->nextras,
		    sizeof *ev->extras);
		ev->extras[n].name = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
		ev->extras[n].value = xstrdup((const char *)
		    sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, "cannot read extra fields");
		return (-1);
	}
	return (0);
}

int
registry_get(struct registry *reg, const char *id, struct event *ev,
    char **cause)
{
	sqlite3_stmt	*st;
	char		*key;
	int		 rc;

	/* id may be ev's own, which is about to be replaced. */
	key = xstrdup(id);
	st = reg_stmt(reg, ST_GET);
	reg_bind(st, 1, key, 0);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		free(key);
		return (0);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		free(key);
		reg_fail(reg, rc, cause, "cannot read event");
		return (-1);
	}
	event_free(ev);
	reg_row_event(st, ev);
	sqlite3_reset(st);
	free(key);
	if (reg_load_extras(reg, ev, cause) == -1)
		return (-1);
	return (1);
}

int
registry_history_note(struct registry *reg, const char *id,
    const char *source, const char *field, const char *old, const char *new,
    char **cause)
{
	return (reg_history_add(reg, id, source, field, old, new, cause));
}

int
reg_history_add(struct registry *reg, const char *id, const char *source,
    const char *field, const char *old, const char *new, char **cause)
{
	sqlite3_stmt	*st;

	st = reg_stmt(reg, ST_HISTORY_ADD);
	reg_bind(st, 1, id, 0);
	reg_bind(st, 2, reg->now, 0);
	reg_bind(st, 3, source, 0);
	reg_bind(st, 4, field, 0);
	reg_bind(st, 5, old, 1);
	reg_bind(st, 6, new, 1);
	return (reg_done(reg, st, cause, "cannot record history"));
}

/* Write the extras of ev over those of old (history only if found). */
static int
reg_put_extras(struct registry *reg, const struct event *old, int found,
    const struct event *ev, const char *source, int *changed, char **cause)
{
	sqlite3_stmt	*st;
	const char	*id = ev->v[F_ID], *was, *name;
	size_t		 i;

	for (i = 0; i < ev->nextras; i++) {
		name = ev->extras[i].name;
		was = event_get(old, name);
		if (strcmp(was, ev->extras[i].value) == 0)
			continue;
		st = reg_stmt(reg, ST_EXTRA_SET);
		reg_bind(st, 1, id, 0);
		reg_bind(st, 2, name, 0);
		reg_bind(st, 3, ev->extras[i].value, 0);
		if (reg_done(reg, st, cause, "cannot write extra field") == -1 ||
		    (found && reg_history_add(reg, id, source, name, was,
		    ev->extras[i].value, cause) == -1))
			return (-1);
		(*changed)++;
	}
	for (i = 0; i < old->nextras; i++) {
		name = old->extras[i].name;
		if (*event_get(ev, name) != '\0')
			continue;
		st = reg_stmt(reg, ST_EXTRA_DEL);
		reg_bind(st, 1, id, 0);
		reg_bind(st, 2, name, 0);
		if (reg_done(reg, st, cause, "cannot write extra field") == -1 ||
		    reg_history_add(reg, id, source, name,
		    old->extras[i].value, NULL, cause) == -1)
			return (-1);
		(*changed)++;
	}
	return (0);
}

int
registry_put(struct registry *reg, const struct event *ev,
    const char *source, int *changed, char **cause)
{
	struct event	old;
	int		found, rv = -1;

	event_init(&old);
	if ((found = registry_get(reg, ev->v[F_ID], &old, cause)) != -1)
		rv = registry_put_over(reg, ev, found ? &old : NULL, source,
		    changed, cause);
	event_free(&old);
	return (rv);
}

int
registry_put_over(struct registry *reg, const struct event *ev,
    const struct event *stored, const char *source, int *changed,
    char **cause)
{
	struct event	 none;
	const struct event *old = stored;
	sqlite3_stmt	*st;
	int		 found = (stored != NULL), n = 0, rv = -1;
	size_t		 i;

	event_init(&none);
	if (old == NULL)
		old = &none;
	/*
	 * A new event's values are all in its row, so one entry, its id
	 * appearing, records its creation; from then on each change records
	 * the old value, and a delete records them all.  Nothing is lost,
	 * and a bulk import writes one history row per event, not eighteen.
	 */
	for (i = 0; i < EVENT_NFIELDS; i++) {
		if (strcmp(event_get(old, event_fields[i].name),
		    ev->v[i]) == 0)
			continue;
		n++;
		if (found || i == F_ID) {
			if (reg_history_add(reg, ev->v[F_ID], source,
			    event_fields[i].name, event_get(old,
			    event_fields[i].name), ev->v[i], cause) == -1)
				goto out;
		}
	}
	if (!found || n > 0) {
		st = reg_stmt(reg, found ? ST_UPDATE : ST_INSERT);
		for (i = 0; i < EVENT_NFIELDS; i++)
			reg_bind(st, (int)i + 1, ev->v[i], 0);
		reg_bind(st, EVENT_NFIELDS + 1, reg->now, 0);
		if (reg_done(reg, st, cause, "cannot write event") == -1)
			goto out;
	}
	if (reg_put_extras(reg, old, found, ev, source, &n, cause) == -1)
		goto out;
	if (changed != NULL)
		*changed = n;
	rv = 0;
out:
	event_free(&none);
	return (rv);
}

int
registry_delete(struct registry *reg, const char *id, const char *source,
    char **cause)
{
	struct event	 old;
	sqlite3_stmt	*st;
	size_t		 i;
	int		 found, rv = -1;

	event_init(&old);
	if ((found = registry_get(reg, id, &old, cause)) == -1)
		goto out;
	if (found == 0) {
		reg->err = REGISTRY_EDATA;
		*cause = xasprintf("no event '%s'", id);
		goto out;
	}
	/* Record every value, so that nothing is lost with the row. */
	for (i = 0; i < EVENT_NFIELDS; i++)
		if (*old.v[i] != '\0' && reg_history_add(reg, id, source,
		    event_fields[i].name, old.v[i], NULL, cause) == -1)
			goto out;
	for (i = 0; i < old.nextras; i++)
		if (reg_history_add(reg, id, source, old.extras[i].name,
		    old.extras[i].value, NULL, cause) == -1)
			goto out;
	st = reg_stmt(reg, ST_DELETE);
	reg_bind(st, 1, id, 0);
	if (reg_done(reg, st, cause, "cannot delete event") == -1)
		goto out;
	st = reg_stmt(reg, ST_DELETE_EXTRAS);
	reg_bind(st, 1, id, 0);
	if (reg_done(reg, st, cause, "cannot delete event") == -1)
		goto out;
	if (reg_participants_drop(reg, id, source, cause) == -1)
		goto out;
	rv = 0;
out:
	event_free(&old);
	return (rv);
}

/* Begin a read snapshot unless a write transaction or one is open. */
int
reg_read_begin(struct registry *reg, char **cause)
{
	if (reg->in_write || reg->reading++ > 0)
		return (0);
	if (reg_exec(reg, "BEGIN", "cannot read", cause) == -1) {
		reg->reading = 0;
		return (-1);
	}
	return (0);
}

void
reg_read_end(struct registry *reg)
{
	if (!reg->in_write && --reg->reading == 0)
		sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL);
}

int
registry_read(struct registry *reg, registry_read_fn fn, void *arg,
    char **cause)
{
	int	rv;

	if (reg_read_begin(reg, cause) == -1)
		return (-1);
	rv = fn(reg, arg, cause);
	reg_read_end(reg);
	return (rv);
}

int
registry_foreach(struct registry *reg, registry_event_fn fn, void *arg,
    char **cause)
{
	sqlite3_stmt	*st;
	struct event	 ev;
	int		 rc, has_extras, rv = -1;

	if (reg_read_begin(reg, cause) == -1)
		return (-1);
	event_init(&ev);
	st = reg_stmt(reg, ST_HAS_EXTRAS);
	rc = sqlite3_step(st);
	has_extras = (rc == SQLITE_ROW);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, "cannot read events");
		goto out;
	}
	/* Extras are read with a second statement while ST_ALL steps. */
	st = reg_stmt(reg, ST_ALL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		event_free(&ev);
		reg_row_event(st, &ev);
		if (has_extras && reg_load_extras(reg, &ev, cause) == -1)
			goto out;
		if (fn(&ev, arg) == -1) {
			if (cause != NULL)
				*cause = NULL;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, "cannot read events");
		goto out;
	}
	rv = 0;
out:
	sqlite3_reset(reg->st[ST_ALL]);
	event_free(&ev);
	reg_read_end(reg);
	return (rv);
}

int
registry_history(struct registry *reg, const char *id,
    registry_history_fn fn, void *arg, char **cause)
{
	sqlite3_stmt		*st;
	struct history_entry	 h;
	int			 rc, rv = -1;

	if (reg_read_begin(reg, cause) == -1)
		return (-1);
	st = reg_stmt(reg, ST_HISTORY);
	reg_bind(st, 1, id, 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h.seq = sqlite3_column_int64(st, 0);
		h.event_id = (const char *)sqlite3_column_text(st, 1);
		h.at = (const char *)sqlite3_column_text(st, 2);
		h.source = (const char *)sqlite3_column_text(st, 3);
		h.field = (const char *)sqlite3_column_text(st, 4);
		h.old_value = (const char *)sqlite3_column_text(st, 5);
		h.new_value = (const char *)sqlite3_column_text(st, 6);
		if (fn(&h, arg) == -1) {
			if (cause != NULL)
				*cause = NULL;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, "cannot read history");
		goto out;
	}
	rv = 0;
out:
	sqlite3_reset(st);
	reg_read_end(reg);
	return (rv);
}

long long
registry_count(struct registry *reg, char **cause)
{
	sqlite3_stmt	*st;
	long long	 n;
	int		 rc;

	st = reg_stmt(reg, ST_COUNT);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		reg_fail(reg, rc, cause, "cannot count events");
		return (-1);
	}
	n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (n);
}

int
registry_extra_names(struct registry *reg, char ***names, size_t *n,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*names = NULL;
	*n = 0;
	st = reg_stmt(reg, ST_EXTRA_NAMES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, "cannot read extra fields");
		return (-1);
	}
	return (0);
}
