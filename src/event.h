/*
 * An event of the registry: the standard fields of DESIGN.md, in a fixed
 * order, plus free extra fields (name/value pairs, kept sorted by name).
 *
 * Values are strings; "" means unset.  An event owns all its strings.
 * Field values are checked and normalized one at a time by event_set()
 * (UTF-8, NFC, no controls, length, and the field's own syntax), and the
 * event as a whole by event_validate() (required fields, end not before
 * start).  Nothing here knows about SQL, CSV or the wiki.
 */
#ifndef EVENT_H
#define EVENT_H

#include <stddef.h>

enum field_kind {
	FIELD_ID,	/* slug: [a-z0-9][a-z0-9._-]* */
	FIELD_TEXT,	/* one line of text */
	FIELD_NOTES,	/* text, newlines allowed */
	FIELD_DATE,	/* ISO 8601 date or date-time */
	FIELD_TIMEZONE,	/* IANA zone name, Area/City */
	FIELD_MODE,	/* in-person, online, hybrid */
	FIELD_STATUS,	/* planned, confirmed, cancelled, done */
	FIELD_URL,	/* http:// or https:// */
	FIELD_LANGUAGE,	/* language code: en, fr, pt-br, zh-hant */
	FIELD_COUNT,	/* non-negative integer */
	FIELD_TITLE,	/* a page title on the wiki, spaced as MediaWiki does */
};

struct field_def {
	const char	*name;
	enum field_kind	 kind;
	int		 required;
	size_t		 maxlen;	/* bytes, after normalization */
	const char	*help;
};

enum {
	F_ID, F_CAMPAIGN, F_TITLE, F_START, F_END, F_TIMEZONE, F_MODE,
	F_COUNTRY, F_CITY, F_VENUE, F_URL, F_ORGANIZER, F_LANGUAGE, F_STATUS,
	F_PARTICIPANTS, F_ARTICLES_CREATED, F_ARTICLES_IMPROVED, F_EDITS,
	F_BYTES_ADDED, F_PAGE, F_NOTES, EVENT_NFIELDS
};

extern const struct field_def event_fields[EVENT_NFIELDS];

#define EXTRA_NAME_MAX	32	/* bytes in an extra field's name */
#define EXTRA_VALUE_MAX	1000	/* bytes in an extra field's value */

struct event_extra {
	char	*name;
	char	*value;
};

struct event {
	char			*v[EVENT_NFIELDS];	/* never NULL */
	struct event_extra	*extras;		/* sorted by name */
	size_t			 nextras;
};

/* The index of a standard field, or -1. */
int		 event_field_index(const char *name);
/* Is name a well-formed field name ([a-z][a-z0-9_]*, short enough)? */
int		 event_field_name_ok(const char *name);

void		 event_init(struct event *);
/*
 * Free everything ev holds.  The fields are left NULL and the extras
 * empty: the functions here read a NULL field as unset, event_free may be
 * called again, and code that fills every v[i] may reuse the event.
 */
void		 event_free(struct event *);
/* Deep copy into dst, which need not be initialized (nothing is freed). */
void		 event_copy(struct event *dst, const struct event *src);
/* The value of a standard or extra field; "" when unset or unknown. */
const char	*event_get(const struct event *, const char *name);

/*
 * Check and normalize value for field name and store it (an extra field
 * when name is not a standard one; the caller decides which extra names
 * are allowed).  "" clears the field.  On error returns -1 with *cause
 * naming the field, e.g. "start: '2023-02-30' is not a valid date".
 */
int		 event_set(struct event *, const char *name, const char *value,
		     char **cause);

/*
 * Whole-event checks: required fields present, end not before start.
 * Returns -1 with *cause naming the field.
 */
int		 event_validate(const struct event *, char **cause);

/*
 * Fill in what an event gets when created without it: status "planned".
 */
void		 event_defaults(struct event *);

/*
 * A readable stable id from campaign, place and date, e.g.
 * "wikigap-2023-nairobi-2023-03-08" (newly allocated; ASCII slug).
 */
char		*event_make_id(const struct event *);
/* s with ASCII capitals in lower case (import --lowercase-ids). */
char		*event_id_fold(const char *s);
/*
 * The id (or table name) of at most max bytes that s would be accepted
 * as, newly allocated: s in lower case if that is valid, else its slug
 * ("WikiGap 2023" gives "wikigap-2023"); NULL if there is none.
 */
char		*event_id_suggest(const char *s, size_t max);
/*
 * "is not a valid id (lower-case letters, digits, '.', '_', '-'); try
 * 'wg23-nairobi'" for s, newly allocated (without "; try" if there is
 * nothing to suggest).
 */
char		*event_id_hint(const char *s, size_t max);

#endif
