/*
 * Allocation wrappers that never return NULL: running out of memory is
 * fatal, so callers need no error path for it (as in tmux's xmalloc.c).
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Return a newly allocated formatted string. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));
/* Wipe then free a buffer that held a secret. */
void	 freezero(void *, size_t);

#endif
