/*
 * wikisync event edit: change fields of an event.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd-event.h"
#include "event.h"
#include "log.h"
#include "registry.h"
#include "xmalloc.h"

static int	event_edit_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry event_edit_entry = {
	"edit", "ID FIELD=VALUE ...",
	"change fields of an event; FIELD= clears an optional field",
	CMD_REGISTRY, event_edit_exec
};

struct event_edit {
	const char	 *id;
	int		  argc;
	char		**argv;
	char		 *source;
	int		  changed;
	int		  status;
};

/* Inside the write transaction: read, change, check, write. */
static int
event_edit_write(struct registry *reg, void *arg, char **cause)
{
	struct event_edit	*ee = arg;
	struct event		 ev;
	int			 found, rv = -1;

	event_init(&ev);
	if ((found = registry_get(reg, ee->id, &ev, cause)) == -1)
		goto out;
	ee->status = EX_DATAERR;
	if (found == 0) {
		*cause = xstrdup("no such event");
		goto out;
	}
	if (event_args_apply(&ev, ee->argc, ee->argv, cause) == -1 ||
	    event_validate(&ev, cause) == -1)
		goto out;
	ee->status = 0;
	rv = registry_put(reg, &ev, ee->source, &ee->changed, cause);
out:
	event_free(&ev);
	return (rv);
}

static int
event_edit_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL,		0,		NULL, 0 }
	};
	struct event_edit	 ee;
	char			*cause = NULL;
	int			 ch, rv;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			event_usage(stdout, &event_edit_entry, 1);
			return (0);
		default:
			event_usage(stderr, &event_edit_entry, 0);
			return (EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2) {
		event_usage(stderr, &event_edit_entry, 0);
		return (EX_USAGE);
	}
	if ((rv = event_args_check(ctx->cf, argc - 1, argv + 1)) != 0)
		return (rv);
	memset(&ee, 0, sizeof ee);
	ee.id = argv[0];
	ee.argc = argc - 1;
	ee.argv = argv + 1;
	ee.source = cmd_source("cli");
	if (registry_write(ctx->reg, event_edit_write, &ee, &cause) == -1) {
		rv = ee.status != 0 ? ee.status :
		    cmd_registry_status(ctx->reg);
		if (ee.status != 0)
			log_error("event '%s': %s", ee.id, cause);
		else
			log_error("%s", cause);
		free(cause);
		free(ee.source);
		return (rv);
	}
	log_info("event '%s': %d field%s changed", ee.id, ee.changed,
	    ee.changed == 1 ? "" : "s");
	free(ee.source);
	return (0);
}
