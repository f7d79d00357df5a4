/*
 * Safe parsing of API responses and small accessors over libxml2's tree.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "apixml.h"
#include "xmalloc.h"

/* libxml2 prints errors to stderr by default; we report them ourselves. */
static void
apixml_quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void
apixml_quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static void
apixml_init(void)
{
	static int	 done;

	if (done)
		return;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, apixml_quiet);
	xmlSetStructuredErrorFunc(NULL, apixml_quiet_structured);
	done = 1;
}

/* Does body hold "needle" anywhere (the body need not end in NUL)? */
static int
apixml_contains(const char *body, size_t len, const char *needle)
{
	return (memmem(body, len, needle, strlen(needle)) != NULL);
}

xmlDoc *
apixml_read(const char *body, size_t len, const char *root_name,
    const char *what, char **cause)
{
	xmlDoc		*doc;
	xmlNode		*root;
	xmlErrorPtr	 err;
	char		*msg, *nl;

	apixml_init();
	if (apixml_contains(body, len, "<!DOCTYPE") ||
	    apixml_contains(body, len, "<!ENTITY")) {
		*cause = xasprintf("%s holds a DOCTYPE or entity declaration, "
		    "which MediaWiki never sends; refused", what);
		return (NULL);
	}
	if (len > (size_t)INT32_MAX) {
		*cause = xasprintf("%s too large to parse", what);
		return (NULL);
	}
	xmlResetLastError();
	doc = xmlReadMemory(body, (int)len, root_name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		err = xmlGetLastError();
		msg = xstrdup(err != NULL && err->message != NULL ?
		    err->message : "unknown error");
		if ((nl = strchr(msg, '\n')) != NULL)
			*nl = '\0';
		*cause = xasprintf("malformed XML in %s (line %d: %s)", what,
		    err != NULL ? err->line : 0, msg);
		free(msg);
		return (NULL);
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		xmlFreeDoc(doc);
		*cause = xasprintf("%s has a DTD; refused", what);
		return (NULL);
	}
	if (root == NULL || root->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)root->name, root_name) != 0) {
		xmlFreeDoc(doc);
		*cause = xasprintf("%s is XML but has no <%s> root", what,
		    root_name);
		return (NULL);
	}
	return (doc);
}

xmlDoc *
apixml_parse(const char *body, size_t len, char **cause)
{
	return (apixml_read(body, len, "api", "response", cause));
}

static int
apixml_is(const xmlNode *n, const char *name)
{
	return (n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

xmlNode *
apixml_child(const xmlNode *n, const char *name)
{
	xmlNode	*c;

	if (n == NULL)
		return (NULL);
	for (c = n->children; c != NULL; c = c->next) {
		if (apixml_is(c, name))
			return (c);
	}
	return (NULL);
}

xmlNode *
apixml_next(const xmlNode *n, const char *name)
{
	xmlNode	*c;

	for (c = n->next; c != NULL; c = c->next) {
		if (apixml_is(c, name))
			return (c);
	}
	return (NULL);
}

xmlNode *
apixml_path(const xmlNode *n, const char *path)
{
	char		 part[64];
	const char	*p = path, *slash;
	size_t		 len;

	while (n != NULL && *p != '\0') {
		slash = strchr(p, '/');
		len = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (len >= sizeof part)
			return (NULL);
		memcpy(part, p, len);
		part[len] = '\0';
		n = apixml_child(n, part);
		p += len + (slash != NULL);
	}
	return ((xmlNode *)n);
}

char *
apixml_attr(const xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if (n == NULL ||
	    (v = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name)) == NULL)
		return (NULL);
	s = xstrdup((const char *)v);
	xmlFree(v);
	return (s);
}

int
apixml_has(const xmlNode *n, const char *name)
{
	return (n != NULL &&
	    xmlHasNsProp((xmlNode *)n, (const xmlChar *)name, NULL) != NULL);
}

long
apixml_long(const xmlNode *n, const char *name, long def)
{
	char	*s, *end;
	long	 v;

	if ((s = apixml_attr(n, name)) == NULL)
		return (def);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		v = def;
	free(s);
	return (v);
}

char *
apixml_text(const xmlNode *n, size_t *len)
{
	xmlChar	*v;
	char	*s;

	v = xmlNodeGetContent(n);
	s = xstrdup(v != NULL ? (const char *)v : "");
	xmlFree(v);
	if (len != NULL)
		*len = strlen(s);
	return (s);
}

char *
apixml_html_text(const char *html)
{
	htmlDocPtr	 doc;
	xmlNode		*root;
	char		*page, *s;
	size_t		 len;

	apixml_init();
	/* A whole page, so that the parser adds nothing around the text. */
	page = xasprintf("<html><body>%s</body></html>", html);
	len = strlen(page);
	doc = len > (size_t)INT32_MAX ? NULL : htmlReadMemory(page, (int)len,
	    NULL, "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING);
	free(page);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL)
		s = xstrdup(html);
	else
		s = apixml_text(root, NULL);
	xmlFreeDoc(doc);
	return (s);
}
