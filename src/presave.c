/*
 * MediaWiki's save-time normalization of wikitext: line ends, white
 * space at the end of the page, Unicode NFC.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "presave.h"
#include "log.h"
#include "text.h"
#include "xmalloc.h"

/* PHP's rtrim() default set. */
static int
presave_trimmed(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\0' || c == '\v');
}

char *
presave(const char *text, size_t len, int trim, size_t *outlen, char **cause)
{
	utf8proc_uint8_t	*nfc = NULL;
	utf8proc_ssize_t	 r;
	char			*lf;
	size_t			 i, n, step;
	int32_t			 cp;

	/* Check UTF-8 first: utf8proc would stop at the first bad byte. */
	for (i = 0; i < len; i += step) {
		step = text_utf8_decode((const unsigned char *)text + i,
		    len - i, &cp);
		if (cp == -1 || cp == 0) {
			*cause = xasprintf("%s at byte %zu", cp == 0 ?
			    "NUL" : "invalid UTF-8", i + 1);
			return (NULL);
		}
	}
	lf = xmalloc(len + 1);
	for (i = 0, n = 0; i < len; i++) {
		if (text[i] == '\r') {
			lf[n++] = '\n';
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
		} else
			lf[n++] = text[i];
	}
	if (trim) {
		while (n > 0 && presave_trimmed(lf[n - 1]))
			n--;
	}
	lf[n] = '\0';
	r = utf8proc_map((const utf8proc_uint8_t *)lf, (utf8proc_ssize_t)n,
	    &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	free(lf);
	if (r < 0)
		fatalx("utf8proc: %s", utf8proc_errmsg(r));
	*outlen = (size_t)r;
	return ((char *)nfc);
}
