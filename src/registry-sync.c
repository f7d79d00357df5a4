/*
 * The registry's sync state: per table region, what wikisync last wrote
 * and saw on the wiki; and the saved texts of regions it replaced without
 * having written them.  Statements are prepared per call: a pass makes a
 * few per page, far from the cost of the HTTP request beside them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "registry-int.h"
#include "xmalloc.h"

#define SYNC_COLUMNS \
	"wiki, region, title, page_id, revid, written_revid, rendered," \
	" stored, rows, generated, events, written, checked, error, error_at," \
	" recovered, version"

void
sync_state_init(struct sync_state *st, const char *wiki, const char *region)
{
	memset(st, 0, sizeof *st);
	st->wiki = xstrdup(wiki);
	st->region = xstrdup(region);
	st->title = xstrdup("");
	st->rendered = xstrdup("");
	st->stored = xstrdup("");
	st->generated = xstrdup("");
	st->events = xstrdup("");
	st->written = xstrdup("");
	st->checked = xstrdup("");
	st->error = xstrdup("");
	st->error_at = xstrdup("");
	st->recovered = xstrdup("");
}

void
sync_state_free(struct sync_state *st)
{
	free(st->wiki);
	free(st->region);
	free(st->title);
	free(st->rendered);
	free(st->stored);
	free(st->generated);
	free(st->events);
	free(st->written);
	free(st->checked);
	free(st->error);
	free(st->error_at);
	free(st->recovered);
	memset(st, 0, sizeof *st);
}

void
sync_state_set(char **member, const char *value)
{
	free(*member);
	*member = xstrdup(value != NULL ? value : "");
}

sqlite3_stmt *
reg_prepare_one(struct registry *reg, const char *sql, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL)) !=
	    SQLITE_OK) {
		reg_fail(reg, rc, cause, "cannot prepare statement");
		return (NULL);
	}
	return (st);
}

char *
reg_col(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return (xstrdup(s != NULL ? (const char *)s : ""));
}

static void
sync_row(sqlite3_stmt *st, struct sync_state *s)
{
	s->wiki = reg_col(st, 0);
	s->region = reg_col(st, 1);
	s->title = reg_col(st, 2);
	s->page_id = sqlite3_column_int64(st, 3);
	s->revid = sqlite3_column_int64(st, 4);
	s->written_revid = sqlite3_column_int64(st, 5);
	s->rendered = reg_col(st, 6);
	s->stored = reg_col(st, 7);
	s->rows = (long)sqlite3_column_int64(st, 8);
	s->generated = reg_col(st, 9);
	s->events = reg_col(st, 10);
	s->written = reg_col(st, 11);
	s->checked = reg_col(st, 12);
	s->error = reg_col(st, 13);
	s->error_at = reg_col(st, 14);
	s->recovered = reg_col(st, 15);
	s->version = sqlite3_column_int64(st, 16);
}

int
registry_sync_get(struct registry *reg, const char *wiki, const char *region,
    struct sync_state *s, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, rv = -1;

	if ((st = reg_prepare_one(reg, "SELECT " SYNC_COLUMNS " FROM sync_state"
	    " WHERE wiki = ?1 AND region = ?2", cause)) == NULL)
		return (-1);
	reg_bind(st, 1, wiki, 0);
	reg_bind(st, 2, region, 0);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sync_row(st, s);
		rv = 1;
	} else if (rc == SQLITE_DONE) {
		sync_state_init(s, wiki, region);
		rv = 0;
	} else
		reg_fail(reg, rc, cause, "cannot read sync state");
	sqlite3_finalize(st);
	return (rv);
}

int
reg_conflict(struct registry *reg, char **cause, const char *what,
    const char *wiki, const char *name)
{
	reg->err = REGISTRY_ECONFLICT;
	reg->rc = SQLITE_OK;
	if (cause != NULL)
		*cause = xasprintf("%s: the %s of '%s'%s%s%s changed since this "
		    "pass read it (another wikisync not waiting for the pass "
		    "lock?); not recorded: the next pass reads it again",
		    reg->path, what, name, *wiki != '\0' ? " ([wiki " : "",
		    wiki, *wiki != '\0' ? "])" : "");
	return (-1);
}

/*
 * Compare and swap by version: the upsert's update applies only to the
 * row this pass read, so no change means someone else wrote it since.
 */
int
registry_sync_put(struct registry *reg, const struct sync_state *s,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rv;

	if ((st = reg_prepare_one(reg, "INSERT INTO sync_state ("
	    SYNC_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13, ?14, ?15, ?16, ?17 + 1)"
	    " ON CONFLICT (wiki, region) DO UPDATE SET title = excluded.title,"
	    " page_id = excluded.page_id, revid = excluded.revid,"
	    " written_revid = excluded.written_revid,"
	    " rendered = excluded.rendered, stored = excluded.stored,"
	    " rows = excluded.rows, generated = excluded.generated,"
	    " events = excluded.events, written = excluded.written,"
	    " checked = excluded.checked, error = excluded.error,"
	    " error_at = excluded.error_at, recovered = excluded.recovered,"
	    " version = excluded.version WHERE sync_state.version = ?17",
	    cause)) == NULL)
		return (-1);
	reg_bind(st, 1, s->wiki, 0);
	reg_bind(st, 2, s->region, 0);
	reg_bind(st, 3, s->title, 0);
	sqlite3_bind_int64(st, 4, s->page_id);
	sqlite3_bind_int64(st, 5, s->revid);
	sqlite3_bind_int64(st, 6, s->written_revid);
	reg_bind(st, 7, s->rendered, 0);
	reg_bind(st, 8, s->stored, 0);
	sqlite3_bind_int64(st, 9, s->rows);
	reg_bind(st, 10, s->generated, 0);
	reg_bind(st, 11, s->events, 0);
	reg_bind(st, 12, s->written, 0);
	reg_bind(st, 13, s->checked, 0);
	reg_bind(st, 14, s->error, 0);
	reg_bind(st, 15, s->error_at, 0);
	reg_bind(st, 16, s->recovered, 0);
	sqlite3_bind_int64(st, 17, s->version);
	rv = reg_done(reg, st, cause, "cannot save sync state");
	sqlite3_finalize(st);
	if (rv == 0 && sqlite3_changes(reg->db) == 0)
		rv = reg_conflict(reg, cause, "sync state", s->wiki, s->region);
	return (rv);
}

int
reg_each(struct registry *reg, const char *sql, const char *const *binds,
    int n, int (*row)(sqlite3_stmt *, void *), void *arg, const char *what,
    char **cause)
{
	sqlite3_stmt	*st;
	char		 msg[64];
	int		 i, rc, rv = -1;

	if (reg_read_begin(reg, cause) == -1)
		return (-1);
	if ((st = reg_prepare_one(reg, sql, cause)) == NULL) {
		reg_read_end(reg);
		return (-1);
	}
	for (i = 0; i < n; i++)
		reg_bind(st, i + 1, binds[i], 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (row(st, arg) == -1) {
			if (cause != NULL)
				*cause = NULL;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(msg, sizeof msg, "cannot read %s", what);
		reg_fail(reg, rc, cause, msg);
		goto out;
	}
	rv = 0;
out:
	sqlite3_finalize(st);
	reg_read_end(reg);
	return (rv);
}

struct sync_each {
	registry_sync_fn	 fn;
	void			*arg;
};

static int
sync_each_row(sqlite3_stmt *st, void *arg)
{
	struct sync_each	*e = arg;
	struct sync_state	 s;
	int			 rv;

	sync_row(st, &s);
	rv = e->fn(&s, e->arg);
	sync_state_free(&s);
	return (rv);
}

int
registry_sync_foreach(struct registry *reg, registry_sync_fn fn, void *arg,
    char **cause)
{
	struct sync_each	e = { fn, arg };

	return (reg_each(reg, "SELECT " SYNC_COLUMNS " FROM sync_state"
	    " ORDER BY wiki, title, region", NULL, 0, sync_each_row, &e,
	    "sync state", cause));
}

int
registry_region_save(struct registry *reg, const char *wiki,
    const char *title, const char *region, long long revid, const char *user,
    const char *source, const char *text, char **cause)
{
	sqlite3_stmt	*st;
	char		 now[32];
	int		 rv;

	if ((st = reg_prepare_one(reg, "INSERT INTO region_history (wiki, title,"
	    " region, at, source, revid, user, text) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8)", cause)) == NULL)
		return (-1);
	registry_now(now);
	reg_bind(st, 1, wiki, 0);
	reg_bind(st, 2, title, 0);
	reg_bind(st, 3, region, 0);
	reg_bind(st, 4, now, 0);
	reg_bind(st, 5, source, 0);
	sqlite3_bind_int64(st, 6, revid);
	reg_bind(st, 7, user != NULL ? user : "", 0);
	reg_bind(st, 8, text, 0);
	rv = reg_done(reg, st, cause, "cannot save region text");
	sqlite3_finalize(st);
	return (rv);
}

struct region_each {
	registry_region_fn	 fn;
	void			*arg;
};

static int
region_each_row(sqlite3_stmt *st, void *arg)
{
	struct region_each		*e = arg;
	struct region_history_entry	 h;

	h.seq = sqlite3_column_int64(st, 0);
	h.wiki = (const char *)sqlite3_column_text(st, 1);
	h.title = (const char *)sqlite3_column_text(st, 2);
	h.region = (const char *)sqlite3_column_text(st, 3);
	h.at = (const char *)sqlite3_column_text(st, 4);
	h.source = (const char *)sqlite3_column_text(st, 5);
	h.revid = sqlite3_column_int64(st, 6);
	h.user = (const char *)sqlite3_column_text(st, 7);
	h.text = (const char *)sqlite3_column_text(st, 8);
	return (e->fn(&h, e->arg));
}

int
registry_region_history(struct registry *reg, const char *wiki,
    const char *region, registry_region_fn fn, void *arg, char **cause)
{
	struct region_each	 e = { fn, arg };
	const char		*binds[2] = { wiki, region };

	return (reg_each(reg, "SELECT seq, wiki, title, region, at, source,"
	    " revid, user, text FROM region_history WHERE wiki = ?1 AND"
	    " region = ?2 ORDER BY seq", binds, 2, region_each_row, &e,
	    "region history", cause));
}

int
registry_region_foreach(struct registry *reg, registry_region_fn fn,
    void *arg, char **cause)
{
	struct region_each	 e = { fn, arg };

	return (reg_each(reg, "SELECT seq, wiki, title, region, at, source,"
	    " revid, user, text FROM region_history ORDER BY seq", NULL, 0,
	    region_each_row, &e, "region history", cause));
}

int
registry_data_version(struct registry *reg, long long *v, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, rv = -1;

	if ((st = reg_prepare_one(reg, "PRAGMA data_version", cause)) == NULL)
		return (-1);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rv = 0;
	} else
		reg_fail(reg, rc, cause, "cannot read the data version");
	sqlite3_finalize(st);
	return (rv);
}
