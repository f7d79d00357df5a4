/*
 * wikisync event list: events matching filters, for people or scripts.
 * Also the event writer that "export" shares.
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
#include "export.h"
#include "log.h"
#include "registry.h"
#include "strv.h"
#include "where.h"
#include "xmalloc.h"

static int	event_list_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry event_list_entry = {
	"list", "[--where EXPR]... [--format table|csv|json]",
	"list events in start order; --where FIELD OP VALUE filters",
	CMD_REGISTRY, event_list_exec
};

struct events_write {
	struct registry		*reg;
	struct where_list	*filters;
	struct exporter		*exp;
	int			 related;	/* JSON: with the lists */
	char			*cause;
	int			 reg_failed;	/* cause: the registry's */

	/* One event's lists, reused from event to event. */
	struct strv		 users;
	struct event_article	*articles;
	size_t			 narticles;
	size_t			 articles_size;
};

static int
events_write_user(const struct participant *p, void *arg)
{
	struct events_write	*ew = arg;

	strv_push(&ew->users, xstrdup(p->user));
	return (0);
}

static int
events_write_article(const struct event_article *a, void *arg)
{
	struct events_write	*ew = arg;
	struct event_article	*copy;

	if (ew->narticles == ew->articles_size) {
		ew->articles_size = ew->articles_size == 0 ? 16 :
		    ew->articles_size * 2;
		ew->articles = xreallocarray(ew->articles, ew->articles_size,
		    sizeof *ew->articles);
	}
	copy = &ew->articles[ew->narticles++];
	*copy = *a;
	copy->event_id = NULL;
	copy->wiki = xstrdup(a->wiki);
	copy->title = xstrdup(a->title);
	return (0);
}

static void
events_write_clear(struct events_write *ew)
{
	size_t	i;

	strv_free(&ew->users);
	for (i = 0; i < ew->narticles; i++) {
		free((char *)ew->articles[i].wiki);
		free((char *)ew->articles[i].title);
	}
	ew->narticles = 0;
}

/* Within registry_foreach's snapshot: the event's lists, then it. */
static int
events_write_one(const struct event *ev, void *arg)
{
	struct events_write	*ew = arg;
	struct export_related	 rel;
	int			 rv;

	if (!where_match_all(ew->filters->v, ew->filters->n, ev))
		return (0);
	if (!ew->related)
		return (exporter_add(ew->exp, ev, &ew->cause));
	events_write_clear(ew);
	if (registry_participants(ew->reg, ev->v[F_ID], events_write_user, ew,
	    &ew->cause) == -1 || registry_articles(ew->reg, ev->v[F_ID],
	    events_write_article, ew, &ew->cause) == -1) {
		ew->reg_failed = 1;
		return (-1);
	}
	rel.users = (const char *const *)ew->users.v;
	rel.nusers = ew->users.n;
	rel.articles = ew->articles;
	rel.narticles = ew->narticles;
	rv = exporter_add_related(ew->exp, ev, &rel, &ew->cause);
	events_write_clear(ew);
	return (rv);
}

int
events_write(struct cmd_ctx *ctx, struct where_list *filters,
    enum export_format format, FILE *out)
{
	struct events_write	 ew;
	char			**extras, stamp[32], *cause = NULL;
	size_t			 nextras, i;
	int			 rv;

	if (registry_extra_names(ctx->reg, &extras, &nextras, &cause) == -1)
		return (cmd_registry_fail(ctx->reg, cause));
	registry_now(stamp);
	memset(&ew, 0, sizeof ew);
	ew.reg = ctx->reg;
	ew.filters = filters;
	ew.related = (format == EXPORT_JSON);
	ew.exp = exporter_new(format, out, extras, nextras, stamp);
	rv = registry_foreach(ctx->reg, events_write_one, &ew, &cause);
	if (rv == -1 && (ew.cause == NULL || ew.reg_failed)) {
		/* The registry failed, not the output. */
		exporter_finish(ew.exp, NULL);
		rv = cmd_registry_fail(ctx->reg, ew.reg_failed ? ew.cause :
		    cause);
		ew.cause = NULL;
	} else if (rv == -1 || exporter_finish(ew.exp, &ew.cause) == -1) {
		log_error("%s", ew.cause);
		rv = EX_IOERR;
	}
	events_write_clear(&ew);
	free(ew.articles);
	free(ew.cause);
	for (i = 0; i < nextras; i++)
		free(extras[i]);
	free(extras);
	return (rv);
}

/* Add a --where filter to the list; 0 or an exit status. */
int
events_add_filter(struct cmd_ctx *ctx, struct where_list *wl,
    const char *expr)
{
	struct where	*w;

	if ((w = cmd_where(ctx->cf, expr)) == NULL)
		return (EX_USAGE);
	wl->v = xreallocarray(wl->v, wl->n + 1, sizeof *wl->v);
	wl->v[wl->n++] = w;
	return (0);
}

void
events_free_filters(struct where_list *wl)
{
	size_t	i;

	for (i = 0; i < wl->n; i++)
		where_free(wl->v[i]);
	free(wl->v);
	wl->v = NULL;
	wl->n = 0;
}

static int
event_list_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "where",	required_argument,	NULL, 'w' },
		{ NULL,		0,			NULL, 0 }
	};
	struct where_list	 wl = { NULL, 0 };
	enum export_format	 format = EXPORT_TABLE;
	int			 ch, rv = EX_USAGE;

	while ((ch = getopt_long(argc, argv, "f:hw:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (export_format_parse(optarg, &format) == -1 ||
			    format == EXPORT_ICS) {
				log_error("--format '%s': one of table, csv, "
				    "json", optarg);
				goto out;
			}
			break;
		case 'h':
			event_usage(stdout, &event_list_entry, 1);
			rv = 0;
			goto out;
		case 'w':
			if (events_add_filter(ctx, &wl, optarg) != 0)
				goto out;
			break;
		default:
			event_usage(stderr, &event_list_entry, 0);
			goto out;
		}
	}
	if (optind != argc) {
		event_usage(stderr, &event_list_entry, 0);
		goto out;
	}
	rv = events_write(ctx, &wl, format, stdout);
out:
	events_free_filters(&wl);
	return (rv);
}
