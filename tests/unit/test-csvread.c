/*
 * Unit tests for csvread: RFC 4180 quoting, line numbers of records that
 * follow multi-line fields, CRLF, BOM, blank lines, the errors (naming
 * file and line), the record size limit, rewind.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "xmalloc.h"
#include "tap.h"

static char	 tmpdir[] = "/tmp/test-csvread.XXXXXX";
static char	*path;

/* Write len bytes of s to the test file (events.csv in tmpdir). */
static void
put(const char *s, size_t len)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL || fwrite(s, 1, len, f) != len ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void
puts_file(const char *s)
{
	put(s, strlen(s));
}

/* "path:rest", to compare with an error message. */
static char *
at(const char *rest)
{
	return (xasprintf("%s:%s", path, rest));
}

/* Open path or fail the whole test. */
static struct csvread *
open_or_die(size_t max)
{
	struct csvread	*cr;
	char		*cause;

	if ((cr = csvread_open(path, max, &cause)) == NULL) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	return (cr);
}

/*
 * Read every record of the file as "line:f1|f2|...;" into one string,
 * ending in "EOF" or "ERR <message>".
 */
static char *
slurp(size_t max)
{
	struct csvread		*cr;
	const struct csvrecord	*rec;
	char			*cause, *s, *t;
	size_t			 i;
	int			 rv;

	cr = open_or_die(max);
	s = xstrdup("");
	while ((rv = csvread_next(cr, &rec, &cause)) == 1) {
		t = xasprintf("%s%ld:", s, rec->line);
		free(s);
		s = t;
		for (i = 0; i < rec->n; i++) {
			t = xasprintf("%s%s%s", s, i > 0 ? "|" : "",
			    rec->fields[i]);
			free(s);
			s = t;
		}
		t = xasprintf("%s;", s);
		free(s);
		s = t;
	}
	if (rv == 0)
		t = xasprintf("%sEOF", s);
	else {
		t = xasprintf("%sERR %s", s, cause);
		free(cause);
	}
	free(s);
	csvread_close(cr);
	return (t);
}

/* Check that reading the current file gives want. */
static void
check(size_t max, const char *want, const char *what)
{
	char	*got;

	got = slurp(max);
	is_str(got, want, what);
	free(got);
}

/* Check that reading gives the records in want, then error rest@path. */
static void
check_err(size_t max, const char *records, const char *rest,
    const char *what)
{
	char	*msg, *want;

	msg = at(rest);
	want = xasprintf("%sERR %s", records, msg);
	check(max, want, what);
	free(want);
	free(msg);
}

static void
test_basic(void)
{
	puts_file("id,title,city\nwg-1,Edit-a-thon,Nairobi\nwg-2,,Oslo\n");
	check(1024, "1:id|title|city;2:wg-1|Edit-a-thon|Nairobi;3:wg-2||Oslo;"
	    "EOF", "plain records");

	puts_file("a,b\nc,d");
	check(1024, "1:a|b;2:c|d;EOF", "no final line end");

	puts_file("");
	check(1024, "EOF", "empty file");

	puts_file("\xef\xbb\xbf");
	check(1024, "EOF", "only a BOM");

	puts_file("\xef\xbb\xbfid,title\nx,y\n");
	check(1024, "1:id|title;2:x|y;EOF", "BOM dropped");

	puts_file("a,\xef\xbb\xbf" "b\n");
	check(1024, "1:a|\xef\xbb\xbf" "b;EOF", "BOM kept when not first");

	puts_file("\n\na,b\n\n   \n\t\nc,d\n\n");
	check(1024, "3:a|b;7:c|d;EOF", "blank lines skipped, lines counted");

	puts_file(",\n");
	check(1024, "1:|;EOF", "a record of empty fields");
}

static void
test_quotes(void)
{
	puts_file("id,title\n\"wg-1\",\"Art, Feminism, and Wikipedia\"\n");
	check(1024, "1:id|title;2:wg-1|Art, Feminism, and Wikipedia;EOF",
	    "quoted commas");

	puts_file("a,\"She said \"\"hi\"\"\",\"\"\"\"\n");
	check(1024, "1:a|She said \"hi\"|\";EOF", "doubled quotes");

	puts_file("id,notes,x\n"
	    "1,\"line one\nline two\n\nline four\",y\n"
	    "2,\"a\",z\n"
	    "3,\"\n\",w\n"
	    "\n"
	    "4,last,v\n");
	check(1024, "1:id|notes|x;2:1|line one\nline two\n\nline four|y;"
	    "6:2|a|z;7:3|\n|w;10:4|last|v;EOF",
	    "newlines inside quotes, lines of later records");

	puts_file("  a  , \"  b  \" ,c\t\n");
	check(1024, "1:a|  b  |c;EOF",
	    "unquoted fields trimmed, quoted fields kept");

	puts_file("Göteborg,日本語,\"Zoë, 🙂\"\n");
	check(1024, "1:Göteborg|日本語|Zoë, 🙂;EOF", "UTF-8 passes through");
}

static void
test_crlf(void)
{
	puts_file("id,title\r\nwg-1,\"two\r\nlines\"\r\n\r\nwg-2,\"q\"\r\n");
	check(1024, "1:id|title;2:wg-1|two\r\nlines;5:wg-2|q;EOF",
	    "CRLF line ends, CRLF kept inside quotes");

	puts_file("a,b\r\nc,d\r");
	check(1024, "1:a|b;2:c|d;EOF", "CR at end of file");

	puts_file("a,b\rc,d\r\n");
	check_err(1024, "", "1: carriage return without line feed "
	    "(use LF or CRLF line ends)", "lone CR refused");

	puts_file("a,\"b\rc\"\n");
	check(1024, "1:a|b\rc;EOF", "lone CR inside quotes is data");
}

static void
test_errors(void)
{
	char	*cause, *missing, *want;

	puts_file("id,title\nwg-1,x\nwg-2,\"open\nstill open\n");
	check_err(1024, "1:id|title;2:wg-1|x;",
	    "3: unterminated quoted field (the record starts here)",
	    "unterminated quote names the record's first line");

	puts_file("a\n\n\n\"b");
	check_err(1024, "1:a;", "4: unterminated quoted field "
	    "(the record starts here)", "unterminated, no line end");

	puts_file("h\n1\n2\n3\n4\n5\na,\"b\"c,d\n");
	check_err(1024, "1:h;2:1;3:2;4:3;5:4;6:5;",
	    "7: malformed quoted field", "text after a closing quote");

	puts_file("h\nab\"c\n");
	check_err(1024, "1:h;", "2: malformed quoted field",
	    "quote inside an unquoted field");

	puts_file("h\n\"a\nb\nc\" x\n");
	check_err(1024, "1:h;", "4: malformed quoted field",
	    "malformed quote names its own line");

	missing = xasprintf("%s/nonexistent.csv", tmpdir);
	want = xasprintf("%s: No such file or directory", missing);
	cause = NULL;
	ok(csvread_open(missing, 1024, &cause) == NULL,
	    "open of a missing file fails");
	is_str(cause, want, "open error names path and errno");
	free(cause);
	free(missing);
	free(want);
}

static void
test_sticky(void)
{
	struct csvread		*cr;
	const struct csvrecord	*rec;
	char			*cause, *want;

	puts_file("a\n\"b\"x\nc\n");
	cr = open_or_die(1024);
	is_int(csvread_next(cr, &rec, &cause), 1, "record before error");
	is_int(csvread_next(cr, &rec, &cause), -1, "error");
	free(cause);
	is_int(csvread_next(cr, &rec, &cause), -1, "error is sticky");
	want = at("2: malformed quoted field");
	is_str(cause, want, "same error again");
	free(want);
	free(cause);
	is_int(csvread_rewind(cr, &cause), 0, "rewind after error");
	is_int(csvread_next(cr, &rec, &cause), 1, "reads again");
	is_str(rec->fields[0], "a", "from the start");
	csvread_close(cr);
}

static void
test_limits(void)
{
	struct csvread		*cr;
	const struct csvrecord	*rec;
	char			*big, *cause, *want;
	size_t			 i, n;
	int			 rv;

	/* 10 bytes exactly, CRLF not counted. */
	puts_file("h\r\n0123456789\r\n");
	check(10, "1:h;2:0123456789;EOF", "a record of exactly max bytes");

	puts_file("h\n0123456789a\n");
	check_err(10, "1:h;", "2: record longer than 10 bytes",
	    "one byte too many");

	puts_file("h\n\"01234\n56789\"\n");
	check_err(10, "1:h;", "2: record longer than 10 bytes",
	    "multi-line record too long names its first line");

	/* 8 MiB on one line: refused after the first block or so. */
	n = 8 * 1024 * 1024;
	big = xmalloc(n + 16);
	memcpy(big, "h\nx,\"", 5);
	memset(big + 5, 'x', n);
	put(big, n + 5);
	free(big);
	cr = open_or_die(65536);
	is_int(csvread_next(cr, &rec, &cause), 1, "header of big file");
	rv = csvread_next(cr, &rec, &cause);
	is_int(rv, -1, "huge record refused");
	want = at("2: record longer than 65536 bytes");
	is_str(rv == -1 ? cause : NULL, want, "huge record message");
	free(want);
	if (rv == -1)
		free(cause);
	csvread_close(cr);

	/* Embedded NUL bytes are data; lens tells. */
	put("a,b\0c,\"d\0\"\n", 11);
	cr = open_or_die(1024);
	rv = csvread_next(cr, &rec, &cause);
	is_int(rv, 1, "record with NUL bytes");
	if (rv == 1) {
		is_int(rec->n, 3, "three fields");
		is_int(rec->lens[1], 3, "NUL counted in length");
		ok(memcmp(rec->fields[1], "b\0c", 4) == 0, "field with NUL");
		is_int(rec->lens[2], 2, "quoted NUL counted");
	}
	csvread_close(cr);

	/* Many fields in one record. */
	big = xmalloc(2 * 5000 + 2);
	for (i = 0; i < 5000; i++) {
		big[2 * i] = 'a' + i % 26;
		big[2 * i + 1] = i == 4999 ? '\n' : ',';
	}
	put(big, 2 * 5000);
	free(big);
	cr = open_or_die(65536);
	rv = csvread_next(cr, &rec, &cause);
	is_int(rv == 1 ? (long long)rec->n : -1, 5000, "5000 fields");
	ok(rv == 1 && strcmp(rec->fields[4999], "h") == 0 &&
	    rec->lens[4999] == 1, "last of 5000 fields");
	csvread_close(cr);
}

/* Many multi-line records across block boundaries, then rewind. */
static void
test_many(void)
{
	struct csvread		*cr;
	const struct csvrecord	*rec;
	FILE			*f;
	char			*cause, want[64];
	long			 i, line, bad;
	int			 pass, rv;

	if ((f = fopen(path, "w")) == NULL)
		exit(1);
	for (i = 0; i < 20000; i++) {
		if (i % 3 == 0)
			fprintf(f, "%ld,\"multi\nline, %ld\",\"q\"\"\"\n",
			    i, i);
		else if (i % 3 == 1)
			fprintf(f, "%ld,plain %ld,x\r\n", i, i);
		else
			fprintf(f, "\n%ld,\"%*s\",y\n", i, (int)(i % 300), "");
	}
	fclose(f);

	cr = open_or_die(1024);
	for (pass = 0; pass < 2; pass++) {
		line = 1;
		bad = 0;
		for (i = 0; i < 20000; i++) {
			if (i % 3 == 2)
				line++;
			rv = csvread_next(cr, &rec, &cause);
			if (rv != 1) {
				if (rv == -1)
					free(cause);
				bad++;
				break;
			}
			snprintf(want, sizeof want, "%ld", i);
			if (rec->n != 3 || rec->line != line ||
			    strcmp(rec->fields[0], want) != 0)
				bad++;
			if (i % 3 == 0 && strcmp(rec->fields[2], "q\"") != 0)
				bad++;
			if (i % 3 == 2 && rec->lens[1] != (size_t)(i % 300))
				bad++;
			line += i % 3 == 0 ? 2 : 1;
		}
		is_int(bad, 0, pass == 0 ? "20000 records, lines right" :
		    "again after rewind");
		is_int(csvread_next(cr, &rec, &cause), 0, "then EOF");
		is_int(csvread_next(cr, &rec, &cause), 0, "EOF again");
		if (pass == 0)
			is_int(csvread_rewind(cr, &cause), 0, "rewind");
	}
	csvread_close(cr);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return (1);
	}
	path = xasprintf("%s/events.csv", tmpdir);

	test_basic();
	test_quotes();
	test_crlf();
	test_errors();
	test_sticky();
	test_limits();
	test_many();

	unlink(path);
	rmdir(tmpdir);
	free(path);
	return (tap_done());
}
