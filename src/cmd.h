/*
 * The command table (as tmux's cmd.c): each command is one cmd-NAME.c
 * exporting a struct cmd_entry.  main.c parses the global options, looks
 * the command up and prepares what its flags ask for; the command returns
 * an exit status (sysexits.h).
 */
#ifndef CMD_H
#define CMD_H

#include <stdio.h>

struct config;
struct registry;

#define CMD_CONFIG	0x1	/* load the config; refuse to run if bad */
#define CMD_REGISTRY	0x2	/* open the registry (implies CMD_CONFIG) */

struct cmd_ctx {
	const char	*config_path;
	struct config	*cf;
	struct registry	*reg;
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments, after the name */
	const char	*help;		/* one line */
	int		 flags;
	int		(*exec)(struct cmd_ctx *, int argc, char **argv);
};

extern const struct cmd_entry	cmd_backup_entry;
extern const struct cmd_entry	cmd_check_entry;
extern const struct cmd_entry	cmd_daemon_entry;
extern const struct cmd_entry	cmd_event_entry;
extern const struct cmd_entry	cmd_import_entry;
extern const struct cmd_entry	cmd_export_entry;
extern const struct cmd_entry	cmd_render_entry;
extern const struct cmd_entry	cmd_stats_entry;
extern const struct cmd_entry	cmd_status_entry;
extern const struct cmd_entry	cmd_sync_entry;

extern const struct cmd_entry *const cmd_table[];

const struct cmd_entry *cmd_find(const char *name);
/* "usage: wikisync NAME USAGE" and the help line. */
void		 cmd_usage(FILE *, const char *name, const char *usage,
		     const char *help);
/* Print "unknown X 'word'; did you mean 'y'?" and the valid words. */
void		 cmd_unknown(const char *what, const char *word,
		     const char *const *words);
/* cmd_unknown for a command name, with the names of cmd_table. */
void		 cmd_unknown_command(const char *word);
/* The exit status for the registry's last error. */
int		 cmd_registry_status(const struct registry *);
/* The history source for changes made from the shell: "cli:USER". */
char		*cmd_source(const char *kind);
/* Report the error in cause (freeing it) and return the registry's status. */
int		 cmd_registry_fail(const struct registry *, char *cause);

/* check --online, once the config passed the offline checks. */
int		 cmd_check_online(const struct config *);
/* status --history PAGE [ENTRY]: the region texts saved for a page. */
int		 cmd_status_history(struct cmd_ctx *, const char *page,
		     const char *entry);
struct strv;
/* Print cells, ncols a row, in columns under head (as status does). */
void		 cmd_status_columns(const struct strv *cells,
		     const char *const *head, size_t ncols);

/*
 * For a command that takes exactly nargs arguments and no option but
 * --help: -1 to go on, else the exit status to return (0 after printing
 * the usage for --help, 64 after printing it to stderr).
 */
int		 cmd_args(const struct cmd_entry *, int argc, char **argv,
		     int nargs);

/* Reset getopt before a command parses its own options. */
void		 cmd_getopt_reset(void);

struct where;
/*
 * Parse a --where expression whose field must be known to the config;
 * NULL after logging the error.
 */
struct where	*cmd_where(const struct config *, const char *expr);

#endif
