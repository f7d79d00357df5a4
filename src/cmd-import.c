/*
 * wikisync import: events from a CSV file, all or nothing.
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
	"import", "[--dry-run] FILE",
	"import events from CSV (a header row of field names), in one "
	"transaction",
	CMD_REGISTRY, cmd_import_exec
};

static int
cmd_import_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run",	no_argument,	NULL, 'n' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL,		0,		NULL, 0 }
	};
	struct import_stats	 st;
	struct strv		 errors = STRV_INITIALIZER;
	char			*source, *base;
	size_t			 i;
	int			 ch, dry_run = 0, rv;

	while ((ch = getopt_long(argc, argv, "hn", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_usage(stdout, "import", cmd_import_entry.usage,
			    cmd_import_entry.help);
			return (0);
		case 'n':
			dry_run = 1;
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
	rv = import_csv(ctx->reg, ctx->cf, argv[optind], source, dry_run, &st,
	    &errors);
	free(source);
	for (i = 0; i < errors.n; i++)
		log_error("%s", errors.v[i]);
	strv_free(&errors);
	if (rv == -1) {
		log_error("%s: nothing imported", argv[optind]);
		if (registry_errcode(ctx->reg) == REGISTRY_OK ||
		    registry_errcode(ctx->reg) == REGISTRY_EDATA)
			return (EX_DATAERR);
		return (cmd_registry_status(ctx->reg));
	}
	log_info("%s: %ld row%s%s: %ld added, %ld changed, %ld unchanged",
	    argv[optind], st.rows, st.rows == 1 ? "" : "s",
	    dry_run ? " checked (dry run, nothing written)" : "",
	    st.added, st.changed, st.unchanged);
	return (0);
}
