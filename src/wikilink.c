/*
 * Escaping values for link targets: check the value can be that target,
 * then encode what the wiki would read as markup, in a form the wiki
 * decodes back (percent-encoding or entities in a URL, entities in a
 * title).  See wikilink.h.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "wikilink.h"

/* MediaWiki's default $wgUrlProtocols (1.39). */
static const char *const wikilink_schemes[] = {
	"bitcoin:", "ftp://", "ftps://", "geo:", "git://", "gopher://",
	"http://", "https://", "irc://", "ircs://", "magnet:", "mailto:",
	"matrix:", "mms://", "news:", "nntp://", "redis://", "sftp://",
	"sip:", "sips:", "sms:", "ssh://", "svn://", "tel:", "telnet://",
	"urn:", "worldwind://", "xmpp:", "//", NULL
};

size_t
wikilink_scheme(const char *s, size_t len)
{
	const char *const	*p;
	size_t			 n;

	for (p = wikilink_schemes; *p != NULL; p++) {
		n = strlen(*p);
		if (n <= len && strncasecmp(s, *p, n) == 0)
			return (n);
	}
	return (0);
}

/*
 * Decode the UTF-8 code point at s[i] (of n bytes) into *cp; its length,
 * or 0 if the sequence is invalid.
 */
static size_t
wikilink_cp(const char *s, size_t i, size_t n, int32_t *cp)
{
	size_t	len;

	len = text_utf8_decode((const unsigned char *)s + i, n - i, cp);
	return (*cp < 0 ? 0 : len);
}

/* Add the len bytes at p to b percent-encoded. */
static int
wikilink_percent(struct buf *b, const char *p, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i;
	char			 e[3];

	for (i = 0; i < len; i++) {
		e[0] = '%';
		e[1] = hex[(unsigned char)p[i] >> 4];
		e[2] = hex[(unsigned char)p[i] & 0xf];
		if (buf_add(b, e, 3) == -1)
			return (-1);
	}
	return (0);
}

/* Add the decimal entity of the ASCII character c to b. */
static int
wikilink_entity(struct buf *b, char c)
{
	return (buf_printf(b, "&#%d;", (unsigned char)c));
}

/* How a URL carries the code point cp: 'p' percent, 'e' entity, 0 as is. */
static int
wikilink_url_form(const char *s, size_t i, int32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || cp == 0xfffd || (cp >= 0x80 &&
	    utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS))
		return ('p');
	if (cp >= 0x80)
		return (0);
	if (strchr(" []<>\"{}|'~", (int)cp) != NULL)
		return ('p');
	if (cp == '_' && s[i + 1] == '_')
		return ('p');
	if (strchr("&=!", (int)cp) != NULL)
		return ('e');
	return (0);
}

/* Undo what was added to b since len: it was refused. */
static int
wikilink_refuse(struct buf *b, size_t len, const char **why, const char *msg)
{
	b->len = len;
	if (b->data != NULL)
		b->data[len] = '\0';
	*why = msg;
	return (1);
}

int
wikilink_escape_url(struct buf *b, const char *s, int first,
    const char **why)
{
	size_t	n = strlen(s), i, len, start = b->len, scheme = 0;
	int32_t	cp;
	int	form, rv;

	if (first) {
		if ((scheme = wikilink_scheme(s, n)) == 0)
			return (wikilink_refuse(b, start, why, "not a URL "
			    "with a scheme the wiki links (http://, "
			    "https://, ...)"));
		if (scheme == n)
			return (wikilink_refuse(b, start, why, "a URL with "
			    "nothing after its scheme"));
	}
	for (i = 0; i < n; i += len) {
		if ((len = wikilink_cp(s, i, n, &cp)) == 0)
			return (wikilink_refuse(b, start, why,
			    "invalid UTF-8"));
		form = i < scheme ? 0 : wikilink_url_form(s, i, cp);
		if (form == 'p')
			rv = wikilink_percent(b, s + i, len);
		else if (form == 'e')
			rv = wikilink_entity(b, s[i]);
		else
			rv = buf_add(b, s + i, len);
		if (rv == -1) {
			wikilink_refuse(b, start, why, "");
			return (-1);
		}
	}
	return (0);
}

/* Is "." or ".." a path part of title s (n bytes)? */
static int
wikilink_relative(const char *s, size_t n)
{
	return ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' &&
	    s[1] == '.') || strncmp(s, "./", 2) == 0 ||
	    strncmp(s, "../", 3) == 0 || strstr(s, "/./") != NULL ||
	    strstr(s, "/../") != NULL || (n >= 2 &&
	    strcmp(s + n - 2, "/.") == 0) || (n >= 3 &&
	    strcmp(s + n - 3, "/..") == 0));
}

/* Does title s start with the Media namespace ("media :", any case)? */
static int
wikilink_media(const char *s)
{
	s += strspn(s, " _:");
	if (strncasecmp(s, "media", 5) != 0)
		return (0);
	s += 5;
	s += strspn(s, " _");
	return (*s == ':');
}

/* Why title s (n bytes) cannot be a link target, or NULL. */
static const char *
wikilink_title_bad(const char *s, size_t n, int first)
{
	size_t	i;

	if (n > WIKILINK_TITLE_MAX)
		return ("a title longer than 255 bytes");
	if (first && s[strspn(s, " _")] == '\0')
		return ("an empty title");
	if ((first && s[0] == '#') || (first ? strncmp(s, "::", 2) :
	    strncmp(s, ":", 1)) == 0)
		return ("not a page title");
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return ("a control character in a title");
		if (strchr("<>[]|{}", s[i]) != NULL)
			return ("a character no title may hold (< > [ ] | "
			    "{ })");
		if (s[i] == '%' && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2]))
			return ("a percent-encoded character in a title");
	}
	if (strstr(s, "~~~") != NULL)
		return ("\"~~~\" in a title");
	if (wikilink_relative(s, n))
		return ("a relative path (. or ..) in a title");
	if (first && wikilink_media(s))
		return ("a Media: link (to the file itself)");
	return (NULL);
}

int
wikilink_escape_title(struct buf *b, const char *s, int first,
    const char **why)
{
	const char	*bad;
	size_t		 n = strlen(s), i, len, start = b->len;
	int32_t		 cp;
	int		 rv;

	if ((bad = wikilink_title_bad(s, n, first)) != NULL)
		return (wikilink_refuse(b, start, why, bad));
	for (i = 0; i < n; i += len) {
		if ((len = wikilink_cp(s, i, n, &cp)) == 0)
			return (wikilink_refuse(b, start, why,
			    "invalid UTF-8"));
		if (cp >= 0x80 && cp <= 0x9f)
			return (wikilink_refuse(b, start, why,
			    "a control character in a title"));
		if (strchr("&'\"=!", s[i]) != NULL ||
		    (s[i] == '_' && s[i + 1] == '_'))
			rv = wikilink_entity(b, s[i]);
		else
			rv = buf_add(b, s + i, len);
		if (rv == -1) {
			wikilink_refuse(b, start, why, "");
			return (-1);
		}
	}
	return (0);
}

int
wikilink_escape(struct buf *b, const char *s, enum template_ctx ctx,
    const char **why)
{
	switch (ctx) {
	case TEMPLATE_URL:
	case TEMPLATE_URL_PART:
		return (wikilink_escape_url(b, s, ctx == TEMPLATE_URL, why));
	case TEMPLATE_TITLE:
	case TEMPLATE_TITLE_PART:
		return (wikilink_escape_title(b, s, ctx == TEMPLATE_TITLE,
		    why));
	default:
		*why = "not a link target";
		return (1);
	}
}
