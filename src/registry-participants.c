/*
 * The registry's participants (user names per event, each change in the
 * event's history) and articles (the pages behind an event's figures,
 * per event and wiki).  The statements for one event are prepared once
 * per connection (an export reads both lists of every event, an import
 * adds a participant a row); the others per call, as in registry-sync.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "registry-int.h"
#include "xmalloc.h"

#define PARTICIPANT_FIELD	"participant"	/* its field in history */

static const char *const part_sql[PST_N] = {
	[PST_EXISTS] = "SELECT 1 FROM events WHERE id = ?1",
	[PST_ADD] = "INSERT OR IGNORE INTO participants (event_id, user,"
	    " source, added) VALUES (?1, ?2, ?3, ?4)",
	[PST_RM] = "DELETE FROM participants WHERE event_id = ?1 AND"
	    " user = ?2",
	[PST_PARTICIPANTS] = "SELECT event_id, user, source, added FROM"
	    " participants WHERE event_id = ?1 ORDER BY user",
	[PST_ARTICLES] = "SELECT event_id, wiki, title, created, edits,"
	    " bytes_added FROM event_articles WHERE event_id = ?1 ORDER BY"
	    " wiki, created DESC, title",
};

/*
 * Statement which with ?1, ?2... bound to the n strings of binds: the
 * connection's own, or, while that one steps (a callback reading the
 * same list again), one prepared for this use.  Give it back with
 * part_release.  NULL with *cause.
 */
static sqlite3_stmt *
part_stmt(struct registry *reg, int which, const char *const *binds, int n,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 i, rc;

	if (reg->pst_busy[which])
		st = reg_prepare_one(reg, part_sql[which], cause);
	else {
		if (reg->pst[which] == NULL && (rc = sqlite3_prepare_v3(reg->db,
		    part_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
		    &reg->pst[which], NULL)) != SQLITE_OK) {
			reg_fail(reg, rc, cause, "cannot prepare statement");
			return (NULL);
		}
		st = reg->pst[which];
		reg->pst_busy[which] = 1;
	}
	if (st == NULL)
		return (NULL);
	for (i = 0; i < n; i++)
		reg_bind(st, i + 1, binds[i], 0);
	return (st);
}

static void
part_release(struct registry *reg, int which, sqlite3_stmt *st)
{
	if (st != reg->pst[which]) {
		sqlite3_finalize(st);
		return;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	reg->pst_busy[which] = 0;
}

/* 0 if event id exists; -1 with REGISTRY_EDATA if not, or on error. */
static int
part_event(struct registry *reg, const char *id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = part_stmt(reg, PST_EXISTS, &id, 1, cause)) == NULL)
		return (-1);
	rc = sqlite3_step(st);
	part_release(reg, PST_EXISTS, st);
	if (rc == SQLITE_ROW)
		return (0);
	if (rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, "cannot read event");
		return (-1);
	}
	reg->err = REGISTRY_EDATA;
	*cause = xasprintf("no event '%s'", id);
	return (-1);
}

/* Run write statement which with binds; *n rows changed. */
static int
part_write(struct registry *reg, int which, const char *const *binds,
    int nbinds, int *n, const char *what, char **cause)
{
	sqlite3_stmt	*st;
	int		 rv;

	if ((st = part_stmt(reg, which, binds, nbinds, cause)) == NULL)
		return (-1);
	rv = reg_done(reg, st, cause, what);
	part_release(reg, which, st);
	if (rv == 0)
		*n = sqlite3_changes(reg->db);
	return (rv);
}

/* Run a write statement with ?1, ?2... bound to binds, prepared once. */
static int
part_exec(struct registry *reg, const char *sql, const char *const *binds,
    int nbinds, const char *what, char **cause)
{
	sqlite3_stmt	*st;
	int		 i, rv;

	if ((st = reg_prepare_one(reg, sql, cause)) == NULL)
		return (-1);
	for (i = 0; i < nbinds; i++)
		reg_bind(st, i + 1, binds[i], 0);
	rv = reg_done(reg, st, cause, what);
	sqlite3_finalize(st);
	return (rv);
}

/*
 * In a read snapshot, call row(st, arg) for each row of statement which
 * for event id; as reg_each.
 */
static int
part_each(struct registry *reg, int which, const char *id,
    int (*row)(sqlite3_stmt *, void *), void *arg, const char *what,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, rv = -1;

	if (reg_read_begin(reg, cause) == -1)
		return (-1);
	if ((st = part_stmt(reg, which, &id, 1, cause)) == NULL) {
		reg_read_end(reg);
		return (-1);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (row(st, arg) == -1) {
			if (cause != NULL)
				*cause = NULL;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		reg_fail(reg, rc, cause, what);
		goto out;
	}
	rv = 0;
out:
	part_release(reg, which, st);
	reg_read_end(reg);
	return (rv);
}

int
registry_participant_add(struct registry *reg, const char *id,
    const char *user, const char *source, int *added, char **cause)
{
	const char	*binds[4] = { id, user, source, reg->now };
	int		 n = 0;

	if (added != NULL)
		*added = 0;
	if (part_event(reg, id, cause) == -1 ||
	    part_write(reg, PST_ADD, binds, 4, &n, "cannot add participant",
	    cause) == -1)
		return (-1);
	if (n == 0)
		return (0);
	if (reg_history_add(reg, id, source, PARTICIPANT_FIELD, NULL, user,
	    cause) == -1)
		return (-1);
	if (added != NULL)
		*added = 1;
	return (0);
}

int
registry_participant_rm(struct registry *reg, const char *id,
    const char *user, const char *source, int *removed, char **cause)
{
	const char	*binds[2] = { id, user };
	int		 n = 0;

	if (removed != NULL)
		*removed = 0;
	if (part_event(reg, id, cause) == -1 ||
	    part_write(reg, PST_RM, binds, 2, &n, "cannot remove participant",
	    cause) == -1)
		return (-1);
	if (n == 0)
		return (0);
	if (reg_history_add(reg, id, source, PARTICIPANT_FIELD, user, NULL,
	    cause) == -1)
		return (-1);
	if (removed != NULL)
		*removed = 1;
	return (0);
}

int
reg_participants_drop(struct registry *reg, const char *id,
    const char *source, char **cause)
{
	const char	*binds[3] = { id, reg->now, source };

	if (part_exec(reg, "INSERT INTO history (event_id, at, source,"
	    " field, old_value, new_value) SELECT event_id, ?2, ?3,"
	    " '" PARTICIPANT_FIELD "', user, NULL FROM participants WHERE"
	    " event_id = ?1 ORDER BY user", binds, 3,
	    "cannot record history", cause) == -1)
		return (-1);
	if (part_exec(reg, "DELETE FROM participants WHERE event_id = ?1",
	    binds, 1, "cannot delete event", cause) == -1)
		return (-1);
	if (part_exec(reg, "DELETE FROM stats_pages WHERE event_id = ?1",
	    binds, 1, "cannot delete event", cause) == -1)
		return (-1);
	return (part_exec(reg, "DELETE FROM event_articles WHERE"
	    " event_id = ?1", binds, 1, "cannot delete event", cause));
}

struct part_each {
	registry_participant_fn	 fn;
	registry_article_fn	 afn;
	void			*arg;
};

static int
part_row(sqlite3_stmt *st, void *arg)
{
	struct part_each	*e = arg;
	struct participant	 p;

	p.event_id = (const char *)sqlite3_column_text(st, 0);
	p.user = (const char *)sqlite3_column_text(st, 1);
	p.source = (const char *)sqlite3_column_text(st, 2);
	p.added = (const char *)sqlite3_column_text(st, 3);
	return (e->fn(&p, e->arg));
}

int
registry_participants(struct registry *reg, const char *id,
    registry_participant_fn fn, void *arg, char **cause)
{
	struct part_each	 e = { fn, NULL, arg };

	if (id == NULL)
		return (reg_each(reg, "SELECT event_id, user, source, added"
		    " FROM participants ORDER BY event_id, user", NULL, 0,
		    part_row, &e, "participants", cause));
	return (part_each(reg, PST_PARTICIPANTS, id, part_row, &e,
	    "cannot read participants", cause));
}

/* Articles */

static int
article_cmp(const void *a, const void *b)
{
	const struct event_article	*x = a, *y = b;

	return (strcmp(x->title, y->title));
}

/* Check v (sorted by title) before it is stored; -1 with EDATA. */
static int
article_check(struct registry *reg, const char *id,
    const struct event_article *v, size_t n, char **cause)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (v[i].title == NULL || *v[i].title == '\0')
			*cause = xasprintf("event '%s': an article has no "
			    "title", id);
		else if (i > 0 && strcmp(v[i - 1].title, v[i].title) == 0)
			*cause = xasprintf("event '%s': article '%s' is given "
			    "twice", id, v[i].title);
		else if (v[i].edits < 0 || v[i].bytes_added < 0)
			*cause = xasprintf("event '%s': article '%s': negative "
			    "figure", id, v[i].title);
		else
			continue;
		reg->err = REGISTRY_EDATA;
		return (-1);
	}
	return (0);
}

struct article_cmp_state {
	const struct event_article	*v;
	size_t				 n;
	size_t				 i;	/* rows read */
	int				 same;
};

/* A stored row against the next of v, both in title order. */
static int
article_same_row(sqlite3_stmt *st, void *arg)
{
	struct article_cmp_state	*s = arg;
	const struct event_article	*a;
	const char			*title;

	title = (const char *)sqlite3_column_text(st, 0);
	if (s->i >= s->n) {
		s->same = 0;
		return (-1);
	}
	a = &s->v[s->i++];
	if (strcmp(title, a->title) != 0 ||
	    sqlite3_column_int(st, 1) != (a->created != 0) ||
	    sqlite3_column_int64(st, 2) != a->edits ||
	    sqlite3_column_int64(st, 3) != a->bytes_added) {
		s->same = 0;
		return (-1);
	}
	return (0);
}

/* Insert v as the pages of (id, wiki). */
static int
article_insert(struct registry *reg, const char *id, const char *wiki,
    const struct event_article *v, size_t n, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rv = 0;

	if ((st = reg_prepare_one(reg, "INSERT INTO event_articles (event_id,"
	    " wiki, title, created, edits, bytes_added) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6)", cause)) == NULL)
		return (-1);
	for (i = 0; i < n && rv == 0; i++) {
		sqlite3_reset(st);
		reg_bind(st, 1, id, 0);
		reg_bind(st, 2, wiki, 0);
		reg_bind(st, 3, v[i].title, 0);
		sqlite3_bind_int(st, 4, v[i].created != 0);
		sqlite3_bind_int64(st, 5, v[i].edits);
		sqlite3_bind_int64(st, 6, v[i].bytes_added);
		rv = reg_done(reg, st, cause, "cannot store articles");
	}
	sqlite3_finalize(st);
	return (rv);
}

int
registry_articles_put(struct registry *reg, const char *id,
    const char *wiki, const struct event_article *v, size_t n, int *changed,
    char **cause)
{
	struct article_cmp_state	 s;
	struct event_article		*sorted = NULL;
	const char			*binds[2] = { id, wiki };
	int				 rv = -1;

	if (changed != NULL)
		*changed = 0;
	if (part_event(reg, id, cause) == -1)
		return (-1);
	if (n > 0) {
		sorted = xreallocarray(NULL, n, sizeof *sorted);
		memcpy(sorted, v, n * sizeof *sorted);
		qsort(sorted, n, sizeof *sorted, article_cmp);
	}
	if (article_check(reg, id, sorted, n, cause) == -1)
		goto out;

	s.v = sorted;
	s.n = n;
	s.i = 0;
	s.same = 1;
	if (reg_each(reg, "SELECT title, created, edits, bytes_added FROM"
	    " event_articles WHERE event_id = ?1 AND wiki = ?2 ORDER BY title",
	    binds, 2, article_same_row, &s, "articles", cause) == -1 &&
	    s.same)
		goto out;
	if (s.same && s.i == n) {
		rv = 0;
		goto out;
	}
	if (part_exec(reg, "DELETE FROM event_articles WHERE event_id = ?1"
	    " AND wiki = ?2", binds, 2, "cannot store articles",
	    cause) == -1 ||
	    article_insert(reg, id, wiki, sorted, n, cause) == -1)
		goto out;
	if (changed != NULL)
		*changed = 1;
	rv = 0;
out:
	free(sorted);
	return (rv);
}

static int
article_row(sqlite3_stmt *st, void *arg)
{
	struct part_each	*e = arg;
	struct event_article	 a;

	a.event_id = (const char *)sqlite3_column_text(st, 0);
	a.wiki = (const char *)sqlite3_column_text(st, 1);
	a.title = (const char *)sqlite3_column_text(st, 2);
	a.created = sqlite3_column_int(st, 3);
	a.edits = (long)sqlite3_column_int64(st, 4);
	a.bytes_added = (long)sqlite3_column_int64(st, 5);
	return (e->afn(&a, e->arg));
}

int
registry_articles(struct registry *reg, const char *id,
    registry_article_fn fn, void *arg, char **cause)
{
	struct part_each	 e = { NULL, fn, arg };

	if (id == NULL)
		return (reg_each(reg, "SELECT event_id, wiki, title, created,"
		    " edits, bytes_added FROM event_articles ORDER BY event_id,"
		    " wiki, created DESC, title", NULL, 0, article_row, &e,
		    "articles", cause));
	return (part_each(reg, PST_ARTICLES, id, article_row, &e,
	    "cannot read articles", cause));
}
