/*
 * Streaming CSV reader over libcsv, with the line each record starts on.
 *
 * The file is read in blocks; each block is cut at line feeds and libcsv
 * gets one physical line (or the part of it in this block) per call, so
 * after each call we know which line we are on.  Whether a record goes on
 * past the end of a line is known from the parity of the quotes seen
 * since the record began: in strict RFC 4180 every quoted field holds an
 * even number of quote characters once closed.  Only LF ends a record
 * (libcsv is told CR is a blank), so a CRLF line end is a LF line end
 * whose CR is trimmed like a trailing space, and CRLF inside quotes stays
 * data.  A record is checked against max_record before its bytes reach
 * libcsv, so no buffer ever grows past that.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "csvread.h"
#include "log.h"
#include "xmalloc.h"

#define CSVREAD_BLOCK	65536
#define CSVREAD_OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

struct csvread {
	char			*path;
	FILE			*fp;
	size_t			 max_record;
	struct csv_parser	 parser;

	char			*block;	/* CSVREAD_BLOCK bytes */
	size_t			 blen;	/* bytes in block */
	size_t			 bpos;	/* next byte to feed */
	int			 started; /* first block read (BOM) */
	int			 done;	/* end of file reached */
	char			*error;	/* sticky error message */

	long			 line;	/* line of the next byte */
	long			 rec_line; /* line the record starts on */
	size_t			 rec_bytes; /* bytes of it fed so far */
	int			 inquote; /* odd quotes in the record */

	struct buf		 data;	/* fields, each NUL-ended */
	size_t			*offs;	/* field offsets in data */
	size_t			 nalloc;
	int			 have;	/* a record is complete */
	struct csvrecord	 rec;
};

static int	csvread_fail(struct csvread *, char **, long, const char *,
		    ...) __attribute__((format(printf, 4, 5)));

/* libcsv blanks: space, tab and CR (so CRLF ends read like LF ends). */
static int
csvread_is_space(unsigned char c)
{
	return (c == ' ' || c == '\t' || c == '\r');
}

static int
csvread_is_term(unsigned char c)
{
	return (c == '\n');
}

/* libcsv's buffer grows through xmalloc: out of memory is fatal. */
static void *
csvread_realloc(void *p, size_t size)
{
	return (xreallocarray(p, 1, size));
}

static void
csvread_parser_init(struct csvread *cr)
{
	csv_init(&cr->parser, CSVREAD_OPTIONS);
	csv_set_space_func(&cr->parser, csvread_is_space);
	csv_set_term_func(&cr->parser, csvread_is_term);
	csv_set_realloc_func(&cr->parser, csvread_realloc);
	csv_set_blk_size(&cr->parser, 1024);
}

/* Forget the position: the next byte read is the first of line 1. */
static void
csvread_reset(struct csvread *cr)
{
	cr->blen = cr->bpos = 0;
	cr->started = cr->done = 0;
	free(cr->error);
	cr->error = NULL;
	cr->line = cr->rec_line = 1;
	cr->rec_bytes = 0;
	cr->inquote = 0;
	cr->have = 0;
	cr->rec.n = 0;
	buf_reset(&cr->data);
}

/* Set the sticky error "path:line: message" and hand a copy to *cause. */
static int
csvread_fail(struct csvread *cr, char **cause, long line, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(cr->error);
	cr->error = xasprintf("%s:%ld: %s", cr->path, line, msg);
	free(msg);
	*cause = xstrdup(cr->error);
	return (-1);
}

/* libcsv field callback: append the field to the record. */
static void
csvread_field(void *s, size_t len, void *arg)
{
	struct csvread	*cr = arg;

	if (cr->rec.n == cr->nalloc) {
		cr->nalloc = cr->nalloc == 0 ? 32 : cr->nalloc * 2;
		cr->offs = xreallocarray(cr->offs, cr->nalloc,
		    sizeof *cr->offs);
		cr->rec.lens = xreallocarray(cr->rec.lens, cr->nalloc,
		    sizeof *cr->rec.lens);
		cr->rec.fields = xreallocarray(cr->rec.fields, cr->nalloc,
		    sizeof *cr->rec.fields);
	}
	cr->offs[cr->rec.n] = cr->data.len;
	cr->rec.lens[cr->rec.n] = len;
	cr->rec.n++;
	/* Bounded by max_record, checked before the bytes were fed. */
	if (buf_add(&cr->data, s, len) == -1 || buf_addc(&cr->data, '\0') == -1)
		fatalx("csvread: record buffer full");
}

/* libcsv row callback: the record is complete. */
static void
csvread_row(int c, void *arg)
{
	struct csvread	*cr = arg;

	cr->have = 1;
	cr->rec.line = cr->rec_line;
}

struct csvread *
csvread_open(const char *path, size_t max_record, char **cause)
{
	struct csvread	*cr;
	FILE		*fp;

	if ((fp = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (NULL);
	}
	cr = xcalloc(1, sizeof *cr);
	cr->path = xstrdup(path);
	cr->fp = fp;
	cr->max_record = max_record;
	cr->block = xmalloc(CSVREAD_BLOCK);
	buf_init(&cr->data, BUF_UNLIMITED);
	csvread_parser_init(cr);
	csvread_reset(cr);
	return (cr);
}

void
csvread_close(struct csvread *cr)
{
	if (cr == NULL)
		return;
	csv_free(&cr->parser);
	fclose(cr->fp);
	buf_free(&cr->data);
	free(cr->offs);
	free(cr->rec.fields);
	free(cr->rec.lens);
	free(cr->block);
	free(cr->error);
	free(cr->path);
	free(cr);
}

int
csvread_rewind(struct csvread *cr, char **cause)
{
	if (fseeko(cr->fp, 0, SEEK_SET) == -1) {
		*cause = xasprintf("%s: %s", cr->path, strerror(errno));
		return (-1);
	}
	clearerr(cr->fp);
	csv_free(&cr->parser);
	csvread_parser_init(cr);
	csvread_reset(cr);
	return (0);
}

/* Read the next block.  1 if there is one, 0 at end of file, -1 error. */
static int
csvread_fill(struct csvread *cr, char **cause)
{
	cr->blen = fread(cr->block, 1, CSVREAD_BLOCK, cr->fp);
	cr->bpos = 0;
	if (cr->blen == 0) {
		if (ferror(cr->fp))
			return (csvread_fail(cr, cause, cr->line,
			    "read error: %s", strerror(errno)));
		return (0);
	}
	if (!cr->started) {
		cr->started = 1;
		if (cr->blen >= 3 && memcmp(cr->block, "\xef\xbb\xbf", 3) == 0)
			cr->bpos = 3;
	}
	return (1);
}

/*
 * Feed libcsv the rest of the current line that is in the block, after
 * checking the record's length, quotes and line ends.
 */
static int
csvread_feed(struct csvread *cr, char **cause)
{
	const char	*p, *lf;
	size_t		 n, i, content;
	int		 eol;

	p = cr->block + cr->bpos;
	n = cr->blen - cr->bpos;
	if ((lf = memchr(p, '\n', n)) != NULL)
		n = lf - p + 1;
	eol = lf != NULL;

	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			cr->inquote = !cr->inquote;
		else if (p[i] == '\r' && !cr->inquote && i + 1 < n &&
		    p[i + 1] != '\n')
			return (csvread_fail(cr, cause, cr->line,
			    "carriage return without line feed "
			    "(use LF or CRLF line ends)"));
	}

	content = n;
	if (eol) {
		content--;
		if (content > 0 && p[content - 1] == '\r')
			content--;
	}
	if (content > cr->max_record ||
	    cr->rec_bytes > cr->max_record - content)
		return (csvread_fail(cr, cause, cr->rec_line,
		    "record longer than %zu bytes", cr->max_record));
	cr->rec_bytes += n;

	if (csv_parse(&cr->parser, p, n, csvread_field, csvread_row, cr) != n) {
		if (csv_error(&cr->parser) == CSV_EPARSE)
			return (csvread_fail(cr, cause, cr->line,
			    "malformed quoted field"));
		return (csvread_fail(cr, cause, cr->line, "%s",
		    csv_strerror(csv_error(&cr->parser))));
	}
	cr->bpos += n;

	if (eol) {
		cr->line++;
		if (!cr->inquote) {
			cr->rec_line = cr->line;
			cr->rec_bytes = 0;
		}
	}
	return (0);
}

int
csvread_next(struct csvread *cr, const struct csvrecord **rec, char **cause)
{
	size_t	i;
	int	rv;

	if (cr->error != NULL) {
		*cause = xstrdup(cr->error);
		return (-1);
	}
	if (cr->done)
		return (0);

	cr->have = 0;
	cr->rec.n = 0;
	buf_reset(&cr->data);
	while (!cr->have) {
		if (cr->bpos == cr->blen) {
			if ((rv = csvread_fill(cr, cause)) == -1)
				return (-1);
			if (rv == 0) {
				cr->done = 1;
				if (csv_fini(&cr->parser, csvread_field,
				    csvread_row, cr) != 0)
					return (csvread_fail(cr, cause,
					    cr->rec_line, "unterminated quoted "
					    "field (the record starts here)"));
				if (!cr->have)
					return (0);
				break;
			}
		}
		if (csvread_feed(cr, cause) == -1)
			return (-1);
	}

	for (i = 0; i < cr->rec.n; i++)
		cr->rec.fields[i] = cr->data.data + cr->offs[i];
	*rec = &cr->rec;
	return (1);
}
