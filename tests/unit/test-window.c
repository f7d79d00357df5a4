/*
 * Unit tests of event windows (window.c): dates and date-times, with and
 * without an offset, read in the event's time zone (across a change to
 * summer time), the end of the start's day when there is no end, grace,
 * and the errors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "tap.h"
#include "window.h"

/* The window of an event with these fields, as "FROM TO" or the error. */
static void
is_window(const char *start, const char *end, const char *tz, long grace,
    const char *want, const char *what)
{
	struct event	 ev;
	struct window	 w;
	char		 got[64], a[32], b[32], *cause = NULL;

	event_init(&ev);
	free(ev.v[F_START]);
	ev.v[F_START] = strdup(start);
	free(ev.v[F_END]);
	ev.v[F_END] = strdup(end);
	free(ev.v[F_TIMEZONE]);
	ev.v[F_TIMEZONE] = strdup(tz);
	if (window_of(&ev, grace, &w, &cause) == 0) {
		window_format(w.from, a);
		window_format(w.to, b);
		snprintf(got, sizeof got, "%s %s", a, b);
		is_str(got, want, what);
	} else {
		is_str(cause, want, what);
		free(cause);
	}
	event_free(&ev);
}

int
main(void)
{
	time_t	t;

	is_window("2023-03-08", "", "", 0,
	    "2023-03-08T00:00:00Z 2023-03-08T23:59:59Z",
	    "a day, in UTC: the whole day");
	is_window("2023-03-08", "2023-03-10", "", 0,
	    "2023-03-08T00:00:00Z 2023-03-10T23:59:59Z",
	    "an end date: to the end of that day");
	is_window("2023-03-08T10:00", "2023-03-08T16:30", "", 0,
	    "2023-03-08T10:00:00Z 2023-03-08T16:30:00Z",
	    "date-times: those moments");
	is_window("2023-03-08T10:00", "", "", 0,
	    "2023-03-08T10:00:00Z 2023-03-08T23:59:59Z",
	    "a start time without an end: to the end of its day");
	is_window("2023-03-08", "", "Africa/Nairobi", 0,
	    "2023-03-07T21:00:00Z 2023-03-08T20:59:59Z",
	    "a day in Nairobi (UTC+3)");
	is_window("2023-03-08T10:00", "2023-03-08T13:00", "America/Lima", 0,
	    "2023-03-08T15:00:00Z 2023-03-08T18:00:00Z",
	    "wall-clock times in Lima (UTC-5)");
	is_window("2023-03-25", "2023-03-26", "Europe/Stockholm", 0,
	    "2023-03-24T23:00:00Z 2023-03-26T21:59:59Z",
	    "across the change to summer time in Stockholm");
	is_window("2023-03-08T10:00+01:00", "2023-03-08T12:00Z", "Asia/Tokyo",
	    0, "2023-03-08T09:00:00Z 2023-03-08T12:00:00Z",
	    "an offset given wins over the time zone");
	is_window("2023-03-08", "", "", 7 * 86400,
	    "2023-03-08T00:00:00Z 2023-03-15T23:59:59Z",
	    "grace widens the end only");
	is_window("2023-03-08", "", "Mars/Olympus_Mons", 0,
	    "timezone 'Mars/Olympus_Mons' is unknown to this system (no "
	    "/usr/share/zoneinfo/Mars/Olympus_Mons: is tzdata installed?)",
	    "an unknown zone is an error, not UTC");
	is_window("2023-03-10", "2023-03-08", "", 0,
	    "end '2023-03-08' comes before start '2023-03-10'",
	    "an end before the start is an error");
	is_window("2023-02-30", "", "", 0,
	    "start '2023-02-30': no such day in that month",
	    "a bad start is an error");
	ok(getenv("TZ") == NULL || strcmp(getenv("TZ"),
	    "Europe/Stockholm") != 0, "TZ is put back after a conversion");

	ok(window_parse_utc("2023-03-08T10:00:00Z", &t) == 0 &&
	    t == 1678269600, "an API time is read as UTC");
	ok(window_parse_utc("2023-03-08", &t) == -1,
	    "a date without a time is not an API time");
	return (tap_done());
}
