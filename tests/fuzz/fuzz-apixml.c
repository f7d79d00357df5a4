/*
 * Fuzz the API response reader: the input is a body as the wiki would
 * send it (format=xml).  A parsed body is walked the way the client
 * reads one (mwapi*.c: errors, warnings, login, userinfo, pages and
 * revisions, edits, the parse tree handed to parsetree_read).
 *
 * Asserted:
 *  - a body holding "<!DOCTYPE" or "<!ENTITY" is refused, and so is any
 *    document with a DTD or whose root is not <api>;
 *  - the accessors agree with each other and with libxml2's tree:
 *    apixml_has is apixml_attr != NULL, apixml_long reads what
 *    apixml_attr gives (or the default), apixml_path is apixml_child
 *    step by step, apixml_next visits exactly the same-named element
 *    siblings, apixml_text's length is its strlen.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apixml.h"
#include "fuzz.h"
#include "parsetree.h"
#include "xmalloc.h"

static const char *const attrs[] = {
	"code", "info", "result", "reason", "title", "from", "to", "pageid",
	"revid", "timestamp", "user", "missing", "invalid", "invalidreason",
	"newrevid", "oldrevid", "nochange", "curtimestamp", "logintoken",
	"csrftoken", "lag", "maxarticlesize", "anon", "blockid", "name",
	NULL
};

static void
check_attrs(const xmlNode *n)
{
	const char	*const *a;
	char		*v, *end;
	long		 l, want;

	for (a = attrs; *a != NULL; a++) {
		v = apixml_attr(n, *a);
		FUZZ_ASSERT(apixml_has(n, *a) == (v != NULL));
		l = apixml_long(n, *a, -42);
		want = -42;
		if (v != NULL) {
			errno = 0;
			want = strtol(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0')
				want = -42;
		}
		FUZZ_ASSERT(l == want);
		free(v);
	}
}

/* Every element below n, checked; depth bounded by libxml2 (256). */
static void
check_tree(const xmlNode *n)
{
	const xmlNode	*c, *d, *e;
	const char	*name;
	char		*text;
	size_t		 len;

	check_attrs(n);
	text = apixml_text(n, &len);
	FUZZ_ASSERT(strlen(text) == len);
	free(text);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		name = (const char *)c->name;
		/* apixml_child finds the first child of that name. */
		for (d = n->children; d != c; d = d->next)
			if (d->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)d->name, name) == 0)
				break;
		if (d == c && strlen(name) < 64 && strchr(name, '/') == NULL) {
			FUZZ_ASSERT(apixml_child(n, name) == c);
			FUZZ_ASSERT(apixml_path(n, name) == c);
		}
		/* apixml_next: the next sibling of the same name. */
		e = apixml_next(c, name);
		for (d = c->next; d != NULL; d = d->next)
			if (d->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)d->name, name) == 0)
				break;
		FUZZ_ASSERT(e == d);
		check_tree(c);
	}
}

/* The paths the client reads, as mwapi*.c reads them. */
static void
walk_client(const xmlNode *root)
{
	static const char *const paths[] = {
		"error", "warnings", "login", "edit", "edit/captcha",
		"query/userinfo", "query/userinfo/rights", "query/general",
		"query/tokens", "query/normalized", "query/redirects",
		"query/pages", "continue", "error/spamblacklist/matches",
		NULL
	};
	const char *const *p;
	const xmlNode	*n, *page;
	char		*a, *b, *tree, *cause = NULL;
	struct pt_doc	 doc;
	size_t		 len;

	for (p = paths; *p != NULL; p++) {
		n = apixml_path(root, *p);
		if (strncmp(*p, "query/", 6) == 0)
			FUZZ_ASSERT(n == apixml_path(apixml_child(root,
			    "query"), *p + 6));
	}
	for (page = apixml_child(apixml_path(root, "query/pages"), "page");
	    page != NULL; page = apixml_next(page, "page")) {
		n = apixml_path(page, "revisions/rev/slots/slot");
		a = apixml_text(n != NULL ? n : page, NULL);
		b = apixml_attr(apixml_path(page, "revisions/rev"), "revid");
		free(a);
		free(b);
	}
	if ((n = apixml_path(root, "parse/parsetree")) != NULL) {
		tree = apixml_text(n, &len);
		if (parsetree_read(tree, len, "WikiGap event", 1000, &doc,
		    &cause) == 0)
			pt_doc_free(&doc);
		else
			free(cause);
		free(tree);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDoc		*doc;
	xmlNode		*root;
	char		*cause = NULL;
	int		 hostile;

	hostile = memmem(data, size, "<!DOCTYPE", 9) != NULL ||
	    memmem(data, size, "<!ENTITY", 8) != NULL;
	if ((doc = apixml_parse((const char *)data, size, &cause)) == NULL) {
		FUZZ_ASSERT(cause != NULL);
		free(cause);
		return (0);
	}
	if (hostile)
		fuzz_fail("a body with a DOCTYPE or ENTITY was parsed");
	FUZZ_ASSERT(doc->intSubset == NULL && doc->extSubset == NULL);
	root = xmlDocGetRootElement(doc);
	FUZZ_ASSERT(root != NULL && strcmp((const char *)root->name,
	    "api") == 0);
	check_tree(root);
	walk_client(root);
	xmlFreeDoc(doc);
	return (0);
}
