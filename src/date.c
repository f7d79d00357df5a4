/*
 * ISO 8601 dates and date-times of event fields, and the relative dates
 * ("today+30d") of "where" filters.  Calendar arithmetic is done on day
 * numbers (Howard Hinnant's days_from_civil), so nothing here depends on
 * the TZ setting except date_today().
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

#define RELATIVE_WHY \
	"a relative date is today, today+Nd or today-Nd (N up to 99999)"

/* Read exactly n ASCII digits at s into *v; 0, or -1 if they are not. */
static int
date_digits(const char *s, int n, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		*v = *v * 10 + (s[i] - '0');
	}
	return (0);
}

static int
date_leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

static int
date_month_days(int y, int m)
{
	static const int	days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && date_leap(y))
		return (29);
	return (days[m - 1]);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long
date_from_civil(long y, int m, int d)
{
	long		era;
	unsigned long	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned long)(y - era * 400);
	doy = (153 * (unsigned long)(m > 2 ? m - 3 : m + 9) + 2) / 5 +
	    (unsigned long)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + (long)doe - 719468);
}

/* The calendar date of day z since 1970-01-01. */
static void
date_to_civil(long z, int *y, int *m, int *d)
{
	long		era;
	unsigned long	doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned long)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)((long)yoe + era * 400 + (*m <= 2));
}

/* Parse "hh:mm" or "hh:mm:ss" and an optional offset at s. */
static int
date_parse_time(const char *s, struct isodate *d, const char **why)
{
	int	h, m;

	if (date_digits(s, 2, &d->hour) == -1 || s[2] != ':' ||
	    date_digits(s + 3, 2, &d->minute) == -1) {
		*why = "expected hh:mm or hh:mm:ss after 'T'";
		return (-1);
	}
	s += 5;
	if (*s == ':') {
		if (date_digits(s + 1, 2, &d->second) == -1) {
			*why = "expected two digits of seconds";
			return (-1);
		}
		s += 3;
	}
	if (d->hour > 23 || d->minute > 59 || d->second > 59) {
		*why = d->hour > 23 ? "hour out of range (00-23)" :
		    d->minute > 59 ? "minute out of range (00-59)" :
		    "second out of range (00-59)";
		return (-1);
	}
	d->has_time = 1;
	if (*s == 'Z') {
		d->has_offset = 1;
		s++;
	} else if (*s == '+' || *s == '-') {
		if (date_digits(s + 1, 2, &h) == -1 || s[3] != ':' ||
		    date_digits(s + 4, 2, &m) == -1) {
			*why = "expected a UTC offset of the form +hh:mm";
			return (-1);
		}
		if (h > 14 || m > 59) {
			*why = "UTC offset out of range";
			return (-1);
		}
		d->has_offset = 1;
		d->offset_min = (h * 60 + m) * (*s == '-' ? -1 : 1);
		s += 6;
	}
	if (*s != '\0') {
		*why = "unexpected text after the time";
		return (-1);
	}
	return (0);
}

int
date_parse(const char *s, struct isodate *d, const char **why)
{
	const char	*dummy;

	if (why == NULL)
		why = &dummy;
	memset(d, 0, sizeof *d);
	if (date_digits(s, 4, &d->year) == -1 || s[4] != '-' ||
	    date_digits(s + 5, 2, &d->month) == -1 || s[7] != '-' ||
	    date_digits(s + 8, 2, &d->day) == -1) {
		*why = "expected YYYY-MM-DD";
		return (-1);
	}
	if (d->year < 1900) {
		*why = "year out of range (1900-9999)";
		return (-1);
	}
	if (d->month < 1 || d->month > 12) {
		*why = "month out of range (01-12)";
		return (-1);
	}
	if (d->day < 1 || d->day > date_month_days(d->year, d->month)) {
		*why = "no such day in that month";
		return (-1);
	}
	if (s[10] == '\0')
		return (0);
	if (s[10] != 'T') {
		*why = "expected 'T' and a time after the date";
		return (-1);
	}
	return (date_parse_time(s + 11, d, why));
}

/* Seconds since 1970-01-01 of d's fields taken as they are. */
static long long
date_local_seconds(const struct isodate *d)
{
	return (date_days(d) * 86400LL + d->hour * 3600LL +
	    d->minute * 60LL + d->second);
}

int
date_compare(const struct isodate *a, const struct isodate *b)
{
	long long	x, y;

	if (!a->has_time || !b->has_time) {
		x = date_days(a);
		y = date_days(b);
	} else {
		x = date_local_seconds(a);
		y = date_local_seconds(b);
		if (a->has_offset && b->has_offset) {
			x -= a->offset_min * 60LL;
			y -= b->offset_min * 60LL;
		}
	}
	return (x < y ? -1 : x > y);
}

void
date_add_days(struct isodate *d, int days)
{
	date_to_civil(date_days(d) + days, &d->year, &d->month, &d->day);
}

long
date_days(const struct isodate *d)
{
	return (date_from_civil(d->year, d->month, d->day));
}

void
date_today(char *out, int days)
{
	struct isodate	d;
	struct tm	tm;
	time_t		now;

	memset(&d, 0, sizeof d);
	now = time(NULL);
	if (localtime_r(&now, &tm) != NULL) {
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
	} else
		date_to_civil((long)(now / 86400), &d.year, &d.month, &d.day);
	date_add_days(&d, days);
	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

int
date_relative(const char *s, char *out, const char **why)
{
	const char	*p;
	int		 n = 0, ndigits = 0;

	if (strncmp(s, "today", 5) != 0)
		return (0);
	p = s + 5;
	if (*p == '\0') {
		date_today(out, 0);
		return (1);
	}
	if (*p != '+' && *p != '-')
		goto bad;
	for (p++; *p >= '0' && *p <= '9' && ndigits < 6; p++, ndigits++)
		n = n * 10 + (*p - '0');
	if (ndigits < 1 || ndigits > 5 || p[0] != 'd' || p[1] != '\0')
		goto bad;
	date_today(out, s[5] == '-' ? -n : n);
	return (1);
bad:
	if (why != NULL)
		*why = RELATIVE_WHY;
	return (-1);
}
