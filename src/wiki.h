/*
 * A wiki client made from a [wiki] section of the config: the secret
 * read from its file (checked as secret.h says), the limits taken from
 * the section.  The glue between conf.h and mwapi.h, so that neither
 * knows the other.
 */
#ifndef WIKI_H
#define WIKI_H

#include "mwapi.h"

struct conf_wiki;

/*
 * A client for section w, not yet logged in; NULL with *cause (a bad
 * or unsafe secret file, a bad URL).  The secret is wiped from memory
 * as soon as the client holds its copy.
 */
struct mwapi	*wiki_open(const struct conf_wiki *w, char **cause);
/* The same, with the client's waits made through sleep (see mwapi.h). */
struct mwapi	*wiki_open_with(const struct conf_wiki *w, mw_sleep_fn sleep,
		     void *arg, char **cause);

/* "[wiki]" or "[wiki NAME]", for messages; static storage. */
const char	*wiki_label(const struct conf_wiki *w);

#endif
