/*
 * A table's view of the registry: the events its where lines select, put
 * in one total order by its sort keys (then id), grouped, and turned into
 * the template context.
 *
 * Sorting compares numbers: each sort key's distinct values are found
 * (with a hash table, as each event is added, while its strings are in
 * the cache), case-folded and ordered once, and every event gets the
 * rank of its value.  Few values are distinct in practice (dates,
 * countries), so folding, the slow part, is done a few hundred times
 * instead of millions.  The ranks of as many keys as fit, and the first
 * bytes of the id, are packed into numbers that a stable merge sort
 * compares in its own array; only ties go to the events themselves.
 * Grouping reuses the numbers of a sort key's values when it can.
 *
 * Events are copied into an arena of large chunks (one allocation per
 * megabyte, not per event), freed all at once with the view.  The
 * context's event lists are lazy: view_get reads an event's fields when
 * the template asks for them.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "event.h"
#include "log.h"
#include "md5.h"
#include "registry.h"
#include "strv.h"
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
#define VIEW_LINES	6		/* lines of strings prefetched */

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

/*
 * An event being sorted: its first sort keys packed in one number, and
 * 8 bytes of its id, those after the prefix every id shares.
 */
struct view_sortent {
	uint64_t		 key;
	uint64_t		 id;
	struct view_item	*it;
	size_t			 group;		/* it->group, at hand */
};

/*
 * An event held by the view: its ranks, extras and strings are in the
 * arena.  Until view_finish ranks them, rank[] holds the numbers of the
 * values in the key's set.
 */
struct view_item {
	struct event	 ev;
	size_t		*rank;		/* per sort key */
	size_t		 group;		/* its group value's number, or unset */
};

/* A list of events in the context: what view_get reads. */
struct view_list {
	const struct view	 *vw;
	struct view_item	**v;
	struct view_item	**end;		/* of the array v is in */
};

struct view_group {
	const char		*key;
	size_t			 count;
	size_t			 first;		/* in members */
	struct view_list	 list;
};

/* An event's pages, for "articles": a list of maps, built once. */
struct view_pages {
	char			*id;
	struct tvalue		*list;
	size_t			 n;
	char			 count[24];
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

	struct view_set		 *sets;		/* per sort key, its values */
	int			  gkey;		/* sort key on the group field */
	struct view_set		  gset;		/* if none (-1), group values */
	const char		 *id0;		/* the first event's id */
	size_t			  common;	/* bytes every id starts with */

	size_t			 *nranks;	/* per sort key */
	int			  packed;	/* every key in view_sortent */
	struct view_item	**sorted;

	struct view_group	 *groups;
	size_t			  ngroups;
	struct view_item	**members;	/* sorted, group after group */

	struct view_list	  all;		/* every event, sorted */
	char			 *index;	/* "1" to "n", in slots of */
	size_t			  iwidth;	/* this many bytes */

	struct view_pages	 *pages;	/* by event id */
	size_t			  npages;
	const char		**ids;		/* the events' ids, sorted */
	int			  no_sums;
};

struct view *
view_new(const struct conf_table *t)
{
	struct view	*vw;
	size_t		 i;

	vw = xcalloc(1, sizeof *vw);
	vw->t = t;
	vw->sortidx = xreallocarray(NULL, t->sort.n + 1, sizeof *vw->sortidx);
	vw->sets = xcalloc(t->sort.n + 1, sizeof *vw->sets);
	vw->gkey = -1;
	for (i = 0; i < t->sort.n; i++) {
		vw->sortidx[i] = event_field_index(t->sort.v[i].field);
		if (vw->gkey == -1 && *t->group != '\0' &&
		    strcmp(t->sort.v[i].field, t->group) == 0)
			vw->gkey = (int)i;
	}
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

void
view_free(struct view *vw)
{
	size_t	i;

	if (vw == NULL)
		return;
	view_arena_free(vw->arena);
	free(vw->items);
	for (i = 0; i < vw->t->sort.n; i++)
		view_set_free(&vw->sets[i]);
	free(vw->sets);
	view_set_free(&vw->gset);
	free(vw->nranks);
	free(vw->sorted);
	free(vw->groups);
	free(vw->members);
	free(vw->index);
	free(vw->sortidx);
	for (i = 0; i < vw->npages; i++) {
		free(vw->pages[i].id);
		tv_free(vw->pages[i].list);
	}
	free(vw->pages);
	free(vw->ids);
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

/* Copy ev into it, with room for its ranks, in the view's arena. */
static void
view_copy(struct view *vw, struct view_item *it, const struct event *ev)
{
	const char	*v[EVENT_NFIELDS];
	size_t		 len[EVENT_NFIELDS], i, total, xbytes, rbytes;
	char		*p;

	rbytes = vw->t->sort.n * sizeof *it->rank;
	xbytes = ev->nextras * sizeof *it->ev.extras;
	total = rbytes + xbytes;
	for (i = 0; i < EVENT_NFIELDS; i++) {
		v[i] = ev->v[i] != NULL ? ev->v[i] : "";
		len[i] = strlen(v[i]) + 1;
		total += len[i];
	}
	for (i = 0; i < ev->nextras; i++) {
		total += strlen(ev->extras[i].name) + 1;
		total += strlen(ev->extras[i].value) + 1;
	}
	p = view_alloc(vw, total);
	it->rank = (size_t *)p;
	p += rbytes;
	it->ev.nextras = ev->nextras;
	it->ev.extras = ev->nextras > 0 ? (struct event_extra *)p : NULL;
	p += xbytes;
	for (i = 0; i < EVENT_NFIELDS; i++) {
		it->ev.v[i] = memcpy(p, v[i], len[i]);
		p += len[i];
	}
	for (i = 0; i < ev->nextras; i++) {
		it->ev.extras[i].name = view_put(&p, ev->extras[i].name);
		it->ev.extras[i].value = view_put(&p, ev->extras[i].value);
	}
}

/*
 * Number the values of a new item's sort keys and group field in their
 * sets, and shorten the prefix all ids share: while its strings are
 * still in the cache, rather than in passes over every event later.
 */
static void
view_note(struct view *vw, struct view_item *it)
{
	const struct conf_table	*t = vw->t;
	const char		*s, *id = it->ev.v[F_ID];
	size_t			 j;

	for (j = 0; j < t->sort.n; j++) {
		s = view_value(&it->ev, vw->sortidx[j], t->sort.v[j].field);
		it->rank[j] = *s == '\0' ? VIEW_UNSET :
		    view_set_add(&vw->sets[j], s);
	}
	it->group = VIEW_UNSET;
	if (vw->gkey != -1)
		it->group = it->rank[vw->gkey];
	else if (*t->group != '\0') {
		s = view_value(&it->ev, vw->groupidx, t->group);
		if (*s != '\0')
			it->group = view_set_add(&vw->gset, s);
	}
	if (vw->id0 == NULL) {
		vw->id0 = id;
		vw->common = strlen(id);
	}
	for (j = 0; j < vw->common && id[j] == vw->id0[j]; j++)
		/* nothing */;
	vw->common = j;
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
	view_copy(vw, &vw->items[vw->n], ev);
	view_note(vw, &vw->items[vw->n++]);
}

int
view_add_fn(const struct event *ev, void *arg)
{
	view_add(arg, ev);
	return (0);
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
 * Rank the values of sort key j: values that compare equal ("7", "007")
 * share a rank.  Returns the rank of each value in vw->sets[j] (to
 * free); the ranks are 0 to vw->nranks[j] - 1.
 */
static size_t *
view_rank(struct view *vw, size_t j)
{
	const struct view_set	*set = &vw->sets[j];
	struct view_key		*keys, **order;
	size_t			*rankof, i, r;

	keys = xreallocarray(NULL, set->n + 1, sizeof *keys);
	order = xreallocarray(NULL, set->n + 1, sizeof *order);
	for (i = 0; i < set->n; i++) {
		view_key_init(&keys[i], set->v[i]);
		order[i] = &keys[i];
	}
	qsort(order, set->n, sizeof *order, view_key_qcmp);
	rankof = xreallocarray(NULL, set->n + 1, sizeof *rankof);
	for (i = 0, r = 0; i < set->n; i++) {
		if (i > 0 && view_key_cmp(order[i - 1], order[i]) != 0)
			r++;
		rankof[order[i] - keys] = r;
	}
	vw->nranks[j] = set->n > 0 ? r + 1 : 0;
	for (i = 0; i < set->n; i++)
		free(keys[i].folded);
	free(order);
	free(keys);
	return (rankof);
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

/*
 * The view's order on two entries: their packed keys first, then, if
 * every sort key is packed, their ids' bytes; view_cmp settles the rest.
 */
static int
view_ent_cmp(const struct view *vw, const struct view_sortent *a,
    const struct view_sortent *b)
{
	if (a->key != b->key)
		return (a->key < b->key ? -1 : 1);
	if (vw->packed && a->id != b->id)
		return (a->id < b->id ? -1 : 1);
	return (view_cmp(vw, a->it, b->it));
}

/* Stable merge sort of v[0..n) using tmp (n / 2 entries) as scratch. */
static void
view_sort(const struct view *vw, struct view_sortent *v,
    struct view_sortent *tmp, size_t n)
{
	struct view_sortent	x;
	size_t			i, j, k, half;

	if (n <= VIEW_INSERTION) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (j = i; j > 0; j--) {
				if (view_ent_cmp(vw, &v[j - 1], &x) <= 0)
					break;
				v[j] = v[j - 1];
			}
			v[j] = x;
		}
		return;
	}
	half = n / 2;
	view_sort(vw, v, tmp, half);
	view_sort(vw, v + half, tmp, n - half);
	if (view_ent_cmp(vw, &v[half - 1], &v[half]) <= 0)
		return;
	memcpy(tmp, v, half * sizeof *v);
	i = 0;
	j = half;
	k = 0;
	while (i < half && j < n) {
		if (view_ent_cmp(vw, &v[j], &tmp[i]) < 0)
			v[k++] = v[j++];
		else
			v[k++] = tmp[i++];
	}
	while (i < half)
		v[k++] = tmp[i++];
}

/*
 * Stable radix sort of v[0..n) on the low bits bits of their keys, a
 * byte at a time (bytes all entries share are skipped), with tmp (n
 * entries) as scratch.
 */
static void
view_radix(struct view_sortent *v, struct view_sortent *tmp, size_t n,
    int bits)
{
	struct view_sortent	*from = v, *to = tmp, *swap;
	size_t			 count[256], i, c, sum, k;
	int			 shift;

	for (shift = 0; shift < bits && n > 0; shift += 8) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(from[i].key >> shift) & 0xff]++;
		if (count[(from[0].key >> shift) & 0xff] == n)
			continue;
		for (c = 0, sum = 0; c < 256; c++) {
			k = count[c];
			count[c] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			to[count[(from[i].key >> shift) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
}

/*
 * The bytes of id from offset off (at most its length) as a big-endian
 * number, zeros after its end: two ids with the same first off bytes
 * compare as these numbers do, unless the numbers are equal.
 */
static uint64_t
view_id_bytes(const char *id, size_t off)
{
	uint64_t	x = 0;
	size_t		i;

	id += off;
	for (i = 0; i < 8; i++) {
		x = (x << 8) | (unsigned char)*id;
		if (*id != '\0')
			id++;
	}
	return (x);
}

/*
 * Turn the items' value numbers into ranks (rankof[j] for key j) and
 * sort the items into vw->sorted.  As many sort keys as fit in 63 bits
 * are packed into one number per event, in the order view_cmp gives
 * (unset after every rank, descending keys' ranks reversed), and so are
 * the id's first bytes after the prefix all ids share.  A radix sort on
 * the packed numbers, then a merge sort of each run of equal numbers,
 * compare numbers in the array being sorted rather than ranks and ids in
 * events all over memory.  Returns the items' group values' numbers in
 * sorted order (to free).
 */
static size_t *
view_sort_items(struct view *vw, size_t *const *rankof)
{
	const struct sort_list	*sl = &vw->t->sort;
	struct view_sortent	*v, *tmp;
	size_t			*rank, *group;
	int			*bits;
	size_t			 i, j, r, np, total = 0;
	uint64_t		 key, code;

	bits = xreallocarray(NULL, sl->n + 1, sizeof *bits);
	for (np = 0; np < sl->n; np++) {
		for (bits[np] = 0; bits[np] < 64 &&
		    (vw->nranks[np] >> bits[np]) != 0; bits[np]++)
			/* nothing */;
		if (total + bits[np] > 63)
			break;
		total += bits[np];
	}
	vw->packed = np == sl->n;
	v = xreallocarray(NULL, vw->n + 1, sizeof *v);
	for (i = 0; i < vw->n; i++) {
#if defined(__GNUC__)
		/* An event's ranks and id are together, a stride apart. */
		if (i + VIEW_AHEAD < vw->n)
			__builtin_prefetch(vw->items[i + VIEW_AHEAD].rank);
#endif
		rank = vw->items[i].rank;
		key = 0;
		for (j = 0; j < sl->n; j++) {
			if ((r = rank[j]) != VIEW_UNSET)
				r = rank[j] = rankof[j][r];
			if (j >= np)
				continue;
			if (r == VIEW_UNSET)
				code = vw->nranks[j];
			else if (sl->v[j].descending)
				code = vw->nranks[j] - 1 - r;
			else
				code = r;
			key = (key << bits[j]) | code;
		}
		v[i].key = key;
		v[i].id = view_id_bytes(vw->items[i].ev.v[F_ID], vw->common);
		v[i].it = &vw->items[i];
		v[i].group = vw->items[i].group;
	}
	tmp = xreallocarray(NULL, vw->n + 1, sizeof *tmp);
	view_radix(v, tmp, vw->n, (int)total);
	for (i = 0; i < vw->n; i = j) {
		for (j = i + 1; j < vw->n && v[j].key == v[i].key; j++)
			/* nothing */;
		view_sort(vw, v + i, tmp, j - i);
	}
	vw->sorted = xreallocarray(NULL, vw->n + 1, sizeof *vw->sorted);
	group = xreallocarray(NULL, vw->n + 1, sizeof *group);
	for (i = 0; i < vw->n; i++) {
		vw->sorted[i] = v[i].it;
		group[i] = v[i].group;
	}
	free(tmp);
	free(v);
	free(bits);
	return (group);
}

/*
 * Split the sorted events into groups, in order of first appearance:
 * the group values' numbers (given in the order added, by view_note;
 * group[i] for the i-th sorted event) are renumbered in sorted order.
 */
static void
view_group(struct view *vw, const size_t *group)
{
	const struct view_set	*set;
	size_t			*gi, *num, *pos, i, g, at, id, unset;
	const char		**keys;

	set = vw->gkey != -1 ? &vw->sets[vw->gkey] : &vw->gset;
	unset = set->n;
	num = xreallocarray(NULL, unset + 1, sizeof *num);
	for (g = 0; g <= unset; g++)
		num[g] = VIEW_UNSET;
	keys = xreallocarray(NULL, unset + 1, sizeof *keys);
	gi = xreallocarray(NULL, vw->n + 1, sizeof *gi);
	for (i = 0; i < vw->n; i++) {
		if ((id = group[i]) == VIEW_UNSET)
			id = unset;
		if (num[id] == VIEW_UNSET) {
			keys[vw->ngroups] = id == unset ? "" : set->v[id];
			num[id] = vw->ngroups++;
		}
		gi[i] = num[id];
	}

	vw->groups = xcalloc(vw->ngroups + 1, sizeof *vw->groups);
	for (i = 0; i < vw->n; i++)
		vw->groups[gi[i]].count++;
	/* A counting sort keeps each group's events in sorted order. */
	pos = xreallocarray(NULL, vw->ngroups + 1, sizeof *pos);
	vw->members = xreallocarray(NULL, vw->n + 1, sizeof *vw->members);
	for (g = 0, at = 0; g < vw->ngroups; g++) {
		vw->groups[g].key = keys[g];
		vw->groups[g].first = pos[g] = at;
		vw->groups[g].list.vw = vw;
		vw->groups[g].list.v = vw->members + at;
		vw->groups[g].list.end = vw->members + vw->n;
		at += vw->groups[g].count;
	}
	for (i = 0; i < vw->n; i++)
		vw->members[pos[gi[i]]++] = vw->sorted[i];
	free(pos);
	free(gi);
	free(keys);
	free(num);
}

/*
 * Write the numbers 1 to n, for "index", into vw->index: each in a slot
 * of vw->iwidth bytes, counting up in place instead of dividing.
 */
static void
view_number(struct view *vw)
{
	char	num[32];
	size_t	i, k, len = 1, x;

	vw->iwidth = 2;
	for (x = vw->n; x >= 10; x /= 10)
		vw->iwidth++;
	vw->index = xreallocarray(NULL, vw->n + 1, vw->iwidth);
	memcpy(num, "1", 2);
	for (i = 0; i < vw->n; i++) {
		memcpy(vw->index + i * vw->iwidth, num, len + 1);
		for (k = len; k > 0 && num[k - 1] == '9'; k--)
			num[k - 1] = '0';
		if (k > 0)
			num[k - 1]++;
		else {
			memmove(num + 1, num, ++len);
			num[0] = '1';
		}
	}
}

static int
view_str_cmp(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

void
view_finish(struct view *vw)
{
	size_t	nk = vw->t->sort.n, i, **rankof, *group;

	if (vw->finished)
		fatalx("view_finish called twice");
	vw->finished = 1;

	vw->nranks = xcalloc(nk + 1, sizeof *vw->nranks);
	rankof = xreallocarray(NULL, nk + 1, sizeof *rankof);
	for (i = 0; i < nk; i++)
		rankof[i] = view_rank(vw, i);
	group = view_sort_items(vw, rankof);
	for (i = 0; i < nk; i++)
		free(rankof[i]);
	free(rankof);
	vw->all.vw = vw;
	vw->all.v = vw->sorted;
	vw->all.end = vw->sorted + vw->n;

	if (*vw->t->group != '\0')
		view_group(vw, group);
	free(group);
	view_number(vw);
	for (i = 0; i < nk; i++)
		view_set_free(&vw->sets[i]);
	view_set_free(&vw->gset);
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

/* event_field_index, quicker: most names differ in their first byte. */
static int
view_field_index(const char *name)
{
	int	i;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		if (name[0] == event_fields[i].name[0] &&
		    strcmp(name, event_fields[i].name) == 0)
			return (i);
	}
	return (-1);
}

static int
view_pages_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct view_pages *)a)->id,
	    ((const struct view_pages *)b)->id));
}

/* An event's "articles" (list) or "articles_count" (string). */
static int
view_get_pages(const struct view *vw, const char *id, int list,
    const char **s, const struct tvalue **tv)
{
	struct view_pages	 key, *p;

	memset(&key, 0, sizeof key);
	key.id = (char *)id;
	p = vw->npages == 0 ? NULL : bsearch(&key, vw->pages, vw->npages,
	    sizeof *vw->pages, view_pages_cmp);
	if (list) {
		*tv = p != NULL ? p->list : NULL;
		return (2);
	}
	*s = p != NULL ? p->count : "0";
	return (1);
}

void
view_no_sums(struct view *vw, int on)
{
	vw->no_sums = on;
}

void
view_add_article(struct view *vw, const struct event_article *a)
{
	struct view_pages	*p;
	struct tvalue		*m;
	char			 num[32];
	size_t			 i;

	if (!vw->finished)
		fatalx("view_add_article before view_finish");
	/* Only the view's own events' pages are kept (ids sorted once). */
	if (vw->ids == NULL && vw->n > 0) {
		vw->ids = xreallocarray(NULL, vw->n, sizeof *vw->ids);
		for (i = 0; i < vw->n; i++)
			vw->ids[i] = vw->sorted[i]->ev.v[F_ID];
		qsort(vw->ids, vw->n, sizeof *vw->ids, view_str_cmp);
	}
	if (vw->n == 0 || bsearch(&a->event_id, vw->ids, vw->n,
	    sizeof *vw->ids, view_str_cmp) == NULL)
		return;
	if (vw->npages == 0 || strcmp(vw->pages[vw->npages - 1].id,
	    a->event_id) != 0) {
		/* Articles come by event id: keep the array sorted. */
		if (vw->npages > 0 && strcmp(vw->pages[vw->npages - 1].id,
		    a->event_id) > 0)
			fatalx("view_add_article: not by event id");
		vw->pages = xreallocarray(vw->pages, vw->npages + 1,
		    sizeof *vw->pages);
		p = &vw->pages[vw->npages++];
		p->id = xstrdup(a->event_id);
		p->list = tv_list();
		p->n = 0;
	}
	p = &vw->pages[vw->npages - 1];
	m = tv_map();
	tv_map_set(m, "title", tv_string(a->title));
	tv_map_set(m, "wiki", *a->wiki != '\0' ? tv_string(a->wiki) :
	    tv_null());
	tv_map_set(m, "created", tv_bool(a->created));
	snprintf(num, sizeof num, "%ld", a->edits);
	tv_map_set(m, "edits", tv_string(num));
	snprintf(num, sizeof num, "%ld", a->bytes_added);
	tv_map_set(m, "bytes_added", tv_string(num));
	tv_list_push(p->list, m);
	snprintf(p->count, sizeof p->count, "%zu", ++p->n);
}

/* A non-negative integer, or -1. */
static long long
view_integer(const char *s)
{
	long long	n = 0;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || n > (LLONG_MAX - 9) / 10)
			return (-1);
		n = n * 10 + (*s - '0');
	}
	return (n);
}

/*
 * "sum": per numeric field, the total over the events v[0..n): every
 * count field (unset counts as 0), and every extra field whose values
 * are all whole numbers.
 */
static struct tvalue *
view_sums(struct view_item *const *v, size_t n)
{
	struct tvalue	*m = tv_map();
	struct strv	 names = STRV_INITIALIZER, bad = STRV_INITIALIZER;
	const char	*val;
	long long	 sum, x;
	char		 num[32];
	size_t		 i, k, e;
	int		 f;

	for (f = 0; f < EVENT_NFIELDS; f++) {
		if (event_fields[f].kind != FIELD_COUNT)
			continue;
		for (i = 0, sum = 0; i < n; i++)
			if ((x = view_integer(v[i]->ev.v[f])) > 0)
				sum += x;
		snprintf(num, sizeof num, "%lld", sum);
		tv_map_set(m, event_fields[f].name, tv_string(num));
	}
	for (i = 0; i < n; i++) {
		for (e = 0; e < v[i]->ev.nextras; e++) {
			val = v[i]->ev.extras[e].value;
			if (*val != '\0' && view_integer(val) == -1 &&
			    !strv_contains(&bad, v[i]->ev.extras[e].name))
				strv_push(&bad,
				    xstrdup(v[i]->ev.extras[e].name));
			else if (!strv_contains(&names,
			    v[i]->ev.extras[e].name))
				strv_push(&names,
				    xstrdup(v[i]->ev.extras[e].name));
		}
	}
	for (k = 0; k < names.n; k++) {
		if (strv_contains(&bad, names.v[k]))
			continue;
		for (i = 0, sum = 0; i < n; i++)
			if ((x = view_integer(event_get(&v[i]->ev,
			    names.v[k]))) > 0)
				sum += x;
		snprintf(num, sizeof num, "%lld", sum);
		tv_map_set(m, names.v[k], tv_string(num));
	}
	strv_free(&names);
	strv_free(&bad);
	return (m);
}

/*
 * The tv_get_fn of the context's event lists (arg is a view_list):
 * element i is the map view.h describes, read from the view's copy of
 * the event.  "index" wins over an extra of that name, and an extra over
 * a standard field (the last of two extras of one name), as if each map
 * were built field by field, extras and index last.
 */
static int
view_get(const void *arg, size_t i, const char *key, const char **s,
    const struct tvalue **tv)
{
	const struct view_list	*l = arg;
	const struct event	*ev = &l->v[i]->ev;
	const char		*value = NULL, *p;
	size_t			 x;
	int			 idx;

#if defined(__GNUC__)
	/*
	 * Elements are read in order, but sorted order jumps around the
	 * arena, and cache misses on the events would be most of the time
	 * here: ask for the item two strides on and the strings of the one
	 * a stride on (whose item has arrived by now).
	 */
	if (l->v + i + 2 * VIEW_AHEAD < l->end) {
		p = (const char *)l->v[i + 2 * VIEW_AHEAD];
		for (x = 0; x < sizeof **l->v; x += 64)
			__builtin_prefetch(p + x);
		__builtin_prefetch(p + sizeof **l->v - 1);
	}
	if (l->v + i + VIEW_AHEAD < l->end) {
		p = l->v[i + VIEW_AHEAD]->ev.v[0];
		for (x = 0; x < VIEW_LINES; x++)
			__builtin_prefetch(p + 64 * x);
	}
#endif
	if (strcmp(key, "index") == 0) {
		*s = l->vw->index + i * l->vw->iwidth;
		return (1);
	}
	if (strncmp(key, "articles", 8) == 0 && (key[8] == '\0' ||
	    strcmp(key + 8, "_count") == 0))
		return (view_get_pages(l->vw, ev->v[F_ID], key[8] == '\0', s,
		    tv));
	for (x = ev->nextras; x > 0 && value == NULL; x--) {
		if (strcmp(key, ev->extras[x - 1].name) == 0)
			value = ev->extras[x - 1].value;
	}
	if (value == NULL) {
		if ((idx = view_field_index(key)) == -1)
			return (0);
		value = ev->v[idx];
	}
	*s = *value == '\0' ? NULL : value;
	return (1);
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
	tv_map_set(ctx, "events", tv_list_lazy(vw->n, view_get, &vw->all));
	/* No events, no totals: "<%#sum%>...<%/sum%>" renders nothing. */
	if (vw->n > 0 && !vw->no_sums)
		tv_map_set(ctx, "sum", view_sums(vw->sorted, vw->n));
	if (*vw->t->group == '\0')
		return (ctx);

	groups = tv_list();
	for (i = 0; i < vw->ngroups; i++) {
		g = &vw->groups[i];
		gm = tv_map();
		tv_map_set(gm, "key", *g->key == '\0' ? tv_null() :
		    tv_string(g->key));
		tv_map_set(gm, "count", view_tv_count(g->count));
		tv_map_set(gm, "events", tv_list_lazy(g->count, view_get,
		    &g->list));
		if (!vw->no_sums)
			tv_map_set(gm, "sum", view_sums(g->list.v, g->count));
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
	struct buf	 b;
	const char	*v;
	size_t		 i;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < EVENT_NFIELDS; i++) {
		v = ev->v[i] != NULL ? ev->v[i] : "";
		/*
		 * The fields of schema 6 count only when set: an event keeps
		 * the hash it had before them, and the first edit after an
		 * upgrade does not call every event changed.
		 */
		if (*v == '\0' && (i == F_EDITS || i == F_BYTES_ADDED ||
		    i == F_PAGE))
			continue;
		view_netstring(&b, event_fields[i].name);
		view_netstring(&b, v);
	}
	for (i = 0; i < ev->nextras; i++) {
		view_netstring(&b, ev->extras[i].name);
		view_netstring(&b, ev->extras[i].value);
	}
	md5_hex(buf_str(&b), b.len, hex);
	buf_free(&b);
}
