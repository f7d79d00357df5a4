/*
 * The wikitext context of each value tag, decided once from the literal
 * text of the template around it (as Go's html/template does for HTML):
 * a small scanner follows links, templates, tags, comments and table
 * lines through the text nodes, sections and partials; each "<%name%>"
 * gets the context it stands in, or the template is refused where no
 * value may go.  A link whose target holds a value becomes one N_LINK
 * node, so the renderer can show it as text when a value cannot be its
 * target.  The rules are in template.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "template.h"
#include "template-int.h"
#include "wikilink.h"
#include "xmalloc.h"

#define CTX_MAXFRAMES	64	/* links, templates and tags open */
#define CTX_MAXSCHEME	16	/* target bytes kept to find a scheme */

enum frame_kind { F_TPL_NAME, F_TPL_ARG, F_ILINK, F_ELINK, F_TAG, F_COMMENT };

/* Where in a node list: node i, byte off of its text. */
struct ctx_pos {
	size_t	i;
	size_t	off;
};

/* Something open in the text: a link, template, tag or comment. */
struct ctx_frame {
	enum frame_kind		 kind;
	int			 braces;	/* templates: 2 or 3 */
	int			 label;		/* links: past the target */
	int			 values;	/* links: value tags in target */
	int			 literal;	/* links: text before a value */
	int			 colonok;	/* ILINK: that text has ':' */
	char			 lit[CTX_MAXSCHEME + 1]; /* ELINK */
	size_t			 nlit;
	struct nodes		*ns;		/* where it opened */
	struct ctx_pos		 open, sep, close;
	size_t			 seplen;
	const char		*file;
	unsigned int		 line;		/* of its first value */
};

/* A link to make into an N_LINK node once its node list is scanned. */
struct ctx_span {
	struct ctx_frame	 f;
};

struct ctx {
	struct ctx_frame	 st[CTX_MAXFRAMES];
	int			 n;
	int			 bol;		/* at the start of a line */
	int			 attrs;		/* rest of line: attributes */
	int			 cell;		/* in a cell's first part */
	int			 header;	/* a "!" line: "!!" splits */
	unsigned int		 pending;	/* value there: its line */
	const char		*file;
	unsigned int		 line;		/* of the last tag */
	char			**cause;
};

static int	ctx_nodes(struct ctx *, struct nodes *);

/* Set *cause to "FILE:LINE: message". */
static int __attribute__((format(printf, 3, 4)))
ctx_err(struct ctx *c, unsigned int line, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	template_verr(c->cause, c->file, line, fmt, ap);
	va_end(ap);
	return (-1);
}

static struct ctx_frame *
ctx_top(struct ctx *c)
{
	return (c->n > 0 ? &c->st[c->n - 1] : NULL);
}

/* Open a frame of kind at node i, offset off of ns. */
static int
ctx_push(struct ctx *c, enum frame_kind kind, struct nodes *ns, size_t i,
    size_t off)
{
	struct ctx_frame	*f;

	if (c->n == CTX_MAXFRAMES)
		return (ctx_err(c, c->line, "links, templates and tags "
		    "nested deeper than %d", CTX_MAXFRAMES));
	f = &c->st[c->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->ns = ns;
	f->open.i = i;
	f->open.off = off;
	f->file = c->file;
	return (0);
}

/* Is there a link with a value in its target below the top? */
static int
ctx_in_value_link(const struct ctx *c)
{
	int	k;

	for (k = 0; k < c->n - 1; k++) {
		if ((c->st[k].kind == F_ILINK || c->st[k].kind == F_ELINK) &&
		    c->st[k].values > 0)
			return (1);
	}
	return (0);
}

/* Append a span, a closed link with values, to *spans. */
static void
ctx_span_add(struct ctx_span **spans, size_t *n, const struct ctx_frame *f)
{
	*spans = xreallocarray(*spans, *n + 1, sizeof **spans);
	(*spans)[(*n)++].f = *f;
}

/* Is position a before position b in a node list? */
static int
ctx_before(const struct ctx_pos *a, const struct ctx_pos *b)
{
	return (a->i < b->i || (a->i == b->i && a->off < b->off));
}

/*
 * Close the top frame, a link, at node i offset off of ns; a link with
 * values in its target becomes a span of ns.
 */
static int
ctx_close_link(struct ctx *c, struct nodes *ns, size_t i, size_t off,
    struct ctx_span **spans, size_t *nspans)
{
	struct ctx_frame	*f = &c->st[--c->n];

	if (f->values == 0)
		return (0);
	if (f->ns != ns)
		return (ctx_err(c, f->line, "a link with a value in its "
		    "target must be closed in the section or file where it "
		    "opens"));
	f->close.i = i;
	f->close.off = off;
	/* A link closed before it and opened after it is inside it. */
	if (*nspans > 0 && ctx_before(&f->open, &(*spans)[*nspans - 1].f.open))
		return (ctx_err(c, f->line, "a link with a value in its "
		    "target inside another"));
	ctx_span_add(spans, nspans, f);
	return (0);
}

/* Is ch, not a NUL, one of set? */
static int
ctx_in(const char *set, char ch)
{
	return (ch != '\0' && strchr(set, ch) != NULL);
}

/*
 * An external link's target ends at s[k]: the link ends (']'), is no
 * link (a line break), or its label starts (a space, taken as the
 * separator, or another character, read again as the label's first).
 */
static int
ctx_elink_end(struct ctx *c, struct nodes *ns, size_t i, const char *s,
    size_t k, size_t *skip, struct ctx_span **spans, size_t *nspans)
{
	struct ctx_frame	*f = ctx_top(c);

	*skip = 1;
	if (s[k] == ']')
		return (ctx_close_link(c, ns, i, k, spans, nspans));
	if (s[k] == '\n') {
		/* Not a link: the wiki wants it on one line. */
		if (f->values > 0)
			return (ctx_err(c, f->line, "an external link with a "
			    "value in its target must end on its line"));
		c->n--;
		return (0);
	}
	f->label = 1;
	f->sep.i = i;
	f->sep.off = k;
	f->seplen = s[k] == ' ' ? 1 : 0;
	*skip = f->seplen;
	return (0);
}

/*
 * Is the name so far of template frame f that of a parser function whose
 * first argument follows a ':' ("{{#time:", "{{urlencode:")?  Not
 * "{{int:" (an interface message) nor "{{Template:", whose name goes on.
 */
static int
ctx_function(const struct ctx_frame *f)
{
	static const char *const	 fn[] = { "lc", "uc", "lcfirst",
	    "ucfirst", "urlencode", "anchorencode", "formatnum", "padleft",
	    "padright", NULL };
	const char *const		*p;
	size_t				 skip, n;

	skip = strspn(f->lit, " ");
	if (f->lit[skip] == '#')
		return (1);
	n = f->nlit - skip;
	while (n > 0 && f->lit[skip + n - 1] == ' ')
		n--;
	for (p = fn; *p != NULL; p++) {
		if (strlen(*p) == n && strncasecmp(f->lit + skip, *p, n) == 0)
			return (1);
	}
	return (0);
}

/* Note literal target text of a link (not a value). */
static void
ctx_target_text(struct ctx_frame *f, char ch)
{
	if (f->values > 0)
		return;
	if (f->kind == F_ELINK && f->nlit < CTX_MAXSCHEME)
		f->lit[f->nlit++] = ch;
	if (f->kind == F_ILINK && ch == ':')
		f->colonok = 1;
	if (ch != ' ')
		f->literal = 1;
}

/*
 * A table line's start at s[k] (the line's first non-blank): attributes
 * for "{|" and "|-", a cell's first part for "|", "|+" and "!".
 */
static void
ctx_table_line(struct ctx *c, const char *s, size_t k)
{
	c->bol = 0;
	if ((s[k] == '{' && s[k + 1] == '|') ||
	    (s[k] == '|' && s[k + 1] == '-'))
		c->attrs = 1;
	else if (s[k] == '|' && s[k + 1] == '}')
		return;
	else if (s[k] == '|' || s[k] == '!') {
		c->cell = 1;
		c->header = s[k] == '!';
	}
}

/* The table state at a "|" or "!" of a line of cells; bytes to skip. */
static int
ctx_cell_bar(struct ctx *c, const char *s, size_t k, size_t *skip)
{
	if ((s[k] == '|' && s[k + 1] == '|') ||
	    (s[k] == '!' && s[k + 1] == '!' && c->header)) {
		c->cell = 1;
		c->pending = 0;
		*skip = 2;
		return (0);
	}
	if (s[k] != '|')
		return (0);
	if (c->cell && c->pending != 0)
		return (ctx_err(c, c->pending, "a value in table cell "
		    "attributes (before a single '|')"));
	c->cell = 0;
	return (0);
}

/* Where the scanner is: byte k of text node i of ns, s its text. */
struct ctx_at {
	struct nodes		 *ns;
	size_t			  i;
	const char		 *s;
	size_t			  k;
	struct ctx_span		**spans;
	size_t			 *nspans;
};

/*
 * The handlers below read the byte at a, in the frame they are for, and
 * return 1 with *skip set if they took it, 0 if not, -1 on an error.
 */

/* In a comment or a tag: nothing is read until it ends. */
static int
ctx_opaque(struct ctx *c, struct ctx_frame *f, const struct ctx_at *a,
    size_t *skip)
{
	if (f->kind == F_COMMENT && strncmp(a->s + a->k, "-->", 3) == 0) {
		c->n--;
		*skip = 3;
	} else if (f->kind == F_TAG && a->s[a->k] == '>')
		c->n--;
	return (1);
}

/* A link ends at a line break: an error if a value is in its target. */
static int
ctx_link_eol(struct ctx *c, struct ctx_frame *f)
{
	if (f->values > 0)
		return (ctx_err(c, f->line, "%s with a value in its target "
		    "must end on its line", f->kind == F_ELINK ?
		    "an external link" : "a link"));
	c->n--;
	return (1);
}

/* In an external link: its target ends, its label, the link ends. */
static int
ctx_elink(struct ctx *c, struct ctx_frame *f, const struct ctx_at *a,
    size_t *skip)
{
	char	ch = a->s[a->k];

	if (!f->label) {
		if (!ctx_in(" \t\n]<>\"[", ch)) {
			ctx_target_text(f, ch);
			return (1);
		}
		if (ctx_elink_end(c, a->ns, a->i, a->s, a->k, skip, a->spans,
		    a->nspans) == -1)
			return (-1);
		return (1);
	}
	if (ch == ']')
		return (ctx_close_link(c, a->ns, a->i, a->k, a->spans,
		    a->nspans) == -1 ? -1 : 1);
	if (ch == '\n')
		return (ctx_link_eol(c, f));
	return (ch == '[');	/* no link inside a label */
}

/* In an internal link: its target, its "|", its label, "]]". */
static int
ctx_ilink(struct ctx *c, struct ctx_frame *f, const struct ctx_at *a,
    size_t *skip)
{
	char	ch = a->s[a->k];

	if (ch == ']' && a->s[a->k + 1] == ']') {
		*skip = 2;
		return (ctx_close_link(c, a->ns, a->i, a->k, a->spans,
		    a->nspans) == -1 ? -1 : 1);
	}
	if (f->label)
		return (0);
	if (ch == '|') {
		f->label = 1;
		f->sep.i = a->i;
		f->sep.off = a->k;
		f->seplen = 1;
		return (1);
	}
	if (ch == '\n')
		return (ctx_link_eol(c, f));
	ctx_target_text(f, ch);
	/* A template or a tag may be part of the target. */
	return (ch != '{' && ch != '<');
}

/* In a template: its end, the end of its name. */
static int
ctx_template(struct ctx *c, struct ctx_frame *f, const struct ctx_at *a,
    size_t *skip)
{
	const char	*s = a->s + a->k;
	size_t		 b;

	if (s[0] == '}' && s[1] == '}') {
		for (b = 0; b < (size_t)f->braces && s[b] == '}'; b++)
			;
		*skip = b;
		c->n--;
		return (1);
	}
	if (f->kind != F_TPL_NAME)
		return (0);
	if (s[0] == '|' || (s[0] == ':' && ctx_function(f))) {
		f->kind = F_TPL_ARG;
		return (1);
	}
	if (f->nlit < CTX_MAXSCHEME && s[0] != '\n')
		f->lit[f->nlit++] = s[0];
	return (0);
}

/* What opens here: a comment, a tag, a template, a link. */
static int
ctx_open(struct ctx *c, const struct ctx_at *a, size_t *skip)
{
	const char	*s = a->s + a->k;
	enum frame_kind	 kind;
	size_t		 b = 0;

	if (strncmp(s, "<!--", 4) == 0) {
		kind = F_COMMENT;
		*skip = 4;
	} else if (s[0] == '<' && ((s[1] >= 'a' && s[1] <= 'z') ||
	    (s[1] >= 'A' && s[1] <= 'Z') || s[1] == '/'))
		kind = F_TAG;
	else if (s[0] == '{' && s[1] == '{') {
		kind = F_TPL_NAME;
		while (s[b] == '{')
			b++;
		*skip = b;
	} else if (s[0] == '[') {
		kind = s[1] == '[' ? F_ILINK : F_ELINK;
		*skip = s[1] == '[' ? 2 : 1;
	} else
		return (0);
	if (ctx_push(c, kind, a->ns, a->i, a->k) == -1)
		return (-1);
	if (kind == F_TPL_NAME)
		ctx_top(c)->braces = b >= 3 ? 3 : 2;
	return (1);
}

/* The byte at a, in whatever frame is open. */
static int
ctx_byte(struct ctx *c, const struct ctx_at *a, size_t *skip)
{
	struct ctx_frame	*f = ctx_top(c);
	char			 ch = a->s[a->k];
	int			 rv = 0;

	if (ch == '\n') {
		c->bol = 1;
		c->attrs = c->cell = 0;
		c->pending = 0;
	}
	if (f != NULL && (f->kind == F_COMMENT || f->kind == F_TAG))
		rv = ctx_opaque(c, f, a, skip);
	else if (f != NULL && f->kind == F_ELINK)
		rv = ctx_elink(c, f, a, skip);
	else if (f != NULL && f->kind == F_ILINK)
		rv = ctx_ilink(c, f, a, skip);
	else if (f != NULL)
		rv = ctx_template(c, f, a, skip);
	if (rv == 0)
		rv = ctx_open(c, a, skip);
	if (rv != 0 || c->n > 0)
		return (rv);
	/* Table syntax counts only outside links, templates and tags. */
	if (c->bol && !ctx_in(" \t\n", ch))
		ctx_table_line(c, a->s, a->k);
	else if (c->cell && (ch == '|' || ch == '!'))
		return (ctx_cell_bar(c, a->s, a->k, skip));
	return (0);
}

/* Scan literal text node i of ns, s being its text. */
static int
ctx_text(struct ctx *c, struct nodes *ns, size_t i, const char *s,
    size_t len, struct ctx_span **spans, size_t *nspans)
{
	struct ctx_at	a = { ns, i, s, 0, spans, nspans };
	size_t		skip;

	for (a.k = 0; a.k < len; a.k += skip) {
		skip = 1;
		if (ctx_byte(c, &a, &skip) == -1)
			return (-1);
	}
	return (0);
}

/* The context of value tag n in an external link's target (frame f). */
static enum template_ctx
ctx_url(struct ctx_frame *f, const struct node *n)
{
	if (f->values > 0)
		return (f->values++, TEMPLATE_URL_PART);
	if (f->nlit > 0 && wikilink_scheme(f->lit, f->nlit) == 0)
		return (TEMPLATE_TEXT);		/* "[note <%x%>]": no link */
	f->line = n->line;
	f->values++;
	return (f->nlit == 0 ? TEMPLATE_URL : TEMPLATE_URL_PART);
}

/* Decide the context of value tag n, or refuse it. */
static int
ctx_value(struct ctx *c, struct node *n)
{
	struct ctx_frame	*f = ctx_top(c);

	n->ctx = TEMPLATE_TEXT;
	c->bol = 0;
	if (f == NULL) {
		if (c->attrs)
			return (ctx_err(c, n->line, "a value in table "
			    "attributes (a \"{|\" or \"|-\" line)"));
		if (c->cell && c->pending == 0)
			c->pending = n->line;
		return (0);
	}
	switch (f->kind) {
	case F_TAG:
		return (ctx_err(c, n->line, "a value inside an HTML tag"));
	case F_TPL_NAME:
		return (ctx_err(c, n->line, "a value in the name of a "
		    "template or parser function"));
	case F_ILINK:
	case F_ELINK:
		if (f->label)
			return (0);
		if (ctx_in_value_link(c))
			return (ctx_err(c, n->line, "a link with a value in "
			    "its target inside another"));
		if (f->kind == F_ELINK) {
			n->ctx = ctx_url(f, n);
			return (0);
		}
		if (f->values++ == 0)
			f->line = n->line;
		n->ctx = f->values == 1 && !f->literal ? TEMPLATE_TITLE :
		    TEMPLATE_TITLE_PART;
		return (0);
	default:
		return (0);
	}
}

/* Is the top frame a link's target? */
static int
ctx_in_target(struct ctx *c)
{
	struct ctx_frame	*f = ctx_top(c);

	return (f != NULL && (f->kind == F_ILINK || f->kind == F_ELINK) &&
	    !f->label);
}

/* Split text node i of ns at off: the rest becomes node i + 1. */
static void
ctx_split(struct nodes *ns, size_t i, size_t off)
{
	struct node	*a = ns->v[i], *b;

	b = nodes_add(ns, N_TEXT, 0);		/* at the end: move it */
	memmove(ns->v + i + 2, ns->v + i + 1,
	    (ns->n - i - 2) * sizeof *ns->v);
	ns->v[i + 1] = b;
	b->len = a->len - off;
	b->text = xmalloc(b->len + 1);
	memcpy(b->text, a->text + off, b->len);
	b->text[b->len] = '\0';
	a->len = off;
	a->text[off] = '\0';
}

/* Move nodes [from, to) of ns into dst, dropping empty text. */
static void
ctx_move(struct nodes *ns, size_t from, size_t to, struct nodes *dst)
{
	struct node	*n;
	size_t		 i;

	for (i = from; i < to; i++) {
		n = ns->v[i];
		if (n->type == N_TEXT && n->len == 0) {
			free(n->text);
			free(n);
			continue;
		}
		if (dst->n == dst->size) {
			dst->size = dst->size == 0 ? 8 : dst->size * 2;
			dst->v = xreallocarray(dst->v, dst->size,
			    sizeof *dst->v);
		}
		dst->v[dst->n++] = n;
	}
}

/* Free node i of ns (a bracket or separator split off). */
static void
ctx_drop(struct nodes *ns, size_t i)
{
	struct node	*n = ns->v[i];

	free(n->text);
	free(n);
}

/*
 * Make the link of span f (in ns) one N_LINK node: split the text nodes
 * at its brackets and separator, from the end so that the positions
 * before stay right, then move its target and label nodes into it.
 */
static void
ctx_make_link(struct nodes *ns, const struct ctx_frame *f)
{
	struct node	*l;
	size_t		 olen = f->kind == F_ILINK ? 2 : 1;
	size_t		 os, ps, cs, k, label = f->label;

	ctx_split(ns, f->close.i, f->close.off + olen);
	ctx_split(ns, f->close.i, f->close.off);
	cs = f->close.i + 1;
	ps = 0;
	if (label) {
		ctx_split(ns, f->sep.i, f->sep.off + f->seplen);
		ctx_split(ns, f->sep.i, f->sep.off);
		ps = f->sep.i + 1;
		cs += 2;
	}
	ctx_split(ns, f->open.i, f->open.off + olen);
	ctx_split(ns, f->open.i, f->open.off);
	os = f->open.i + 1;
	ps += 2;
	cs += 2;

	l = xcalloc(1, sizeof *l);
	l->type = N_LINK;
	l->line = f->line;
	l->file = xstrdup(f->file);
	l->external = f->kind == F_ELINK;
	l->colon = f->kind == F_ILINK && !f->colonok;
	l->text = xstrdup(!label ? "" : f->kind == F_ILINK ? "|" :
	    f->seplen > 0 ? " " : "");
	l->len = strlen(l->text);
	ctx_move(ns, os + 1, label ? ps : cs, &l->body);
	if (label)
		ctx_move(ns, ps + 1, cs, &l->label);
	ctx_drop(ns, os);
	if (label)
		ctx_drop(ns, ps);
	ctx_drop(ns, cs);
	ns->v[os] = l;
	for (k = cs + 1; k < ns->n; k++)
		ns->v[os + 1 + k - cs - 1] = ns->v[k];
	ns->n -= cs - os;
}

/* A section or partial tag: never in a link's target. */
static int
ctx_nested(struct ctx *c, struct node *n)
{
	const char	*file = c->file;
	int		 rv;

	if (ctx_in_target(c))
		return (ctx_err(c, n->line, "a %s tag in a link's target",
		    n->type == N_PARTIAL ? "partial" : "section"));
	if (n->type == N_PARTIAL)
		c->file = n->file;
	rv = ctx_nodes(c, &n->body);
	c->file = file;
	return (rv);
}

/* Scan node list ns, then make its links with values into N_LINKs. */
static int
ctx_nodes(struct ctx *c, struct nodes *ns)
{
	struct ctx_span	*spans = NULL;
	struct node	*n;
	size_t		 i, nspans = 0;
	int		 k, rv = 0;

	for (i = 0; i < ns->n && rv == 0; i++) {
		n = ns->v[i];
		c->line = n->line != 0 ? n->line : c->line;
		switch (n->type) {
		case N_TEXT:
			rv = ctx_text(c, ns, i, n->text, n->len, &spans,
			    &nspans);
			break;
		case N_VAR:
			rv = ctx_value(c, n);
			break;
		case N_RAW:
			if (ctx_in_target(c))
				ctx_top(c)->literal = 1;
			c->bol = 0;
			break;
		case N_SECTION:
		case N_INVERTED:
		case N_PARTIAL:
			rv = ctx_nested(c, n);
			break;
		default:
			break;
		}
	}
	for (k = c->n; rv == 0 && k > 0; k--) {
		if (c->st[k - 1].ns == ns && c->st[k - 1].values > 0)
			rv = ctx_err(c, c->st[k - 1].line, "a link with a "
			    "value in its target is not closed");
	}
	for (i = nspans; rv == 0 && i > 0; i--)
		ctx_make_link(ns, &spans[i - 1].f);
	free(spans);
	return (rv);
}

int
template_contexts(struct template *tp, char **cause)
{
	struct ctx	c;

	memset(&c, 0, sizeof c);
	c.bol = 1;
	c.file = tp->name;
	c.cause = cause;
	return (ctx_nodes(&c, &tp->body));
}
