/*
 * Event writers: an aligned table for people, and CSV, JSON and
 * iCalendar for programs.  Events are written one at a time as they are
 * added (the table alone buffers its rows, to size its columns), so an
 * export of any size runs in constant memory.
 *
 * CSV: a header row of the standard field names in event_fields[] order,
 * then the extra field names; one row per event; an unset field is an
 * empty cell.  Fields are quoted only when they must be (a comma, quote,
 * CR or LF, or a leading or trailing space or tab), quotes doubled.
 * Lines end in LF.  The output reads back exactly through csvread.
 *
 * JSON: an array with one compact object per line, "[\n{...},\n{...}\n]\n"
 * ("[]\n" when empty).  Keys in CSV column order; unset fields are null;
 * the counts (participants, articles_created, articles_improved, edits,
 * bytes_added) are integers, everything else strings.  Given an event's
 * related lists (exporter_add_related), two keys follow:
 * "participant_names", an array of user names ("participants" is the
 * count), and "articles", an array of objects {"wiki", "title",
 * "created" (true or false), "edits", "bytes_added"}.
 *
 * Articles CSV (exporter_new_articles): the pages behind events'
 * figures instead of the events, a header row
 * "event,wiki,title,created,edits,bytes_added" and a row per page,
 * created as yes or no; quoted as the events' CSV.
 *
 * ICS: an RFC 5545 VCALENDAR with one VEVENT per event, CRLF line ends,
 * lines folded at 75 octets between UTF-8 sequences.
 *
 * Table: columns ID, START, COUNTRY, CITY, STATUS, TITLE, two spaces
 * apart, padded to the widest value in terminal columns, values cut to
 * 40 columns (TITLE to 60), no trailing blanks; written by
 * exporter_finish.
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stddef.h>
#include <stdio.h>

struct event;
struct event_article;

enum export_format {
	EXPORT_TABLE,
	EXPORT_CSV,
	EXPORT_JSON,
	EXPORT_ICS
};

struct exporter;

/* "table", "csv", "json" or "ics" into *fmt; -1 if unknown. */
int		 export_format_parse(const char *name,
		     enum export_format *fmt);

/*
 * Start writing to out (which the caller keeps and closes).  extras are
 * the extra field names to write, in that order (sorted, as the registry
 * lists them), after the standard fields as further CSV columns and JSON
 * keys; the exporter copies them.  Other formats ignore them.  stamp is
 * the export time in UTC, "2026-11-24T16:34:00Z", used as every ICS
 * DTSTAMP (NULL for now).  Never fails; write errors show up in
 * exporter_add and exporter_finish.
 */
struct exporter	*exporter_new(enum export_format, FILE *out,
		     char *const *extras, size_t nextras, const char *stamp);

/*
 * Write one event.  Returns 0, or -1 with *cause set: an event whose
 * fields cannot be written ("event 'wg-1': start: ..."), or a write
 * error ("write error: No space left on device").  After -1 the caller
 * should stop and call exporter_finish.
 */
int		 exporter_add(struct exporter *, const struct event *,
		     char **cause);

/*
 * What an event's JSON object carries after its fields (other formats
 * ignore it): its participants' user names and its articles, each in
 * the order given.
 */
struct export_related {
	const char *const		*users;
	size_t				 nusers;
	const struct event_article	*articles;
	size_t				 narticles;
};

/* As exporter_add, with the event's related lists (NULL: none given). */
int		 exporter_add_related(struct exporter *, const struct event *,
		     const struct export_related *, char **cause);

/*
 * Start writing the articles CSV to out (header included); rows are
 * added with exporter_add_article, and the output ended and freed with
 * exporter_finish.  exporter_add is not for it.
 */
struct exporter	*exporter_new_articles(FILE *out);
/* Write one page's row; errors as exporter_add's. */
int		 exporter_add_article(struct exporter *,
		     const struct event_article *, char **cause);

/*
 * Write what ends the output (and, for the table, all of it), flush out
 * and check it for errors.  Frees the exporter in all cases.  Returns 0,
 * or -1 with *cause set ("write error: No space left on device") unless
 * cause is NULL (a caller abandoning the output after another error).
 * An ICS exporter also frees libical's (global) cache of time zones, so
 * have one ICS exporter at a time.
 */
int		 exporter_finish(struct exporter *, char **cause);

#endif
