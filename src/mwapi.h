/*
 * The MediaWiki Action API client: login, batched page reads and edits,
 * and the reads behind campaign statistics (contributions, user names,
 * the users a section links to), the way a bot that is a guest on
 * someone's wiki must make them.
 *
 * One client talks to one wiki through one reused HTTP handle (http.h),
 * one request at a time.  Every request carries maxlag and, once logged
 * in, assert=bot (or assert=user for an account without the bot right),
 * so a lost session fails instead of acting as an IP.  Requests the wiki
 * asks us to repeat later (maxlag, ratelimited, readonly, HTTP 429 and
 * 5xx, timeouts) are retried a bounded number of times after Retry-After
 * or a capped exponential backoff with jitter; an edit is repeated only
 * when the wiki certainly did not act on it; a certificate that cannot be
 * verified is not retried.  badtoken refreshes the csrf token once; a
 * failed assertion logs in again once.  Two edits are at least
 * edit_interval seconds apart.
 *
 * Errors: functions return -1 with an allocated *cause naming the page
 * where there is one, and mwapi_error() tells the kind, so callers can
 * act on an edit conflict and commands can pick an exit status.
 *
 * The client knows nothing of events, tables or the registry.
 */
#ifndef MWAPI_H
#define MWAPI_H

#include <stddef.h>

struct mwapi;
struct strv;

/* What went wrong, as the API or the network said it. */
enum mw_error {
	MW_OK = 0,
	MW_ERR_NETWORK,		/* refused, reset, dropped mid-body, TLS */
	MW_ERR_TIMEOUT,
	MW_ERR_HTTP,		/* an HTTP status other than 200 */
	MW_ERR_TOOBIG,		/* response over the size cap */
	MW_ERR_MALFORMED,	/* not a well-formed API response */
	MW_ERR_LOGIN,		/* login refused */
	MW_ERR_MAXLAG,
	MW_ERR_RATELIMITED,
	MW_ERR_READONLY,
	MW_ERR_BADTOKEN,
	MW_ERR_ASSERT,		/* assertbotfailed, assertuserfailed */
	MW_ERR_EDITCONFLICT,
	MW_ERR_PROTECTED,	/* protectedpage, cascadeprotected... */
	MW_ERR_BLOCKED,
	MW_ERR_SPAMBLACKLIST,	/* the matched URLs are in the message */
	MW_ERR_ABUSEFILTER,
	MW_ERR_CONTENTTOOBIG,
	MW_ERR_PAGEDELETED,
	MW_ERR_MISSINGTITLE,
	MW_ERR_ARTICLEEXISTS,
	MW_ERR_PERMISSION,	/* permissiondenied and the like */
	MW_ERR_UNKNOWN_OUTCOME,	/* an edit whose answer was lost */
	MW_ERR_BADUSER,		/* not a valid user name (usercontribs) */
	MW_ERR_NOSECTION,	/* the page has no such section */
	MW_ERR_API,		/* any other API error code */
	MW_ERR_COUNT
};

/* What a request was for, to count them. */
enum mw_kind {
	MW_REQ_LOGIN,		/* login token, login, account info */
	MW_REQ_TOKEN,		/* csrf token */
	MW_REQ_READ,
	MW_REQ_EDIT,
	MW_REQ_COUNT
};

/* Sleep for ms milliseconds; return -1 to give up waiting (a signal). */
typedef int	(*mw_sleep_fn)(long ms, void *arg);

struct mwapi_config {
	const char	*api;		/* https://.../w/api.php */
	const char	*name;		/* for messages, "[wiki en]"; or NULL */
	const char	*username;	/* a BotPassword name, "Bot@app" */
	const char	*password;	/* copied; wiped when freed */
	const char	*oauth2_token;	/* instead of username/password */
	const char	*contact;	/* URL or e-mail for the User-Agent */
	long		 maxlag;	/* seconds */
	long		 edit_interval;	/* seconds between two edits */
	/* Limits; 0 takes the default given. */
	int		 max_retries;	/* 5 */
	long		 max_wait_ms;	/* longest single wait: 120000 */
	long		 timeout;	/* whole request, s: 50 */
	long		 connect_timeout;	/* s: 10 */
	size_t		 max_response;	/* bytes: 64 MiB */
	mw_sleep_fn	 sleep;		/* NULL: nanosleep */
	void		*sleep_arg;
};

/* The account, as the wiki reported it at login. */
struct mw_account {
	char		*name;
	int		 bot;		/* has the bot right */
	int		 highlimits;	/* apihighlimits: 500 titles a read */
	int		 noratelimit;
	int		 blocked;
	long		 max_article_size;	/* bytes; 0 if unknown */
};

/* A page, as read. */
struct mw_page {
	char		*title;		/* as asked */
	char		*wiki_title;	/* after normalization and redirects */
	int		 missing;
	int		 invalid;	/* the reason is in text */
	int		 redirected;	/* wiki_title is a redirect's target */
	long		 pageid;
	long		 revid;		/* latest revision */
	char		*timestamp;	/* of that revision (basetimestamp) */
	char		*user;		/* who saved it; NULL if hidden */
	char		*starttimestamp;	/* when it was read */
	char		*text;		/* with MW_READ_TEXT, else NULL */
	size_t		 textlen;
};

#define MW_READ_TEXT		0x1	/* fetch the text, not only ids */
#define MW_READ_REDIRECTS	0x2	/* follow redirects */

struct mw_edit {
	const char	*title;
	const char	*text;
	const char	*summary;
	/* The revision the text came from: baserevid is used if not 0. */
	long		 baserevid;
	const char	*basetimestamp;
	const char	*starttimestamp;
	int		 create;	/* createonly; else nocreate */
	const char	*tags;		/* "|"-separated change tags, or NULL */
};

struct mw_edit_result {
	long		 oldrevid;	/* the page's latest revision when saved:
					   not the base revision if the wiki
					   merged an edit made meanwhile */
	long		 newrevid;	/* 0 if nochange */
	long		 pageid;	/* of the page saved (or created) */
	char		*newtimestamp;
	int		 nochange;	/* the wiki had this text already */
};

/* A client for the wiki; nothing is sent yet.  NULL with *cause. */
struct mwapi	*mwapi_new(const struct mwapi_config *, char **cause);
void		 mwapi_free(struct mwapi *);

/*
 * Log in (BotPassword) or check the OAuth 2 token, and learn the
 * account's rights.  -1 with *cause; a refused login is MW_ERR_LOGIN.
 */
int		 mwapi_login(struct mwapi *, char **cause);
const struct mw_account *mwapi_account(const struct mwapi *);

/*
 * Read n pages in batches of 50 titles (500 with apihighlimits),
 * following continuation.  *pages gets n entries in the order asked;
 * missing and invalid titles are entries with missing or invalid set,
 * not errors.  -1 with *cause if a request fails.
 */
int		 mwapi_read(struct mwapi *, const char *const *titles, size_t n,
		     int flags, struct mw_page **pages, char **cause);
void		 mw_pages_free(struct mw_page *, size_t n);

/*
 * The preprocessor parse tree of revision revid (action=parse&oldid=N
 * &prop=parsetree), as the XML text of its <root> (see parsetree.h) in
 * *xml, newly allocated, *len bytes.  -1 with *cause.
 */
int		 mwapi_parsetree(struct mwapi *, long revid, char **xml,
		     size_t *len, char **cause);

/*
 * The first revision of page pageid that user saved after revision
 * after (0: from the page's creation) into *revid, 0 if there is none.
 * -1 with *cause if the request fails.
 */
int		 mwapi_first_edit_by(struct mwapi *, long pageid,
		     const char *user, long after, long *revid, char **cause);

/* One contribution, as list=usercontribs gives it. */
struct mw_contrib {
	const char	*user;		/* as the wiki names it */
	long		 pageid;
	long		 revid;
	long		 ns;
	const char	*title;
	const char	*timestamp;	/* ISO 8601 UTC, 2023-03-08T10:00:00Z */
	long		 sizediff;	/* bytes, may be negative; a creation's
					   is the page's size */
	int		 created;	/* it created the page ("new") */
};
/*
 * Called per contribution; the strings are valid during the call only.
 * Return 0 to go on, -1 to stop: mwapi_usercontribs then sends nothing
 * more and returns -1 with *cause NULL and mwapi_error() MW_OK, so the
 * caller, which knows why it stopped, can tell it from a failure.
 */
typedef int	(*mw_contrib_fn)(const struct mw_contrib *, void *arg);

/*
 * Every contribution of the n users between start and end (ISO 8601
 * UTC, both inclusive; NULL leaves that side open) in namespaces ("0|4",
 * "" or NULL for all), read with list=usercontribs and ucdir=newer:
 * users go 50 to a request (500 with apihighlimits) as ucuser=A|B|...,
 * continuation followed, uclimit=max (limit > 0 sets it instead: for
 * tests and benchmarks), ucprop ids|title|timestamp|sizediff|flags.
 *
 * Order: batch after batch; within a batch the wiki's, which groups the
 * contributions by user (in its internal order of accounts, not by name
 * nor by the order asked) and gives each user's oldest first.  A user
 * named in two batches (under any spelling: "alice", "Alice", "User:
 * Alice") is counted in the first only.  Only revisions of existing
 * pages are listed: a deleted page's are in the archive, not here.  A
 * name the wiki does not know is no error and gives nothing: ask
 * mwapi_users() first to tell "no contributions" from "no such user".
 *
 * -1 with *cause if a request fails; an invalid name (an IP is valid
 * here) fails the whole call as MW_ERR_BADUSER, naming it; a window that
 * ends before it starts fails too, instead of giving nothing.
 */
int		 mwapi_usercontribs(struct mwapi *, const char *const *users,
		     size_t n, const char *start, const char *end,
		     const char *namespaces, long limit, mw_contrib_fn fn,
		     void *arg, char **cause);

/* What the wiki says of a user name (list=users). */
struct mw_user {
	char	*name;		/* as asked */
	char	*canonical;	/* as the wiki writes it, NULL if invalid */
	int	 missing;	/* no such user on this wiki */
	int	 invalid;	/* not a valid user name there */
};
/*
 * The n users, batched as usercontribs; *out gets n entries in order,
 * to free with mw_users_free.  The wiki canonicalizes: "alice", "Alice"
 * and "User:Alice" are all "Alice"; '_' is a space.  Invalid: IP
 * addresses, names with '#', '/' or '|', control characters or bad
 * UTF-8 (the last two decided here, without asking), and what else the
 * wiki refuses.  A missing user has its canonical name all the same.
 * -1 with *cause if a request fails or an answer does not match what
 * was asked (MW_ERR_MALFORMED).
 */
int		 mwapi_users(struct mwapi *, const char *const *users,
		     size_t n, struct mw_user **out, char **cause);
void		 mw_users_free(struct mw_user *, size_t n);

/*
 * The users a section of a page links to: the user names of the links
 * to root user pages (namespace 2, "User:Alice", not "User:Alice/Sandbox")
 * and user talk pages (namespace 3, as signatures make them) inside the
 * section whose heading is section, at the page's latest revision,
 * redirects followed.
 *
 * Read from the wiki's own parse: action=parse&prop=sections finds the
 * section's index (headings compared as the wiki shows them: markup and
 * character references resolved, white space runs as one space, ends
 * trimmed, case kept; the first such section; sections that templates
 * bring in are skipped), then prop=links of that section alone (with its
 * subsections), of the revision the first parse read.  Links that
 * templates make count, as the reader sees them.
 *
 * Each user once, appended to *users (struct strv, strv.h; a name
 * already there is not added again): first those whose user page is
 * linked, then those linked only by their talk page, each group in the
 * order of first appearance (the wiki's prop=links lists links by
 * namespace, so their order across namespaces is lost).  The revision
 * parsed in *revid.
 *
 * -1 with *cause: a missing page is MW_ERR_MISSINGTITLE, a page without
 * that section MW_ERR_NOSECTION (the cause lists the headings there are),
 * a network failure its own kind.
 */
int		 mwapi_section_users(struct mwapi *, const char *title,
		     const char *section, struct strv *users, long *revid,
		     char **cause);

/*
 * Save a page.  Waits out edit_interval since the previous edit first.
 * 0 with the result filled (newtimestamp to free with
 * mw_edit_result_free), or -1 with *cause: MW_ERR_EDITCONFLICT when
 * someone saved the page since basetimestamp.
 */
int		 mwapi_edit(struct mwapi *, const struct mw_edit *,
		     struct mw_edit_result *, char **cause);
void		 mw_edit_result_free(struct mw_edit_result *);

/* The kind of the last failure (MW_OK after a success). */
enum mw_error	 mwapi_error(const struct mwapi *);
struct strv;
/*
 * After an MW_ERR_SPAMBLACKLIST failure, what the wiki's spam filter
 * matched: the SpamBlacklist extension's URLs, or the text $wgSpamRegex
 * matched (core's "spamprotectionmatch", read from the message's end);
 * empty if the wiki did not say.  Valid until the next request.
 */
const struct strv *mwapi_spam(const struct mwapi *);
/* "editconflict", "maxlag"... for messages and tests. */
const char	*mw_error_name(enum mw_error);
/* The sysexits.h status for a failure of this kind. */
int		 mw_error_exit(enum mw_error);

/* Requests sent (each retry counts) of one kind, or all for MW_REQ_COUNT. */
unsigned long	 mwapi_requests(const struct mwapi *, enum mw_kind);
/* "3 requests (login 3, token 0, read 0, edit 0)", newly allocated. */
char		*mwapi_requests_summary(const struct mwapi *);

#endif
