/*
 * wikisync event add|edit|show|list|rm|participants: the registry by hand.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd-event.h"
#include "conf.h"
#include "event.h"
#include "log.h"
#include "xmalloc.h"

static int	cmd_event_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_event_entry = {
	"event", "add|edit|show|list|rm|participants [arguments]",
	"add, change, show, list or remove events of the registry, and their "
	"participants",
	CMD_REGISTRY, cmd_event_exec
};

static const struct cmd_entry *const event_verbs[] = {
	&event_add_entry,
	&event_edit_entry,
	&event_show_entry,
	&event_list_entry,
	&event_rm_entry,
	&event_participants_entry,
	NULL
};

static const char *const event_verb_names[] = {
	"add", "edit", "show", "list", "rm", "participants", NULL
};

void
event_usage(FILE *f, const struct cmd_entry *verb, int with_help)
{
	fprintf(f, "usage: wikisync event %s%s%s\n", verb->name,
	    *verb->usage ? " " : "", verb->usage);
	if (with_help)
		fprintf(f, "%s\n", verb->help);
}

static void
cmd_event_usage(FILE *f)
{
	size_t	i;

	for (i = 0; event_verbs[i] != NULL; i++)
		fprintf(f, "%s wikisync event %s %s\n", i ? "      " : "usage:",
		    event_verbs[i]->name, event_verbs[i]->usage);
}

static int
cmd_event_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	size_t	i;

	if (argc < 2) {
		cmd_event_usage(stderr);
		return (EX_USAGE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cmd_event_usage(stdout);
		return (0);
	}
	for (i = 0; event_verbs[i] != NULL; i++)
		if (strcmp(event_verbs[i]->name, argv[1]) == 0)
			return (event_verbs[i]->exec(ctx, argc - 1, argv + 1));
	cmd_unknown("event command", argv[1], event_verb_names);
	return (EX_USAGE);
}

int
event_args_check(const struct config *cf, int argc, char **argv)
{
	char	*name, *eq, *msg;
	int	 a, rv = 0;

	for (a = 0; a < argc; a++) {
		if ((eq = strchr(argv[a], '=')) == NULL) {
			log_error("'%s': expected FIELD=VALUE", argv[a]);
			rv = EX_USAGE;
			continue;
		}
		name = xstrndup(argv[a], eq - argv[a]);
		if (strcmp(name, "id") == 0) {
			log_error("'%s': the id is given with --id, and cannot "
			    "be changed", argv[a]);
			rv = EX_USAGE;
		} else if (!conf_field_known(cf, name)) {
			msg = conf_unknown_field(cf, "field", name);
			log_error("%s", msg);
			free(msg);
			rv = EX_USAGE;
		}
		free(name);
	}
	return (rv);
}

int
event_args_apply(struct event *ev, int argc, char **argv, char **cause)
{
	char	*name, *eq;
	int	 a, rv;

	for (a = 0; a < argc; a++) {
		eq = strchr(argv[a], '=');
		name = xstrndup(argv[a], eq - argv[a]);
		rv = event_set(ev, name, eq + 1, cause);
		free(name);
		if (rv == -1)
			return (-1);
	}
	return (0);
}
