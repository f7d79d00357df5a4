/*
 * A table's view of the registry: the events its where lines select, put
 * in one total order by its sort keys (then id), grouped, and turned into
 * the template context.
 *
 * Sorting compares numbers: each sort key's distinct values are found
 * (with a hash table), case-folded and ordered once, and every event gets
 * the rank of its value; a stable merge sort then compares ranks, and
 * strings only for the id.  Few values are distinct in practice (dates,
 * countries), so folding, the slow part, is done a few hundred times
 * instead of millions.
 *
 * Events are copied into an arena of large chunks (one allocation per
 * megabyte, not per event), freed all at once with the view.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "event.h"
#include "log.h"
#include "md5.h"
#include "template.h"
#include "text.h"
#include "view.h"
#include "where.h"
#include "xmalloc.h"

#define VIEW_INSERTION	12		/* shorter runs: insertion sort */
#define VIEW_UNSET	((size_t)-1)	/* the rank of an unset value */
#define VIEW_CHUNK	(1024 * 1024)	/* bytes in an arena chunk, at least */
#define VIEW_ALIGN	16		/* arena allocations are aligned so */
#define VIEW_AHEAD	8		/* events prefetched ahead */
#define VIEW_LINES	4		/* cache lines prefetched per event */

enum view_kind { KEY_NUMBER, KEY_TEXT };	/* in sort order */

/* A distinct value of a sort key, ready to compare. */
struct view_key {
	const char	*raw;		/* the value as held */
	const char	*cmp;		/* digits less leading 0s, or folded */
	size_t		 len;		/* of cmp, for numbers */
	char		*folded;	/* cmp when allocated */
	enum view_kind	 kind;
};

/* Distinct strings, numbered in the order they were first added. */
struct view_set {
	const char	**v;
	size_t		  n;
	size_t		  size;
	size_t		 *slot;		/* open addressing: index + 1, or 0 */
	size_t		  nslots;
};

/* A chunk of an arena: memory handed out in order, freed all at once. */
struct view_chunk {
	struct view_chunk	*next;
	size_t			 len;
	size_t			 size;
	max_align_t		 data[];
};

/* An event held by the view: its strings and extras are in the arena. */
struct view_item {
	struct event	 ev;
	size_t		*rank;		/* per sort key */
};

struct view_group {
	const char	*key;
	size_t		 count;
	size_t		 first;		/* in members */
};

struct view {
	const struct conf_table	 *t;
	int			 *sortidx;	/* field index per key, or -1 */
	int			  groupidx;
	int			  finished;

	struct view_item	 *items;	/* in the order added */
	size_t			  n;
	size_t			  size;
	struct view_chunk	 *arena;	/* newest chunk first */

	size_t			 *ranks;	/* n * sort.n */
	struct view_item	**sorted;

	struct view_group	 *groups;
	size_t			  ngroups;
	struct view_item	**members;	/* sorted, group after group */
};

struct view *
view_new(const struct conf_table *t)
{
	struct view	*vw;
	size_t		 i;

	vw = xcalloc(1, sizeof *vw);
	vw->t = t;
	vw->sortidx = xreallocarray(NULL, t->sort.n + 1, sizeof *vw->sortidx);
	for (i = 0; i < t->sort.n; i++)
		vw->sortidx[i] = event_field_index(t->sort.v[i].field);
	vw->groupidx = event_field_index(t->group);
	return (vw);
}

/* Free every chunk of an arena. */
static void
view_arena_free(struct view_chunk *c)
{
	struct view_chunk	*next;

	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
}

/* Take len bytes from the view's arena. */
static void *
view_alloc(struct view *vw, size_t len)
{
	struct view_chunk	*c = vw->arena;
	size_t			 size;
	void			*p;

	len = (len + VIEW_ALIGN - 1) & ~(size_t)(VIEW_ALIGN - 1);
	if (c == NULL || c->size - c->len < len) {
		size = len > VIEW_CHUNK ? len : VIEW_CHUNK;
		c = xmalloc(sizeof *c + size);
		c->next = vw->arena;
		c->len = 0;
		c->size = size;
		vw->arena = c;
	}
	p = (char *)c->data + c->len;
	c->len += len;
	return (p);
}

void
view_free(struct view *vw)
{
	if (vw == NULL)
		return;
	view_arena_free(vw->arena);
	free(vw->items);
	free(vw->ranks);
	free(vw->sorted);
	free(vw->groups);
	free(vw->members);
	free(vw->sortidx);
	free(vw);
}

/* Copy s to *p and move *p past it; returns the copy. */
static char *
view_put(char **p, const char *s)
{
	size_t	 len = strlen(s) + 1;
	char	*copy = *p;

	memcpy(copy, s, len);
	*p += len;
	return (copy);
}

/* Copy ev into it, its extras and strings in the view's arena. */
static void
view_copy(struct view *vw, struct view_item *it, const struct event *ev)
{
	const char	*v[EVENT_NFIELDS];
	size_t		 i, total, xbytes;
	char		*p;

	xbytes = ev->nextras * sizeof *it->ev.extras;
	total = xbytes;
	for (i = 0; i < EVENT_NFIELDS; i++) {
		v[i] = ev->v[i] != NULL ? ev->v[i] : "";
		total += strlen(v[i]) + 1;
	}
	for (i = 0; i < ev->nextras; i++) {
		total += strlen(ev->extras[i].name) + 1;
		total += strlen(ev->extras[i].value) + 1;
	}
	p = view_alloc(vw, total);
	it->ev.nextras = ev->nextras;
	it->ev.extras = ev->nextras > 0 ? (struct event_extra *)p : NULL;
	p += xbytes;
	for (i = 0; i < EVENT_NFIELDS; i++)
		it->ev.v[i] = view_put(&p, v[i]);
	for (i = 0; i < ev->nextras; i++) {
		it->ev.extras[i].name = view_put(&p, ev->extras[i].name);
		it->ev.extras[i].value = view_put(&p, ev->extras[i].value);
	}
	it->rank = NULL;
}

void
view_add(struct view *vw, const struct event *ev)
{
	const struct conf_table	*t = vw->t;

	if (vw->finished)
		fatalx("view_add after view_finish");
	if (!where_match_all(t->where.v, t->where.n, ev))
		return;
	if (vw->n == vw->size) {
		vw->size = vw->size == 0 ? 64 : vw->size * 2;
		vw->items = xreallocarray(vw->items, vw->size,
		    sizeof *vw->items);
	}
	view_copy(vw, &vw->items[vw->n++], ev);
}

int
view_add_fn(const struct event *ev, void *arg)
{
	view_add(arg, ev);
	return (0);
}

/* The value of field idx (standard) or name (extra) of ev. */
static const char *
view_value(const struct event *ev, int idx, const char *name)
{
	if (idx != -1)
		return (ev->v[idx]);
	return (event_get(ev, name));
}

/* FNV-1a, for the sets. */
static size_t
view_hash(const char *s)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return ((size_t)h);
}

static void
view_set_free(struct view_set *set)
{
	free(set->v);
	free(set->slot);
	memset(set, 0, sizeof *set);
}

/* Rebuild the slots of a set, twice as many. */
static void
view_set_grow(struct view_set *set)
{
	size_t	i, h, mask;

	free(set->slot);
	set->nslots = set->nslots == 0 ? 64 : set->nslots * 2;
	set->slot = xcalloc(set->nslots, sizeof *set->slot);
	mask = set->nslots - 1;
	for (i = 0; i < set->n; i++) {
		for (h = view_hash(set->v[i]); set->slot[h & mask] != 0; h++)
			/* nothing */;
		set->slot[h & mask] = i + 1;
	}
}

/* The number of s in the set, added if new (s must outlive the set). */
static size_t
view_set_add(struct view_set *set, const char *s)
{
	size_t	h, i, mask;

	if ((set->n + 1) * 2 > set->nslots)
		view_set_grow(set);
	mask = set->nslots - 1;
	for (h = view_hash(s);; h++) {
		if ((i = set->slot[h & mask]) == 0)
			break;
		if (strcmp(set->v[i - 1], s) == 0)
			return (i - 1);
	}
	if (set->n == set->size) {
		set->size = set->size == 0 ? 16 : set->size * 2;
		set->v = xreallocarray(set->v, set->size, sizeof *set->v);
	}
	set->v[set->n] = s;
	set->slot[h & mask] = ++set->n;
	return (set->n - 1);
}

/* Prepare the sort key of the set value s. */
static void
view_key_init(struct view_key *k, const char *s)
{
	const char	*p;
	int		 ascii = 1, upper = 0;

	memset(k, 0, sizeof *k);
	k->raw = s;
	for (p = s; *p >= '0' && *p <= '9'; p++)
		/* nothing */;
	if (*p == '\0') {
		k->kind = KEY_NUMBER;
		while (s[0] == '0' && s[1] != '\0')
			s++;
		k->cmp = s;
		k->len = (size_t)(p - s);
		return;
	}
	k->kind = KEY_TEXT;
	for (; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80)
			ascii = 0;
		else if (*p >= 'A' && *p <= 'Z')
			upper = 1;
	}
	if (ascii && !upper)
		k->cmp = s;
	else
		k->cmp = k->folded = text_casefold(s);
}

/* Compare two set values of a sort key, ascending. */
static int
view_key_cmp(const struct view_key *a, const struct view_key *b)
{
	int	c;

	if (a->kind != b->kind)
		return (a->kind < b->kind ? -1 : 1);
	if (a->kind == KEY_NUMBER) {
		if (a->len != b->len)
			return (a->len < b->len ? -1 : 1);
		return (memcmp(a->cmp, b->cmp, a->len));
	}
	if ((c = strcmp(a->cmp, b->cmp)) != 0)
		return (c);
	return (strcmp(a->raw, b->raw));
}

static int
view_key_qcmp(const void *a, const void *b)
{
	return (view_key_cmp(*(struct view_key *const *)a,
	    *(struct view_key *const *)b));
}

/*
 * Rank every event's value of sort key j: values that compare equal
 * ("7", "007") share a rank; unset is VIEW_UNSET.
 */
static void
view_rank(struct view *vw, size_t j)
{
	const struct sort_key	*sk = &vw->t->sort.v[j];
	struct view_set		 set;
	struct view_key		*keys, **order;
	const char		*s;
	size_t			*id, *rankof, i, r;

	memset(&set, 0, sizeof set);
	id = xreallocarray(NULL, vw->n + 1, sizeof *id);
	for (i = 0; i < vw->n; i++) {
		s = view_value(&vw->items[i].ev, vw->sortidx[j], sk->field);
		id[i] = *s == '\0' ? VIEW_UNSET : view_set_add(&set, s);
	}

	keys = xreallocarray(NULL, set.n + 1, sizeof *keys);
	order = xreallocarray(NULL, set.n + 1, sizeof *order);
	for (i = 0; i < set.n; i++) {
		view_key_init(&keys[i], set.v[i]);
		order[i] = &keys[i];
	}
	qsort(order, set.n, sizeof *order, view_key_qcmp);
	rankof = xreallocarray(NULL, set.n + 1, sizeof *rankof);
	for (i = 0, r = 0; i < set.n; i++) {
		if (i > 0 && view_key_cmp(order[i - 1], order[i]) != 0)
			r++;
		rankof[order[i] - keys] = r;
	}

	for (i = 0; i < vw->n; i++) {
		vw->items[i].rank[j] = id[i] == VIEW_UNSET ? VIEW_UNSET :
		    rankof[id[i]];
	}
	for (i = 0; i < set.n; i++)
		free(keys[i].folded);
	free(rankof);
	free(order);
	free(keys);
	free(id);
	view_set_free(&set);
}

/* Everything two events hold, byte by byte: the order of last resort. */
static int
view_event_cmp(const struct event *a, const struct event *b)
{
	size_t	i;
	int	c;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		if ((c = strcmp(a->v[i], b->v[i])) != 0)
			return (c);
	}
	for (i = 0; i < a->nextras && i < b->nextras; i++) {
		if ((c = strcmp(a->extras[i].name, b->extras[i].name)) != 0 ||
		    (c = strcmp(a->extras[i].value, b->extras[i].value)) != 0)
			return (c);
	}
	if (a->nextras != b->nextras)
		return (a->nextras < b->nextras ? -1 : 1);
	return (0);
}

/* The view's order: sort keys, then id, then the rest of the event. */
static int
view_cmp(const struct view *vw, const struct view_item *a,
    const struct view_item *b)
{
	const struct sort_list	*sl = &vw->t->sort;
	size_t			 i, ra, rb;
	int			 c;

	for (i = 0; i < sl->n; i++) {
		if ((ra = a->rank[i]) == (rb = b->rank[i]))
			continue;
		if (ra == VIEW_UNSET || rb == VIEW_UNSET)
			return (ra == VIEW_UNSET ? 1 : -1);
		c = ra < rb ? -1 : 1;
		return (sl->v[i].descending ? -c : c);
	}
	if ((c = strcmp(a->ev.v[F_ID], b->ev.v[F_ID])) != 0)
		return (c);
	return (view_event_cmp(&a->ev, &b->ev));
}

/* Stable merge sort of v[0..n) using tmp (n / 2 entries) as scratch. */
static void
view_sort(const struct view *vw, struct view_item **v,
    struct view_item **tmp, size_t n)
{
	struct view_item	*x;
	size_t			 i, j, k, half;

	if (n <= VIEW_INSERTION) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (j = i; j > 0 && view_cmp(vw, v[j - 1], x) > 0; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	half = n / 2;
	view_sort(vw, v, tmp, half);
	view_sort(vw, v + half, tmp, n - half);
	if (view_cmp(vw, v[half - 1], v[half]) <= 0)
		return;
	memcpy(tmp, v, half * sizeof *v);
	i = 0;
	j = half;
	k = 0;
	while (i < half && j < n) {
		if (view_cmp(vw, v[j], tmp[i]) < 0)
			v[k++] = v[j++];
		else
			v[k++] = tmp[i++];
	}
	while (i < half)
		v[k++] = tmp[i++];
}

/* Split the sorted events into groups, in order of first appearance. */
static void
view_group(struct view *vw)
{
	struct view_set	 set;
	const char	*key;
	size_t		*gi, *pos, i, g, at;

	memset(&set, 0, sizeof set);
	gi = xreallocarray(NULL, vw->n + 1, sizeof *gi);
	for (i = 0; i < vw->n; i++) {
		key = view_value(&vw->sorted[i]->ev, vw->groupidx,
		    vw->t->group);
		gi[i] = view_set_add(&set, key);
	}

	vw->ngroups = set.n;
	vw->groups = xcalloc(set.n + 1, sizeof *vw->groups);
	for (i = 0; i < vw->n; i++)
		vw->groups[gi[i]].count++;
	/* A counting sort keeps each group's events in sorted order. */
	pos = xreallocarray(NULL, set.n + 1, sizeof *pos);
	for (g = 0, at = 0; g < set.n; g++) {
		vw->groups[g].key = set.v[g];
		vw->groups[g].first = pos[g] = at;
		at += vw->groups[g].count;
	}
	vw->members = xreallocarray(NULL, vw->n + 1, sizeof *vw->members);
	for (i = 0; i < vw->n; i++)
		vw->members[pos[gi[i]]++] = vw->sorted[i];
	free(pos);
	free(gi);
	view_set_free(&set);
}

void
view_finish(struct view *vw)
{
	size_t			 nk = vw->t->sort.n, i;
	struct view_item	**tmp;

	if (vw->finished)
		fatalx("view_finish called twice");
	vw->finished = 1;

	vw->ranks = xreallocarray(NULL, vw->n * nk + 1, sizeof *vw->ranks);
	for (i = 0; i < vw->n; i++)
		vw->items[i].rank = vw->ranks + i * nk;
	for (i = 0; i < nk; i++)
		view_rank(vw, i);

	vw->sorted = xreallocarray(NULL, vw->n + 1, sizeof *vw->sorted);
	for (i = 0; i < vw->n; i++)
		vw->sorted[i] = &vw->items[i];
	tmp = xreallocarray(NULL, vw->n / 2 + 1, sizeof *tmp);
	view_sort(vw, vw->sorted, tmp, vw->n);
	free(tmp);

	if (*vw->t->group != '\0')
		view_group(vw);
}

size_t
view_count(const struct view *vw)
{
	return (vw->n);
}

const struct event *
view_event(const struct view *vw, size_t i)
{
	if (!vw->finished)
		fatalx("view_event before view_finish");
	if (i >= vw->n)
		return (NULL);
	return (&vw->sorted[i]->ev);
}

/* A string for a value: null when unset. */
static struct tvalue *
view_tv(const char *s)
{
	return (*s == '\0' ? tv_null() : tv_string(s));
}

/* A count as a string value. */
static struct tvalue *
view_tv_count(size_t n)
{
	char	num[32], *p = num + sizeof num;

	*--p = '\0';
	do {
		*--p = '0' + n % 10;
		n /= 10;
	} while (n > 0);
	return (tv_string(p));
}

/* The context map of one event, index being its place in its list. */
static struct tvalue *
view_event_map(const struct event *ev, size_t index)
{
	struct tvalue	*m;
	size_t		 i;

	m = tv_map();
	for (i = 0; i < EVENT_NFIELDS; i++)
		tv_map_set(m, event_fields[i].name, view_tv(ev->v[i]));
	for (i = 0; i < ev->nextras; i++)
		tv_map_set(m, ev->extras[i].name, view_tv(ev->extras[i].value));
	tv_map_set(m, "index", view_tv_count(index));
	return (m);
}

/* A list of the context maps of n events. */
static struct tvalue *
view_event_list(struct view_item *const *v, size_t n)
{
	struct tvalue	*list;
	const char	*p;
	size_t		 i, k;

	list = tv_list();
	for (i = 0; i < n; i++) {
#if defined(__GNUC__)
		/*
		 * Sorted order jumps around the arena, and cache misses on
		 * the events are most of the time here: ask for the item
		 * two strides on and the strings of the one a stride on.
		 * (Inline: GCC drops a function that only prefetches.)
		 */
		if (i + 2 * VIEW_AHEAD < n)
			__builtin_prefetch(v[i + 2 * VIEW_AHEAD]);
		if (i + VIEW_AHEAD < n) {
			p = v[i + VIEW_AHEAD]->ev.v[0];
			for (k = 0; k < VIEW_LINES; k++)
				__builtin_prefetch(p + 64 * k);
		}
#endif
		tv_list_push(list, view_event_map(&v[i]->ev, i + 1));
	}
	return (list);
}

struct tvalue *
view_context(const struct view *vw, const char *generated)
{
	const struct view_group	*g;
	struct tvalue		*ctx, *groups, *gm;
	size_t			 i;

	if (!vw->finished)
		fatalx("view_context before view_finish");
	ctx = tv_map();
	tv_map_set(ctx, "table", tv_string(vw->t->name));
	tv_map_set(ctx, "page", tv_string(vw->t->page));
	tv_map_set(ctx, "generated", tv_string(generated));
	tv_map_set(ctx, "count", view_tv_count(vw->n));
	tv_map_set(ctx, "events", view_event_list(vw->sorted, vw->n));
	if (*vw->t->group == '\0')
		return (ctx);

	groups = tv_list();
	for (i = 0; i < vw->ngroups; i++) {
		g = &vw->groups[i];
		gm = tv_map();
		tv_map_set(gm, "key", tv_string(g->key));
		tv_map_set(gm, "count", view_tv_count(g->count));
		tv_map_set(gm, "events", view_event_list(vw->members + g->first,
		    g->count));
		tv_list_push(groups, gm);
	}
	tv_map_set(ctx, "groups", groups);
	return (ctx);
}

/* Append s as a netstring, "LEN:BYTES,". */
static void
view_netstring(struct buf *b, const char *s)
{
	size_t	len = strlen(s);

	buf_printf(b, "%zu:", len);
	buf_add(b, s, len);
	buf_addc(b, ',');
}

void
view_event_hash(const struct event *ev, char hex[MD5_HEX_LEN + 1])
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < EVENT_NFIELDS; i++) {
		view_netstring(&b, event_fields[i].name);
		view_netstring(&b, ev->v[i] != NULL ? ev->v[i] : "");
	}
	for (i = 0; i < ev->nextras; i++) {
		view_netstring(&b, ev->extras[i].name);
		view_netstring(&b, ev->extras[i].value);
	}
	md5_hex(buf_str(&b), b.len, hex);
	buf_free(&b);
}
