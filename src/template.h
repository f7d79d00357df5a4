/*
 * Mustache templates (the public mustache spec: interpolation, sections,
 * inverted sections, comments, partials, set delimiter; no lambdas,
 * dynamic names or inheritance) with "<%" and "%>" as the default
 * delimiters, so that wiki templates "{{...}}" pass through untouched.
 *
 * A template is parsed completely, partials included, before it is
 * rendered: every syntax error is found at load time and named as
 * "FILE:LINE: message".
 *
 * Rules where the spec leaves a choice or wikisync differs:
 * - Falsy values are false, null, a missing name and the empty list.
 *   Strings are truthy, the empty string included (as in the spec's
 *   reference); give an unset field as tv_bool(0) or a TV_NULL value if
 *   a section should skip it.
 * - Interpolating a string inserts it; true and false insert "true" and
 *   "false"; null, a missing name, a list or a map insert nothing.
 * - A section over a non-empty list renders once per element with the
 *   element pushed; over any other truthy value it renders once with
 *   that value pushed (so "." names it).
 * - "<%> NAME%>" includes the file DIR/NAME.wiki, DIR being the including
 *   template's directory.  NAME is [A-Za-z0-9._-]+ without "..".  A
 *   missing partial is an error (the spec renders it as empty).  A
 *   partial starts with the delimiters the outer template started with,
 *   and its set-delimiter tags do not leak out.  A standalone partial tag
 *   indents every line of the partial by the tag's leading whitespace.
 * - A partial that includes itself, directly or not, is refused, as are
 *   partials nested deeper than TEMPLATE_MAXPARTIALS and sections nested
 *   deeper than TEMPLATE_MAXDEPTH (partials' sections counted) and more
 *   than TEMPLATE_MAXLOADS partial inclusions in one template.  Each
 *   inclusion is parsed on its own, so no partial is shared.
 * - The triple form "{{{name}}}" exists only while the delimiters are
 *   "{{" and "}}"; "&" works with any delimiters.
 */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>

#include "buf.h"

#define TEMPLATE_OPEN		"<%"
#define TEMPLATE_CLOSE		"%>"
#define TEMPLATE_MAXPARTIALS	10	/* partials within partials */
#define TEMPLATE_MAXDEPTH	64	/* sections within sections */
#define TEMPLATE_MAXLOADS	1000	/* partials included in all */
#define TEMPLATE_MAXDELIM	16	/* bytes in a delimiter */
#define TEMPLATE_MAXFILE	(1024 * 1024)

/* A context value: the data a template is rendered with. */
enum tvalue_type { TV_NULL, TV_STRING, TV_BOOL, TV_LIST, TV_MAP };
struct tvalue;

/*
 * Constructors return a new value the caller owns (until it is handed to
 * a list or map).  tv_string copies s; NULL gives a TV_NULL value.
 */
struct tvalue	*tv_null(void);
struct tvalue	*tv_string(const char *s);
struct tvalue	*tv_bool(int b);
struct tvalue	*tv_list(void);
struct tvalue	*tv_map(void);
enum tvalue_type tv_type(const struct tvalue *);
/*
 * How element i of a lazy list answers a lookup of key: 1 with *s set to
 * the value (a string, or NULL for null) if the element holds key; 2
 * with *v set to a value (a list, a map...) that arg owns; or 0 if it
 * does not hold key (the lookup goes on outwards, as for a map without
 * it).
 */
typedef int	(*tv_get_fn)(const void *arg, size_t i, const char *key,
		     const char **s, const struct tvalue **v);
/*
 * A lazy list: n maps that are never built.  A template sees a list of
 * n maps like any other, but each lookup of key in element i calls
 * get(arg, i, key, &s, &v), so the elements cost nothing until they are
 * rendered.  The list owns neither arg nor the strings and values get
 * gives: they must stay valid while it is in use.  Nothing can be
 * pushed onto it.  For large contexts whose records are held elsewhere
 * (a view's events).
 */
struct tvalue	*tv_list_lazy(size_t n, tv_get_fn get, const void *arg);
/* Append v to list (not a lazy one); the list now owns v. */
void		 tv_list_push(struct tvalue *list, struct tvalue *v);
/* Set key (copied) to v, freeing any previous value; the map owns v. */
void		 tv_map_set(struct tvalue *map, const char *key,
		     struct tvalue *v);
/* Free v and everything in it; NULL is allowed. */
void		 tv_free(struct tvalue *v);

/*
 * Escape function for "<%name%>": appends the escaped form of s to b and
 * returns 0, or -1 if b is full (buf_add's result).
 */
typedef int	(*template_escape_fn)(struct buf *b, const char *s);

/*
 * Where a "<%name%>" tag stands in the wikitext around it, as
 * template_contexts() decides from the template's own text:
 * TEMPLATE_TEXT anywhere text goes; TEMPLATE_URL first in an external
 * link's target ("[<%url%> label]"), TEMPLATE_URL_PART later in it
 * ("[https://x.example/<%path%> label]"); TEMPLATE_TITLE first in an
 * internal link's target ("[[<%page%>|label]]"), TEMPLATE_TITLE_PART
 * later in it ("[[:en:<%title%>]]").
 */
enum template_ctx {
	TEMPLATE_TEXT, TEMPLATE_URL, TEMPLATE_URL_PART, TEMPLATE_TITLE,
	TEMPLATE_TITLE_PART
};

/*
 * Escape functions by context, for template_render_esc().  text is
 * applied to "<%name%>" in text (NULL: no escaping).  link, applied to a
 * value in a link target, appends its escaped form to b and returns 0,
 * or returns 1 with *why set (b unchanged) if the value cannot be that
 * target, or -1 if b is full; if link is NULL, a link target is text.
 * When a value is refused the link is shown as text (its label if it
 * has one, else its target) and warn, if not NULL, is called with the
 * template file and line of the link, the innermost "id" of the
 * context (NULL if none: the event's id in a table), the value and why.
 * An empty or missing value shows the label (or nothing), without warn.
 */
struct template_escaper {
	template_escape_fn	  text;
	int			(*link)(struct buf *b, const char *s,
				    enum template_ctx ctx, const char **why);
	void			(*warn)(void *arg, const char *file,
				    unsigned int line, const char *id,
				    const char *value, const char *why);
	void			 *arg;
};

struct template;

/*
 * Parse the template file at path (at most TEMPLATE_MAXFILE bytes) with
 * the default delimiters; partials are looked up in path's directory.
 * Returns NULL with an allocated *cause ("FILE:LINE: message" for syntax
 * errors) on failure.
 */
struct template	*template_load(const char *path, char **cause);
/*
 * The same from text (len bytes, which may hold NULs only in plain
 * text); name is used in messages.  Partials are resolved in dir, or are
 * errors if dir is NULL.
 */
struct template	*template_parse(const char *text, size_t len,
		     const char *name, const char *dir, char **cause);
/*
 * The same starting with the delimiters open and close (non-empty, at
 * most TEMPLATE_MAXDELIM bytes, no whitespace or '='); the spec's own
 * tests use "{{" "}}".
 */
struct template	*template_parse_delims(const char *text, size_t len,
		     const char *name, const char *dir, const char *open,
		     const char *close, char **cause);
/*
 * Render with ctx (normally a TV_MAP; NULL is an empty context) into a
 * newly allocated NUL-terminated string the caller frees; its length goes
 * to *outlen if outlen is not NULL.  escape is applied to "<%name%>"
 * (NULL means no escaping); "<%&name%>" and "{{{name}}}" are raw.
 * Returns NULL with *cause ("output larger than N bytes") if the output
 * would exceed max bytes: never a partial result.
 */
char		*template_render(const struct template *,
		     const struct tvalue *ctx, template_escape_fn escape,
		     size_t max, size_t *outlen, char **cause);
/* The same with an escape function for each context. */
char		*template_render_esc(const struct template *,
		     const struct tvalue *ctx,
		     const struct template_escaper *esc, size_t max,
		     size_t *outlen, char **cause);
/*
 * Decide the wikitext context of each "<%name%>" tag from the text
 * around it (see enum template_ctx), for template_render_esc.  Returns
 * -1 with *cause ("FILE:LINE: message") for a tag where no value may
 * go: in a template or parser function name ("{{<%x%>}}"), inside an
 * HTML tag ("<span id=\"<%x%>\">"), in table, row or cell attributes
 * ("{| <%x%>", "|- <%x%>", "| <%x%> | text"); a section or partial
 * tag in a link target; a link with a value in its target that is not
 * closed where it was opened (in the same section or file).  Raw tags
 * ("<%&name%>") are trusted and may go anywhere.  Done once, after
 * parsing; 0 on success.
 */
int		 template_contexts(struct template *, char **cause);
/*
 * Does any tag of the template (partials included) look up name, alone
 * or as the first part of a dotted name?  So that a context value that
 * costs something to build need not be built when nothing reads it.
 */
int		 template_uses(const struct template *, const char *name);
/*
 * The line of the first tag that looks up name (as template_uses):
 * inverted sections only if inverted, else every other tag; a tag in a
 * partial gives the line of the partial's tag.  0 if there is none.
 */
unsigned int	 template_use_line(const struct template *, const char *name,
		     int inverted);
/* Free a template; NULL is allowed. */
void		 template_free(struct template *);

#endif
