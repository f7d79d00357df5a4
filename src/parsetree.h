/*
 * The template calls of a page, read from the wiki's own preprocessor
 * parse tree (action=parse&prop=parsetree), so that parameters are split
 * exactly where MediaWiki splits them: a '|' inside a nested template,
 * a piped link or a comment does not end a parameter, and a call inside
 * <nowiki>, <pre> or a comment is not a call.
 *
 * The tree is lossless: the page's source is its text nodes in order,
 * with "{{", "|", "}}" (and "{{{", "}}}") around template and tplarg
 * parts, and "<name attr>inner</close>" (or "<name attr/>") for
 * extension tags.  parsetree_read() rebuilds that source while it walks,
 * so every call comes with its exact byte offsets in the page; a caller
 * about to edit the page compares the rebuilt source with the page text
 * it read and refuses to edit if they differ.
 *
 * The tree is XML: parsed with libxml2, no network, no entities, no
 * DTD, nesting bounded by libxml2's default depth limit.
 */
#ifndef PARSETREE_H
#define PARSETREE_H

#include <stddef.h>

/* One parameter of a call: "name = value" or a positional value. */
struct pt_part {
	char	*name;		/* trimmed, comments dropped; NULL: positional */
	int	 index;		/* positional number (1, 2...); 0 if named */
	char	*value;		/* trimmed, comments and <noinclude> tags
				   dropped, nested calls kept as source text */
	size_t	 value_start;	/* the raw value's bytes in the source, */
	size_t	 value_end;	/* untrimmed: [value_start, value_end) */
};

/* One call of the template asked for. */
struct pt_call {
	size_t		 start;		/* offset of its "{{" in the source */
	size_t		 end;		/* just past its "}}" */
	size_t		 title_end;	/* just past the title, its trailing
					   whitespace included: where a new
					   first parameter goes */
	int		 line;		/* 1-based line of its "{{" */
	struct pt_part	*parts;		/* in source order */
	size_t		 nparts;
};

struct pt_doc {
	char		*source;	/* the page's source, rebuilt */
	size_t		 len;
	struct pt_call	*calls;		/* in source order */
	size_t		 ncalls;
};

/*
 * Read the calls of template name (as on the wiki: "WikiGap event";
 * matched with '_' as ' ', surrounding and repeated spaces ignored, the
 * first letter in either case, an optional "Template:" prefix) from xml,
 * the parse tree's XML text ("<root>...</root>").  Calls are found at
 * any depth (in headings, in other templates' parameters) but not inside
 * a call of name itself.  More than max_calls calls is an error (the
 * page is not read at all, rather than half of it).  0, or -1 with
 * *cause; doc is then empty.
 */
int	parsetree_read(const char *xml, size_t len, const char *name,
	    size_t max_calls, struct pt_doc *doc, char **cause);
void	pt_doc_free(struct pt_doc *);

/* Does title (a call's raw title text) name template name? */
int	parsetree_same_template(const char *title, const char *name);

#endif
