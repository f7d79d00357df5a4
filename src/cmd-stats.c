/*
 * wikisync stats: count each event's figures from its participants'
 * contributions on the wikis (stats.h), and report, event by event, what
 * was counted and what changed.
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
#include "stats.h"
#include "strv.h"
#include "text.h"
#include "xmalloc.h"

static int	cmd_stats_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_stats_entry = {
	"stats",
	"[--dry-run] [--event ID]...",
	"count each event's participants, articles created and improved, "
	    "edits and bytes added from the wikis",
	CMD_REGISTRY, cmd_stats_exec
};

static void
cmd_stats_usage(FILE *f)
{
	cmd_usage(f, cmd_stats_entry.name, cmd_stats_entry.usage,
	    cmd_stats_entry.help);
	fputs("  -n, --dry-run   read the wikis, write nothing to the registry\n"
	    "  -e, --event ID  only this event (repeatable)\n", f);
}

/* One event's line: its figures, and whether they changed. */
static void
cmd_stats_event(const struct stats_event *e, int dry)
{
	char	*copy;
	size_t	 k;

	if (e->error != NULL) {
		log_error("%s", e->error);
		return;
	}
	for (k = 0; k < e->notes.n; k++) {
		copy = xstrdup(e->notes.v[k]);
		text_printable(copy, "");
		log_warnx("event '%s': %s", e->id, copy);
		free(copy);
	}
	if (log_verbosity() <= LOG_QUIET)
		return;
	if (!e->counted) {
		printf("%s: no participants listed; its figures stay as they "
		    "are\n", e->id);
		return;
	}
	printf("%s: %ld participant%s, %ld created, %ld improved, %ld "
	    "edit%s, %ld byte%s added; %zu page%s (%s)\n", e->id,
	    e->fig[STATS_PARTICIPANTS], e->fig[STATS_PARTICIPANTS] == 1 ? "" :
	    "s", e->fig[STATS_CREATED], e->fig[STATS_IMPROVED],
	    e->fig[STATS_EDITS], e->fig[STATS_EDITS] == 1 ? "" : "s",
	    e->fig[STATS_BYTES], e->fig[STATS_BYTES] == 1 ? "" : "s",
	    e->pages, e->pages == 1 ? "" : "s",
	    !e->changed ? "unchanged" : dry ? "would change" : "changed");
}

static void
cmd_stats_print(const struct stats_result *res, int dry)
{
	size_t	i, counted = 0, changed = 0, idle = 0, failed = 0;

	for (i = 0; i < res->n; i++) {
		cmd_stats_event(&res->v[i], dry);
		if (res->v[i].error != NULL)
			failed++;
		else if (!res->v[i].counted)
			idle++;
		else {
			counted++;
			changed += res->v[i].changed != 0;
		}
	}
	if (log_verbosity() <= LOG_QUIET)
		return;
	printf("stats: %zu event%s, %zu counted, %zu %s", res->n,
	    res->n == 1 ? "" : "s", counted, changed, dry ? "would change" :
	    "changed");
	if (idle > 0)
		printf(", %zu without participants", idle);
	if (failed > 0)
		printf(", %zu failed", failed);
	if (res->joined + res->left > 0)
		printf("; participants from pages: %zu joined, %zu left",
		    res->joined, res->left);
	printf("; %zu participant%s asked, %zu revision%s read; %lu "
	    "request%s (login %lu, usercontribs %lu, users %lu, pages %lu)\n",
	    res->users, res->users == 1 ? "" : "s", res->contribs,
	    res->contribs == 1 ? "" : "s", res->requests[MW_REQ_COUNT],
	    res->requests[MW_REQ_COUNT] == 1 ? "" : "s",
	    res->requests[MW_REQ_LOGIN], res->contrib_reqs, res->user_reqs,
	    res->page_reqs);
}

/* Was every --event counted by some [stats] section? */
static int
cmd_stats_found(const struct stats_result *res, const struct strv *ids)
{
	size_t	i, k;
	int	ok = 1;

	for (i = 0; i < ids->n; i++) {
		for (k = 0; k < res->n; k++)
			if (strcmp(res->v[k].id, ids->v[i]) == 0)
				break;
		if (k == res->n) {
			log_error("event '%s' is not in the registry, or no "
			    "[stats] section selects it", ids->v[i]);
			ok = 0;
		}
	}
	return (ok);
}

static int
cmd_stats_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run",	no_argument,		NULL, 'n' },
		{ "event",	required_argument,	NULL, 'e' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct stats_opts	 o;
	struct stats_result	 res;
	struct strv		 ids = STRV_INITIALIZER;
	char			*cause = NULL;
	int			 c, status;

	memset(&o, 0, sizeof o);
	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, "+e:hn", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o.flags |= STATS_DRY_RUN;
			break;
		case 'e':
			strv_push(&ids, xstrdup(optarg));
			break;
		case 'h':
			cmd_stats_usage(stdout);
			strv_free(&ids);
			return (0);
		default:
			cmd_stats_usage(stderr);
			strv_free(&ids);
			return (EX_USAGE);
		}
	}
	if (optind != argc) {
		cmd_stats_usage(stderr);
		strv_free(&ids);
		return (EX_USAGE);
	}
	if (ctx->cf->nstats == 0) {
		log_error("%s has no [stats NAME] section: nothing to count",
		    ctx->cf->path);
		strv_free(&ids);
		return (EX_CONFIG);
	}
	o.events = (const char *const *)ids.v;
	o.nevents = ids.n;
	if (stats_run(ctx->cf, ctx->reg, &o, &res, &cause) != 0) {
		strv_free(&ids);
		return (cmd_registry_fail(ctx->reg, cause));
	}
	cmd_stats_print(&res, o.flags & STATS_DRY_RUN);
	status = stats_exit_status(&res);
	if (!cmd_stats_found(&res, &ids) && status == 0)
		status = EX_DATAERR;
	stats_result_free(&res);
	strv_free(&ids);
	return (status);
}
