/*
 * Unit tests for where: parsing (operators, spaces, relative dates, the
 * errors, values parsed once as dates or numbers) and matching (calendar
 * days, numbers, strings, "~", unset fields, extra fields, one filter
 * against changing values, several filters).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "event.h"
#include "where.h"
#include "tap.h"

static struct event	ev;

/* Set a field of the test event or fail the test. */
static void
set(const char *name, const char *value)
{
	char	*cause = NULL;

	if (event_set(&ev, name, value, &cause) == -1) {
		printf("# event_set %s: %s\n", name, cause);
		ok(0, "event_set in the test setup");
		free(cause);
	}
}

/* Parse expr; the error message, or NULL if it parsed. */
static char *
parse_err(const char *expr)
{
	struct where	*w;
	char		*cause = NULL;

	if ((w = where_parse(expr, &cause)) != NULL) {
		where_free(w);
		return (NULL);
	}
	return (cause);
}

static void
is_err(const char *expr, const char *want)
{
	char	*got, *p, msg[160];

	got = parse_err(expr);
	snprintf(msg, sizeof msg, "error for '%s'", expr);
	for (p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = '?';
	is_str(got, want, msg);
	free(got);
}

/* Does ev match expr?  -1 if expr does not parse. */
static int
match(const char *expr)
{
	struct where	*w;
	char		*cause = NULL;
	int		 m;

	if ((w = where_parse(expr, &cause)) == NULL) {
		printf("# %s\n", cause);
		free(cause);
		return (-1);
	}
	m = where_match(w, &ev);
	where_free(w);
	return (m);
}

static void
matches(const char *expr, int want)
{
	char	msg[160];

	snprintf(msg, sizeof msg, "'%s' %s", expr,
	    want ? "matches" : "does not match");
	is_int(match(expr), want, msg);
}

static void
test_parse(void)
{
	struct where	*w;
	char		*cause = NULL, today[16], expr[64];

	w = where_parse("campaign = WikiGap 2023", &cause);
	ok(w != NULL, "simple filter parses");
	if (w != NULL) {
		is_str(w->field, "campaign", "field");
		is_int(w->op, WHERE_EQ, "op =");
		is_str(w->value, "WikiGap 2023", "value keeps inner space");
		is_int(w->index, F_CAMPAIGN, "a standard field's index");
		ok(!w->isdate && !w->isnumber, "text is no date or number");
		where_free(w);
	}
	w = where_parse("  \tstatus!=cancelled \t ", &cause);
	ok(w != NULL, "no spaces around the operator");
	if (w != NULL) {
		is_str(w->field, "status", "field after leading space");
		is_int(w->op, WHERE_NE, "op !=");
		is_str(w->value, "cancelled", "value trimmed");
		where_free(w);
	}
	w = where_parse("participants <= 10", &cause);
	ok(w != NULL && w->op == WHERE_LE, "op <= (longest match)");
	ok(w != NULL && w->isnumber && w->number == 10 && !w->isdate,
	    "a number value is parsed once, as a number");
	where_free(w);
	w = where_parse("participants >= 10", &cause);
	ok(w != NULL && w->op == WHERE_GE, "op >=");
	where_free(w);
	w = where_parse("participants < 10", &cause);
	ok(w != NULL && w->op == WHERE_LT, "op <");
	where_free(w);
	w = where_parse("participants > 10", &cause);
	ok(w != NULL && w->op == WHERE_GT, "op >");
	where_free(w);
	w = where_parse("title ~ Women", &cause);
	ok(w != NULL && w->op == WHERE_CONTAINS, "op ~");
	if (w != NULL)
		is_str(w->folded, "women", "~ value folded");
	where_free(w);
	w = where_parse("end =", &cause);
	ok(w != NULL && *w->value == '\0', "empty value allowed");
	where_free(w);
	w = where_parse("x_1 = a", &cause);
	ok(w != NULL && strcmp(w->field, "x_1") == 0, "extra field name");
	ok(w != NULL && w->index == -1, "an extra field has no index");
	where_free(w);
	w = where_parse("title = Cafe\xcc\x81", &cause);
	ok(w != NULL && strcmp(w->value, "Caf\xc3\xa9") == 0,
	    "value normalized to NFC");
	where_free(w);
	w = where_parse("start > a <= b", &cause);
	ok(w != NULL && w->op == WHERE_GT &&
	    strcmp(w->value, "a <= b") == 0, "first operator wins");
	where_free(w);

	w = where_parse("start >= today", &cause);
	date_today(today, 0);
	ok(w != NULL && strcmp(w->value, today) == 0, "today resolved");
	ok(w != NULL && w->isdate && !w->isnumber && !w->date.has_time,
	    "a date value is parsed once, as a date");
	where_free(w);
	w = where_parse("start < today+30d", &cause);
	date_today(today, 30);
	ok(w != NULL && strcmp(w->value, today) == 0, "today+30d resolved");
	where_free(w);
	w = where_parse("end >= today-7d", &cause);
	date_today(today, -7);
	ok(w != NULL && strcmp(w->value, today) == 0, "today-7d resolved");
	where_free(w);
	w = where_parse("title ~ today", &cause);
	ok(w != NULL && strcmp(w->value, "today") == 0,
	    "~ today is the word");
	where_free(w);

	is_err("country Kenya", "'country Kenya': expected FIELD OP VALUE "
	    "with OP one of = != < <= > >= ~");
	is_err("", "'': expected FIELD OP VALUE with OP one of "
	    "= != < <= > >= ~");
	is_err("= Kenya", "'= Kenya': expected FIELD OP VALUE with OP one of "
	    "= != < <= > >= ~");
	is_err("country", "'country': expected FIELD OP VALUE with OP one of "
	    "= != < <= > >= ~");
	is_err("country == Kenya", "'country == Kenya': expected FIELD OP "
	    "VALUE with OP one of = != < <= > >= ~");
	is_err("country-x = 1", "'country-x = 1': expected FIELD OP VALUE "
	    "with OP one of = != < <= > >= ~");
	is_err("Country = x", "'Country = x': field names are lower case "
	    "([a-z][a-z0-9_]*)");
	is_err("1st = x", "'1st = x': field names are lower case "
	    "([a-z][a-z0-9_]*)");
	is_err("abcdefghijabcdefghijabcdefghijabc = x",
	    "'abcdefghijabcdefghijabcdefghijabc = x': field name longer "
	    "than 32 bytes");
	is_err("start >= today+3w", "'start >= today+3w': a relative date is "
	    "today, today+Nd or today-Nd (N up to 99999)");
	is_err("start >= todayx", "'start >= todayx': a relative date is "
	    "today, today+Nd or today-Nd (N up to 99999)");
	is_err("title = a\x1b", "'title = a\x1b': control character U+001B "
	    "at byte 2");
	snprintf(expr, sizeof expr, "title = \xc0\xaf");
	cause = parse_err(expr);
	ok(cause != NULL && strstr(cause, "invalid UTF-8") != NULL,
	    "invalid UTF-8 value refused");
	free(cause);

	is_str(where_op_name(WHERE_EQ), "=", "op name =");
	is_str(where_op_name(WHERE_NE), "!=", "op name !=");
	is_str(where_op_name(WHERE_LE), "<=", "op name <=");
	is_str(where_op_name(WHERE_GE), ">=", "op name >=");
	is_str(where_op_name(WHERE_LT), "<", "op name <");
	is_str(where_op_name(WHERE_GT), ">", "op name >");
	is_str(where_op_name(WHERE_CONTAINS), "~", "op name ~");
}

static void
test_match_dates(void)
{
	char	expr[64], day[16];

	set("start", "2023-03-08T10:00");
	matches("start = 2023-03-08", 1);
	matches("start != 2023-03-08", 0);
	matches("start <= 2023-03-08", 1);
	matches("start >= 2023-03-08", 1);
	matches("start < 2023-03-08", 0);
	matches("start > 2023-03-08", 0);
	matches("start > 2023-03-07", 1);
	matches("start < 2023-03-09", 1);
	matches("start < 2023-12-01", 1);
	matches("start > 2022-12-31", 1);
	matches("start = 2023-03-08T10:00", 1);
	matches("start < 2023-03-08T11:00", 1);
	matches("start > 2023-03-08T11:00", 0);

	set("start", "2023-03-08");
	matches("start = 2023-03-08", 1);
	matches("start >= 2023-3-8", 0);	/* not a date: strings */

	/* Relative dates. */
	date_today(day, 0);
	snprintf(expr, sizeof expr, "%sT10:00+03:00", day);
	set("start", expr);
	matches("start = today", 1);
	matches("start <= today", 1);
	matches("start >= today", 1);
	matches("start < today", 0);
	matches("start > today-1d", 1);
	matches("start < today+1d", 1);
	matches("start >= today+30d", 0);

	/* An unset end is neither before nor after anything. */
	set("end", "");
	matches("end < today", 0);
	matches("end <= today", 0);
	matches("end > today", 0);
	matches("end >= 2023-01-01", 0);
	matches("end = today", 0);
	matches("end != today", 1);
	matches("end =", 1);
	matches("end !=", 0);
	set("end", "2023-03-09");
	matches("end < today", 1);
	matches("end =", 0);
	matches("end !=", 1);
}

static void
test_match_other(void)
{
	/* Numbers. */
	set("participants", "9");
	matches("participants < 10", 1);
	matches("participants >= 10", 0);
	matches("participants = 9", 1);
	matches("participants = 09", 1);
	matches("participants > 010", 0);
	set("participants", "100");
	matches("participants > 20", 1);
	matches("participants < 20", 0);
	matches("participants > 2a", 0);	/* strings: "100" < "2a" */
	set("participants", "");
	matches("participants < 10", 0);
	matches("participants = 0", 0);
	matches("participants != 0", 1);
	matches("participants = ", 1);

	/* Strings. */
	set("country", "Kenya");
	matches("country = Kenya", 1);
	matches("country = kenya", 0);
	matches("country != Kenya", 0);
	matches("country != Sweden", 1);
	matches("country < Sweden", 1);
	matches("country > Sweden", 0);
	matches("country > Brazil", 1);
	matches("country >= Kenya", 1);
	matches("country = Kenya ", 1);

	/* Contains. */
	set("title", "Edit-a-thon: Women in Science (Stra\xc3\x9f" "e)");
	matches("title ~ women", 1);
	matches("title ~ WOMEN IN", 1);
	matches("title ~ strasse", 1);
	matches("title ~ men", 1);
	matches("title ~ art", 0);
	matches("title ~", 1);
	matches("city ~", 1);
	matches("city ~ x", 0);
	set("city", "S\xc3\xa3o Paulo");
	matches("city ~ S\xc3\x83O", 1);
	matches("city ~ sa\xcc\x83o", 1);
	matches("city ~ sao", 0);

	/* Extra fields and unknown fields are "". */
	set("region", "East Africa");
	matches("region = East Africa", 1);
	matches("region ~ east", 1);
	matches("nosuch = ", 1);
	matches("nosuch != x", 1);
	matches("nosuch = x", 0);
}

/*
 * One parsed filter against an event whose value changes: a standard
 * field and an extra one (any text), dates, numbers and neither.
 */
static void
test_match_reuse(void)
{
	static const struct {
		const char	*value;
		int		 want;
	} starts[] = {
		{ "2023-03-07", 1 }, { "2023-03-08T23:59", 1 },
		{ "2023-03-09", 0 }, { "", 0 }, { "2023-03-08", 1 },
		{ "soon", 0 }, { "2023-03-01T10:00+05:00", 1 },
	}, counts[] = {
		{ "9", 1 }, { "10", 0 }, { "100", 0 }, { "09", 1 }, { "", 0 },
		{ "1a", 0 }, { "0", 1 },
	};
	struct where	*w;
	char		*cause = NULL, msg[80];
	size_t		 i;

	w = where_parse("day <= 2023-03-08", &cause);
	for (i = 0; w != NULL && i < sizeof starts / sizeof starts[0]; i++) {
		set("day", starts[i].value);
		snprintf(msg, sizeof msg, "one date filter, day '%s'",
		    starts[i].value);
		is_int(where_match(w, &ev), starts[i].want, msg);
	}
	where_free(w);
	w = where_parse("n < 10", &cause);
	for (i = 0; w != NULL && i < sizeof counts / sizeof counts[0]; i++) {
		set("n", counts[i].value);
		snprintf(msg, sizeof msg, "one number filter, n '%s'",
		    counts[i].value);
		is_int(where_match(w, &ev), counts[i].want, msg);
	}
	where_free(w);
	w = where_parse("participants < 10", &cause);
	set("participants", "9");
	ok(w != NULL && where_match(w, &ev), "a standard field: 9 < 10");
	set("participants", "10");
	ok(w != NULL && !where_match(w, &ev), "a standard field: 10 < 10");
	where_free(w);
	set("day", "");
	set("n", "");
	set("participants", "");
}

static void
test_match_all(void)
{
	struct where	*w[3];
	char		*cause = NULL;

	set("campaign", "WikiGap 2023");
	set("status", "planned");
	set("country", "Kenya");
	w[0] = where_parse("campaign = WikiGap 2023", &cause);
	w[1] = where_parse("status != cancelled", &cause);
	w[2] = where_parse("country = Sweden", &cause);
	ok(w[0] != NULL && w[1] != NULL && w[2] != NULL,
	    "three filters parse");
	if (w[0] == NULL || w[1] == NULL || w[2] == NULL)
		return;
	ok(where_match_all(w, 0, &ev), "no filters match everything");
	ok(where_match_all(w, 2, &ev), "two matching filters");
	ok(!where_match_all(w, 3, &ev), "one failing filter fails all");
	set("status", "cancelled");
	ok(!where_match_all(w, 2, &ev), "status != cancelled fails");
	where_free(w[0]);
	where_free(w[1]);
	where_free(w[2]);
	where_free(NULL);
}

int
main(void)
{
	event_init(&ev);
	test_parse();
	test_match_dates();
	test_match_other();
	test_match_reuse();
	test_match_all();
	event_free(&ev);
	return (tap_done());
}
