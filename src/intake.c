/*
 * Intake without network or SQL: calls to events, the newest-wins merge,
 * ids written into calls, the report of invalid calls.  See intake.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "intake.h"
#include "parsetree.h"
#include "text.h"
#include "wikitext.h"
#include "xmalloc.h"

/*
 * A message fit for a log line, a terminal and one line of the state:
 * control characters (C0, DEL, C1: escape sequences) shown as '?', cut
 * to INTAKE_QUOTE * 3 columns (a 1 MiB value stays out).  Characters of
 * no width (U+200B) would not fill the columns: the bytes are bounded
 * first.
 */
static char *
intake_cut(char *msg)
{
	unsigned char	*p;
	char		*cut;
	size_t		 len;

	for (p = (unsigned char *)msg; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = '?';
			p[1] = '?';
			p++;
		}
	}
	if (strlen(msg) > INTAKE_QUOTE * 3 * 4) {
		len = INTAKE_QUOTE * 3 * 4;
		while (len > 0 && ((unsigned char)msg[len] & 0xc0) == 0x80)
			len--;
		msg[len] = '\0';
		cut = xasprintf("%s…", msg);
		free(msg);
		msg = cut;
	}
	cut = text_truncate(msg, INTAKE_QUOTE * 3);
	free(msg);
	return (cut);
}

/* The parameter ids are written in: "id", unless a map sends it away. */
static char *
intake_id_param(const struct config *cf, const struct conf_intake *in)
{
	const char	*f;
	size_t		 i;

	f = conf_intake_field(cf, in, "id");
	if (f != NULL && strcmp(f, "id") == 0)
		return (xstrdup("id"));
	for (i = 0; i < in->nmap; i++)
		if (strcmp(in->map[i].field, "id") == 0)
			return (xstrdup(in->map[i].param));
	return (NULL);
}

/* A title for a call that gives none: "WikiGap 2023: Nairobi". */
static void
intake_default_title(struct intake_call *c)
{
	const char	*place;
	char		*title, *why;

	place = event_get(&c->ev, "city");
	if (*place == '\0')
		place = event_get(&c->ev, "country");
	if (*place == '\0')
		return;		/* event_validate reports the missing title */
	title = xasprintf("%s: %s", event_get(&c->ev, "campaign"), place);
	if (event_set(&c->ev, "title", title, &why) == 0)
		strv_push(&c->given, xstrdup("title"));
	else
		free(why);	/* too long: reported as a missing title */
	free(title);
}

/* Map and check the parts of one call; the error, or NULL. */
static char *
intake_read_parts(const struct config *cf, const struct conf_intake *in,
    const struct pt_call *pc, struct intake_call *c)
{
	const struct pt_part	*p;
	struct strv		 from = STRV_INITIALIZER;
	const char		*field;
	char			*why, *err = NULL, *q;
	size_t			 i, k;

	for (i = 0; i < pc->nparts && err == NULL; i++) {
		p = &pc->parts[i];
		if (p->name == NULL) {
			if (*p->value == '\0')
				continue;	/* a stray '|' */
			q = text_truncate(p->value, INTAKE_QUOTE);
			err = xasprintf("unnamed parameter %d ('%s'): write it "
			    "as NAME=VALUE", p->index, q);
			free(q);
			break;
		}
		if (*p->name == '\0') {
			err = xstrdup("a parameter has no name before its '='");
			break;
		}
		if ((field = conf_intake_field(cf, in, p->name)) == NULL) {
			err = conf_unknown_field(cf, "parameter", p->name);
			break;
		}
		/* from.v[k] is the parameter that gave c->given.v[k]. */
		for (k = 0; k < from.n; k++) {
			if (strcmp(c->given.v[k], field) == 0) {
				err = xasprintf("parameter '%s' gives %s again "
				    "(after '%s')", p->name, field, from.v[k]);
				break;
			}
		}
		if (err != NULL)
			break;
		if (strcmp(field, "id") == 0 && *p->value == '\0') {
			c->id_part = (int)i;
			continue;
		}
		if (event_set(&c->ev, field, p->value, &why) != 0) {
			err = why;
			break;
		}
		strv_push(&c->given, xstrdup(field));
		strv_push(&from, xstrdup(p->name));
	}
	strv_free(&from);
	return (err);
}

/* The whole-call checks, once its parts are in; the error, or NULL. */
static char *
intake_check_call(const struct conf_intake *in, struct intake_call *c)
{
	char	*why, *id;
	int	 rv;

	if (strv_contains(&c->given, "campaign")) {
		if (strcmp(event_get(&c->ev, "campaign"), in->campaign) != 0)
			return (xasprintf("campaign '%s' is not this page's "
			    "campaign '%s'", event_get(&c->ev, "campaign"),
			    in->campaign));
	} else {
		if (event_set(&c->ev, "campaign", in->campaign, &why) != 0)
			return (why);
		strv_push(&c->given, xstrdup("campaign"));
	}
	if (!strv_contains(&c->given, "title"))
		intake_default_title(c);
	/* The event as a whole, with the id it would get if it has none. */
	if (*c->ev.v[F_ID] != '\0')
		return (event_validate(&c->ev, &why) == 0 ? NULL : why);
	id = event_make_id(&c->ev);
	if (*id == '\0' || event_set(&c->ev, "id", id, &why) != 0) {
		free(id);
		id = xstrdup("x");
		(void)event_set(&c->ev, "id", id, &why);
	}
	rv = event_validate(&c->ev, &why);
	free(c->ev.v[F_ID]);
	c->ev.v[F_ID] = xstrdup("");
	free(id);
	return (rv == 0 ? NULL : why);
}

void
intake_read_calls(const struct config *cf, const struct conf_intake *in,
    const struct pt_doc *doc, struct intake_calls *calls)
{
	struct intake_call	*c;
	size_t			 i, k;
	char			*err;

	memset(calls, 0, sizeof *calls);
	calls->id_param = intake_id_param(cf, in);
	calls->v = xcalloc(doc->ncalls + 1, sizeof *calls->v);
	for (i = 0; i < doc->ncalls; i++) {
		c = &calls->v[calls->n++];
		c->number = (int)i + 1;
		c->line = doc->calls[i].line;
		c->pt = i;
		c->id_part = -1;
		event_init(&c->ev);
		err = intake_read_parts(cf, in, &doc->calls[i], c);
		if (err == NULL)
			err = intake_check_call(in, c);
		if (err == NULL && *c->ev.v[F_ID] == '\0' &&
		    calls->id_param == NULL)
			err = xstrdup("no id, and no parameter maps to the id "
			    "field to write one into");
		for (k = 0; err == NULL && *c->ev.v[F_ID] != '\0' && k < i;
		    k++) {
			/*
			 * No line here: the report and the ids written move
			 * it.  The command line gives it, from dup_of.
			 */
			if (calls->v[k].error == NULL &&
			    strcmp(calls->v[k].ev.v[F_ID], c->ev.v[F_ID]) == 0) {
				err = xasprintf("id '%s' is already used by "
				    "sign-up %d", c->ev.v[F_ID],
				    calls->v[k].number);
				c->dup_of = calls->v[k].number;
			}
		}
		if (err != NULL) {
			c->error = intake_cut(err);
			calls->invalid++;
		}
	}
}

void
intake_calls_free(struct intake_calls *calls)
{
	size_t	i;

	for (i = 0; i < calls->n; i++) {
		event_free(&calls->v[i].ev);
		strv_free(&calls->v[i].given);
		free(calls->v[i].error);
	}
	free(calls->v);
	free(calls->id_param);
	memset(calls, 0, sizeof *calls);
}

char *
intake_base_encode(const struct event *ev, const struct strv *given)
{
	struct buf	 b;
	const char	*v;
	size_t		 i;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < given->n; i++) {
		buf_adds(&b, given->v[i]);
		buf_addc(&b, '\t');
		for (v = event_get(ev, given->v[i]); *v != '\0'; v++) {
			if (*v == '\\')
				buf_adds(&b, "\\\\");
			else if (*v == '\n')
				buf_adds(&b, "\\n");
			else if (*v == '\t')
				buf_adds(&b, "\\t");
			else
				buf_addc(&b, *v);
		}
		buf_addc(&b, '\n');
	}
	return (buf_detach(&b));
}

int
intake_base_decode(const char *s, struct event *ev, struct strv *given)
{
	struct buf	 name, value;
	const char	*tab, *nl, *p;
	char		*why;
	int		 rv = -1;

	buf_init(&name, BUF_UNLIMITED);
	buf_init(&value, BUF_UNLIMITED);
	for (; *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL ||
		    (tab = memchr(s, '\t', nl - s)) == NULL)
			goto out;
		buf_reset(&name);
		buf_reset(&value);
		buf_add(&name, s, tab - s);
		for (p = tab + 1; p < nl; p++) {
			if (*p != '\\') {
				buf_addc(&value, *p);
				continue;
			}
			if (++p == nl)
				goto out;
			buf_addc(&value, *p == 'n' ? '\n' : *p == 't' ?
			    '\t' : *p);
		}
		if (event_set(ev, buf_str(&name), buf_str(&value), &why) != 0) {
			free(why);
			goto out;
		}
		strv_push(given, xstrdup(buf_str(&name)));
	}
	rv = 0;
out:
	buf_free(&name);
	buf_free(&value);
	return (rv);
}

/* Take the call's value of field into m (value "" clears it). */
static void
intake_apply(struct intake_merge *m, const char *field, const char *value)
{
	char	*why;

	/* The value was checked when the call was read, or is "". */
	if (event_set(&m->ev, field, value, &why) != 0)
		free(why);
	strv_push(&m->applied, xstrdup(field));
}

/*
 * Decide one field the call and the registry disagree on: w the call's
 * value, r the registry's, b the base's (NULL: none).
 */
static int
intake_decide(struct intake_merge *m, const char *field, const char *w,
    const char *r, const char *b, const char *rev_time,
    intake_changed_fn changed_at, void *arg, char **cause)
{
	char	*at;
	int	 newer;

	if (b != NULL && strcmp(w, b) == 0)
		return (0);	/* the call did not change: the registry's */
	if (b != NULL && strcmp(r, b) == 0) {
		intake_apply(m, field, w);	/* only the call changed */
		return (0);
	}
	/* Both changed, or no base: the newer change wins. */
	if (changed_at(field, &at, arg, cause) != 0)
		return (-1);
	newer = *at == '\0' || strcmp(rev_time, at) >= 0;
	free(at);
	if (newer)
		intake_apply(m, field, w);
	else
		strv_push(&m->lost, xstrdup(field));
	return (0);
}

int
intake_merge(const struct intake_call *c, const struct event *stored,
    const struct event *base, const struct strv *base_given,
    const char *rev_time, intake_changed_fn changed_at, void *arg,
    struct intake_merge *m, char **cause)
{
	const char	*f, *w, *r, *b;
	size_t		 i;
	int		 k;

	memset(m, 0, sizeof *m);
	if (stored == NULL) {
		event_copy(&m->ev, &c->ev);
		event_defaults(&m->ev);
		for (i = 0; i < c->given.n; i++)
			strv_push(&m->applied, xstrdup(c->given.v[i]));
		m->changed = 1;
		goto check;
	}
	event_copy(&m->ev, stored);
	for (i = 0; i < c->given.n; i++) {
		f = c->given.v[i];
		w = event_get(&c->ev, f);
		r = event_get(stored, f);
		if (strcmp(w, r) == 0)
			continue;
		b = base != NULL && strv_contains(base_given, f) ?
		    event_get(base, f) : NULL;
		if (intake_decide(m, f, w, r, b, rev_time, changed_at, arg,
		    cause) != 0)
			goto fail;
	}
	/*
	 * A parameter the call gave last time and no longer does: cleared,
	 * but for the id (written in by wikisync, or the call is back
	 * without it) and the fields an event cannot lack.
	 */
	for (i = 0; base != NULL && i < base_given->n; i++) {
		f = base_given->v[i];
		k = event_field_index(f);
		if (strv_contains(&c->given, f) || *event_get(stored, f) == '\0' ||
		    (k != -1 && event_fields[k].required))
			continue;
		if (intake_decide(m, f, "", event_get(stored, f),
		    event_get(base, f), rev_time, changed_at, arg, cause) != 0)
			goto fail;
	}
	m->changed = m->applied.n > 0;
check:
	if (event_validate(&m->ev, cause) != 0)
		goto fail;
	return (0);
fail:
	intake_merge_free(m);
	return (-1);
}

void
intake_merge_free(struct intake_merge *m)
{
	event_free(&m->ev);
	strv_free(&m->applied);
	strv_free(&m->lost);
	memset(m, 0, sizeof *m);
}

/* Add "|PARAM=ID" after the call's title, as the call is laid out. */
static void
intake_add_id(struct buf *b, const struct pt_doc *doc,
    const struct pt_call *pc, const char *param, const char *id)
{
	size_t	i = pc->title_end, nl;

	/* After a name that ends its line, the id gets a line of its own. */
	while (i > pc->start && strchr(" \t", doc->source[i - 1]) != NULL)
		i--;
	buf_printf(b, "|%s=%s", param, id);
	if (i > pc->start && doc->source[i - 1] == '\n') {
		nl = i;
		buf_addc(b, '\n');
		buf_add(b, doc->source + nl, pc->title_end - nl);
	}
}

char *
intake_write_ids(const struct pt_doc *doc, const struct intake_calls *calls,
    const char *const *ids, size_t *starts)
{
	const struct pt_call	*pc;
	const struct pt_part	*p;
	struct buf		 b;
	size_t			 i, at, done = 0;

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < calls->n; i++) {
		pc = &doc->calls[calls->v[i].pt];
		/* Only ids before a call's "{{" move it: by what they added. */
		if (starts != NULL)
			starts[i] = pc->start + b.len - done;
		if (ids[i] == NULL)
			continue;
		if (calls->v[i].id_part >= 0) {
			p = &pc->parts[calls->v[i].id_part];
			at = p->value_start;
			while (at < p->value_end &&
			    strchr(" \t", doc->source[at]) != NULL)
				at++;
			buf_add(&b, doc->source + done, at - done);
			buf_adds(&b, ids[i]);
		} else {
			at = pc->title_end;
			buf_add(&b, doc->source + done, at - done);
			intake_add_id(&b, doc, pc, calls->id_param, ids[i]);
		}
		done = at;
	}
	buf_add(&b, doc->source + done, doc->len - done);
	return (buf_detach(&b));
}

char *
intake_report(const struct conf_intake *in, const struct intake_calls *calls,
    const struct pt_doc *doc)
{
	const struct intake_call	*c;
	const struct pt_call		*pc;
	struct buf			 b;
	size_t				 i;
	char				*src;

	buf_init(&b, BUF_UNLIMITED);
	if (calls->invalid == 0) {
		buf_adds(&b, "\n''No problems: every sign-up on this page is "
		    "in the event registry.''\n");
		return (buf_detach(&b));
	}
	buf_printf(&b, "\n{| class=\"wikitable\"\n|+ Sign-ups not taken into "
	    "the event registry (%zu)\n! # !! Sign-up !! What to fix\n",
	    calls->invalid);
	for (i = 0; i < calls->n; i++) {
		c = &calls->v[i];
		if (c->error == NULL)
			continue;
		pc = &doc->calls[c->pt];
		src = xstrndup(doc->source + pc->start, pc->end - pc->start);
		buf_printf(&b, "|-\n| %d || <code>", c->number);
		wikitext_escape_max(&b, src, INTAKE_QUOTE);
		buf_adds(&b, "</code> || ");
		wikitext_escape_max(&b, c->error, INTAKE_QUOTE * 3);
		buf_addc(&b, '\n');
		free(src);
	}
	buf_adds(&b, "|}\nEach sign-up is a call of the template '''");
	wikitext_escape(&b, in->template);
	buf_adds(&b, "'''. Fix it on this page: the next check reads it "
	    "again.\n");
	return (buf_detach(&b));
}
