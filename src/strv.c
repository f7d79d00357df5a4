/*
 * Growable vector of owned strings.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"
#include "xmalloc.h"

void
strv_push(struct strv *sv, char *s)
{
	if (sv->n + 1 >= sv->size) {
		sv->size = sv->size == 0 ? 8 : sv->size * 2;
		sv->v = xreallocarray(sv->v, sv->size, sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strv_pushf(struct strv *sv, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	strv_push(sv, xvasprintf(fmt, ap));
	va_end(ap);
}

int
strv_contains(const struct strv *sv, const char *s)
{
	size_t	i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (1);
	return (0);
}

void
strv_free(struct strv *sv)
{
	size_t	i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->size = 0;
}
