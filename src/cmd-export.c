/*
 * wikisync export: the registry as CSV, JSON or an iCalendar file, or the
 * pages behind the events' figures as CSV.
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
#include "event.h"
#include "export.h"
#include "log.h"
#include "registry.h"
#include "where.h"
#include "xmalloc.h"

static int	cmd_export_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_export_entry = {
	"export", "[--format csv|json|ics] [--articles] [--where EXPR]... "
	"[-o FILE]",
	"write the registry as CSV (the default), JSON or iCalendar; "
	"--articles writes the events' articles as CSV",
	CMD_REGISTRY, cmd_export_exec
};

struct articles_write {
	struct registry		*reg;
	struct where_list	*filters;
	struct exporter		*exp;
	char			*cause;
	int			 reg_failed;	/* cause: the registry's */
};

static int
articles_write_one(const struct event_article *a, void *arg)
{
	struct articles_write	*aw = arg;

	return (exporter_add_article(aw->exp, a, &aw->cause));
}

/* Within registry_foreach's snapshot: the articles of a selected event. */
static int
articles_write_event(const struct event *ev, void *arg)
{
	struct articles_write	*aw = arg;
	char			*cause = NULL;

	if (!where_match_all(aw->filters->v, aw->filters->n, ev))
		return (0);
	if (registry_articles(aw->reg, ev->v[F_ID], articles_write_one, aw,
	    &cause) == 0)
		return (0);
	if (aw->cause == NULL) {
		aw->cause = cause;
		aw->reg_failed = 1;
	}
	return (-1);
}

/*
 * The articles of the events matching every filter, in event order
 * (start, id), then by wiki, created first, title.  An exit status,
 * after logging errors.
 */
static int
articles_write(struct cmd_ctx *ctx, struct where_list *filters, FILE *out)
{
	struct articles_write	 aw;
	char			*cause = NULL;
	int			 rv;

	memset(&aw, 0, sizeof aw);
	aw.reg = ctx->reg;
	aw.filters = filters;
	aw.exp = exporter_new_articles(out);
	rv = registry_foreach(ctx->reg, articles_write_event, &aw, &cause);
	if (rv == -1 && (aw.cause == NULL || aw.reg_failed)) {
		exporter_finish(aw.exp, NULL);
		rv = cmd_registry_fail(ctx->reg, aw.reg_failed ? aw.cause :
		    cause);
		aw.cause = NULL;
	} else if (rv == -1 || exporter_finish(aw.exp, &aw.cause) == -1) {
		log_error("%s", aw.cause);
		rv = EX_IOERR;
	}
	free(aw.cause);
	return (rv);
}

/* What export writes: the events in format, or the articles. */
static int
export_write(struct cmd_ctx *ctx, struct where_list *wl,
    enum export_format format, int articles, FILE *out)
{
	if (articles)
		return (articles_write(ctx, wl, out));
	return (events_write(ctx, wl, format, out));
}

/*
 * Write to FILE through a temporary file renamed into place, so a reader
 * (a web server publishing the calendar) never sees half a file.
 */
static int
cmd_export_file(struct cmd_ctx *ctx, struct where_list *wl,
    enum export_format format, int articles, const char *path)
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
	rv = export_write(ctx, wl, format, articles, f);
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
		{ "articles",	no_argument,		NULL, 'a' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "where",	required_argument,	NULL, 'w' },
		{ NULL,		0,			NULL, 0 }
	};
	struct where_list	 wl = { NULL, 0 };
	enum export_format	 format = EXPORT_CSV;
	const char		*output = NULL;
	int			 ch, articles = 0, rv = EX_USAGE;

	while ((ch = getopt_long(argc, argv, "f:ho:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a':
			articles = 1;
			break;
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
	/* JSON carries each event's articles already; ICS has no place. */
	if (articles && format != EXPORT_CSV) {
		log_error("--articles: only with --format csv");
		goto out;
	}
	if (output != NULL && strcmp(output, "-") != 0)
		rv = cmd_export_file(ctx, &wl, format, articles, output);
	else
		rv = export_write(ctx, &wl, format, articles, stdout);
out:
	events_free_filters(&wl);
	return (rv);
}
