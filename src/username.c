/*
 * MediaWiki names: user names in the form the wiki gives them, and the
 * spacing of page titles (MediaWiki's Title::secureAndSplit and
 * User::getCanonicalName, with the default settings).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "text.h"
#include "username.h"
#include "xmalloc.h"

#define QUOTE_WIDTH	60	/* columns of a name quoted in messages */

/* Not in a page title, a subpage, or MediaWiki's invalid characters. */
#define USERNAME_BAD	"#<>[]|{}/@:="

/* A space to MediaWiki's titles (its regular expression, with '_'). */
static int
title_space(int32_t cp)
{
	return (cp == ' ' || cp == '_' || cp == 0xa0 || cp == 0x1680 ||
	    cp == 0x180e || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000);
}

/* A directional mark or override, which MediaWiki strips from titles. */
static int
title_dropped(int32_t cp)
{
	return (cp == 0x200e || cp == 0x200f || (cp >= 0x202a &&
	    cp <= 0x202e));
}

void
title_spaces(char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*w = s;
	size_t			 len = strlen(s), i, n;
	int32_t			 cp;
	int			 space = 0;

	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(p + i, len - i, &cp);
		if (title_dropped(cp))
			continue;
		if (title_space(cp)) {
			space = 1;
			continue;
		}
		if (space && w > s)
			*w++ = ' ';
		space = 0;
		memmove(w, s + i, n);
		w += n;
	}
	*w = '\0';
}

/* "user name 'NAME': why", the name cut short for the message. */
static char *
username_bad(const char *name, const char *why)
{
	char	*q, *msg;

	q = text_truncate(name, QUOTE_WIDTH);
	msg = xasprintf("user name '%s': %s", q, why);
	free(q);
	return (msg);
}

/*
 * Letters that Wikimedia's wikis leave in lower case at the start of a
 * title ($wgOverrideUcfirstCharacters), where utf8proc has a capital:
 * Georgian Mkhedruli (Unicode 11 gave them capitals, Mtavruli, that
 * Georgian does not use so) and the German sharp s.
 */
static int
username_keep_case(int32_t cp)
{
	return (cp == 0xdf || (cp >= 0x10d0 && cp <= 0x10fa) ||
	    (cp >= 0x10fd && cp <= 0x10ff));
}

/* s (NFC, not empty) with its first character upper-cased; s is freed. */
static char *
username_upper_first(char *s)
{
	utf8proc_uint8_t	 enc[4];
	utf8proc_ssize_t	 elen;
	int32_t			 cp, up;
	size_t			 n, len = strlen(s);
	char			*out, *norm, *why;

	n = text_utf8_decode((const unsigned char *)s, len, &cp);
	if (cp < 0 || username_keep_case(cp) ||
	    (up = utf8proc_toupper(cp)) == cp)
		return (s);
	elen = utf8proc_encode_char(up, enc);
	out = xmalloc(len - n + (size_t)elen + 1);
	memcpy(out, enc, (size_t)elen);
	memcpy(out + elen, s + n, len - n + 1);
	free(s);
	if (up < 0x80)
		return (out);
	/* A capital may compose with what follows where the small did not. */
	if (text_normalize(out, strlen(out), 0, &norm, &why) == -1) {
		free(why);
		return (out);
	}
	free(out);
	return (norm);
}

char *
username_normalize(const char *name, char **cause)
{
	char		*norm, *why, *msg;
	const char	*bad;
	size_t		 len;

	if (text_normalize(name, strlen(name), 0, &norm, &why) == -1) {
		*cause = username_bad(name, why);
		free(why);
		return (NULL);
	}
	title_spaces(norm);
	if (strncasecmp(norm, "user:", 5) == 0) {
		memmove(norm, norm + 5, strlen(norm + 5) + 1);
		title_spaces(norm);
	}
	if (*norm == '\0') {
		*cause = username_bad(name, "is empty");
		free(norm);
		return (NULL);
	}
	if ((bad = strpbrk(norm, USERNAME_BAD)) != NULL) {
		msg = xasprintf("'%c' is not allowed in a user name", *bad);
		*cause = username_bad(name, msg);
		free(msg);
		free(norm);
		return (NULL);
	}
	norm = username_upper_first(norm);
	if ((len = strlen(norm)) > USERNAME_MAX) {
		msg = xasprintf("%zu bytes, longer than the limit of %d", len,
		    USERNAME_MAX);
		*cause = username_bad(name, msg);
		free(msg);
		free(norm);
		return (NULL);
	}
	return (norm);
}
