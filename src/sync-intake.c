/*
 * Pulling one intake page (DESIGN.md, "Intake"): read its calls from the
 * wiki's parse tree, validate them, write ids into the calls that have
 * none (and the report of invalid calls) in one edit, then take every
 * valid call into the registry in one transaction.
 *
 * The order makes a crash harmless.  Ids go onto the wiki before the
 * registry takes the new events: a crash between the two leaves calls
 * with ids, which the next pull imports like any other.  The other way
 * round, the next pull would find the calls still without ids and make
 * second events for them.
 *
 * A page that disappears is an error, never "every sign-up removed":
 * nothing in the registry changes until the page is back.
 *
 * The edit is recorded as a pending write first (the ids it writes, the
 * hash of its report), as a table's edit is (sync.h): if the pass dies
 * or the answer is lost after the wiki saved it, the next pull knows
 * the ids on the page and the report as wikisync's own, says so once,
 * and does not file its own report as a hand edit.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "bots.h"
#include "buf.h"
#include "conf.h"
#include "event.h"
#include "intake.h"
#include "log.h"
#include "md5.h"
#include "parsetree.h"
#include "region.h"
#include "sync-int.h"
#include "udiff.h"
#include "wiki.h"
#include "xmalloc.h"

/* One pull in progress. */
struct puller {
	struct syncer			*s;
	const struct conf_intake	*in;
	struct sync_pull		*out;
	struct intake_state		 st;
	char				 conf[33];	/* md5 of the config */
	struct pt_doc			 doc;
	struct intake_calls		 calls;
	struct intake_base		*bases;
	size_t				 nbases;
	char				**ids;		/* assigned, per call */
	unsigned char			*back;		/* per call: its id is
							   one it had before */
	long				 revid;		/* the calls' revision */
	const char			*rev_time;
	const char			*rev_user;
	long				 stored_revid;	/* for the state */
	long				 page_id;
	int				*lines;		/* per call, in the text
							   to save (new_text) */
	char				*report;	/* region text, or NULL */
	char				 report_hash[33];
	char				*source;	/* history's "source" */
	long long			 pending;	/* this pull's, if saved */
	long long			 recovered;	/* found, its seq */
};

static void
pull_fail(struct sync_pull *out, enum sync_status status, int exit,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
pull_fail(struct sync_pull *out, enum sync_status status, int exit,
    const char *fmt, ...)
{
	va_list	ap;

	free(out->error);
	va_start(ap, fmt);
	out->error = xvasprintf(fmt, ap);
	va_end(ap);
	out->status = status;
	out->exit = exit;
}

/* What of the config decides how calls read: changed, read them again. */
static void
conf_hash(const struct config *cf, const struct conf_intake *in,
    char hex[33])
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_UNLIMITED);
	buf_printf(&b, "%s\n%s\n%d\n%d\n%ld\n", in->template, in->campaign,
	    in->on_removed, in->report, in->max_calls);
	for (i = 0; i < in->nmap; i++)
		buf_printf(&b, "%s=%s\n", in->map[i].param, in->map[i].field);
	for (i = 0; i < cf->extra_fields.n; i++)
		buf_printf(&b, "+%s\n", cf->extra_fields.v[i]);
	md5_hex(b.data, b.len, hex);
	buf_free(&b);
}

static struct intake_base *
find_base(struct puller *pu, const char *id)
{
	size_t	i;

	for (i = 0; i < pu->nbases; i++)
		if (strcmp(pu->bases[i].event_id, id) == 0)
			return (&pu->bases[i]);
	return (NULL);
}

/* Is id taken: by an event, a call pulled before, or a call here? */
static int
id_taken(struct puller *pu, const char *id, size_t upto, char **cause)
{
	struct event	ev;
	size_t		i;
	int		found;

	if (find_base(pu, id) != NULL)
		return (1);
	for (i = 0; i < pu->calls.n; i++) {
		if (strcmp(pu->calls.v[i].ev.v[F_ID], id) == 0 ||
		    (i < upto && pu->ids[i] != NULL &&
		    strcmp(pu->ids[i], id) == 0))
			return (1);
	}
	event_init(&ev);
	found = registry_get(pu->s->reg, id, &ev, cause);
	event_free(&ev);
	return (found);
}

/* Is id the id of a call on the page, valid or not? */
static int
on_page(struct puller *pu, const char *id)
{
	size_t	i;

	for (i = 0; i < pu->calls.n; i++)
		if (strcmp(pu->calls.v[i].ev.v[F_ID], id) == 0)
			return (1);
	return (0);
}

/* A base without its "id" line, to compare calls by their values. */
static char *
base_values(const char *base)
{
	struct buf	 b;
	const char	*nl;

	buf_init(&b, BUF_UNLIMITED);
	for (; *base != '\0'; base = nl + 1) {
		if ((nl = strchr(base, '\n')) == NULL)
			nl = base + strlen(base) - 1;
		if (strncmp(base, "id\t", 3) != 0)
			buf_add(&b, base, nl - base + 1);
	}
	return (buf_detach(&b));
}

/*
 * The values of the calls pulled before that are not on the page now
 * (NULL for the others), computed once: returning_id() compares each
 * call without an id with all of them.
 */
static char **
gone_values(struct puller *pu)
{
	char	**v;
	size_t	  i;

	v = xcalloc(pu->nbases + 1, sizeof *v);
	for (i = 0; i < pu->nbases; i++)
		if (!on_page(pu, pu->bases[i].event_id))
			v[i] = base_values(pu->bases[i].base);
	return (v);
}

/*
 * The id of a call pulled before that has left the page, if c is that
 * call again, value for value: a revert to a revision without the ids
 * must not make second events.  The base is then used up (gone[i] freed).
 */
static char *
returning_id(struct puller *pu, char **gone, const struct intake_call *c)
{
	char	*enc, *mine, *id = NULL;
	size_t	 i;

	enc = intake_base_encode(&c->ev, &c->given);
	mine = base_values(enc);
	free(enc);
	for (i = 0; i < pu->nbases; i++) {
		if (gone[i] != NULL && strcmp(mine, gone[i]) == 0) {
			id = xstrdup(pu->bases[i].event_id);
			free(gone[i]);
			gone[i] = NULL;
			break;
		}
	}
	free(mine);
	return (id);
}

/*
 * A new stable id for each valid call without one: the id it had if it
 * is a call that left the page coming back, else the readable slug
 * (campaign, place, date), "-2", "-3"... when taken.  The number of ids
 * given, or -1 on a registry error.
 */
static int
assign_ids(struct puller *pu, char **cause)
{
	struct intake_call	*c;
	struct event		 ev;
	char			*slug, *id, *why, **gone;
	size_t			 i;
	int			 n = 0, k, taken;

	pu->ids = xcalloc(pu->calls.n + 1, sizeof *pu->ids);
	pu->back = xcalloc(pu->calls.n + 1, sizeof *pu->back);
	gone = gone_values(pu);
	for (i = 0; i < pu->calls.n; i++) {
		c = &pu->calls.v[i];
		if (c->error != NULL || *c->ev.v[F_ID] != '\0')
			continue;
		if ((pu->ids[i] = returning_id(pu, gone, c)) != NULL) {
			pu->back[i] = 1;	/* noted once written */
			n++;
			continue;
		}
		slug = event_make_id(&c->ev);
		for (k = 1; ; k++) {
			id = k == 1 ? xstrdup(slug) : xasprintf("%s-%d", slug,
			    k);
			/* A long slug with a suffix must still be an id. */
			event_init(&ev);
			if (event_set(&ev, "id", id, &why) != 0) {
				free(why);
				free(id);
				id = xasprintf("%.*s-%d", 40, slug, k);
			}
			event_free(&ev);
			if ((taken = id_taken(pu, id, i, cause)) == -1) {
				free(id);
				free(slug);
				n = -1;
				goto out;
			}
			if (!taken)
				break;
			free(id);
		}
		free(slug);
		pu->ids[i] = id;
		n++;
	}
out:
	for (i = 0; i < pu->nbases; i++)
		free(gone[i]);
	free(gone);
	return (n);
}

/* The edit summary: the intake's, with the ids written. */
static char *
make_summary(struct puller *pu)
{
	struct buf	b;
	size_t		i, n = 0;

	buf_init(&b, SYNC_SUMMARY_MAX);
	buf_adds(&b, pu->in->summary);
	for (i = 0; i < pu->calls.n; i++) {
		if (pu->ids[i] == NULL)
			continue;
		if (buf_printf(&b, "%s%s", n++ == 0 ? ": " : ", ",
		    pu->ids[i]) == -1) {
			buf_reset(&b);
			buf_printf(&b, "%s: %zu ids", pu->in->summary,
			    pu->out->ids);
			break;
		}
	}
	if (n == 0) {
		buf_reset(&b);
		if (pu->calls.invalid == 0)
			buf_adds(&b, "No sign-ups left to fix");
		else
			buf_printf(&b, "%zu sign-up%s to fix", pu->calls.invalid,
			    pu->calls.invalid == 1 ? "" : "s");
	} else if (pu->report != NULL && pu->calls.invalid > 0)
		buf_printf(&b, "; %zu sign-up%s to fix", pu->calls.invalid,
		    pu->calls.invalid == 1 ? "" : "s");
	return (buf_detach(&b));
}

/*
 * The hash of the report region's body as the wiki will hold it: the
 * report without the one line end region_splice() takes as its own.
 */
static void
report_hash(const char *report, char hex[33])
{
	size_t	len = strlen(report);

	if (len > 0 && report[len - 1] == '\n')
		len--;
	md5_hex(report, len, hex);
}

/* Record that the edit of pending write pd was found on the page. */
static void
recovered(struct puller *pu, const struct sync_pending *pd, const char *what)
{
	char	*rev;
	long	 revid;

	revid = sync_recovered_revid(pu->s, pu->page_id, pd);
	rev = revid > 0 ? xasprintf("revision %ld", revid) :
	    xasprintf("a revision after %lld", pd->base_revid);
	strv_pushf(&pu->out->recovered, "intake page '%s': recovered an "
	    "unrecorded edit (%s, sent %s): wikisync saved it but could not "
	    "record it (a crash or a lost answer); %s", pu->in->page, rev,
	    pd->made, what);
	free(pu->st.recovered);
	pu->st.recovered = xasprintf("%s, sent %s, recovered %s", rev,
	    pd->made, pu->s->now);
	pu->recovered = pd->seq;
	free(rev);
}

/*
 * Does the report region hash as a pending write's?  Then it is
 * wikisync's own, recovered (said once), not text to keep.
 */
static int
recover_report(struct puller *pu, const char *hash)
{
	const struct sync_pending	*pd;

	if ((pd = sync_pending_match(pu->s->ipend, pu->s->nipend,
	    pu->s->w->name, pu->in->name, hash)) == NULL)
		return (0);
	if (pu->recovered == 0)
		recovered(pu, pd, "its report is taken as its own");
	return (1);
}

/*
 * Ids that a pending write wrote are on the page, and no pull has taken
 * them yet: that edit was saved, its record cut off.  (Its calls are
 * taken like any others; this only says so.)
 */
static void
recover_ids(struct puller *pu)
{
	const struct sync_pending	*pd;
	const char			*id, *nl;
	char				*one;
	size_t				 i;
	int				 all;

	for (i = pu->s->nipend; i > 0 && pu->recovered == 0; i--) {
		pd = &pu->s->ipend[i - 1];
		if (*pd->events == '\0' ||
		    strcmp(pd->region, pu->in->name) != 0 ||
		    strcmp(pd->wiki, pu->s->w->name) != 0)
			continue;
		/* "ID\n" a line, as add_pending wrote them. */
		all = 1;
		for (id = pd->events; all && (nl = strchr(id, '\n')) != NULL;
		    id = nl + 1) {
			one = xstrndup(id, (size_t)(nl - id));
			all = on_page(pu, one) && find_base(pu, one) == NULL;
			free(one);
		}
		if (all)
			recovered(pu, pd, "the ids it wrote are taken now");
	}
}

/* Record the edit about to be made as a pending write. */
static int
add_pending(struct registry *reg, void *arg, char **cause)
{
	struct puller		*pu = arg;
	struct sync_pending	 pd;
	struct buf		 ids;
	char			 hash[33] = "";
	size_t			 i;
	int			 rv;

	buf_init(&ids, BUF_UNLIMITED);
	for (i = 0; i < pu->calls.n; i++)
		if (pu->ids[i] != NULL)
			buf_printf(&ids, "%s\n", pu->ids[i]);
	memset(&pd, 0, sizeof pd);
	pd.kind = (char *)"intake";
	pd.wiki = (char *)pu->s->w->name;
	pd.region = (char *)pu->in->name;
	pd.title = (char *)pu->in->page;
	pd.base_revid = pu->revid;
	if (pu->report != NULL)
		report_hash(pu->report, hash);
	pd.stored = hash;
	pd.events = (char *)buf_str(&ids);
	rv = registry_pending_add(reg, &pd, cause);
	pu->pending = pd.seq;
	free(pd.made);
	buf_free(&ids);
	return (rv);
}

struct region_save {
	struct puller	*pu;
	const char	*user;
	const char	*source;
	const char	*text;
};

static int
save_region(struct registry *reg, void *arg, char **cause)
{
	struct region_save	*rs = arg;

	return (registry_region_save(reg, rs->pu->s->w->name,
	    rs->pu->in->page, rs->pu->in->name, rs->pu->revid, rs->user,
	    rs->source, rs->text, cause));
}

/*
 * The report region holds text wikisync did not write (someone edited
 * it, or it was never written): keep that text in the registry's region
 * history before it is replaced.  -1 with *cause.
 */
static int
keep_region_text(struct puller *pu, const char *text,
    const struct region *r, const char *user, char **cause)
{
	struct region_save	 rs;
	char			*body, *hint, hex[33];
	size_t			 len;
	int			 rv = 0;

	body = region_body(text, r, &len);
	md5_hex(body, len, hex);
	if (strcmp(hex, pu->st.report) != 0 && !recover_report(pu, hex) &&
	    strspn(body, " \t\n") != len) {
		rs.pu = pu;
		rs.user = user;
		rs.source = *pu->st.report != '\0' ? "manual-edit" : "adopted";
		rs.text = body;
		if (pu->s->opts->flags & SYNC_DRY_RUN)
			strv_pushf(&pu->out->notes, "report: the region's text "
			    "would be saved in the registry (%s)", rs.source);
		else if ((rv = sync_write(pu->s, save_region, &rs,
		    cause)) == 0) {
			hint = sync_history_hint(pu->in->page);
			strv_pushf(&pu->out->notes, "report: the region's old "
			    "text is saved in the registry (%s): %s shows it",
			    rs.source, hint);
			free(hint);
		}
	}
	free(body);
	return (rv);
}

/*
 * Each call's line in text, from its offset in it (starts, in text
 * order): what problems name once the text is saved, as the ids written
 * and the report spliced in above a call move it down.
 */
static void
call_lines(struct puller *pu, const char *text, const size_t *starts)
{
	size_t	i, at = 0;
	int	line = 1;

	free(pu->lines);
	pu->lines = xcalloc(pu->calls.n + 1, sizeof *pu->lines);
	for (i = 0; i < pu->calls.n; i++) {
		for (; at < starts[i]; at++)
			line += text[at] == '\n';
		pu->lines[i] = line;
	}
}

/*
 * Calls that left the page and came back get their ids again: said once
 * the ids are written (or would be), with the lines of that text.
 */
static void
note_returning(struct puller *pu)
{
	size_t	i;

	for (i = 0; pu->back != NULL && i < pu->calls.n; i++) {
		if (pu->back[i] && pu->ids[i] != NULL)
			strv_pushf(&pu->out->notes, "sign-up %d (line %d) is "
			    "'%s' back on the page: it gets its id again",
			    pu->calls.v[i].number, pu->calls.v[i].line,
			    pu->ids[i]);
	}
}

/* The calls' lines are those of the text saved: problems name them. */
static void
calls_moved(struct puller *pu)
{
	size_t	i;

	for (i = 0; pu->lines != NULL && i < pu->calls.n; i++)
		pu->calls.v[i].line = pu->lines[i];
}

/* Offsets after region r's (body replaced, the text now len) move along. */
static void
starts_spliced(size_t *starts, size_t n, const struct region *r,
    size_t oldlen, size_t newlen)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (starts[i] >= r->after)
			starts[i] = starts[i] + newlen - oldlen;
	}
}

/* new_text's text, and each call's offset in it in starts. */
static char *
ids_and_report(struct puller *pu, const char *user, size_t *len,
    size_t *starts, char **cause)
{
	struct region_list	 rl = { NULL, 0 };
	const struct region	*r;
	const char		*names[1], *bodies[1];
	char			*text, *spliced, *why;
	size_t			 oldlen;

	text = intake_write_ids(&pu->doc, &pu->calls,
	    (const char *const *)pu->ids, starts);
	*len = strlen(text);
	if (pu->report == NULL)
		return (text);
	if (region_find_all(text, *len, &rl, &why) != 0) {
		strv_pushf(&pu->out->notes, "report not written: %s", why);
		free(why);
		free(pu->report);
		pu->report = NULL;
		return (text);
	}
	if ((r = region_lookup(&rl, pu->in->name)) == NULL) {
		strv_pushf(&pu->out->notes, "report not written: the page has "
		    "no '<!-- wikisync:begin %s -->' and '<!-- wikisync:end "
		    "%s -->' markers", pu->in->name, pu->in->name);
		free(pu->report);
		pu->report = NULL;
		region_list_free(&rl);
		return (text);
	}
	if (keep_region_text(pu, text, r, user, cause) != 0) {
		region_list_free(&rl);
		free(text);
		return (NULL);
	}
	names[0] = pu->in->name;
	bodies[0] = pu->report;
	oldlen = *len;
	spliced = region_splice(text, *len, &rl, names, bodies, 1, len,
	    cause);
	if (spliced != NULL)
		starts_spliced(starts, pu->calls.n, r, oldlen, *len);
	region_list_free(&rl);
	free(text);
	return (spliced);
}

/*
 * The page text to save: ids written in and the report spliced in.
 * NULL with *cause, or the text (possibly the same as the source).
 */
static char *
new_text(struct puller *pu, const char *user, size_t *len, char **cause)
{
	char	*text;
	size_t	*starts;

	starts = xcalloc(pu->calls.n + 1, sizeof *starts);
	text = ids_and_report(pu, user, len, starts, cause);
	if (text != NULL)
		call_lines(pu, text, starts);
	free(starts);
	return (text);
}

enum try { TRY_DONE, TRY_AGAIN };

/*
 * Write ids and report, if due.  TRY_AGAIN after an edit conflict or a
 * revision newer than the tree.  On failure the calls that were to get
 * an id are left out of this pull (ids dropped), the others go on.
 */
static enum try
write_back(struct puller *pu)
{
	struct syncer		*s = pu->s;
	const char		*title = pu->in->page;
	struct mw_page		*p = NULL;
	struct mw_edit		 e;
	struct mw_edit_result	 r;
	struct buf		 d;
	char			*cause = NULL, *text = NULL, *why = NULL;
	size_t			 i, len;
	enum try		 rv = TRY_DONE;
	int			 ok = 0;

	if (mwapi_read(s->mw, &title, 1, MW_READ_TEXT | MW_READ_REDIRECTS,
	    &p, &cause) != 0) {
		pull_fail(pu->out, SYNC_FAILED, mw_error_exit(mwapi_error(
		    s->mw)), "intake page '%s': %s", title, cause);
		goto out;
	}
	if (p->missing || p->invalid || p->revid != pu->revid) {
		rv = TRY_AGAIN;		/* saved since the tree was read */
		goto out;
	}
	if (p->textlen != pu->doc.len ||
	    memcmp(p->text, pu->doc.source, p->textlen) != 0) {
		pull_fail(pu->out, SYNC_FAILED, EX_SOFTWARE, "intake page "
		    "'%s': the wiki's parse tree does not give back the page's "
		    "text; nothing written", title);
		goto out;
	}
	if (!bots_allowed(p->text, p->textlen, mwapi_account(s->mw)->name,
	    &why)) {
		pull_fail(pu->out, SYNC_SKIPPED, EX_DATAERR, "intake page "
		    "'%s': %s; no ids written", title, why);
		goto out;
	}
	if ((text = new_text(pu, p->user, &len, &cause)) == NULL) {
		pull_fail(pu->out, SYNC_FAILED, EX_DATAERR, "intake page "
		    "'%s': %s; nothing written", title, cause);
		goto out;
	}
	if (len == p->textlen && memcmp(text, p->text, len) == 0) {
		ok = 1;		/* the report was already there */
		goto out;
	}
	pu->out->summary = make_summary(pu);
	if (s->opts->flags & SYNC_DIFF) {
		buf_init(&d, BUF_UNLIMITED);
		udiff(&d, p->text, p->textlen, text, len, title,
		    "(wikisync)");
		pu->out->diff = buf_detach(&d);
	}
	if (s->opts->flags & SYNC_DRY_RUN) {
		pu->out->status = SYNC_WOULD_EDIT;
		goto out;
	}
	if (sync_write(s, add_pending, pu, &cause) != 0) {
		pull_fail(pu->out, SYNC_FAILED, sync_write_exit(s), "intake "
		    "page '%s': no id written, as the registry cannot record "
		    "the edit first: %s", title, cause);
		pu->pending = 0;
		goto out;
	}
	memset(&e, 0, sizeof e);
	e.title = p->wiki_title != NULL ? p->wiki_title : title;
	e.text = text;
	e.summary = pu->out->summary;
	e.baserevid = p->revid;
	e.basetimestamp = p->timestamp;
	e.starttimestamp = p->starttimestamp;
	if (mwapi_edit(s->mw, &e, &r, &cause) != 0) {
		/* Not known saved: the pending write stays for the next pull. */
		pu->pending = 0;
		if (mwapi_error(s->mw) == MW_ERR_EDITCONFLICT) {
			rv = TRY_AGAIN;
			goto out;
		}
		pull_fail(pu->out, SYNC_FAILED, mw_error_exit(mwapi_error(
		    s->mw)), "intake page '%s': %s", title, cause);
		goto out;
	}
	if (!r.nochange) {
		s->res->edits++;
		/*
		 * If the wiki merged in an edit made since the tree was read,
		 * the new revision holds calls not read yet: keep the read
		 * revision, so the next pass reads the page again.
		 */
		pu->stored_revid = r.oldrevid == 0 || r.oldrevid == p->revid ?
		    r.newrevid : pu->revid;
		pu->out->status = SYNC_EDITED;
		pu->out->revid = r.newrevid;
	}
	mw_edit_result_free(&r);
	ok = 1;
out:
	if (ok)
		calls_moved(pu);
	if (ok && pu->report != NULL)
		report_hash(pu->report, pu->report_hash);
	if (!ok && rv == TRY_DONE) {
		/* Not written: those calls wait for the next pull. */
		for (i = 0; i < pu->calls.n; i++) {
			if (pu->ids[i] == NULL)
				continue;
			strv_pushf(&pu->out->notes, "sign-up %d (line %d): no "
			    "id written yet, not taken", pu->calls.v[i].number,
			    pu->calls.v[i].line);
			free(pu->ids[i]);
			pu->ids[i] = NULL;
		}
		pu->out->ids = 0;
	}
	mw_pages_free(p, p != NULL ? 1 : 0);
	free(text);
	free(cause);
	free(why);
	return (rv);
}

struct merge_ctx {
	struct registry	*reg;
	const char	*id;
};

static int
changed_at(const char *field, char **at, void *arg, char **cause)
{
	struct merge_ctx	*mc = arg;

	return (registry_changed_at(mc->reg, mc->id, field, at, cause));
}

/* Take one valid call into the registry. */
static int
take_call(struct puller *pu, struct intake_call *c, char **cause)
{
	struct registry		*reg = pu->s->reg;
	struct intake_base	*b, nb;
	struct intake_merge	 m;
	struct merge_ctx	 mc;
	struct event		 stored, base;
	struct strv		 given = STRV_INITIALIZER;
	char			*src;
	size_t			 i;
	int			 found, have_base = 0, rv = -1, changed;

	event_init(&stored);
	event_init(&base);
	if ((found = registry_get(reg, c->ev.v[F_ID], &stored, cause)) == -1)
		goto out;
	if (found && strcmp(stored.v[F_CAMPAIGN], pu->in->campaign) != 0) {
		/* An organizer cannot reach another campaign's events. */
		strv_pushf(&pu->out->problems, "sign-up %d (line %d): id '%s' "
		    "belongs to an event of another campaign ('%s')",
		    c->number, c->line, c->ev.v[F_ID], stored.v[F_CAMPAIGN]);
		pu->out->invalid++;
		rv = 0;
		goto out;
	}
	b = find_base(pu, c->ev.v[F_ID]);
	if (b != NULL && intake_base_decode(b->base, &base, &given) == 0)
		have_base = 1;
	if (!found && b != NULL && *b->removed == '\0' && have_base) {
		/* Deleted from the registry while its call stayed. */
		strv_pushf(&pu->out->notes, "event '%s' was deleted from the "
		    "registry; its sign-up is not taken again", c->ev.v[F_ID]);
		rv = 0;
		goto out;
	}
	mc.reg = reg;
	mc.id = c->ev.v[F_ID];
	if (intake_merge(c, found ? &stored : NULL, have_base ? &base : NULL,
	    &given, pu->rev_time, changed_at, &mc, &m, cause) != 0) {
		strv_pushf(&pu->out->problems, "sign-up %d (line %d): %s",
		    c->number, c->line, *cause);
		free(*cause);
		*cause = NULL;
		pu->out->invalid++;
		rv = 0;
		goto out;
	}
	/* Back on the page after on_removed = cancel: not cancelled now. */
	if (b != NULL && *b->removed != '\0' && b->cancelled && found &&
	    strcmp(m.ev.v[F_STATUS], "cancelled") == 0 &&
	    strcmp(event_get(&c->ev, "status"), "cancelled") != 0) {
		free(m.ev.v[F_STATUS]);
		m.ev.v[F_STATUS] = xstrdup(*c->ev.v[F_STATUS] != '\0' ?
		    c->ev.v[F_STATUS] : "planned");
		m.changed = 1;
	}
	if (m.changed) {
		if (registry_put(reg, &m.ev, pu->source, &changed, cause) != 0)
			goto fail;
		if (changed > 0) {
			if (found)
				pu->out->updated++;
			else
				pu->out->added++;
		}
	}
	for (i = 0; i < m.lost.n; i++) {
		src = xasprintf("%s, not taken: the registry's value is newer",
		    pu->source);
		rv = registry_history_note(reg, c->ev.v[F_ID], src,
		    m.lost.v[i], event_get(&stored, m.lost.v[i]),
		    event_get(&c->ev, m.lost.v[i]), cause);
		free(src);
		if (rv != 0)
			goto fail;
		pu->out->lost++;
	}
	memset(&nb, 0, sizeof nb);
	nb.event_id = c->ev.v[F_ID];
	nb.base = intake_base_encode(&c->ev, &c->given);
	nb.revid = pu->revid;
	nb.removed = "";
	rv = registry_intake_call_put(reg, pu->s->w->name, pu->in->name, &nb,
	    cause);
	free(nb.base);
fail:
	intake_merge_free(&m);
out:
	event_free(&stored);
	event_free(&base);
	strv_free(&given);
	return (rv);
}


/*
 * A call pulled before has left the page: on_removed says what then.
 * b is not changed (the transaction may be run again).
 */
static int
call_removed(struct puller *pu, const struct intake_base *b, char **cause)
{
	struct registry		*reg = pu->s->reg;
	struct intake_base	 nb = *b;
	struct event		 ev;
	char			 now[32], *src;
	int			 found, rv = -1, changed;

	registry_now(now);
	pu->out->removed++;
	nb.removed = now;
	nb.cancelled = 0;
	event_init(&ev);
	if (pu->in->on_removed == REMOVED_CANCEL) {
		if ((found = registry_get(reg, b->event_id, &ev, cause)) == -1)
			goto out;
		if (found && strcmp(ev.v[F_STATUS], "cancelled") != 0) {
			free(ev.v[F_STATUS]);
			ev.v[F_STATUS] = xstrdup("cancelled");
			src = xasprintf("%s: its sign-up left the page",
			    pu->source);
			rv = registry_put(reg, &ev, src, &changed, cause);
			free(src);
			if (rv != 0)
				goto out;
			nb.cancelled = 1;
			pu->out->updated++;
		}
	}
	rv = registry_intake_call_put(reg, pu->s->w->name, pu->in->name, &nb,
	    cause);
out:
	event_free(&ev);
	return (rv);
}

/* The calls that got an id in this pull carry it from now on. */
static void
apply_ids(struct puller *pu)
{
	size_t	i;

	for (i = 0; pu->ids != NULL && i < pu->calls.n; i++) {
		if (pu->ids[i] == NULL)
			continue;
		free(pu->calls.v[i].ev.v[F_ID]);
		pu->calls.v[i].ev.v[F_ID] = xstrdup(pu->ids[i]);
	}
}

/* Everything the pull stores, in one transaction (registry_write). */
static int
store(struct registry *reg, void *arg, char **cause)
{
	struct puller		*pu = arg;
	struct sync_pull	*out = pu->out;
	struct intake_call	*c;
	struct buf		 b;
	char			 now[32];
	size_t			 i, removed = 0;

	(void)reg;
	/* registry_write may run this again: counts from zero. */
	out->added = out->updated = out->removed = out->lost = 0;
	out->invalid = pu->calls.invalid;
	strv_free(&out->problems);
	for (i = 0; i < pu->calls.n; i++) {
		c = &pu->calls.v[i];
		if (c->error != NULL && c->dup_of > 0)
			strv_pushf(&out->problems, "sign-up %d (line %d): %s "
			    "(line %d)", c->number, c->line, c->error,
			    pu->calls.v[c->dup_of - 1].line);
		else if (c->error != NULL)
			strv_pushf(&out->problems, "sign-up %d (line %d): %s",
			    c->number, c->line, c->error);
	}
	for (i = 0; i < pu->calls.n; i++) {
		c = &pu->calls.v[i];
		if (c->error != NULL || *c->ev.v[F_ID] == '\0')
			continue;
		if (take_call(pu, c, cause) != 0)
			return (-1);
	}
	for (i = 0; i < pu->nbases; i++) {
		if (*pu->bases[i].removed != '\0') {
			removed++;
			continue;
		}
		if (on_page(pu, pu->bases[i].event_id))
			continue;
		if (call_removed(pu, &pu->bases[i], cause) != 0)
			return (-1);
		removed++;
	}
	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < out->problems.n; i++)
		buf_printf(&b, "%s\n", out->problems.v[i]);
	sync_state_set(&pu->st.title, pu->in->page);
	sync_state_set(&pu->st.conf, pu->conf);
	sync_state_set(&pu->st.problems, buf_str(&b));
	buf_free(&b);
	pu->st.page_id = pu->page_id;
	pu->st.revid = pu->stored_revid;
	registry_now(now);
	sync_state_set(&pu->st.pulled, now);
	pu->st.calls = (long)pu->calls.n;
	pu->st.invalid = (long)out->invalid;
	pu->st.removed = (long)removed;
	if (pu->report_hash[0] != '\0')
		sync_state_set(&pu->st.report, pu->report_hash);
	sync_state_set(&pu->st.error, "");
	sync_state_set(&pu->st.error_at, "");
	if (pu->pending != 0 && pu->recovered == 0)
		sync_state_set(&pu->st.recovered, "");
	if (registry_intake_put(reg, &pu->st, cause) != 0)
		return (-1);
	/* The edit is recorded: its pending write, and the old ones, go. */
	if (registry_pending_clear(reg, "intake", pu->s->w->name,
	    pu->in->name, pu->pending, pu->s->keep_after, cause) != 0)
		return (-1);
	if (pu->recovered == 0)
		return (0);
	return (registry_pending_clear(reg, "intake", pu->s->w->name,
	    pu->in->name, pu->recovered, NULL, cause));
}

/* The problems kept in the state, one per line, back into a list. */
static void
lines_to_strv(const char *s, struct strv *v)
{
	const char	*nl;

	for (; *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL) {
			strv_push(v, xstrdup(s));
			return;
		}
		strv_push(v, xstrndup(s, nl - s));
	}
}

static int
store_error(struct registry *reg, void *arg, char **cause)
{
	struct puller	*pu = arg;

	return (registry_intake_put(reg, &pu->st, cause));
}

/* Record a failed pull in the intake state (not in a dry run). */
static void
record_error(struct puller *pu)
{
	char	now[32], *cause = NULL;

	/* Not in a registry that failed a write in this pass already. */
	if (pu->s->opts->flags & SYNC_DRY_RUN || pu->out->error == NULL ||
	    pu->s->reg_failed != NULL)
		return;
	registry_now(now);
	sync_state_set(&pu->st.title, pu->in->page);
	free(pu->st.error);
	pu->st.error = sync_state_error(pu->out->status, pu->out->error);
	sync_state_set(&pu->st.error_at, now);
	if (sync_write(pu->s, store_error, pu, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return;
	}
	pu->st.version++;
}

static void
puller_reset(struct puller *pu)
{
	size_t	i;

	pt_doc_free(&pu->doc);
	for (i = 0; pu->ids != NULL && i < pu->calls.n; i++)
		free(pu->ids[i]);
	free(pu->ids);
	pu->ids = NULL;
	intake_calls_free(&pu->calls);
	intake_bases_free(pu->bases, pu->nbases);
	pu->bases = NULL;
	pu->nbases = 0;
	free(pu->lines);
	pu->lines = NULL;
	free(pu->back);
	pu->back = NULL;
	free(pu->report);
	pu->report = NULL;
	pu->report_hash[0] = '\0';
	free(pu->source);
	pu->source = NULL;
	pu->pending = 0;
}

/*
 * Read the calls of the page at revision p->revid and act on them.
 * TRY_AGAIN when the page changed under us.
 */
static enum try
pull_try(struct puller *pu, const struct mw_page *p)
{
	struct syncer	*s = pu->s;
	char		*xml = NULL, *cause = NULL, hash[33];
	size_t		 len;
	int		 nids;
	enum try	 rv = TRY_DONE;

	pu->revid = p->revid;
	pu->stored_revid = p->revid;
	pu->page_id = p->pageid;
	pu->rev_time = p->timestamp != NULL ? p->timestamp : "";
	pu->rev_user = p->user != NULL ? p->user : "(hidden)";
	pu->source = xasprintf("intake:%s (%s, revision %ld by %s)",
	    pu->in->name, pu->in->page, p->revid, pu->rev_user);
	if (mwapi_parsetree(s->mw, p->revid, &xml, &len, &cause) != 0) {
		pull_fail(pu->out, SYNC_FAILED, mw_error_exit(mwapi_error(
		    s->mw)), "intake page '%s': %s", pu->in->page, cause);
		goto out;
	}
	if (parsetree_read(xml, len, pu->in->template, (size_t)
	    pu->in->max_calls, &pu->doc, &cause) != 0) {
		pull_fail(pu->out, SYNC_FAILED, EX_DATAERR, "intake page '%s' "
		    "(revision %ld): %s; no sign-up taken", pu->in->page,
		    p->revid, cause);
		goto out;
	}
	pu->out->read = 1;
	intake_read_calls(s->cf, pu->in, &pu->doc, &pu->calls);
	pu->out->calls = pu->calls.n;
	pu->out->invalid = pu->calls.invalid;
	if (registry_intake_calls(s->reg, s->w->name, pu->in->name,
	    &pu->bases, &pu->nbases, &cause) != 0 ||
	    (nids = assign_ids(pu, &cause)) == -1) {
		pull_fail(pu->out, SYNC_FAILED, EX_IOERR, "%s", cause);
		goto out;
	}
	recover_ids(pu);
	pu->out->ids = (size_t)nids;
	if (pu->in->report) {
		pu->report = intake_report(pu->in, &pu->calls, &pu->doc);
		report_hash(pu->report, hash);
		if (strcmp(hash, pu->st.report) == 0 && nids == 0) {
			free(pu->report);	/* on the page already */
			pu->report = NULL;
		}
	}
	/* Ids on the wiki for sign-ups the registry cannot take: no. */
	if (s->reg_failed != NULL && !(s->opts->flags & SYNC_DRY_RUN)) {
		pull_fail(pu->out, SYNC_FAILED, EX_IOERR, "intake page '%s': "
		    "no sign-up taken and no id written, as the registry "
		    "cannot take them: %s", pu->in->page, s->reg_failed);
		goto out;
	}
	if ((nids > 0 || pu->report != NULL) &&
	    (rv = write_back(pu)) == TRY_AGAIN)
		goto out;
	note_returning(pu);
	/* Calls that had ids are taken even if writing new ones failed. */
	if (s->opts->flags & SYNC_DRY_RUN)
		goto out;
	/* The calls that got an id are taken with it. */
	apply_ids(pu);
	if (sync_write(s, store, pu, &cause) != 0) {
		pull_fail(pu->out, SYNC_FAILED, sync_write_exit(s), "intake "
		    "page '%s': %s; no sign-up taken", pu->in->page, cause);
		goto out;
	}
	pu->st.version++;
out:
	free(xml);
	free(cause);
	return (rv);
}

int
sync_intake(struct syncer *s, const struct conf_intake *in,
    const struct mw_page *ids, struct sync_pull *out)
{
	struct puller	 pu;
	struct mw_page	*again = NULL;
	const struct mw_page *p = ids;
	const char	*title = in->page;
	char		*cause = NULL;
	int		 tries, known;

	memset(&pu, 0, sizeof pu);
	pu.s = s;
	pu.in = in;
	pu.out = out;
	out->status = SYNC_INSYNC;
	conf_hash(s->cf, in, pu.conf);
	if ((known = registry_intake_get(s->reg, s->w->name, in->name, &pu.st,
	    &cause)) == -1) {
		pull_fail(out, SYNC_FAILED, EX_IOERR, "%s", cause);
		free(cause);
		return (0);
	}
	if (p->invalid) {
		pull_fail(out, SYNC_FAILED, EX_DATAERR, "intake page '%s': not "
		    "a valid title: %s", in->page, p->text != NULL ? p->text :
		    "");
		goto out;
	}
	if (p->missing) {
		pull_fail(out, SYNC_FAILED, EX_DATAERR, "intake page '%s' does "
		    "not exist (deleted or moved?): no sign-up is read and no "
		    "event changes until it is back", in->page);
		goto out;
	}
	if (p->redirected && (!known || pu.st.page_id != p->pageid)) {
		pull_fail(out, SYNC_FAILED, EX_DATAERR, "intake page '%s' is a "
		    "redirect to '%s': no sign-up is read; set page = %s if "
		    "that is the sign-up page now", in->page, p->wiki_title,
		    p->wiki_title);
		goto out;
	}
	if (p->redirected)
		strv_pushf(&out->notes, "page '%s' was moved to '%s'; followed "
		    "(set page = %s in the config)", in->page, p->wiki_title,
		    p->wiki_title);
	out->revid = p->revid;
	if (known && *pu.st.error == '\0' && pu.st.revid == p->revid &&
	    pu.st.page_id == p->pageid && strcmp(pu.st.conf, pu.conf) == 0 &&
	    !(s->opts->flags & SYNC_FORCE)) {
		out->calls = (size_t)pu.st.calls;
		out->invalid = (size_t)pu.st.invalid;
		lines_to_strv(pu.st.problems, &out->problems);
		goto out;	/* as pulled last time: nothing to read */
	}
	for (tries = 0; tries < SYNC_CONFLICT_TRIES; tries++) {
		if (pull_try(&pu, p) == TRY_DONE)
			break;
		puller_reset(&pu);
		strv_free(&out->notes);
		mw_pages_free(again, 1);
		again = NULL;
		if (mwapi_read(s->mw, &title, 1, MW_READ_REDIRECTS, &again,
		    &cause) != 0) {
			pull_fail(out, SYNC_FAILED, mw_error_exit(mwapi_error(
			    s->mw)), "intake page '%s': reading it again: %s",
			    in->page, cause);
			free(cause);
			break;
		}
		p = again;
	}
	if (tries == SYNC_CONFLICT_TRIES)
		pull_fail(out, SYNC_FAILED, EX_TEMPFAIL, "intake page '%s': "
		    "changed %d times while being read; the next sync tries "
		    "again", in->page, SYNC_CONFLICT_TRIES);
out:
	if (out->status == SYNC_FAILED || out->status == SYNC_SKIPPED)
		record_error(&pu);
	puller_reset(&pu);
	mw_pages_free(again, again != NULL ? 1 : 0);
	intake_state_free(&pu.st);
	return (out->added + out->updated > 0);
}
