/*
 * "Did you mean": the closest of a list of words to a misspelt one.
 */
#ifndef SUGGEST_H
#define SUGGEST_H

#include <stddef.h>

/*
 * The candidate closest to word by edit distance, or NULL when none is
 * close enough to be a likely typo.  cands is NULL-terminated.
 */
const char	*suggest(const char *word, const char *const *cands);

#endif
