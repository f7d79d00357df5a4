/*
 * Edits: one page saved with everything a careful bot sends (bot flag,
 * assert, basetimestamp and starttimestamp for conflict detection,
 * nocreate or createonly, the text's md5), at least edit_interval
 * seconds after the previous edit, and never sent twice unless the wiki
 * certainly did not act on it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apixml.h"
#include "log.h"
#include "md5.h"
#include "mwapi-int.h"
#include "xmalloc.h"

void
mw_edit_result_free(struct mw_edit_result *r)
{
	free(r->newtimestamp);
	r->newtimestamp = NULL;
}

/* Milliseconds from a to b. */
static long
mw_ms_between(const struct timespec *a, const struct timespec *b)
{
	return ((long)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000);
}

/* Sleep out what is left of edit_interval since the last edit. */
static int
mw_edit_pace(struct mwapi *mw)
{
	struct timespec	now;
	long		left;

	if (!mw->edited || mw->edit_interval <= 0)
		return (0);
	clock_gettime(CLOCK_MONOTONIC, &now);
	left = mw->edit_interval * 1000 - mw_ms_between(&mw->last_edit, &now);
	if (left <= 0)
		return (0);
	log_debug("waiting %ld ms before the next edit (edit_interval)", left);
	return (mw_wait(mw, left));
}

/* Keep the URLs of an old spam blacklist's answer ("a|b"). */
static void
mw_spam_split(struct mwapi *mw, const char *list)
{
	size_t	n;

	while (*list != '\0') {
		n = strcspn(list, "|");
		if (n > 0)
			strv_push(&mw->spam, xstrndup(list, n));
		list += n + (list[n] == '|');
	}
}

/* An answer whose result is not Success (captcha, old spam blacklist). */
static int
mw_edit_failure(struct mwapi *mw, const struct mw_edit *e, xmlNode *edit,
    char **cause)
{
	char	*result, *spam;

	result = apixml_attr(edit, "result");
	if ((spam = apixml_attr(edit, "spamblacklist")) != NULL) {
		*cause = xasprintf("'%s': spamblacklist: the text holds "
		    "blacklisted URLs (matched: %s)", e->title, spam);
		mw_fail(mw, MW_ERR_SPAMBLACKLIST);
		mw_spam_split(mw, spam);
	} else if (apixml_child(edit, "captcha") != NULL) {
		*cause = xasprintf("'%s': the wiki asks for a CAPTCHA (the "
		    "account needs the skipcaptcha right)", e->title);
		mw_fail(mw, MW_ERR_PERMISSION);
	} else {
		*cause = xasprintf("'%s': edit result '%s'", e->title,
		    result != NULL ? result : "(none)");
		mw_fail(mw, edit == NULL ? MW_ERR_MALFORMED : MW_ERR_API);
	}
	free(result);
	free(spam);
	return (-1);
}

int
mwapi_edit(struct mwapi *mw, const struct mw_edit *e,
    struct mw_edit_result *res, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	xmlDoc			*doc;
	xmlNode			*edit;
	char			 md5[MD5_HEX_LEN + 1], *result, *why = NULL;
	size_t			 len = strlen(e->text);
	int			 ret;

	memset(res, 0, sizeof *res);
	mw->err = MW_OK;
	if (mw->assert == NULL) {
		*cause = xasprintf("'%s': not logged in", e->title);
		return (mw_fail(mw, MW_ERR_ASSERT));
	}
	if (mw->account.max_article_size > 0 &&
	    (long)len > mw->account.max_article_size) {
		*cause = xasprintf("'%s': text of %zu bytes is over the wiki's "
		    "limit of %ld", e->title, len,
		    mw->account.max_article_size);
		return (mw_fail(mw, MW_ERR_CONTENTTOOBIG));
	}
	if (mw_edit_pace(mw) != 0) {
		*cause = xasprintf("'%s': interrupted before the edit",
		    e->title);
		return (mw_fail(mw, MW_ERR_UNKNOWN_OUTCOME));
	}
	md5_hex(e->text, len, md5);
	mw_param(&p, "action", "edit");
	mw_param(&p, "title", e->title);
	mw_param(&p, "text", e->text);
	mw_param(&p, "summary", e->summary != NULL ? e->summary : "");
	mw_param(&p, "md5", md5);
	mw_param(&p, "bot", "1");
	mw_param(&p, "watchlist", "nochange");
	mw_param(&p, e->create ? "createonly" : "nocreate", "1");
	/*
	 * The revision id when we have it, and then no basetimestamp:
	 * MediaWiki 1.39 waives a conflict as "with self" when nobody else
	 * saved after basetimestamp, compared to the second, so a human
	 * edit in the same second as our base revision would be silently
	 * overwritten.  With baserevid alone the conflict stands (and a
	 * clean three-way merge is still made, keeping both edits).
	 */
	if (e->baserevid > 0)
		mw_paramf(&p, "baserevid", "%ld", e->baserevid);
	else if (e->basetimestamp != NULL)
		mw_param(&p, "basetimestamp", e->basetimestamp);
	if (e->starttimestamp != NULL)
		mw_param(&p, "starttimestamp", e->starttimestamp);
	if (e->tags != NULL && *e->tags != '\0')
		mw_param(&p, "tags", e->tags);
	doc = mw_call(mw, MW_REQ_EDIT, &p, MWR_CSRF, &why);
	mw_params_free(&p);
	clock_gettime(CLOCK_MONOTONIC, &mw->last_edit);
	mw->edited = 1;
	if (doc == NULL) {
		*cause = xasprintf("'%s': %s", e->title, why);
		free(why);
		return (-1);
	}
	edit = apixml_child(xmlDocGetRootElement(doc), "edit");
	result = apixml_attr(edit, "result");
	if (result == NULL || strcmp(result, "Success") != 0)
		ret = mw_edit_failure(mw, e, edit, cause);
	else {
		res->nochange = apixml_has(edit, "nochange");
		res->newrevid = apixml_long(edit, "newrevid", 0);
		res->oldrevid = apixml_long(edit, "oldrevid", 0);
		res->pageid = apixml_long(edit, "pageid", 0);
		res->newtimestamp = apixml_attr(edit, "newtimestamp");
		if (res->nochange)
			log_debug("'%s': the wiki had this text already (no "
			    "revision made)", e->title);
		else
			log_debug("'%s': saved as revision %ld", e->title,
			    res->newrevid);
		ret = 0;
	}
	free(result);
	xmlFreeDoc(doc);
	return (ret);
}
