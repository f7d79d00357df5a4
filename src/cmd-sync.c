/*
 * wikisync sync: one pass of the registry's tables into their wiki
 * pages (sync.h), and a report of what it did, page by page.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "strv.h"
#include "sync.h"
#include "text.h"
#include "xmalloc.h"

static int	cmd_sync_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_sync_entry = {
	"sync",
	"[--dry-run] [--diff] [--force] [--page TITLE]... "
	    "[--pull-only|--push-only]",
	"one pass: pull sign-ups from intake pages, render every table and "
	    "edit the pages that changed",
	CMD_REGISTRY, cmd_sync_exec
};

static void
cmd_sync_usage(FILE *f)
{
	cmd_usage(f, cmd_sync_entry.name, cmd_sync_entry.usage,
	    cmd_sync_entry.help);
	fputs("  -n, --dry-run   read the wiki, write nothing (wiki or registry)\n"
	    "  -d, --diff      print a unified diff of each page that changes\n"
	    "  -f, --force     save past max_shrink and hand-edited regions;\n"
	    "                  read intake pages even if unchanged\n"
	    "  -p, --page T    only page T: its tables, or its sign-ups\n"
	    "                  (repeatable)\n"
	    "      --pull-only intake pages into the registry only\n"
	    "      --push-only tables onto the wiki only\n", f);
}

/* Is every --page one that a table is on, or an intake page? */
static int
cmd_sync_pages_known(const struct config *cf, const struct strv *pages)
{
	size_t	i, k, j;
	int	ok = 1;

	for (i = 0; i < pages->n; i++) {
		for (k = 0; k < cf->ntables; k++) {
			if (sync_same_title(cf->tables[k].page, pages->v[i]))
				break;
		}
		for (j = 0; j < cf->nintakes; j++) {
			if (sync_same_title(cf->intakes[j].page, pages->v[i]))
				break;
		}
		if (k == cf->ntables && j == cf->nintakes) {
			log_error("no table or intake of %s is on page '%s'",
			    cf->path, pages->v[i]);
			ok = 0;
		}
	}
	return (ok);
}

/*
 * Notes and diffs quote wiki text (a moved page's new title, the page's
 * text): MediaWiki keeps C1 controls and DEL in both.  Print them with
 * every control character but newline and tab as '?'.
 */
static void
cmd_sync_note(const char *title, const char *note)
{
	char	*copy = xstrdup(note);

	text_printable(copy, "");
	printf("%s: note: %s\n", title, copy);
	free(copy);
}

static void
cmd_sync_diff(const char *diff)
{
	char	*copy = xstrdup(diff);

	text_printable(copy, "\n\t");
	fputs(copy, stdout);
	free(copy);
}

/* Edits of wikisync's whose record was cut off, found and taken as its own. */
static void
cmd_sync_recovered(const struct strv *v)
{
	size_t	i;

	for (i = 0; i < v->n && log_verbosity() > LOG_QUIET; i++)
		log_info("%s", v->v[i]);
}

/* Another pass holds the lock: say whose, once, then wait. */
static void
cmd_sync_waiting(const char *holder, void *arg)
{
	(void)arg;
	log_info("waiting for another pass to end (%s)", holder);
}

/* What one intake page gave, e.g. "30 sign-ups: 28 new, 2 invalid". */
static void
cmd_sync_print_pull(const struct sync_pull *p, int flags)
{
	size_t	k;

	cmd_sync_recovered(&p->recovered);
	if (p->status == SYNC_SKIPPED || p->status == SYNC_FAILED ||
	    p->status == SYNC_STOPPED)
		log_error("%s", p->error);
	for (k = 0; k < p->problems.n; k++)
		log_error("intake page '%s', %s", p->title, p->problems.v[k]);
	if (log_verbosity() > LOG_QUIET && p->status != SYNC_FAILED &&
	    p->status != SYNC_STOPPED) {
		if (!p->read)
			printf("%s: sign-ups unchanged (revision %lld)\n",
			    p->title, p->revid);
		else {
			printf("%s: %zu sign-up%s", p->title, p->calls,
			    p->calls == 1 ? "" : "s");
			if (!(flags & SYNC_DRY_RUN))
				printf(": %zu new, %zu changed", p->added,
				    p->updated);
			if (p->invalid > 0)
				printf(", %zu invalid", p->invalid);
			if (p->removed > 0)
				printf(", %zu removed", p->removed);
			if (p->lost > 0)
				printf(", %zu value%s kept (newer in the "
				    "registry)", p->lost, p->lost == 1 ? "" :
				    "s");
			printf("\n");
		}
		if (p->status == SYNC_EDITED)
			printf("%s: edited (revision %lld): %s\n", p->title,
			    p->revid, p->summary);
		else if (p->status == SYNC_WOULD_EDIT)
			printf("%s: would edit: %s\n", p->title, p->summary);
	}
	for (k = 0; k < p->notes.n && log_verbosity() > LOG_QUIET; k++)
		cmd_sync_note(p->title, p->notes.v[k]);
	if ((flags & SYNC_DIFF) && p->diff != NULL)
		cmd_sync_diff(p->diff);
}

/*
 * "2 intake pages, " on the summary line, with those that failed, were
 * skipped or stopped in brackets ("1 intake page (1 failed), "): the
 * counts after it are the table pages'.
 */
static void
cmd_sync_print_pulls_count(const struct sync_result *res)
{
	size_t		 i, k, counts[SYNC_STOPPED + 1];
	const char	*sep = " (";

	memset(counts, 0, sizeof counts);
	for (i = 0; i < res->npulls; i++)
		counts[res->pulls[i].status]++;
	printf("%zu intake page%s", res->npulls, res->npulls == 1 ? "" : "s");
	for (k = 0; k <= SYNC_STOPPED; k++) {
		if (counts[k] == 0 || (k != SYNC_SKIPPED && k != SYNC_FAILED &&
		    k != SYNC_STOPPED))
			continue;
		printf("%s%zu %s", sep, counts[k], sync_status_name(k));
		sep = ", ";
	}
	printf("%s, ", sep[0] == ',' ? ")" : "");
}

static void
cmd_sync_print(const struct sync_result *res, int flags)
{
	const struct sync_page	*p;
	size_t			 i, k, counts[SYNC_STOPPED + 1];

	memset(counts, 0, sizeof counts);
	for (i = 0; i < res->npulls; i++)
		cmd_sync_print_pull(&res->pulls[i], flags);
	for (i = 0; i < res->n; i++) {
		p = &res->v[i];
		counts[p->status]++;
		cmd_sync_recovered(&p->recovered);
		if (p->status == SYNC_SKIPPED || p->status == SYNC_FAILED ||
		    p->status == SYNC_STOPPED)
			log_error("%s", p->error);
		else if (log_verbosity() <= LOG_QUIET)
			;	/* -q: errors only */
		else if (p->status == SYNC_INSYNC)
			printf("%s: in sync (revision %lld)\n", p->title,
			    p->revid);
		else if (p->status == SYNC_WOULD_EDIT)
			printf("%s: would edit: %s\n", p->title, p->summary);
		else
			printf("%s: %s (revision %lld): %s\n", p->title,
			    sync_status_name(p->status), p->revid, p->summary);
		for (k = 0; k < p->notes.n && log_verbosity() > LOG_QUIET; k++)
			cmd_sync_note(p->title, p->notes.v[k]);
		for (k = 0; k < p->warnings.n; k++)
			log_warnx("page '%s': %s", p->title,
			    p->warnings.v[k]);
		if ((flags & SYNC_DIFF) && p->diff != NULL)
			cmd_sync_diff(p->diff);
	}
	if (log_verbosity() <= LOG_QUIET)
		return;
	printf("sync: ");
	if (res->npulls > 0)
		cmd_sync_print_pulls_count(res);
	printf("%zu page%s", res->n, res->n == 1 ? "" : "s");
	for (k = 0; k <= SYNC_STOPPED; k++) {
		if (counts[k] > 0)
			printf(", %zu %s", counts[k], sync_status_name(k));
	}
	printf("; %lu request%s (login %lu, token %lu, read %lu, edit %lu)\n",
	    res->requests[MW_REQ_COUNT],
	    res->requests[MW_REQ_COUNT] == 1 ? "" : "s",
	    res->requests[MW_REQ_LOGIN],
	    res->requests[MW_REQ_TOKEN], res->requests[MW_REQ_READ],
	    res->requests[MW_REQ_EDIT]);
}

static int
cmd_sync_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "diff",	no_argument,		NULL, 'd' },
		{ "dry-run",	no_argument,		NULL, 'n' },
		{ "force",	no_argument,		NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "page",	required_argument,	NULL, 'p' },
		{ "pull-only",	no_argument,		NULL, 'P' },
		{ "push-only",	no_argument,		NULL, 'U' },
		{ NULL,		0,			NULL, 0 }
	};
	struct sync_opts	 o;
	struct sync_result	 res;
	struct strv		 pages = STRV_INITIALIZER;
	char			*cause = NULL;
	int			 c, pull_only = 0, push_only = 0, status;

	memset(&o, 0, sizeof o);
	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, "+dfhnp:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.flags |= SYNC_DIFF;
			break;
		case 'f':
			o.flags |= SYNC_FORCE;
			break;
		case 'n':
			o.flags |= SYNC_DRY_RUN;
			break;
		case 'p':
			strv_push(&pages, xstrdup(optarg));
			break;
		case 'P':
			pull_only = 1;
			break;
		case 'U':
			push_only = 1;
			break;
		case 'h':
			cmd_sync_usage(stdout);
			strv_free(&pages);
			return (0);
		default:
			cmd_sync_usage(stderr);
			strv_free(&pages);
			return (EX_USAGE);
		}
	}
	if (optind != argc || (pull_only && push_only)) {
		if (pull_only && push_only)
			log_error("--pull-only and --push-only exclude each "
			    "other");
		cmd_sync_usage(stderr);
		strv_free(&pages);
		return (EX_USAGE);
	}
	if (!cmd_sync_pages_known(ctx->cf, &pages)) {
		strv_free(&pages);
		return (EX_USAGE);
	}
	if (pull_only)
		o.flags |= SYNC_PULL_ONLY;
	if (push_only)
		o.flags |= SYNC_PUSH_ONLY;
	o.pages = (const char *const *)pages.v;
	o.npages = pages.n;
	o.who = "wikisync sync";
	o.waiting = cmd_sync_waiting;
	if (sync_run(ctx->cf, ctx->reg, &o, &res, &cause) != 0) {
		strv_free(&pages);
		return (cmd_registry_fail(ctx->reg, cause));
	}
	cmd_sync_print(&res, o.flags);
	status = sync_exit_status(&res);
	sync_result_free(&res);
	strv_free(&pages);
	return (status);
}
