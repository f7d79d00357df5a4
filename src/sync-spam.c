/*
 * When the wiki's spam filter refuses an edit, the events to blame: those
 * of the page's tables with a value that holds what the filter matched,
 * so that an admin knows which event's URL to fix, not only the page.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "event.h"
#include "log.h"
#include "mwapi.h"
#include "registry.h"
#include "strv.h"
#include "sync-int.h"
#include "wikilink.h"
#include "xmalloc.h"

/*
 * Does value v hold one of the matches m (in any case), as it is or as
 * wikilink_escape_url wrote it on the page ("%20" for a space)?
 */
static int
spam_holds(const char *v, const struct strv *m)
{
	struct buf	 b;
	const char	*why;
	size_t		 i;
	int		 found = 0;

	if (*v == '\0')
		return (0);
	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "");
	if (wikilink_escape_url(&b, v, 0, &why) != 0)
		buf_reset(&b);
	for (i = 0; i < m->n && !found; i++) {
		found = *m->v[i] != '\0' && (strcasestr(v, m->v[i]) != NULL ||
		    (b.len > 0 && strcasestr(buf_str(&b), m->v[i]) != NULL));
	}
	buf_free(&b);
	return (found);
}

/* Add "event 'ID' (FIELD, ...)" to out if a value of ev holds a match. */
static void
spam_event(const struct event *ev, const struct strv *m, struct strv *out)
{
	struct buf	b;
	size_t		k;

	buf_init(&b, BUF_UNLIMITED);
	for (k = 0; k < EVENT_NFIELDS; k++) {
		if (k != F_ID && spam_holds(ev->v[k], m))
			buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
			    event_fields[k].name);
	}
	for (k = 0; k < ev->nextras; k++) {
		if (spam_holds(ev->extras[k].value, m))
			buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
			    ev->extras[k].name);
	}
	if (b.len > 0)
		strv_pushf(out, "event '%s' (%s)", ev->v[F_ID], buf_str(&b));
	buf_free(&b);
}

/* Look up each event of a table's rendering ("ID HASH\n" lines). */
static void
spam_table(struct syncer *s, const char *events, const struct strv *m,
    struct strv *out)
{
	struct event	 ev;
	const char	*nl;
	char		*id, *cause = NULL;

	for (; events != NULL && (nl = strchr(events, '\n')) != NULL;
	    events = nl + 1) {
		id = xstrndup(events, strcspn(events, " \n"));
		event_init(&ev);
		if (registry_get(s->reg, id, &ev, &cause) == 1)
			spam_event(&ev, m, out);
		else if (cause != NULL) {
			log_debug("event '%s': %s", id, cause);
			free(cause);
			cause = NULL;
		}
		event_free(&ev);
		free(id);
	}
}

char *
sync_spam_events(struct syncer *s, struct sync_work *pw)
{
	const struct strv	*m = mwapi_spam(s->mw);
	struct strv		 found = STRV_INITIALIZER;
	struct buf		 b;
	size_t			 i;

	if (m->n == 0)
		return (xstrdup(""));
	for (i = 0; i < pw->n; i++)
		spam_table(s, pw->tables[i]->r.events, m, &found);
	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "");
	for (i = 0; i < found.n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "; matched in " : ", ",
		    found.v[i]);
	if (found.n == 0)
		buf_adds(&b, "; no event's value holds it");
	strv_free(&found);
	return (buf_detach(&b));
}
