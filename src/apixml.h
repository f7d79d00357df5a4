/*
 * Reading MediaWiki API responses (format=xml) with libxml2, safely.
 *
 * A response is parsed with XML_PARSE_NONET and never with NOENT,
 * DTDLOAD or HUGE: no entity is expanded, nothing is fetched, libxml2's
 * size limits stay on.  A body holding a DOCTYPE or an entity declaration
 * is refused before parsing: the API never sends one, so it can only be
 * an attack (billion laughs, external entities) or not the API at all.
 *
 * Accessors return newly allocated copies (free with free()) so callers
 * never mix xmlFree and free.
 */
#ifndef APIXML_H
#define APIXML_H

#include <stddef.h>

#include <libxml/tree.h>

/* Parse body; the root must be <api>.  NULL with *cause. */
xmlDoc		*apixml_parse(const char *body, size_t len, char **cause);
/*
 * The same for other XML from the wiki (a parse tree): the root must be
 * <root_name>; what names the text in messages ("parse tree").
 */
xmlDoc		*apixml_read(const char *body, size_t len,
		     const char *root_name, const char *what, char **cause);

/* The first element child of n called name, or NULL. */
xmlNode		*apixml_child(const xmlNode *n, const char *name);
/* The element at a '/'-separated path below n ("query/pages"), or NULL. */
xmlNode		*apixml_path(const xmlNode *n, const char *path);
/* The next element sibling of n called name, or NULL. */
xmlNode		*apixml_next(const xmlNode *n, const char *name);

/* Attribute name of n, newly allocated, or NULL if absent. */
char		*apixml_attr(const xmlNode *n, const char *name);
/* Is attribute name present (MediaWiki's booleans: missing="")? */
int		 apixml_has(const xmlNode *n, const char *name);
/* Attribute name as a number, or def if absent or not a number. */
long		 apixml_long(const xmlNode *n, const char *name, long def);
/* The text content of n, newly allocated (never NULL). */
char		*apixml_text(const xmlNode *n, size_t *len);

/*
 * The text that a fragment of HTML from the wiki shows (a section's
 * heading as prop=sections gives it, "<i>A</i> &amp;amp; B"): tags
 * dropped, character references decoded ("A &amp; B"), newly allocated.
 * Parsed with libxml2's HTML parser, with no network.
 */
char		*apixml_html_text(const char *html);

#endif
