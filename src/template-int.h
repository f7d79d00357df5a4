/*
 * The parsed form of a template, shared by the parser and renderer
 * (template.c) and the wikitext context pass (template-ctx.c).
 */
#ifndef TEMPLATE_INT_H
#define TEMPLATE_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "template.h"

/*
 * N_LINK is made only by template_contexts(): a wiki link whose target
 * holds a value, its target's nodes in body and its label's in label,
 * without the brackets and the separator, so that the renderer can show
 * the link as text when a value cannot be its target.
 */
enum node_type {
	N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_LINK
};

struct nodes {
	struct node	**v;
	size_t		  n;
	size_t		  size;
};

struct node {
	enum node_type	  type;
	char		 *text;		/* the text, or the tag's name */
	size_t		  len;
	char		**path;		/* name split at dots; none for "." */
	uint32_t	 *hash;		/* tv_hash() of each part */
	size_t		  npath;
	unsigned int	  line;
	struct nodes	  body;		/* sections, partials, link target */
	enum template_ctx ctx;		/* N_VAR: where its value goes */
	char		 *file;		/* N_PARTIAL, N_LINK: its file */
	int		  external;	/* N_LINK: "[url label]" */
	int		  colon;	/* N_LINK: target needs a ":" first */
	int		  haslabel;	/* N_LINK: "|" or a space was there */
	struct nodes	  label;	/* N_LINK */
};

struct template {
	struct nodes	  body;
	char		 *name;		/* the file, for messages */
};

/* Set *cause to "FILE:LINE: message"; returns -1 (the parser's and the
 * context pass's errors). */
int		 template_verr(char **cause, const char *file,
		     unsigned int line, const char *fmt, va_list ap)
		     __attribute__((format(printf, 4, 0)));
struct node	*nodes_add(struct nodes *, enum node_type, unsigned int);
void		 nodes_free(struct nodes *);

#endif
