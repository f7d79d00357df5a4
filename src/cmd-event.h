/*
 * The "event" command family: event add|edit|show|list|rm|participants
 * (which has verbs of its own: add|rm|list).  Each verb is
 * one cmd-event-VERB.c exporting a struct cmd_entry; cmd-event.c holds
 * their table and what they share.
 */
#ifndef CMD_EVENT_H
#define CMD_EVENT_H

#include <stdio.h>

#include "cmd.h"
#include "conf.h"
#include "export.h"

struct config;
struct event;

extern const struct cmd_entry	event_add_entry;
extern const struct cmd_entry	event_edit_entry;
extern const struct cmd_entry	event_show_entry;
extern const struct cmd_entry	event_list_entry;
extern const struct cmd_entry	event_rm_entry;
extern const struct cmd_entry	event_participants_entry;

/*
 * Check FIELD=VALUE arguments: each must have '=' and name a standard or
 * declared extra field other than id.  Returns 0 or an exit status after
 * logging the error.
 */
int	event_args_check(const struct config *, int argc, char **argv);

/*
 * Apply checked FIELD=VALUE arguments to ev.  -1 with *cause when a value
 * is invalid.
 */
int	event_args_apply(struct event *, int argc, char **argv, char **cause);

/*
 * Write the events matching every filter to out in format, as "event
 * list" and "export" do.  Returns an exit status, after logging errors.
 */
int	events_write(struct cmd_ctx *, struct where_list *,
	    enum export_format, FILE *out);
/* Add a --where filter to the list: 0, or an exit status after logging. */
int	events_add_filter(struct cmd_ctx *, struct where_list *,
	    const char *expr);
void	events_free_filters(struct where_list *);

/* Print the usage of an event verb to f. */
void	event_usage(FILE *f, const struct cmd_entry *, int with_help);

#endif
