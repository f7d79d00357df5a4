/*
 * A growable vector of owned strings, NULL-terminated so it can be walked
 * like argv.  Used for lists of errors and comma-separated config values.
 */
#ifndef STRV_H
#define STRV_H

#include <stddef.h>

struct strv {
	char	**v;		/* NULL until the first push; then v[n] == NULL */
	size_t	  n;
	size_t	  size;
};

#define STRV_INITIALIZER	{ NULL, 0, 0 }

/* Append s, which the vector now owns. */
void	strv_push(struct strv *, char *s);
/* Append a formatted string. */
void	strv_pushf(struct strv *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Is s in the vector? */
int	strv_contains(const struct strv *, const char *s);
void	strv_free(struct strv *);

#endif
