/*
 * A streaming CSV reader (RFC 4180, through libcsv in strict mode) that
 * knows the line each record starts on, so that import errors can say
 * "events.csv:12: ...".
 *
 * The file is read in fixed-size blocks and handed to libcsv one physical
 * line at a time; memory stays bounded by the block size plus max_record,
 * whatever the file holds, and buffers are reused from record to record.
 *
 * Accepted: LF and CRLF line ends, a UTF-8 byte order mark at the very
 * start (dropped), blank lines (skipped), quoted fields spanning lines.
 * Unquoted fields lose their leading and trailing spaces and tabs
 * (libcsv's rule); quoted fields are kept exactly, so a writer quotes
 * values that begin or end with blanks.  A lone CR (old Mac line ends)
 * outside quotes is refused rather than guessed at.
 *
 * Errors name the file and the line: "events.csv:7: malformed quoted
 * field", "events.csv:12: unterminated quoted field (the record starts
 * here)", "events.csv:12: record longer than 65536 bytes", read errors.
 */
#ifndef CSVREAD_H
#define CSVREAD_H

#include <stddef.h>

struct csvread;

/*
 * One record.  fields[i] is lens[i] bytes followed by a NUL; a field may
 * hold a NUL byte of its own, which lens shows.  line is the physical
 * line (from 1) where the record starts.  Owned by the reader.
 */
struct csvrecord {
	size_t	  n;		/* fields, at least 1 */
	char	**fields;
	size_t	 *lens;
	long	  line;
};

/*
 * Open path for reading.  A record (its bytes in the file, without the
 * final line end) may be at most max_record bytes.  Returns NULL with
 * *cause set ("events.csv: No such file or directory") on error.
 */
struct csvread	*csvread_open(const char *path, size_t max_record,
		     char **cause);

/*
 * Read the next record into *rec, valid until the next call to
 * csvread_next, csvread_rewind or csvread_close.  Returns 1 for a
 * record, 0 at the end of the file, -1 with *cause set on error; after
 * an error the reader only answers -1 until rewound.
 */
int		 csvread_next(struct csvread *, const struct csvrecord **rec,
		     char **cause);

/* Go back to the start of the file (line 1).  -1 with *cause on error. */
int		 csvread_rewind(struct csvread *, char **cause);

/* Close the file and free the reader (NULL is fine). */
void		 csvread_close(struct csvread *);

#endif
