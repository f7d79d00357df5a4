/*
 * Importing events, and events' participants, from CSV into the registry.
 *
 * The first row names the columns: standard field names and the extra
 * fields the config declares; an "id" column is required.  Each row
 * upserts the event with that id: the columns present are set (an empty
 * cell clears the field), the others keep their values.  The whole file is
 * one transaction: every row is checked, every bad one reported (file:line,
 * event, field), and if any is bad nothing is written.
 */
#ifndef IMPORT_H
#define IMPORT_H

struct config;
struct registry;
struct strv;

#define IMPORT_DRY_RUN		0x1	/* check and count, then roll back */
#define IMPORT_LOWERCASE_IDS	0x2	/* fold ids' ASCII capitals */

#define IMPORT_MAX_ERRORS	50	/* then stop reading */
#define IMPORT_MAX_RECORD	65536	/* bytes in one CSV record */

struct import_stats {
	long	rows;
	long	added;
	long	changed;
	long	unchanged;
};

/*
 * Import path with history source.  With IMPORT_DRY_RUN, check
 * everything and count, then roll back.  With IMPORT_LOWERCASE_IDS, each
 * id has its ASCII capitals folded ("WG23-Nairobi" is imported as
 * "wg23-nairobi"), and an event created so has the spelling in its
 * history (field id, from the spelling to the id).  Two ids of the file
 * that fold to one are refused, and so is an id whose folding is in the
 * registry already for another event: one not created from that
 * spelling.  So a second import of the same file updates the events the
 * first made.  Returns 0, or -1 with the errors appended: when
 * registry_errcode() is then REGISTRY_OK the file was at fault, otherwise
 * the registry was.
 */
int	import_csv(struct registry *, const struct config *, const char *path,
	    const char *source, int flags, struct import_stats *,
	    struct strv *errors);

struct participants_stats {
	long	rows;
	long	added;
	long	listed;		/* listed already, or earlier in the file */
	long	events;		/* events that got someone */
};

/*
 * Import participants (import-participants.c): path is a CSV file whose
 * header names exactly the columns "event" and "user", in either order;
 * each row adds the user (username_normalize()d) to the event's
 * participants.  Every row's event must exist and its user name be
 * valid; every error is appended as "FILE:LINE: message", and if there
 * is any nothing is written.  Otherwise one transaction, every addition
 * recorded in history with source.  With IMPORT_LOWERCASE_IDS the event
 * column's ASCII capitals are folded (it names events only: no spelling
 * is checked).  flags, the return value and the errors as import_csv's.
 */
int	import_participants(struct registry *, const char *path,
	    const char *source, int flags, struct participants_stats *,
	    struct strv *errors);

#endif
