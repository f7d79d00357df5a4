/*
 * What MediaWiki does to wikitext it saves that does not depend on the
 * wiki: line ends become "\n" ("\r\n" and a lone "\r" alike), white space
 * at the end of the page goes (PHP's rtrim: space, tab, "\n", "\r", NUL,
 * vertical tab), and the text is put in Unicode NFC (MediaWiki normalizes
 * every request's input).  Knowing this, wikisync can tell what the wiki
 * will store for an edit without reading it back.
 *
 * Not predicted: what the parser's pre-save transform expands ("~~~~",
 * "{{subst:...}}", the pipe trick "[[a (b)|]]").  Escaped values can
 * never hold those; a template's own text should not either.
 */
#ifndef PRESAVE_H
#define PRESAVE_H

#include <stddef.h>

/*
 * The text (len bytes) as MediaWiki would store it, newly allocated and
 * NUL-terminated, its length in *outlen; NULL with *cause if the text is
 * not valid UTF-8 or holds a NUL (MediaWiki would change those;
 * wikisync refuses them).
 * With trim 0 the end of the text is kept: for a part of a page.
 */
char	*presave(const char *text, size_t len, int trim, size_t *outlen,
	    char **cause);

#endif
