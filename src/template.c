/*
 * Mustache templates: a parser that turns template text (and its
 * partials) into a tree of nodes, and a renderer that walks the tree
 * against a stack of context values.  The rules are in template.h.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "strv.h"
#include "template.h"
#include "template-int.h"
#include "xmalloc.h"

#define NONE	((size_t)-1)

/*
 * Values are made by the thousand for a view's context, so they are kept
 * small: a string is one allocation with its text inline, a list or map
 * one allocation plus its entries (and, for a map, one buffer holding
 * every key), and every null is the same shared, never freed value.  A
 * map entry carries its key's hash, so finding a key compares numbers in
 * one array and calls strcmp only to confirm.
 *
 * A lazy list is one allocation whatever its length.  Its elements are
 * never allocated: rendering makes each one on the C stack when a
 * section reaches it (a TV_MAP with lazy and i set), and a lookup in one
 * gives a string made on the stack as well (s pointing at the getter's
 * text), which lives as long as the render_nodes frame that asked.
 */
struct tvalue {
	enum tvalue_type	  type;
	int			  b;		/* TV_BOOL */
	struct tv_items		 *c;		/* stored TV_LIST, TV_MAP */
	const struct tv_lazy	 *lazy;		/* lazy list, or its element */
	size_t			  i;		/* which element */
	const char		 *s;		/* TV_STRING */
};

struct tv_lazy {
	size_t			  n;
	tv_get_fn		  get;
	const void		 *arg;
};

struct tv_entry {
	struct tvalue		 *v;
	uint32_t		  key;		/* TV_MAP: offset in keys */
	uint32_t		  hash;		/* TV_MAP: tv_hash(key) */
};

struct tv_items {
	struct tv_entry		 *e;
	size_t			  n;
	size_t			  size;
	char			 *keys;		/* TV_MAP: NUL-terminated */
	size_t			  klen;
	size_t			  ksize;
};

struct parser {
	const char	 *text;
	size_t		  len;
	size_t		  pos;		/* end of the last tag */
	const char	 *name;
	const char	 *dir;
	char		  open[TEMPLATE_MAXDELIM + 2];
	char		  close[TEMPLATE_MAXDELIM + 2];
	const char	 *iopen;	/* delimiters partials start with */
	const char	 *iclose;
	size_t		  lpos;		/* line counted up to here */
	unsigned int	  line;
	int		  depth;	/* sections open, outer files too */
	struct strv	 *chain;	/* partials being parsed */
	int		 *loads;	/* partials loaded so far */
	char		**cause;
};

struct render {
	struct buf			  b;
	const struct tvalue		**stack;
	size_t				  n;
	size_t				  size;
	const struct template_escaper	 *esc;
};

static int	parse_body(struct parser *, struct nodes *, struct node *);
static int	nodes_use(const struct nodes *, const char *);
static int	render_nodes(struct render *, const struct nodes *);

static struct tvalue	tv_the_null = { TV_NULL, 0, NULL, NULL, 0, NULL };

struct tvalue *
tv_null(void)
{
	return (&tv_the_null);
}

struct tvalue *
tv_string(const char *s)
{
	struct tvalue	*v;
	size_t		 len;

	if (s == NULL)
		return (tv_null());
	len = strlen(s);
	v = xcalloc(1, sizeof *v + len + 1);
	v->type = TV_STRING;
	v->s = memcpy(v + 1, s, len + 1);
	return (v);
}

struct tvalue *
tv_bool(int b)
{
	struct tvalue	*v;

	v = xcalloc(1, sizeof *v);
	v->type = TV_BOOL;
	v->b = !!b;
	return (v);
}

/* An empty list or map, its items header in the same allocation. */
static struct tvalue *
tv_container(enum tvalue_type type)
{
	struct tvalue	*v;

	v = xcalloc(1, sizeof *v + sizeof *v->c);
	v->type = type;
	v->c = (struct tv_items *)(v + 1);
	return (v);
}

struct tvalue *
tv_list(void)
{
	return (tv_container(TV_LIST));
}

struct tvalue *
tv_map(void)
{
	return (tv_container(TV_MAP));
}

struct tvalue *
tv_list_lazy(size_t n, tv_get_fn get, const void *arg)
{
	struct tvalue	*v;
	struct tv_lazy	*l;

	v = xcalloc(1, sizeof *v + sizeof *l);
	l = (struct tv_lazy *)(v + 1);
	l->n = n;
	l->get = get;
	l->arg = arg;
	v->type = TV_LIST;
	v->lazy = l;
	return (v);
}

enum tvalue_type
tv_type(const struct tvalue *v)
{
	return (v == NULL ? TV_NULL : v->type);
}

/* Make room for one more item in a list or map. */
static void
tv_grow(struct tv_items *c)
{
	if (c->n < c->size)
		return;
	c->size = c->size == 0 ? 8 : c->size * 2;
	c->e = xreallocarray(c->e, c->size, sizeof *c->e);
}

void
tv_list_push(struct tvalue *list, struct tvalue *v)
{
	struct tv_items	*c = list->c;

	if (list->lazy != NULL)
		fatalx("tv_list_push on a lazy list");
	tv_grow(c);
	c->e[c->n].v = v;
	c->e[c->n].key = 0;
	c->e[c->n++].hash = 0;
}

/* FNV-1a of a map key; *len gets its length. */
static uint32_t
tv_hash(const char *key, size_t *len)
{
	const char	*p;
	uint32_t	 h = 2166136261U;

	for (p = key; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 16777619U;
	}
	if (len != NULL)
		*len = (size_t)(p - key);
	return (h);
}

/* The index of key (whose tv_hash is hash) in a map's items, or NONE. */
static size_t
tv_find(const struct tv_items *c, const char *key, uint32_t hash)
{
	size_t	i;

	for (i = 0; i < c->n; i++) {
		if (c->e[i].hash == hash &&
		    strcmp(c->keys + c->e[i].key, key) == 0)
			return (i);
	}
	return (NONE);
}

/*
 * The value of key (whose tv_hash is hash) in map, or NULL.  A value from
 * a lazy element is made in *tmp.
 */
static const struct tvalue *
tv_get(const struct tvalue *map, const char *key, uint32_t hash,
    struct tvalue *tmp)
{
	const struct tvalue	*v = NULL;
	const char		*s = NULL;
	size_t			 i;
	int			 got;

	if (map == NULL || map->type != TV_MAP)
		return (NULL);
	if (map->lazy != NULL) {
		if ((got = map->lazy->get(map->lazy->arg, map->i, key, &s,
		    &v)) == 0)
			return (NULL);
		if (got == 2)
			return (v != NULL ? v : &tv_the_null);
		if (s == NULL)
			return (&tv_the_null);
		memset(tmp, 0, sizeof *tmp);
		tmp->type = TV_STRING;
		tmp->s = s;
		return (tmp);
	}
	if ((i = tv_find(map->c, key, hash)) == NONE)
		return (NULL);
	return (map->c->e[i].v);
}

void
tv_map_set(struct tvalue *map, const char *key, struct tvalue *v)
{
	struct tv_items	*c = map->c;
	size_t		 len, i;
	uint32_t	 hash;

	hash = tv_hash(key, &len);
	if ((i = tv_find(c, key, hash)) != NONE) {
		tv_free(c->e[i].v);
		c->e[i].v = v;
		return;
	}
	len++;
	if (len > UINT32_MAX - c->klen)
		fatalx("template map keys over 4 GiB");
	if (c->klen + len > c->ksize) {
		if (c->ksize == 0)
			c->ksize = 128;
		while (c->klen + len > c->ksize)
			c->ksize *= 2;
		c->keys = xreallocarray(c->keys, c->ksize, 1);
	}
	memcpy(c->keys + c->klen, key, len);
	tv_grow(c);
	c->e[c->n].v = v;
	c->e[c->n].key = (uint32_t)c->klen;
	c->e[c->n++].hash = hash;
	c->klen += len;
}

void
tv_free(struct tvalue *v)
{
	size_t	i;

	if (v == NULL || v == &tv_the_null)
		return;
	if (v->c != NULL) {
		for (i = 0; i < v->c->n; i++)
			tv_free(v->c->e[i].v);
		free(v->c->e);
		free(v->c->keys);
	}
	free(v);
}

void
nodes_free(struct nodes *ns)
{
	struct node	*n;
	size_t		 i, j;

	for (i = 0; i < ns->n; i++) {
		n = ns->v[i];
		for (j = 0; j < n->npath; j++)
			free(n->path[j]);
		free(n->path);
		free(n->hash);
		free(n->text);
		free(n->file);
		nodes_free(&n->body);
		nodes_free(&n->label);
		free(n);
	}
	free(ns->v);
	ns->v = NULL;
	ns->n = ns->size = 0;
}

struct node *
nodes_add(struct nodes *ns, enum node_type type, unsigned int line)
{
	struct node	*n;

	if (ns->n == ns->size) {
		ns->size = ns->size == 0 ? 8 : ns->size * 2;
		ns->v = xreallocarray(ns->v, ns->size, sizeof *ns->v);
	}
	n = xcalloc(1, sizeof *n);
	n->type = type;
	n->line = line;
	ns->v[ns->n++] = n;
	return (n);
}

void
template_free(struct template *t)
{
	if (t == NULL)
		return;
	nodes_free(&t->body);
	free(t->name);
	free(t);
}

int
template_verr(char **cause, const char *file, unsigned int line,
    const char *fmt, va_list ap)
{
	char	*msg;

	msg = xvasprintf(fmt, ap);
	*cause = xasprintf("%s:%u: %s", file, line, msg);
	free(msg);
	return (-1);
}

/* Set *cause to "NAME:LINE: message". */
static int __attribute__((format(printf, 3, 4)))
perr(struct parser *p, unsigned int line, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	template_verr(p->cause, p->name, line, fmt, ap);
	va_end(ap);
	return (-1);
}

/* The line number of pos; pos never goes backwards. */
static unsigned int
line_at(struct parser *p, size_t pos)
{
	for (; p->lpos < pos; p->lpos++) {
		if (p->text[p->lpos] == '\n')
			p->line++;
	}
	return (p->line);
}

/* Where s next occurs in the text from offset from, or NONE. */
static size_t
find(const struct parser *p, size_t from, const char *s)
{
	size_t	slen = strlen(s), i;

	if (slen > p->len)
		return (NONE);
	for (i = from; i <= p->len - slen; i++) {
		if (p->text[i] == s[0] && memcmp(p->text + i, s, slen) == 0)
			return (i);
	}
	return (NONE);
}

static void
add_text(struct parser *p, struct nodes *ns, size_t start, size_t end)
{
	struct node	*n;

	if (end <= start)
		return;
	n = nodes_add(ns, N_TEXT, 0);
	n->text = xmalloc(end - start + 1);
	memcpy(n->text, p->text + start, end - start);
	n->text[end - start] = '\0';
	n->len = end - start;
}

/* Copy the n bytes at s without surrounding whitespace. */
static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return (xstrndup(s, n));
}

/* Check a tag's name and split it at its dots into n->path. */
static int
set_name(struct parser *p, struct node *n, const char *s, size_t len)
{
	char	*name, *cp, *part;

	name = n->text = trimmed(s, len);
	n->len = strlen(name);
	if (*name == '\0')
		return (perr(p, n->line, "empty tag"));
	if (strcmp(name, ".") == 0)
		return (0);
	for (cp = name; *cp != '\0'; cp++) {
		if (isspace((unsigned char)*cp))
			return (perr(p, n->line, "bad name '%s'", name));
	}
	if (*name == '.' || name[n->len - 1] == '.' ||
	    strstr(name, "..") != NULL)
		return (perr(p, n->line, "bad name '%s'", name));
	cp = name;
	while ((part = strchr(cp, '.')) != NULL || *cp != '\0') {
		if (part == NULL)
			part = cp + strlen(cp);
		n->path = xreallocarray(n->path, n->npath + 1,
		    sizeof *n->path);
		n->hash = xreallocarray(n->hash, n->npath + 1,
		    sizeof *n->hash);
		n->path[n->npath] = xstrndup(cp, part - cp);
		n->hash[n->npath] = tv_hash(n->path[n->npath], NULL);
		n->npath++;
		cp = *part == '.' ? part + 1 : part;
	}
	return (0);
}

/* Take the new delimiters from the inside of "=OPEN CLOSE=". */
static int
set_delims(struct parser *p, const char *s, size_t len, unsigned int line)
{
	char	*in, *o, *c, *end;
	size_t	 olen, clen;
	int	 rv = -1;

	in = trimmed(s, len);
	o = in;
	olen = strcspn(o, " \t\r\n");
	c = o + olen;
	c += strspn(c, " \t\r\n");
	clen = strcspn(c, " \t\r\n");
	end = c + clen;
	if (olen == 0 || clen == 0 || *end != '\0' ||
	    olen > TEMPLATE_MAXDELIM || clen > TEMPLATE_MAXDELIM ||
	    memchr(o, '=', olen) != NULL || memchr(c, '=', clen) != NULL)
		perr(p, line, "bad set-delimiter tag '%s'", in);
	else {
		memcpy(p->open, o, olen);
		p->open[olen] = '\0';
		memcpy(p->close, c, clen);
		p->close[clen] = '\0';
		rv = 0;
	}
	free(in);
	return (rv);
}

/*
 * Read the file at path; NULL with *error set to errno or -1 (too big),
 * else the text with *error 0.
 */
static char *
read_file(const char *path, size_t *len, int *error)
{
	struct buf	b;

	buf_init(&b, TEMPLATE_MAXFILE);
	if (buf_read_file(&b, path) != 0) {
		*error = errno == EFBIG ? -1 : errno;
		buf_free(&b);
		return (NULL);
	}
	*len = b.len;
	*error = 0;
	return (buf_detach(&b));
}

/* Describe a read_file error for path. */
static char *
read_error(const char *path, int error)
{
	if (error == -1)
		return (xasprintf("%s: larger than %d bytes", path,
		    TEMPLATE_MAXFILE));
	return (xasprintf("%s: %s", path, strerror(error)));
}

/* Prefix every line of text with indent (the last one if not empty). */
static char *
indent_text(const char *text, size_t len, const char *indent, size_t *outlen)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < len; i++) {
		if (i == 0 || text[i - 1] == '\n')
			buf_adds(&b, indent);
		buf_addc(&b, text[i]);
	}
	*outlen = b.len;
	return (buf_detach(&b));
}

/* Check a partial's name: [A-Za-z0-9._-]+ without "..". */
static int
partial_name_ok(const char *name)
{
	const char	*cp;

	if (*name == '\0' || strcmp(name, ".") == 0 ||
	    strstr(name, "..") != NULL)
		return (0);
	for (cp = name; *cp != '\0'; cp++) {
		if (!isalnum((unsigned char)*cp) && strchr("._-", *cp) == NULL)
			return (0);
	}
	return (1);
}

/* Load and parse partial n->text into n->body, indenting its lines. */
static int
parse_partial(struct parser *p, struct node *n, const char *indent)
{
	struct parser	 sub;
	char		*path, *data, *text;
	size_t		 len;
	int		 error, rv;

	if (!partial_name_ok(n->text))
		return (perr(p, n->line, "bad partial name '%s'", n->text));
	if (p->dir == NULL) {
		return (perr(p, n->line, "no partial '%s' (no partial "
		    "directory)", n->text));
	}
	if (strv_contains(p->chain, n->text))
		return (perr(p, n->line, "partial '%s' includes itself",
		    n->text));
	if (p->chain->n >= TEMPLATE_MAXPARTIALS)
		return (perr(p, n->line, "partials nested deeper than %d",
		    TEMPLATE_MAXPARTIALS));
	if (++*p->loads > TEMPLATE_MAXLOADS)
		return (perr(p, n->line, "more than %d partials included",
		    TEMPLATE_MAXLOADS));
	path = xasprintf("%s/%s.wiki", p->dir, n->text);
	if ((data = read_file(path, &len, &error)) == NULL) {
		if (error == ENOENT)
			perr(p, n->line, "no partial '%s' (looked for %s)",
			    n->text, path);
		else {
			text = read_error(path, error);
			perr(p, n->line, "partial '%s': %s", n->text, text);
			free(text);
		}
		free(path);
		return (-1);
	}
	text = indent_text(data, len, indent, &len);
	free(data);
	n->file = xstrdup(path);

	memset(&sub, 0, sizeof sub);
	sub.text = text;
	sub.len = len;
	sub.name = path;
	sub.dir = p->dir;
	snprintf(sub.open, sizeof sub.open, "%s", p->iopen);
	snprintf(sub.close, sizeof sub.close, "%s", p->iclose);
	sub.iopen = p->iopen;
	sub.iclose = p->iclose;
	sub.line = 1;
	sub.depth = p->depth;
	sub.chain = p->chain;
	sub.loads = p->loads;
	sub.cause = p->cause;
	strv_push(p->chain, xstrdup(n->text));
	rv = parse_body(&sub, &n->body, NULL);
	free(p->chain->v[--p->chain->n]);
	p->chain->v[p->chain->n] = NULL;
	free(text);
	free(path);
	return (rv);
}

/*
 * Is the tag [start, end) alone on its line?  If so, set *lstart to where
 * its line starts and *next to where the following line starts.
 */
static int
standalone(struct parser *p, size_t start, size_t end, size_t *lstart,
    size_t *next)
{
	const char	*t = p->text;
	size_t		 j = start, k = end;

	while (j > p->pos && (t[j - 1] == ' ' || t[j - 1] == '\t'))
		j--;
	if (j != 0 && t[j - 1] != '\n')
		return (0);
	while (k < p->len && (t[k] == ' ' || t[k] == '\t'))
		k++;
	if (k < p->len && t[k] == '\n')
		k++;
	else if (k + 1 < p->len && t[k] == '\r' && t[k + 1] == '\n')
		k += 2;
	else if (k != p->len)
		return (0);
	*lstart = j;
	*next = k;
	return (1);
}

/* Open a section node: parse its body up to the closing tag. */
static int
parse_section(struct parser *p, struct node *n)
{
	int	rv;

	if (p->depth >= TEMPLATE_MAXDEPTH)
		return (perr(p, n->line, "sections nested deeper than %d",
		    TEMPLATE_MAXDEPTH));
	p->depth++;
	rv = parse_body(p, &n->body, n);
	p->depth--;
	return (rv);
}

/*
 * Parse nodes into ns until the end of the text or, if sec is not NULL,
 * until sec's closing tag.
 */
static int
parse_body(struct parser *p, struct nodes *ns, struct node *sec)
{
	struct node	*n;
	const char	*t = p->text;
	char		 end[TEMPLATE_MAXDELIM + 3], *name, *indent;
	size_t		 start, s, e, after, lstart, next;
	unsigned int	 line;
	int		 c, triple, rv;

	for (;;) {
		if ((start = find(p, p->pos, p->open)) == NONE) {
			add_text(p, ns, p->pos, p->len);
			p->pos = p->len;
			if (sec != NULL)
				return (perr(p, sec->line, "section '%s' "
				    "opened here is never closed", sec->text));
			return (0);
		}
		line = line_at(p, start);
		s = start + strlen(p->open);
		c = s < p->len ? (unsigned char)t[s] : '\0';
		triple = strcmp(p->open, "{{") == 0 &&
		    strcmp(p->close, "}}") == 0;
		if ((c == '{' && triple) || c == '=') {
			snprintf(end, sizeof end, "%c%s", c == '{' ? '}' : '=',
			    p->close);
		} else
			snprintf(end, sizeof end, "%s", p->close);
		if (c == '{' && !triple)
			c = '\0';
		if (c != '\0' && strchr("!#^/>&{=", c) != NULL)
			s++;
		else
			c = '\0';
		if ((e = find(p, s, end)) == NONE)
			return (perr(p, line, "unclosed tag (no '%s')", end));
		after = e + strlen(end);

		if (c == '\0' || c == '&' || c == '{' ||
		    !standalone(p, start, after, &lstart, &next)) {
			lstart = start;
			next = after;
		}
		add_text(p, ns, p->pos, lstart);
		p->pos = next;

		switch (c) {
		case '!':
			break;
		case '=':
			if (set_delims(p, t + s, e - s, line) == -1)
				return (-1);
			break;
		case '/':
			name = trimmed(t + s, e - s);
			if (sec == NULL)
				rv = perr(p, line, "'/%s' closes no section",
				    name);
			else if (strcmp(name, sec->text) != 0)
				rv = perr(p, line, "'/%s' closes '%s' opened "
				    "on line %u", name, sec->text, sec->line);
			else
				rv = 0;
			free(name);
			return (rv);
		case '#':
		case '^':
			n = nodes_add(ns, c == '#' ? N_SECTION : N_INVERTED,
			    line);
			if (set_name(p, n, t + s, e - s) == -1 ||
			    parse_section(p, n) == -1)
				return (-1);
			break;
		case '>':
			n = nodes_add(ns, N_PARTIAL, line);
			n->text = trimmed(t + s, e - s);
			indent = xstrndup(t + lstart, start - lstart);
			rv = parse_partial(p, n, indent);
			free(indent);
			if (rv == -1)
				return (-1);
			break;
		default:
			n = nodes_add(ns, c == '\0' ? N_VAR : N_RAW, line);
			if (set_name(p, n, t + s, e - s) == -1)
				return (-1);
			break;
		}
	}
}

struct template *
template_parse_delims(const char *text, size_t len, const char *name,
    const char *dir, const char *open, const char *close, char **cause)
{
	struct template	*tp;
	struct parser	 p;
	struct strv	 chain = STRV_INITIALIZER;
	int		 loads = 0;

	if (*open == '\0' || *close == '\0' ||
	    strlen(open) > TEMPLATE_MAXDELIM ||
	    strlen(close) > TEMPLATE_MAXDELIM ||
	    strpbrk(open, " \t\r\n=") != NULL ||
	    strpbrk(close, " \t\r\n=") != NULL) {
		*cause = xasprintf("%s: bad delimiters '%s' '%s'", name, open,
		    close);
		return (NULL);
	}
	memset(&p, 0, sizeof p);
	p.text = text;
	p.len = len;
	p.name = name;
	p.dir = dir;
	snprintf(p.open, sizeof p.open, "%s", open);
	snprintf(p.close, sizeof p.close, "%s", close);
	p.iopen = open;
	p.iclose = close;
	p.line = 1;
	p.chain = &chain;
	p.loads = &loads;
	p.cause = cause;

	tp = xcalloc(1, sizeof *tp);
	tp->name = xstrdup(name);
	if (parse_body(&p, &tp->body, NULL) == -1) {
		template_free(tp);
		tp = NULL;
	}
	strv_free(&chain);
	return (tp);
}

struct template *
template_parse(const char *text, size_t len, const char *name,
    const char *dir, char **cause)
{
	/* False positive: template_parse_delims() returns a pointer. */
	/* cppcheck-suppress CastIntegerToAddressAtReturn */
	return (template_parse_delims(text, len, name, dir, TEMPLATE_OPEN,
	    TEMPLATE_CLOSE, cause));
}

struct template *
template_load(const char *path, char **cause)
{
	struct template	*tp;
	const char	*slash;
	char		*data, *dir;
	size_t		 len;
	int		 error;

	if ((data = read_file(path, &len, &error)) == NULL) {
		*cause = read_error(path, error);
		return (NULL);
	}
	if ((slash = strrchr(path, '/')) == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, slash - path);
	tp = template_parse(data, len, path, dir, cause);
	free(dir);
	free(data);
	return (tp);
}

/*
 * Find n's name in the context stack, innermost first; NULL if missing.
 * A value from a lazy element is made in *tmp.
 */
static const struct tvalue *
lookup(const struct render *r, const struct node *n, struct tvalue *tmp)
{
	const struct tvalue	*v = NULL;
	size_t			 i, k;

	if (n->npath == 0)
		return (r->n > 0 ? r->stack[r->n - 1] : NULL);
	for (i = r->n; i > 0; i--) {
		if ((v = tv_get(r->stack[i - 1], n->path[0], n->hash[0],
		    tmp)) != NULL)
			break;
	}
	for (k = 1; v != NULL && k < n->npath; k++)
		v = tv_get(v, n->path[k], n->hash[k], tmp);
	return (v);
}

/* The number of elements of a list. */
static size_t
list_len(const struct tvalue *v)
{
	return (v->lazy != NULL ? v->lazy->n : v->c->n);
}

static int
falsy(const struct tvalue *v)
{
	return (v == NULL || v->type == TV_NULL ||
	    (v->type == TV_BOOL && !v->b) ||
	    (v->type == TV_LIST && list_len(v) == 0));
}

static void
push(struct render *r, const struct tvalue *v)
{
	if (r->n == r->size) {
		r->size = r->size == 0 ? 16 : r->size * 2;
		r->stack = xreallocarray(r->stack, r->size, sizeof *r->stack);
	}
	r->stack[r->n++] = v;
}

/* Render a section over a list, once per element. */
static int
render_list(struct render *r, const struct tvalue *v, const struct nodes *ns)
{
	struct tvalue	elem;
	size_t		i, n = list_len(v);
	int		rv;

	memset(&elem, 0, sizeof elem);
	elem.type = TV_MAP;
	elem.lazy = v->lazy;
	for (i = 0; i < n; i++) {
		elem.i = i;
		push(r, v->lazy != NULL ? &elem : v->c->e[i].v);
		rv = render_nodes(r, ns);
		r->n--;
		if (rv == -1)
			return (-1);
	}
	return (0);
}

/* The text a value interpolates: NULL for nothing. */
static const char *
value_str(const struct tvalue *v)
{
	if (v == NULL || v->type == TV_NULL || v->type == TV_LIST ||
	    v->type == TV_MAP)
		return (NULL);
	if (v->type == TV_BOOL)
		return (v->b ? "true" : "false");
	return (v->s);
}

/* The innermost "id" of the context, to name the event in a warning. */
static const char *
render_id(const struct render *r, struct tvalue *tmp)
{
	struct node	 n;
	char		*path[1] = { "id" };
	uint32_t	 hash[1];

	memset(&n, 0, sizeof n);
	hash[0] = tv_hash("id", NULL);
	n.path = path;
	n.hash = hash;
	n.npath = 1;
	return (value_str(lookup(r, &n, tmp)));
}

/* Cut r->b back to len bytes. */
static void
render_cut(struct render *r, size_t len)
{
	r->b.len = len;
	if (r->b.data != NULL)
		r->b.data[len] = '\0';
}

/*
 * Render link n's target into r->b, each value through r->esc->link.
 * Returns 0, 1 if a value is empty or missing, 2 if one was refused
 * (*value and *why say which and why), or -1 if r->b is full.
 */
static int
render_target(struct render *r, const struct node *link, const char **value,
    const char **why)
{
	const struct node	*n;
	struct tvalue		 tmp;
	const char		*s;
	size_t			 i;
	int			 rv;

	for (i = 0; i < link->body.n; i++) {
		n = link->body.v[i];
		s = n->type == N_TEXT ? NULL : value_str(lookup(r, n, &tmp));
		if (n->type == N_TEXT)
			rv = buf_add(&r->b, n->text, n->len);
		else if (n->type == N_RAW)
			rv = s != NULL ? buf_adds(&r->b, s) : 0;
		else if (s == NULL || *s == '\0')
			return (1);
		else if ((rv = r->esc->link(&r->b, s, n->ctx, why)) == 1) {
			*value = s;
			return (2);
		}
		if (rv == -1)
			return (-1);
	}
	return (0);
}

/*
 * Link n's target as text: rendered with its values as they are, then
 * escaped whole as one value (without the ":" that forces a link).
 */
static int
render_target_text(struct render *r, const struct node *n)
{
	static const struct template_escaper	 none;
	const struct template_escaper		*esc = r->esc;
	struct buf				 b = r->b;
	const char				*s;
	int					 rv;

	buf_init(&r->b, b.max);
	r->esc = &none;
	rv = render_nodes(r, &n->body);
	r->esc = esc;
	s = buf_str(&r->b);
	s += strspn(s, " ");
	if (!n->external && *s == ':')
		s++;
	if (rv == 0)
		rv = esc->text != NULL ? esc->text(&b, s) : buf_adds(&b, s);
	buf_free(&r->b);
	r->b = b;
	return (rv);
}

/*
 * Must internal link target t have a ":" put first?  Only if it could be
 * a category, file or interwiki link (it holds a ":") or a subpage
 * ("/" first), and the value did not put one itself (":fr:Page"): an
 * ordinary title keeps its plain "[[Title]]".
 */
static int
render_needs_colon(const char *t)
{
	t += strspn(t, " ");
	return (*t != ':' && (*t == '/' || strchr(t, ':') != NULL));
}

/* Link n as the template wrote it, for an escaper without links. */
static int
render_link_plain(struct render *r, const struct node *n)
{
	if (buf_adds(&r->b, n->external ? "[" : "[[") == -1 ||
	    render_nodes(r, &n->body) == -1 ||
	    buf_add(&r->b, n->text, n->len) == -1 ||
	    render_nodes(r, &n->label) == -1)
		return (-1);
	return (buf_adds(&r->b, n->external ? "]" : "]]"));
}

/*
 * Render a link whose target holds values: as the link, its target's
 * values escaped for it, or, if one is empty or refused, as text (its
 * label, or else its target), with a warning for a refused value.
 */
static int
render_link(struct render *r, const struct node *n)
{
	struct tvalue	 tmp;
	const char	*value = NULL, *why = NULL;
	size_t		 start = r->b.len;
	int		 rv;

	if (r->esc->link == NULL)
		return (render_link_plain(r, n));
	/* A value first could make it a category, file or interwiki. */
	if (buf_adds(&r->b, n->external ? "[" : n->colon ? "[[:" : "[[") == -1)
		return (-1);
	if ((rv = render_target(r, n, &value, &why)) == 0) {
		if (n->colon && !render_needs_colon(r->b.data + start + 3))
			memmove(r->b.data + start + 2, r->b.data + start + 3,
			    r->b.len-- - start - 2);
		if (buf_add(&r->b, n->text, n->len) == -1 ||
		    render_nodes(r, &n->label) == -1)
			return (-1);
		return (buf_adds(&r->b, n->external ? "]" : "]]"));
	}
	if (rv == -1)
		return (-1);
	render_cut(r, start);
	if (rv == 2 && r->esc->warn != NULL)
		r->esc->warn(r->esc->arg, n->file, n->line, render_id(r, &tmp),
		    value, why);
	if (n->label.n > 0)
		return (render_nodes(r, &n->label));
	/* A link to nothing shows nothing; a refused value shows itself. */
	return (rv == 2 ? render_target_text(r, n) : 0);
}

static int
render_nodes(struct render *r, const struct nodes *ns)
{
	const struct node	*n;
	const struct tvalue	*v;
	struct tvalue		 tmp;
	const char		*s;
	size_t			 i;
	int			 rv;

	for (i = 0; i < ns->n; i++) {
		n = ns->v[i];
		if (n->type == N_TEXT) {
			if (buf_add(&r->b, n->text, n->len) == -1)
				return (-1);
			continue;
		}
		if (n->type == N_PARTIAL) {
			if (render_nodes(r, &n->body) == -1)
				return (-1);
			continue;
		}
		if (n->type == N_LINK) {
			if (render_link(r, n) == -1)
				return (-1);
			continue;
		}
		v = lookup(r, n, &tmp);
		switch (n->type) {
		case N_VAR:
		case N_RAW:
			if ((s = value_str(v)) == NULL)
				break;
			if (n->type == N_VAR && r->esc->text != NULL)
				rv = r->esc->text(&r->b, s);
			else
				rv = buf_adds(&r->b, s);
			if (rv == -1)
				return (-1);
			break;
		case N_SECTION:
			if (falsy(v))
				break;
			if (v->type == TV_LIST)
				rv = render_list(r, v, &n->body);
			else {
				push(r, v);
				rv = render_nodes(r, &n->body);
				r->n--;
			}
			if (rv == -1)
				return (-1);
			break;
		case N_INVERTED:
			if (falsy(v) && render_nodes(r, &n->body) == -1)
				return (-1);
			break;
		default:
			break;
		}
	}
	return (0);
}

char *
template_render(const struct template *tp, const struct tvalue *ctx,
    template_escape_fn escape, size_t max, size_t *outlen, char **cause)
{
	struct template_escaper	esc;

	memset(&esc, 0, sizeof esc);
	esc.text = escape;
	return (template_render_esc(tp, ctx, &esc, max, outlen, cause));
}

char *
template_render_esc(const struct template *tp, const struct tvalue *ctx,
    const struct template_escaper *esc, size_t max, size_t *outlen,
    char **cause)
{
	struct render	 r;
	char		*out;

	memset(&r, 0, sizeof r);
	buf_init(&r.b, max);
	r.esc = esc;
	if (ctx != NULL)
		push(&r, ctx);
	if (render_nodes(&r, &tp->body) == -1) {
		free(r.stack);
		buf_free(&r.b);
		*cause = xasprintf("output larger than %zu bytes", max);
		return (NULL);
	}
	free(r.stack);
	if (outlen != NULL)
		*outlen = r.b.len;
	out = buf_detach(&r.b);
	return (out);
}

/* Does a node of ns, or of the nodes below it, look up name? */
static int
nodes_use(const struct nodes *ns, const char *name)
{
	const struct node	*n;
	size_t			 i;

	for (i = 0; i < ns->n; i++) {
		n = ns->v[i];
		if (n->type != N_TEXT && n->type != N_PARTIAL && n->npath > 0 &&
		    strcmp(n->path[0], name) == 0)
			return (1);
		if (nodes_use(&n->body, name) || nodes_use(&n->label, name))
			return (1);
	}
	return (0);
}

int
template_uses(const struct template *tp, const char *name)
{
	return (nodes_use(&tp->body, name));
}

/* The line of ns's first tag (or partial tag) that looks name up so. */
static unsigned int
nodes_use_line(const struct nodes *ns, const char *name, int inverted)
{
	const struct node	*n;
	size_t			 i;
	unsigned int		 line;

	for (i = 0; i < ns->n; i++) {
		n = ns->v[i];
		if (n->type != N_TEXT && n->type != N_PARTIAL && n->npath > 0 &&
		    strcmp(n->path[0], name) == 0 &&
		    (n->type == N_INVERTED) == (inverted != 0))
			return (n->line);
		/* A partial's lines are its file's: give its tag's. */
		if ((line = nodes_use_line(&n->body, name, inverted)) != 0)
			return (n->type == N_PARTIAL ? n->line : line);
		if ((line = nodes_use_line(&n->label, name, inverted)) != 0)
			return (line);
	}
	return (0);
}

unsigned int
template_use_line(const struct template *tp, const char *name, int inverted)
{
	return (nodes_use_line(&tp->body, name, inverted));
}
