/*
 * The registry's record of the events' own pages (schema 7): per event,
 * the page its participants were last read from and at which revision,
 * so that a page is read again only when it changed (stats-pages.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "registry-int.h"
#include "xmalloc.h"

int
registry_stats_page_get(struct registry *reg, const char *id, char **wiki,
    char **title, long long *revid, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, rv = -1;

	*wiki = *title = NULL;
	*revid = 0;
	if ((st = reg_prepare_one(reg, "SELECT wiki, title, revid FROM"
	    " stats_pages WHERE event_id = ?1", cause)) == NULL)
		return (-1);
	reg_bind(st, 1, id, 0);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*wiki = reg_col(st, 0);
		*title = reg_col(st, 1);
		*revid = sqlite3_column_int64(st, 2);
		rv = 1;
	} else if (rc == SQLITE_DONE)
		rv = 0;
	else
		reg_fail(reg, rc, cause, "cannot read an event page's record");
	sqlite3_finalize(st);
	return (rv);
}

int
registry_stats_page_put(struct registry *reg, const char *id,
    const char *wiki, const char *title, long long revid, char **cause)
{
	sqlite3_stmt	*st;
	int		 rv;

	if ((st = reg_prepare_one(reg, "INSERT OR REPLACE INTO stats_pages"
	    " (event_id, wiki, title, revid, read) VALUES (?1, ?2, ?3, ?4,"
	    " ?5)", cause)) == NULL)
		return (-1);
	reg_bind(st, 1, id, 0);
	reg_bind(st, 2, wiki, 0);
	reg_bind(st, 3, title, 0);
	sqlite3_bind_int64(st, 4, revid);
	reg_bind(st, 5, reg->now, 0);
	rv = reg_done(reg, st, cause, "cannot record an event page");
	sqlite3_finalize(st);
	return (rv);
}
