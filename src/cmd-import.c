/*
 * wikisync import: events, or with --participants events' participants,
 * from a CSV file, all or nothing.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "import.h"
#include "log.h"
#include "registry.h"
#include "strv.h"
#include "xmalloc.h"

static int	cmd_import_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_import_entry = {
	"import", "[--dry-run] [--lowercase-ids] [--participants] FILE",
	"import events from CSV (a header row of field names), or with "
	"--participants participants (columns event and user), in one "
	"transaction; --lowercase-ids folds the capitals of ids "
	"(WG23-Nairobi is imported as wg23-nairobi)",
	CMD_REGISTRY, cmd_import_exec
};

/* The outcome of a failed import: every error, and the exit status. */
static int
cmd_import_failed(struct cmd_ctx *ctx, const char *path, struct strv *errors)
{
	size_t	i;

	for (i = 0; i < errors->n; i++)
		log_error("%s", errors->v[i]);
	log_error("%s: nothing imported", path);
	if (registry_errcode(ctx->reg) == REGISTRY_OK ||
	    registry_errcode(ctx->reg) == REGISTRY_EDATA)
		return (EX_DATAERR);
	return (cmd_registry_status(ctx->reg));
}

static int
cmd_import_participants(struct cmd_ctx *ctx, const char *path,
    const char *source, int flags)
{
	struct participants_stats	 st;
	struct strv			 errors = STRV_INITIALIZER;
	int				 rv = 0;

	if (import_participants(ctx->reg, path, source, flags, &st,
	    &errors) == -1)
		rv = cmd_import_failed(ctx, path, &errors);
	else
		log_info("%s: participants: %ld added to %ld event%s, %ld "
		    "already listed%s", path, st.added, st.events,
		    st.events == 1 ? "" : "s", st.listed,
		    (flags & IMPORT_DRY_RUN) ? " (dry run, nothing written)" :
		    "");
	strv_free(&errors);
	return (rv);
}

static int
cmd_import_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run",	no_argument,	NULL, 'n' },
		{ "help",	no_argument,	NULL, 'h' },
		{ "lowercase-ids", no_argument,	NULL, 'l' },
		{ "participants", no_argument,	NULL, 'p' },
		{ NULL,		0,		NULL, 0 }
	};
	struct import_stats	 st;
	struct strv		 errors = STRV_INITIALIZER;
	char			*source, *base;
	int			 ch, flags = 0, people = 0, rv;

	while ((ch = getopt_long(argc, argv, "hn", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_usage(stdout, "import", cmd_import_entry.usage,
			    cmd_import_entry.help);
			return (0);
		case 'n':
			flags |= IMPORT_DRY_RUN;
			break;
		case 'l':
			flags |= IMPORT_LOWERCASE_IDS;
			break;
		case 'p':
			people = 1;
			break;
		default:
			cmd_usage(stderr, "import", cmd_import_entry.usage,
			    NULL);
			return (EX_USAGE);
		}
	}
	if (optind + 1 != argc) {
		cmd_usage(stderr, "import", cmd_import_entry.usage, NULL);
		return (EX_USAGE);
	}
	base = strrchr(argv[optind], '/');
	source = xasprintf("import:%s", base != NULL ? base + 1 :
	    argv[optind]);
	if (people) {
		rv = cmd_import_participants(ctx, argv[optind], source,
		    flags);
		free(source);
		return (rv);
	}
	rv = import_csv(ctx->reg, ctx->cf, argv[optind], source, flags, &st,
	    &errors);
	free(source);
	if (rv == -1) {
		rv = cmd_import_failed(ctx, argv[optind], &errors);
		strv_free(&errors);
		return (rv);
	}
	strv_free(&errors);
	log_info("%s: %ld row%s%s: %ld added, %ld changed, %ld unchanged",
	    argv[optind], st.rows, st.rows == 1 ? "" : "s",
	    (flags & IMPORT_DRY_RUN) ? " checked (dry run, nothing written)" :
	    "",
	    st.added, st.changed, st.unchanged);
	return (0);
}
