/*
 * The client's core: creating it, sending one request with the retry
 * rules of mwapi.h, turning API error codes into enum mw_error, and
 * counting requests.  Login, reads and edits are in mwapi-*.c.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "apixml.h"
#include "buf.h"
#include "log.h"
#include "mwapi-int.h"
#include "xmalloc.h"

#define MW_DEFAULT_RETRIES	5
#define MW_DEFAULT_MAX_WAIT_MS	120000L
#define MW_DEFAULT_TIMEOUT	50	/* under half a 120 s watchdog */
#define MW_DEFAULT_CONNECT	10
#define MW_DEFAULT_RESPONSE	((size_t)64 << 20)
#define MW_FORM_MAX		((size_t)16 << 20)

static const struct {
	const char	*code;
	enum mw_error	 kind;
} mw_codes[] = {
	{ "maxlag",			MW_ERR_MAXLAG },
	{ "ratelimited",		MW_ERR_RATELIMITED },
	{ "readonly",			MW_ERR_READONLY },
	{ "badtoken",			MW_ERR_BADTOKEN },
	{ "assertbotfailed",		MW_ERR_ASSERT },
	{ "assertuserfailed",		MW_ERR_ASSERT },
	{ "assertnameduserfailed",	MW_ERR_ASSERT },
	{ "editconflict",		MW_ERR_EDITCONFLICT },
	{ "protectedpage",		MW_ERR_PROTECTED },
	{ "cascadeprotected",		MW_ERR_PROTECTED },
	{ "protectedtitle",		MW_ERR_PROTECTED },
	{ "protectednamespace",		MW_ERR_PROTECTED },
	{ "protectednamespace-interface", MW_ERR_PROTECTED },
	{ "customcssprotected",		MW_ERR_PROTECTED },
	{ "customjsprotected",		MW_ERR_PROTECTED },
	{ "blocked",			MW_ERR_BLOCKED },
	{ "autoblocked",		MW_ERR_BLOCKED },
	{ "blockedfrommail",		MW_ERR_BLOCKED },
	{ "spamblacklist",		MW_ERR_SPAMBLACKLIST },
	{ "spamprotectionmatch",	MW_ERR_SPAMBLACKLIST },
	{ "spamdetected",		MW_ERR_SPAMBLACKLIST },
	{ "contenttoobig",		MW_ERR_CONTENTTOOBIG },
	{ "pagedeleted",		MW_ERR_PAGEDELETED },
	{ "missingtitle",		MW_ERR_MISSINGTITLE },
	{ "nocreate-missing",		MW_ERR_MISSINGTITLE },
	{ "articleexists",		MW_ERR_ARTICLEEXISTS },
	{ "permissiondenied",		MW_ERR_PERMISSION },
	{ "noedit",			MW_ERR_PERMISSION },
	{ "noedit-anon",		MW_ERR_PERMISSION },
	{ "writeapidenied",		MW_ERR_PERMISSION },
	{ "mwoauth-invalid-authorization", MW_ERR_LOGIN },
	{ "baduser",			MW_ERR_BADUSER },
	{ "nosuchsection",		MW_ERR_NOSECTION },
};

/* Code prefixes: extensions' errors, and codes that name a parameter. */
static const struct {
	const char	*prefix;
	enum mw_error	 kind;
} mw_prefixes[] = {
	{ "abusefilter-",		MW_ERR_ABUSEFILTER },
	{ "globalblocking-",		MW_ERR_BLOCKED },
	{ "mwoauth-",			MW_ERR_LOGIN },
	{ "baduser_",			MW_ERR_BADUSER },	/* _ucuser */
};

static const char *const mw_error_names[MW_ERR_COUNT] = {
	"ok", "network", "timeout", "http", "toobig", "malformed", "login",
	"maxlag", "ratelimited", "readonly", "badtoken", "assert",
	"editconflict", "protected", "blocked", "spamblacklist",
	"abusefilter", "contenttoobig", "pagedeleted", "missingtitle",
	"articleexists", "permission", "unknown-outcome", "baduser",
	"nosection", "api"
};

static const char *const mw_kind_names[MW_REQ_COUNT] = {
	"login", "token", "read", "edit"
};

const char *
mw_error_name(enum mw_error e)
{
	return ((unsigned)e < MW_ERR_COUNT ? mw_error_names[e] : "?");
}

int
mw_error_exit(enum mw_error e)
{
	switch (e) {
	case MW_OK:
		return (0);
	case MW_ERR_LOGIN:
	case MW_ERR_ASSERT:
		return (EX_NOPERM);
	case MW_ERR_NETWORK:
	case MW_ERR_TIMEOUT:
	case MW_ERR_HTTP:
		return (EX_UNAVAILABLE);
	case MW_ERR_MAXLAG:
	case MW_ERR_RATELIMITED:
	case MW_ERR_READONLY:
	case MW_ERR_EDITCONFLICT:
	case MW_ERR_UNKNOWN_OUTCOME:
		return (EX_TEMPFAIL);
	case MW_ERR_TOOBIG:
	case MW_ERR_MALFORMED:
		return (EX_PROTOCOL);
	default:
		return (EX_DATAERR);
	}
}

static enum mw_error
mw_classify(const char *code)
{
	size_t	i;

	for (i = 0; i < sizeof mw_codes / sizeof mw_codes[0]; i++) {
		if (strcmp(code, mw_codes[i].code) == 0)
			return (mw_codes[i].kind);
	}
	for (i = 0; i < sizeof mw_prefixes / sizeof mw_prefixes[0]; i++) {
		if (strncmp(code, mw_prefixes[i].prefix,
		    strlen(mw_prefixes[i].prefix)) == 0)
			return (mw_prefixes[i].kind);
	}
	return (MW_ERR_API);
}

void
mw_param(struct mw_params *p, const char *key, const char *value)
{
	if (p->n == MW_PARAMS_MAX)
		fatalx("mw_param: too many parameters");
	p->key[p->n] = xstrdup(key);
	p->value[p->n] = xstrdup(value);
	p->n++;
}

void
mw_paramf(struct mw_params *p, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*v;

	va_start(ap, fmt);
	v = xvasprintf(fmt, ap);
	va_end(ap);
	mw_param(p, key, v);
	free(v);
}

void
mw_params_truncate(struct mw_params *p, size_t n)
{
	while (p->n > n) {
		p->n--;
		free(p->key[p->n]);
		freezero(p->value[p->n], strlen(p->value[p->n]) + 1);
	}
}

void
mw_params_free(struct mw_params *p)
{
	mw_params_truncate(p, 0);
}

int
mw_continue(xmlNode *root, struct mw_params *p, size_t base)
{
	xmlNode		*c;
	xmlAttr		*a;
	xmlChar		*v;

	mw_params_truncate(p, base);
	if ((c = apixml_child(root, "continue")) == NULL)
		return (0);
	for (a = c->properties; a != NULL; a = a->next) {
		v = xmlNodeGetContent((xmlNode *)a);
		mw_param(p, (const char *)a->name,
		    v != NULL ? (const char *)v : "");
		xmlFree(v);
	}
	return (1);
}

int
mw_fail(struct mwapi *mw, enum mw_error e)
{
	mw->err = e;
	return (-1);
}

struct mwapi *
mwapi_new(const struct mwapi_config *c, char **cause)
{
	struct mwapi		*mw;
	struct http_opts	 ho;
	struct timespec		 ts;

	if (c->contact == NULL || *c->contact == '\0') {
		/* Wikimedia's User-Agent policy: a way to reach the owner. */
		*cause = xstrdup("no contact set: every request must say who "
		    "runs the bot (set contact in [wiki])");
		return (NULL);
	}
	if (c->oauth2_token == NULL &&
	    (c->username == NULL || c->password == NULL)) {
		*cause = xstrdup("no username and password_file, and no "
		    "oauth2_token_file");
		return (NULL);
	}
	mw = xcalloc(1, sizeof *mw);
	mw->api = xstrdup(c->api);
	/* Log lines name the wiki: with several, the URL alone is vague. */
	mw->where = c->name != NULL ? xasprintf("%s %s", c->name, c->api) :
	    xstrdup(c->api);
	mw->user_agent = xasprintf("wikisync/%s (%s) %s", PACKAGE_VERSION,
	    c->contact, http_curl_version());
	memset(&ho, 0, sizeof ho);
	ho.user_agent = mw->user_agent;
	ho.timeout = c->timeout > 0 ? c->timeout : MW_DEFAULT_TIMEOUT;
	ho.connect_timeout = c->connect_timeout > 0 ? c->connect_timeout :
	    MW_DEFAULT_CONNECT;
	if (ho.connect_timeout > ho.timeout)
		ho.connect_timeout = ho.timeout;
	ho.low_speed_time = ho.timeout;
	ho.max_body = c->max_response > 0 ? c->max_response :
	    MW_DEFAULT_RESPONSE;
	if ((mw->http = http_new(c->api, &ho, cause)) == NULL) {
		free(mw->api);
		free(mw->where);
		free(mw->user_agent);
		free(mw);
		return (NULL);
	}
	http_response_init(&mw->resp, ho.max_body);
	if (c->username != NULL)
		mw->username = xstrdup(c->username);
	if (c->password != NULL)
		mw->password = xstrdup(c->password);
	if (c->oauth2_token != NULL) {
		mw->oauth2_token = xstrdup(c->oauth2_token);
		http_set_bearer(mw->http, mw->oauth2_token);
	}
	mw->maxlag = c->maxlag;
	mw->edit_interval = c->edit_interval;
	mw->max_retries = c->max_retries > 0 ? c->max_retries :
	    MW_DEFAULT_RETRIES;
	mw->max_wait_ms = c->max_wait_ms > 0 ? c->max_wait_ms :
	    MW_DEFAULT_MAX_WAIT_MS;
	mw->sleep = c->sleep;
	mw->sleep_arg = c->sleep_arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	mw->seed = (unsigned int)(ts.tv_nsec ^ getpid());
	return (mw);
}

void
mw_wipe(char **s)
{
	if (*s != NULL)
		freezero(*s, strlen(*s) + 1);
	*s = NULL;
}
void
mwapi_free(struct mwapi *mw)
{
	if (mw == NULL)
		return;
	http_free(mw->http);
	http_response_free(&mw->resp);
	free(mw->api);
	free(mw->where);
	free(mw->username);
	mw_wipe(&mw->password);
	mw_wipe(&mw->oauth2_token);
	mw_wipe(&mw->csrf);
	strv_free(&mw->spam);
	free(mw->user_agent);
	free(mw->account.name);
	free(mw);
}

const struct mw_account *
mwapi_account(const struct mwapi *mw)
{
	return (&mw->account);
}

enum mw_error
mwapi_error(const struct mwapi *mw)
{
	return (mw->err);
}

const struct strv *
mwapi_spam(const struct mwapi *mw)
{
	return (&mw->spam);
}

unsigned long
mwapi_requests(const struct mwapi *mw, enum mw_kind k)
{
	unsigned long	n = 0;
	int		i;

	if (k != MW_REQ_COUNT)
		return (mw->counts[k]);
	for (i = 0; i < MW_REQ_COUNT; i++)
		n += mw->counts[i];
	return (n);
}

char *
mwapi_requests_summary(const struct mwapi *mw)
{
	struct buf	 b;
	unsigned long	 n;
	int		 i;

	buf_init(&b, BUF_UNLIMITED);
	n = mwapi_requests(mw, MW_REQ_COUNT);
	buf_printf(&b, "%lu request%s (", n, n == 1 ? "" : "s");
	for (i = 0; i < MW_REQ_COUNT; i++)
		buf_printf(&b, "%s%s %lu", i > 0 ? ", " : "",
		    mw_kind_names[i], mw->counts[i]);
	buf_adds(&b, ")");
	return (buf_detach(&b));
}

static int
mw_nanosleep(long ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1) {
		if (errno != EINTR)
			return (-1);
	}
	return (0);
}

int
mw_wait(struct mwapi *mw, long ms)
{
	if (ms <= 0)
		return (0);
	if (mw->sleep != NULL)
		return (mw->sleep(ms, mw->sleep_arg));
	return (mw_nanosleep(ms));
}

/*
 * How long to wait before retry number attempt (0-based): the wiki's
 * Retry-After when it sent one, else 1 s doubling each time, with
 * jitter so that several bots do not come back in step; never longer
 * than max_wait_ms.
 */
static long
mw_backoff(struct mwapi *mw, long retry_after, int attempt)
{
	long	ms;

	if (retry_after >= 0)
		ms = retry_after * 1000;
	else {
		ms = 1000L << (attempt < 10 ? attempt : 10);
		ms = ms / 2 + (long)(rand_r(&mw->seed) % (ms / 2 + 1));
	}
	return (ms > mw->max_wait_ms ? mw->max_wait_ms : ms);
}

/* The request's form body; values are encoded, the token added last. */
static void
mw_form(struct mwapi *mw, const struct mw_params *p, int flags,
    struct buf *form)
{
	size_t	i;

	buf_reset(form);
	/* formatversion=2 is for JSON only: XML has one format. */
	buf_adds(form, "format=xml&errorformat=bc");
	buf_printf(form, "&maxlag=%ld", mw->maxlag);
	if (mw->assert != NULL && !(flags & MWR_NO_ASSERT))
		buf_printf(form, "&assert=%s", mw->assert);
	for (i = 0; i < p->n; i++) {
		buf_printf(form, "&%s=", p->key[i]);
		http_form_escape(form, p->value[i]);
	}
	/* Last, so that a body cut short never carries a valid token. */
	if ((flags & MWR_CSRF) && mw->csrf != NULL) {
		buf_adds(form, "&token=");
		http_form_escape(form, mw->csrf);
	}
}

/* The value of "action" (or "meta"/"prop"), for log lines. */
static const char *
mw_what(const struct mw_params *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->key[i], "meta") == 0 ||
		    strcmp(p->key[i], "prop") == 0 ||
		    (strcmp(p->key[i], "action") == 0 &&
		    strcmp(p->value[i], "query") != 0))
			return (p->value[i]);
	}
	return ("query");
}

/*
 * Core MediaWiki's spam filter ($wgSpamRegex) puts the text it matched
 * at the end of its message ("... our spam filter: TEXT"): keep it.
 */
static void
mw_spam_regex_match(struct mwapi *mw, const char *code, const char *info)
{
	const char	*m;

	if (code == NULL || info == NULL ||
	    (strcmp(code, "spamprotectionmatch") != 0 &&
	    strcmp(code, "spamdetected") != 0) ||
	    (m = strrchr(info, ':')) == NULL || m[1] != ' ' || m[2] == '\0')
		return;
	strv_push(&mw->spam, xstrdup(m + 2));
}

/* The <error> of a parsed answer as "code: info", with spam matches. */
static char *
mw_error_message(struct mwapi *mw, xmlNode *err, char **codep)
{
	struct buf	 b;
	xmlNode		*m, *c;
	char		*code, *info, *t;

	code = apixml_attr(err, "code");
	info = apixml_attr(err, "info");
	buf_init(&b, 64 * 1024);
	buf_printf(&b, "%s: %s", code != NULL ? code : "?",
	    info != NULL ? info : "(no message)");
	/* The spam blacklist lists the URLs it matched: say which. */
	if ((m = apixml_path(err, "spamblacklist/matches")) != NULL) {
		buf_adds(&b, " (matched:");
		for (c = m->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			t = apixml_text(c, NULL);
			buf_printf(&b, " %s", t);
			strv_push(&mw->spam, t);
		}
		buf_adds(&b, ")");
	}
	mw_spam_regex_match(mw, code, info);
	free(info);
	*codep = code != NULL ? code : xstrdup("?");
	return (buf_detach(&b));
}

/*
 * The API's warnings (deprecations, unknown parameters) at -v: they tell
 * an operator what will break with the next MediaWiki release.
 */
static void
mw_log_warnings(struct mwapi *mw, xmlDoc *doc)
{
	xmlNode	*w, *c;
	char	*t;

	if (log_verbosity() < LOG_VERBOSE ||
	    (w = apixml_child(xmlDocGetRootElement(doc), "warnings")) == NULL)
		return;
	for (c = w->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		t = apixml_text(c, NULL);
		log_debug("%s: warning from module %s: %s", mw->where,
		    (const char *)c->name, t);
		free(t);
	}
}

/* Is a transport failure or HTTP status worth sending again? */
static int
mw_transport_retry(const struct http_response *r, enum http_result hr,
    int flags)
{
	if (hr == HTTP_TOOBIG || hr == HTTP_TLS)
		return (0);
	if (hr != HTTP_OK)
		return ((flags & MWR_RESEND) || !r->sent);
	/* 429 and 503 come before the wiki acts; other 5xx may not. */
	if (r->status == 429 || r->status == 503)
		return (1);
	if (r->status >= 500)
		return ((flags & MWR_RESEND) != 0);
	return (0);
}

static enum mw_error
mw_transport_error(const struct http_response *r, enum http_result hr,
    int flags)
{
	if (!(flags & MWR_RESEND) && r->sent &&
	    (hr == HTTP_NETWORK || hr == HTTP_TIMEOUT ||
	    (hr == HTTP_OK && r->status >= 500)))
		return (MW_ERR_UNKNOWN_OUTCOME);
	switch (hr) {
	case HTTP_TIMEOUT:
		return (MW_ERR_TIMEOUT);
	case HTTP_TOOBIG:
		return (MW_ERR_TOOBIG);
	case HTTP_NETWORK:
	case HTTP_TLS:
		return (MW_ERR_NETWORK);
	default:
		return (MW_ERR_HTTP);
	}
}

/*
 * One attempt's outcome, for mw_call's loop: the document, or a reason
 * to retry (with the wait) or to fail.
 */
enum mw_step { STEP_DONE, STEP_RETRY, STEP_AGAIN, STEP_FAIL };

static enum mw_step
mw_attempt(struct mwapi *mw, enum mw_kind kind, const struct mw_params *p,
    int flags, struct buf *form, xmlDoc **docp, long *waitp, char **cause)
{
	struct http_response	*r = &mw->resp;
	enum http_result	 hr;
	xmlDoc			*doc;
	xmlNode			*err;
	char			*why = NULL, *code;
	enum mw_error		 e;

	mw_form(mw, p, flags, form);
	mw->counts[kind]++;
	/* What may not be sent twice must not be resent by libcurl either. */
	hr = http_post(mw->http, form->data, form->len,
	    (flags & MWR_RESEND) ? 0 : HTTP_ONCE, r, &why);
	/* The form may hold a password or a token. */
	explicit_bzero(form->data, form->len);
	log_debug("%s: %s: %s, HTTP %ld, %zu bytes", mw->where, mw_what(p),
	    hr == HTTP_OK ? "ok" : why, r->status, r->body.len);

	if (hr != HTTP_OK || r->status != 200) {
		if (why == NULL)
			why = xasprintf("HTTP status %ld", r->status);
		mw->err = mw_transport_error(r, hr, flags);
		*cause = why;
		*waitp = r->retry_after;
		return (mw_transport_retry(r, hr, flags) ? STEP_RETRY :
		    STEP_FAIL);
	}
	if ((doc = apixml_parse(r->body.data != NULL ? r->body.data : "",
	    r->body.len, cause)) == NULL) {
		mw->err = MW_ERR_MALFORMED;
		return (STEP_FAIL);
	}
	if ((err = apixml_child(xmlDocGetRootElement(doc), "error")) == NULL) {
		mw_log_warnings(mw, doc);
		*docp = doc;
		return (STEP_DONE);
	}
	*cause = mw_error_message(mw, err, &code);
	e = mw->err = mw_classify(code);
	free(code);
	xmlFreeDoc(doc);
	*waitp = r->retry_after;
	switch (e) {
	case MW_ERR_MAXLAG:
	case MW_ERR_RATELIMITED:
	case MW_ERR_READONLY:
		return (STEP_RETRY);
	case MW_ERR_BADTOKEN:
	case MW_ERR_ASSERT:
		return (STEP_AGAIN);
	default:
		return (STEP_FAIL);
	}
}

xmlDoc *
mw_call(struct mwapi *mw, enum mw_kind kind, const struct mw_params *p,
    int flags, char **cause)
{
	struct buf	 form;
	xmlDoc		*doc = NULL;
	char		*why = NULL;
	long		 retry_after, ms;
	int		 attempt = 0, new_token = 0, relogged = 0;
	enum mw_step	 step;

	/* The form may hold a password or a token. */
	buf_init_wipe(&form, MW_FORM_MAX);
	mw->err = MW_OK;
	strv_free(&mw->spam);
	for (;;) {
		if ((flags & MWR_CSRF) && mw->csrf == NULL &&
		    mw_fetch_csrf(mw, cause) != 0)
			break;
		retry_after = -1;
		step = mw_attempt(mw, kind, p, flags, &form, &doc,
		    &retry_after, &why);
		if (step == STEP_DONE)
			break;
		if (step == STEP_AGAIN && mw->err == MW_ERR_BADTOKEN &&
		    (flags & MWR_CSRF) && !new_token) {
			/* Tokens expire with sessions: fetch one more. */
			log_info("%s: csrf token refused (%s); fetching a new "
			    "one", mw->where, why);
			mw_wipe(&mw->csrf);
			new_token = 1;
		} else if (step == STEP_AGAIN && mw->err == MW_ERR_ASSERT &&
		    !(flags & MWR_NO_ASSERT) && !relogged && !mw->in_login) {
			log_info("%s: session lost (%s); logging in again",
			    mw->where, why);
			relogged = 1;
			free(why);
			why = NULL;
			if (mw_relogin(mw, cause) != 0)
				break;
		} else if (step == STEP_RETRY && attempt < mw->max_retries) {
			ms = mw_backoff(mw, retry_after, attempt);
			attempt++;
			log_info("%s: %s: %s; retrying in %ld.%01ld s (%d of "
			    "%d)", mw->where, mw_kind_names[kind], why,
			    ms / 1000, ms % 1000 / 100, attempt,
			    mw->max_retries);
			if (mw_wait(mw, ms) != 0) {
				*cause = xasprintf("%s; gave up waiting", why);
				break;
			}
		} else {
			if (step == STEP_RETRY)
				*cause = xasprintf("%s (after %d %s)", why,
				    attempt, attempt == 1 ? "retry" :
				    "retries");
			else
				*cause = xstrdup(why);
			free(why);
			why = NULL;
			break;
		}
		free(why);
		why = NULL;
	}
	free(why);
	buf_free(&form);
	return (doc);
}
