/*
 * CSV import: header mapping, row checks, upsert in one transaction.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "csvread.h"
#include "event.h"
#include "import.h"
#include "registry.h"
#include "strv.h"
#include "xmalloc.h"

/* Ids seen in this file, to refuse a duplicate: open addressing. */
struct idset {
	char	**ids;
	char	**spellings;	/* as the file wrote them */
	long	 *lines;
	size_t	  size;		/* a power of two */
	size_t	  n;
};

struct import {
	const struct config	*cf;
	const char		*path;
	const char		*source;
	int			 flags;
	struct csvread		*cr;
	struct import_stats	 stats;
	struct strv		*errors;
	size_t			 errors_before;
	char			**columns;	/* names, by column */
	size_t			 ncolumns;
	int			 id_column;
	struct idset		 ids;
	int			 dry_done;
};

static uint64_t
idset_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (h);
}

static void
idset_free(struct idset *set)
{
	size_t	i;

	for (i = 0; i < set->size; i++) {
		free(set->ids[i]);
		free(set->spellings[i]);
	}
	free(set->ids);
	free(set->spellings);
	free(set->lines);
	memset(set, 0, sizeof *set);
}

/*
 * Add id, spelt so, at line; returns 0, or the line it was first seen at
 * with *first its spelling there.
 */
static long
idset_add(struct idset *set, const char *id, const char *spelling,
    long line, const char **first)
{
	struct idset	grown;
	size_t		i;

	if (set->n * 2 >= set->size) {
		memset(&grown, 0, sizeof grown);
		grown.size = set->size == 0 ? 1024 : set->size * 2;
		grown.ids = xcalloc(grown.size, sizeof *grown.ids);
		grown.spellings = xcalloc(grown.size,
		    sizeof *grown.spellings);
		grown.lines = xcalloc(grown.size, sizeof *grown.lines);
		for (i = 0; i < set->size; i++)
			if (set->ids[i] != NULL) {
				idset_add(&grown, set->ids[i],
				    set->spellings[i], set->lines[i], first);
				free(set->ids[i]);
				free(set->spellings[i]);
				set->ids[i] = set->spellings[i] = NULL;
			}
		idset_free(set);
		*set = grown;
	}
	i = idset_hash(id) & (set->size - 1);
	while (set->ids[i] != NULL) {
		if (strcmp(set->ids[i], id) == 0) {
			*first = set->spellings[i];
			return (set->lines[i]);
		}
		i = (i + 1) & (set->size - 1);
	}
	set->ids[i] = xstrdup(id);
	set->spellings[i] = xstrdup(spelling);
	set->lines[i] = line;
	set->n++;
	return (0);
}

static void
import_error(struct import *im, long line, const char *id, const char *msg)
{
	if (id != NULL && *id != '\0')
		strv_pushf(im->errors, "%s:%ld: event '%s': %s", im->path,
		    line, id, msg);
	else
		strv_pushf(im->errors, "%s:%ld: %s", im->path, line, msg);
}

static int
import_failed(struct import *im)
{
	return (im->errors->n != im->errors_before);
}

static void
import_free_columns(struct import *im)
{
	size_t	i;

	for (i = 0; i < im->ncolumns; i++)
		free(im->columns[i]);
	free(im->columns);
	im->columns = NULL;
	im->ncolumns = 0;
}

/* Map the header row to field names; -1 if it is unusable. */
static int
import_header(struct import *im, const struct csvrecord *rec)
{
	size_t		 i, j;
	char		*msg;

	im->columns = xcalloc(rec->n, sizeof *im->columns);
	im->ncolumns = rec->n;
	im->id_column = -1;
	for (i = 0; i < rec->n; i++) {
		im->columns[i] = xstrndup(rec->fields[i], rec->lens[i]);
		if (strcmp(im->columns[i], "id") == 0)
			im->id_column = (int)i;
		for (j = 0; j < i; j++)
			if (strcmp(im->columns[i], im->columns[j]) == 0) {
				msg = xasprintf("column '%s' appears twice",
				    im->columns[i]);
				import_error(im, rec->line, NULL, msg);
				free(msg);
			}
		if (conf_field_known(im->cf, im->columns[i]))
			continue;
		msg = conf_unknown_field(im->cf, "column", im->columns[i]);
		import_error(im, rec->line, NULL, msg);
		free(msg);
	}
	if (im->id_column == -1)
		import_error(im, rec->line, NULL, "missing required column "
		    "'id'");
	return (import_failed(im) ? -1 : 0);
}

/*
 * The row's id into ev (folded with IMPORT_LOWERCASE_IDS) and its
 * spelling in the file, newly allocated; -1 if it is refused.
 */
static int
import_id(struct import *im, const struct csvrecord *rec, struct event *ev,
    char **spelling)
{
	const char	*raw = rec->fields[im->id_column];
	char		*given, *why = NULL, *fold, *msg, *no = NULL;
	size_t		 len, off;

	if (im->flags & IMPORT_LOWERCASE_IDS)
		given = event_id_fold(raw);
	else
		given = xstrdup(raw);
	if (event_set(ev, "id", given, &why) == -1 || *ev->v[F_ID] == '\0') {
		/* Quote the id as the file has it, not as folded. */
		if (why != NULL && (im->flags & IMPORT_LOWERCASE_IDS)) {
			free(why);
			why = NULL;
			(void)event_set(ev, "id", raw, &why);
		}
		fold = event_id_fold(raw);
		/* Say so when the flag would have done it. */
		if (why != NULL && !(im->flags & IMPORT_LOWERCASE_IDS) &&
		    event_set(ev, "id", fold, &no) == 0 &&
		    *ev->v[F_ID] != '\0') {
			msg = xasprintf("%s, or import with --lowercase-ids",
			    why);
			free(why);
			why = msg;
		}
		import_error(im, rec->line, NULL, why != NULL ? why :
		    "id is empty");
		free(no);
		free(fold);
		free(why);
		free(given);
		return (-1);
	}
	free(given);
	/* The id as written, without the spaces event_set trimmed. */
	len = strlen(ev->v[F_ID]);
	for (off = 0; raw[off] != '\0'; off++)
		if (strncasecmp(raw + off, ev->v[F_ID], len) == 0)
			break;
	*spelling = raw[off] != '\0' ? xstrndup(raw + off, len) :
	    xstrdup(ev->v[F_ID]);
	return (0);
}

/* Refuse an id seen before in the file, or folded to one seen; -1. */
static int
import_seen(struct import *im, long line, const char *id,
    const char *spelling)
{
	const char	*was = NULL;
	char		*msg;
	long		 first;

	if ((first = idset_add(&im->ids, id, spelling, line, &was)) == 0)
		return (0);
	if (strcmp(was, spelling) == 0)
		msg = xasprintf("duplicate id, first at line %ld", first);
	else
		msg = xasprintf("id '%s' folds to the same id as '%s' on line "
		    "%ld", spelling, was, first);
	import_error(im, line, id, msg);
	free(msg);
	return (-1);
}

/* Did the history of an event show it was created from this spelling? */
struct spelt {
	const char	*id;
	const char	*spelling;
	int		 yes;
};

static int
import_spelt_entry(const struct history_entry *h, void *arg)
{
	struct spelt	*sp = arg;

	/* Its creation and its deletion note the id too, and reset it. */
	if (strcmp(h->field, "id") == 0)
		sp->yes = h->old_value != NULL && h->new_value != NULL &&
		    strcmp(h->old_value, sp->spelling) == 0 &&
		    strcmp(h->new_value, sp->id) == 0;
	return (0);
}

/*
 * A folded id that the registry has: 1 if its event was created from the
 * same spelling (a second import), 0 with the row refused if not, -1 if
 * the registry fails.
 */
static int
import_same_event(struct registry *reg, struct import *im, long line,
    const char *id, const char *spelling, char **cause)
{
	struct spelt	 sp = { id, spelling, 0 };
	char		*msg;

	if (registry_history(reg, id, import_spelt_entry, &sp, cause) == -1)
		return (-1);
	if (sp.yes)
		return (1);
	msg = xasprintf("id '%s' folds to '%s', an event the registry has "
	    "already that was not imported as '%s': write '%s' to update it, "
	    "or choose another id", spelling, id, spelling, id);
	import_error(im, line, id, msg);
	free(msg);
	return (0);
}

/* Check one row and, if all is well so far, write it. */
static int
import_row(struct registry *reg, struct import *im,
    const struct csvrecord *rec, char **cause)
{
	struct event	 ev, stored;
	char		*id = NULL, *spelling = NULL, *why = NULL, *msg;
	size_t		 i;
	int		 found, changed, rv = 0;

	im->stats.rows++;
	if (rec->n != im->ncolumns) {
		msg = xasprintf("%zu fields, but the header has %zu", rec->n,
		    im->ncolumns);
		import_error(im, rec->line, NULL, msg);
		free(msg);
		return (0);
	}
	event_init(&ev);
	event_init(&stored);
	if (import_id(im, rec, &ev, &spelling) == -1)
		goto out;
	id = xstrdup(ev.v[F_ID]);
	if (import_seen(im, rec->line, id, spelling) == -1)
		goto out;
	if ((found = registry_get(reg, id, &stored, cause)) == -1) {
		rv = -1;
		goto out;
	}
	if (found && strcmp(spelling, id) != 0 && (rv = import_same_event(reg,
	    im, rec->line, id, spelling, cause)) != 1)
		goto out;
	rv = 0;
	if (found) {
		/* Start from the stored event; keep it to diff against. */
		event_free(&ev);
		event_copy(&ev, &stored);
	}
	for (i = 0; i < rec->n; i++) {
		if ((int)i == im->id_column)
			continue;
		if (memchr(rec->fields[i], '\0', rec->lens[i]) != NULL) {
			msg = xasprintf("%s: NUL byte in value",
			    im->columns[i]);
			import_error(im, rec->line, id, msg);
			free(msg);
			goto out;
		}
		if (event_set(&ev, im->columns[i], rec->fields[i],
		    &why) == -1) {
			import_error(im, rec->line, id, why);
			free(why);
			goto out;
		}
	}
	if (!found)
		event_defaults(&ev);
	if (event_validate(&ev, &why) == -1) {
		import_error(im, rec->line, id, why);
		free(why);
		goto out;
	}
	/* Once a row failed nothing will be committed: only check. */
	if (import_failed(im))
		goto out;
	if ((rv = registry_put_over(reg, &ev, found ? &stored : NULL,
	    im->source, &changed, cause)) == -1)
		goto out;
	/* Remember the spelling: a second import is the same event. */
	if (!found && strcmp(spelling, id) != 0 && (rv =
	    registry_history_note(reg, id, im->source, "id", spelling, id,
	    cause)) == -1)
		goto out;
	if (!found)
		im->stats.added++;
	else if (changed > 0)
		im->stats.changed++;
	else
		im->stats.unchanged++;
out:
	free(id);
	free(spelling);
	event_free(&ev);
	event_free(&stored);
	return (rv);
}

/* The transaction: may run more than once, so it starts from scratch. */
static int
import_write(struct registry *reg, void *arg, char **cause)
{
	struct import		*im = arg;
	const struct csvrecord	*rec;
	int			 rv;

	while (im->errors->n > im->errors_before) {
		free(im->errors->v[--im->errors->n]);
		im->errors->v[im->errors->n] = NULL;
	}
	memset(&im->stats, 0, sizeof im->stats);
	import_free_columns(im);
	idset_free(&im->ids);
	if (csvread_rewind(im->cr, cause) == -1)
		return (-1);

	if ((rv = csvread_next(im->cr, &rec, cause)) == -1)
		return (-1);
	if (rv == 0) {
		*cause = xasprintf("%s: empty file, expected a header row",
		    im->path);
		return (-1);
	}
	if (import_header(im, rec) == -1)
		return (-1);
	while ((rv = csvread_next(im->cr, &rec, cause)) == 1) {
		if (import_row(reg, im, rec, cause) == -1)
			return (-1);
		if (im->errors->n - im->errors_before >= IMPORT_MAX_ERRORS) {
			strv_pushf(im->errors, "%s: too many errors, stopped "
			    "at line %ld", im->path, rec->line);
			return (-1);
		}
	}
	if (rv == -1 || import_failed(im))
		return (-1);
	if (im->flags & IMPORT_DRY_RUN) {
		im->dry_done = 1;
		return (-1);
	}
	return (0);
}

int
import_csv(struct registry *reg, const struct config *cf, const char *path,
    const char *source, int flags, struct import_stats *stats,
    struct strv *errors)
{
	struct import	 im;
	char		*cause = NULL;
	int		 rv;

	memset(&im, 0, sizeof im);
	im.cf = cf;
	im.path = path;
	im.source = source;
	im.flags = flags;
	im.errors = errors;
	im.errors_before = errors->n;
	if ((im.cr = csvread_open(path, IMPORT_MAX_RECORD, &cause)) == NULL) {
		strv_push(errors, cause);
		return (-1);
	}
	rv = registry_write(reg, import_write, &im, &cause);
	if (rv == -1 && im.dry_done)
		rv = 0;
	if (cause != NULL)
		strv_push(errors, cause);
	*stats = im.stats;
	csvread_close(im.cr);
	import_free_columns(&im);
	idset_free(&im.ids);
	return (rv == 0 && !import_failed(&im) ? 0 : -1);
}
