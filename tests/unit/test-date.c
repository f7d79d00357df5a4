/*
 * Unit tests for date: the accepted ISO 8601 forms and everything else
 * refused, the calendar (leap years), offsets, comparison in UTC and in
 * local time, day arithmetic, today and the relative dates.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "tap.h"

static void
good(const char *s, const char *what)
{
	struct isodate	 d;
	const char	*why = NULL;
	char		 msg[128];

	snprintf(msg, sizeof msg, "'%s' accepted (%s)", s, what);
	if (!ok(date_parse(s, &d, &why) == 0, msg))
		printf("#   why: %s\n", why != NULL ? why : "(null)");
}

static void
bad(const char *s, const char *want, const char *what)
{
	struct isodate	 d;
	const char	*why = NULL;
	char		 msg[128];

	snprintf(msg, sizeof msg, "'%s' refused (%s)", s, what);
	ok(date_parse(s, &d, &why) == -1, msg);
	snprintf(msg, sizeof msg, "'%s' reason", s);
	is_str(why, want, msg);
}

/* Compare two date strings that must parse. */
static int
cmp(const char *a, const char *b)
{
	struct isodate	x, y;

	if (date_parse(a, &x, NULL) == -1 || date_parse(b, &y, NULL) == -1)
		return (99);
	return (date_compare(&x, &y));
}

static void
test_parse_fields(void)
{
	struct isodate	d;

	ok(date_parse("2023-03-08", &d, NULL) == 0, "plain date parses");
	is_int(d.year, 2023, "year");
	is_int(d.month, 3, "month");
	is_int(d.day, 8, "day");
	is_int(d.has_time, 0, "no time");
	is_int(d.has_offset, 0, "no offset");

	ok(date_parse("2023-03-08T09:05", &d, NULL) == 0, "hh:mm parses");
	is_int(d.has_time, 1, "has time");
	is_int(d.hour, 9, "hour");
	is_int(d.minute, 5, "minute");
	is_int(d.second, 0, "second defaults to 0");
	is_int(d.has_offset, 0, "no offset given");

	ok(date_parse("2023-03-08T23:59:58+05:30", &d, NULL) == 0,
	    "seconds and offset parse");
	is_int(d.second, 58, "second");
	is_int(d.has_offset, 1, "offset given");
	is_int(d.offset_min, 330, "offset +05:30");

	ok(date_parse("2023-03-08T10:00-03:00", &d, NULL) == 0,
	    "negative offset parses");
	is_int(d.offset_min, -180, "offset -03:00");

	ok(date_parse("2023-03-08T10:00Z", &d, NULL) == 0, "Z parses");
	is_int(d.has_offset, 1, "Z is an offset");
	is_int(d.offset_min, 0, "Z is +00:00");
}

static void
test_parse_calendar(void)
{
	good("1900-01-01", "first year");
	good("9999-12-31", "last day");
	good("2024-02-29", "leap year");
	good("2000-02-29", "400-year leap");
	good("2023-01-31", "january 31");
	good("2023-04-30", "april 30");
	good("2023-03-08T00:00:00-14:00", "offset -14:00");
	good("2023-03-08T00:00+14:59", "offset +14:59");
	bad("2023-02-29", "no such day in that month", "not a leap year");
	bad("1900-02-29", "no such day in that month", "century no leap");
	bad("2100-02-29", "no such day in that month", "2100 no leap");
	bad("2023-02-30", "no such day in that month", "february 30");
	bad("2023-04-31", "no such day in that month", "april 31");
	bad("2023-03-00", "no such day in that month", "day 0");
	bad("2023-03-32", "no such day in that month", "day 32");
	bad("2023-00-10", "month out of range (01-12)", "month 0");
	bad("2023-13-10", "month out of range (01-12)", "month 13");
	bad("1899-12-31", "year out of range (1900-9999)", "year 1899");
	bad("0000-01-01", "year out of range (1900-9999)", "year 0");
}

static void
test_parse_syntax(void)
{
	bad("", "expected YYYY-MM-DD", "empty");
	bad("2023-3-8", "expected YYYY-MM-DD", "one-digit month and day");
	bad("23-03-08", "expected YYYY-MM-DD", "two-digit year");
	bad("12023-03-08", "expected YYYY-MM-DD", "five-digit year");
	bad("2023/03/08", "expected YYYY-MM-DD", "slashes");
	bad("20230308", "expected YYYY-MM-DD", "basic format");
	bad(" 2023-03-08", "expected YYYY-MM-DD", "leading space");
	bad("2023-03-08 ", "expected 'T' and a time after the date",
	    "trailing space");
	bad("2023-03-08 10:00", "expected 'T' and a time after the date",
	    "space instead of T");
	bad("2023-03-08T", "expected hh:mm or hh:mm:ss after 'T'",
	    "T without time");
	bad("2023-03-08T10", "expected hh:mm or hh:mm:ss after 'T'",
	    "hour only");
	bad("2023-03-08T1:00", "expected hh:mm or hh:mm:ss after 'T'",
	    "one-digit hour");
	bad("2023-03-08T10:00:", "expected two digits of seconds",
	    "colon without seconds");
	bad("2023-03-08T10:00:5", "expected two digits of seconds",
	    "one-digit second");
	bad("2023-03-08T24:00", "hour out of range (00-23)", "hour 24");
	bad("2023-03-08T10:60", "minute out of range (00-59)", "minute 60");
	bad("2023-03-08T10:00:60", "second out of range (00-59)",
	    "second 60");
	bad("2023-03-08T10:00+1", "expected a UTC offset of the form +hh:mm",
	    "short offset");
	bad("2023-03-08T10:00+0100", "expected a UTC offset of the form "
	    "+hh:mm", "offset without colon");
	bad("2023-03-08T10:00+15:00", "UTC offset out of range",
	    "offset hour 15");
	bad("2023-03-08T10:00-01:60", "UTC offset out of range",
	    "offset minute 60");
	bad("2023-03-08T10:00Zx", "unexpected text after the time",
	    "text after Z");
	bad("2023-03-08T10:00+01:00x", "unexpected text after the time",
	    "text after offset");
	bad("2023-03-08T10:00:00.5", "unexpected text after the time",
	    "fractional seconds");
	bad("2023-03-08T10:00z", "unexpected text after the time",
	    "lower-case z");
}

static void
test_compare(void)
{
	is_int(cmp("2023-03-08", "2023-03-08"), 0, "same day");
	is_int(cmp("2023-03-07", "2023-03-08"), -1, "day before");
	is_int(cmp("2024-01-01", "2023-12-31"), 1, "next year");
	is_int(cmp("2023-03-08T23:00", "2023-03-08"), 0,
	    "time ignored against a date");
	is_int(cmp("2023-03-08", "2023-03-09T00:00Z"), -1,
	    "date against next day's date-time");
	is_int(cmp("2023-03-08T10:00", "2023-03-08T09:59:59"), 1,
	    "local times compared");
	is_int(cmp("2023-03-08T10:00:01", "2023-03-08T10:00"), 1,
	    "seconds count");
	is_int(cmp("2023-03-08T10:00+01:00", "2023-03-08T09:00Z"), 0,
	    "same instant in UTC");
	is_int(cmp("2023-03-08T10:00+01:00", "2023-03-08T09:30Z"), -1,
	    "earlier in UTC though later on the clock");
	is_int(cmp("2023-03-08T01:00+03:00", "2023-03-07T23:00-01:00"), -1,
	    "offsets across midnight");
	is_int(cmp("2023-03-08T10:00+01:00", "2023-03-08T09:30"), 1,
	    "one offset missing: local fields");
	is_int(cmp("2023-03-08T10:00", "2023-03-08T10:00Z"), 0,
	    "local equal when one has no offset");
}

static void
test_days(void)
{
	struct isodate	d;

	date_parse("1970-01-01", &d, NULL);
	is_int(date_days(&d), 0, "epoch is day 0");
	date_parse("1970-01-02", &d, NULL);
	is_int(date_days(&d), 1, "day 1");
	date_parse("1969-12-31", &d, NULL);
	is_int(date_days(&d), -1, "day before the epoch");
	date_parse("2000-03-01", &d, NULL);
	is_int(date_days(&d), 11017, "2000-03-01");
	date_parse("2023-03-08T23:59", &d, NULL);
	is_int(date_days(&d), 19424, "2023-03-08, time ignored");
	date_parse("1900-01-01", &d, NULL);
	is_int(date_days(&d), -25567, "1900-01-01");

	date_parse("2024-02-28T10:30+01:00", &d, NULL);
	date_add_days(&d, 1);
	ok(d.year == 2024 && d.month == 2 && d.day == 29,
	    "add a day into a leap day");
	is_int(d.hour * 100 + d.minute, 1030, "time kept when adding days");
	is_int(d.offset_min, 60, "offset kept when adding days");
	date_add_days(&d, 1);
	ok(d.year == 2024 && d.month == 3 && d.day == 1, "on to march");
	date_add_days(&d, -366);
	ok(d.year == 2023 && d.month == 3 && d.day == 1, "back a leap year");
	date_parse("2023-12-31", &d, NULL);
	date_add_days(&d, 1);
	ok(d.year == 2024 && d.month == 1 && d.day == 1, "new year");
	date_add_days(&d, 0);
	ok(d.year == 2024 && d.month == 1 && d.day == 1, "add zero");
}

static void
test_today(void)
{
	struct isodate	 t, u;
	struct tm	 tm;
	time_t		 now;
	char		 buf[16], rel[16];
	const char	*why = NULL;

	now = time(NULL);
	localtime_r(&now, &tm);
	date_today(buf, 0);
	ok(date_parse(buf, &t, NULL) == 0 && !t.has_time, "today parses");
	ok(t.year == tm.tm_year + 1900 && t.month == tm.tm_mon + 1 &&
	    t.day == tm.tm_mday, "today is the local date");
	date_today(buf, 30);
	ok(date_parse(buf, &u, NULL) == 0, "today+30 parses");
	is_int(date_days(&u) - date_days(&t), 30, "today+30 is 30 days on");
	date_today(buf, -7);
	date_parse(buf, &u, NULL);
	is_int(date_days(&u) - date_days(&t), -7, "today-7 is 7 days back");

	is_int(date_relative("today", rel, &why), 1, "today is relative");
	date_today(buf, 0);
	is_str(rel, buf, "today resolves to today");
	is_int(date_relative("today+30d", rel, &why), 1, "today+30d");
	date_today(buf, 30);
	is_str(rel, buf, "today+30d resolves");
	is_int(date_relative("today-7d", rel, &why), 1, "today-7d");
	date_today(buf, -7);
	is_str(rel, buf, "today-7d resolves");
	is_int(date_relative("today+99999d", rel, &why), 1,
	    "five digits of days");
	is_int(date_relative("today+0d", rel, &why), 1, "today+0d");
	date_today(buf, 0);
	is_str(rel, buf, "today+0d is today");

	is_int(date_relative("2023-03-08", rel, &why), 0,
	    "a date is not relative");
	is_int(date_relative("", rel, &why), 0, "empty is not relative");
	is_int(date_relative("Today", rel, &why), 0, "Today (capital) is not");
	why = NULL;
	is_int(date_relative("today+3", rel, &why), -1, "today+3 malformed");
	ok(why != NULL && strstr(why, "today+Nd") != NULL,
	    "malformed relative date explained");
	is_int(date_relative("today+3w", rel, &why), -1, "weeks refused");
	is_int(date_relative("todayx", rel, &why), -1, "todayx refused");
	is_int(date_relative("today+d", rel, &why), -1, "no number refused");
	is_int(date_relative("today+123456d", rel, &why), -1,
	    "six digits refused");
	is_int(date_relative("today+3dd", rel, &why), -1, "trailing text");
	is_int(date_relative("today 3d", rel, &why), -1, "space refused");
	is_int(date_relative("today*3d", rel, &why), -1, "bad sign");
}

int
main(void)
{
	test_parse_fields();
	test_parse_calendar();
	test_parse_syntax();
	test_compare();
	test_days();
	test_today();
	return (tap_done());
}
