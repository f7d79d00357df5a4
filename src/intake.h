/*
 * Intake, the part that knows no network and no SQL: from the template
 * calls of a sign-up page (parsetree.h) to validated events, the merge of
 * a call with the registry's event (newest wins, field by field), the
 * page text with new ids written into their calls, and the report of
 * invalid calls that organizers read on the page.
 *
 * What a call says.  A parameter present in the call speaks for its
 * field: "|venue=" clears the venue.  A field the call does not name is
 * left alone, so values the coordinator keeps only in the registry
 * (participants, say) are never cleared by a sign-up.  Two fields are
 * always given: campaign (the intake's) and title (when the call has
 * none: "CAMPAIGN: CITY", or the country).
 *
 * Newest wins.  The registry keeps, per call, its "base": the fields the
 * call gave when it was last pulled.  A field the call changed since
 * (wiki value differs from base) while the registry's value still is the
 * base's, is taken from the wiki.  A field both changed is a conflict:
 * the registry's last change of it (its history) against the page
 * revision's timestamp decides, and the loser is recorded in history.
 */
#ifndef INTAKE_H
#define INTAKE_H

#include <stddef.h>

#include "event.h"
#include "strv.h"

struct config;
struct conf_intake;
struct pt_doc;

/* Reported values and messages are cut to this many columns. */
#define INTAKE_QUOTE	60

struct intake_call {
	int		 number;	/* 1-based among the page's calls */
	int		 line;		/* of its "{{" */
	size_t		 pt;		/* its index in the pt_doc */
	struct event	 ev;		/* its values, normalized; v[F_ID] ""
					   when it has no id yet */
	struct strv	 given;		/* the fields it gives */
	int		 id_part;	/* its empty "id=" part, or -1 */
	char		*error;		/* why it is invalid; NULL: valid */
	int		 dup_of;	/* number of the call whose id it
					   repeats, or 0 */
};

struct intake_calls {
	struct intake_call	*v;
	size_t			 n;
	size_t			 invalid;
	char			*id_param;	/* the parameter ids go in */
};

/*
 * Map and validate every call of doc for intake in: parameters to fields
 * (map.PARAM, else the same name), each value checked and normalized as
 * the registry would, the event as a whole validated with a provisional
 * id, ids unique on the page.  Invalid calls get an error and nothing
 * else is used of them.
 */
void	intake_read_calls(const struct config *, const struct conf_intake *,
	    const struct pt_doc *, struct intake_calls *);
void	intake_calls_free(struct intake_calls *);

/*
 * A call's base: its given fields and values in one string ("field\t
 * value\n" lines, escaped), and back.  decode fills ev (initialized by
 * the caller) and given; -1 on a malformed string.
 */
char	*intake_base_encode(const struct event *, const struct strv *given);
int	 intake_base_decode(const char *, struct event *, struct strv *given);

/* When the registry's value of field last changed: "" if unknown. */
typedef int	(*intake_changed_fn)(const char *field, char **at, void *arg,
		    char **cause);

struct intake_merge {
	struct event	 ev;		/* the event to store */
	struct strv	 applied;	/* fields taken from the call */
	struct strv	 lost;		/* fields a newer registry value kept */
	int		 changed;	/* ev differs from the stored event */
};

/*
 * Merge call c into stored (NULL: no event with its id yet) given the
 * call's base (NULL: never pulled) and the timestamp of the page
 * revision the call was read from.  -1 with *cause only if changed_at
 * fails.  The merged event is validated: -1 with *cause if the merge
 * would store an invalid event (the call is then reported).
 */
int	intake_merge(const struct intake_call *c, const struct event *stored,
	    const struct event *base, const struct strv *base_given,
	    const char *rev_time, intake_changed_fn changed_at, void *arg,
	    struct intake_merge *m, char **cause);
void	intake_merge_free(struct intake_merge *);

/*
 * The page's source with ids[i] (NULL: none) written into call i of
 * calls: as a first parameter "|id=ID" right after the template's name
 * (on its own line when the name ends a line), or into an empty "id="
 * parameter.  Newly allocated.  starts, if not NULL, has room for
 * calls->n offsets and gets each call's "{{" offset in the new text.
 */
char	*intake_write_ids(const struct pt_doc *, const struct intake_calls *,
	    const char *const *ids, size_t *starts);

/*
 * The report region's text: a table of the invalid calls (its number,
 * the start of its source, what is wrong) or a line saying there are
 * none.  No line numbers: the report itself moves the lines below it.
 */
char	*intake_report(const struct conf_intake *,
	    const struct intake_calls *, const struct pt_doc *);

#endif
