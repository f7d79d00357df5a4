/*
 * "Did you mean": nearest word by Levenshtein distance.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "xmalloc.h"

#define SUGGEST_MAXLEN	64

/*
 * Edit distance of a and b, both at most SUGGEST_MAXLEN bytes, counting a
 * swap of two neighbours as one edit (optimal string alignment), since
 * "lsit" for "list" is the commonest typo of all.
 */
static size_t
suggest_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, best;
	size_t	d[SUGGEST_MAXLEN + 1][SUGGEST_MAXLEN + 1];

	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return (d[la][lb]);
}

const char *
suggest(const char *word, const char *const *cands)
{
	const char	*best = NULL;
	size_t		 d, bestd = (size_t)-1, limit;

	if (strlen(word) > SUGGEST_MAXLEN)
		return (NULL);
	/* One typo per three letters, at least one, at most three. */
	limit = strlen(word) / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (; *cands != NULL; cands++) {
		if (strlen(*cands) > SUGGEST_MAXLEN)
			continue;
		d = suggest_distance(word, *cands);
		if (d < bestd) {
			bestd = d;
			best = *cands;
		}
	}
	return (bestd <= limit ? best : NULL);
}
