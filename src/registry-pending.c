/*
 * The registry's pending writes (registry.h, struct sync_pending): the
 * edits a pass is about to make, committed before each edit is sent and
 * cleared once its revision is recorded.  A pass reads them all in one
 * query; a few rows per region at most, as they are cleared as soon as a
 * pass settles the region.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "registry-int.h"
#include "xmalloc.h"

#define PENDING_COLUMNS \
	"seq, kind, wiki, region, title, base_revid, stored, rendered," \
	" rows, generated, events, made"

void
sync_pending_free(struct sync_pending *p)
{
	free(p->kind);
	free(p->wiki);
	free(p->region);
	free(p->title);
	free(p->stored);
	free(p->rendered);
	free(p->generated);
	free(p->events);
	free(p->made);
	memset(p, 0, sizeof *p);
}

void
sync_pendings_free(struct sync_pending *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		sync_pending_free(&v[i]);
	free(v);
}

int
registry_pending_add(struct registry *reg, struct sync_pending *p,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rv;

	if ((st = reg_prepare_one(reg, "INSERT INTO sync_pending (kind, wiki,"
	    " region, title, base_revid, stored, rendered, rows, generated,"
	    " events, made) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11)", cause)) == NULL)
		return (-1);
	free(p->made);
	p->made = xstrdup(reg->now);
	reg_bind(st, 1, p->kind, 0);
	reg_bind(st, 2, p->wiki, 0);
	reg_bind(st, 3, p->region, 0);
	reg_bind(st, 4, p->title != NULL ? p->title : "", 0);
	sqlite3_bind_int64(st, 5, p->base_revid);
	reg_bind(st, 6, p->stored != NULL ? p->stored : "", 0);
	reg_bind(st, 7, p->rendered != NULL ? p->rendered : "", 0);
	sqlite3_bind_int64(st, 8, p->rows);
	reg_bind(st, 9, p->generated != NULL ? p->generated : "", 0);
	reg_bind(st, 10, p->events != NULL ? p->events : "", 0);
	reg_bind(st, 11, p->made, 0);
	rv = reg_done(reg, st, cause, "cannot record a pending edit");
	sqlite3_finalize(st);
	if (rv == 0)
		p->seq = sqlite3_last_insert_rowid(reg->db);
	return (rv);
}

struct pending_list {
	struct sync_pending	*v;
	size_t			 n;
};

static int
pending_row(sqlite3_stmt *st, void *arg)
{
	struct pending_list	*l = arg;
	struct sync_pending	*p;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	p = &l->v[l->n++];
	p->seq = sqlite3_column_int64(st, 0);
	p->kind = reg_col(st, 1);
	p->wiki = reg_col(st, 2);
	p->region = reg_col(st, 3);
	p->title = reg_col(st, 4);
	p->base_revid = sqlite3_column_int64(st, 5);
	p->stored = reg_col(st, 6);
	p->rendered = reg_col(st, 7);
	p->rows = (long)sqlite3_column_int64(st, 8);
	p->generated = reg_col(st, 9);
	p->events = reg_col(st, 10);
	p->made = reg_col(st, 11);
	return (0);
}

int
registry_pending_list(struct registry *reg, const char *kind,
    struct sync_pending **v, size_t *n, char **cause)
{
	struct pending_list	 l = { NULL, 0 };
	const char		*binds[1] = { kind };

	if (reg_each(reg, "SELECT " PENDING_COLUMNS " FROM sync_pending"
	    " WHERE kind = ?1 ORDER BY seq", binds, 1, pending_row, &l,
	    "pending edits", cause) != 0) {
		sync_pendings_free(l.v, l.n);
		return (-1);
	}
	*v = l.v;
	*n = l.n;
	return (0);
}

int
registry_pending_clear(struct registry *reg, const char *kind,
    const char *wiki, const char *region, long long seq, const char *before,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rv;

	if ((st = reg_prepare_one(reg, "DELETE FROM sync_pending WHERE"
	    " kind = ?1 AND wiki = ?2 AND region = ?3 AND (seq = ?4 OR"
	    " made < ?5)", cause)) == NULL)
		return (-1);
	reg_bind(st, 1, kind, 0);
	reg_bind(st, 2, wiki, 0);
	reg_bind(st, 3, region, 0);
	sqlite3_bind_int64(st, 4, seq);
	/* "" is before every time: then only seq goes. */
	reg_bind(st, 5, before != NULL ? before : "", 0);
	rv = reg_done(reg, st, cause, "cannot clear pending edits");
	sqlite3_finalize(st);
	return (rv);
}
