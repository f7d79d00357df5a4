/*
 * wikisync event show: one event's fields, participants and articles, and
 * with --history its changes.
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
#include "text.h"
#include "xmalloc.h"

static int	event_show_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry event_show_entry = {
	"show", "[--history] ID",
	"print an event's fields, participants and articles; --history "
	"prints every recorded change",
	CMD_REGISTRY, event_show_exec
};

/* Print "name: value", indenting the further lines of notes. */
static void
event_show_field(const char *name, const char *value, int width)
{
	const char	*nl;

	printf("%-*s ", width, name);
	while ((nl = strchr(value, '\n')) != NULL) {
		printf("%.*s\n%*s ", (int)(nl - value), value, width, "");
		value = nl + 1;
	}
	printf("%s\n", value);
}

/*
 * Print s, or "(unset)" for NULL, fit for the terminal: the source names
 * the wiki user who made a sign-up's edit, as the wiki sent it.
 */
static void
event_show_text(const char *s, int quote, const char *keep)
{
	char	*copy;

	if (s == NULL) {
		fputs("(unset)", stdout);
		return;
	}
	copy = xstrdup(s);
	text_printable(copy, keep);
	printf(quote ? "'%s'" : "%s", copy);
	free(copy);
}

static int
event_show_history(const struct history_entry *h, void *arg)
{
	int	*n = arg;

	if ((*n)++ == 0)
		printf("\nhistory:\n");
	printf("%s  ", h->at);
	event_show_text(h->source, 0, "");
	printf("  %s: ", h->field);
	event_show_text(h->old_value, 1, "\n");
	printf(" -> ");
	event_show_text(h->new_value, 1, "\n");
	printf("\n");
	return (0);
}

struct event_show {
	const char	*id;
	int		 history;
	int		 found;
	int		 n;		/* lines of the section printed */
};

/* "  Alice  (added 2024-03-08T10:00:00Z by cli:bob)". */
static int
event_show_participant(const struct participant *p, void *arg)
{
	struct event_show	*es = arg;

	if (es->n++ == 0)
		printf("\nparticipants:\n");
	printf("  ");
	event_show_text(p->user, 0, "");
	printf("  (added %s by ", p->added);
	event_show_text(p->source, 0, "");
	printf(")\n");
	return (0);
}

/* "  created   [svwiki] Title  (3 edits, 1200 bytes added)". */
static int
event_show_article(const struct event_article *a, void *arg)
{
	struct event_show	*es = arg;

	if (es->n++ == 0)
		printf("\narticles:\n");
	printf("  %-8s  ", a->created ? "created" : "improved");
	if (*a->wiki != '\0') {
		printf("[");
		event_show_text(a->wiki, 0, "");
		printf("] ");
	}
	event_show_text(a->title, 0, "");
	printf("  (%ld edit%s, %ld byte%s added)\n", a->edits,
	    a->edits == 1 ? "" : "s", a->bytes_added,
	    a->bytes_added == 1 ? "" : "s");
	return (0);
}

/* In one snapshot: the event, its participants, articles and history. */
static int
event_show_read(struct registry *reg, void *arg, char **cause)
{
	struct event_show	*es = arg;
	struct event		 ev;
	size_t			 i;

	event_init(&ev);
	if ((es->found = registry_get(reg, es->id, &ev, cause)) == -1) {
		event_free(&ev);
		return (-1);
	}
	for (i = 0; es->found && i < EVENT_NFIELDS; i++)
		if (*ev.v[i] != '\0')
			event_show_field(event_fields[i].name, ev.v[i], 18);
	for (i = 0; es->found && i < ev.nextras; i++)
		event_show_field(ev.extras[i].name, ev.extras[i].value, 18);
	event_free(&ev);
	es->n = 0;
	if (es->found && registry_participants(reg, es->id,
	    event_show_participant, es, cause) == -1)
		return (-1);
	es->n = 0;
	if (es->found && registry_articles(reg, es->id, event_show_article,
	    es, cause) == -1)
		return (-1);
	/* The history of a removed event is still there to read. */
	es->n = 0;
	if (es->history && registry_history(reg, es->id, event_show_history,
	    &es->n, cause) == -1)
		return (-1);
	return (0);
}

static int
event_show_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ "history",	no_argument,	NULL, 'H' },
		{ NULL,		0,		NULL, 0 }
	};
	struct event_show	 es;
	char			*cause = NULL;
	int			 ch;

	memset(&es, 0, sizeof es);
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			event_usage(stdout, &event_show_entry, 1);
			return (0);
		case 'H':
			es.history = 1;
			break;
		default:
			event_usage(stderr, &event_show_entry, 0);
			return (EX_USAGE);
		}
	}
	if (optind + 1 != argc) {
		event_usage(stderr, &event_show_entry, 0);
		return (EX_USAGE);
	}
	es.id = argv[optind];
	if (registry_read(ctx->reg, event_show_read, &es, &cause) == -1)
		return (cmd_registry_fail(ctx->reg, cause));
	if (!es.found && (!es.history || es.n == 0)) {
		log_error("event '%s': no such event", es.id);
		return (EX_DATAERR);
	}
	return (0);
}
