/*
 * wikisync event rm: remove events; their values stay in the history.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "cmd-event.h"
#include "log.h"
#include "registry.h"
#include "xmalloc.h"

static int	event_rm_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry event_rm_entry = {
	"rm", "ID ...",
	"remove events (all or none); their values stay in the history",
	CMD_REGISTRY, event_rm_exec
};

struct event_rm {
	int	  argc;
	char	**argv;
	char	 *source;
	int	  status;
};

static int
event_rm_write(struct registry *reg, void *arg, char **cause)
{
	struct event_rm	*er = arg;
	int		 i;

	for (i = 0; i < er->argc; i++) {
		if (registry_delete(reg, er->argv[i], er->source, cause) == -1) {
			if (registry_errcode(reg) == REGISTRY_EDATA)
				er->status = EX_DATAERR;
			return (-1);
		}
	}
	return (0);
}

static int
event_rm_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL,		0,		NULL, 0 }
	};
	struct event_rm	 er;
	char		*cause = NULL;
	int		 ch, rv;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			event_usage(stdout, &event_rm_entry, 1);
			return (0);
		default:
			event_usage(stderr, &event_rm_entry, 0);
			return (EX_USAGE);
		}
	}
	if (optind == argc) {
		event_usage(stderr, &event_rm_entry, 0);
		return (EX_USAGE);
	}
	er.argc = argc - optind;
	er.argv = argv + optind;
	er.source = cmd_source("cli");
	er.status = 0;
	rv = registry_write(ctx->reg, event_rm_write, &er, &cause);
	free(er.source);
	if (rv == -1) {
		log_error("%s", cause);
		free(cause);
		return (er.status != 0 ? er.status :
		    cmd_registry_status(ctx->reg));
	}
	log_info("removed %d event%s", er.argc, er.argc == 1 ? "" : "s");
	return (0);
}
