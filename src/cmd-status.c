/*
 * wikisync status: the sync state per table, from the registry (no
 * wiki): its page, the last revision wikisync saw in sync and the last
 * it wrote, when, and the last pass's error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "registry.h"
#include "strv.h"
#include "text.h"
#include "xmalloc.h"

static int	cmd_status_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_status_entry = {
	"status", "",
	"per table: its page, last revision written, last sync, last error",
	CMD_REGISTRY, cmd_status_exec
};

#define STATUS_COLUMNS	6
#define STATUS_WIDTH	40	/* columns a page title may take */

struct status_rows {
	const struct config	*cf;
	struct strv		 cells;		/* STATUS_COLUMNS per row */
	struct strv		 seen;		/* "wiki\ttable" with a state */
};

static void
status_row(struct status_rows *sr, const char *table, const char *page,
    char *rev, const char *written, const char *checked, const char *state)
{
	strv_push(&sr->cells, xstrdup(table));
	strv_push(&sr->cells, text_truncate(page, STATUS_WIDTH));
	strv_push(&sr->cells, rev);
	strv_push(&sr->cells, xstrdup(*written != '\0' ? written : "-"));
	strv_push(&sr->cells, xstrdup(*checked != '\0' ? checked : "-"));
	strv_push(&sr->cells, xstrdup(state));
}

static int
status_one(const struct sync_state *st, void *arg)
{
	struct status_rows	*sr = arg;
	const struct conf_table	*t = conf_table(sr->cf, st->region);
	char			*state;

	strv_pushf(&sr->seen, "%s\t%s", st->wiki, st->region);
	if (*st->error != '\0')
		state = xasprintf("error since %s: %s", st->error_at,
		    st->error);
	else if (t == NULL || strcmp(t->wiki, st->wiki) != 0)
		state = xstrdup("not in the config any more");
	else
		state = xstrdup("in sync");
	status_row(sr, st->region, st->title, st->written_revid > 0 ?
	    xasprintf("%lld", st->written_revid) : xstrdup("-"), st->written,
	    st->checked, state);
	free(state);
	return (0);
}

static void
status_print(const struct strv *cells)
{
	static const char *const head[STATUS_COLUMNS] = {
		"TABLE", "PAGE", "WRITTEN REV", "LAST WRITE", "LAST SYNC",
		"STATE"
	};
	size_t	widths[STATUS_COLUMNS], i, k, w;

	for (k = 0; k < STATUS_COLUMNS; k++)
		widths[k] = text_width(head[k]);
	for (i = 0; i < cells->n; i++) {
		w = text_width(cells->v[i]);
		if (w > widths[i % STATUS_COLUMNS])
			widths[i % STATUS_COLUMNS] = w;
	}
	for (i = 0; i < cells->n + STATUS_COLUMNS; i++) {
		const char *s = i < STATUS_COLUMNS ? head[i] :
		    cells->v[i - STATUS_COLUMNS];

		k = i % STATUS_COLUMNS;
		fputs(s, stdout);
		if (k == STATUS_COLUMNS - 1) {
			putchar('\n');
			continue;
		}
		for (w = text_width(s); w < widths[k] + 2; w++)
			putchar(' ');
	}
}

static int
cmd_status_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct status_rows	 sr;
	const struct conf_table	*t;
	char			*cause = NULL, *key;
	size_t			 i;
	int			 status;

	if ((status = cmd_args(&cmd_status_entry, argc, argv, 0)) != -1)
		return (status);
	memset(&sr, 0, sizeof sr);
	sr.cf = ctx->cf;
	if (registry_sync_foreach(ctx->reg, status_one, &sr, &cause) != 0) {
		strv_free(&sr.cells);
		strv_free(&sr.seen);
		return (cmd_registry_fail(ctx->reg, cause));
	}
	for (i = 0; i < ctx->cf->ntables; i++) {
		t = &ctx->cf->tables[i];
		key = xasprintf("%s\t%s", t->wiki, t->name);
		if (!strv_contains(&sr.seen, key))
			status_row(&sr, t->name, t->page, xstrdup("-"), "", "",
			    "never synced");
		free(key);
	}
	status_print(&sr.cells);
	strv_free(&sr.cells);
	strv_free(&sr.seen);
	return (0);
}
