/*
 * Syncing one page: check it may be edited, find its regions, decide
 * region by region what is due (see sync.h), and make the one edit, or
 * say why not.  Nothing is written unless every region of the page could
 * be rendered, found and decided.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "bots.h"
#include "buf.h"
#include "conf.h"
#include "log.h"
#include "md5.h"
#include "mwapi.h"
#include "presave.h"
#include "region.h"
#include "sync-int.h"
#include "udiff.h"
#include "xmalloc.h"

enum page_try { TRY_DONE, TRY_AGAIN };

/* What is due for one region. */
struct plan {
	char		*cur;		/* the region's body on the wiki */
	size_t		 curlen;
	char		 cur_hash[MD5_HEX_LEN + 1];
	char		*want;		/* its body once the edit is stored */
	size_t		 wantlen;
	char		 want_hash[MD5_HEX_LEN + 1];
	int		 edit;		/* replace it */
	const char	*save;		/* save cur first: "adopted"... */
	long long	 pending;	/* seq of the pending write made */
};

void
sync_page_fail(struct sync_work *pw, enum sync_status status, int exit,
    const char *fmt, ...)
{
	va_list	ap;

	free(pw->out->error);
	va_start(ap, fmt);
	pw->out->error = xvasprintf(fmt, ap);
	va_end(ap);
	pw->out->status = status;
	pw->out->exit = exit;
}

struct store_arg {
	struct syncer		*s;
	struct sync_work	*pw;
	const struct plan	*pl;	/* NULL: an error is recorded */
};

/*
 * The states of the page's tables, each only over the version this pass
 * read.  With them go the pending writes they settle: the one this pass
 * made (once its edit is recorded: pl), the one it found on the page,
 * and those older than SYNC_PENDING_KEEP.
 */
static int
sync_put_states(struct registry *reg, void *arg, char **cause)
{
	struct store_arg	*a = arg;
	struct sync_work	*pw = a->pw;
	struct sync_table	*t;
	size_t			 i;

	for (i = 0; i < pw->n; i++) {
		t = pw->tables[i];
		if (registry_sync_put(reg, &t->st, cause) != 0)
			return (-1);
		if (registry_pending_clear(reg, "table", a->s->w->name,
		    t->t->name, a->pl != NULL ? a->pl[i].pending : 0,
		    a->s->keep_after, cause) != 0)
			return (-1);
		if (t->recovered != 0 && registry_pending_clear(reg, "table",
		    a->s->w->name, t->t->name, t->recovered, NULL, cause) != 0)
			return (-1);
	}
	return (0);
}

/* Store the states of the page's tables; a failure fails the page. */
static void
sync_store_states(struct syncer *s, struct sync_work *pw,
    const struct plan *pl)
{
	struct store_arg	 a = { s, pw, pl };
	char			*cause = NULL;
	size_t			 i;

	if (s->opts->flags & SYNC_DRY_RUN)
		return;
	if (sync_write(s, sync_put_states, &a, &cause) != 0) {
		sync_page_fail(pw, SYNC_FAILED, sync_write_exit(s), "page '%s': %s",
		    pw->title, cause);
		free(cause);
		return;
	}
	/* Committed: the rows are at the next version now. */
	for (i = 0; i < pw->n; i++)
		pw->tables[i]->st.version++;
}

void
sync_page_record_error(struct syncer *s, struct sync_work *pw)
{
	struct sync_state	*st;
	size_t			 i;

	for (i = 0; i < pw->n; i++) {
		st = &pw->tables[i]->st;
		sync_state_set(&st->title, pw->title);
		free(st->error);
		st->error = sync_state_error(pw->out->status, pw->out->error);
		sync_state_set(&st->error_at, s->now);
	}
	/* The page's error says more than a registry that failed again. */
	if (s->reg_failed == NULL)
		sync_store_states(s, pw, NULL);
}

/* Table rows in text: lines starting "|-", else list items. */
static long
count_rows(const char *text, size_t len)
{
	long		 rows = 0, items = 0;
	size_t		 i = 0;

	while (i < len) {
		while (i < len && (text[i] == ' ' || text[i] == '\t'))
			i++;
		if (i + 1 < len && text[i] == '|' && text[i + 1] == '-')
			rows++;
		else if (i < len && (text[i] == '*' || text[i] == '#'))
			items++;
		while (i < len && text[i] != '\n')
			i++;
		i++;
	}
	return (rows > 0 ? rows : items);
}

static int
cmp_line(const void *a, const void *b)
{
	const char	*x = *(const char *const *)a;
	const char	*y = *(const char *const *)b;

	return (strcmp(x, y));
}

/* Split "ID HASH\n..." into a sorted array of lines (in a copy). */
static char **
event_lines(const char *list, char **copy, size_t *n)
{
	char	**v = NULL, *p, *nl;

	*n = 0;
	*copy = xstrdup(list);
	for (p = *copy; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = p;
	}
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_line);
	return (v);
}

/* Length of the id in "ID HASH". */
static size_t
id_len(const char *line)
{
	const char	*sp = strchr(line, ' ');

	return (sp != NULL ? (size_t)(sp - line) : strlen(line));
}

/* "+3 events, 1 changed, 2 removed" between two event lists. */
static void
describe_events(struct buf *b, const char *old, const char *new)
{
	char	**a, **z, *ca, *cz;
	size_t	  na, nz, i = 0, k = 0, added = 0, changed = 0, removed = 0;
	size_t	  la, lz;
	int	  c, any = 0;

	a = event_lines(old, &ca, &na);
	z = event_lines(new, &cz, &nz);
	while (i < na || k < nz) {
		if (i == na)
			c = 1;
		else if (k == nz)
			c = -1;
		else {
			la = id_len(a[i]);
			lz = id_len(z[k]);
			c = strncmp(a[i], z[k], la < lz ? la : lz);
			if (c == 0)
				c = (la > lz) - (la < lz);
		}
		if (c < 0) {
			removed++;
			i++;
		} else if (c > 0) {
			added++;
			k++;
		} else {
			changed += strcmp(a[i], z[k]) != 0;
			i++;
			k++;
		}
	}
	if (added > 0) {
		buf_printf(b, "+%zu event%s", added, added == 1 ? "" : "s");
		any = 1;
	}
	if (changed > 0) {
		buf_printf(b, "%s%zu changed", any ? ", " : "", changed);
		any = 1;
	}
	if (removed > 0) {
		buf_printf(b, "%s%zu removed", any ? ", " : "", removed);
		any = 1;
	}
	if (!any)
		buf_adds(b, "layout updated");
	free(a);
	free(z);
	free(ca);
	free(cz);
}

/* The edit summary for the regions due. */
static char *
make_summary(struct sync_work *pw, struct plan *pl)
{
	struct buf		 b;
	struct sync_table	*st;
	size_t			 i, nedits = 0;
	int			 first = 1;

	for (i = 0; i < pw->n; i++)
		nedits += pl[i].edit;
	buf_init(&b, SYNC_SUMMARY_MAX);
	for (i = 0; i < pw->n; i++) {
		if (!pl[i].edit)
			continue;
		st = pw->tables[i];
		if (first)
			buf_printf(&b, "%s: ", st->t->summary);
		else
			buf_adds(&b, "; ");
		if (nedits > 1)
			buf_printf(&b, "%s ", st->t->name);
		if (pl[i].save != NULL && strcmp(pl[i].save, "adopted") == 0)
			buf_printf(&b, "first sync (%zu event%s)", st->r.count,
			    st->r.count == 1 ? "" : "s");
		else if (pl[i].save != NULL)
			buf_adds(&b, "replacing a hand edit");
		else
			describe_events(&b, st->st.events, st->r.events);
		first = 0;
	}
	return (buf_detach(&b));
}

static void
plans_free(struct plan *pl, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(pl[i].cur);
		free(pl[i].want);
	}
	free(pl);
}

/*
 * Splice the rendered text of the regions (all, or those due) into
 * text and normalize it as the wiki will; NULL with *cause.
 */
static char *
splice_page(struct sync_work *pw, const struct plan *pl, const char *text,
    size_t len, const struct region_list *rl, int all, size_t *outlen,
    char **cause)
{
	const char	**names, **bodies;
	char		 *spliced, *norm;
	size_t		  i, n = 0, slen;

	names = xcalloc(pw->n, sizeof *names);
	bodies = xcalloc(pw->n, sizeof *bodies);
	for (i = 0; i < pw->n; i++) {
		if (!all && !pl[i].edit)
			continue;
		names[n] = pw->tables[i]->t->name;
		bodies[n++] = pw->tables[i]->r.text;
	}
	spliced = region_splice(text, len, rl, names, bodies, n, &slen,
	    cause);
	free(names);
	free(bodies);
	if (spliced == NULL)
		return (NULL);
	norm = presave(spliced, slen, 1, outlen, cause);
	free(spliced);
	return (norm);
}

/*
 * Fill in what each region would be once saved, from the page with every
 * region spliced and normalized; that text goes to *all (its length to
 * *alllen) for the caller to free.  -1 with *cause.
 */
static int
predict(struct sync_work *pw, struct plan *pl, const char *text, size_t len,
    const struct region_list *rl, char **all, size_t *alllen, char **cause)
{
	struct region_list	 nrl = { NULL, 0 };
	const struct region	*r;
	char			*norm, *why = NULL;
	size_t			 normlen, i;

	if ((norm = splice_page(pw, pl, text, len, rl, 1, &normlen,
	    cause)) == NULL)
		return (-1);
	if (region_find_all(norm, normlen, &nrl, &why) != 0) {
		*cause = xasprintf("the new text would not keep its markers: "
		    "%s", why);
		free(why);
		free(norm);
		return (-1);
	}
	for (i = 0; i < pw->n; i++) {
		if ((r = region_lookup(&nrl, pw->tables[i]->t->name)) == NULL)
			fatalx("%s: region lost in splicing", __func__);
		pl[i].want = region_body(norm, r, &pl[i].wantlen);
		md5_hex(pl[i].want, pl[i].wantlen, pl[i].want_hash);
	}
	region_list_free(&nrl);
	*all = norm;
	*alllen = normlen;
	return (0);
}

/*
 * Region i holds an edit of wikisync's that was never recorded (pending
 * write pd): bring its state to what pd recorded, as if the pass that
 * made the edit had lived to store it, and say so once.
 */
static void
recover(struct syncer *s, struct sync_work *pw, const struct mw_page *p,
    struct plan *pl, size_t i, const struct sync_pending *pd)
{
	struct sync_table	*t = pw->tables[i];
	char			*rev;
	long			 revid;

	revid = sync_recovered_revid(s, p->pageid, pd);
	rev = revid > 0 ? xasprintf("revision %ld", revid) :
	    xasprintf("a revision after %lld", pd->base_revid);
	strv_pushf(&pw->out->recovered, "page '%s': recovered an unrecorded "
	    "edit of region '%s' (%s, sent %s): wikisync saved it but could "
	    "not record it (a crash or a lost answer); taken as its own",
	    pw->title, t->t->name, rev, pd->made);
	t->known = 1;
	sync_state_set(&t->st.stored, pd->stored);
	sync_state_set(&t->st.rendered, pd->rendered);
	sync_state_set(&t->st.events, pd->events);
	sync_state_set(&t->st.generated, pd->generated);
	t->st.rows = pd->rows;
	if (revid > 0)
		t->st.written_revid = revid;
	sync_state_set(&t->st.written, pd->made);
	free(t->st.recovered);
	t->st.recovered = xasprintf("%s, sent %s, recovered %s", rev,
	    pd->made, s->now);
	t->recovered = pd->seq;
	free(rev);
}

/*
 * Decide for region i: is its text on the wiki wikisync's own, is an
 * edit due, must its text be saved first.  -1 (page skipped) when a hand
 * edit must be kept or the table would shrink too much.
 *
 * The region is wikisync's own when the page is still at the revision
 * its state records, or its text hashes as the state says wikisync
 * stored.  Failing both it may still be wikisync's: an edit the wiki
 * saved whose record a crash or a lost answer cut off.  The state cannot
 * tell that edit from a person's (the registry may have changed since,
 * so the rendering differs too), but the pending write committed before
 * the edit holds the hash of exactly that text, however many passes
 * died since: a match is wikisync's edit, recovered.  A person's text
 * matches no pending write unless it is byte for byte what wikisync was
 * about to write, and then taking it as wikisync's loses nothing.  Only
 * a region that is not wikisync's by its state is matched, so a person's
 * edit after the recovered one is still a hand edit.
 */
static int
decide(struct syncer *s, struct sync_work *pw, const struct mw_page *p,
    struct plan *pl, size_t i)
{
	struct sync_table		*t = pw->tables[i];
	struct sync_state		*st = &t->st;
	const struct sync_pending	*pd;
	long				 old_rows, new_rows;
	int				 ours, force = s->opts->flags & SYNC_FORCE;

	/* Same revision as last seen in sync, same rendering: nothing. */
	if (t->known && p->revid == st->revid &&
	    strcmp(t->r.hash, st->rendered) == 0)
		return (0);
	ours = t->known && *st->stored != '\0' && (p->revid == st->revid ||
	    strcmp(pl[i].cur_hash, st->stored) == 0);
	if (!ours && (pd = sync_pending_match(s->pend, s->npend, s->w->name,
	    t->t->name, pl[i].cur_hash)) != NULL) {
		recover(s, pw, p, pl, i, pd);
		ours = 1;
	}
	if (pl[i].curlen == pl[i].wantlen &&
	    memcmp(pl[i].cur, pl[i].want, pl[i].curlen) == 0)
		return (0);
	if (!t->known || *st->stored == '\0')
		pl[i].save = "adopted";
	else if (!ours) {
		if (t->t->on_manual_edit == MANUAL_KEEP && !force) {
			sync_page_fail(pw, SYNC_SKIPPED, EX_DATAERR,
			    "page '%s': region '%s' was edited by hand since "
			    "wikisync wrote it (revision %lld; now %ld by %s);"
			    " kept (on_manual_edit = keep): copy the change "
			    "into the registry, then run sync --force (which "
			    "saves the hand-edited text: status --history "
			    "shows it)",
			    pw->title, t->t->name, st->written_revid,
			    p->revid, p->user != NULL ? p->user : "?");
			return (-1);
		}
		pl[i].save = "manual-edit";
	}
	old_rows = count_rows(pl[i].cur, pl[i].curlen);
	new_rows = count_rows(pl[i].want, pl[i].wantlen);
	if (!force && old_rows > 0 && new_rows < old_rows &&
	    (old_rows - new_rows) * 100 > t->t->max_shrink * old_rows) {
		sync_page_fail(pw, SYNC_SKIPPED, EX_DATAERR, "page '%s': "
		    "region '%s' would shrink from %ld to %ld rows, more than "
		    "max_shrink (%ld%%); nothing written: run sync --force if "
		    "that is right", pw->title, t->t->name, old_rows,
		    new_rows, t->t->max_shrink);
		return (-1);
	}
	pl[i].edit = 1;
	return (0);
}

struct save_arg {
	struct syncer		*s;
	struct sync_work	*pw;
	const struct mw_page	*p;
	struct plan		*pl;
	int			 create;
};

/* A pending write for region i, as the edit about to be sent makes it. */
static int
add_pending(struct registry *reg, struct save_arg *a, size_t i, int create,
    char **cause)
{
	struct sync_table	*t = a->pw->tables[i];
	struct sync_pending	 pd;
	int			 rv;

	memset(&pd, 0, sizeof pd);
	pd.kind = (char *)"table";
	pd.wiki = (char *)a->s->w->name;
	pd.region = (char *)t->t->name;
	pd.title = (char *)a->pw->title;
	pd.base_revid = create ? 0 : a->p->revid;
	pd.stored = a->pl[i].want_hash;
	pd.rendered = t->r.hash;
	pd.rows = count_rows(a->pl[i].want, a->pl[i].wantlen);
	pd.generated = t->r.generated;
	pd.events = t->r.events;
	rv = registry_pending_add(reg, &pd, cause);
	a->pl[i].pending = pd.seq;
	free(pd.made);
	return (rv);
}

/*
 * Before the edit, in one transaction: save the texts about to be
 * replaced, and record the pending write of every region edited.
 */
static int
before_edit(struct registry *reg, void *arg, char **cause)
{
	struct save_arg	*a = arg;
	size_t		 i;

	for (i = 0; i < a->pw->n; i++) {
		if (!a->pl[i].edit)
			continue;
		if (add_pending(reg, a, i, a->create, cause) != 0)
			return (-1);
		if (a->pl[i].save == NULL || a->pl[i].curlen == 0)
			continue;
		if (registry_region_save(reg, a->s->w->name, a->pw->title,
		    a->pw->tables[i]->t->name, a->p->revid, a->p->user,
		    a->pl[i].save, a->pl[i].cur, cause) != 0)
			return (-1);
	}
	return (0);
}

/* Record the regions as in sync at revid of page pageid. */
static void
mark_in_sync(struct syncer *s, struct sync_work *pw, const struct mw_page *p,
    struct plan *pl, long long revid, long long pageid, int edited)
{
	struct sync_table	*t;
	size_t			 i;

	for (i = 0; i < pw->n; i++) {
		t = pw->tables[i];
		sync_state_set(&t->st.title, pw->title);
		t->st.page_id = pageid;
		t->st.revid = revid;
		if (pl[i].edit || pl[i].want == NULL ||
		    (pl[i].curlen == pl[i].wantlen &&
		    memcmp(pl[i].cur, pl[i].want, pl[i].curlen) == 0)) {
			/* The region holds what this rendering gives. */
			sync_state_set(&t->st.stored, pl[i].edit ||
			    pl[i].cur == NULL ? pl[i].want_hash :
			    pl[i].cur_hash);
			sync_state_set(&t->st.rendered, t->r.hash);
			sync_state_set(&t->st.generated, t->r.generated);
			sync_state_set(&t->st.events, t->r.events);
			/* No text predicted (want NULL, wantlen 0): no rows. */
			t->st.rows = pl[i].want == NULL ? 0 :
			    count_rows(pl[i].want, pl[i].wantlen);
		} else if (p->revid == t->st.revid || !t->known) {
			/* Wikisync's own text, as the wiki really stored it. */
			sync_state_set(&t->st.stored, pl[i].cur_hash);
		}
		if (edited) {
			t->st.written_revid = revid;
			sync_state_set(&t->st.written, s->now);
		}
		/* A recovery stays in "status" until the region's next edit. */
		if (edited && pl[i].edit && t->recovered == 0)
			sync_state_set(&t->st.recovered, "");
		sync_state_set(&t->st.checked, s->now);
		sync_state_set(&t->st.error, "");
		sync_state_set(&t->st.error_at, "");
		t->known = 1;
	}
	sync_store_states(s, pw, pl);
}

/* The regions' current text, hashed. */
static int
read_regions(struct sync_work *pw, struct plan *pl, const struct mw_page *p,
    const struct region_list *rl)
{
	const struct region	*r;
	size_t			 i;

	for (i = 0; i < pw->n; i++) {
		if ((r = region_lookup(rl, pw->tables[i]->t->name)) == NULL) {
			sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s' "
			    "has no region '%s': add <!-- wikisync:begin %s -->"
			    " and <!-- wikisync:end %s --> where the table "
			    "goes", pw->title, pw->tables[i]->t->name,
			    pw->tables[i]->t->name, pw->tables[i]->t->name);
			return (-1);
		}
		pl[i].cur = region_body(p->text, r, &pl[i].curlen);
		md5_hex(pl[i].cur, pl[i].curlen, pl[i].cur_hash);
	}
	return (0);
}

/* Make the edit; TRY_AGAIN on an edit conflict. */
static enum page_try
edit_page(struct syncer *s, struct sync_work *pw, const struct mw_page *p,
    const char *title, struct plan *pl, const char *text, int create)
{
	struct mw_edit		 e;
	struct mw_edit_result	 er;
	struct save_arg		 sa = { s, pw, p, pl, create };
	enum mw_error		 err;
	char			*cause = NULL, *spam;

	if (s->reg_failed != NULL) {
		sync_page_fail(pw, SYNC_FAILED, EX_IOERR, "page '%s': not "
		    "edited, as the registry could not record it: %s",
		    pw->title, s->reg_failed);
		return (TRY_DONE);
	}
	if (sync_write(s, before_edit, &sa, &cause) != 0) {
		sync_page_fail(pw, SYNC_FAILED, sync_write_exit(s), "page '%s': "
		    "not edited, as the registry cannot record it first: %s",
		    pw->title, cause);
		free(cause);
		return (TRY_DONE);
	}
	memset(&e, 0, sizeof e);
	e.title = title;
	e.text = text;
	e.summary = pw->out->summary;
	e.baserevid = create ? 0 : p->revid;
	e.basetimestamp = create ? NULL : p->timestamp;
	e.starttimestamp = p->starttimestamp;
	e.create = create;
	memset(&er, 0, sizeof er);
	if (mwapi_edit(s->mw, &e, &er, &cause) != 0) {
		err = mwapi_error(s->mw);
		if (err == MW_ERR_EDITCONFLICT || err == MW_ERR_ARTICLEEXISTS) {
			log_debug("%s; reading the page again", cause);
			free(cause);
			return (TRY_AGAIN);
		}
		/* The client's messages name the page already. */
		spam = err == MW_ERR_SPAMBLACKLIST ?
		    sync_spam_events(s, pw) : xstrdup("");
		sync_page_fail(pw, SYNC_FAILED, mw_error_exit(err),
		    "%s%s%s", cause, spam,
		    err == MW_ERR_UNKNOWN_OUTCOME ? " (the next sync reads "
		    "the page and will not repeat a saved edit)" : "");
		free(spam);
		free(cause);
		return (TRY_DONE);
	}
	if (er.nochange) {
		strv_pushf(&pw->out->notes, "the wiki already had this text "
		    "(no revision made)");
		mark_in_sync(s, pw, p, pl, p->revid, p->pageid, 0);
		pw->out->revid = p->revid;
	} else {
		pw->out->status = create ? SYNC_CREATED : SYNC_EDITED;
		pw->out->revid = er.newrevid;
		s->res->edits++;
		/* A page just created had no id when it was read. */
		mark_in_sync(s, pw, p, pl, er.newrevid, er.pageid != 0 ?
		    er.pageid : p->pageid, 1);
	}
	mw_edit_result_free(&er);
	return (TRY_DONE);
}

/* A page that does not exist: create it if a table says so. */
static enum page_try
create_page(struct syncer *s, struct sync_work *pw, const struct mw_page *p)
{
	struct region_list	 rl = { NULL, 0 };
	struct buf		 b;
	struct plan		*pl;
	char			*text, *begin, *end, *cause = NULL;
	size_t			 i, len;
	int			 create = 0;
	enum page_try		 rv = TRY_DONE;

	for (i = 0; i < pw->n; i++)
		create |= pw->tables[i]->t->create;
	if (!create) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s' (table "
		    "'%s') does not exist: create it with the markers, or set "
		    "create = yes", pw->title, pw->tables[0]->t->name);
		return (TRY_DONE);
	}
	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < pw->n; i++) {
		begin = region_marker(pw->tables[i]->t->name, 0);
		end = region_marker(pw->tables[i]->t->name, 1);
		buf_printf(&b, "%s%s\n%s", i > 0 ? "\n\n" : "", begin, end);
		free(begin);
		free(end);
	}
	pl = xcalloc(pw->n, sizeof *pl);
	if (region_find_all(b.data, b.len, &rl, &cause) != 0)
		fatalx("%s: %s", __func__, cause);
	for (i = 0; i < pw->n; i++) {
		pl[i].cur = xstrdup("");
		md5_hex("", 0, pl[i].cur_hash);
		pl[i].edit = 1;
	}
	if (predict(pw, pl, b.data, b.len, &rl, &text, &len, &cause) != 0) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s': %s",
		    pw->title, cause);
		free(cause);
		goto out;
	}
	free(pw->out->summary);
	pw->out->summary = make_summary(pw, pl);
	if (s->opts->flags & SYNC_DIFF) {
		struct buf	d;

		buf_init(&d, BUF_UNLIMITED);
		udiff(&d, "", 0, text, len, "/dev/null", pw->title);
		pw->out->diff = buf_detach(&d);
	}
	if (s->opts->flags & SYNC_DRY_RUN)
		pw->out->status = SYNC_WOULD_EDIT;
	else
		rv = edit_page(s, pw, p, pw->title, pl, text, 1);
	free(text);
out:
	region_list_free(&rl);
	plans_free(pl, pw->n);
	buf_free(&b);
	return (rv);
}

/* Is the page the one the config names, or one wikisync may follow? */
static int
check_title(struct sync_work *pw, const struct mw_page *p)
{
	size_t	i;
	int	followed = 0;

	if (!p->redirected)
		return (0);
	for (i = 0; i < pw->n; i++) {
		if (pw->tables[i]->known && pw->tables[i]->st.page_id != 0 &&
		    pw->tables[i]->st.page_id == p->pageid)
			followed = 1;
	}
	if (!followed) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s' is a "
		    "redirect to '%s'; wikisync edits only the page it is "
		    "configured for: set page = %s", pw->title, p->wiki_title,
		    p->wiki_title);
		return (-1);
	}
	strv_pushf(&pw->out->notes, "page '%s' was moved to '%s'; followed "
	    "(set page = %s in the config)", pw->title, p->wiki_title,
	    p->wiki_title);
	/* The note is for each sync; the daemon says it once (moved_to). */
	free(pw->out->moved_to);
	pw->out->moved_to = xstrdup(p->wiki_title);
	return (0);
}

/* One attempt at a page as read. */
static enum page_try
page_try(struct syncer *s, struct sync_work *pw, const struct mw_page *p)
{
	const struct mw_account	*a = mwapi_account(s->mw);
	struct region_list	 rl = { NULL, 0 };
	struct plan		*pl = NULL;
	struct buf		 d;
	char			*why = NULL, *text = NULL, *from, *to, *hint;
	size_t			 i, len, due = 0;
	long			 limit;
	enum page_try		 rv = TRY_DONE;

	if (p->invalid) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s': not a "
		    "valid title: %s", pw->title, p->text != NULL ? p->text :
		    "");
		return (TRY_DONE);
	}
	if (p->missing)
		return (create_page(s, pw, p));
	if (check_title(pw, p) != 0)
		return (TRY_DONE);
	if (!bots_allowed(p->text, p->textlen, a->name, &why)) {
		sync_page_fail(pw, SYNC_SKIPPED, EX_DATAERR, "page '%s': %s; "
		    "nothing written", pw->title, why);
		free(why);
		return (TRY_DONE);
	}
	if (region_find_all(p->text, p->textlen, &rl, &why) != 0) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s': %s; "
		    "nothing written", pw->title, why);
		free(why);
		return (TRY_DONE);
	}
	pl = xcalloc(pw->n, sizeof *pl);
	if (read_regions(pw, pl, p, &rl) != 0)
		goto out;
	if (predict(pw, pl, p->text, p->textlen, &rl, &text, &len,
	    &why) != 0) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s': %s; "
		    "nothing written", pw->title, why);
		free(why);
		goto out;
	}
	for (i = 0; i < pw->n; i++) {
		if (decide(s, pw, p, pl, i) != 0)
			goto out;
		due += pl[i].edit;
	}
	if (due == 0) {
		mark_in_sync(s, pw, p, pl, p->revid, p->pageid, 0);
		pw->out->revid = p->revid;
		goto out;
	}
	/* Regions not due keep their bytes: splice only those due. */
	if (due < pw->n) {
		free(text);
		text = splice_page(pw, pl, p->text, p->textlen, &rl, 0, &len,
		    &why);
	}
	if (text == NULL) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s': %s; "
		    "nothing written", pw->title, why);
		free(why);
		goto out;
	}
	limit = a->max_article_size > 0 ? a->max_article_size : SYNC_PAGE_MAX;
	if ((long long)len > limit) {
		sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s' would be "
		    "%zu bytes, over the wiki's limit of %ld bytes; nothing "
		    "written: split the table (a narrower where) across pages",
		    pw->title, len, limit);
		goto out;
	}
	free(pw->out->summary);
	pw->out->summary = make_summary(pw, pl);
	if (s->opts->flags & SYNC_DIFF) {
		free(pw->out->diff);
		buf_init(&d, BUF_UNLIMITED);
		from = xasprintf("%s (revision %ld)", pw->title, p->revid);
		to = xasprintf("%s (wikisync)", pw->title);
		udiff(&d, p->text, p->textlen, text, len, from, to);
		free(from);
		free(to);
		pw->out->diff = buf_detach(&d);
	}
	if (s->opts->flags & SYNC_DRY_RUN) {
		pw->out->status = SYNC_WOULD_EDIT;
		for (i = 0; i < pw->n; i++) {
			if (pl[i].edit && pl[i].save != NULL)
				strv_pushf(&pw->out->notes, "region '%s': its "
				    "text would be saved to the registry (%s)",
				    pw->tables[i]->t->name, pl[i].save);
		}
		goto out;
	}
	hint = sync_history_hint(pw->title);
	for (i = 0; i < pw->n; i++) {
		if (pl[i].edit && pl[i].save != NULL && pl[i].curlen > 0)
			strv_pushf(&pw->out->notes, "region '%s': its old text "
			    "is saved in the registry (%s): %s shows it",
			    pw->tables[i]->t->name, pl[i].save, hint);
	}
	free(hint);
	rv = edit_page(s, pw, p, p->wiki_title != NULL ? p->wiki_title :
	    pw->title, pl, text, 0);
out:
	free(text);
	if (pl != NULL)
		plans_free(pl, pw->n);
	region_list_free(&rl);
	return (rv);
}

/*
 * The page's tables' values shown as text, not as the links their
 * templates put them in: warnings that never stop the page.
 */
static void
sync_page_warnings(struct sync_work *pw)
{
	const char	*w, *nl;
	size_t		 i;

	for (i = 0; i < pw->n; i++) {
		for (w = pw->tables[i]->r.warnings; w != NULL && *w != '\0';
		    w = nl + 1) {
			if ((nl = strchr(w, '\n')) == NULL)
				break;
			strv_pushf(&pw->out->warnings, "%.*s", (int)(nl - w),
			    w);
		}
	}
}

void
sync_page(struct syncer *s, struct sync_work *pw, struct mw_page *p)
{
	struct mw_page	*again = NULL;
	const char	*title = pw->title;
	char		*cause = NULL;
	size_t		 i;
	int		 tries;

	for (i = 0; i < pw->n; i++) {
		if (pw->tables[i]->r.error != NULL) {
			sync_page_fail(pw, SYNC_FAILED, EX_DATAERR, "page '%s': "
			    "%s; nothing written", pw->title,
			    pw->tables[i]->r.error);
			sync_page_record_error(s, pw);
			return;
		}
	}
	sync_page_warnings(pw);
	for (tries = 0; tries < SYNC_CONFLICT_TRIES; tries++) {
		if (page_try(s, pw, p) == TRY_DONE)
			break;
		strv_free(&pw->out->notes);
		mw_pages_free(again, 1);
		again = NULL;
		if (mwapi_read(s->mw, &title, 1, MW_READ_TEXT |
		    MW_READ_REDIRECTS, &again, &cause) != 0) {
			sync_page_fail(pw, SYNC_FAILED,
			    mw_error_exit(mwapi_error(s->mw)), "page '%s': "
			    "reading it again after an edit conflict: %s",
			    pw->title, cause);
			free(cause);
			break;
		}
		p = again;
	}
	if (tries > 0 && tries < SYNC_CONFLICT_TRIES)
		strv_pushf(&pw->out->notes, "%d edit conflict%s: the page was "
		    "read again and its regions spliced anew", tries,
		    tries == 1 ? "" : "s");
	if (tries == SYNC_CONFLICT_TRIES)
		sync_page_fail(pw, SYNC_FAILED, EX_TEMPFAIL, "page '%s': edit "
		    "conflicts %d times in a row; the next sync tries again",
		    pw->title, SYNC_CONFLICT_TRIES);
	mw_pages_free(again, 1);
	if (pw->out->status == SYNC_SKIPPED || pw->out->status == SYNC_FAILED)
		sync_page_record_error(s, pw);
}
