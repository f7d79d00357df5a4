/*
 * wikisync event show: one event's fields, and with --history its changes.
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
	"print an event's fields; --history prints every recorded change",
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

static int
event_show_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ "history",	no_argument,	NULL, 'H' },
		{ NULL,		0,		NULL, 0 }
	};
	struct event	 ev;
	char		*cause = NULL;
	int		 ch, history = 0, found, n = 0;
	size_t		 i;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			event_usage(stdout, &event_show_entry, 1);
			return (0);
		case 'H':
			history = 1;
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
	event_init(&ev);
	found = registry_get(ctx->reg, argv[optind], &ev, &cause);
	if (found == -1 || (found == 0 && !history)) {
		event_free(&ev);
		if (found == -1)
			return (cmd_registry_fail(ctx->reg, cause));
		log_error("event '%s': no such event", argv[optind]);
		return (EX_DATAERR);
	}
	for (i = 0; found && i < EVENT_NFIELDS; i++)
		if (*ev.v[i] != '\0')
			event_show_field(event_fields[i].name, ev.v[i], 18);
	for (i = 0; found && i < ev.nextras; i++)
		event_show_field(ev.extras[i].name, ev.extras[i].value, 18);
	event_free(&ev);
	/* The history of a removed event is still there to read. */
	if (history) {
		if (registry_history(ctx->reg, argv[optind],
		    event_show_history, &n, &cause) == -1)
			return (cmd_registry_fail(ctx->reg, cause));
		if (n == 0 && !found) {
			log_error("event '%s': no such event", argv[optind]);
			return (EX_DATAERR);
		}
	}
	return (0);
}
