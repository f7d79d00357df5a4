/*
 * wikisync event participants add|rm|list: an event's participants, the
 * user names whose contributions its statistics count.  A small verb
 * table of its own, as "event" has.
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
#include "strv.h"
#include "text.h"
#include "username.h"
#include "xmalloc.h"

static int	participants_exec(struct cmd_ctx *, int, char **);
static int	participants_add_exec(struct cmd_ctx *, int, char **);
static int	participants_rm_exec(struct cmd_ctx *, int, char **);
static int	participants_list_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry event_participants_entry = {
	"participants", "add|rm|list ID [USER ...]",
	"add, remove or list an event's participants (user names on its "
	"wikis)",
	CMD_REGISTRY, participants_exec
};

static const struct cmd_entry participants_add_entry = {
	"add", "ID USER ...",
	"add user names to an event's participants, all or none",
	CMD_REGISTRY, participants_add_exec
};

static const struct cmd_entry participants_rm_entry = {
	"rm", "ID USER ...",
	"remove user names from an event's participants, all or none",
	CMD_REGISTRY, participants_rm_exec
};

static const struct cmd_entry participants_list_entry = {
	"list", "[--long] ID",
	"print an event's participants, a user name a line; --long adds when "
	"and by what each was added",
	CMD_REGISTRY, participants_list_exec
};

static const struct cmd_entry *const participants_verbs[] = {
	&participants_add_entry,
	&participants_rm_entry,
	&participants_list_entry,
	NULL
};

static const char *const participants_verb_names[] = {
	"add", "rm", "list", NULL
};

static void
participants_usage(FILE *f, const struct cmd_entry *verb, int with_help)
{
	size_t	i;

	if (verb != NULL) {
		fprintf(f, "usage: wikisync event participants %s %s\n",
		    verb->name, verb->usage);
		if (with_help)
			fprintf(f, "%s\n", verb->help);
		return;
	}
	for (i = 0; participants_verbs[i] != NULL; i++)
		fprintf(f, "%s wikisync event participants %s %s\n",
		    i ? "      " : "usage:", participants_verbs[i]->name,
		    participants_verbs[i]->usage);
}

static int
participants_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	size_t	i;

	if (argc < 2) {
		participants_usage(stderr, NULL, 0);
		return (EX_USAGE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		participants_usage(stdout, NULL, 0);
		return (0);
	}
	for (i = 0; participants_verbs[i] != NULL; i++) {
		if (strcmp(participants_verbs[i]->name, argv[1]) == 0) {
			cmd_getopt_reset();
			return (participants_verbs[i]->exec(ctx, argc - 1,
			    argv + 1));
		}
	}
	cmd_unknown("participants command", argv[1], participants_verb_names);
	return (EX_USAGE);
}

/*
 * Parse the options of add and rm (--help only) and normalize the user
 * names, each once; -1 to go on, else the exit status to return, after
 * reporting every bad name.
 */
static int
participants_args(const struct cmd_entry *verb, int argc, char **argv,
    struct strv *users)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL,		0,		NULL, 0 }
	};
	char	*user, *cause;
	int	 ch, i, bad = 0;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			participants_usage(stdout, verb, 1);
			return (0);
		default:
			participants_usage(stderr, verb, 0);
			return (EX_USAGE);
		}
	}
	if (argc - optind < 2) {
		participants_usage(stderr, verb, 0);
		return (EX_USAGE);
	}
	for (i = optind + 1; i < argc; i++) {
		if ((user = username_normalize(argv[i], &cause)) == NULL) {
			log_error("%s", cause);
			free(cause);
			bad = 1;
		} else if (strv_contains(users, user))
			free(user);
		else
			strv_push(users, user);
	}
	if (bad) {
		log_error("event '%s': nothing changed", argv[optind]);
		return (EX_DATAERR);
	}
	return (-1);
}

struct participants_change {
	const char	*id;
	struct strv	*users;
	char		*source;
	int		 rm;
	int		 done;		/* added or removed */
	struct strv	 skipped;	/* listed already, or not listed */
	int		 status;	/* exit status of a refusal */
};

/* Inside the write transaction: add or remove every user, or none. */
static int
participants_write(struct registry *reg, void *arg, char **cause)
{
	struct participants_change	*pc = arg;
	size_t				 i;
	int				 done;

	/* The transaction may run again: start from scratch. */
	pc->done = 0;
	strv_free(&pc->skipped);
	for (i = 0; i < pc->users->n; i++) {
		if ((pc->rm ? registry_participant_rm(reg, pc->id,
		    pc->users->v[i], pc->source, &done, cause) :
		    registry_participant_add(reg, pc->id, pc->users->v[i],
		    pc->source, &done, cause)) == -1) {
			/* The only data error: the event is not there. */
			if (registry_errcode(reg) == REGISTRY_EDATA) {
				pc->status = EX_DATAERR;
				free(*cause);
				*cause = xasprintf("event '%s': no such event",
				    pc->id);
			}
			return (-1);
		}
		if (done)
			pc->done++;
		else
			strv_push(&pc->skipped, xstrdup(pc->users->v[i]));
	}
	if (pc->rm && pc->skipped.n > 0) {
		pc->status = EX_DATAERR;
		*cause = NULL;
		return (-1);
	}
	return (0);
}

/* add and rm: one transaction, every name or none. */
static int
participants_change(struct cmd_ctx *ctx, const struct cmd_entry *verb,
    int argc, char **argv)
{
	struct participants_change	 pc;
	struct strv			 users = STRV_INITIALIZER;
	char				*cause = NULL;
	size_t				 i;
	int				 rv;

	if ((rv = participants_args(verb, argc, argv, &users)) != -1) {
		strv_free(&users);
		return (rv);
	}
	memset(&pc, 0, sizeof pc);
	pc.id = argv[optind];
	pc.users = &users;
	pc.rm = (verb == &participants_rm_entry);
	pc.source = cmd_source("cli");
	rv = 0;
	if (registry_write(ctx->reg, participants_write, &pc, &cause) == -1) {
		for (i = 0; pc.rm && i < pc.skipped.n; i++)
			log_error("event '%s': '%s' is not a participant",
			    pc.id, pc.skipped.v[i]);
		if (cause != NULL)
			log_error("%s", cause);
		if (pc.status == EX_DATAERR)
			log_error("event '%s': nothing changed", pc.id);
		free(cause);
		rv = pc.status != 0 ? pc.status :
		    cmd_registry_status(ctx->reg);
	} else if (pc.rm)
		log_info("event '%s': %d participant%s removed", pc.id,
		    pc.done, pc.done == 1 ? "" : "s");
	else
		log_info("event '%s': %d participant%s added, %zu already "
		    "listed", pc.id, pc.done, pc.done == 1 ? "" : "s",
		    pc.skipped.n);
	free(pc.source);
	strv_free(&pc.skipped);
	strv_free(&users);
	return (rv);
}

static int
participants_add_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	return (participants_change(ctx, &participants_add_entry, argc, argv));
}

static int
participants_rm_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	return (participants_change(ctx, &participants_rm_entry, argc, argv));
}

struct participants_list {
	const char	*id;
	int		 long_format;
	int		 found;
};

/* Print s fit for the terminal (a source may quote a wiki title). */
static void
participants_print(const char *s)
{
	char	*copy;

	copy = xstrdup(s);
	text_printable(copy, "");
	fputs(copy, stdout);
	free(copy);
}

static int
participants_list_one(const struct participant *p, void *arg)
{
	struct participants_list	*pl = arg;

	participants_print(p->user);
	if (pl->long_format) {
		printf("\t%s\t", p->added);
		participants_print(p->source);
	}
	putchar('\n');
	return (0);
}

/* In one snapshot: does the event exist, and who takes part. */
static int
participants_list_read(struct registry *reg, void *arg, char **cause)
{
	struct participants_list	*pl = arg;
	struct event			 ev;

	event_init(&ev);
	pl->found = registry_get(reg, pl->id, &ev, cause);
	event_free(&ev);
	if (pl->found != 1)
		return (pl->found == 0 ? 0 : -1);
	return (registry_participants(reg, pl->id, participants_list_one, pl,
	    cause));
}

static int
participants_list_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ "long",	no_argument,	NULL, 'l' },
		{ NULL,		0,		NULL, 0 }
	};
	struct participants_list	 pl;
	char				*cause = NULL;
	int				 ch;

	memset(&pl, 0, sizeof pl);
	while ((ch = getopt_long(argc, argv, "hl", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			participants_usage(stdout, &participants_list_entry, 1);
			return (0);
		case 'l':
			pl.long_format = 1;
			break;
		default:
			participants_usage(stderr, &participants_list_entry, 0);
			return (EX_USAGE);
		}
	}
	if (optind + 1 != argc) {
		participants_usage(stderr, &participants_list_entry, 0);
		return (EX_USAGE);
	}
	pl.id = argv[optind];
	if (registry_read(ctx->reg, participants_list_read, &pl,
	    &cause) == -1)
		return (cmd_registry_fail(ctx->reg, cause));
	if (!pl.found) {
		log_error("event '%s': no such event", pl.id);
		return (EX_DATAERR);
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("standard output");
		return (EX_IOERR);
	}
	return (0);
}
