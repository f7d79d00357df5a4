/*
 * A table's view of the registry: the events its "where" lines select,
 * sorted by its "sort" keys and grouped by its "group" field, and the
 * template context DESIGN.md describes, built from them.
 *
 * Order is total and depends on the events alone, so the same registry
 * always gives the same context and byte-identical text (no noise edits):
 *  - Sort keys compare two values as numbers when both are non-negative
 *    integers, else case-folded (Unicode) and then byte by byte; an
 *    unset value sorts after every set one, in either direction.  "-key"
 *    sorts that key descending.  Ties keep going down the keys, and last
 *    of all the event id decides.
 *    So that the order stays total (transitive) when a key mixes the
 *    two, a number sorts before any other set value ("9" < "10" < "1a");
 *    numbers equal in value ("7", "007") tie.  Events with the same id
 *    are ordered by their remaining fields, byte by byte.
 *  - Groups appear in the order their first event has in the sorted list;
 *    inside a group events keep that order.  Events without the group
 *    field form one group, wherever it falls, whose key is null (so
 *    "<%#key%>...<%/key%><%^key%>Country not given<%/key%>").
 *
 * The context (a TV_MAP, see template.h):
 *	table, page, generated	strings
 *	count			the number of events, as a string
 *	events			every event, sorted
 *	groups			(only with "group") each with key (a string,
 *				or null), count, events
 * Each event is a map of every standard field and every extra field it
 * holds, plus "index" (1-based, within the list it is in), "articles"
 * (the pages behind its figures, view_add_article: each a map of title,
 * wiki (null for the plain [wiki]), created (a boolean), edits and
 * bytes_added; null when it has none) and "articles_count".  "sum", at
 * the top and in each group, maps every count field (participants,
 * articles_created, ..., unset counting as 0) and every extra field
 * whose values are all whole numbers to its total over the events
 * (absent where there are no events, so that "<%#sum%>...<%/sum%>" makes
 * a totals row only under rows).  An unset
 * standard field is null: falsy, and it inserts nothing, so
 * "<%#url%>...<%/url%>" skips events without a url.  (An empty extra is
 * null too, and "index" wins over an extra field of that name.)
 * A group's key is its events' value exactly as stored: values that only
 * sort together ("Åland", "åland") are two groups.
 *
 * The event lists are lazy (tv_list_lazy): an event's map is read from
 * the view's copy of the event as it is rendered, never built, so the
 * context costs next to nothing whatever the number of events.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stddef.h>

#include "md5.h"

struct conf_table;
struct event;
struct event_article;
struct tvalue;
struct view;

/*
 * An empty view for table t (t must outlive the view).  The events are
 * copied, so the view needs nothing else to stay alive.
 */
struct view	*view_new(const struct conf_table *t);
void		 view_free(struct view *);
/* Offer an event: it is copied into the view if every where line matches. */
void		 view_add(struct view *, const struct event *);
/* view_add as a registry_foreach callback (arg is the view); returns 0. */
int		 view_add_fn(const struct event *, void *arg);
/*
 * Sort and group; call once, after the last view_add (view_add after it,
 * and view_event or view_context before it, are bugs: fatalx).
 */
void		 view_finish(struct view *);

/*
 * Leave "sum" out of the context (with on 0): a template that does not
 * use it need not pay for adding every event's figures up.
 */
void		 view_no_sums(struct view *, int on);
/*
 * After view_finish: a page behind the figures of event a->event_id, for
 * its "articles".  Pages come by event id (registry_articles' order).
 */
void		 view_add_article(struct view *, const struct event_article *);

/* Number of events in the view. */
size_t		 view_count(const struct view *);
/*
 * The i-th event in sorted order (after view_finish), owned by the view;
 * NULL if i >= view_count().
 */
const struct event *view_event(const struct view *, size_t i);

/*
 * The template context, newly allocated (tv_free it); generated is the
 * value of "generated" (the caller decides it, so rendering stays
 * deterministic).  The context reads the view's events: free it before
 * the view.
 */
struct tvalue	*view_context(const struct view *, const char *generated);

/*
 * A fingerprint of everything an event holds (md5 of its fields and
 * extras in a fixed, unambiguous encoding), to tell which events changed
 * between two renders.  The encoding: every standard field in
 * event_fields order, then every extra in name order, each as its name
 * and its value ("" when unset; a NULL field is unset), each of those as
 * a netstring "LEN:BYTES,"; but the fields schema 6 added (edits,
 * bytes_added, page) only when set, so that an event without them keeps
 * the fingerprint it had before.  Stored fingerprints depend on it: keep
 * it.
 */
void		 view_event_hash(const struct event *,
		     char hex[MD5_HEX_LEN + 1]);

#endif
