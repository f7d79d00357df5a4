/*
 * "where" filters: FIELD OP VALUE, parsed once (relative dates resolved
 * then) and matched against events.  Dates compare as calendar days,
 * non-negative integers as numbers, the rest as strings; "~" is a
 * case-insensitive "contains".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "event.h"
#include "text.h"
#include "where.h"
#include "xmalloc.h"

#define WHERE_EXPECTED \
	"expected FIELD OP VALUE with OP one of = != < <= > >= ~"
#define WHERE_NUMBER_MAX	18	/* digits that fit a long long */

static const struct {
	const char	*name;
	enum where_op	 op;
} where_ops[] = {		/* two-character operators first */
	{ "!=", WHERE_NE },
	{ "<=", WHERE_LE },
	{ ">=", WHERE_GE },
	{ "=", WHERE_EQ },
	{ "<", WHERE_LT },
	{ ">", WHERE_GT },
	{ "~", WHERE_CONTAINS },
};

#define NOPS	(sizeof where_ops / sizeof where_ops[0])

const char *
where_op_name(enum where_op op)
{
	size_t	i;

	for (i = 0; i < NOPS; i++)
		if (where_ops[i].op == op)
			return (where_ops[i].name);
	return ("?");
}

static int
where_space(char c)
{
	return (c == ' ' || c == '\t');
}

static int
where_name_char(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_');
}

/* Is s 1 to WHERE_NUMBER_MAX ASCII digits? */
static int
where_number(const char *s, long long *n)
{
	size_t	i;

	*n = 0;
	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i == WHERE_NUMBER_MAX)
			return (0);
		*n = *n * 10 + (s[i] - '0');
	}
	return (i > 0 && s[i] == '\0');
}

/* The value at s with spaces and tabs trimmed, NFC; -1 if not text. */
static int
where_value(const char *s, char **value, char **why)
{
	const char	*end;

	while (where_space(*s))
		s++;
	end = s + strlen(s);
	while (end > s && where_space(end[-1]))
		end--;
	return (text_normalize(s, (size_t)(end - s), 0, value, why));
}

struct where *
where_parse(const char *expr, char **cause)
{
	struct where	*w;
	const char	*p = expr, *name, *rwhy;
	char		*field, *value, *why, resolved[16];
	size_t		 len, i, oplen = 0;
	enum where_op	 op = WHERE_EQ;

	while (where_space(*p))
		p++;
	for (name = p; where_name_char(*p); p++)
		/* nothing */;
	len = (size_t)(p - name);
	while (where_space(*p))
		p++;
	for (i = 0; i < NOPS; i++) {
		oplen = strlen(where_ops[i].name);
		if (strncmp(p, where_ops[i].name, oplen) == 0) {
			op = where_ops[i].op;
			break;
		}
	}
	if (len == 0 || i == NOPS || (op == WHERE_EQ && p[1] == '=')) {
		*cause = xasprintf("'%s': %s", expr, WHERE_EXPECTED);
		return (NULL);
	}
	field = xstrndup(name, len);
	if (!event_field_name_ok(field)) {
		if (len > EXTRA_NAME_MAX)
			*cause = xasprintf("'%s': field name longer than %d "
			    "bytes", expr, EXTRA_NAME_MAX);
		else
			*cause = xasprintf("'%s': field names are lower case "
			    "([a-z][a-z0-9_]*)", expr);
		free(field);
		return (NULL);
	}
	if (where_value(p + oplen, &value, &why) == -1) {
		*cause = xasprintf("'%s': %s", expr, why);
		free(why);
		free(field);
		return (NULL);
	}
	/* "title ~ today" looks for the word, not a date. */
	if (op != WHERE_CONTAINS) {
		switch (date_relative(value, resolved, &rwhy)) {
		case -1:
			*cause = xasprintf("'%s': %s", expr, rwhy);
			free(value);
			free(field);
			return (NULL);
		case 1:
			free(value);
			value = xstrdup(resolved);
			break;
		}
	}
	w = xcalloc(1, sizeof *w);
	w->field = field;
	w->index = event_field_index(field);
	w->op = op;
	w->value = value;
	w->folded = op == WHERE_CONTAINS ? text_casefold(value) : NULL;
	/* Parsed once here, not for every event where_compare sees. */
	w->isdate = date_parse(value, &w->date, NULL) == 0;
	w->isnumber = where_number(value, &w->number);
	return (w);
}

void
where_free(struct where *w)
{
	if (w == NULL)
		return;
	free(w->field);
	free(w->value);
	free(w->folded);
	free(w);
}

/* Compare field value v with the filter's value: <0, 0, >0. */
static int
where_compare(const char *v, const struct where *w)
{
	struct isodate	 a;
	long long	 x;

	if (w->isdate && date_parse(v, &a, NULL) == 0)
		return (date_compare(&a, &w->date));
	if (w->isnumber && where_number(v, &x))
		return (x < w->number ? -1 : x > w->number);
	return (strcmp(v, w->value));
}

int
where_match(const struct where *w, const struct event *ev)
{
	const char	*v;
	char		*folded;
	int		 cmp, found;

	if (w->index != -1)
		v = ev->v[w->index] != NULL ? ev->v[w->index] : "";
	else
		v = event_get(ev, w->field);
	if (w->op == WHERE_CONTAINS) {
		if (*w->folded == '\0')
			return (1);
		folded = text_casefold(v);
		found = strstr(folded, w->folded) != NULL;
		free(folded);
		return (found);
	}
	/* An unset field is neither before nor after anything. */
	if (*v == '\0' && *w->value != '\0' && w->op != WHERE_EQ &&
	    w->op != WHERE_NE)
		return (0);
	cmp = where_compare(v, w);
	switch (w->op) {
	case WHERE_EQ:
		return (cmp == 0);
	case WHERE_NE:
		return (cmp != 0);
	case WHERE_LT:
		return (cmp < 0);
	case WHERE_LE:
		return (cmp <= 0);
	case WHERE_GT:
		return (cmp > 0);
	case WHERE_GE:
		return (cmp >= 0);
	default:
		return (0);
	}
}

int
where_match_all(struct where *const *w, size_t n, const struct event *ev)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!where_match(w[i], ev))
			return (0);
	return (1);
}
