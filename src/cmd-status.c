/*
 * wikisync status: the sync state per table, from the registry (no
 * wiki): its wiki and page, the last revision wikisync saw in sync and
 * the last it wrote, when, and the last pass's error; then per intake
 * the last pull: revision read, sign-ups, what became of removed ones,
 * and each invalid sign-up.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "registry.h"
#include "strv.h"
#include "sync.h"
#include "text.h"
#include "xmalloc.h"

static int	cmd_status_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_status_entry = {
	"status", "[--history PAGE [ENTRY]]",
	"per table and intake: its wiki and page, last revision, last sync, "
	    "why the last pass skipped or failed it, invalid sign-ups",
	CMD_REGISTRY, cmd_status_exec
};

#define STATUS_COLUMNS	7
#define STATUS_WIDTH	40	/* columns a page title may take */

struct status_rows {
	const struct config	*cf;
	struct strv		 cells;		/* STATUS_COLUMNS per row */
	struct strv		 seen;		/* "wiki\ttable" with a state */
	struct strv		 problems;	/* intakes': lines */
};

/*
 * A copy of s fit for one line of the terminal: a page title or an
 * error may hold the wiki's text (a moved page's new title, an API
 * error's message), C1 controls and line breaks among it.
 */
static char *
status_text(const char *s, const char *keep)
{
	char	*copy = xstrdup(s);

	text_printable(copy, keep);
	return (copy);
}

/*
 * "skipped since WHEN: why" or "failed since WHEN: why": the words of
 * sync's summary line, from the outcome the state's error names.
 */
static char *
status_error(const char *error, const char *at)
{
	const char	*outcome, *text;

	outcome = sync_state_outcome(error, &text);
	return (xasprintf("%s since %s: %s", outcome, at, text));
}

/*
 * One row: a table's or intake's name, its wiki, its page, ...  The wiki
 * as the config names it ("wiki" for the plain [wiki], as in wikis =):
 * with several wikis, the same page title may be on each.
 */
static void
status_row(struct status_rows *sr, const char *table, const char *wiki,
    const char *page, char *rev, const char *written, const char *checked,
    const char *state)
{
	char	*p = status_text(page, "");

	strv_push(&sr->cells, status_text(table, ""));
	strv_push(&sr->cells, status_text(*wiki != '\0' ? wiki : "wiki", ""));
	strv_push(&sr->cells, text_truncate(p, STATUS_WIDTH));
	strv_push(&sr->cells, rev);
	strv_push(&sr->cells, status_text(*written != '\0' ? written : "-",
	    ""));
	strv_push(&sr->cells, status_text(*checked != '\0' ? checked : "-",
	    ""));
	strv_push(&sr->cells, status_text(state, ""));
	free(p);
}

static int
status_one(const struct sync_state *st, void *arg)
{
	struct status_rows	*sr = arg;
	const struct conf_table	*t = conf_table(sr->cf, st->region);
	char			*state;

	strv_pushf(&sr->seen, "%s\t%s", st->wiki, st->region);
	if (*st->error != '\0')
		state = status_error(st->error, st->error_at);
	else if (t == NULL || strcmp(t->wiki, st->wiki) != 0)
		state = xstrdup("not in the config any more");
	else if (*st->recovered != '\0')
		state = xasprintf("in sync; recovered an unrecorded edit (%s)",
		    st->recovered);
	else
		state = xstrdup("in sync");
	status_row(sr, st->region, st->wiki, st->title, st->written_revid > 0 ?
	    xasprintf("%lld", st->written_revid) : xstrdup("-"), st->written,
	    st->checked, state);
	free(state);
	return (0);
}

void
cmd_status_columns(const struct strv *cells, const char *const *head,
    size_t ncols)
{
	size_t	*widths, i, k, w;

	widths = xcalloc(ncols, sizeof *widths);
	for (k = 0; k < ncols; k++)
		widths[k] = text_width(head[k]);
	for (i = 0; i < cells->n; i++) {
		w = text_width(cells->v[i]);
		if (w > widths[i % ncols])
			widths[i % ncols] = w;
	}
	for (i = 0; i < cells->n + ncols; i++) {
		const char *s = i < ncols ? head[i] : cells->v[i - ncols];

		k = i % ncols;
		fputs(s, stdout);
		if (k == ncols - 1) {
			putchar('\n');
			continue;
		}
		for (w = text_width(s); w < widths[k] + 2; w++)
			putchar(' ');
	}
	free(widths);
}

/* One intake's row, and its problems (printed after the table). */
static int
status_intake(const struct intake_state *st, void *arg)
{
	struct status_rows		*sr = arg;
	const struct conf_intake	*in = NULL;
	const char			*removed;
	char				*state, *calls;
	size_t				 i;

	for (i = 0; i < sr->cf->nintakes; i++)
		if (strcmp(sr->cf->intakes[i].name, st->intake) == 0 &&
		    strcmp(sr->cf->intakes[i].wiki, st->wiki) == 0)
			in = &sr->cf->intakes[i];
	strv_pushf(&sr->seen, "%s\t%s", st->wiki, st->intake);
	removed = in != NULL && in->on_removed == REMOVED_CANCEL ?
	    "cancelled" : "kept";
	if (*st->error != '\0')
		state = status_error(st->error, st->error_at);
	else if (in == NULL)
		state = xstrdup("not in the config any more");
	else if (st->invalid > 0)
		state = xasprintf("%ld invalid (below)", st->invalid);
	else
		state = xstrdup("all taken");
	if (*st->recovered != '\0' && *st->error == '\0' && in != NULL) {
		calls = state;
		state = xasprintf("%s; recovered an unrecorded edit (%s)",
		    calls, st->recovered);
		free(calls);
	}
	if (st->removed > 0 && in != NULL) {
		calls = state;
		state = xasprintf("%s; %ld removed from the page, their "
		    "events %s (on_removed = %s)", calls, st->removed,
		    removed, in->on_removed == REMOVED_CANCEL ? "cancel" :
		    "keep");
		free(calls);
	}
	calls = xasprintf("%ld", st->calls);
	status_row(sr, st->intake, st->wiki, st->title, st->revid > 0 ?
	    xasprintf("%lld", st->revid) : xstrdup("-"), st->pulled, calls,
	    state);
	free(calls);
	free(state);
	if (*st->problems != '\0')
		strv_push(&sr->problems, status_text(st->problems, "\n"));
	return (0);
}

/* The intakes' table, after the tables'; 0, or -1 with *cause. */
static int
status_intakes(struct cmd_ctx *ctx, int after, char **cause)
{
	static const char *const head[STATUS_COLUMNS] = {
		"INTAKE", "WIKI", "PAGE", "READ REV", "LAST READ", "SIGN-UPS",
		"STATE"
	};
	const struct conf_intake	*in;
	struct status_rows		 sr;
	char				*key;
	const char			*p, *nl;
	size_t				 i;

	memset(&sr, 0, sizeof sr);
	sr.cf = ctx->cf;
	if (registry_intake_foreach(ctx->reg, status_intake, &sr, cause) !=
	    0)
		goto fail;
	for (i = 0; i < ctx->cf->nintakes; i++) {
		in = &ctx->cf->intakes[i];
		key = xasprintf("%s\t%s", in->wiki, in->name);
		if (!strv_contains(&sr.seen, key))
			status_row(&sr, in->name, in->wiki, in->page,
			    xstrdup("-"), "", "-", "never read");
		free(key);
	}
	if (sr.cells.n > 0) {
		if (after)
			putchar('\n');
		cmd_status_columns(&sr.cells, head, STATUS_COLUMNS);
	}
	for (i = 0; i < sr.problems.n; i++) {
		for (p = sr.problems.v[i]; *p != '\0'; p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL)
				nl = p + strlen(p) - 1;
			printf("  %.*s\n", (int)(nl - p + (*nl != '\n')), p);
		}
	}
	strv_free(&sr.cells);
	strv_free(&sr.seen);
	strv_free(&sr.problems);
	return (0);
fail:
	strv_free(&sr.cells);
	strv_free(&sr.seen);
	strv_free(&sr.problems);
	return (-1);
}

static void
cmd_status_usage(FILE *f)
{
	cmd_usage(f, cmd_status_entry.name, cmd_status_entry.usage,
	    cmd_status_entry.help);
	fputs("  --history PAGE  the region texts saved for PAGE (or a table):"
	    " a hand\n"
	    "                  edit overwritten, a region adopted; with ENTRY,"
	    " that\n"
	    "                  text, whole\n", f);
}

/*
 * Options: --history PAGE [ENTRY] (*page, *entry), --help.  -1 to go
 * on, else the exit status.  --history is a flag and PAGE an argument,
 * as in "event show --history ID": main.c then need not know it takes
 * a value, which event show's --history does not.
 */
static int
cmd_status_options(int argc, char **argv, const char **page,
    const char **entry)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,		NULL, 'h' },
		{ "history",	no_argument,		NULL, 'H' },
		{ NULL,		0,			NULL, 0 }
	};
	int	c, history = 0;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			history = 1;
			break;
		case 'h':
			cmd_status_usage(stdout);
			return (0);
		default:
			cmd_status_usage(stderr);
			return (EX_USAGE);
		}
	}
	if (history && optind < argc)
		*page = argv[optind++];
	if (*page != NULL && optind + 1 == argc)
		*entry = argv[optind++];
	if (optind != argc || (history && *page == NULL)) {
		cmd_status_usage(stderr);
		return (EX_USAGE);
	}
	return (-1);
}

static int
cmd_status_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const head[STATUS_COLUMNS] = {
		"TABLE", "WIKI", "PAGE", "WRITTEN REV", "LAST WRITE",
		"LAST SYNC", "STATE"
	};
	struct status_rows	 sr;
	const struct conf_table	*t;
	const char		*page = NULL, *entry = NULL;
	char			*cause = NULL, *key;
	size_t			 i;
	int			 status, tables;

	if ((status = cmd_status_options(argc, argv, &page, &entry)) != -1)
		return (status);
	if (page != NULL)
		return (cmd_status_history(ctx, page, entry));
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
			status_row(&sr, t->name, t->wiki, t->page,
			    xstrdup("-"), "", "", "never synced");
		free(key);
	}
	tables = sr.cells.n > 0 || ctx->cf->nintakes == 0;
	if (tables)
		cmd_status_columns(&sr.cells, head, STATUS_COLUMNS);
	strv_free(&sr.cells);
	strv_free(&sr.seen);
	if (status_intakes(ctx, tables, &cause) != 0)
		return (cmd_registry_fail(ctx->reg, cause));
	return (0);
}
