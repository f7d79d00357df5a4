/*
 * Event writers: table, CSV, JSON (jansson) and iCalendar (libical).
 *
 * Each VEVENT is built and serialized by libical and then post-processed,
 * working around two faults of libical 3.0 (Debian 12):
 *
 * - Its line folding can put the fold inside the CRLF that ends a line
 *   (a SUMMARY of 73 ASCII bytes gives "...\r" "\r\n " "\n"), so we
 *   unfold what it writes and fold again ourselves, at 75 octets and
 *   never inside a UTF-8 sequence.
 * - It does not escape "," and ";" in CATEGORIES (it takes them for list
 *   separators), so a campaign named "Art, Feminism" would become two
 *   categories.  We write that line ourselves.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <libical/ical.h>

#include "buf.h"
#include "date.h"
#include "event.h"
#include "export.h"
#include "log.h"
#include "registry.h"
#include "text.h"
#include "xmalloc.h"

/*
 * libical (and through it ICU's i18n library) is loaded only for an ics
 * export: the daemon and every other command would map it for nothing
 * (about 1.4 MB of a daemon's resident memory).  Each function used is
 * called through a pointer of its own type, under its own name.
 */
#define ICAL_SYMS(X) \
	X(icalcomponent_add_property) X(icalcomponent_as_ical_string_r) \
	X(icalcomponent_free) X(icalcomponent_new) \
	X(icalmemory_free_buffer) X(icalproperty_new_description) \
	X(icalproperty_new_dtend) X(icalproperty_new_dtstamp) \
	X(icalproperty_new_dtstart) X(icalproperty_new_location) \
	X(icalproperty_new_status) X(icalproperty_new_summary) \
	X(icalproperty_new_uid) X(icalproperty_new_url) \
	X(icaltime_adjust) X(icaltime_convert_to_zone) \
	X(icaltime_from_timet_with_zone) X(icaltime_null_time) \
	X(icaltimezone_free_builtin_timezones) \
	X(icaltimezone_get_builtin_timezone) \
	X(icaltimezone_get_utc_timezone)
#define ICAL_PTR(f)	static __typeof__(f) *ical_##f;
ICAL_SYMS(ICAL_PTR)

static void
ical_load(void)
{
	void	*h;

	if (ical_icalcomponent_new != NULL)
		return;
	if ((h = dlopen("libical.so.3", RTLD_NOW | RTLD_LOCAL)) == NULL)
		fatalx("ics export: %s", dlerror());
#define ICAL_SYM(f) \
	if ((*(void **)&ical_##f = dlsym(h, #f)) == NULL) \
		fatalx("ics export: libical has no %s", #f);
	ICAL_SYMS(ICAL_SYM)
}
#define icalcomponent_add_property	(*ical_icalcomponent_add_property)
#define icalcomponent_as_ical_string_r	(*ical_icalcomponent_as_ical_string_r)
#define icalcomponent_free		(*ical_icalcomponent_free)
#define icalcomponent_new		(*ical_icalcomponent_new)
#define icalmemory_free_buffer		(*ical_icalmemory_free_buffer)
#define icalproperty_new_description	(*ical_icalproperty_new_description)
#define icalproperty_new_dtend		(*ical_icalproperty_new_dtend)
#define icalproperty_new_dtstamp	(*ical_icalproperty_new_dtstamp)
#define icalproperty_new_dtstart	(*ical_icalproperty_new_dtstart)
#define icalproperty_new_location	(*ical_icalproperty_new_location)
#define icalproperty_new_status		(*ical_icalproperty_new_status)
#define icalproperty_new_summary	(*ical_icalproperty_new_summary)
#define icalproperty_new_uid		(*ical_icalproperty_new_uid)
#define icalproperty_new_url		(*ical_icalproperty_new_url)
#define icaltime_adjust			(*ical_icaltime_adjust)
#define icaltime_convert_to_zone	(*ical_icaltime_convert_to_zone)
#define icaltime_from_timet_with_zone	(*ical_icaltime_from_timet_with_zone)
#define icaltime_null_time		(*ical_icaltime_null_time)
#define icaltimezone_free_builtin_timezones \
	(*ical_icaltimezone_free_builtin_timezones)
#define icaltimezone_get_builtin_timezone \
	(*ical_icaltimezone_get_builtin_timezone)
#define icaltimezone_get_utc_timezone	(*ical_icaltimezone_get_utc_timezone)

#define ICS_LINE	75	/* octets in a folded line, without CRLF */
#define ICS_END		"END:VEVENT\r\n"

static const struct {
	const char	*name;
	int		 field;
	size_t		 width;	/* most columns a value may take */
} table_cols[] = {
	{ "ID",		F_ID,		40 },
	{ "START",	F_START,	40 },
	{ "COUNTRY",	F_COUNTRY,	40 },
	{ "CITY",	F_CITY,		40 },
	{ "STATUS",	F_STATUS,	40 },
	{ "TITLE",	F_TITLE,	60 },
};
#define TABLE_NCOLS	(sizeof table_cols / sizeof table_cols[0])

static const char *const export_format_names[] = {
	[EXPORT_TABLE] = "table",
	[EXPORT_CSV] = "csv",
	[EXPORT_JSON] = "json",
	[EXPORT_ICS] = "ics",
};

struct exporter {
	enum export_format	  fmt;
	int			  articles;	/* the articles CSV */
	FILE			 *out;
	char			**extras;
	size_t			  nextras;
	size_t			  count;	/* events added */
	int			  werrno;	/* first write error seen */
	struct buf		  buf;		/* scratch, reused */

	struct icaltimetype	  stamp;	/* ICS DTSTAMP, UTC */

	char			**cells;	/* table, 6 a row */
	size_t			  ncells;
	size_t			  cellsalloc;
};

int
export_format_parse(const char *name, enum export_format *fmt)
{
	size_t	i;

	for (i = 0; i < sizeof export_format_names /
	    sizeof export_format_names[0]; i++) {
		if (strcmp(name, export_format_names[i]) == 0) {
			*fmt = i;
			return (0);
		}
	}
	return (-1);
}

/* Standard field i of ev; a NULL field is unset (see event_free). */
static const char *
fv(const struct event *ev, int i)
{
	return (ev->v[i] != NULL ? ev->v[i] : "");
}

/* The value of extra field name in ev ("" if unset); extras are sorted. */
static const char *
export_extra(const struct event *ev, const char *name)
{
	size_t	lo = 0, hi = ev->nextras, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, ev->extras[mid].name);
		if (c == 0)
			return (ev->extras[mid].value);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return ("");
}

/* Note a write error on out, keeping the errno of the first one. */
static int
export_check(struct exporter *e, char **cause)
{
	if (!ferror(e->out))
		return (0);
	if (e->werrno == 0)
		e->werrno = errno != 0 ? errno : EIO;
	*cause = xasprintf("write error: %s", strerror(e->werrno));
	return (-1);
}

/* CSV */

/* Write one CSV cell, quoted only if csvread would not read it back. */
static void
csv_cell(FILE *out, const char *s)
{
	const char	*q;
	size_t		 len;

	len = strlen(s);
	if (len == 0)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[0] != '\t' &&
	    s[len - 1] != ' ' && s[len - 1] != '\t') {
		fwrite(s, 1, len, out);
		return;
	}
	putc('"', out);
	while ((q = strchr(s, '"')) != NULL) {
		fwrite(s, 1, q - s + 1, out);
		putc('"', out);
		s = q + 1;
	}
	fputs(s, out);
	putc('"', out);
}

static void
csv_header(struct exporter *e)
{
	size_t	i;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		if (i > 0)
			putc(',', e->out);
		csv_cell(e->out, event_fields[i].name);
	}
	for (i = 0; i < e->nextras; i++) {
		putc(',', e->out);
		csv_cell(e->out, e->extras[i]);
	}
	putc('\n', e->out);
}

static int
csv_add(struct exporter *e, const struct event *ev, char **cause)
{
	size_t	i;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		if (i > 0)
			putc(',', e->out);
		csv_cell(e->out, fv(ev, i));
	}
	for (i = 0; i < e->nextras; i++) {
		putc(',', e->out);
		csv_cell(e->out, export_extra(ev, e->extras[i]));
	}
	putc('\n', e->out);
	return (0);
}

/* The articles CSV: one row per page. */
static void
csv_article(struct exporter *e, const struct event_article *a)
{
	csv_cell(e->out, a->event_id);
	putc(',', e->out);
	csv_cell(e->out, a->wiki);
	putc(',', e->out);
	csv_cell(e->out, a->title);
	fprintf(e->out, ",%s,%ld,%ld\n", a->created ? "yes" : "no", a->edits,
	    a->bytes_added);
}

/* JSON */

/* The JSON value of one field: null, an integer or a string. */
static json_t *
json_field(const struct event *ev, const char *name, const char *value,
    int count, char **cause)
{
	json_t		*j;
	char		*end;
	long long	 n;

	if (*value == '\0')
		return (json_null());
	if (count) {
		errno = 0;
		n = strtoll(value, &end, 10);
		if (errno != 0 || *end != '\0' || end == value || n < 0) {
			*cause = xasprintf("event '%s': %s: '%s' is not a "
			    "count", fv(ev, F_ID), name, value);
			return (NULL);
		}
		j = json_integer(n);
	} else if ((j = json_string(value)) == NULL) {
		*cause = xasprintf("event '%s': %s: not valid UTF-8",
		    fv(ev, F_ID), name);
		return (NULL);
	}
	if (j == NULL)
		fatalx("json_field: out of memory");
	return (j);
}

/* A JSON string of s, or NULL with *cause naming the event and what. */
static json_t *
json_text(const struct event *ev, const char *what, const char *s,
    char **cause)
{
	json_t	*j;

	if ((j = json_string(s)) == NULL)
		*cause = xasprintf("event '%s': %s: not valid UTF-8",
		    fv(ev, F_ID), what);
	return (j);
}

/* Set o's "participant_names" and "articles" from rel; -1 with *cause. */
static int
json_related(json_t *o, const struct event *ev,
    const struct export_related *rel, char **cause)
{
	const struct event_article	*a;
	json_t				*users, *arts, *art, *j;
	size_t				 i;

	if ((users = json_array()) == NULL || (arts = json_array()) == NULL)
		fatalx("json_related: out of memory");
	json_object_set_new(o, "participant_names", users);
	json_object_set_new(o, "articles", arts);
	for (i = 0; i < rel->nusers; i++) {
		if ((j = json_text(ev, "participant", rel->users[i],
		    cause)) == NULL)
			return (-1);
		json_array_append_new(users, j);
	}
	for (i = 0; i < rel->narticles; i++) {
		a = &rel->articles[i];
		if ((art = json_object()) == NULL)
			fatalx("json_related: out of memory");
		json_array_append_new(arts, art);
		if ((j = json_text(ev, "article wiki", a->wiki, cause)) == NULL)
			return (-1);
		json_object_set_new(art, "wiki", j);
		if ((j = json_text(ev, "article", a->title, cause)) == NULL)
			return (-1);
		json_object_set_new(art, "title", j);
		json_object_set_new(art, "created", json_boolean(a->created));
		json_object_set_new(art, "edits", json_integer(a->edits));
		json_object_set_new(art, "bytes_added",
		    json_integer(a->bytes_added));
	}
	return (0);
}

static int
json_add(struct exporter *e, const struct event *ev,
    const struct export_related *rel, char **cause)
{
	json_t		*o, *j;
	const char	*name, *value;
	size_t		 i;
	int		 rv = 0;

	if ((o = json_object()) == NULL)
		fatalx("json_add: out of memory");
	for (i = 0; i < EVENT_NFIELDS + e->nextras; i++) {
		if (i < EVENT_NFIELDS) {
			name = event_fields[i].name;
			value = fv(ev, i);
		} else {
			name = e->extras[i - EVENT_NFIELDS];
			value = export_extra(ev, name);
		}
		j = json_field(ev, name, value, i < EVENT_NFIELDS &&
		    event_fields[i].kind == FIELD_COUNT, cause);
		if (j == NULL) {
			json_decref(o);
			return (-1);
		}
		if (json_object_set_new(o, name, j) == -1)
			fatalx("json_add: cannot set '%s'", name);
	}
	if (rel != NULL && json_related(o, ev, rel, cause) == -1) {
		json_decref(o);
		return (-1);
	}
	fputs(e->count == 0 ? "[\n" : ",\n", e->out);
	if (json_dumpf(o, e->out, JSON_COMPACT | JSON_PRESERVE_ORDER) == -1)
		rv = export_check(e, cause);
	json_decref(o);
	return (rv);
}

/* ICS */

/* Append s to b as an RFC 5545 TEXT value: \\ \; \, and \n escaped. */
static void
ics_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
		case ';':
		case ',':
			buf_addc(b, '\\');
			buf_addc(b, *s);
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		default:
			buf_addc(b, *s);
			break;
		}
	}
}

/* Write one content line (len bytes, no CRLF), folded at 75 octets. */
static void
ics_fold(FILE *out, const char *s, size_t len)
{
	size_t	max = ICS_LINE, n;

	while (len > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		if (n == 0)
			n = max;	/* not UTF-8: cut anywhere */
		fwrite(s, 1, n, out);
		fputs("\r\n ", out);
		s += n;
		len -= n;
		max = ICS_LINE - 1;	/* after the leading space */
	}
	fwrite(s, 1, len, out);
	fputs("\r\n", out);
}

/* Write CRLF-ended content lines from s (len bytes), each folded. */
static void
ics_write_lines(FILE *out, const char *s, size_t len)
{
	const char	*end;

	while (len > 0) {
		end = memchr(s, '\n', len);
		if (end == NULL) {
			ics_fold(out, s, len);
			return;
		}
		ics_fold(out, s, end - s - (end > s && end[-1] == '\r'));
		len -= end + 1 - s;
		s = end + 1;
	}
}

static void
ics_header(struct exporter *e, const char *stamp)
{
	struct isodate	 d;
	const char	*why;
	time_t		 now;

	ical_load();
	fputs("BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//wikisync//wikisync " PACKAGE_VERSION "//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n", e->out);

	if (stamp == NULL) {
		now = time(NULL);
		e->stamp = icaltime_from_timet_with_zone(now, 0,
		    icaltimezone_get_utc_timezone());
		return;
	}
	if (date_parse(stamp, &d, &why) == -1 || !d.has_time)
		fatalx("exporter_new: bad stamp '%s'", stamp);
	e->stamp = icaltime_null_time();
	e->stamp.year = d.year;
	e->stamp.month = d.month;
	e->stamp.day = d.day;
	e->stamp.hour = d.hour;
	e->stamp.minute = d.minute;
	e->stamp.second = d.second;
	e->stamp.zone = icaltimezone_get_utc_timezone();
	if (d.has_offset)
		icaltime_adjust(&e->stamp, 0, 0, -d.offset_min, 0);
}

/*
 * The iCalendar time of d: a DATE when d has no time; UTC when d has an
 * offset, or names no offset but tzid is a zone libical knows; else a
 * floating local time.
 */
static struct icaltimetype
ics_time(const struct isodate *d, const char *tzid)
{
	struct icaltimetype	 t;
	icaltimezone		*utc, *tz;

	t = icaltime_null_time();
	t.year = d->year;
	t.month = d->month;
	t.day = d->day;
	if (!d->has_time) {
		t.is_date = 1;
		return (t);
	}
	t.hour = d->hour;
	t.minute = d->minute;
	t.second = d->second;
	utc = icaltimezone_get_utc_timezone();
	if (d->has_offset) {
		t.zone = utc;
		icaltime_adjust(&t, 0, 0, -d->offset_min, 0);
		return (t);
	}
	if (*tzid == '\0' ||
	    (tz = icaltimezone_get_builtin_timezone(tzid)) == NULL)
		return (t);
	t.zone = tz;
	return (icaltime_convert_to_zone(t, utc));
}

/* Parse date field i of ev, with a cause naming the event and field. */
static int
ics_date(const struct event *ev, int i, struct isodate *d, char **cause)
{
	const char	*why;

	if (date_parse(fv(ev, i), d, &why) == 0)
		return (0);
	*cause = xasprintf("event '%s': %s: '%s': %s", fv(ev, F_ID),
	    event_fields[i].name, fv(ev, i), why);
	return (-1);
}

/* Add DTSTART and DTEND (exclusive) to c; -1 on a bad date. */
static int
ics_dates(icalcomponent *c, const struct event *ev, char **cause)
{
	struct isodate		 start, end;
	const char		*tz = fv(ev, F_TIMEZONE);
	int			 has_end = fv(ev, F_END)[0] != '\0';

	if (ics_date(ev, F_START, &start, cause) == -1)
		return (-1);
	if (has_end && ics_date(ev, F_END, &end, cause) == -1)
		return (-1);
	icalcomponent_add_property(c,
	    icalproperty_new_dtstart(ics_time(&start, tz)));

	if (!start.has_time) {
		/* All day: DTEND is the day after the last day. */
		if (!has_end)
			end = start;
		end.has_time = 0;
		date_add_days(&end, 1);
	} else if (!has_end)
		return (0);
	else if (!end.has_time) {
		/* A timed start and a date end: the end of that day. */
		date_add_days(&end, 1);
		end.has_time = 1;
		end.hour = end.minute = end.second = 0;
		end.has_offset = start.has_offset;
		end.offset_min = start.offset_min;
	}
	icalcomponent_add_property(c,
	    icalproperty_new_dtend(ics_time(&end, tz)));
	return (0);
}

/* Append "label: value\n" to b when value is set. */
static void
ics_describe(struct buf *b, const char *label, const char *value)
{
	if (*value == '\0')
		return;
	if (label != NULL)
		buf_printf(b, "%s: ", label);
	buf_adds(b, value);
	buf_addc(b, '\n');
}

/* The text properties of one VEVENT. */
static void
ics_texts(struct exporter *e, icalcomponent *c, const struct event *ev)
{
	static const int	 where[] = { F_VENUE, F_CITY, F_COUNTRY };
	struct buf		*b = &e->buf;
	const char		*status = fv(ev, F_STATUS);
	size_t			 i;

	if (fv(ev, F_TITLE)[0] != '\0')
		icalcomponent_add_property(c,
		    icalproperty_new_summary(fv(ev, F_TITLE)));

	buf_reset(b);
	for (i = 0; i < sizeof where / sizeof where[0]; i++) {
		if (fv(ev, where[i])[0] == '\0')
			continue;
		if (b->len > 0)
			buf_adds(b, ", ");
		buf_adds(b, fv(ev, where[i]));
	}
	if (b->len > 0)
		icalcomponent_add_property(c,
		    icalproperty_new_location(buf_str(b)));

	if (fv(ev, F_URL)[0] != '\0')
		icalcomponent_add_property(c,
		    icalproperty_new_url(fv(ev, F_URL)));

	buf_reset(b);
	ics_describe(b, "Organizer", fv(ev, F_ORGANIZER));
	ics_describe(b, "Mode", fv(ev, F_MODE));
	ics_describe(b, "Language", fv(ev, F_LANGUAGE));
	ics_describe(b, NULL, fv(ev, F_NOTES));
	if (b->len > 0) {
		b->data[--b->len] = '\0';	/* the last newline */
		icalcomponent_add_property(c,
		    icalproperty_new_description(buf_str(b)));
	}

	if (strcmp(status, "planned") == 0)
		icalcomponent_add_property(c,
		    icalproperty_new_status(ICAL_STATUS_TENTATIVE));
	else if (strcmp(status, "confirmed") == 0 ||
	    strcmp(status, "done") == 0)
		icalcomponent_add_property(c,
		    icalproperty_new_status(ICAL_STATUS_CONFIRMED));
	else if (strcmp(status, "cancelled") == 0)
		icalcomponent_add_property(c,
		    icalproperty_new_status(ICAL_STATUS_CANCELLED));
}

static int
ics_add(struct exporter *e, const struct event *ev, char **cause)
{
	icalcomponent	*c;
	struct buf	*b = &e->buf;
	char		*s, *uid;
	size_t		 i;

	c = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	uid = xasprintf("%s@wikisync", fv(ev, F_ID));
	icalcomponent_add_property(c, icalproperty_new_uid(uid));
	free(uid);
	icalcomponent_add_property(c, icalproperty_new_dtstamp(e->stamp));
	if (ics_dates(c, ev, cause) == -1) {
		icalcomponent_free(c);
		return (-1);
	}
	ics_texts(e, c, ev);
	s = icalcomponent_as_ical_string_r(c);
	icalcomponent_free(c);

	/* Unfold libical's lines; they are folded again on output. */
	buf_reset(b);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n' &&
		    (s[i + 2] == ' ' || s[i + 2] == '\t'))
			i += 2;
		else
			buf_addc(b, s[i]);
	}
	icalmemory_free_buffer(s);
	if (b->len < strlen(ICS_END) ||
	    strcmp(b->data + b->len - strlen(ICS_END), ICS_END) != 0)
		fatalx("ics_add: libical wrote no %s", "END:VEVENT");
	b->len -= strlen(ICS_END);
	if (fv(ev, F_CAMPAIGN)[0] != '\0') {
		buf_adds(b, "CATEGORIES:");
		ics_escape(b, fv(ev, F_CAMPAIGN));
		buf_adds(b, "\r\n");
	}
	buf_adds(b, ICS_END);
	ics_write_lines(e->out, b->data, b->len);
	return (0);
}

/* Table */

static void
table_add(struct exporter *e, const struct event *ev)
{
	size_t	i;

	if (e->ncells + TABLE_NCOLS > e->cellsalloc) {
		e->cellsalloc = e->cellsalloc == 0 ? 64 * TABLE_NCOLS :
		    e->cellsalloc * 2;
		e->cells = xreallocarray(e->cells, e->cellsalloc,
		    sizeof *e->cells);
	}
	for (i = 0; i < TABLE_NCOLS; i++) {
		e->cells[e->ncells++] = text_truncate(fv(ev,
		    table_cols[i].field), table_cols[i].width);
	}
}

/* Write one row of cells, padded to widths, without trailing blanks. */
static void
table_row(struct exporter *e, const char *const *cells, const size_t *widths)
{
	struct buf	*b = &e->buf;
	size_t		 i, w;

	buf_reset(b);
	for (i = 0; i < TABLE_NCOLS; i++) {
		buf_adds(b, cells[i]);
		if (i == TABLE_NCOLS - 1)
			break;
		for (w = text_width(cells[i]); w < widths[i] + 2; w++)
			buf_addc(b, ' ');
	}
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->len--;
	fwrite(b->data != NULL ? b->data : "", 1, b->len, e->out);
	putc('\n', e->out);
}

static void
table_write(struct exporter *e)
{
	const char	*header[TABLE_NCOLS];
	size_t		 widths[TABLE_NCOLS], i, w;

	for (i = 0; i < TABLE_NCOLS; i++) {
		header[i] = table_cols[i].name;
		widths[i] = strlen(header[i]);
	}
	for (i = 0; i < e->ncells; i++) {
		w = text_width(e->cells[i]);
		if (w > widths[i % TABLE_NCOLS])
			widths[i % TABLE_NCOLS] = w;
	}
	table_row(e, header, widths);
	for (i = 0; i < e->ncells; i += TABLE_NCOLS)
		table_row(e, (const char *const *)e->cells + i, widths);
}

/* The exporter */

struct exporter *
exporter_new(enum export_format fmt, FILE *out, char *const *extras,
    size_t nextras, const char *stamp)
{
	struct exporter	*e;
	size_t		 i;

	e = xcalloc(1, sizeof *e);
	e->fmt = fmt;
	e->out = out;
	if (nextras > 0) {
		e->extras = xreallocarray(NULL, nextras, sizeof *e->extras);
		for (i = 0; i < nextras; i++)
			e->extras[i] = xstrdup(extras[i]);
		e->nextras = nextras;
	}
	buf_init(&e->buf, BUF_UNLIMITED);

	switch (fmt) {
	case EXPORT_CSV:
		csv_header(e);
		break;
	case EXPORT_ICS:
		ics_header(e, stamp);
		break;
	case EXPORT_TABLE:
	case EXPORT_JSON:
		break;
	}
	return (e);
}

struct exporter *
exporter_new_articles(FILE *out)
{
	struct exporter	*e;

	e = xcalloc(1, sizeof *e);
	e->fmt = EXPORT_CSV;
	e->articles = 1;
	e->out = out;
	buf_init(&e->buf, BUF_UNLIMITED);
	fputs("event,wiki,title,created,edits,bytes_added\n", out);
	return (e);
}

int
exporter_add_article(struct exporter *e, const struct event_article *a,
    char **cause)
{
	if (!e->articles)
		fatalx("exporter_add_article: not an articles exporter");
	csv_article(e, a);
	e->count++;
	return (export_check(e, cause));
}

int
exporter_add(struct exporter *e, const struct event *ev, char **cause)
{
	return (exporter_add_related(e, ev, NULL, cause));
}

int
exporter_add_related(struct exporter *e, const struct event *ev,
    const struct export_related *rel, char **cause)
{
	int	rv = 0;

	if (e->articles)
		fatalx("exporter_add: an articles exporter");
	switch (e->fmt) {
	case EXPORT_TABLE:
		table_add(e, ev);
		break;
	case EXPORT_CSV:
		rv = csv_add(e, ev, cause);
		break;
	case EXPORT_JSON:
		rv = json_add(e, ev, rel, cause);
		break;
	case EXPORT_ICS:
		rv = ics_add(e, ev, cause);
		break;
	}
	if (rv == 0) {
		e->count++;
		rv = export_check(e, cause);
	}
	return (rv);
}

int
exporter_finish(struct exporter *e, char **cause)
{
	size_t	i;
	int	rv = 0;

	switch (e->fmt) {
	case EXPORT_TABLE:
		table_write(e);
		break;
	case EXPORT_CSV:
		break;
	case EXPORT_JSON:
		fputs(e->count == 0 ? "[]\n" : "\n]\n", e->out);
		break;
	case EXPORT_ICS:
		fputs("END:VCALENDAR\r\n", e->out);
		break;
	}
	if (fflush(e->out) == EOF && e->werrno == 0)
		e->werrno = errno;
	if (e->werrno != 0 || ferror(e->out)) {
		if (cause != NULL)
			*cause = xasprintf("write error: %s",
			    strerror(e->werrno != 0 ? e->werrno : EIO));
		rv = -1;
	}

	/*
	 * libical loads its list of zones (and the zones used) on first
	 * use, even for UTC; free them so nothing is left behind.
	 */
	if (e->fmt == EXPORT_ICS && ical_icalcomponent_new != NULL)
		icaltimezone_free_builtin_timezones();
	for (i = 0; i < e->ncells; i++)
		free(e->cells[i]);
	free(e->cells);
	for (i = 0; i < e->nextras; i++)
		free(e->extras[i]);
	free(e->extras);
	buf_free(&e->buf);
	free(e);
	return (rv);
}
