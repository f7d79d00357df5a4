/*
 * An event's window, the time in which its participants' contributions
 * count for its statistics (DESIGN.md, "Statistics"):
 *
 *  - it opens at the event's start: a date alone is the start of that
 *    day (00:00:00), a date-time is that moment;
 *  - it closes at the event's end, or, with no end, at the end of the
 *    start's day: a date alone is the end of that day (23:59:59), a
 *    date-time is that moment; then grace later;
 *  - both are read in the event's timezone, UTC when it has none; a
 *    date-time written with Z or an offset is that moment whatever the
 *    timezone.
 *
 * Both ends are inclusive and whole seconds, as MediaWiki's timestamps.
 */
#ifndef WINDOW_H
#define WINDOW_H

#include <time.h>

struct event;

struct window {
	time_t	from;
	time_t	to;
};

/*
 * The window of ev, its end grace seconds later.  -1 with *cause when
 * the event's start is missing or bad, its end comes before its start,
 * or its timezone is unknown to this system's time zone database.
 */
int	window_of(const struct event *ev, long grace, struct window *w,
	    char **cause);
/* t as the API writes times, 2023-03-08T10:00:00Z (out: 21 bytes). */
void	window_format(time_t t, char *out);
/* An API time, 2023-03-08T10:00:00Z, into *t; -1 if it is not one. */
int	window_parse_utc(const char *s, time_t *t);

#endif
