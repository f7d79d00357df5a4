/*
 * Batched page reads: ids and timestamps (and text when asked) of up to
 * 50 titles a request, 500 with apihighlimits, following continuation;
 * the wiki's normalized and redirected titles mapped back to the titles
 * asked for.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "apixml.h"
#include "buf.h"
#include "log.h"
#include "mwapi-int.h"
#include "xmalloc.h"

void
mw_pages_free(struct mw_page *pages, size_t n)
{
	size_t	i;

	if (pages == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(pages[i].title);
		free(pages[i].wiki_title);
		free(pages[i].timestamp);
		free(pages[i].starttimestamp);
		free(pages[i].user);
		free(pages[i].text);
	}
	free(pages);
}

/* A title that cannot even be sent ('|' separates titles). */
static const char *
mw_title_unsendable(const char *t)
{
	const unsigned char	*p;

	if (*t == '\0')
		return ("the title is empty");
	for (p = (const unsigned char *)t; *p != '\0'; p++) {
		if (*p == '|' || *p < 0x20 || *p == 0x7f)
			return ("the title holds '|' or a control character");
	}
	return (NULL);
}

/* Follow the <from to> mapping list at path in query, once. */
static char *
mw_map_title(xmlNode *query, const char *list, const char *title)
{
	xmlNode	*n;
	char	*from, *to;

	n = apixml_child(query, list);
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		from = apixml_attr(n, "from");
		if (from != NULL && strcmp(from, title) == 0) {
			to = apixml_attr(n, "to");
			free(from);
			if (to != NULL)
				return (to);
		} else
			free(from);
	}
	return (xstrdup(title));
}

/* The <page> whose title is title, or NULL. */
static xmlNode *
mw_find_page(xmlNode *pages, const char *title)
{
	xmlNode	*n;
	char	*t;
	int	 same;

	for (n = apixml_child(pages, "page"); n != NULL;
	    n = apixml_next(n, "page")) {
		t = apixml_attr(n, "title");
		same = t != NULL && strcmp(t, title) == 0;
		free(t);
		if (same)
			return (n);
	}
	return (NULL);
}

/* Fill pg from its <page> element of one answer. */
static void
mw_fill_page(struct mw_page *pg, xmlNode *page, const char *start)
{
	xmlNode	*rev, *slot;

	if (pg->starttimestamp == NULL && start != NULL)
		pg->starttimestamp = xstrdup(start);
	if (apixml_has(page, "invalid")) {
		pg->invalid = 1;
		free(pg->text);
		pg->text = apixml_attr(page, "invalidreason");
		return;
	}
	if (apixml_has(page, "missing")) {
		pg->missing = 1;
		return;
	}
	pg->pageid = apixml_long(page, "pageid", 0);
	if ((rev = apixml_path(page, "revisions/rev")) == NULL ||
	    pg->timestamp != NULL)
		return;
	pg->revid = apixml_long(rev, "revid", 0);
	pg->timestamp = apixml_attr(rev, "timestamp");
	pg->user = apixml_attr(rev, "user");
	if ((slot = apixml_path(rev, "slots/slot")) != NULL)
		pg->text = apixml_text(slot, &pg->textlen);
}

/* Read pages[0..n) (titles already set) in one batch. */
static int
mw_read_batch(struct mwapi *mw, struct mw_page *pages, size_t n, int flags,
    char **cause)
{
	struct mw_params	 p = { .n = 0 };
	struct buf		 titles;
	xmlDoc			*doc;
	xmlNode			*root, *query, *page;
	char			*t, *r, *start;
	size_t			 i, base, rounds = 0;
	int			 more;

	buf_init(&titles, BUF_UNLIMITED);
	for (i = 0; i < n; i++) {
		if (pages[i].invalid)
			continue;
		buf_printf(&titles, "%s%s", titles.len > 0 ? "|" : "",
		    pages[i].title);
	}
	if (titles.len == 0) {
		buf_free(&titles);
		return (0);
	}
	mw_param(&p, "action", "query");
	mw_param(&p, "prop", "revisions");
	mw_param(&p, "rvprop", (flags & MW_READ_TEXT) ?
	    "ids|timestamp|user|content" : "ids|timestamp|user");
	mw_param(&p, "rvslots", "main");
	mw_param(&p, "curtimestamp", "1");
	if (flags & MW_READ_REDIRECTS)
		mw_param(&p, "redirects", "1");
	mw_param(&p, "titles", buf_str(&titles));
	buf_free(&titles);
	/* Continuation parameters follow base; each answer replaces them. */
	base = p.n;
	do {
		if ((doc = mw_call(mw, MW_REQ_READ, &p, MWR_RESEND,
		    cause)) == NULL) {
			mw_params_free(&p);
			return (-1);
		}
		root = xmlDocGetRootElement(doc);
		query = apixml_child(root, "query");
		start = apixml_attr(root, "curtimestamp");
		for (i = 0; i < n; i++) {
			if (pages[i].invalid && pages[i].text != NULL)
				continue;
			t = mw_map_title(query, "normalized", pages[i].title);
			if (flags & MW_READ_REDIRECTS) {
				r = mw_map_title(query, "redirects", t);
				pages[i].redirected |= strcmp(r, t) != 0;
				free(t);
				t = r;
			}
			free(pages[i].wiki_title);
			pages[i].wiki_title = t;
			if ((page = mw_find_page(apixml_child(query, "pages"),
			    t)) != NULL)
				mw_fill_page(&pages[i], page, start);
		}
		free(start);
		more = mw_continue(root, &p, base);
		xmlFreeDoc(doc);
		if (more && ++rounds > MW_CONTINUE_MAX) {
			mw_params_free(&p);
			*cause = xstrdup("the wiki kept asking to continue");
			return (mw_fail(mw, MW_ERR_MALFORMED));
		}
	} while (more);
	mw_params_free(&p);
	return (0);
}

int
mwapi_read(struct mwapi *mw, const char *const *titles, size_t n, int flags,
    struct mw_page **pagesp, char **cause)
{
	struct mw_page	*pages;
	const char	*why;
	size_t		 i, batch, done;

	mw->err = MW_OK;
	pages = xcalloc(n > 0 ? n : 1, sizeof *pages);
	for (i = 0; i < n; i++) {
		pages[i].title = xstrdup(titles[i]);
		if ((why = mw_title_unsendable(titles[i])) != NULL) {
			pages[i].invalid = 1;
			pages[i].text = xstrdup(why);
		}
	}
	batch = mw->account.highlimits ? MW_BATCH_HIGH : MW_BATCH;
	for (done = 0; done < n; done += batch) {
		if (mw_read_batch(mw, pages + done, n - done < batch ?
		    n - done : batch, flags, cause) != 0) {
			mw_pages_free(pages, n);
			return (-1);
		}
	}
	*pagesp = pages;
	return (0);
}

int
mwapi_parsetree(struct mwapi *mw, long revid, char **xml, size_t *len,
    char **cause)
{
	struct mw_params	 p = { .n = 0 };
	xmlDoc			*doc;
	xmlNode			*tree;

	mw->err = MW_OK;
	*xml = NULL;
	*len = 0;
	mw_param(&p, "action", "parse");
	mw_paramf(&p, "oldid", "%ld", revid);
	mw_param(&p, "prop", "parsetree");
	doc = mw_call(mw, MW_REQ_READ, &p, MWR_RESEND, cause);
	mw_params_free(&p);
	if (doc == NULL)
		return (-1);
	/* The tree is XML as text inside the answer: parsed again later. */
	tree = apixml_path(xmlDocGetRootElement(doc), "parse/parsetree");
	if (tree == NULL) {
		xmlFreeDoc(doc);
		*cause = xasprintf("revision %ld: the wiki sent no parse tree",
		    revid);
		return (mw_fail(mw, MW_ERR_MALFORMED));
	}
	*xml = apixml_text(tree, len);
	xmlFreeDoc(doc);
	return (0);
}

int
mwapi_first_edit_by(struct mwapi *mw, long pageid, const char *user,
    long after, long *revid, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	xmlDoc			*doc;
	xmlNode			*rev;
	long			 id;

	mw->err = MW_OK;
	*revid = 0;
	mw_param(&p, "action", "query");
	mw_param(&p, "prop", "revisions");
	mw_paramf(&p, "pageids", "%ld", pageid);
	mw_param(&p, "rvprop", "ids");
	mw_param(&p, "rvuser", user);
	mw_param(&p, "rvdir", "newer");
	/* rvstartid is inclusive: after itself may come first. */
	mw_param(&p, "rvlimit", "2");
	if (after > 0)
		mw_paramf(&p, "rvstartid", "%ld", after);
	doc = mw_call(mw, MW_REQ_READ, &p, MWR_RESEND, cause);
	mw_params_free(&p);
	if (doc == NULL)
		return (-1);
	rev = apixml_path(xmlDocGetRootElement(doc),
	    "query/pages/page/revisions/rev");
	for (; rev != NULL; rev = apixml_next(rev, "rev")) {
		if ((id = apixml_long(rev, "revid", 0)) > after) {
			*revid = id;
			break;
		}
	}
	xmlFreeDoc(doc);
	return (0);
}
