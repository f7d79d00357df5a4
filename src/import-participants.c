/*
 * CSV import of participants: the header (exactly event and user), row
 * checks (the event exists, the user name is valid), and the additions
 * in one transaction.  Prints nothing: errors and counts go back to the
 * caller.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "event.h"
#include "import.h"
#include "registry.h"
#include "strv.h"
#include "username.h"
#include "xmalloc.h"

struct import_people {
	const char			*path;
	const char			*source;
	int				 flags;
	int				 dry_done;
	struct csvread			*cr;
	struct participants_stats	 stats;
	struct strv			*errors;
	size_t				 errors_before;
	int				 event_column;
	int				 user_column;
	struct strv			 events;	/* that got someone */
};

static void
people_error(struct import_people *im, long line, const char *msg)
{
	strv_pushf(im->errors, "%s:%ld: %s", im->path, line, msg);
}

static int
people_failed(struct import_people *im)
{
	return (im->errors->n != im->errors_before);
}

/* The header: the columns event and user, once each, nothing else. */
static int
people_header(struct import_people *im, const struct csvrecord *rec)
{
	char	*name, *msg;
	int	*col;
	size_t	 i;

	im->event_column = im->user_column = -1;
	for (i = 0; i < rec->n; i++) {
		name = xstrndup(rec->fields[i], rec->lens[i]);
		if (strcmp(name, "event") == 0)
			col = &im->event_column;
		else if (strcmp(name, "user") == 0)
			col = &im->user_column;
		else
			col = NULL;
		if (col == NULL)
			msg = xasprintf("unknown column '%s' (the columns are "
			    "event and user)", name);
		else if (*col != -1)
			msg = xasprintf("column '%s' appears twice", name);
		else {
			*col = (int)i;
			msg = NULL;
		}
		if (msg != NULL) {
			people_error(im, rec->line, msg);
			free(msg);
		}
		free(name);
	}
	if (im->event_column == -1)
		people_error(im, rec->line, "missing column 'event'");
	if (im->user_column == -1)
		people_error(im, rec->line, "missing column 'user'");
	return (people_failed(im) ? -1 : 0);
}

static int	people_add(struct registry *, struct import_people *, long,
		    const char *, const char *, char **);

/* Check one row and add its user; -1 only when the registry fails. */
static int
people_row(struct registry *reg, struct import_people *im,
    const struct csvrecord *rec, char **cause)
{
	const char	*raw;
	char		*id, *user, *why, *msg;
	int		 rv;

	im->stats.rows++;
	if (rec->n != 2) {
		msg = xasprintf("%zu fields, but the header has 2", rec->n);
		people_error(im, rec->line, msg);
		free(msg);
		return (0);
	}
	if (memchr(rec->fields[0], '\0', rec->lens[0]) != NULL ||
	    memchr(rec->fields[1], '\0', rec->lens[1]) != NULL) {
		people_error(im, rec->line, "NUL byte in value");
		return (0);
	}
	raw = rec->fields[im->user_column];
	if (*rec->fields[im->event_column] == '\0') {
		people_error(im, rec->line, "event is empty");
		return (0);
	}
	if ((user = username_normalize(raw, &why)) == NULL) {
		people_error(im, rec->line, why);
		free(why);
		return (0);
	}
	if (im->flags & IMPORT_LOWERCASE_IDS)
		id = event_id_fold(rec->fields[im->event_column]);
	else
		id = xstrdup(rec->fields[im->event_column]);
	rv = people_add(reg, im, rec->line, id, user, cause);
	free(id);
	free(user);
	return (rv);
}

/* Add user to event id, as row line asks; -1 if the registry fails. */
static int
people_add(struct registry *reg, struct import_people *im, long line,
    const char *id, const char *user, char **cause)
{
	char	*msg, *fold;
	int	 added;

	/* After an error nothing is committed, but the rest is checked. */
	if (registry_participant_add(reg, id, user, im->source, &added,
	    cause) == -1) {
		if (registry_errcode(reg) != REGISTRY_EDATA)
			return (-1);
		free(*cause);
		*cause = NULL;
		fold = event_id_fold(id);
		if (strcmp(fold, id) != 0)
			msg = xasprintf("event '%s': no such event (ids are "
			    "lower case: import with --lowercase-ids to read "
			    "it as '%s')", id, fold);
		else
			msg = xasprintf("event '%s': no such event", id);
		people_error(im, line, msg);
		free(msg);
		free(fold);
		return (0);
	}
	if (!added) {
		im->stats.listed++;
		return (0);
	}
	im->stats.added++;
	if ((im->events.n == 0 ||
	    strcmp(im->events.v[im->events.n - 1], id) != 0) &&
	    !strv_contains(&im->events, id))
		strv_push(&im->events, xstrdup(id));
	return (0);
}

/* The transaction: may run more than once, so it starts from scratch. */
static int
people_write(struct registry *reg, void *arg, char **cause)
{
	struct import_people	*im = arg;
	const struct csvrecord	*rec;
	int			 rv;

	while (im->errors->n > im->errors_before) {
		free(im->errors->v[--im->errors->n]);
		im->errors->v[im->errors->n] = NULL;
	}
	memset(&im->stats, 0, sizeof im->stats);
	strv_free(&im->events);
	if (csvread_rewind(im->cr, cause) == -1)
		return (-1);
	if ((rv = csvread_next(im->cr, &rec, cause)) == -1)
		return (-1);
	if (rv == 0) {
		*cause = xasprintf("%s: empty file, expected a header row "
		    "(event,user)", im->path);
		return (-1);
	}
	if (people_header(im, rec) == -1)
		return (-1);
	while ((rv = csvread_next(im->cr, &rec, cause)) == 1) {
		if (people_row(reg, im, rec, cause) == -1)
			return (-1);
		if (im->errors->n - im->errors_before >= IMPORT_MAX_ERRORS) {
			strv_pushf(im->errors, "%s: too many errors, stopped "
			    "at line %ld", im->path, rec->line);
			return (-1);
		}
	}
	if (rv == -1 || people_failed(im))
		return (-1);
	im->stats.events = (long)im->events.n;
	if (im->flags & IMPORT_DRY_RUN) {
		im->dry_done = 1;
		return (-1);
	}
	return (0);
}

int
import_participants(struct registry *reg, const char *path,
    const char *source, int flags, struct participants_stats *stats,
    struct strv *errors)
{
	struct import_people	 im;
	char			*cause = NULL;
	int			 rv;

	memset(&im, 0, sizeof im);
	im.path = path;
	im.source = source;
	im.flags = flags;
	im.errors = errors;
	im.errors_before = errors->n;
	if ((im.cr = csvread_open(path, IMPORT_MAX_RECORD, &cause)) == NULL) {
		strv_push(errors, cause);
		return (-1);
	}
	rv = registry_write(reg, people_write, &im, &cause);
	if (rv == -1 && im.dry_done)
		rv = 0;
	if (cause != NULL)
		strv_push(errors, cause);
	*stats = im.stats;
	csvread_close(im.cr);
	strv_free(&im.events);
	return (rv == 0 && !people_failed(&im) ? 0 : -1);
}
