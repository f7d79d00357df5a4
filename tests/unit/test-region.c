/*
 * Unit tests for region: finding markers (spacing, names, comments,
 * <nowiki>, <pre>, <includeonly> and <translate> units that hide or hold
 * them, CRLF, NUL bytes, the edges of the text), every error with its
 * line, region_body, and splicing: no byte outside the replaced bodies
 * changes (fixed cases and random pages), round trips, and a page of many
 * regions in linear time.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "region.h"
#include "xmalloc.h"
#include "tap.h"

#define B(n)	"<!-- wikisync:begin " n " -->"
#define E(n)	"<!-- wikisync:end " n " -->"
#define N64	"abcdefghijklmnopqrstuvwxyz0123456789" \
		"abcdefghijklmnopqrstuvwxyz01"		/* 64 bytes */

/* The error region_find_all gives for text, or NULL if it succeeds. */
static char *
find_err(const char *text, size_t len)
{
	struct region_list	 rl;
	char			*cause = NULL;

	if (region_find_all(text, len, &rl, &cause) == 0) {
		region_list_free(&rl);
		return (NULL);
	}
	if (rl.n != 0 || rl.v != NULL) {
		ok(0, "the list is empty after an error");
		region_list_free(&rl);
	}
	return (cause);
}

static void
is_err(const char *text, const char *want, const char *what)
{
	char	*got;

	got = find_err(text, strlen(text));
	is_str(got, want, what);
	free(got);
}

/* Find the regions of text or fail the test; -1 on failure. */
static int
find(const char *text, size_t len, struct region_list *rl, const char *what)
{
	char	*cause = NULL;

	if (region_find_all(text, len, rl, &cause) == 0)
		return (0);
	printf("# %s: %s\n", what, cause);
	ok(0, what);
	free(cause);
	return (-1);
}

/* Is the body of region name in text want? */
static void
is_body(const char *text, const struct region_list *rl, const char *name,
    const char *want, size_t wantlen, const char *what)
{
	const struct region	*r;
	char			*got;
	size_t			 len;

	if ((r = region_lookup(rl, name)) == NULL) {
		ok(0, what);
		return;
	}
	got = region_body(text, r, &len);
	if (!ok(len == wantlen && memcmp(got, want, len) == 0, what))
		printf("#   got '%s' (%zu bytes)\n", got, len);
	free(got);
}

/* Splice or fail the test; NULL on failure. */
static char *
splice(const char *text, size_t len, const struct region_list *rl,
    const char *const *names, const char *const *bodies, size_t n,
    size_t *outlen, const char *what)
{
	char	*out, *cause = NULL;

	out = region_splice(text, len, rl, names, bodies, n, outlen, &cause);
	if (out == NULL) {
		printf("# %s: %s\n", what, cause);
		ok(0, what);
		free(cause);
	}
	return (out);
}

/* The error region_splice gives. */
static void
is_splice_err(const char *text, const char *const *names,
    const char *const *bodies, size_t n, const char *want, const char *what)
{
	struct region_list	 rl;
	char			*out, *cause = NULL;
	size_t			 len;

	if (find(text, strlen(text), &rl, what) == -1)
		return;
	out = region_splice(text, strlen(text), &rl, names, bodies, n, &len,
	    &cause);
	ok(out == NULL, what);
	is_str(cause, want, what);
	free(out);
	free(cause);
	region_list_free(&rl);
}

/*
 * Are the bytes outside the regions' bodies the same in old and new, and
 * do both have the same regions?  Quiet on success.
 */
static int
outside_same(const char *old, size_t oldlen, const struct region_list *orl,
    const char *new, size_t newlen)
{
	struct region_list	nrl;
	size_t			k, os, oe, ns, ne;
	char			*cause = NULL;
	int			same = 1;

	if (region_find_all(new, newlen, &nrl, &cause) == -1) {
		printf("# new text does not parse: %s\n", cause);
		free(cause);
		return (0);
	}
	if (nrl.n != orl->n) {
		printf("# %zu regions, was %zu\n", nrl.n, orl->n);
		region_list_free(&nrl);
		return (0);
	}
	for (k = 0; k <= orl->n && same; k++) {
		os = k == 0 ? 0 : orl->v[k - 1].end;
		oe = k == orl->n ? oldlen : orl->v[k].body;
		ns = k == 0 ? 0 : nrl.v[k - 1].end;
		ne = k == nrl.n ? newlen : nrl.v[k].body;
		if (oe - os != ne - ns || memcmp(old + os, new + ns,
		    oe - os) != 0) {
			printf("# outside text %zu differs\n", k);
			same = 0;
		}
		if (k < orl->n && strcmp(orl->v[k].name, nrl.v[k].name) != 0)
			same = 0;
	}
	region_list_free(&nrl);
	return (same);
}

static void
test_find(void)
{
	struct region_list	 rl;
	const char		*t;

	t = "no markers here\n<!-- an ordinary comment -->\n--> <!-->x-->\n";
	if (find(t, strlen(t), &rl, "text without markers") == 0) {
		is_int(rl.n, 0, "text without markers has no regions");
		ok(rl.v == NULL, "and no array");
		region_list_free(&rl);
	}
	if (find("", 0, &rl, "empty text") == 0)
		is_int(rl.n, 0, "empty text has no regions");

	t = "intro\n\n" B("wikigap-2023") "\nrows\n" E("wikigap-2023")
	    "\nmiddle\n" B("a.b_c-9") "\n" E("a.b_c-9") "\nend\n";
	if (find(t, strlen(t), &rl, "two regions") == 0) {
		is_int(rl.n, 2, "two regions");
		is_str(rl.v[0].name, "wikigap-2023", "first name");
		is_int(rl.v[0].line, 3, "first line");
		is_int(rl.v[0].begin, 7, "begin offset");
		is_int(rl.v[0].body, 7 + strlen(B("wikigap-2023")),
		    "body offset");
		is_int(rl.v[0].end, rl.v[0].body + 6, "end offset");
		is_int(rl.v[0].after, rl.v[0].end + strlen(E("wikigap-2023")),
		    "after offset");
		is_str(rl.v[1].name, "a.b_c-9", "second name");
		is_int(rl.v[1].line, 7, "second line");
		ok(region_lookup(&rl, "a.b_c-9") == &rl.v[1], "lookup");
		ok(region_lookup(&rl, "a.b_c") == NULL, "lookup of a prefix");
		ok(region_lookup(&rl, "nope") == NULL, "lookup of no region");
		is_body(t, &rl, "wikigap-2023", "rows", 4, "body");
		is_body(t, &rl, "a.b_c-9", "", 0, "empty body");
		region_list_free(&rl);
		ok(rl.n == 0 && rl.v == NULL, "free empties the list");
	}

	t = "<!--wikisync:begin\t \tx-->A<!--  \t wikisync:end x\t-->";
	if (find(t, strlen(t), &rl, "odd spacing") == 0) {
		is_int(rl.n, 1, "odd spacing: one region");
		is_int(rl.v[0].begin, 0, "marker at the very start");
		is_int(rl.v[0].after, strlen(t), "marker at the very end");
		is_body(t, &rl, "x", "A", 1, "body between markers on a line");
		region_list_free(&rl);
	}

	t = "<!-- note: <!-- wikisync:begin x --> stays a note\n"
	    "<!-- wikisync:end x is not in a comment? no: it is here --";
	is_err(t, "wikisync marker on line 1 is inside the comment opened on "
	    "line 1 (comments do not nest, so the wiki hides it): take it out "
	    "of the comment, or delete it", "a marker inside a note");
	t = "<!-- note -->\n<!-- wikisync:end x is not closed --";
	is_err(t, "malformed wikisync marker on line 2: '<!-- wikisync:end "
	    "x is not closed --' has no closing '-->'",
	    "an unterminated wikisync comment");
	t = "<!-- note: <!-- wikisync:begin x --> and "
	    "<!--<!-- wikisync:end x -->";
	is_err(t, "wikisync marker on line 1 is inside the comment opened on "
	    "line 1 (comments do not nest, so the wiki hides it): take it out "
	    "of the comment, or delete it", "markers inside notes");
	is_err("a <!-- note\n" B("x") "\nrows\n" E("x"), "wikisync marker on "
	    "line 2 is inside the comment opened on line 1 (comments do not "
	    "nest, so the wiki hides it): take it out of the comment, or "
	    "delete it", "a table commented out, its end marker left");
	t = "<!-- see <!-- wikisync is a bot --> " B("x") E("x");
	if (find(t, strlen(t), &rl, "a nested comment, not a marker") == 0) {
		is_int(rl.n, 1, "a note may hold a note that is not a marker");
		region_list_free(&rl);
	}
	t = B("x") E("x") "\n<!-- a note without end\n";
	if (find(t, strlen(t), &rl, "unterminated ordinary comment") == 0) {
		is_int(rl.n, 1, "an unterminated ordinary comment is ignored");
		region_list_free(&rl);
	}
	t = "<!-- wikisync begin x --><!-- wikisync -->";
	if (find(t, strlen(t), &rl, "no colon") == 0) {
		is_int(rl.n, 0, "'wikisync' without ':' is ordinary");
		region_list_free(&rl);
	}

	t = B(N64) E(N64);
	if (find(t, strlen(t), &rl, "64-byte name") == 0) {
		is_int(strlen(rl.v[0].name), 64, "a 64-byte name");
		region_list_free(&rl);
	}
}

static void
test_errors(void)
{
	is_err("a\nb\n" B("x") "\nrows\n",
	    "marker 'x' opened on line 3 is never closed", "never closed");
	is_err("\n\n\n\n\n\n\n\n" E("x") "\n",
	    "end marker 'x' on line 9 has no begin marker", "end alone");
	is_err(B("x") E("x") "\n" E("x"),
	    "end marker 'x' on line 2 has no begin marker", "end twice");
	is_err("\n\n" B("x") "\n\n" B("y") "\n" E("y") "\n" E("x"),
	    "marker 'y' on line 5 begins inside region 'x' (line 3): "
	    "regions cannot nest", "nesting");
	is_err("\n\n" B("x") "\n\n" E("y") "\n",
	    "end marker 'y' on line 5 does not match region 'x' opened on "
	    "line 3", "end of another region");
	is_err("\n\n" B("x") E("x") "\n\n\n\n\n\n\n\n\n" B("x") E("x"),
	    "region 'x' appears twice (lines 3 and 12)", "duplicate");
	is_err(B("a") E("a") "\n" B("b") E("b") "\n" B("b") E("b") "\n"
	    B("a") E("a"), "region 'b' appears twice (lines 2 and 3)",
	    "the first duplicate in text order");
	is_err("\n\n\n" "<!-- wikisync:start x -->",
	    "malformed wikisync marker on line 4: '<!-- wikisync:start x -->'",
	    "unknown marker word");

	is_err(B("X"), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin X -->'; markers are in lower case, as table "
	    "names are: '<!-- wikisync:begin x -->'", "upper-case name");
	is_err("<!--WikiSync:End  WikiGap-2023\t-->", "malformed wikisync "
	    "marker on line 1: '<!--WikiSync:End  WikiGap-2023?-->'; markers "
	    "are in lower case, as table names are: "
	    "'<!-- wikisync:end wikigap-2023 -->'", "a marker in capitals");
	is_err(B("a b"), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin a b -->'", "two names");
	is_err(B("a/b"), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin a/b -->'", "'/' in a name");
	is_err(B("été"), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin été -->'", "non-ASCII name");
	is_err(B(".x"), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin .x -->'", "name starting with '.'");
	is_err(B("_x"), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin _x -->'", "name starting with '_'");
	is_err(B("-x"), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin -x -->'", "name starting with '-'");
	is_err(B(""), "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin  -->'", "no name");
	is_err("<!-- wikisync:beginx -->", "malformed wikisync marker on "
	    "line 1: '<!-- wikisync:beginx -->'", "no space before the name");
	is_err("<!-- wikisync: begin x -->", "malformed wikisync marker on "
	    "line 1: '<!-- wikisync: begin x -->'", "space after the colon");
	is_err("<!-- WikiSync:begin x -->", "malformed wikisync marker on "
	    "line 1: '<!-- WikiSync:begin x -->'; markers are in lower case, "
	    "as table names are: '<!-- wikisync:begin x -->'", "'WikiSync:'");
	is_err("<!-- wikisync:BEGIN x -->", "malformed wikisync marker on "
	    "line 1: '<!-- wikisync:BEGIN x -->'; markers are in lower case, "
	    "as table names are: '<!-- wikisync:begin x -->'", "'BEGIN'");
	is_err("<!--\nwikisync:begin x\n-->", "malformed wikisync marker on "
	    "line 1: '<!--...'", "line ends inside a marker");
	is_err("x\r\n<!-- wikisync:begin x \r\n-->", "malformed wikisync "
	    "marker on line 2: '<!-- wikisync:begin x ...'",
	    "a CRLF inside a marker");
	is_err("<!-- wikisync: -->", "malformed wikisync marker on line 1: "
	    "'<!-- wikisync: -->'", "'wikisync:' alone");
	is_err("<!-- wikisync:begin\1x -->", "malformed wikisync marker on "
	    "line 1: '<!-- wikisync:begin?x -->'", "control byte quoted as ?");
	is_err("<!-- wikisync:begin\xc2\x9b" "2Jx\x7f -->", "malformed "
	    "wikisync marker on line 1: '<!-- wikisync:begin?2Jx? -->'",
	    "C1 control (a CSI) and DEL quoted as ?");
	is_err(B(N64 "2"),
	    "malformed wikisync marker on line 1: '<!-- wikisync:begin "
	    "abcdefghijklmnopqrstuvwxyz0123456789abcd...'", "65-byte name");
	is_err("<!-- wikisync:end x", "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:end x' has no closing '-->'", "no '-->'");

	/* The first error in text order wins. */
	is_err("\n" "<!-- wikisync:bgin a -->\n" E("x"), "malformed wikisync "
	    "marker on line 2: '<!-- wikisync:bgin a -->'",
	    "malformed before an end alone");
	is_err(E("x") "\n" "<!-- wikisync:bgin a -->", "end marker 'x' on "
	    "line 1 has no begin marker", "end alone before malformed");
	is_err(B("x") E("x") "\n" B("x") "\n", "region 'x' appears twice "
	    "(lines 1 and 2)", "duplicate before never closed");
	is_err(B("x") E("x") "\n" B("x") E("x") "\n" E("y"),
	    "region 'x' appears twice (lines 1 and 2)",
	    "duplicate before an end alone");
	is_err(B("x") E("x") "\n" E("y") "\n" B("x") E("x"),
	    "end marker 'y' on line 2 has no begin marker",
	    "an end alone before a duplicate");
	is_err(B("x") "\n<!-- wikisync:end  -->", "malformed wikisync marker "
	    "on line 2: '<!-- wikisync:end  -->'", "malformed in a region");
}

static void
test_crlf_nul(void)
{
	struct region_list	 rl;
	const char		*names[] = { "x" }, *bodies[] = { "new\n" };
	static const char	 t[] = "a\r\n\0b\r\n" B("x") "\r\nA\0\r\nB\r\n"
				     E("x") "\r\n\0tail";
	static const char	 want[] = "a\r\n\0b\r\n" B("x") "\nnew\n"
				     E("x") "\r\n\0tail";
	char			*out;
	size_t			 len = sizeof t - 1, outlen;

	if (find(t, len, &rl, "CRLF and NUL page") == -1)
		return;
	is_int(rl.n, 1, "CRLF and NUL: one region");
	is_int(rl.v[0].line, 3, "CRLF lines are counted by LF");
	is_body(t, &rl, "x", "A\0\r\nB", 5, "CRLF next to the markers is "
	    "trimmed, NUL kept");
	out = splice(t, len, &rl, names, bodies, 1, &outlen, "splice CRLF");
	if (out != NULL) {
		ok(outlen == sizeof want - 1 && memcmp(out, want, outlen) == 0,
		    "CRLF and NUL outside the body are kept");
		ok(out[outlen] == '\0', "the result is NUL-terminated");
		ok(outside_same(t, len, &rl, out, outlen),
		    "CRLF: nothing outside the body changes");
		free(out);
	}
	region_list_free(&rl);

	out = find_err("\0\n\0" B("x"), 3 + strlen(B("x")));
	is_str(out, "marker 'x' opened on line 2 is never closed",
	    "line count across NUL");
	free(out);
	out = find_err("<!-- wikisync:begin x\0 -->", 27);
	is_str(out, "malformed wikisync marker on line 1: "
	    "'<!-- wikisync:begin x? -->'", "a NUL inside a marker");
	free(out);
}

static void
test_splice(void)
{
	struct region_list	 rl;
	const char		*t, *names[3], *bodies[3];
	char			*out, *b;
	size_t			 outlen, len;

	t = "== Events ==\n<!--wikisync:begin   one\t-->old 1<!--   "
	    "wikisync:end one-->\ntext <!-- a note --> between\n"
	    "<!-- wikisync:begin two -->\nold\n2\n<!-- wikisync:end\ttwo -->"
	    "<!-- wikisync:begin three -->\n<!-- wikisync:end three -->"
	    "\n[[Category:X]]";
	if (find(t, strlen(t), &rl, "splice page") == -1)
		return;
	names[0] = "three";
	bodies[0] = "{|\n|a\n|}\n";
	names[1] = "one";
	bodies[1] = "new 1";
	names[2] = "two";
	bodies[2] = "";
	out = splice(t, strlen(t), &rl, names, bodies, 3, &outlen, "splice");
	if (out != NULL) {
		is_str(out, "== Events ==\n<!--wikisync:begin   one\t-->\n"
		    "new 1\n<!--   wikisync:end one-->\n"
		    "text <!-- a note --> between\n"
		    "<!-- wikisync:begin two -->\n<!-- wikisync:end\ttwo -->"
		    "<!-- wikisync:begin three -->\n{|\n|a\n|}\n"
		    "<!-- wikisync:end three -->\n[[Category:X]]",
		    "three regions spliced, markers as written");
		is_int(outlen, strlen(out), "length");
		ok(outside_same(t, strlen(t), &rl, out, outlen),
		    "nothing outside the bodies changes");
		free(out);
	}
	out = splice(t, strlen(t), &rl, names + 1, bodies + 1, 1, &outlen,
	    "splice one");
	if (out != NULL) {
		is_str(out, "== Events ==\n<!--wikisync:begin   one\t-->\n"
		    "new 1\n<!--   wikisync:end one-->\n"
		    "text <!-- a note --> between\n"
		    "<!-- wikisync:begin two -->\nold\n2\n"
		    "<!-- wikisync:end\ttwo -->"
		    "<!-- wikisync:begin three -->\n<!-- wikisync:end three -->"
		    "\n[[Category:X]]", "other regions are left alone");
		free(out);
	}
	out = splice(t, strlen(t), &rl, NULL, NULL, 0, &outlen, "splice none");
	if (out != NULL) {
		ok(outlen == strlen(t) && strcmp(out, t) == 0,
		    "splicing nothing copies the text");
		free(out);
	}
	b = region_body(t, region_lookup(&rl, "two"), &len);
	is_str(b, "old\n2", "body of a multi-line region");
	free(b);
	region_list_free(&rl);

	names[0] = "x";
	bodies[0] = "a";
	is_splice_err("text", names, bodies, 1, "no region 'x' on the page",
	    "splice into a page without regions");
	is_splice_err(B("y") E("y"), names, bodies, 1,
	    "no region 'x' on the page", "splice into a missing region");
	names[1] = "x";
	bodies[1] = "b";
	is_splice_err(B("x") E("x"), names, bodies, 2,
	    "region 'x' is given twice", "a region given twice");
	bodies[0] = "a " E("x") " b";
	is_splice_err(B("x") E("x"), names, bodies, 1,
	    "new text for region 'x' contains a wikisync marker",
	    "a body with a marker");
	bodies[0] = "a <!-- note";
	is_splice_err(B("x") E("x"), names, bodies, 1,
	    "new text for region 'x' has a '<!--' without '-->'",
	    "a body with an unterminated comment");
	bodies[0] = "a <nowiki>[[b]]";
	is_splice_err(B("x") E("x") "\n</nowiki>", names, bodies, 1,
	    "the new text would not keep the page's regions: wikisync marker "
	    "on line 3 is inside <nowiki> (line 2), where the wiki shows "
	    "wikitext as plain text: move the markers out of it",
	    "a body whose <nowiki> would hide the end marker");
	bodies[0] = "<includeonly>";
	is_splice_err(B("x") E("x"), names, bodies, 1,
	    "the new text would not keep the page's regions: wikisync marker "
	    "on line 3 is inside <includeonly> (line 2), which the page "
	    "itself never shows: move the markers out of it",
	    "a body with an unclosed <includeonly>");
	bodies[0] = "! <translate>City</translate>";
	is_splice_err(B("x") E("x"), names, bodies, 1,
	    "the new text would not keep the page's regions: region 'x' "
	    "(line 1) holds the <translate> tag on line 2, which its next "
	    "sync would delete; an edit inside <translate> outdates every "
	    "translation of the unit: put the markers outside it, the table "
	    "between a </translate> and the next <translate>",
	    "a body with <translate> tags");
	bodies[0] = "a<nowiki/>b <pre>c</pre> <nowiki>[[d]]</nowiki>";
	t = B("x") E("x") "\n</pre>";
	if (find(t, strlen(t), &rl, "body with closed tags") == 0) {
		out = splice(t, strlen(t), &rl, names, bodies, 1, &outlen,
		    "a body with closed <pre> and <nowiki>");
		is_str(out, B("x") "\n" "a<nowiki/>b <pre>c</pre> "
		    "<nowiki>[[d]]</nowiki>\n" E("x") "\n</pre>",
		    "a body with closed <pre> and <nowiki> is spliced");
		free(out);
		region_list_free(&rl);
	}
	bodies[0] = "a <!-- note --> b -->";
	t = B("x") E("x");
	if (find(t, strlen(t), &rl, "body with a comment") == 0) {
		out = splice(t, strlen(t), &rl, names, bodies, 1, &outlen,
		    "a body with a closed comment");
		is_str(out, B("x") "\na <!-- note --> b -->\n" E("x"),
		    "a body with a closed comment");
		free(out);
		region_list_free(&rl);
	}
}

/* Splice back the body region_body gives: is the text the same? */
static void
round_trip(const char *t, const char *what)
{
	struct region_list	  rl;
	const char		**names, **bodies;
	char			 *out, **b;
	size_t			  i, outlen;

	if (find(t, strlen(t), &rl, what) == -1)
		return;
	names = xcalloc(rl.n + 1, sizeof *names);
	bodies = xcalloc(rl.n + 1, sizeof *bodies);
	b = xcalloc(rl.n + 1, sizeof *b);
	for (i = 0; i < rl.n; i++) {
		names[i] = rl.v[i].name;
		bodies[i] = b[i] = region_body(t, &rl.v[i], NULL);
	}
	out = splice(t, strlen(t), &rl, names, bodies, rl.n, &outlen, what);
	if (out != NULL)
		is_str(out, t, what);
	free(out);
	for (i = 0; i < rl.n; i++)
		free(b[i]);
	free(b);
	free(names);
	free(bodies);
	region_list_free(&rl);
}

static void
test_round_trip(void)
{
	char	*m;

	round_trip("x\n" B("a") "\nBODY\n" E("a") "\ny", "one line");
	round_trip(B("a") "\n" E("a"), "empty body");
	round_trip(B("a") "\nline 1\n\nline 3\n" E("a") "\n"
	    "between\n" B("b") "\n" E("b") "\n"
	    "<!--wikisync:begin c\t-->\n{|\n|-\n| x\n|}\n<!--wikisync:end c-->",
	    "several regions, odd spacing");
	round_trip(B("a") "\n  indented\t\n" E("a"), "spaces kept");

	m = region_marker("wikigap-2023", 0);
	is_str(m, "<!-- wikisync:begin wikigap-2023 -->", "begin marker");
	free(m);
	m = region_marker("wikigap-2023", 1);
	is_str(m, "<!-- wikisync:end wikigap-2023 -->", "end marker");
	free(m);
}

static uint32_t	rnd_state = 2463534242U;

static uint32_t
rnd(uint32_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return (rnd_state % n);
}

/* Random text that cannot form a "<!--" of its own (no lone '!'). */
static void
add_filler(struct buf *b, int nul)
{
	static const char *const tok[] = {
		"abc", "\n", "\r\n", "<", "-", ">", "-->", "<!-- note -->",
		"<!--wikisync-->", " ", "\t", "\xc3\xa9", "{|"
	};
	uint32_t	i, n;

	n = rnd(8);
	for (i = 0; i < n; i++) {
		if (nul && rnd(10) == 0)
			buf_add(b, "\0", 1);
		else
			buf_adds(b, tok[rnd(sizeof tok / sizeof tok[0])]);
	}
}

static void
add_marker(struct buf *b, const char *name, int end)
{
	static const char *const sp[] = { "", " ", "\t", "  \t " };

	buf_printf(b, "<!--%s%s%s%s%s-->", sp[rnd(4)],
	    end ? "wikisync:end" : "wikisync:begin", sp[1 + rnd(3)], name,
	    sp[rnd(4)]);
}

/* The body region_body should give for a spliced body. */
static size_t
expect_len(const char *body)
{
	size_t	len = strlen(body);

	if (len >= 2 && body[len - 2] == '\r' && body[len - 1] == '\n')
		return (len - 2);
	if (len >= 1 && (body[len - 1] == '\n' || body[len - 1] == '\r'))
		return (len - 1);
	return (len);
}

/* Does splicing back the body read from the region of x keep it as is? */
static int
splices_back(const char *x)
{
	size_t	len = strlen(x);

	if (len == 0 || (x[len - 1] != '\n' && x[len - 1] != '\r'))
		return (1);
	return (x[len - 1] == '\n' && len >= 2 && x[len - 2] != '\n' &&
	    x[len - 2] != '\r');
}

/* Read the spliced bodies back, and splice them again where that is a no-op. */
static int
check_spliced(const char *out, size_t outlen, const char *const *names,
    const char *const *bv, size_t n)
{
	struct region_list	 nrl;
	const char		*names2[8], *bv2[8];
	char			*got[8], *out2, *cause = NULL;
	size_t			 i, n2 = 0, gotlen, outlen2;
	int			 good = 1;

	if (region_find_all(out, outlen, &nrl, &cause) == -1) {
		free(cause);
		return (0);
	}
	for (i = 0; i < n; i++) {
		got[i] = region_body(out, region_lookup(&nrl, names[i]),
		    &gotlen);
		if (gotlen != expect_len(bv[i]) ||
		    memcmp(got[i], bv[i], gotlen) != 0)
			good = 0;
		if (splices_back(bv[i])) {
			names2[n2] = names[i];
			bv2[n2++] = got[i];
		}
	}
	out2 = region_splice(out, outlen, &nrl, names2, bv2, n2, &outlen2,
	    &cause);
	if (out2 == NULL) {
		free(cause);
		good = 0;
	} else if (outlen2 != outlen || memcmp(out, out2, outlen) != 0)
		good = 0;
	free(out2);
	for (i = 0; i < n; i++)
		free(got[i]);
	region_list_free(&nrl);
	return (good);
}

/* One random page: splice random regions and check what changed. */
static int
random_page(void)
{
	struct region_list	 rl;
	struct buf		 page, bodies[8];
	const char		*names[8], *bv[8];
	char			 nm[8][16], *out, *cause = NULL;
	uint32_t		 nreg, i, n = 0;
	size_t			 outlen;
	int			 good = 1;

	buf_init(&page, BUF_UNLIMITED);
	nreg = rnd(6);
	for (i = 0; i < nreg; i++) {
		snprintf(nm[i], sizeof nm[i], "r%u", (unsigned)i);
		add_filler(&page, 1);
		add_marker(&page, nm[i], 0);
		add_filler(&page, 1);
		add_marker(&page, nm[i], 1);
	}
	add_filler(&page, 1);
	if (region_find_all(buf_str(&page), page.len, &rl, &cause) == -1) {
		printf("# random page: %s\n", cause);
		free(cause);
		buf_free(&page);
		return (0);
	}
	if (rl.n != nreg) {
		region_list_free(&rl);
		buf_free(&page);
		return (0);
	}
	for (i = 0; i < nreg; i++) {
		if (rnd(3) == 0)
			continue;
		buf_init(&bodies[n], BUF_UNLIMITED);
		add_filler(&bodies[n], 0);
		names[n] = nm[i];
		bv[n] = buf_str(&bodies[n]);
		n++;
	}
	out = region_splice(buf_str(&page), page.len, &rl, names, bv, n,
	    &outlen, &cause);
	if (out == NULL) {
		printf("# random splice: %s\n", cause);
		free(cause);
		good = 0;
	} else if (!outside_same(buf_str(&page), page.len, &rl, out, outlen) ||
	    !check_spliced(out, outlen, names, bv, n))
		good = 0;
	free(out);
	for (i = 0; i < n; i++)
		buf_free(&bodies[i]);
	region_list_free(&rl);
	buf_free(&page);
	return (good);
}

static void
test_random(void)
{
	int	i, bad = 0;

	for (i = 0; i < 3000; i++)
		bad += !random_page();
	is_int(bad, 0, "random pages: only the spliced bodies change");
}

/*
 * A page of n regions, read and spliced correctly.  The time is printed
 * as a diagnostic, not asserted: timed tests flake on a busy machine.
 */
static void
many(size_t n)
{
	struct region_list	  rl;
	struct buf		  page;
	const char		**names, **bodies;
	char			**nm, *out, msg[80];
	size_t			  i, outlen;
	clock_t			  t0;
	double			  secs;
	int			  good = 1;

	buf_init(&page, BUF_UNLIMITED);
	names = xcalloc(n, sizeof *names);
	bodies = xcalloc(n, sizeof *bodies);
	nm = xcalloc(n, sizeof *nm);
	for (i = 0; i < n; i++) {
		nm[i] = xasprintf("t%06zu", (i * 7919) % n);
		buf_printf(&page, "== %zu ==\n" B("%s") "\nold\n" E("%s")
		    "\n\n", i, nm[i], nm[i]);
		names[n - 1 - i] = nm[i];
		bodies[i] = "{|\n| new\n|}";
	}
	t0 = clock();
	if (find(page.data, page.len, &rl, "many regions") == -1)
		good = 0;
	else {
		good = rl.n == n;
		out = splice(page.data, page.len, &rl, names, bodies, n,
		    &outlen, "splice many");
		if (out == NULL || outlen != page.len + n * 8)
			good = 0;
		free(out);
		region_list_free(&rl);
	}
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	snprintf(msg, sizeof msg, "%zu regions found and spliced", n);
	ok(good, msg);
	printf("# %zu regions in %.2f s of CPU\n", n, secs);
	for (i = 0; i < n; i++)
		free(nm[i]);
	free(nm);
	free(names);
	free(bodies);
	buf_free(&page);
}

/* Is text read as holding exactly n regions? */
static void
is_regions(const char *text, size_t n, const char *what)
{
	struct region_list	rl;

	if (find(text, strlen(text), &rl, what) == 0) {
		is_int(rl.n, n, what);
		region_list_free(&rl);
	}
}

#define SHOWN	"where the wiki shows wikitext as plain text: move the " \
		"markers out of it"
#define NEVER	"which the page itself never shows: move the markers out " \
		"of it"

/* Markers that <nowiki>, <pre> or <includeonly> hide, as the wiki reads. */
static void
test_hidden(void)
{
	is_err("<nowiki>" B("x") E("x") "</nowiki>", "wikisync marker on line "
	    "1 is inside <nowiki> (line 1), " SHOWN, "markers in <nowiki>");
	is_err(B("x") "\n<NoWiki >\n" E("x") "\n</nowiki\t>", "wikisync "
	    "marker on line 3 is inside <nowiki> (line 2), " SHOWN,
	    "an end marker in <nowiki>, any case, spaces in the tags");
	is_err("<pre class=\"x\">\n" B("x") E("x") "\n</pre>", "wikisync "
	    "marker on line 2 is inside <pre> (line 1), " SHOWN,
	    "markers in <pre> with an attribute");
	is_err("a\n<includeonly>" B("x") E("x") "</includeonly>", "wikisync "
	    "marker on line 2 is inside <includeonly> (line 2), " NEVER,
	    "markers in <includeonly>");
	is_err("<includeonly>\n\n" B("x") E("x"), "wikisync marker on line 3 "
	    "is inside <includeonly> (line 1), " NEVER,
	    "an unclosed <includeonly> runs to the end");
	is_regions("a<nowiki/>b<nowiki />\n" B("x") E("x"), 1,
	    "a self-closed <nowiki/> hides nothing");
	is_regions("<nowiki>\n" B("x") E("x"), 1,
	    "an unclosed <nowiki> is text and hides nothing");
	is_regions("<pre>\n" B("x") E("x"), 1,
	    "an unclosed <pre> is text and hides nothing");
	is_err("<pre>\n" B("x") E("x") "<pre>a</pre>", "wikisync marker on "
	    "line 2 is inside <pre> (line 1), " SHOWN,
	    "a <pre> runs to the first </pre>");
	is_regions("<preview>" B("x") E("x") "</preview><nowikis>", 1,
	    "<preview> is not <pre>");
	is_regions("<noinclude>" B("x") E("x") "</noinclude>", 1,
	    "<noinclude> shows on the page itself");
	is_regions("<!-- <nowiki> -->" B("x") E("x") "</nowiki>", 1,
	    "a comment hides a <nowiki>");
	is_regions("<nowiki><!-- </nowiki>" B("x") E("x"), 1,
	    "a <nowiki> hides a comment's start");
	is_regions(B("x") "\n<pre>a</pre><nowiki>[[b]]</nowiki>\n" E("x"), 1,
	    "<pre> and <nowiki> inside a region's body");
	is_regions("<nowiki" B("x") E("x"), 1,
	    "a tag without '>' hides nothing");
}

#define TADVICE	"an edit inside <translate> outdates every translation of " \
		"the unit: put the markers outside it, the table between a " \
		"</translate> and the next <translate>"

/* Markers and <translate> units, as the Translate extension reads them. */
static void
test_translate(void)
{
	is_err("<translate>\nintro\n" B("x") E("x") "\n</translate>",
	    "region 'x': its begin marker (line 3) is inside the <translate> "
	    "unit opened on line 1; " TADVICE, "a region in a unit");
	is_err(B("x") "\n<translate>\n" E("x") "\n</translate>", "region 'x': "
	    "its end marker (line 3) is inside the <translate> unit opened on "
	    "line 2; " TADVICE, "a region straddling a unit's start");
	is_err("<translate nowrap>\n" B("x") "\n</translate>\n" E("x"),
	    "region 'x': its begin marker (line 2) is inside the <translate> "
	    "unit opened on line 1; " TADVICE,
	    "a region straddling a nowrap unit's end");
	is_err(B("x") "\n<translate>a</translate>\n" E("x"), "region 'x' "
	    "(line 1) holds the <translate> tag on line 2, which its next sync "
	    "would delete; " TADVICE, "a region around a unit");
	is_err(B("x") "\n</translate>\n" E("x"), "region 'x' (line 1) holds "
	    "the </translate> tag on line 2, which its next sync would "
	    "delete; " TADVICE, "a region around a stray </translate>");
	is_err("<translate>\n\n" B("x") E("x"), "region 'x': its begin "
	    "marker (line 3) is inside the <translate> unit opened on line 1; "
	    TADVICE, "an unclosed unit runs to the end");
	is_err(B("a") E("a") "\n<translate>\n" B("b") E("b") "</translate>",
	    "region 'b': its begin marker (line 3) is inside the <translate> "
	    "unit opened on line 2; " TADVICE, "the region in a unit named");
	is_err("<!-- <translate> -->\n" B("x") E("x"), "region 'x': its begin "
	    "marker (line 2) is inside the <translate> unit opened on line 1; "
	    TADVICE, "Translate reads its tags inside comments too");
	is_regions("<languages/>\n<translate>\n== Events ==\n\nText.\n"
	    "</translate>\n" B("a") "\n{|\n|}\n" E("a") "\n<translate>\n"
	    "More.\n</translate>\n" B("b") E("b") "\n", 2,
	    "tables between </translate> and the next <translate>");
	is_regions("<nowiki><translate></nowiki>\n" B("x") E("x"), 1,
	    "a <translate> in <nowiki> is text");
	is_regions("<Translate>" B("x") E("x") "</Translate>", 1,
	    "Translate's tags are lower case");
}

int
main(void)
{
	test_find();
	test_hidden();
	test_translate();
	test_errors();
	test_crlf_nul();
	test_splice();
	test_round_trip();
	test_random();
	many(1000);
	many(100000);	/* 0.1 s; a quadratic lookup took 16 s */
	return (tap_done());
}
