/*
 * Unit tests for event: the field table, event_set's checks and
 * normalization for every kind of field, extra fields, event_validate,
 * defaults, copying and freeing, and the generated id slug.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "xmalloc.h"
#include "tap.h"

static struct event	ev;

/* A test name: name = 'value', controls shown as '?'. */
static void
label(char *msg, size_t size, const char *name, const char *value,
    const char *suffix)
{
	char	*p;

	snprintf(msg, size, "%s = '%.40s'%s", name, value, suffix);
	for (p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/* Set name to value; what the field then holds, or "ERR:cause". */
static char *
set(const char *name, const char *value)
{
	char	*cause = NULL, *r;

	if (event_set(&ev, name, value, &cause) == -1) {
		r = xasprintf("ERR:%s", cause);
		free(cause);
		return (r);
	}
	return (xstrdup(event_get(&ev, name)));
}

static void
is_set(const char *name, const char *value, const char *want)
{
	char	*got, msg[200];

	got = set(name, value);
	label(msg, sizeof msg, name, value, "");
	is_str(got, want, msg);
	free(got);
}

/* Is the set refused with a message starting with want? */
static void
is_refused(const char *name, const char *value, const char *want)
{
	char	*got, msg[200];

	got = set(name, value);
	label(msg, sizeof msg, name, value, " refused");
	if (!ok(strncmp(got, "ERR:", 4) == 0 &&
	    strncmp(got + 4, want, strlen(want)) == 0, msg)) {
		printf("#   got:      '%s'\n", got);
		printf("#   expected: 'ERR:%s...'\n", want);
	}
	free(got);
}

/* A string of n copies of c. */
static char *
repeat(char c, size_t n)
{
	char	*s;

	s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return (s);
}

static void
test_table(void)
{
	static const char *const names[] = {
		"id", "campaign", "title", "start", "end", "timezone", "mode",
		"country", "city", "venue", "url", "organizer", "language",
		"status", "participants", "articles_created",
		"articles_improved", "edits", "bytes_added", "page", "notes"
	};
	int	i, names_ok = 1, help_ok = 1;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		if (strcmp(event_fields[i].name, names[i]) != 0)
			names_ok = 0;
		if (event_fields[i].help == NULL ||
		    *event_fields[i].help == '\0')
			help_ok = 0;
	}
	ok(sizeof names / sizeof names[0] == EVENT_NFIELDS,
	    "as many field names as fields");
	ok(names_ok, "field names in enum order");
	ok(help_ok, "every field has help");
	is_int(event_fields[F_ID].required, 1, "id required");
	is_int(event_fields[F_CAMPAIGN].required, 1, "campaign required");
	is_int(event_fields[F_TITLE].required, 1, "title required");
	is_int(event_fields[F_START].required, 1, "start required");
	is_int(event_fields[F_END].required, 0, "end optional");
	is_int(event_fields[F_NOTES].kind, FIELD_NOTES, "notes kind");
	is_int(event_fields[F_URL].kind, FIELD_URL, "url kind");
	is_int(event_fields[F_EDITS].kind, FIELD_COUNT, "edits kind");
	is_int(event_fields[F_BYTES_ADDED].kind, FIELD_COUNT,
	    "bytes_added kind");
	is_int(event_fields[F_PAGE].kind, FIELD_TITLE, "page kind");
	is_int(event_fields[F_PAGE].maxlen, 255, "page limit");
	is_int(event_fields[F_PAGE].required, 0, "page optional");
	is_int(event_fields[F_TITLE].maxlen, 300, "title limit");
	is_int(event_fields[F_CAMPAIGN].maxlen, 200, "campaign limit");

	is_int(event_field_index("id"), F_ID, "index of id");
	is_int(event_field_index("notes"), F_NOTES, "index of notes");
	is_int(event_field_index("articles_created"), F_ARTICLES_CREATED,
	    "index of articles_created");
	is_int(event_field_index("Title"), -1, "index is case-sensitive");
	is_int(event_field_index("region"), -1, "extra has no index");

	ok(event_field_name_ok("region"), "region is a good name");
	ok(event_field_name_ok("a"), "one letter");
	ok(event_field_name_ok("wd_item_2"), "digits and underscore");
	ok(!event_field_name_ok(""), "empty name");
	ok(!event_field_name_ok("Region"), "upper case");
	ok(!event_field_name_ok("2nd"), "leading digit");
	ok(!event_field_name_ok("_x"), "leading underscore");
	ok(!event_field_name_ok("a-b"), "dash");
	ok(!event_field_name_ok("a b"), "space");
	ok(event_field_name_ok("abcdefghijabcdefghijabcdefghijab"),
	    "32 bytes");
	ok(!event_field_name_ok("abcdefghijabcdefghijabcdefghijabc"),
	    "33 bytes");
}

static void
test_text(void)
{
	char	*s, *v;

	is_set("title", "  Women in Science\t ", "Women in Science");
	is_set("title", "Cafe\xcc\x81 day", "Caf\xc3\xa9 day");
	is_refused("title", "a\xc0\xaf", "title: invalid UTF-8 at byte 2");
	is_refused("title", "bad \xed\xa0\x80", "title: invalid UTF-8");
	is_refused("title", "a\x1b[1m", "title: control character U+001B "
	    "at byte 2");
	is_refused("title", "two\nlines", "title: control character U+000A");
	is_refused("city", "a\tb", "city: control character U+0009");
	s = repeat('x', 300);
	is_set("title", s, s);
	free(s);
	s = repeat('x', 312);
	is_refused("title", s, "title: 312 bytes, longer than the limit of "
	    "300");
	free(s);
	s = repeat('x', 201);
	is_refused("campaign", s, "campaign: 201 bytes, longer than the "
	    "limit of 200");
	free(s);
	/* 150 two-byte characters are 300 bytes: the limit is in bytes. */
	s = xmalloc(303);
	for (v = s; v < s + 302; v += 2)
		memcpy(v, "\xc3\xa9", 2);
	s[302] = '\0';
	is_refused("title", s, "title: 302 bytes");
	s[300] = '\0';
	is_set("title", s, s);
	free(s);
	/* Measured after NFC: 150 e + acute (450 bytes) become 300. */
	s = xmalloc(451);
	for (v = s; v < s + 450; v += 3)
		memcpy(v, "e\xcc\x81", 3);
	s[450] = '\0';
	v = set("title", s);
	is_int(strlen(v), 300, "length checked after NFC");
	free(v);
	free(s);

	/* Notes keep inner newlines. */
	is_set("notes", "\r\n  line one\r\nline two\rthree\n\n ",
	    "line one\nline two\nthree");
	is_refused("notes", "a\x1b", "notes: control character U+001B");
	is_refused("notes", "a\tb", "notes: control character U+0009");
	s = repeat('n', 5001);
	is_refused("notes", s, "notes: 5001 bytes, longer than the limit of "
	    "5000");
	free(s);
}

/* Is s suggested as want (NULL: nothing)? */
static void
is_suggest(const char *s, size_t max, const char *want, const char *what)
{
	char	*got;

	got = event_id_suggest(s, max);
	if (want == NULL)
		ok(got == NULL, what);
	else
		is_str(got, want, what);
	free(got);
}

static void
test_kinds(void)
{
	char	*s;

	/* id */
	is_set("id", "wikigap-2023-nairobi-2023-03-08",
	    "wikigap-2023-nairobi-2023-03-08");
	is_set("id", " a.b_c-9 ", "a.b_c-9");
	is_set("id", "0", "0");
	is_refused("id", "Foo Bar", "id: 'Foo Bar' is not a valid id "
	    "(lower-case letters, digits, '.', '_', '-')");
	is_refused("id", "-abc", "id: '-abc' is not a valid id");
	is_refused("id", ".abc", "id: '.abc' is not a valid id");
	is_refused("id", "abc/def", "id: 'abc/def' is not a valid id");
	is_refused("id", "s\xc3\xa3o", "id: 's\xc3\xa3o' is not a valid id");
	/* The id it would be accepted as, where there is one. */
	is_refused("id", "WG23-Nairobi", "id: 'WG23-Nairobi' is not a valid "
	    "id (lower-case letters, digits, '.', '_', '-'); try "
	    "'wg23-nairobi'");
	is_refused("id", "WG_23.b", "id: 'WG_23.b' is not a valid id "
	    "(lower-case letters, digits, '.', '_', '-'); try 'wg_23.b'");
	is_refused("id", "S\xc3\xa3o Paulo 2023", "id: 'S\xc3\xa3o Paulo "
	    "2023' is not a valid id (lower-case letters, digits, '.', '_', "
	    "'-'); try 'sao-paulo-2023'");
	is_refused("id", "-abc", "id: '-abc' is not a valid id (lower-case "
	    "letters, digits, '.', '_', '-'); try 'abc'");
	is_suggest("---", 100, NULL, "nothing to suggest for '---'");
	is_suggest("\xe4\xb8\xad\xe6\x96\x87", 100, NULL,
	    "nothing to suggest for an id without Latin letters or digits");
	is_suggest("ABCDEFGH-Z", 5, "abcde", "a suggestion fits max");
	is_suggest("Ab cd-ef", 6, "ab-cd", "a cut slug ends in no '-'");
	is_suggest("MiXeD", 100, "mixed", "lower case first");
	s = event_id_fold("WG23-Nairobi_\xc3\x85");
	is_str(s, "wg23-nairobi_\xc3\x85", "folding is ASCII only");
	free(s);

	/* dates */
	is_set("start", "2023-03-08", "2023-03-08");
	is_set("start", " 2023-03-08T10:00+03:00 ", "2023-03-08T10:00+03:00");
	is_set("end", "2024-02-29", "2024-02-29");
	is_refused("start", "2023-02-30", "start: '2023-02-30' is not a "
	    "valid date");
	is_refused("end", "2023-02-29", "end: '2023-02-29' is not a valid "
	    "date");
	is_refused("start", "8 March 2023", "start: '8 March 2023' is not a "
	    "valid date");
	is_refused("start", "2023-03-08T10:00+15:00", "start: "
	    "'2023-03-08T10:00+15:00' is not a valid date");
	is_refused("start", "today", "start: 'today' is not a valid date");
	/* The reason in full, its own parentheses not doubled. */
	is_set("start", "2023-13-01", "ERR:start: '2023-13-01' is not a "
	    "valid date: month out of range (01-12)");
	is_set("end", "2023-03-08T25:00", "ERR:end: '2023-03-08T25:00' is "
	    "not a valid date: hour out of range (00-23)");

	/* timezone */
	is_set("timezone", "Africa/Nairobi", "Africa/Nairobi");
	is_set("timezone", "UTC", "UTC");
	is_set("timezone", "America/Argentina/Buenos_Aires",
	    "America/Argentina/Buenos_Aires");
	is_set("timezone", "Etc/GMT+3", "Etc/GMT+3");
	is_set("timezone", "America/Port-au-Prince", "America/Port-au-Prince");
	is_refused("timezone", "Africa Nairobi", "timezone: 'Africa Nairobi' "
	    "is not a time zone name");
	is_refused("timezone", "Africa/", "timezone: 'Africa/' is not");
	is_refused("timezone", "/Nairobi", "timezone: '/Nairobi' is not");
	is_refused("timezone", "Africa//Nairobi", "timezone:");
	is_refused("timezone", "+03:00", "timezone:");
	is_refused("timezone", "Europe/1x", "timezone:");

	/* mode and status */
	is_set("mode", "online", "online");
	is_set("mode", "In-Person", "in-person");
	is_set("mode", " HYBRID ", "hybrid");
	is_refused("mode", "Remote", "mode: 'Remote' is not one of "
	    "in-person, online, hybrid");
	is_refused("mode", "in person", "mode: 'in person' is not one of");
	is_set("status", "Confirmed", "confirmed");
	is_set("status", "done", "done");
	is_set("status", "CANCELLED", "cancelled");
	is_refused("status", "canceled", "status: 'canceled' is not one of "
	    "planned, confirmed, cancelled, done");

	/* url */
	is_set("url", "https://meta.wikimedia.org/wiki/WikiGap",
	    "https://meta.wikimedia.org/wiki/WikiGap");
	is_set("url", "HTTP://example.org", "HTTP://example.org");
	is_set("url", "http://127.0.0.1:8080/x?y=1#z",
	    "http://127.0.0.1:8080/x?y=1#z");
	is_refused("url", "ftp://example.org", "url: 'ftp://example.org' is "
	    "not an http:// or https:// URL");
	is_refused("url", "meta.wikimedia.org", "url: 'meta.wikimedia.org' "
	    "is not an http:// or https:// URL");
	is_refused("url", "https://", "url: 'https://' has no host name");
	is_refused("url", "https:///wiki", "url: 'https:///wiki' has no host");
	is_refused("url", "https://example.org/a b", "url: "
	    "'https://example.org/a b' contains a space");
	is_refused("url", "javascript:alert(1)", "url:");

	/* language */
	is_set("language", "en", "en");
	is_set("language", "pt-BR", "pt-br");
	is_set("language", "ZH-Hant", "zh-hant");
	is_set("language", "sgn-ase-x-abcdefgh", "sgn-ase-x-abcdefgh");
	is_refused("language", "e", "language: 'e' is not a language code");
	is_refused("language", "engl", "language: 'engl' is not");
	is_refused("language", "en-", "language: 'en-' is not");
	is_refused("language", "en_GB", "language: 'en_GB' is not");
	is_refused("language", "en-abcdefghi", "language:");
	is_refused("language", "English", "language:");

	/* counts */
	is_set("participants", "25", "25");
	is_set("participants", "007", "7");
	is_set("participants", "0", "0");
	is_set("participants", "000", "0");
	is_set("articles_created", "999999999", "999999999");
	is_refused("articles_created", "1000000000", "articles_created: "
	    "'1000000000' is not a count");
	is_refused("participants", "-1", "participants: '-1' is not a count");
	is_refused("participants", "12a", "participants: '12a' is not");
	is_refused("participants", "1 2", "participants:");
	is_refused("articles_improved", "+3", "articles_improved:");
	is_refused("articles_improved", "\xd9\xa3", "articles_improved:");
	is_set("edits", "0120", "120");
	is_set("bytes_added", "1048576", "1048576");
	is_refused("bytes_added", "-40", "bytes_added: '-40' is not a count");

	/* page titles, spaced as the wiki spaces them */
	is_set("page", "WikiGap 2024/Nairobi", "WikiGap 2024/Nairobi");
	is_set("page", "  WikiGap_2024/Nairobi_ ", "WikiGap 2024/Nairobi");
	is_set("page", "Event:WikiGap  2024", "Event:WikiGap 2024");
	is_set("page", "e\xcc\x81t\xc3\xa9", "\xc3\xa9t\xc3\xa9");
	is_refused("page", "WikiGap#Sign up", "page: 'WikiGap#Sign up' holds "
	    "'#', which a page title cannot (name the page");
	is_refused("page", "[[WikiGap]]", "page: '[[WikiGap]]' holds '['");
	is_refused("page", "A|B", "page: 'A|B' holds '|'");
	is_refused("page", "{{X}}", "page: '{{X}}' holds '{'");
	is_refused("page", "A<b>", "page: 'A<b>' holds '<'");
	is_refused("page", "a\nb", "page: control character");
	is_refused("page", "___", "page: '___' is not a page title");
	{
		char	long_title[300];

		memset(long_title, 'x', 256);
		long_title[256] = '\0';
		is_refused("page", long_title, "page: 256 bytes, longer than");
		long_title[255] = '\0';
		is_set("page", long_title, long_title);
		/* 256 bytes in, 255 once spaced as a title. */
		long_title[0] = '_';
		long_title[255] = 'x';
		long_title[256] = '\0';
		is_set("page", long_title, long_title + 1);
	}

	/* A refused value leaves the old one. */
	is_set("participants", "25", "25");
	is_refused("participants", "x", "participants:");
	is_str(event_get(&ev, "participants"), "25", "old value kept");

	/* "" clears every kind. */
	is_set("participants", "", "");
	is_set("url", "  ", "");
	is_set("start", "\t", "");
	is_set("notes", " \n ", "");
	ok(ev.v[F_START] != NULL && *ev.v[F_START] == '\0',
	    "cleared field is \"\", not NULL");
}

static void
test_extras(void)
{
	char	*s;

	is_set("region", " East Africa ", "East Africa");
	is_set("wd_item", "Q42", "Q42");
	is_set("budget", "100", "100");
	is_int(ev.nextras, 3, "three extras");
	ok(ev.nextras == 3 && strcmp(ev.extras[0].name, "budget") == 0 &&
	    strcmp(ev.extras[1].name, "region") == 0 &&
	    strcmp(ev.extras[2].name, "wd_item") == 0, "extras sorted");
	is_set("region", "Horn of Africa", "Horn of Africa");
	is_int(ev.nextras, 3, "replacing keeps the count");
	is_set("budget", "", "");
	is_int(ev.nextras, 2, "clearing removes the pair");
	ok(ev.nextras == 2 && strcmp(ev.extras[0].name, "region") == 0,
	    "order after removal");
	is_set("nosuch", "", "");
	is_int(ev.nextras, 2, "clearing an unset extra is harmless");
	is_str(event_get(&ev, "nosuch"), "", "unset extra is \"\"");
	is_str(event_get(&ev, "Bad Name"), "", "unknown name is \"\"");
	is_refused("Foo", "x", "'Foo': not a valid field name");
	is_refused("a-b", "x", "'a-b': not a valid field name");
	is_refused("region", "a\x01", "region: control character U+0001");
	is_refused("region", "a\nb", "region: control character U+000A");
	s = repeat('r', EXTRA_VALUE_MAX + 1);
	is_refused("region", s, "region: 1001 bytes, longer than the limit "
	    "of 1000");
	s[EXTRA_VALUE_MAX] = '\0';
	is_set("region", s, s);
	free(s);
	is_set("region", "Cafe\xcc\x81", "Caf\xc3\xa9");
}

/* A valid event to start the whole-event checks from. */
static void
valid_event(void)
{
	event_free(&ev);
	event_init(&ev);
	free(set("id", "wikigap-2023-nairobi-2023-03-08"));
	free(set("campaign", "WikiGap 2023"));
	free(set("title", "WikiGap Nairobi"));
	free(set("start", "2023-03-08"));
}

static void
is_invalid(const char *want, const char *what)
{
	char	*cause = NULL;

	if (event_validate(&ev, &cause) == 0)
		is_str("(valid)", want, what);
	else
		is_str(cause, want, what);
	free(cause);
}

static void
test_validate(void)
{
	char	*cause = NULL;

	valid_event();
	ok(event_validate(&ev, &cause) == 0, "complete event is valid");
	free(set("title", ""));
	is_invalid("title: required field is empty", "title required");
	valid_event();
	free(set("id", ""));
	is_invalid("id: required field is empty", "id required");
	valid_event();
	free(set("campaign", " "));
	is_invalid("campaign: required field is empty", "campaign required");
	valid_event();
	free(set("start", ""));
	is_invalid("start: required field is empty", "start required");

	valid_event();
	free(set("start", "2023-03-08"));
	free(set("end", "2023-03-01"));
	is_invalid("end: '2023-03-01' is before start '2023-03-08'",
	    "end before start");
	free(set("end", "2023-03-08"));
	ok(event_validate(&ev, &cause) == 0, "end on the start day");
	free(set("start", "2023-03-08T14:00"));
	free(set("end", "2023-03-08"));
	ok(event_validate(&ev, &cause) == 0, "end date on a start date-time");
	free(set("end", "2023-03-08T12:00"));
	is_invalid("end: '2023-03-08T12:00' is before start "
	    "'2023-03-08T14:00'", "end time before start time");
	free(set("start", "2023-03-08T14:00+03:00"));
	free(set("end", "2023-03-08T12:00Z"));
	ok(event_validate(&ev, &cause) == 0, "end later in UTC");
	free(set("end", "2023-03-08T10:59Z"));
	is_invalid("end: '2023-03-08T10:59Z' is before start "
	    "'2023-03-08T14:00+03:00'", "end earlier in UTC");

	/* Values put there by hand are checked too. */
	valid_event();
	free(ev.v[F_START]);
	ev.v[F_START] = xstrdup("2023-02-30");
	is_invalid("start: '2023-02-30' is not a valid date: no such day in "
	    "that month", "bad start stored directly");

	valid_event();
	event_defaults(&ev);
	is_str(ev.v[F_STATUS], "planned", "status defaults to planned");
	free(set("status", "done"));
	event_defaults(&ev);
	is_str(ev.v[F_STATUS], "done", "defaults keep a status");
}

static void
test_copy_free(void)
{
	struct event	copy;

	valid_event();
	free(set("region", "East Africa"));
	free(set("budget", "5"));
	event_copy(&copy, &ev);
	is_str(copy.v[F_TITLE], "WikiGap Nairobi", "copy has the title");
	ok(copy.v[F_TITLE] != ev.v[F_TITLE], "copy owns its strings");
	is_str(event_get(&copy, "region"), "East Africa", "copy has extras");
	is_int(copy.nextras, 2, "copy has both extras");
	free(set("region", "West Africa"));
	is_str(event_get(&copy, "region"), "East Africa",
	    "copy independent of the original");
	event_free(&copy);
	ok(copy.nextras == 0 && copy.extras == NULL, "free empties extras");
	is_str(event_get(&copy, "title"), "", "freed event reads as unset");
	event_free(&copy);	/* twice is harmless */
	event_init(&copy);
	event_free(&ev);
	event_copy(&ev, &copy);
	event_free(&copy);
	is_str(event_get(&ev, "title"), "", "copy of an empty event");
	is_int(ev.nextras, 0, "no extras copied");
	event_free(&ev);
	event_init(&ev);
}

/* The id made from campaign, city, country and start. */
static void
is_id(const char *campaign, const char *city, const char *country,
    const char *start, const char *want)
{
	char	*id, msg[200];

	event_free(&ev);
	event_init(&ev);
	free(set("campaign", campaign));
	free(set("city", city));
	free(set("country", country));
	free(set("start", start));
	id = event_make_id(&ev);
	snprintf(msg, sizeof msg, "id from '%s' '%s' '%s' '%s'", campaign,
	    city, country, start);
	is_str(id, want, msg);
	free(id);
}

static void
test_make_id(void)
{
	char	*camp, *want, *id;
	size_t	 i;

	is_id("WikiGap 2023", "Nairobi", "Kenya", "2023-03-08",
	    "wikigap-2023-nairobi-2023-03-08");
	is_id("WikiGap 2023", "S\xc3\xa3o Paulo", "Brazil", "2023-03-08T10:00",
	    "wikigap-2023-sao-paulo-2023-03-08");
	is_id("WikiGap 2023", "", "C\xc3\xb4te d'Ivoire", "2023-03-08",
	    "wikigap-2023-cote-d-ivoire-2023-03-08");
	is_id("  --WikiGap!!  ", "K\xc3\xb8" "benhavn", "", "2023-03-08",
	    "wikigap-kobenhavn-2023-03-08");
	is_id("WikiGap", "Troms\xc3\xb8", "", "2023-03-08",
	    "wikigap-tromso-2023-03-08");
	is_id("WikiGap", "\xc5\x81\xc3\xb3" "d\xc5\xba", "", "2023-03-08",
	    "wikigap-lodz-2023-03-08");
	is_id("Women in Red", "\xe6\x9d\xb1\xe4\xba\xac", "Japan",
	    "2023-03-08T10:00+09:00", "women-in-red-2023-03-08");
	is_id("WIKIGAP", "Zu\xcc\x88rich", "", "2023-03-08",
	    "wikigap-zurich-2023-03-08");
	is_id("", "", "", "2023-03-08", "2023-03-08");
	is_id("WikiGap", "", "", "", "wikigap");

	/* Long names are cut, the date kept whole, no dash before it. */
	camp = repeat('a', 120);
	camp[100] = '\0';
	event_free(&ev);
	event_init(&ev);
	free(set("campaign", camp));
	free(set("start", "2023-03-08"));
	id = event_make_id(&ev);
	want = xasprintf("%.89s-2023-03-08", camp);
	is_str(id, want, "long campaign cut to fit 100 bytes");
	is_int(strlen(id), 100, "id is 100 bytes");
	free(id);
	free(want);
	for (i = 0; i < 100; i += 2)
		camp[i] = ' ';
	event_free(&ev);
	event_init(&ev);
	free(set("campaign", camp));
	free(set("start", "2023-03-08"));
	id = event_make_id(&ev);
	ok(strlen(id) <= 100 && strstr(id, "--") == NULL &&
	    id[0] != '-', "cut at a dash leaves no double dash");
	free(id);
	free(camp);

	/* The made id is a valid id. */
	is_id("WikiGap 2023", "S\xc3\xa3o Paulo", "", "2023-03-08",
	    "wikigap-2023-sao-paulo-2023-03-08");
	id = event_make_id(&ev);
	is_set("id", id, "wikigap-2023-sao-paulo-2023-03-08");
	free(id);
}

int
main(void)
{
	event_init(&ev);
	test_table();
	test_text();
	test_kinds();
	test_extras();
	test_validate();
	test_copy_free();
	test_make_id();
	event_free(&ev);
	return (tap_done());
}
