/*
 * "where" filters, shared by the config's [table] sections and
 * "event list --where": FIELD OP VALUE, OP one of = != < <= > >= ~.
 *
 * Semantics:
 *  - VALUE is the rest of the line, spaces trimmed; it may be empty.
 *  - "today", "today+30d", "today-7d" are dates, resolved when the filter
 *    is parsed (so one pass sees one "today"); not after "~", which looks
 *    for the text.  Any other VALUE starting with "today" is an error.
 *  - When VALUE is a date (YYYY-MM-DD) and the field holds a date or
 *    date-time, the calendar days are compared: start <= today matches
 *    an event at 10:00 today.  When both sides are non-negative integers
 *    they are compared as numbers.  Otherwise values are compared as
 *    strings, byte by byte (the registry holds NFC text).
 *  - "~" is "contains", case-insensitive (Unicode case folding).
 *  - An unset field is "" and compares as such with = and !=, but never
 *    matches < <= > >= against a non-empty VALUE (an event without an
 *    end is not "end < today").
 * Several filters AND together.
 */
#ifndef WHERE_H
#define WHERE_H

#include <stddef.h>

#include "date.h"

struct event;

enum where_op {
	WHERE_EQ, WHERE_NE, WHERE_LT, WHERE_LE, WHERE_GT, WHERE_GE,
	WHERE_CONTAINS
};

struct where {
	char		*field;
	int		 index;		/* event_field_index(field) */
	enum where_op	 op;
	char		*value;		/* resolved ("today" is a date) */
	char		*folded;	/* case-folded value, for ~ */
	/* The value parsed once here, not for every event matched. */
	int		 isdate;	/* it is a date, in date */
	struct isodate	 date;
	int		 isnumber;	/* it is a number, in number */
	long long	 number;
};

/*
 * Parse expr into a newly allocated filter.  The field must be a
 * well-formed field name; whether it exists is the caller's business.
 * Returns NULL with *cause set, e.g.
 * "'country Kenya': expected FIELD OP VALUE with OP one of = != < <= > >= ~".
 */
struct where	*where_parse(const char *expr, char **cause);
void		 where_free(struct where *);
/* Does the event match this one filter? */
int		 where_match(const struct where *, const struct event *);
/* Does the event match all n filters (n may be 0)? */
int		 where_match_all(struct where *const *, size_t n,
		     const struct event *);
/* The operator as written: "=", "!=", ... */
const char	*where_op_name(enum where_op);

#endif
