/*
 * Unit tests for export: exact CSV, JSON and table output, a CSV round
 * trip through csvread, and iCalendar dates, escaping and folding (with
 * the cases where libical's own folding goes wrong).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "event.h"
#include "export.h"
#include "registry.h"
#include "text.h"
#include "xmalloc.h"
#include "tap.h"

#define STAMP	"2026-11-24T16:34:00Z"

static char *const	extras[] = { "partner", "twitter" };

/*
 * Store a value as the registry would hand it over, unchecked (the
 * exporter must write any string exactly): a standard field, or an
 * extra kept in name order.
 */
static void
set(struct event *ev, const char *name, const char *value)
{
	size_t	i;
	int	f;

	if ((f = event_field_index(name)) != -1) {
		free(ev->v[f]);
		ev->v[f] = xstrdup(value);
		return;
	}
	for (i = 0; i < ev->nextras; i++) {
		if (strcmp(ev->extras[i].name, name) == 0) {
			free(ev->extras[i].value);
			ev->extras[i].value = xstrdup(value);
			return;
		}
		if (strcmp(ev->extras[i].name, name) > 0)
			break;
	}
	ev->extras = xreallocarray(ev->extras, ev->nextras + 1,
	    sizeof *ev->extras);
	memmove(ev->extras + i + 1, ev->extras + i,
	    (ev->nextras - i) * sizeof *ev->extras);
	ev->extras[i].name = xstrdup(name);
	ev->extras[i].value = xstrdup(value);
	ev->nextras++;
}

/* An event from "name", "value" pairs ending in NULL. */
static void
make(struct event *ev, ...)
{
	va_list		 ap;
	const char	*name, *value;

	event_init(ev);
	va_start(ap, ev);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		set(ev, name, value);
	}
	va_end(ap);
}

/*
 * Export n events in fmt; returns the output (to free), with the result
 * of the last exporter_add or exporter_finish that failed in *rv and
 * its message in *cause (NULL if none).
 */
static char *
run(enum export_format fmt, const struct event *evs, size_t n,
    size_t nextras, int *rv, char **cause)
{
	struct exporter	*e;
	FILE		*f;
	char		*out = NULL;
	size_t		 len = 0, i;

	if ((f = open_memstream(&out, &len)) == NULL)
		exit(1);
	*rv = 0;
	*cause = NULL;
	e = exporter_new(fmt, f, extras, nextras, STAMP);
	for (i = 0; i < n; i++) {
		if ((*rv = exporter_add(e, &evs[i], cause)) == -1)
			break;
	}
	if (*rv == -1)
		exporter_finish(e, NULL);
	else
		*rv = exporter_finish(e, cause);
	fclose(f);
	return (out);
}

/* Export and check the whole output. */
static void
check(enum export_format fmt, const struct event *evs, size_t n,
    size_t nextras, const char *want, const char *what)
{
	char	*out, *cause;
	int	 rv;

	out = run(fmt, evs, n, nextras, &rv, &cause);
	ok(rv == 0, "no error");
	if (rv == -1)
		printf("#   %s\n", cause);
	is_str(out, want, what);
	free(out);
	free(cause);
}

static void
free_events(struct event *evs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		event_free(&evs[i]);
}

/* Two events with some awkward values, used by several formats. */
static void
two_events(struct event *evs)
{
	make(&evs[0], "id", "wg-1", "campaign", "WikiGap 2023",
	    "title", "Edit-a-thon, Nairobi", "start", "2023-03-08",
	    "country", "Kenya", "city", "Nairobi", "status", "confirmed",
	    "participants", "12", "notes", "Line one\nSaid \"hi\"",
	    "partner", "Embassy of Sweden", "edits", "31",
	    "page", "WikiGap 2023/Nairobi", NULL);
	make(&evs[1], "id", "wg-2", "title", " Leading space",
	    "start", "2023-03-09T10:00", "city", "Göteborg",
	    "status", "planned", "articles_created", "0", NULL);
}

static void
test_format_parse(void)
{
	enum export_format	fmt = EXPORT_TABLE;

	ok(export_format_parse("csv", &fmt) == 0 && fmt == EXPORT_CSV, "csv");
	ok(export_format_parse("json", &fmt) == 0 && fmt == EXPORT_JSON,
	    "json");
	ok(export_format_parse("ics", &fmt) == 0 && fmt == EXPORT_ICS, "ics");
	ok(export_format_parse("table", &fmt) == 0 && fmt == EXPORT_TABLE,
	    "table");
	is_int(export_format_parse("xml", &fmt), -1, "unknown format");
	is_int(export_format_parse("CSV", &fmt), -1, "names are lower case");
}

static void
test_csv(void)
{
	struct event	evs[2];

	two_events(evs);
	check(EXPORT_CSV, evs, 2, 2,
	    "id,campaign,title,start,end,timezone,mode,country,city,venue,url,"
	    "organizer,language,status,participants,articles_created,"
	    "articles_improved,edits,bytes_added,page,notes,partner,twitter\n"
	    "wg-1,WikiGap 2023,\"Edit-a-thon, Nairobi\",2023-03-08,,,,Kenya,"
	    "Nairobi,,,,,confirmed,12,,,31,,WikiGap 2023/Nairobi,"
	    "\"Line one\nSaid \"\"hi\"\"\",Embassy of Sweden,\n"
	    "wg-2,,\" Leading space\",2023-03-09T10:00,,,,,Göteborg,,,,,"
	    "planned,,0,,,,,,,\n", "csv, two events, two extras");
	check(EXPORT_CSV, evs, 0, 0,
	    "id,campaign,title,start,end,timezone,mode,country,city,venue,url,"
	    "organizer,language,status,participants,articles_created,"
	    "articles_improved,edits,bytes_added,page,notes\n",
	    "csv, no events: header only");
	free_events(evs, 2);
}

/* Values that need quoting survive export and csvread unchanged. */
static void
test_csv_roundtrip(void)
{
	static const char *const values[] = {
		"plain", "a, b", "\"quoted\"", "\"", "\"\"", "x\"y",
		"line one\nline two\n", "\n", " leading", "trailing ",
		"\ttab\t", " ", "Zoë 日本語 🙂", "crlf\r\ninside", "cr\r",
		"\\back\\slash", "=1+2", "a,\"b\",\nc",
	};
	const size_t		 nvalues = sizeof values / sizeof values[0];
	struct event		 evs[sizeof values / sizeof values[0]];
	struct csvread		*cr;
	const struct csvrecord	*rec;
	char			 path[] = "/tmp/test-export.XXXXXX";
	char			*out, *cause;
	size_t			 i, bad = 0;
	int			 fd, rv;

	for (i = 0; i < nvalues; i++) {
		make(&evs[i], "id", "rt", "title", values[i],
		    "notes", values[i], "partner", "p", NULL);
		/* And as the last column, where a trailing blank matters. */
		set(&evs[i], "twitter", values[i]);
	}
	out = run(EXPORT_CSV, evs, nvalues, 2, &rv, &cause);
	is_int(rv, 0, "round trip: export");
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, out, strlen(out)) != (ssize_t)strlen(out) ||
	    close(fd) == -1)
		exit(1);
	free(out);

	if ((cr = csvread_open(path, 65536, &cause)) == NULL) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	rv = csvread_next(cr, &rec, &cause);
	ok(rv == 1 && rec->n == EVENT_NFIELDS + 2 &&
	    strcmp(rec->fields[0], "id") == 0 &&
	    strcmp(rec->fields[EVENT_NFIELDS + 1], "twitter") == 0,
	    "round trip: header");
	for (i = 0; i < nvalues; i++) {
		if ((rv = csvread_next(cr, &rec, &cause)) != 1) {
			if (rv == -1) {
				printf("#   %s\n", cause);
				free(cause);
			}
			bad++;
			break;
		}
		if (rec->n != EVENT_NFIELDS + 2 ||
		    strcmp(rec->fields[F_TITLE], values[i]) != 0 ||
		    strcmp(rec->fields[F_NOTES], values[i]) != 0 ||
		    strcmp(rec->fields[F_START], "") != 0 ||
		    strcmp(rec->fields[EVENT_NFIELDS], "p") != 0 ||
		    strcmp(rec->fields[EVENT_NFIELDS + 1], values[i]) != 0) {
			printf("#   value %zu ('%s') changed\n", i, values[i]);
			bad++;
		}
	}
	is_int(bad, 0, "round trip: every value read back exactly");
	is_int(csvread_next(cr, &rec, &cause), 0, "round trip: then EOF");
	csvread_close(cr);
	unlink(path);
	free_events(evs, nvalues);
}

static void
test_json(void)
{
	struct event	evs[2];
	char		*out, *cause;
	int		 rv;

	two_events(evs);
	check(EXPORT_JSON, evs, 2, 2,
	    "[\n"
	    "{\"id\":\"wg-1\",\"campaign\":\"WikiGap 2023\","
	    "\"title\":\"Edit-a-thon, Nairobi\",\"start\":\"2023-03-08\","
	    "\"end\":null,\"timezone\":null,\"mode\":null,"
	    "\"country\":\"Kenya\",\"city\":\"Nairobi\",\"venue\":null,"
	    "\"url\":null,\"organizer\":null,\"language\":null,"
	    "\"status\":\"confirmed\",\"participants\":12,"
	    "\"articles_created\":null,\"articles_improved\":null,"
	    "\"edits\":31,\"bytes_added\":null,"
	    "\"page\":\"WikiGap 2023/Nairobi\","
	    "\"notes\":\"Line one\\nSaid \\\"hi\\\"\","
	    "\"partner\":\"Embassy of Sweden\",\"twitter\":null},\n"
	    "{\"id\":\"wg-2\",\"campaign\":null,"
	    "\"title\":\" Leading space\",\"start\":\"2023-03-09T10:00\","
	    "\"end\":null,\"timezone\":null,\"mode\":null,"
	    "\"country\":null,\"city\":\"Göteborg\",\"venue\":null,"
	    "\"url\":null,\"organizer\":null,\"language\":null,"
	    "\"status\":\"planned\",\"participants\":null,"
	    "\"articles_created\":0,\"articles_improved\":null,"
	    "\"edits\":null,\"bytes_added\":null,\"page\":null,"
	    "\"notes\":null,\"partner\":null,\"twitter\":null}\n"
	    "]\n", "json, two events");
	check(EXPORT_JSON, evs, 0, 2, "[]\n", "json, no events");
	check(EXPORT_JSON, evs, 1, 0,
	    "[\n"
	    "{\"id\":\"wg-1\",\"campaign\":\"WikiGap 2023\","
	    "\"title\":\"Edit-a-thon, Nairobi\",\"start\":\"2023-03-08\","
	    "\"end\":null,\"timezone\":null,\"mode\":null,"
	    "\"country\":\"Kenya\",\"city\":\"Nairobi\",\"venue\":null,"
	    "\"url\":null,\"organizer\":null,\"language\":null,"
	    "\"status\":\"confirmed\",\"participants\":12,"
	    "\"articles_created\":null,\"articles_improved\":null,"
	    "\"edits\":31,\"bytes_added\":null,"
	    "\"page\":\"WikiGap 2023/Nairobi\","
	    "\"notes\":\"Line one\\nSaid \\\"hi\\\"\"}\n"
	    "]\n", "json, one event, no extras");

	set(&evs[1], "participants", "12x");
	out = run(EXPORT_JSON, evs, 2, 2, &rv, &cause);
	is_int(rv, -1, "json, bad count refused");
	is_str(cause, "event 'wg-2': participants: '12x' is not a count",
	    "json, bad count message");
	free(cause);
	free(out);
	free_events(evs, 2);
}

static void
test_table(void)
{
	struct event	 evs[3];
	char		*title, *want;

	two_events(evs);
	check(EXPORT_TABLE, evs, 2, 0,
	    "ID    START             COUNTRY  CITY      STATUS     TITLE\n"
	    "wg-1  2023-03-08        Kenya    Nairobi   confirmed  "
	    "Edit-a-thon, Nairobi\n"
	    "wg-2  2023-03-09T10:00           Göteborg  planned     "
	    "Leading space\n", "table, widths by terminal columns");
	check(EXPORT_TABLE, evs, 0, 0,
	    "ID  START  COUNTRY  CITY  STATUS  TITLE\n", "table, header only");

	/* Wide characters, a long title cut, an empty last column. */
	make(&evs[2], "id", "wg-3", "start", "2023-03-10", "city", "東京",
	    "country", "日本", "status", "cancelled",
	    "title", "An edit-a-thon whose title is much too long for one "
	    "column of a table, really", NULL);
	title = text_truncate(evs[2].v[F_TITLE], 60);
	ok(text_width(title) <= 60 && strcmp(title, evs[2].v[F_TITLE]) != 0,
	    "text_truncate cut the title");
	want = xasprintf(
	    "ID    START       COUNTRY  CITY  STATUS     TITLE\n"
	    "wg-3  2023-03-10  日本     東京  cancelled  %s\n"
	    "wg-1  2023-03-08  Kenya                     "
	    "Edit-a-thon, Nairobi\n",
	    title);
	free(evs[0].v[F_CITY]);
	evs[0].v[F_CITY] = xstrdup("");
	free(evs[0].v[F_STATUS]);
	evs[0].v[F_STATUS] = xstrdup("");
	{
		struct event	two[2];

		two[0] = evs[2];
		two[1] = evs[0];
		check(EXPORT_TABLE, two, 2, 0, want,
		    "table, wide characters and a cut title");
	}
	free(want);
	free(evs[0].v[F_TITLE]);
	evs[0].v[F_TITLE] = xstrdup("");
	check(EXPORT_TABLE, evs, 1, 0,
	    "ID    START       COUNTRY  CITY  STATUS  TITLE\n"
	    "wg-1  2023-03-08  Kenya\n", "table, no trailing blanks");
	free(title);
	free_events(evs, 3);
}

/* Unfold iCalendar text (CRLF + space removed). */
static char *
unfold(const char *s)
{
	char	*u, *p;

	u = p = xstrdup(s);
	while (*s != '\0') {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ')
			s += 3;
		else
			*p++ = *s++;
	}
	*p = '\0';
	return (u);
}

/*
 * Check RFC 5545 line form: every line ends in CRLF, is at most 75
 * octets, no bare CR or LF, and no fold inside a UTF-8 sequence.
 */
static int
lines_ok(const char *s, const char **why)
{
	const char	*eol;

	while (*s != '\0') {
		if ((eol = strstr(s, "\r\n")) == NULL) {
			*why = "no CRLF at the end";
			return (0);
		}
		if (eol - s > 75) {
			*why = "line longer than 75 octets";
			return (0);
		}
		if (memchr(s, '\n', eol - s) != NULL ||
		    memchr(s, '\r', eol - s) != NULL) {
			*why = "bare CR or LF";
			return (0);
		}
		if (s[0] == ' ' && ((unsigned char)s[1] & 0xc0) == 0x80) {
			*why = "fold inside a UTF-8 sequence";
			return (0);
		}
		if (eol > s && ((unsigned char)eol[-1] & 0xc0) == 0xc0) {
			*why = "line ends in a UTF-8 lead byte";
			return (0);
		}
		s = eol + 2;
	}
	return (1);
}

/* Export one event as ICS; the VEVENT's unfolded text, or the error. */
static char *
ics_one(const struct event *ev, int *rv, char **cause)
{
	char		*out, *u, *v, *b, *e;
	const char	*why;

	out = run(EXPORT_ICS, ev, 1, 0, rv, cause);
	if (*rv == 0 && !lines_ok(out, &why))
		printf("#   bad line form: %s\n", why);
	u = unfold(out);
	free(out);
	if ((b = strstr(u, "BEGIN:VEVENT\r\n")) == NULL ||
	    (e = strstr(u, "END:VEVENT\r\n")) == NULL) {
		free(u);
		return (xstrdup(""));
	}
	v = xstrndup(b, e + strlen("END:VEVENT\r\n") - b);
	free(u);
	return (v);
}

/* Does the unfolded VEVENT text have this exact content line? */
static int
has_line(const char *vevent, const char *line)
{
	char	*l;
	int	 found;

	l = xasprintf("\r\n%s\r\n", line);
	found = strstr(vevent, l) != NULL;
	if (!found)
		printf("#   no line '%s' in:\n#   %s\n", line, vevent);
	free(l);
	return (found);
}

static void
test_ics_calendar(void)
{
	struct event	 ev;
	const char	*want;
	char		*out, *cause;
	int		 rv;

	make(&ev, "id", "wg-1", "campaign", "WikiGap 2023",
	    "title", "WikiGap Nairobi", "start", "2023-03-08",
	    "end", "2023-03-10", "country", "Kenya", "city", "Nairobi",
	    "venue", "Swedish Embassy", "url",
	    "https://meta.wikimedia.org/wiki/WikiGap/2023",
	    "organizer", "Jane", "mode", "in-person", "language", "sw",
	    "status", "confirmed", "notes", "Bring a laptop, and a charger.",
	    NULL);
	check(EXPORT_ICS, &ev, 1, 0,
	    "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//wikisync//wikisync " PACKAGE_VERSION "//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n"
	    "BEGIN:VEVENT\r\n"
	    "UID:wg-1@wikisync\r\n"
	    "DTSTAMP:20261124T163400Z\r\n"
	    "DTSTART;VALUE=DATE:20230308\r\n"
	    "DTEND;VALUE=DATE:20230311\r\n"
	    "SUMMARY:WikiGap Nairobi\r\n"
	    "LOCATION:Swedish Embassy\\, Nairobi\\, Kenya\r\n"
	    "URL:https://meta.wikimedia.org/wiki/WikiGap/2023\r\n"
	    "DESCRIPTION:Organizer: Jane\\nMode: in-person\\nLanguage: sw\\n"
	    "Bring a laptop\\\r\n , and a charger.\r\n"
	    "STATUS:CONFIRMED\r\n"
	    "CATEGORIES:WikiGap 2023\r\n"
	    "END:VEVENT\r\n"
	    "END:VCALENDAR\r\n", "ics, a whole all-day event, folded");
	check(EXPORT_ICS, &ev, 0, 0,
	    "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//wikisync//wikisync " PACKAGE_VERSION "//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n"
	    "END:VCALENDAR\r\n", "ics, no events");

	set(&ev, "start", "2023-02-30");
	out = run(EXPORT_ICS, &ev, 1, 0, &rv, &cause);
	is_int(rv, -1, "ics, bad date refused");
	want = "event 'wg-1': start: '2023-02-30': ";
	ok(cause != NULL && strncmp(cause, want, strlen(want)) == 0,
	    "ics, bad date names event and field");
	free(cause);
	free(out);
	event_free(&ev);
}

static void
test_ics_dates(void)
{
	static const struct {
		const char	*start, *end, *tz, *want1, *want2;
	} t[] = {
		{ "2023-12-31", "", "",
		    "DTSTART;VALUE=DATE:20231231",
		    "DTEND;VALUE=DATE:20240101" },
		{ "2024-02-28", "2024-02-29", "Europe/Oslo",
		    "DTSTART;VALUE=DATE:20240228",
		    "DTEND;VALUE=DATE:20240301" },
		{ "2023-03-08", "2023-03-09T18:00", "",
		    "DTSTART;VALUE=DATE:20230308",
		    "DTEND;VALUE=DATE:20230310" },
		{ "2023-03-08T09:30:00Z", "2023-03-08T12:00+03:00", "",
		    "DTSTART:20230308T093000Z", "DTEND:20230308T090000Z" },
		{ "2023-03-08T23:30-02:30", "", "Europe/Stockholm",
		    "DTSTART:20230309T020000Z", NULL },
		{ "2023-07-01T10:00", "2023-07-01T16:00", "Europe/Stockholm",
		    "DTSTART:20230701T080000Z", "DTEND:20230701T140000Z" },
		{ "2023-01-15T10:00", "2023-01-15T16:30:15", "Europe/Stockholm",
		    "DTSTART:20230115T090000Z", "DTEND:20230115T153015Z" },
		{ "2023-03-08T10:00", "", "America/New_York",
		    "DTSTART:20230308T150000Z", NULL },
		{ "2023-03-08T10:00", "2023-03-08T12:00", "",
		    "DTSTART:20230308T100000", "DTEND:20230308T120000" },
		{ "2023-03-08T10:00", "", "Nowhere/Atlantis",
		    "DTSTART:20230308T100000", NULL },
		{ "2023-03-08T10:00", "2023-03-09", "",
		    "DTSTART:20230308T100000", "DTEND:20230310T000000" },
		{ "2023-03-08T10:00Z", "2023-03-09", "",
		    "DTSTART:20230308T100000Z", "DTEND:20230310T000000Z" },
	};
	struct event	 ev;
	char		*v, *cause, what[128];
	size_t		 i;
	int		 rv;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		make(&ev, "id", "d", "title", "x", "start", t[i].start,
		    "end", t[i].end, "timezone", t[i].tz, NULL);
		v = ics_one(&ev, &rv, &cause);
		snprintf(what, sizeof what, "ics %s..%s %s: %s", t[i].start,
		    t[i].end, t[i].tz, t[i].want1);
		ok(rv == 0 && has_line(v, t[i].want1), what);
		if (t[i].want2 != NULL) {
			snprintf(what, sizeof what, "ics %s..%s %s: %s",
			    t[i].start, t[i].end, t[i].tz, t[i].want2);
			ok(has_line(v, t[i].want2), what);
		} else
			ok(strstr(v, "DTEND") == NULL, "no DTEND without end");
		free(v);
		free(cause);
		event_free(&ev);
	}
}

static void
test_ics_text(void)
{
	static const struct {
		const char	*status, *want;
	} st[] = {
		{ "planned", "STATUS:TENTATIVE" },
		{ "confirmed", "STATUS:CONFIRMED" },
		{ "cancelled", "STATUS:CANCELLED" },
		{ "done", "STATUS:CONFIRMED" },
	};
	struct event	 ev;
	char		*v, *cause, *summary, *want;
	const char	*why;
	size_t		 i;
	int		 rv;

	for (i = 0; i < sizeof st / sizeof st[0]; i++) {
		make(&ev, "id", "s", "title", "x", "start", "2023-03-08",
		    "status", st[i].status, NULL);
		v = ics_one(&ev, &rv, &cause);
		ok(has_line(v, st[i].want), st[i].want);
		free(v);
		event_free(&ev);
	}

	make(&ev, "id", "esc", "title", "A, B; C \\ D\\n",
	    "start", "2023-03-08", "campaign", "Art+Feminism, 2024; NYC",
	    "city", "Nairobi", "notes", "Line 1\nLine 2; with, commas",
	    "mode", "online", NULL);
	v = ics_one(&ev, &rv, &cause);
	ok(has_line(v, "SUMMARY:A\\, B\\; C \\\\ D\\\\n"),
	    "ics escapes , ; and backslash");
	ok(has_line(v, "DESCRIPTION:Mode: online\\nLine 1\\nLine 2\\; with\\, "
	    "commas"), "ics escapes newlines, skips empty description lines");
	ok(has_line(v, "LOCATION:Nairobi"), "ics location of one part");
	ok(has_line(v, "CATEGORIES:Art+Feminism\\, 2024\\; NYC"),
	    "ics escapes , and ; in CATEGORIES (libical does not)");
	ok(strstr(v, "URL:") == NULL, "no URL when unset");
	ok(strstr(v, "STATUS:") == NULL, "no STATUS when unset");
	free(v);
	event_free(&ev);

	/* A long non-ASCII SUMMARY: folded at 75 octets, UTF-8 intact. */
	summary = xstrdup("Skrivstuga på Sveriges ambassad – Wikipedia för "
	    "kvinnor; ÅÄÖ åäö ÅÄÖ åäö 日本語日本語日本語日本語日本語日本語"
	    "日本語日本語 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 éééééééééééééééé"
	    "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééé");
	make(&ev, "id", "long", "title", summary, "start", "2023-03-08",
	    NULL);
	{
		char	*out;

		out = run(EXPORT_ICS, &ev, 1, 0, &rv, &cause);
		ok(lines_ok(out, &why), "long UTF-8 summary: line form");
		ok(strstr(out, "\r\n ") != NULL, "long summary was folded");
		v = unfold(out);
		want = xasprintf("\r\nSUMMARY:Skrivstuga på Sveriges ambassad "
		    "– Wikipedia för kvinnor\\; %s\r\n", strchr(summary, 0x3b)
		    + 2);
		ok(strstr(v, want) != NULL, "long summary unfolds to the text");
		free(want);
		free(v);
		free(out);
	}
	event_free(&ev);
	free(summary);

	/*
	 * libical 3.0 folds a 73-byte SUMMARY (or URL) inside the line's
	 * CRLF; every length around the fold points must come out right.
	 */
	for (i = 60; i < 240; i++) {
		char	*out, *title, *url;
		int	 good;

		title = xmalloc(i + 1);
		memset(title, 'a' + i % 26, i);
		title[i] = '\0';
		url = xasprintf("https://e.org/%s", title);
		make(&ev, "id", "f", "title", title, "start", "2023-03-08",
		    "url", url, NULL);
		free(url);
		out = run(EXPORT_ICS, &ev, 1, 0, &rv, &cause);
		good = lines_ok(out, &why);
		v = unfold(out);
		want = xasprintf("\r\nSUMMARY:%s\r\nURL:https://e.org/%s\r\n",
		    title, title);
		good = good && strstr(v, want) != NULL;
		if (!good || i == 73) {
			char	what[64];

			snprintf(what, sizeof what, "ics, %zu-byte summary and "
			    "URL folded right", i);
			ok(good, what);
		}
		if (!good)
			break;
		free(want);
		free(v);
		free(out);
		free(title);
		event_free(&ev);
	}
}

static void
test_write_error(void)
{
	struct event	 evs[2];
	struct exporter	*e;
	FILE		*f;
	char		*cause = NULL;
	int		 rv, i;

	if ((f = fopen("/dev/full", "w")) == NULL) {
		ok(1, "# SKIP no /dev/full");
		return;
	}
	two_events(evs);
	e = exporter_new(EXPORT_CSV, f, extras, 2, STAMP);
	rv = 0;
	for (i = 0; i < 5000 && rv == 0; i++)
		rv = exporter_add(e, &evs[i % 2], &cause);
	is_int(rv, -1, "write error seen while adding");
	is_str(cause, "write error: No space left on device",
	    "write error message");
	free(cause);
	cause = NULL;
	is_int(exporter_finish(e, &cause), -1, "write error at finish too");
	is_str(cause, "write error: No space left on device",
	    "finish names the error");
	free(cause);

	e = exporter_new(EXPORT_TABLE, f, NULL, 0, NULL);
	cause = NULL;
	if (exporter_add(e, &evs[0], &cause) == -1)
		free(cause);
	is_int(exporter_finish(e, NULL), -1, "finish with NULL cause");
	fclose(f);
	free_events(evs, 2);
}

/* JSON with an event's participants and articles; the articles CSV. */
static void
test_related(void)
{
	static const char *const	 users[] = { "Alice", "Zoë \"Z\"" };
	static const struct event_article arts[] = {
		{ "wg-1", "", "Nairobi", 1, 3, 1200 },
		{ "wg-1", "svwiki", "Kenya, \"land\"", 0, 1, 0 },
	};
	struct export_related	 rel = { users, 2, arts, 2 };
	struct export_related	 none = { NULL, 0, NULL, 0 };
	struct exporter		*e;
	struct event		 ev;
	FILE			*f;
	char			*out = NULL, *cause = NULL;
	size_t			 len = 0;

	make(&ev, "id", "wg-1", "title", "T", "start", "2023-03-08", NULL);
	if ((f = open_memstream(&out, &len)) == NULL)
		exit(1);
	e = exporter_new(EXPORT_JSON, f, NULL, 0, STAMP);
	ok(exporter_add_related(e, &ev, &rel, &cause) == 0 &&
	    exporter_add_related(e, &ev, &none, &cause) == 0 &&
	    exporter_add_related(e, &ev, NULL, &cause) == 0 &&
	    exporter_finish(e, &cause) == 0, "json with related lists");
	fclose(f);
	is_str(out, "[\n"
	    "{\"id\":\"wg-1\",\"campaign\":null,\"title\":\"T\","
	    "\"start\":\"2023-03-08\",\"end\":null,\"timezone\":null,"
	    "\"mode\":null,\"country\":null,\"city\":null,\"venue\":null,"
	    "\"url\":null,\"organizer\":null,\"language\":null,"
	    "\"status\":null,\"participants\":null,"
	    "\"articles_created\":null,\"articles_improved\":null,"
	    "\"edits\":null,\"bytes_added\":null,\"page\":null,"
	    "\"notes\":null,"
	    "\"participant_names\":[\"Alice\",\"Zoë \\\"Z\\\"\"],"
	    "\"articles\":[{\"wiki\":\"\",\"title\":\"Nairobi\","
	    "\"created\":true,\"edits\":3,\"bytes_added\":1200},"
	    "{\"wiki\":\"svwiki\",\"title\":\"Kenya, \\\"land\\\"\","
	    "\"created\":false,\"edits\":1,\"bytes_added\":0}]},\n"
	    "{\"id\":\"wg-1\",\"campaign\":null,\"title\":\"T\","
	    "\"start\":\"2023-03-08\",\"end\":null,\"timezone\":null,"
	    "\"mode\":null,\"country\":null,\"city\":null,\"venue\":null,"
	    "\"url\":null,\"organizer\":null,\"language\":null,"
	    "\"status\":null,\"participants\":null,"
	    "\"articles_created\":null,\"articles_improved\":null,"
	    "\"edits\":null,\"bytes_added\":null,\"page\":null,"
	    "\"notes\":null,\"participant_names\":[],\"articles\":[]},\n"
	    "{\"id\":\"wg-1\",\"campaign\":null,\"title\":\"T\","
	    "\"start\":\"2023-03-08\",\"end\":null,\"timezone\":null,"
	    "\"mode\":null,\"country\":null,\"city\":null,\"venue\":null,"
	    "\"url\":null,\"organizer\":null,\"language\":null,"
	    "\"status\":null,\"participants\":null,"
	    "\"articles_created\":null,\"articles_improved\":null,"
	    "\"edits\":null,\"bytes_added\":null,\"page\":null,"
	    "\"notes\":null}\n"
	    "]\n", "participant_names and articles follow the fields; "
	    "none given: no keys");
	free(out);
	free(cause);

	out = NULL;
	cause = NULL;
	rel.users = (const char *const []){ "Bad \xff" };
	rel.nusers = 1;
	if ((f = open_memstream(&out, &len)) == NULL)
		exit(1);
	e = exporter_new(EXPORT_JSON, f, NULL, 0, STAMP);
	ok(exporter_add_related(e, &ev, &rel, &cause) == -1,
	    "json: a name that is not UTF-8 is refused");
	is_str(cause, "event 'wg-1': participant: not valid UTF-8",
	    "json: the event is named");
	exporter_finish(e, NULL);
	fclose(f);
	free(out);
	free(cause);

	out = NULL;
	cause = NULL;
	if ((f = open_memstream(&out, &len)) == NULL)
		exit(1);
	e = exporter_new_articles(f);
	ok(exporter_add_article(e, &arts[0], &cause) == 0 &&
	    exporter_add_article(e, &arts[1], &cause) == 0 &&
	    exporter_finish(e, &cause) == 0, "articles csv");
	fclose(f);
	is_str(out, "event,wiki,title,created,edits,bytes_added\n"
	    "wg-1,,Nairobi,yes,3,1200\n"
	    "wg-1,svwiki,\"Kenya, \"\"land\"\"\",no,1,0\n",
	    "articles csv: a header, yes/no, quoted as the events' CSV");
	free(out);
	free(cause);

	out = NULL;
	if ((f = open_memstream(&out, &len)) == NULL)
		exit(1);
	e = exporter_new_articles(f);
	ok(exporter_finish(e, &cause) == 0, "articles csv, none");
	fclose(f);
	is_str(out, "event,wiki,title,created,edits,bytes_added\n",
	    "articles csv, none: the header only");
	free(out);
	event_free(&ev);
}

int
main(void)
{
	test_format_parse();
	test_csv();
	test_csv_roundtrip();
	test_json();
	test_related();
	test_table();
	test_ics_calendar();
	test_ics_dates();
	test_ics_text();
	test_write_error();
	return (tap_done());
}
