/*
 * The command table and what commands share.
 */
#include "config.h"

#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "event.h"
#include "log.h"
#include "registry.h"
#include "suggest.h"
#include "where.h"
#include "xmalloc.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_check_entry,
	&cmd_sync_entry,
	&cmd_render_entry,
	&cmd_status_entry,
	&cmd_daemon_entry,
	&cmd_stats_entry,
	&cmd_event_entry,
	&cmd_import_entry,
	&cmd_export_entry,
	&cmd_backup_entry,
	NULL
};

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return (cmd_table[i]);
	return (NULL);
}

void
cmd_usage(FILE *f, const char *name, const char *usage, const char *help)
{
	fprintf(f, "usage: wikisync %s%s%s\n", name, *usage ? " " : "", usage);
	if (help != NULL)
		fprintf(f, "%s\n", help);
}

int
cmd_args(const struct cmd_entry *e, int argc, char **argv, int nargs)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			cmd_usage(stdout, e->name, e->usage, e->help);
			return (0);
		}
		if (argv[i][0] == '-')
			break;
	}
	if (i < argc || argc - 1 != nargs) {
		cmd_usage(stderr, e->name, e->usage, e->help);
		return (EX_USAGE);
	}
	return (-1);
}

void
cmd_unknown(const char *what, const char *word, const char *const *words)
{
	const char	*hint;
	struct buf	 b;
	size_t		 i;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; words[i] != NULL; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", words[i]);
	if ((hint = suggest(word, words)) != NULL)
		log_error("unknown %s '%s'; did you mean '%s'?", what, word,
		    hint);
	else
		log_error("unknown %s '%s' (one of: %s)", what, word,
		    buf_str(&b));
	buf_free(&b);
}

void
cmd_unknown_command(const char *word)
{
	const char	*names[sizeof cmd_table / sizeof cmd_table[0]];
	size_t		 i;

	for (i = 0; cmd_table[i] != NULL; i++)
		names[i] = cmd_table[i]->name;
	names[i] = NULL;
	cmd_unknown("command", word, names);
}

int
cmd_registry_status(const struct registry *reg)
{
	switch (registry_errcode(reg)) {
	case REGISTRY_EBUSY:
	case REGISTRY_ECONFLICT:
		return (EX_TEMPFAIL);
	case REGISTRY_EIO:
		return (EX_IOERR);
	case REGISTRY_ESCHEMA:
	case REGISTRY_EDATA:
		return (EX_DATAERR);
	case REGISTRY_ECREATE:
		return (EX_CANTCREAT);
	default:
		return (EX_SOFTWARE);
	}
}

int
cmd_registry_fail(const struct registry *reg, char *cause)
{
	if (cause != NULL)
		log_error("%s", cause);
	free(cause);
	return (cmd_registry_status(reg));
}

char *
cmd_source(const char *kind)
{
	struct passwd	*pw;
	const char	*sudo;
	char		*user, *s;

	if ((pw = getpwuid(getuid())) != NULL)
		user = xstrdup(pw->pw_name);
	else
		user = xasprintf("%lu", (unsigned long)getuid());
	sudo = getenv("SUDO_USER");
	if (sudo != NULL && *sudo != '\0' && strcmp(sudo, user) != 0 &&
	    strlen(sudo) < 64)
		s = xasprintf("%s:%s (sudo by %s)", kind, user, sudo);
	else
		s = xasprintf("%s:%s", kind, user);
	free(user);
	return (s);
}

void
cmd_getopt_reset(void)
{
	/* glibc: 0 also resets its internal state. */
	optind = 0;
	opterr = 1;
}

struct where *
cmd_where(const struct config *cf, const char *expr)
{
	struct where	*w;
	char		*cause;

	if ((w = where_parse(expr, &cause)) == NULL) {
		log_error("--where %s", cause);
		free(cause);
		return (NULL);
	}
	if (conf_field_known(cf, w->field))
		return (w);
	cause = conf_unknown_field(cf, "field", w->field);
	log_error("--where '%s': %s", expr, cause);
	free(cause);
	where_free(w);
	return (NULL);
}
