/*
 * wikisync export: the registry as CSV, JSON or an iCalendar file.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cmd-event.h"
#include "export.h"
#include "log.h"
#include "xmalloc.h"

static int	cmd_export_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_export_entry = {
	"export", "[--format csv|json|ics] [--where EXPR]... [-o FILE]",
	"write the registry as CSV (the default), JSON or iCalendar",
	CMD_REGISTRY, cmd_export_exec
};

/*
 * Write to FILE through a temporary file renamed into place, so a reader
 * (a web server publishing the calendar) never sees half a file.
 */
static int
cmd_export_file(struct cmd_ctx *ctx, struct where_list *wl,
    enum export_format format, const char *path)
{
	FILE	*f;
	char	*tmp;
	int	 fd, rv;

	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_warn("%s", tmp);
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return (EX_CANTCREAT);
	}
	/* mkstemp makes 0600; an export is meant to be read. */
	fchmod(fd, 0644);
	rv = events_write(ctx, wl, format, f);
	if (rv == 0 && fsync(fd) == -1) {
		log_warn("%s", tmp);
		rv = EX_IOERR;
	}
	if (fclose(f) == EOF && rv == 0) {
		log_warn("%s", tmp);
		rv = EX_IOERR;
	}
	if (rv == 0 && rename(tmp, path) == -1) {
		log_warn("%s", path);
		rv = EX_CANTCREAT;
	}
	if (rv != 0)
		unlink(tmp);
	free(tmp);
	return (rv);
}

static int
cmd_export_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "where",	required_argument,	NULL, 'w' },
		{ NULL,		0,			NULL, 0 }
	};
	struct where_list	 wl = { NULL, 0 };
	enum export_format	 format = EXPORT_CSV;
	const char		*output = NULL;
	int			 ch, rv = EX_USAGE;

	while ((ch = getopt_long(argc, argv, "f:ho:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (export_format_parse(optarg, &format) == -1 ||
			    format == EXPORT_TABLE) {
				log_error("--format '%s': one of csv, json, "
				    "ics", optarg);
				goto out;
			}
			break;
		case 'h':
			cmd_usage(stdout, "export", cmd_export_entry.usage,
			    cmd_export_entry.help);
			rv = 0;
			goto out;
		case 'o':
			output = optarg;
			break;
		case 'w':
			if (events_add_filter(ctx, &wl, optarg) != 0)
				goto out;
			break;
		default:
			cmd_usage(stderr, "export", cmd_export_entry.usage,
			    NULL);
			goto out;
		}
	}
	if (optind != argc) {
		cmd_usage(stderr, "export", cmd_export_entry.usage, NULL);
		goto out;
	}
	if (output != NULL && strcmp(output, "-") != 0)
		rv = cmd_export_file(ctx, &wl, format, output);
	else
		rv = events_write(ctx, &wl, format, stdout);
out:
	events_free_filters(&wl);
	return (rv);
}
