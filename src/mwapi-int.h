/*
 * The client's insides, shared by mwapi.c (requests, retries, errors),
 * mwapi-login.c, mwapi-read.c, mwapi-edit.c and mwapi-contribs.c.  Not
 * for other modules.
 */
#ifndef MWAPI_INT_H
#define MWAPI_INT_H

#include <time.h>

#include <libxml/tree.h>

#include "http.h"
#include "mwapi.h"
#include "strv.h"

struct mwapi {
	struct http		*http;
	struct http_response	 resp;
	char			*api;
	char			*where;		/* name and api, for messages */
	char			*username;
	char			*password;	/* wiped when freed */
	char			*oauth2_token;	/* wiped when freed */
	char			*user_agent;
	long			 maxlag;
	long			 edit_interval;
	int			 max_retries;
	long			 max_wait_ms;
	mw_sleep_fn		 sleep;
	void			*sleep_arg;

	struct mw_account	 account;
	const char		*assert;	/* "bot" or "user" once in */
	char			*csrf;		/* wiped when freed */
	struct timespec		 last_edit;	/* CLOCK_MONOTONIC */
	int			 edited;
	int			 in_login;	/* no re-login from inside one */

	enum mw_error		 err;
	struct strv		 spam;		/* the spam filter matched */
	unsigned long		 counts[MW_REQ_COUNT];
	unsigned int		 seed;		/* for backoff jitter */
};

/* The parameters of one request, owned; values wiped when freed. */
#define MW_PARAMS_MAX	24
struct mw_params {
	char		*key[MW_PARAMS_MAX];
	char		*value[MW_PARAMS_MAX];
	size_t		 n;
};

void	mw_param(struct mw_params *, const char *key, const char *value);
void	mw_paramf(struct mw_params *, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Drop the parameters after the first n. */
void	mw_params_truncate(struct mw_params *, size_t n);
void	mw_params_free(struct mw_params *);
/*
 * Replace the parameters after the first base with those of the answer's
 * <continue>: 1 if there was one (send again), 0 if the answer was the
 * last.
 */
int	mw_continue(xmlNode *root, struct mw_params *, size_t base);
/* Continuations of one request, at most: a wiki looping is malformed. */
#define MW_CONTINUE_MAX	1000
/* Titles or user names a request: 50, 500 with apihighlimits. */
#define MW_BATCH	50
#define MW_BATCH_HIGH	500
/* Wipe and free a secret string (password, token), leaving NULL. */
void	mw_wipe(char **);

/* Flags for mw_call. */
#define MWR_RESEND	0x1	/* safe to send again after a lost answer */
#define MWR_CSRF	0x2	/* add token=csrf, refreshed on badtoken */
#define MWR_NO_ASSERT	0x4	/* a login step: no assert, no re-login */

/*
 * Send one API request and parse the answer, retrying as mwapi.h says.
 * Returns the document (root <api>, no <error>) or NULL with *cause and
 * mw->err set.
 */
xmlDoc	*mw_call(struct mwapi *, enum mw_kind, const struct mw_params *,
	    int flags, char **cause);

/* Set mw->err and return -1: for failures found after a call. */
int	 mw_fail(struct mwapi *, enum mw_error);

/* Log in again after a lost session (mwapi-login.c). */
int	 mw_relogin(struct mwapi *, char **cause);
/* Fetch a fresh csrf token into mw->csrf. */
int	 mw_fetch_csrf(struct mwapi *, char **cause);

/* Wait ms (through the sleep hook); -1 if the hook gave up. */
int	 mw_wait(struct mwapi *, long ms);

#endif
