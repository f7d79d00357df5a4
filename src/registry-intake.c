/*
 * The registry's intake state: per [intake] page what the last pull
 * found, and per call pulled its base (intake.h).  Statements are
 * prepared per call, as in registry-sync.c: a pull makes a few per page
 * changed, beside an HTTP request.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "registry-int.h"
#include "xmalloc.h"

#define INTAKE_COLUMNS \
	"wiki, intake, title, page_id, revid, conf, pulled, calls, invalid," \
	" removed, problems, report, error, error_at, recovered, version"

void
intake_state_init(struct intake_state *st, const char *wiki,
    const char *intake)
{
	memset(st, 0, sizeof *st);
	st->wiki = xstrdup(wiki);
	st->intake = xstrdup(intake);
	st->title = xstrdup("");
	st->conf = xstrdup("");
	st->pulled = xstrdup("");
	st->problems = xstrdup("");
	st->report = xstrdup("");
	st->error = xstrdup("");
	st->error_at = xstrdup("");
	st->recovered = xstrdup("");
}

void
intake_state_free(struct intake_state *st)
{
	free(st->wiki);
	free(st->intake);
	free(st->title);
	free(st->conf);
	free(st->pulled);
	free(st->problems);
	free(st->report);
	free(st->error);
	free(st->error_at);
	free(st->recovered);
	memset(st, 0, sizeof *st);
}

static void
intake_row(sqlite3_stmt *st, struct intake_state *s)
{
	s->wiki = reg_col(st, 0);
	s->intake = reg_col(st, 1);
	s->title = reg_col(st, 2);
	s->page_id = sqlite3_column_int64(st, 3);
	s->revid = sqlite3_column_int64(st, 4);
	s->conf = reg_col(st, 5);
	s->pulled = reg_col(st, 6);
	s->calls = (long)sqlite3_column_int64(st, 7);
	s->invalid = (long)sqlite3_column_int64(st, 8);
	s->removed = (long)sqlite3_column_int64(st, 9);
	s->problems = reg_col(st, 10);
	s->report = reg_col(st, 11);
	s->error = reg_col(st, 12);
	s->error_at = reg_col(st, 13);
	s->recovered = reg_col(st, 14);
	s->version = sqlite3_column_int64(st, 15);
}

int
registry_intake_get(struct registry *reg, const char *wiki,
    const char *intake, struct intake_state *s, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, rv = -1;

	if ((st = reg_prepare_one(reg, "SELECT " INTAKE_COLUMNS " FROM"
	    " intake_state WHERE wiki = ?1 AND intake = ?2", cause)) == NULL)
		return (-1);
	reg_bind(st, 1, wiki, 0);
	reg_bind(st, 2, intake, 0);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		intake_row(st, s);
		rv = 1;
	} else if (rc == SQLITE_DONE) {
		intake_state_init(s, wiki, intake);
		rv = 0;
	} else
		reg_fail(reg, rc, cause, "cannot read intake state");
	sqlite3_finalize(st);
	return (rv);
}

int
registry_intake_put(struct registry *reg, const struct intake_state *s,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rv;

	/* Compare and swap by version, as registry_sync_put. */
	if ((st = reg_prepare_one(reg, "INSERT INTO intake_state ("
	    INTAKE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?11, ?12, ?13, ?14, ?15, ?16 + 1)"
	    " ON CONFLICT (wiki, intake) DO UPDATE SET title = excluded.title,"
	    " page_id = excluded.page_id, revid = excluded.revid,"
	    " conf = excluded.conf, pulled = excluded.pulled,"
	    " calls = excluded.calls, invalid = excluded.invalid,"
	    " removed = excluded.removed, problems = excluded.problems,"
	    " report = excluded.report, error = excluded.error,"
	    " error_at = excluded.error_at, recovered = excluded.recovered,"
	    " version = excluded.version WHERE intake_state.version = ?16",
	    cause)) == NULL)
		return (-1);
	reg_bind(st, 1, s->wiki, 0);
	reg_bind(st, 2, s->intake, 0);
	reg_bind(st, 3, s->title, 0);
	sqlite3_bind_int64(st, 4, s->page_id);
	sqlite3_bind_int64(st, 5, s->revid);
	reg_bind(st, 6, s->conf, 0);
	reg_bind(st, 7, s->pulled, 0);
	sqlite3_bind_int64(st, 8, s->calls);
	sqlite3_bind_int64(st, 9, s->invalid);
	sqlite3_bind_int64(st, 10, s->removed);
	reg_bind(st, 11, s->problems, 0);
	reg_bind(st, 12, s->report, 0);
	reg_bind(st, 13, s->error, 0);
	reg_bind(st, 14, s->error_at, 0);
	reg_bind(st, 15, s->recovered, 0);
	sqlite3_bind_int64(st, 16, s->version);
	rv = reg_done(reg, st, cause, "cannot save intake state");
	sqlite3_finalize(st);
	if (rv == 0 && sqlite3_changes(reg->db) == 0)
		rv = reg_conflict(reg, cause, "intake state", s->wiki,
		    s->intake);
	return (rv);
}

struct intake_each {
	registry_intake_fn	 fn;
	void			*arg;
};

static int
intake_each_row(sqlite3_stmt *st, void *arg)
{
	struct intake_each	*e = arg;
	struct intake_state	 s;
	int			 rv;

	intake_row(st, &s);
	rv = e->fn(&s, e->arg);
	intake_state_free(&s);
	return (rv);
}

int
registry_intake_foreach(struct registry *reg, registry_intake_fn fn,
    void *arg, char **cause)
{
	struct intake_each	e = { fn, arg };

	return (reg_each(reg, "SELECT " INTAKE_COLUMNS " FROM intake_state"
	    " ORDER BY wiki, title, intake", NULL, 0, intake_each_row, &e,
	    "intake state", cause));
}

void
intake_bases_free(struct intake_base *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].event_id);
		free(v[i].base);
		free(v[i].removed);
	}
	free(v);
}

struct base_list {
	struct intake_base	*v;
	size_t			 n;
};

static int
base_row(sqlite3_stmt *st, void *arg)
{
	struct base_list	*l = arg;
	struct intake_base	*b;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	b = &l->v[l->n++];
	b->event_id = reg_col(st, 0);
	b->base = reg_col(st, 1);
	b->revid = sqlite3_column_int64(st, 2);
	b->removed = reg_col(st, 3);
	b->cancelled = sqlite3_column_int(st, 4);
	return (0);
}

int
registry_intake_calls(struct registry *reg, const char *wiki,
    const char *intake, struct intake_base **v, size_t *n, char **cause)
{
	struct base_list	 l = { NULL, 0 };
	const char		*binds[2] = { wiki, intake };

	if (reg_each(reg, "SELECT event_id, base, revid, removed, cancelled"
	    " FROM intake_calls WHERE wiki = ?1 AND intake = ?2 ORDER BY"
	    " event_id", binds, 2, base_row, &l, "intake calls", cause) != 0) {
		intake_bases_free(l.v, l.n);
		*v = NULL;
		*n = 0;
		return (-1);
	}
	*v = l.v;
	*n = l.n;
	return (0);
}

int
registry_intake_call_put(struct registry *reg, const char *wiki,
    const char *intake, const struct intake_base *b, char **cause)
{
	sqlite3_stmt	*st;
	int		 rv;

	if ((st = reg_prepare_one(reg, "INSERT OR REPLACE INTO intake_calls"
	    " (wiki, intake, event_id, base, revid, removed, cancelled)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", cause)) == NULL)
		return (-1);
	reg_bind(st, 1, wiki, 0);
	reg_bind(st, 2, intake, 0);
	reg_bind(st, 3, b->event_id, 0);
	reg_bind(st, 4, b->base, 0);
	sqlite3_bind_int64(st, 5, b->revid);
	reg_bind(st, 6, b->removed, 0);
	sqlite3_bind_int(st, 7, b->cancelled);
	rv = reg_done(reg, st, cause, "cannot save intake call");
	sqlite3_finalize(st);
	return (rv);
}

int
registry_changed_at(struct registry *reg, const char *id, const char *field,
    char **at, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, rv = -1;

	/* A creation is recorded as the id appearing. */
	if ((st = reg_prepare_one(reg, "SELECT at FROM history WHERE event_id = ?1"
	    " AND field IN (?2, 'id') ORDER BY seq DESC LIMIT 1", cause)) ==
	    NULL)
		return (-1);
	reg_bind(st, 1, id, 0);
	reg_bind(st, 2, field, 0);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*at = reg_col(st, 0);
		rv = 0;
	} else if (rc == SQLITE_DONE) {
		*at = xstrdup("");
		rv = 0;
	} else
		reg_fail(reg, rc, cause, "cannot read history");
	sqlite3_finalize(st);
	return (rv);
}
