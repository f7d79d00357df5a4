/*
 * Event windows (window.h): local wall-clock times in an IANA time zone
 * turned into UTC with mktime(3) under that zone.  The zone is set in
 * TZ for the conversion and the caller's TZ put back after, so the rest
 * of the program (the daemon's local "today") never sees it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "event.h"
#include "window.h"
#include "xmalloc.h"

#define ZONEINFO	"/usr/share/zoneinfo"

/* Days since 1970-01-01 and seconds of the day: UTC seconds. */
static time_t
window_utc(const struct isodate *d, int h, int m, int s)
{
	return ((time_t)date_days(d) * 86400 + h * 3600 + m * 60 + s);
}

/*
 * The UTC time of wall-clock time h:m:s on d's day in zone tz ("" or
 * "UTC": UTC).  -1 with *cause if the zone is unknown.
 */
static int
window_local(const struct isodate *d, int h, int m, int s, const char *tz,
    time_t *out, char **cause)
{
	struct tm	 tm;
	char		*path, *saved;
	const char	*old;
	int		 known;

	if (*tz == '\0' || strcmp(tz, "UTC") == 0) {
		*out = window_utc(d, h, m, s);
		return (0);
	}
	/* glibc takes an unknown zone for UTC, silently: check it. */
	path = xasprintf("%s/%s", ZONEINFO, tz);
	known = access(path, R_OK) == 0;
	free(path);
	if (!known) {
		*cause = xasprintf("timezone '%s' is unknown to this system "
		    "(no %s/%s: is tzdata installed?)", tz, ZONEINFO, tz);
		return (-1);
	}
	old = getenv("TZ");
	saved = old != NULL ? xstrdup(old) : NULL;
	setenv("TZ", tz, 1);
	tzset();
	memset(&tm, 0, sizeof tm);
	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	if (saved != NULL) {
		setenv("TZ", saved, 1);
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
	return (0);
}

/* One end of the window: a date at the start or end of its day. */
static int
window_end(const struct isodate *d, int closing, const char *tz,
    time_t *out, char **cause)
{
	if (d->has_time && d->has_offset) {
		*out = window_utc(d, d->hour, d->minute, d->second) -
		    (time_t)d->offset_min * 60;
		return (0);
	}
	if (d->has_time)
		return (window_local(d, d->hour, d->minute, d->second, tz, out,
		    cause));
	return (closing ? window_local(d, 23, 59, 59, tz, out, cause) :
	    window_local(d, 0, 0, 0, tz, out, cause));
}

int
window_of(const struct event *ev, long grace, struct window *w, char **cause)
{
	struct isodate	 start, end, day;
	const char	*why, *tz = ev->v[F_TIMEZONE];

	if (date_parse(ev->v[F_START], &start, &why) != 0) {
		*cause = xasprintf("start '%s': %s", ev->v[F_START], why);
		return (-1);
	}
	if (window_end(&start, 0, tz, &w->from, cause) != 0)
		return (-1);
	if (*ev->v[F_END] != '\0') {
		if (date_parse(ev->v[F_END], &end, &why) != 0) {
			*cause = xasprintf("end '%s': %s", ev->v[F_END], why);
			return (-1);
		}
		if (window_end(&end, 1, tz, &w->to, cause) != 0)
			return (-1);
	} else {
		/* The end of the start's day, in the event's timezone. */
		day = start;
		day.has_time = 0;
		day.has_offset = 0;
		if (window_end(&day, 1, tz, &w->to, cause) != 0)
			return (-1);
		if (w->to < w->from)	/* a start given in another zone */
			w->to = w->from;
	}
	if (w->to < w->from) {
		*cause = xasprintf("end '%s' comes before start '%s'",
		    ev->v[F_END], ev->v[F_START]);
		return (-1);
	}
	w->to += grace;
	return (0);
}

void
window_format(time_t t, char *out)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
window_parse_utc(const char *s, time_t *t)
{
	struct isodate	 d;
	const char	*why;

	if (date_parse(s, &d, &why) != 0 || !d.has_time || !d.has_offset)
		return (-1);
	*t = window_utc(&d, d.hour, d.minute, d.second) -
	    (time_t)d.offset_min * 60;
	return (0);
}
