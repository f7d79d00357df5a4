/*
 * Logging in: a BotPassword through action=login with a login token
 * (cookies kept in memory by the HTTP handle), or an OAuth 2 owner-only
 * token sent as a bearer header; then the account's rights and the
 * wiki's page size limit in one request.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "apixml.h"
#include "log.h"
#include "mwapi-int.h"
#include "xmalloc.h"

/* The token of type ("login", "csrf") from a meta=tokens answer. */
static char *
mw_token(struct mwapi *mw, enum mw_kind kind, const char *type,
    char **cause)
{
	struct mw_params	 p = { .n = 0 };
	xmlDoc			*doc;
	char			*attr, *tok;

	mw_param(&p, "action", "query");
	mw_param(&p, "meta", "tokens");
	mw_param(&p, "type", type);
	doc = mw_call(mw, kind, &p, MWR_RESEND |
	    (kind == MW_REQ_LOGIN ? MWR_NO_ASSERT : 0), cause);
	mw_params_free(&p);
	if (doc == NULL)
		return (NULL);
	attr = xasprintf("%stoken", type);
	tok = apixml_attr(apixml_path(xmlDocGetRootElement(doc),
	    "query/tokens"), attr);
	free(attr);
	xmlFreeDoc(doc);
	if (tok == NULL || strcmp(tok, "+\\") == 0) {
		/* "+\" is the token of a logged-out session. */
		*cause = xasprintf("the wiki gave no %s token", type);
		free(tok);
		mw_fail(mw, tok == NULL ? MW_ERR_MALFORMED : MW_ERR_ASSERT);
		return (NULL);
	}
	return (tok);
}

int
mw_fetch_csrf(struct mwapi *mw, char **cause)
{
	char	*tok;

	if ((tok = mw_token(mw, MW_REQ_TOKEN, "csrf", cause)) == NULL)
		return (-1);
	mw_wipe(&mw->csrf);
	mw->csrf = tok;
	return (0);
}

/* action=login with the BotPassword. */
static int
mw_login_password(struct mwapi *mw, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	xmlDoc			*doc;
	xmlNode			*login;
	char			*tok, *result, *reason;
	int			 ret = -1;

	http_clear_cookies(mw->http);
	if ((tok = mw_token(mw, MW_REQ_LOGIN, "login", cause)) == NULL)
		return (-1);
	mw_param(&p, "action", "login");
	mw_param(&p, "lgname", mw->username);
	mw_param(&p, "lgpassword", mw->password);
	mw_param(&p, "lgtoken", tok);
	mw_wipe(&tok);
	doc = mw_call(mw, MW_REQ_LOGIN, &p, MWR_RESEND | MWR_NO_ASSERT, cause);
	mw_params_free(&p);
	if (doc == NULL)
		return (-1);
	login = apixml_child(xmlDocGetRootElement(doc), "login");
	result = apixml_attr(login, "result");
	reason = apixml_attr(login, "reason");
	if (result != NULL && strcmp(result, "Success") == 0)
		ret = 0;
	else {
		*cause = xasprintf("login as '%s' refused: %s%s", mw->username,
		    reason != NULL ? reason : result != NULL ? result :
		    "no answer", strchr(mw->username, '@') == NULL ?
		    " (use a BotPassword name such as 'Bot@app', made at "
		    "Special:BotPasswords)" : "");
		mw_fail(mw, login == NULL ? MW_ERR_MALFORMED : MW_ERR_LOGIN);
	}
	free(result);
	free(reason);
	xmlFreeDoc(doc);
	return (ret);
}

/* The account's name, rights and block, and the wiki's size limit. */
static int
mw_userinfo(struct mwapi *mw, char **cause)
{
	struct mw_params	 p = { .n = 0 };
	struct mw_account	*a = &mw->account;
	xmlDoc			*doc;
	xmlNode			*q, *ui, *r;
	char			*right;

	mw_param(&p, "action", "query");
	mw_param(&p, "meta", "userinfo|siteinfo");
	mw_param(&p, "uiprop", "rights|blockinfo");
	mw_param(&p, "siprop", "general");
	doc = mw_call(mw, MW_REQ_LOGIN, &p, MWR_RESEND | MWR_NO_ASSERT, cause);
	mw_params_free(&p);
	if (doc == NULL)
		return (-1);
	q = apixml_child(xmlDocGetRootElement(doc), "query");
	if ((ui = apixml_child(q, "userinfo")) == NULL ||
	    apixml_has(ui, "anon")) {
		*cause = xstrdup(ui == NULL ? "no userinfo in the answer" :
		    "the wiki sees no logged-in user (the token or session "
		    "was not accepted)");
		xmlFreeDoc(doc);
		return (mw_fail(mw, ui == NULL ? MW_ERR_MALFORMED :
		    MW_ERR_LOGIN));
	}
	free(a->name);
	memset(a, 0, sizeof *a);
	a->name = apixml_attr(ui, "name");
	a->blocked = apixml_has(ui, "blockid");
	for (r = apixml_child(apixml_child(ui, "rights"), "r"); r != NULL;
	    r = apixml_next(r, "r")) {
		right = apixml_text(r, NULL);
		if (strcmp(right, "bot") == 0)
			a->bot = 1;
		else if (strcmp(right, "apihighlimits") == 0)
			a->highlimits = 1;
		else if (strcmp(right, "noratelimit") == 0)
			a->noratelimit = 1;
		free(right);
	}
	a->max_article_size = apixml_long(apixml_child(q, "general"),
	    "maxarticlesize", 0);
	xmlFreeDoc(doc);
	if (a->name == NULL)
		a->name = xstrdup("?");
	return (0);
}

int
mwapi_login(struct mwapi *mw, char **cause)
{
	int	ret;

	mw->assert = NULL;
	mw->in_login = 1;
	mw_wipe(&mw->csrf);
	ret = mw->oauth2_token != NULL ? 0 : mw_login_password(mw, cause);
	if (ret == 0)
		ret = mw_userinfo(mw, cause);
	mw->in_login = 0;
	if (ret != 0)
		return (-1);
	/*
	 * assert=bot on every request once in, so a lost session fails
	 * instead of editing as an IP; an account without the bot right
	 * can only assert that it is logged in.
	 */
	mw->assert = mw->account.bot ? "bot" : "user";
	if (!mw->account.bot)
		log_warnx("%s: account '%s' has no bot right: its edits will "
		    "not be marked as bot edits", mw->where, mw->account.name);
	if (mw->account.blocked)
		log_warnx("%s: account '%s' is blocked", mw->where,
		    mw->account.name);
	log_debug("%s: logged in as '%s'%s%s", mw->where, mw->account.name,
	    mw->account.bot ? " (bot)" : "",
	    mw->account.highlimits ? " (apihighlimits)" : "");
	return (0);
}

int
mw_relogin(struct mwapi *mw, char **cause)
{
	if (mw->oauth2_token != NULL) {
		*cause = xstrdup("the OAuth 2 token was not accepted");
		return (mw_fail(mw, MW_ERR_ASSERT));
	}
	return (mwapi_login(mw, cause));
}
