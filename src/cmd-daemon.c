/*
 * wikisync daemon: run as a service, in the foreground (daemon.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "daemon.h"

static int	cmd_daemon_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_daemon_entry = {
	"daemon", "",
	"run as a service in the foreground: sync on changes and every interval",
	CMD_REGISTRY, cmd_daemon_exec
};

static int
cmd_daemon_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			cmd_usage(stdout, cmd_daemon_entry.name,
			    cmd_daemon_entry.usage, cmd_daemon_entry.help);
			return (0);
		}
		cmd_usage(stderr, cmd_daemon_entry.name,
		    cmd_daemon_entry.usage, cmd_daemon_entry.help);
		return (EX_USAGE);
	}
	return (daemon_run(ctx));
}
