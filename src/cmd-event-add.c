/*
 * wikisync event add: register a new event.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd-event.h"
#include "conf.h"
#include "event.h"
#include "log.h"
#include "registry.h"
#include "xmalloc.h"

static int	event_add_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry event_add_entry = {
	"add", "[--id ID] FIELD=VALUE ...",
	"add an event; without --id, one is made from campaign, place and "
	"date, and printed",
	CMD_REGISTRY, event_add_exec
};

struct event_add {
	struct event	 ev;
	int		 generated;	/* the id was made, not given */
	char		*source;
	int		 status;	/* exit status of a refusal */
};

/* Inside the write transaction: insert unless the id is taken. */
static int
event_add_write(struct registry *reg, void *arg, char **cause)
{
	struct event_add	*ea = arg;
	struct event		 old;
	char			*base, *id;
	int			 found, n;

	event_init(&old);
	base = xstrdup(ea->ev.v[F_ID]);
	for (n = 2;; n++) {
		if ((found = registry_get(reg, ea->ev.v[F_ID], &old,
		    cause)) == -1)
			break;
		if (!found || !ea->generated)
			break;
		/* A made-up id that is taken gets a number. */
		id = xasprintf("%s-%d", base, n);
		found = event_set(&ea->ev, "id", id, cause);
		free(id);
		if (found == -1)
			break;
	}
	free(base);
	event_free(&old);
	if (found == 1) {
		ea->status = EX_DATAERR;
		*cause = xasprintf("event '%s' exists already; change it with "
		    "'wikisync event edit %s'", ea->ev.v[F_ID], ea->ev.v[F_ID]);
		return (-1);
	}
	if (found == -1)
		return (-1);
	return (registry_put(reg, &ea->ev, ea->source, NULL, cause));
}

static int
event_add_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,		NULL, 'h' },
		{ "id",		required_argument,	NULL, 'i' },
		{ NULL,		0,			NULL, 0 }
	};
	struct event_add	 ea;
	const char		*id = NULL;
	char			*cause = NULL, *made;
	int			 ch, rv;

	while ((ch = getopt_long(argc, argv, "hi:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			event_usage(stdout, &event_add_entry, 1);
			return (0);
		case 'i':
			id = optarg;
			break;
		default:
			event_usage(stderr, &event_add_entry, 0);
			return (EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		event_usage(stderr, &event_add_entry, 0);
		return (EX_USAGE);
	}
	if ((rv = event_args_check(ctx->cf, argc, argv)) != 0)
		return (rv);

	memset(&ea, 0, sizeof ea);
	event_init(&ea.ev);
	rv = EX_DATAERR;
	if (event_args_apply(&ea.ev, argc, argv, &cause) == -1)
		goto fail;
	if (id == NULL) {
		made = event_make_id(&ea.ev);
		ea.generated = 1;
		rv = event_set(&ea.ev, "id", made, &cause);
		free(made);
	} else
		rv = event_set(&ea.ev, "id", id, &cause);
	if (rv == -1) {
		rv = EX_DATAERR;
		goto fail;
	}
	event_defaults(&ea.ev);
	if (event_validate(&ea.ev, &cause) == -1) {
		rv = EX_DATAERR;
		goto fail;
	}
	ea.source = cmd_source("cli");
	if (registry_write(ctx->reg, event_add_write, &ea, &cause) == -1) {
		rv = ea.status != 0 ? ea.status :
		    cmd_registry_status(ctx->reg);
		goto fail;
	}
	printf("%s\n", ea.ev.v[F_ID]);
	free(ea.source);
	event_free(&ea.ev);
	return (0);
fail:
	if (cause != NULL) {
		if (*ea.ev.v[F_ID] != '\0')
			log_error("event '%s': %s", ea.ev.v[F_ID], cause);
		else
			log_error("%s", cause);
	}
	free(cause);
	free(ea.source);
	event_free(&ea.ev);
	return (rv);
}
