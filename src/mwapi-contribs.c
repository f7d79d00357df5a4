/*
 * What a campaign's participants did on a wiki, for its statistics: their
 * contributions in a window (list=usercontribs), what the wiki makes of
 * their names (list=users), and the users a section of a page links to
 * (action=parse).  Batched and continued as page reads are.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "apixml.h"
#include "buf.h"
#include "date.h"
#include "mwapi-int.h"
#include "strv.h"
#include "suggest.h"
#include "text.h"
#include "xmalloc.h"

#define MW_HEADINGS_SHOWN	10	/* headings named by "no section" */

/* One call of mwapi_usercontribs. */
struct mw_uc {
	mw_contrib_fn	 fn;
	void		*arg;
	struct strv	 seen;		/* users of earlier batches, sorted */
	struct strv	 now;		/* users of this batch */
};

/* Why a user name cannot go into a '|'-separated list, or NULL. */
static const char *
mw_name_unsendable(const char *s)
{
	const unsigned char	*p;

	if (*s == '\0')
		return ("the name is empty");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '|' || *p < 0x20 || *p == 0x7f)
			return ("the name holds '|' or a control character");
	}
	return (NULL);
}

/* names[0..n) as one value, "A|B|C". */
static char *
mw_join(const char *const *names, size_t n)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i > 0 ? "|" : "", names[i]);
	return (buf_detach(&b));
}

static int
mw_strcmp_p(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * Hand one <item> to the caller, unless its user was in an earlier batch.
 * -1 if the caller stopped.
 */
static int
mw_contrib_item(struct mw_uc *uc, xmlNode *item)
{
	struct mw_contrib	 c;
	char			*user, *title, *ts;
	int			 ret;

	if ((user = apixml_attr(item, "user")) == NULL)
		user = xstrdup("");
	if (uc->seen.n > 0 && bsearch(&user, uc->seen.v, uc->seen.n,
	    sizeof *uc->seen.v, mw_strcmp_p) != NULL) {
		free(user);
		return (0);
	}
	/* The wiki groups a batch's contributions by user. */
	if (uc->now.n == 0 || strcmp(uc->now.v[uc->now.n - 1], user) != 0)
		strv_push(&uc->now, xstrdup(user));
	title = apixml_attr(item, "title");
	ts = apixml_attr(item, "timestamp");
	memset(&c, 0, sizeof c);
	c.user = user;
	c.pageid = apixml_long(item, "pageid", 0);
	c.revid = apixml_long(item, "revid", 0);
	c.ns = apixml_long(item, "ns", 0);
	c.title = title != NULL ? title : "";
	c.timestamp = ts != NULL ? ts : "";
	c.sizediff = apixml_long(item, "sizediff", 0);
	c.created = apixml_has(item, "new");
	ret = uc->fn(&c, uc->arg) == 0 ? 0 : -1;
	free(user);
	free(title);
	free(ts);
	return (ret);
}

/*
 * One batch of users (the last parameter of p), through its
 * continuations.  -1 with *cause, or with *cause NULL if the caller
 * stopped.
 */
static int
mw_contribs_batch(struct mwapi *mw, struct mw_uc *uc, struct mw_params *p,
    char **cause)
{
	xmlDoc		*doc;
	xmlNode		*root, *item;
	size_t		 base = p->n, rounds = 0, i;
	int		 more;

	do {
		if ((doc = mw_call(mw, MW_REQ_READ, p, MWR_RESEND,
		    cause)) == NULL)
			return (-1);
		root = xmlDocGetRootElement(doc);
		item = apixml_child(apixml_path(root, "query/usercontribs"),
		    "item");
		for (; item != NULL; item = apixml_next(item, "item")) {
			if (mw_contrib_item(uc, item) != 0) {
				xmlFreeDoc(doc);
				*cause = NULL;
				return (-1);
			}
		}
		more = mw_continue(root, p, base);
		xmlFreeDoc(doc);
		if (more && ++rounds > MW_CONTINUE_MAX) {
			*cause = xstrdup("the wiki kept asking to continue");
			return (mw_fail(mw, MW_ERR_MALFORMED));
		}
	} while (more);
	/* Later batches skip these users: the wiki counted them here. */
	for (i = 0; i < uc->now.n; i++)
		strv_push(&uc->seen, uc->now.v[i]);
	free(uc->now.v);
	memset(&uc->now, 0, sizeof uc->now);
	if (uc->seen.n > 1)
		qsort(uc->seen.v, uc->seen.n, sizeof *uc->seen.v, mw_strcmp_p);
	return (0);
}

/* Refuse a window that ends before it starts: the wiki says nothing. */
static int
mw_window_check(struct mwapi *mw, const char *start, const char *end,
    char **cause)
{
	struct isodate	 s, e;
	const char	*why;

	if (start == NULL || end == NULL ||
	    date_parse(start, &s, &why) != 0 || date_parse(end, &e, &why) != 0)
		return (0);
	if (date_compare(&s, &e) <= 0)
		return (0);
	*cause = xasprintf("window from '%s' to '%s' ends before it starts",
	    start, end);
	return (mw_fail(mw, MW_ERR_API));
}

int
mwapi_usercontribs(struct mwapi *mw, const char *const *users, size_t n,
    const char *start, const char *end, const char *namespaces, long limit,
    mw_contrib_fn fn, void *arg, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	struct mw_uc		 uc;
	const char		*why;
	char			*list;
	size_t			 i, done, batch, base;
	int			 ret = 0;

	mw->err = MW_OK;
	*cause = NULL;
	for (i = 0; i < n; i++) {
		if ((why = mw_name_unsendable(users[i])) != NULL) {
			*cause = xasprintf("user '%s': %s", users[i], why);
			return (mw_fail(mw, MW_ERR_BADUSER));
		}
	}
	if (mw_window_check(mw, start, end, cause) != 0)
		return (-1);
	memset(&uc, 0, sizeof uc);
	uc.fn = fn;
	uc.arg = arg;
	mw_param(&p, "action", "query");
	mw_param(&p, "list", "usercontribs");
	mw_param(&p, "ucprop", "ids|title|timestamp|sizediff|flags");
	mw_param(&p, "ucdir", "newer");
	if (limit > 0)
		mw_paramf(&p, "uclimit", "%ld", limit);
	else
		mw_param(&p, "uclimit", "max");
	/* With ucdir=newer, ucstart is the older end. */
	if (start != NULL)
		mw_param(&p, "ucstart", start);
	if (end != NULL)
		mw_param(&p, "ucend", end);
	if (namespaces != NULL && *namespaces != '\0')
		mw_param(&p, "ucnamespace", namespaces);
	base = p.n;
	batch = mw->account.highlimits ? MW_BATCH_HIGH : MW_BATCH;
	for (done = 0; done < n && ret == 0; done += batch) {
		mw_params_truncate(&p, base);
		list = mw_join(users + done, n - done < batch ? n - done :
		    batch);
		mw_param(&p, "ucuser", list);
		free(list);
		ret = mw_contribs_batch(mw, &uc, &p, cause);
	}
	mw_params_free(&p);
	strv_free(&uc.seen);
	strv_free(&uc.now);
	return (ret);
}

void
mw_users_free(struct mw_user *u, size_t n)
{
	size_t	i;

	if (u == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(u[i].name);
		free(u[i].canonical);
	}
	free(u);
}

/* A name to send and where it came from, for sorting out duplicates. */
struct mw_sent {
	const char	*s;
	size_t		 i;
};

static int
mw_sent_cmp(const void *a, const void *b)
{
	const struct mw_sent	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->s, y->s)) != 0)
		return (c);
	return (x->i < y->i ? -1 : x->i > y->i);
}

/*
 * first[i]: the index of the first name equal to sent[i] (i itself for
 * the first); names not sent (NULL) are their own.
 */
static void
mw_first_of(char *const *sent, size_t n, size_t *first)
{
	struct mw_sent	*v;
	size_t		 i, m = 0;

	v = xcalloc(n > 0 ? n : 1, sizeof *v);
	for (i = 0; i < n; i++) {
		first[i] = i;
		if (sent[i] != NULL) {
			v[m].s = sent[i];
			v[m++].i = i;
		}
	}
	qsort(v, m, sizeof *v, mw_sent_cmp);
	for (i = 1; i < m; i++) {
		if (strcmp(v[i].s, v[i - 1].s) == 0)
			first[v[i].i] = first[v[i - 1].i];
	}
	free(v);
}

/*
 * Fill the entries of one answer of list=users into out.  The wiki lists
 * the invalid names first, as sent, then the others in the order sent,
 * canonicalized: so the invalid are found by name and the others by
 * rank.  An answer cut short (result size) lists a prefix of that.
 * Returns how many were resolved, or -1 if the answer does not fit.
 */
static int
mw_users_answer(xmlNode *list, struct mw_user *out, char *const *sent,
    const size_t *idx, int *done, size_t n)
{
	xmlNode	*u;
	char	*name;
	size_t	 k;
	int	 resolved = 0;

	for (u = apixml_child(list, "user"); u != NULL;
	    u = apixml_next(u, "user")) {
		if (!apixml_has(u, "invalid"))
			continue;
		if ((name = apixml_attr(u, "name")) == NULL)
			return (-1);
		for (k = 0; k < n; k++) {
			if (!done[k] && strcmp(sent[idx[k]], name) == 0)
				break;
		}
		free(name);
		if (k == n)
			return (-1);
		out[idx[k]].invalid = 1;
		done[k] = 1;
		resolved++;
	}
	k = 0;
	for (u = apixml_child(list, "user"); u != NULL;
	    u = apixml_next(u, "user")) {
		if (apixml_has(u, "invalid"))
			continue;
		while (k < n && done[k])
			k++;
		if (k == n || (name = apixml_attr(u, "name")) == NULL)
			return (-1);
		out[idx[k]].canonical = name;
		/* A name of another wiki (interwiki) is none of this one. */
		out[idx[k]].missing = apixml_has(u, "missing") ||
		    apixml_has(u, "interwiki");
		done[k] = 1;
		resolved++;
	}
	return (resolved);
}

/* The distinct names idx[0..n) (sent[] forms), in requests of n at most. */
static int
mw_users_batch(struct mwapi *mw, struct mw_user *out, char *const *sent,
    const size_t *idx, size_t n, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	struct buf		 b;
	xmlDoc			*doc;
	xmlNode			*root;
	size_t			 k, left = n;
	int			*done, r, cut;

	done = xcalloc(n > 0 ? n : 1, sizeof *done);
	while (left > 0) {
		buf_init(&b, BUF_UNLIMITED);
		for (k = 0; k < n; k++) {
			if (!done[k])
				buf_printf(&b, "%s%s", b.len > 0 ? "|" : "",
				    sent[idx[k]]);
		}
		mw_param(&p, "action", "query");
		mw_param(&p, "list", "users");
		mw_param(&p, "ususers", buf_str(&b));
		buf_free(&b);
		doc = mw_call(mw, MW_REQ_READ, &p, MWR_RESEND, cause);
		mw_params_free(&p);
		if (doc == NULL) {
			free(done);
			return (-1);
		}
		root = xmlDocGetRootElement(doc);
		r = mw_users_answer(apixml_path(root, "query/users"), out,
		    sent, idx, done, n);
		/*
		 * A cut answer is asked again for the rest, rather than
		 * through its continue, which repeats names the wiki
		 * canonicalized.
		 */
		cut = apixml_child(root, "continue") != NULL;
		xmlFreeDoc(doc);
		if (r > 0)
			left -= (size_t)r;
		if (r <= 0 || (left > 0 && !cut)) {
			for (k = 0; k < n && done[k]; k++)
				;
			*cause = xasprintf("list=users answered otherwise "
			    "than asked (user '%s')", sent[idx[k < n ? k : 0]]);
			free(done);
			return (mw_fail(mw, MW_ERR_MALFORMED));
		}
	}
	free(done);
	return (0);
}

int
mwapi_users(struct mwapi *mw, const char *const *users, size_t n,
    struct mw_user **outp, char **cause)
{
	struct mw_user	*out;
	char		**sent, *why;
	size_t		 *first, *idx, i, m = 0, batch, done;
	int		  ret = 0;

	mw->err = MW_OK;
	*outp = NULL;
	out = xcalloc(n > 0 ? n : 1, sizeof *out);
	sent = xcalloc(n > 0 ? n : 1, sizeof *sent);
	first = xcalloc(n > 0 ? n : 1, sizeof *first);
	idx = xcalloc(n > 0 ? n : 1, sizeof *idx);
	/*
	 * Sent in NFC, as the wiki would make them, each once: then every
	 * name sent has one entry in the answer.
	 */
	for (i = 0; i < n; i++) {
		out[i].name = xstrdup(users[i]);
		why = NULL;
		if (mw_name_unsendable(users[i]) != NULL ||
		    text_normalize(users[i], strlen(users[i]), 0, &sent[i],
		    &why) != 0) {
			out[i].invalid = 1;
			free(why);
		}
	}
	mw_first_of(sent, n, first);
	for (i = 0; i < n; i++) {
		if (sent[i] != NULL && first[i] == i)
			idx[m++] = i;
	}
	batch = mw->account.highlimits ? MW_BATCH_HIGH : MW_BATCH;
	for (done = 0; done < m && ret == 0; done += batch) {
		ret = mw_users_batch(mw, out, sent, idx + done,
		    m - done < batch ? m - done : batch, cause);
	}
	for (i = 0; i < n && ret == 0; i++) {
		if (first[i] == i)
			continue;
		out[i].invalid = out[first[i]].invalid;
		out[i].missing = out[first[i]].missing;
		if (out[first[i]].canonical != NULL)
			out[i].canonical = xstrdup(out[first[i]].canonical);
	}
	for (i = 0; i < n; i++)
		free(sent[i]);
	free(sent);
	free(first);
	free(idx);
	if (ret != 0) {
		mw_users_free(out, n);
		return (-1);
	}
	*outp = out;
	return (0);
}

/*
 * A heading as the reader sees it, in place: white space runs (no-break
 * spaces too, which French spacing puts in) as one space, ends trimmed.
 */
static void
mw_squeeze(char *s)
{
	char	*r = s, *w = s;
	int	 space = 0;

	while (*r != '\0') {
		if (*r == ' ' || (*r >= '\t' && *r <= '\r')) {
			space = 1;
			r++;
		} else if ((unsigned char)r[0] == 0xc2 &&
		    (unsigned char)r[1] == 0xa0) {
			space = 1;
			r += 2;
		} else {
			if (space && w != s)
				*w++ = ' ';
			space = 0;
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Is s a section index of the page itself ("3"), not a template's? */
static int
mw_own_section(const char *s)
{
	if (s == NULL || *s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (0);
	}
	return (1);
}

/* The "no such section" message, with the headings there are. */
static char *
mw_nosection(const char *title, const char *want, struct strv *heads)
{
	struct buf	 b;
	const char	*near;
	size_t		 i;

	buf_init(&b, BUF_UNLIMITED);
	buf_printf(&b, "page '%s' has no section '%s'", title, want);
	if (heads->n == 0)
		buf_adds(&b, " (it has no sections)");
	else if ((near = suggest(want, (const char *const *)heads->v)) != NULL)
		buf_printf(&b, "; did you mean '%s'?", near);
	else {
		buf_adds(&b, " (it has");
		for (i = 0; i < heads->n && i < MW_HEADINGS_SHOWN; i++)
			buf_printf(&b, "%s '%s'", i > 0 ? "," : "",
			    heads->v[i]);
		if (heads->n > MW_HEADINGS_SHOWN)
			buf_printf(&b, " and %zu more",
			    heads->n - MW_HEADINGS_SHOWN);
		buf_adds(&b, ")");
	}
	return (buf_detach(&b));
}

/* A failed call's cause, saying which page. */
static int
mw_page_failed(struct mwapi *mw, const char *title, char **cause)
{
	char	*why = *cause;

	if (mw->err == MW_ERR_MISSINGTITLE)
		*cause = xasprintf("page '%s' does not exist", title);
	else
		*cause = xasprintf("page '%s': %s", title, why);
	free(why);
	return (-1);
}

/*
 * The index of the first section of title's latest revision (redirects
 * followed) whose heading reads section, and that revision.
 */
static int
mw_section_index(struct mwapi *mw, const char *title, const char *section,
    char **index, long *revid, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	struct strv		 heads = STRV_INITIALIZER;
	xmlDoc			*doc;
	xmlNode			*parse, *s;
	char			*want, *line, *text, *ix;

	*index = NULL;
	mw_param(&p, "action", "parse");
	mw_param(&p, "page", title);
	mw_param(&p, "prop", "sections|revid");
	mw_param(&p, "redirects", "1");
	doc = mw_call(mw, MW_REQ_READ, &p, MWR_RESEND, cause);
	mw_params_free(&p);
	if (doc == NULL)
		return (mw_page_failed(mw, title, cause));
	parse = apixml_child(xmlDocGetRootElement(doc), "parse");
	if ((*revid = apixml_long(parse, "revid", 0)) <= 0) {
		xmlFreeDoc(doc);
		*cause = xasprintf("page '%s': the wiki parsed no revision",
		    title);
		return (mw_fail(mw, MW_ERR_MALFORMED));
	}
	want = xstrdup(section);
	mw_squeeze(want);
	s = apixml_child(apixml_child(parse, "sections"), "s");
	for (; s != NULL && *index == NULL; s = apixml_next(s, "s")) {
		/* "T-1": a template's section, not the page's own. */
		ix = apixml_attr(s, "index");
		if (mw_own_section(ix) && (line = apixml_attr(s, "line")) !=
		    NULL) {
			text = apixml_html_text(line);
			free(line);
			mw_squeeze(text);
			if (strcmp(text, want) == 0) {
				*index = ix;
				ix = NULL;
				free(text);
			} else
				strv_push(&heads, text);
		}
		free(ix);
	}
	xmlFreeDoc(doc);
	if (*index == NULL) {
		*cause = mw_nosection(title, want, &heads);
		mw_fail(mw, MW_ERR_NOSECTION);
	}
	free(want);
	strv_free(&heads);
	return (*index != NULL ? 0 : -1);
}

/* Add the user of each link in links to namespace ns, once. */
static void
mw_link_users(xmlNode *links, long ns, struct strv *users)
{
	xmlNode	*pl;
	char	*t, *name;

	for (pl = apixml_child(links, "pl"); pl != NULL;
	    pl = apixml_next(pl, "pl")) {
		if (apixml_long(pl, "ns", -1) != ns)
			continue;
		/* "User talk:Bob": no namespace name holds a ':'. */
		t = apixml_text(pl, NULL);
		if ((name = strchr(t, ':')) != NULL && *++name != '\0' &&
		    strchr(name, '/') == NULL && !strv_contains(users, name))
			strv_push(users, xstrdup(name));
		free(t);
	}
}

int
mwapi_section_users(struct mwapi *mw, const char *title, const char *section,
    struct strv *users, long *revid, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	xmlDoc			*doc;
	xmlNode			*links;
	char			*index = NULL;

	mw->err = MW_OK;
	*revid = 0;
	if (mw_section_index(mw, title, section, &index, revid, cause) != 0)
		return (-1);
	/* That revision's section: the page may have changed since. */
	mw_param(&p, "action", "parse");
	mw_paramf(&p, "oldid", "%ld", *revid);
	mw_param(&p, "section", index);
	mw_param(&p, "prop", "links");
	free(index);
	doc = mw_call(mw, MW_REQ_READ, &p, MWR_RESEND, cause);
	mw_params_free(&p);
	if (doc == NULL)
		return (mw_page_failed(mw, title, cause));
	links = apixml_path(xmlDocGetRootElement(doc), "parse/links");
	mw_link_users(links, 2, users);
	mw_link_users(links, 3, users);
	xmlFreeDoc(doc);
	return (0);
}
