/*
 * wikisync check --online: log in to every configured wiki, report the
 * account's rights, and check that every table's page exists (or may be
 * created) and carries its region's markers, balanced, and that every
 * intake page exists.  Reads only: pages in one batched request per 50.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "mwapi.h"
#include "region.h"
#include "strv.h"
#include "text.h"
#include "wiki.h"
#include "xmalloc.h"

/* Check one table's page as read; 0 if it is fine. */
static int
check_table_page(const struct conf_table *t, const struct mw_page *p)
{
	struct region_list	 rl = { NULL, 0 };
	char			*cause = NULL;
	int			 ret = 0;

	if (p->invalid) {
		log_error("table '%s': '%s' is not a valid page title: %s",
		    t->name, t->page, p->text != NULL ? p->text : "");
		return (-1);
	}
	if (p->missing) {
		if (t->create) {
			printf("page '%s': missing; table '%s' will create "
			    "it\n", t->page, t->name);
			return (0);
		}
		log_error("page '%s' (table '%s') does not exist; create it "
		    "with the markers, or set create = yes", t->page, t->name);
		return (-1);
	}
	if (region_find_all(p->text, p->textlen, &rl, &cause) != 0) {
		log_error("page '%s': %s", t->page, cause);
		free(cause);
		return (-1);
	}
	if (region_lookup(&rl, t->name) == NULL) {
		log_error("page '%s' has no region '%s': add "
		    "<!-- wikisync:begin %s --> and <!-- wikisync:end %s --> "
		    "where the table goes", t->page, t->name, t->name,
		    t->name);
		ret = -1;
	} else
		printf("page '%s': region '%s' ok (revision %ld)\n", t->page,
		    t->name, p->revid);
	region_list_free(&rl);
	return (ret);
}

/*
 * An intake page must exist, and with report = yes hold the report's
 * markers (without them the sync only says the report is not written).
 */
static int
check_intake_page(const struct conf_intake *in, const struct mw_page *p)
{
	struct region_list	 rl = { NULL, 0 };
	char			*cause = NULL;
	int			 ret = 0;

	if (p->missing || p->invalid) {
		log_error("intake page '%s' (intake '%s') does not exist",
		    in->page, in->name);
		return (-1);
	}
	if (in->report && (region_find_all(p->text, p->textlen, &rl,
	    &cause) != 0 || region_lookup(&rl, in->name) == NULL)) {
		log_error("intake page '%s' has no place for the report of "
		    "intake '%s'%s%s: add '<!-- wikisync:begin %s -->' and "
		    "'<!-- wikisync:end %s -->', or set report = no",
		    in->page, in->name, cause != NULL ? ": " : "",
		    cause != NULL ? cause : "", in->name, in->name);
		ret = -1;
	} else
		printf("page '%s': intake '%s' ok (revision %ld)\n", in->page,
		    in->name, p->revid);
	free(cause);
	region_list_free(&rl);
	return (ret);
}

/* Log in to one wiki and check its pages; an exit status. */
static int
check_wiki(const struct config *cf, const struct conf_wiki *w)
{
	const struct mw_account	*a;
	struct strv		 titles = STRV_INITIALIZER;
	struct mw_page		*pages = NULL;
	struct mwapi		*mw;
	char			*cause = NULL, *sum, *name;
	size_t			 i, k, npages;
	int			 status = 0;

	if ((mw = wiki_open(w, &cause)) == NULL) {
		log_error("%s", cause);
		free(cause);
		return (EX_CONFIG);
	}
	if (mwapi_login(mw, &cause) != 0) {
		log_error("%s %s: %s", wiki_label(w), w->api, cause);
		free(cause);
		status = mw_error_exit(mwapi_error(mw));
		mwapi_free(mw);
		return (status);
	}
	a = mwapi_account(mw);
	/* The name as the wiki sent it. */
	name = xstrdup(a->name);
	text_printable(name, "");
	printf("%s %s: logged in as '%s'; bot: %s, apihighlimits: %s\n",
	    wiki_label(w), w->api, name, a->bot ? "yes" : "no",
	    a->highlimits ? "yes" : "no");
	free(name);

	for (i = 0; i < cf->ntables; i++) {
		if (strcmp(cf->tables[i].wiki, w->name) == 0)
			strv_push(&titles, xstrdup(cf->tables[i].page));
	}
	for (i = 0; i < cf->nintakes; i++) {
		if (strcmp(cf->intakes[i].wiki, w->name) == 0)
			strv_push(&titles, xstrdup(cf->intakes[i].page));
	}
	/* pages[] follows titles: the tables' pages, then the intakes'. */
	npages = titles.n;
	if (npages > 0 && mwapi_read(mw, (const char *const *)titles.v,
	    npages, MW_READ_TEXT, &pages, &cause) != 0) {
		log_error("%s: reading pages: %s", wiki_label(w), cause);
		free(cause);
		status = mw_error_exit(mwapi_error(mw));
		npages = 0;
	}
	for (k = 0, i = 0; k < npages && i < cf->ntables; i++) {
		if (strcmp(cf->tables[i].wiki, w->name) != 0)
			continue;
		if (check_table_page(&cf->tables[i], &pages[k++]) != 0)
			status = EX_DATAERR;
	}
	for (i = 0; k < npages && i < cf->nintakes; i++) {
		if (strcmp(cf->intakes[i].wiki, w->name) != 0)
			continue;
		if (check_intake_page(&cf->intakes[i], &pages[k++]) != 0)
			status = EX_DATAERR;
	}
	sum = mwapi_requests_summary(mw);
	log_debug("%s: %s", wiki_label(w), sum);
	free(sum);
	mw_pages_free(pages, npages);
	strv_free(&titles);
	mwapi_free(mw);
	return (status);
}

int
cmd_check_online(const struct config *cf)
{
	size_t	i;
	int	status = 0, s;

	if (cf->nwikis == 0) {
		log_error("%s: no [wiki] section to check", cf->path);
		return (EX_CONFIG);
	}
	for (i = 0; i < cf->nwikis; i++) {
		if ((s = check_wiki(cf, &cf->wikis[i])) != 0 && status == 0)
			status = s;
	}
	return (status);
}
