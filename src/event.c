/*
 * Events: the table of standard fields, per-field checking and
 * normalization (event_set), whole-event checks, extra fields and the
 * generated id slug.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "buf.h"
#include "date.h"
#include "event.h"
#include "text.h"
#include "username.h"
#include "xmalloc.h"

#define ID_MAX		100	/* bytes in an id, generated or not */
#define QUOTE_WIDTH	60	/* columns of a value quoted in messages */
#define TITLE_BAD	"#<>[]|{}"	/* not in a MediaWiki page title */

const struct field_def event_fields[EVENT_NFIELDS] = {
	{ "id", FIELD_ID, 1, ID_MAX,
	    "stable identifier: lower-case letters, digits, '.', '_', '-'" },
	{ "campaign", FIELD_TEXT, 1, 200,
	    "the campaign the event belongs to, e.g. WikiGap 2023" },
	{ "title", FIELD_TEXT, 1, 300,
	    "the event's title" },
	{ "start", FIELD_DATE, 1, 32,
	    "start date or date-time, ISO 8601 (2023-03-08, "
	    "2023-03-08T10:00+01:00)" },
	{ "end", FIELD_DATE, 0, 32,
	    "end date or date-time, ISO 8601; not before start" },
	{ "timezone", FIELD_TIMEZONE, 0, 64,
	    "IANA time zone of the event, e.g. Africa/Nairobi" },
	{ "mode", FIELD_MODE, 0, 100,
	    "in-person, online or hybrid" },
	{ "country", FIELD_TEXT, 0, 200,
	    "country where the event takes place" },
	{ "city", FIELD_TEXT, 0, 200,
	    "city where the event takes place" },
	{ "venue", FIELD_TEXT, 0, 300,
	    "venue or address" },
	{ "url", FIELD_URL, 0, 1000,
	    "event page or registration link (http:// or https://)" },
	{ "organizer", FIELD_TEXT, 0, 300,
	    "who organizes the event (names or user names)" },
	{ "language", FIELD_LANGUAGE, 0, 35,
	    "language code of the event, e.g. en, fr, pt-br" },
	{ "status", FIELD_STATUS, 0, 100,
	    "planned, confirmed, cancelled or done" },
	{ "participants", FIELD_COUNT, 0, 100,
	    "number of participants" },
	{ "articles_created", FIELD_COUNT, 0, 100,
	    "number of articles created" },
	{ "articles_improved", FIELD_COUNT, 0, 100,
	    "number of articles improved" },
	{ "edits", FIELD_COUNT, 0, 100,
	    "number of edits by its participants in its window" },
	{ "bytes_added", FIELD_COUNT, 0, 100,
	    "bytes its participants added in its window (positive size "
	    "changes)" },
	{ "page", FIELD_TITLE, 0, 255,
	    "the event's own page on its wiki (where people sign up)" },
	{ "notes", FIELD_NOTES, 0, 5000,
	    "free notes; may span several lines" },
};

static const char *const event_modes[] = {
	"in-person", "online", "hybrid", NULL
};
static const char *const event_statuses[] = {
	"planned", "confirmed", "cancelled", "done", NULL
};

int
event_field_index(const char *name)
{
	int	i;

	for (i = 0; i < EVENT_NFIELDS; i++)
		if (strcmp(name, event_fields[i].name) == 0)
			return (i);
	return (-1);
}

int
event_field_name_ok(const char *name)
{
	size_t	i;

	if (name[0] < 'a' || name[0] > 'z')
		return (0);
	for (i = 1; name[i] != '\0'; i++) {
		if (i >= EXTRA_NAME_MAX)
			return (0);
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return (0);
	}
	return (1);
}

void
event_init(struct event *ev)
{
	int	i;

	for (i = 0; i < EVENT_NFIELDS; i++)
		ev->v[i] = xstrdup("");
	ev->extras = NULL;
	ev->nextras = 0;
}

void
event_free(struct event *ev)
{
	size_t	i;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		free(ev->v[i]);
		ev->v[i] = NULL;
	}
	for (i = 0; i < ev->nextras; i++) {
		free(ev->extras[i].name);
		free(ev->extras[i].value);
	}
	free(ev->extras);
	ev->extras = NULL;
	ev->nextras = 0;
}

void
event_copy(struct event *dst, const struct event *src)
{
	size_t	i;

	for (i = 0; i < EVENT_NFIELDS; i++)
		dst->v[i] = xstrdup(src->v[i] != NULL ? src->v[i] : "");
	dst->nextras = src->nextras;
	dst->extras = NULL;
	if (src->nextras == 0)
		return;
	dst->extras = xreallocarray(NULL, src->nextras, sizeof *dst->extras);
	for (i = 0; i < src->nextras; i++) {
		dst->extras[i].name = xstrdup(src->extras[i].name);
		dst->extras[i].value = xstrdup(src->extras[i].value);
	}
}

/* Binary search for extra name: its index, or where it would go. */
static size_t
event_extra_find(const struct event *ev, const char *name, int *found)
{
	size_t	lo = 0, hi = ev->nextras, mid;
	int	c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, ev->extras[mid].name);
		if (c == 0) {
			*found = 1;
			return (mid);
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (lo);
}

const char *
event_get(const struct event *ev, const char *name)
{
	size_t	i;
	int	idx, found;

	if ((idx = event_field_index(name)) != -1)
		return (ev->v[idx] != NULL ? ev->v[idx] : "");
	i = event_extra_find(ev, name, &found);
	return (found ? ev->extras[i].value : "");
}

/* Store value (taken over) as extra name; "" removes the pair. */
static void
event_set_extra(struct event *ev, const char *name, char *value)
{
	size_t	i;
	int	found;

	i = event_extra_find(ev, name, &found);
	if (found) {
		free(ev->extras[i].value);
		if (*value != '\0') {
			ev->extras[i].value = value;
			return;
		}
		free(value);
		free(ev->extras[i].name);
		memmove(ev->extras + i, ev->extras + i + 1,
		    (ev->nextras - i - 1) * sizeof *ev->extras);
		if (--ev->nextras == 0) {
			free(ev->extras);
			ev->extras = NULL;
		}
		return;
	}
	if (*value == '\0') {
		free(value);
		return;
	}
	ev->extras = xreallocarray(ev->extras, ev->nextras + 1,
	    sizeof *ev->extras);
	memmove(ev->extras + i + 1, ev->extras + i,
	    (ev->nextras - i) * sizeof *ev->extras);
	ev->extras[i].name = xstrdup(name);
	ev->extras[i].value = value;
	ev->nextras++;
}

/* "name: 'value' rest", the value cut short for the message. */
static char *
event_bad(const char *name, const char *value, const char *rest)
{
	char	*q, *msg;

	q = text_truncate(value, QUOTE_WIDTH);
	msg = xasprintf("%s: '%s' %s", name, q, rest);
	free(q);
	return (msg);
}

static void
event_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

static int
event_alpha(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static int
event_alnum(char c)
{
	return (event_alpha(c) || (c >= '0' && c <= '9'));
}

static int
event_check_id(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return (-1);
	for (s++; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '.' || *s == '_' || *s == '-'))
			return (-1);
	return (0);
}

/* "UTC" or segments of [A-Za-z0-9_+-], each starting with a letter. */
static int
event_check_timezone(const char *s)
{
	for (;;) {
		if (!event_alpha(*s))
			return (-1);
		while (event_alnum(*s) || *s == '_' || *s == '+' || *s == '-')
			s++;
		if (*s == '\0')
			return (0);
		if (*s++ != '/')
			return (-1);
	}
}

/* Match s case-insensitively against words; lower-case it if found. */
static int
event_check_word(char *s, const char *const *words)
{
	for (; *words != NULL; words++) {
		if (strcasecmp(s, *words) == 0) {
			event_lower(s);
			return (0);
		}
	}
	return (-1);
}

/* http:// or https://, a host, no spaces; 0, or -1 with *why. */
static int
event_check_url(const char *s, const char **why)
{
	const char	*host;

	if (strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else if (strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else {
		*why = "is not an http:// or https:// URL";
		return (-1);
	}
	if (strchr(s, ' ') != NULL) {
		*why = "contains a space (write it as %20)";
		return (-1);
	}
	if (*host == '\0' || *host == '/' || *host == '?' || *host == '#' ||
	    *host == ':' || *host == '@') {
		*why = "has no host name";
		return (-1);
	}
	return (0);
}

/* [a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*, lower-cased in place. */
static int
event_check_language(char *s)
{
	size_t	n;

	for (n = 0; event_alpha(s[n]); n++)
		/* nothing */;
	if (n < 2 || n > 3)
		return (-1);
	s += n;
	while (*s == '-') {
		for (n = 0; event_alnum(s[n + 1]); n++)
			/* nothing */;
		if (n < 1 || n > 8)
			return (-1);
		s += n + 1;
	}
	if (*s != '\0')
		return (-1);
	return (0);
}

/* 1 to 9 digits; leading zeros dropped in place. */
static int
event_check_count(char *s)
{
	size_t	n, z;

	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++)
		/* nothing */;
	if (n < 1 || n > 9 || s[n] != '\0')
		return (-1);
	for (z = 0; z + 1 < n && s[z] == '0'; z++)
		/* nothing */;
	memmove(s, s + z, n - z + 1);
	return (0);
}

/* The kind-specific checks of value (normalized, may be changed). */
static int
event_check(const struct field_def *f, char *value, char **cause)
{
	const char	*why, *bad;
	char		*msg;
	struct isodate	 d;

	switch (f->kind) {
	case FIELD_ID:
		if (event_check_id(value) == -1) {
			msg = event_id_hint(value, ID_MAX);
			*cause = event_bad(f->name, value, msg);
			free(msg);
			return (-1);
		}
		break;
	case FIELD_DATE:
		if (date_parse(value, &d, &why) == -1) {
			*cause = xasprintf("%s: '%s' is not a valid date: %s",
			    f->name, value, why);
			return (-1);
		}
		break;
	case FIELD_TIMEZONE:
		if (event_check_timezone(value) == -1) {
			*cause = event_bad(f->name, value, "is not a time "
			    "zone name (like Europe/Stockholm or UTC)");
			return (-1);
		}
		break;
	case FIELD_MODE:
		if (event_check_word(value, event_modes) == -1) {
			*cause = event_bad(f->name, value,
			    "is not one of in-person, online, hybrid");
			return (-1);
		}
		break;
	case FIELD_STATUS:
		if (event_check_word(value, event_statuses) == -1) {
			*cause = event_bad(f->name, value, "is not one of "
			    "planned, confirmed, cancelled, done");
			return (-1);
		}
		break;
	case FIELD_URL:
		if (event_check_url(value, &why) == -1) {
			*cause = event_bad(f->name, value, why);
			return (-1);
		}
		break;
	case FIELD_LANGUAGE:
		if (event_check_language(value) == -1) {
			*cause = event_bad(f->name, value, "is not a language "
			    "code (like en, fr, pt-br)");
			return (-1);
		}
		event_lower(value);
		break;
	case FIELD_COUNT:
		if (event_check_count(value) == -1) {
			*cause = event_bad(f->name, value, "is not a count "
			    "(a whole number, 0 to 999999999)");
			return (-1);
		}
		break;
	case FIELD_TITLE:
		if ((bad = strpbrk(value, TITLE_BAD)) != NULL) {
			msg = xasprintf("holds '%c', which a page title "
			    "cannot%s", *bad, *bad == '#' ? " (name the page, "
			    "not a section of it)" : "");
			*cause = event_bad(f->name, value, msg);
			free(msg);
			return (-1);
		}
		break;
	case FIELD_TEXT:
	case FIELD_NOTES:
		break;
	}
	return (0);
}

static int
event_trimmed(char c, int notes)
{
	return (c == ' ' || c == '\t' || (notes && (c == '\n' || c == '\r')));
}

int
event_set(struct event *ev, const char *name, const char *value,
    char **cause)
{
	const struct field_def	*f = NULL;
	const char		*end;
	char			*norm, *why;
	size_t			 maxlen = EXTRA_VALUE_MAX, len;
	int			 idx, notes = 0;

	if ((idx = event_field_index(name)) != -1) {
		f = &event_fields[idx];
		maxlen = f->maxlen;
		notes = (f->kind == FIELD_NOTES);
	} else if (!event_field_name_ok(name)) {
		*cause = xasprintf("'%s': not a valid field name", name);
		return (-1);
	}

	while (event_trimmed(*value, notes))
		value++;
	end = value + strlen(value);
	while (end > value && event_trimmed(end[-1], notes))
		end--;
	if (text_normalize(value, (size_t)(end - value),
	    notes ? TEXT_ALLOW_NEWLINE : 0, &norm, &why) == -1) {
		*cause = xasprintf("%s: %s", name, why);
		free(why);
		return (-1);
	}
	if (f != NULL && f->kind == FIELD_TITLE && *norm != '\0') {
		/* As the wiki spaces it: "WikiGap_2024/Nairobi" is its page. */
		title_spaces(norm);
		if (*norm == '\0') {
			*cause = event_bad(name, value, "is not a page title");
			free(norm);
			return (-1);
		}
	}
	if ((len = strlen(norm)) > maxlen) {
		*cause = xasprintf("%s: %zu bytes, longer than the limit of "
		    "%zu", name, len, maxlen);
		free(norm);
		return (-1);
	}
	if (*norm != '\0' && f != NULL && event_check(f, norm, cause) == -1) {
		free(norm);
		return (-1);
	}
	if (f == NULL) {
		event_set_extra(ev, name, norm);
		return (0);
	}
	free(ev->v[idx]);
	ev->v[idx] = norm;
	return (0);
}

/* Parse field i of ev as a date, or set *cause. */
static int
event_date(const struct event *ev, int i, struct isodate *d, char **cause)
{
	const char	*why;

	if (date_parse(ev->v[i], d, &why) == -1) {
		*cause = xasprintf("%s: '%s' is not a valid date: %s",
		    event_fields[i].name, ev->v[i], why);
		return (-1);
	}
	return (0);
}

int
event_validate(const struct event *ev, char **cause)
{
	struct isodate	start, end;
	int		i;

	for (i = 0; i < EVENT_NFIELDS; i++) {
		if (event_fields[i].required &&
		    (ev->v[i] == NULL || *ev->v[i] == '\0')) {
			*cause = xasprintf("%s: required field is empty",
			    event_fields[i].name);
			return (-1);
		}
	}
	if (event_date(ev, F_START, &start, cause) == -1)
		return (-1);
	if (ev->v[F_END] == NULL || *ev->v[F_END] == '\0')
		return (0);
	if (event_date(ev, F_END, &end, cause) == -1)
		return (-1);
	if (date_compare(&end, &start) < 0) {
		*cause = xasprintf("end: '%s' is before start '%s'",
		    ev->v[F_END], ev->v[F_START]);
		return (-1);
	}
	return (0);
}

void
event_defaults(struct event *ev)
{
	if (ev->v[F_STATUS] == NULL || *ev->v[F_STATUS] == '\0') {
		free(ev->v[F_STATUS]);
		ev->v[F_STATUS] = xstrdup("planned");
	}
}

/* Latin letters without a decomposition, spelled in ASCII for slugs. */
static const struct {
	const char	*utf8;
	const char	*ascii;
} event_translit[] = {
	{ "\xc3\xa6", "ae" },	/* æ */
	{ "\xc3\xb0", "d" },	/* ð */
	{ "\xc3\xb8", "o" },	/* ø */
	{ "\xc3\xbe", "th" },	/* þ */
	{ "\xc4\x91", "d" },	/* đ */
	{ "\xc4\xa7", "h" },	/* ħ */
	{ "\xc4\xb1", "i" },	/* dotless i */
	{ "\xc5\x82", "l" },	/* ł */
	{ "\xc5\x93", "oe" },	/* œ */
	{ "\xc5\xa7", "t" },	/* ŧ */
};

/* The ASCII spelling of the letter at p, and its length in *len. */
static const char *
event_translit_find(const char *p, size_t *len)
{
	size_t	i;

	for (i = 0; i < sizeof event_translit / sizeof event_translit[0];
	    i++) {
		*len = strlen(event_translit[i].utf8);
		if (strncmp(p, event_translit[i].utf8, *len) == 0)
			return (event_translit[i].ascii);
	}
	return (NULL);
}

/*
 * Append the slug of s to b: diacritics stripped, other non-ASCII
 * dropped, ASCII letters and digits kept (lower case), every other run
 * a single '-'.
 */
static void
event_slug_add(struct buf *b, const char *s)
{
	utf8proc_uint8_t	*plain = NULL;
	const char		*p, *t;
	char			 one[2];
	size_t			 len;
	int			 dash;

	if (*s == '\0')
		return;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &plain,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
	    UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) >= 0)
		s = (const char *)plain;
	dash = (b->len > 0);
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80) {
			if ((t = event_translit_find(p, &len)) == NULL)
				continue;
			p += len - 1;
		} else if ((*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')) {
			one[0] = *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p;
			one[1] = '\0';
			t = one;
		} else {
			dash = 1;
			continue;
		}
		if (dash && b->len > 0)
			buf_addc(b, '-');
		dash = 0;
		buf_adds(b, t);
	}
	free(plain);
}

char *
event_id_fold(const char *s)
{
	char	*out = xstrdup(s);

	event_lower(out);
	return (out);
}

char *
event_id_suggest(const char *s, size_t max)
{
	struct buf	 b;
	char		*out;

	out = event_id_fold(s);
	if (strlen(out) <= max && event_check_id(out) == 0)
		return (out);
	free(out);
	/* Not only capitals: the slug, as a generated id would have it. */
	buf_init(&b, BUF_UNLIMITED);
	event_slug_add(&b, s);
	if (b.len > max) {
		b.len = max;
		while (b.len > 0 && b.data[b.len - 1] == '-')
			b.len--;
		b.data[b.len] = '\0';
	}
	out = buf_detach(&b);
	if (*out == '\0' || strcmp(out, s) == 0) {
		free(out);
		return (NULL);
	}
	return (out);
}

char *
event_id_hint(const char *s, size_t max)
{
	char	*try, *msg;

	if ((try = event_id_suggest(s, max)) == NULL)
		return (xstrdup("is not a valid id (lower-case letters, "
		    "digits, '.', '_', '-')"));
	msg = xasprintf("is not a valid id (lower-case letters, digits, '.', "
	    "'_', '-'); try '%s'", try);
	free(try);
	return (msg);
}

char *
event_make_id(const struct event *ev)
{
	struct buf	 b;
	struct isodate	 d;
	const char	*place;
	char		 day[11];
	size_t		 room;

	buf_init(&b, BUF_UNLIMITED);
	event_slug_add(&b, event_get(ev, "campaign"));
	place = event_get(ev, "city");
	if (*place == '\0')
		place = event_get(ev, "country");
	event_slug_add(&b, place);

	/* Keep the date whole: shorten campaign and place instead. */
	day[0] = '\0';
	if (date_parse(event_get(ev, "start"), &d, NULL) == 0)
		snprintf(day, sizeof day, "%04d-%02d-%02d", d.year, d.month,
		    d.day);
	room = ID_MAX - (day[0] != '\0' ? sizeof day : 0);
	if (b.len > room) {
		b.len = room;
		while (b.len > 0 && b.data[b.len - 1] == '-')
			b.len--;
		b.data[b.len] = '\0';
	}
	if (day[0] != '\0')
		event_slug_add(&b, day);
	return (buf_detach(&b));
}
