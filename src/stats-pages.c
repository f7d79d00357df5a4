/*
 * Participants from the events' own pages (stats.h): the user pages
 * linked from the participants section of each event's page (its field
 * "page", on the section's page_wiki), read from the wiki's own parse
 * only when the page's revision changed since it was last read (one
 * request per 50 pages to know), and the registry's participants from
 * that page brought in line: names new on the page are added, names gone
 * from it removed, both with the source "page:TITLE" and in history.
 * Participants added from the shell or a CSV are never removed here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "mwapi.h"
#include "registry.h"
#include "stats-int.h"
#include "username.h"
#include "xmalloc.h"

#define PAGE_SOURCE	"page:"

/* Read the participants section of e's page p, if it changed. */
static void
read_page(struct stats_ctx *c, struct mwapi *mw, struct sev *e,
    const struct mw_page *p, const char *label)
{
	struct strv	 users = STRV_INITIALIZER;
	const char	*title = e->ev.v[F_PAGE];
	char		*wiki = NULL, *last = NULL, *why = NULL, *name;
	long long	 seen = 0;
	long		 revid = 0;
	size_t		 i;
	int		 found;

	if (p->missing || p->invalid) {
		strv_pushf(&e->out->notes, "its page '%s' %s on %s; its "
		    "participants stay as they were", title, p->invalid ?
		    "is not a valid title" : "does not exist", label);
		return;
	}
	found = registry_stats_page_get(c->reg, e->ev.v[F_ID], &wiki, &last,
	    &seen, &why);
	if (found == 1 && strcmp(wiki, c->st->page_wiki) == 0 &&
	    strcmp(last, title) == 0 && seen == p->revid) {
		free(wiki);
		free(last);
		return;		/* read at this revision already */
	}
	free(wiki);
	free(last);
	if (found == -1) {
		log_warnx("%s", why);
		free(why);
		return;
	}
	if (mwapi_section_users(mw, title, c->st->participants_section,
	    &users, &revid, &why) != 0) {
		strv_pushf(&e->out->notes, "its page '%s' on %s: %s; its "
		    "participants stay as they were", title, label, why);
		free(why);
		strv_free(&users);
		return;
	}
	for (i = 0; i < users.n; i++) {
		if ((name = username_normalize(users.v[i], &why)) == NULL) {
			strv_pushf(&e->out->notes, "its page '%s': %s; not "
			    "taken", title, why);
			free(why);
			continue;
		}
		if (!strv_contains(&e->page_users, name))
			strv_push(&e->page_users, name);
		else
			free(name);
	}
	strv_free(&users);
	e->page_read = 1;
	e->page_revid = revid;
	free(e->page_title);
	e->page_title = xstrdup(title);
}

/* registry_participants: the names that came from a page. */
static int
page_participant(const struct participant *p, void *arg)
{
	struct strv	*had = arg;

	if (strncmp(p->source, PAGE_SOURCE, strlen(PAGE_SOURCE)) == 0)
		strv_push(had, xstrdup(p->user));
	return (0);
}

/* Bring one event's participants from its page in line with the page. */
static int
sync_event(struct stats_ctx *c, struct registry *reg, struct sev *e,
    char **cause)
{
	struct strv		 had = STRV_INITIALIZER;
	char			*source;
	size_t			 i;
	int			 n, rv = -1, joined = 0, left = 0;

	source = xasprintf(PAGE_SOURCE "%s", e->page_title);
	/* Every page's names: the field may name another page now. */
	if (registry_participants(reg, e->ev.v[F_ID], page_participant, &had,
	    cause) != 0)
		goto out;
	for (i = 0; i < had.n; i++) {
		if (strv_contains(&e->page_users, had.v[i]))
			continue;
		if (registry_participant_rm(reg, e->ev.v[F_ID], had.v[i],
		    source, &n, cause) != 0)
			goto out;
		left += n;
	}
	for (i = 0; i < e->page_users.n; i++) {
		if (registry_participant_add(reg, e->ev.v[F_ID],
		    e->page_users.v[i], source, &n, cause) != 0)
			goto out;
		joined += n;
	}
	if (registry_stats_page_put(reg, e->ev.v[F_ID], c->st->page_wiki,
	    e->page_title, e->page_revid, cause) != 0)
		goto out;
	c->res->joined += joined;
	c->res->left += left;
	if (joined + left > 0)
		strv_pushf(&e->out->notes, "participants from its page '%s': "
		    "%d joined, %d left", e->page_title, joined, left);
	rv = 0;
out:
	strv_free(&had);
	free(source);
	return (rv);
}

static int
sync_pages(struct registry *reg, void *arg, char **cause)
{
	struct stats_ctx	*c = arg;
	size_t			 i, joined = c->res->joined;
	size_t			 left = c->res->left;

	for (i = 0; i < c->nsev; i++) {
		if (c->sevs[i].page_read &&
		    sync_event(c, reg, &c->sevs[i], cause) != 0) {
			/* Run again from the start: counts as they were. */
			c->res->joined = joined;
			c->res->left = left;
			return (-1);
		}
	}
	return (0);
}

int
stats_pages(struct stats_ctx *c, char **cause)
{
	const char	*wiki = c->st->page_wiki;
	const char	*label = *wiki == '\0' ? "[wiki]" : wiki;
	const char	**titles;
	struct mw_page	*pages = NULL;
	struct mwapi	*mw = NULL;
	size_t		*which, i, n = 0;
	unsigned long	 before = 0;
	char		*why = NULL, *where;
	int		 exit = 0, any = 0, rv = 0;

	titles = xcalloc(c->nsev + 1, sizeof *titles);
	which = xcalloc(c->nsev + 1, sizeof *which);
	for (i = 0; i < c->nsev; i++) {
		if (!c->sevs[i].ok || *c->sevs[i].ev.v[F_PAGE] == '\0')
			continue;
		titles[n] = c->sevs[i].ev.v[F_PAGE];
		which[n++] = i;
	}
	if (n == 0)
		goto out;
	if ((mw = stats_client(c, wiki, &exit, &why)) != NULL)
		before = mwapi_requests(mw, MW_REQ_READ);
	if (mw == NULL ||
	    mwapi_read(mw, titles, n, MW_READ_REDIRECTS, &pages, &why) != 0) {
		where = stats_where(c, wiki);
		for (i = 0; i < n; i++)
			strv_pushf(&c->sevs[which[i]].out->notes, "its page "
			    "'%s' on %s was not read: %s: %s; its "
			    "participants stay as they were", titles[i], where,
			    mw == NULL ? "login" : "reading pages", why);
		free(where);
		free(why);
		goto out;
	}
	for (i = 0; i < n; i++) {
		read_page(c, mw, &c->sevs[which[i]], &pages[i], label);
		any |= c->sevs[which[i]].page_read;
	}
	c->res->page_reqs += mwapi_requests(mw, MW_REQ_READ) - before;
	if (any && !(c->opts->flags & STATS_DRY_RUN))
		rv = registry_write(c->reg, sync_pages, c, cause);
out:
	mw_pages_free(pages, pages != NULL ? n : 0);
	stats_client_done(c, mw);
	free(titles);
	free(which);
	return (rv);
}
