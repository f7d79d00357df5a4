/*
 * wikisync backup: copy the registry to a file with SQLite's online
 * backup, safe while the daemon runs.  Restoring is a copy back with the
 * service stopped (wikisync(1)).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "cmd.h"
#include "log.h"
#include "registry.h"

static int	cmd_backup_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_backup_entry = {
	"backup", "[--force] FILE",
	"copy the registry to FILE, safely while the daemon runs",
	CMD_REGISTRY, cmd_backup_exec
};

static int
cmd_backup_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force",	no_argument,	NULL, 'f' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL,		0,		NULL, 0 }
	};
	long long	 events, bytes;
	char		*cause = NULL;
	int		 ch, flags = 0;

	while ((ch = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			flags |= REGISTRY_BACKUP_FORCE;
			break;
		case 'h':
			cmd_usage(stdout, "backup", cmd_backup_entry.usage,
			    cmd_backup_entry.help);
			return (0);
		default:
			cmd_usage(stderr, "backup", cmd_backup_entry.usage,
			    NULL);
			return (EX_USAGE);
		}
	}
	if (argc - optind != 1 || *argv[optind] == '\0') {
		cmd_usage(stderr, "backup", cmd_backup_entry.usage, NULL);
		return (EX_USAGE);
	}
	if (registry_backup(ctx->reg, argv[optind], flags, &events, &bytes,
	    &cause) == -1)
		return (cmd_registry_fail(ctx->reg, cause));
	if (log_verbosity() > LOG_QUIET)
		printf("backup: %lld event%s, %lld bytes written to %s\n",
		    events, events == 1 ? "" : "s", bytes, argv[optind]);
	return (0);
}
