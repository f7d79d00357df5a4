/*
 * Making a wiki client from the config.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "mwapi.h"
#include "secret.h"
#include "wiki.h"
#include "xmalloc.h"

const char *
wiki_label(const struct conf_wiki *w)
{
	static char	label[128];

	if (*w->name == '\0')
		return ("[wiki]");
	snprintf(label, sizeof label, "[wiki %s]", w->name);
	return (label);
}

/* Read the secret named in the config; NULL with *cause. */
static char *
wiki_secret(const char *configured, char **cause)
{
	char	*path, *s, *why = NULL;
	size_t	 len;

	if ((path = secret_path(configured, cause)) == NULL)
		return (NULL);
	s = secret_read(path, &len, &why);
	if (s == NULL)
		*cause = why;
	free(path);
	return (s);
}

struct mwapi *
wiki_open(const struct conf_wiki *w, char **cause)
{
	return (wiki_open_with(w, NULL, NULL, cause));
}

struct mwapi *
wiki_open_with(const struct conf_wiki *w, mw_sleep_fn sleep, void *arg,
    char **cause)
{
	struct mwapi_config	 mc;
	struct mwapi		*mw;
	char			*secret, *why = NULL;
	const char		*file;

	if (w->api == NULL || *w->api == '\0') {
		*cause = xasprintf("%s has no api", wiki_label(w));
		return (NULL);
	}
	file = w->oauth2_token_file != NULL ? w->oauth2_token_file :
	    w->password_file;
	if (file == NULL) {
		*cause = xasprintf("%s has neither password_file nor "
		    "oauth2_token_file", wiki_label(w));
		return (NULL);
	}
	if ((secret = wiki_secret(file, &why)) == NULL) {
		*cause = xasprintf("%s: %s", wiki_label(w), why);
		free(why);
		return (NULL);
	}
	memset(&mc, 0, sizeof mc);
	mc.api = w->api;
	mc.name = wiki_label(w);
	mc.contact = w->contact;
	mc.maxlag = w->maxlag;
	mc.edit_interval = w->edit_interval;
	mc.timeout = w->timeout;
	mc.sleep = sleep;
	mc.sleep_arg = arg;
	if (w->oauth2_token_file != NULL)
		mc.oauth2_token = secret;
	else {
		mc.username = w->username;
		mc.password = secret;
	}
	mw = mwapi_new(&mc, &why);
	freezero(secret, strlen(secret) + 1);
	if (mw == NULL) {
		*cause = xasprintf("%s: %s", wiki_label(w), why);
		free(why);
	}
	return (mw);
}
