/*
 * Fuzz wikitext_escape: every NUL-separated piece of the input is a
 * value.  Asserted (fuzz_escape_check): the output decodes to the
 * cleaned value and every character wikitext.h names is an entity, so
 * no value can open a cell, row, link, template or tag.  Also: a buffer
 * too small for the result is left exactly as it was.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "wikitext.h"
#include "xmalloc.h"

#define PIECES	8

static void
escape_one(const char *s, size_t max_chars, size_t room)
{
	struct buf	 b, small;
	static const char prefix[] = "| ";

	buf_init(&b, BUF_UNLIMITED);
	if (wikitext_escape_max(&b, s, max_chars) != 0)
		fuzz_fail("escape failed with an unlimited buffer");
	fuzz_escape_check(s, max_chars, buf_str(&b), b.len);

	/* Too small, or just right: all or nothing. */
	buf_init(&small, sizeof prefix - 1 + room);
	buf_adds(&small, prefix);
	if (wikitext_escape_max(&small, s, max_chars) == 0) {
		FUZZ_ASSERT(room >= b.len);
		FUZZ_ASSERT(small.len == sizeof prefix - 1 + b.len);
		FUZZ_ASSERT(memcmp(buf_str(&small) + sizeof prefix - 1,
		    buf_str(&b), b.len + 1) == 0);
	} else {
		FUZZ_ASSERT(room < b.len);
		FUZZ_ASSERT(strcmp(buf_str(&small), prefix) == 0);
		FUZZ_ASSERT(small.len == sizeof prefix - 1);
	}
	buf_free(&small);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data, *end = p + size, *nul;
	char		*s;
	size_t		 n = 0;

	while (p <= end && n < PIECES) {
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
			nul = end;
		s = xstrndup(p, (size_t)(nul - p));
		escape_one(s, WIKITEXT_FIELD_MAX, size * 2);
		/* Short limits, where cutting and "…" happen. */
		escape_one(s, n + size % 7, (size_t)(nul - p));
		free(s);
		p = nul + 1;
		n++;
	}
	return (0);
}
