/*
 * Fuzz the "where" filter parser: the first line of the input is the
 * expression, the lines after it values of its field for test events.
 *
 * Asserted for an expression that parses:
 *  - its field is a well-formed field name, its value trimmed;
 *  - written back as "FIELD OP VALUE" it parses to the same filter
 *    (field, operator, value, date and number);
 *  - on every test event the same filter with each other operator
 *    answers consistently: = and != disagree; on a set field (or an
 *    empty value) < and >=, > and <= disagree and <= is < or =;
 *    an empty "~" matches everything, and on ASCII text "~" is a
 *    case-insensitive substring test.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "fuzz.h"
#include "where.h"
#include "xmalloc.h"

#define MAXEVENTS	8

static const enum where_op ops[] = {
	WHERE_EQ, WHERE_NE, WHERE_LT, WHERE_LE, WHERE_GT, WHERE_GE
};
#define NOPS	(sizeof ops / sizeof ops[0])

static int
ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return (0);
	return (1);
}

/* Does hay hold needle, ASCII case ignored? */
static int
ascii_contains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return (1);
	return (n == 0);
}

static struct where *
reparse(const struct where *w, enum where_op op)
{
	struct where	*w2;
	char		*expr, *cause = NULL;

	expr = xasprintf("%s %s %s", w->field, where_op_name(op), w->value);
	if ((w2 = where_parse(expr, &cause)) == NULL)
		fuzz_fail("'%s' does not parse again: %s", expr, cause);
	free(expr);
	return (w2);
}

static void
check_events(const struct where *w, char **values, size_t n)
{
	struct where	*f[NOPS];
	struct event	 ev;
	const char	*v;
	char		*cause;
	size_t		 i, k;
	int		 m[NOPS], set;

	for (k = 0; k < NOPS; k++)
		f[k] = reparse(w, ops[k]);
	for (i = 0; i < n; i++) {
		event_init(&ev);
		cause = NULL;
		if (event_set(&ev, w->field, values[i], &cause) == -1) {
			free(cause);
			event_free(&ev);
			continue;
		}
		v = event_get(&ev, w->field);
		for (k = 0; k < NOPS; k++)
			m[k] = where_match(f[k], &ev);
		FUZZ_ASSERT(m[0] != m[1]);
		set = *v != '\0' || *w->value == '\0';
		if (set) {
			FUZZ_ASSERT(m[2] != m[5]);
			FUZZ_ASSERT(m[4] != m[3]);
			FUZZ_ASSERT(m[3] == (m[2] || m[0]));
		}
		if (w->op == WHERE_CONTAINS) {
			if (*w->value == '\0')
				FUZZ_ASSERT(where_match(w, &ev));
			if (ascii(v) && ascii(w->value) &&
			    where_match(w, &ev) != ascii_contains(v, w->value))
				fuzz_fail("'%s' ~ '%s' is wrong", v, w->value);
		} else {
			for (k = 0; k < NOPS; k++)
				if (ops[k] == w->op)
					FUZZ_ASSERT(where_match(w, &ev) ==
					    m[k]);
		}
		event_free(&ev);
	}
	for (k = 0; k < NOPS; k++)
		where_free(f[k]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct where	*w, *w2;
	char		*text, *line, *next, *cause = NULL, *expr;
	char		*values[MAXEVENTS];
	size_t		 n = 0, i;

	text = xstrndup((const char *)data, size);
	line = text;
	if ((next = strchr(text, '\n')) != NULL)
		*next++ = '\0';
	while (next != NULL && n < MAXEVENTS) {
		values[n++] = next;
		if ((next = strchr(next, '\n')) != NULL)
			*next++ = '\0';
	}
	if ((w = where_parse(line, &cause)) == NULL) {
		FUZZ_ASSERT(cause != NULL);
		free(cause);
		free(text);
		return (0);
	}
	FUZZ_ASSERT(event_field_name_ok(w->field));
	FUZZ_ASSERT(w->index == event_field_index(w->field));
	i = strlen(w->value);
	FUZZ_ASSERT(i == 0 || (w->value[0] != ' ' && w->value[0] != '\t' &&
	    w->value[i - 1] != ' ' && w->value[i - 1] != '\t'));

	/* Written back, it is the same filter. */
	expr = xasprintf("%s %s %s", w->field, where_op_name(w->op),
	    w->value);
	if ((w2 = where_parse(expr, &cause)) == NULL)
		fuzz_fail("'%s' (from '%s') does not parse: %s", expr, line,
		    cause);
	FUZZ_ASSERT(strcmp(w2->field, w->field) == 0 && w2->op == w->op);
	if (strcmp(w2->value, w->value) != 0)
		fuzz_fail("'%s' reads back as value '%s', not '%s'", expr,
		    w2->value, w->value);
	FUZZ_ASSERT(w2->isdate == w->isdate && w2->isnumber == w->isnumber);
	FUZZ_ASSERT(!w->isnumber || w2->number == w->number);
	free(expr);
	where_free(w2);

	/* The other operators parse the same value only if it is resolved. */
	if (w->op != WHERE_CONTAINS || strncmp(w->value, "today", 5) != 0)
		check_events(w, values, n);
	where_free(w);
	free(text);
	return (0);
}
