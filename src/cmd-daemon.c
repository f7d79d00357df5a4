/*
 * wikisync daemon: run as a service, in the foreground (daemon.h).
 */
#include "config.h"

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
	int	status;

	if ((status = cmd_args(&cmd_daemon_entry, argc, argv, 0)) != -1)
		return (status);
	return (daemon_run(ctx));
}
