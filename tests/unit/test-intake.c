/*
 * Unit tests of intake: calls read from real parse-tree XML with a config
 * loaded from a temporary INI file, checked and mapped into events (and
 * every kind of invalid call with its own message); the base encoding;
 * the newest-wins merge with a fake history; ids written into the page's
 * source byte for byte; the report table, escaped against hostile calls.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "event.h"
#include "intake.h"
#include "parsetree.h"
#include "strv.h"
#include "xmalloc.h"
#include "tap.h"

#define WG		"WikiGap event"
#define REV_TIME	"2023-02-01T00:00:00Z"

/* Parse-tree XML of a page and its calls. */
#define ROOT(x)		"<root>" x "</root>"
#define CALL(parts)	"<template><title>" WG "</title>" parts "</template>"
#define P(n, v)		"<part><name>" n "</name><equals>=</equals>" \
			"<value>" v "</value></part>"
#define POS(i, v)	"<part><name index=\"" #i "\"/><value>" v \
			"</value></part>"

static char	dir[] = "/tmp/test-intake.XXXXXX";
static char	path[128];

/* A config with one [intake s] and extra lines for it; NULL on errors. */
static struct config *
load_conf(const char *extra)
{
	struct strv	 errors = STRV_INITIALIZER;
	struct config	*cf;
	FILE		*f;
	size_t		 i;

	if ((f = fopen(path, "w")) == NULL)
		return (NULL);
	fprintf(f, "[wiki]\n"
	    "api = http://127.0.0.1/api.php\n"
	    "username = A@b\n"
	    "password_file = /dev/null\n"
	    "contact = x@example.org\n"
	    "[registry]\n"
	    "extra_fields = hashtag\n"
	    "[intake s]\n"
	    "page = WikiGap/2023/Sign-up\n"
	    "template = WikiGap event\n"
	    "campaign = WikiGap 2023\n"
	    "%s", extra);
	fclose(f);
	cf = conf_load(path, &errors);
	for (i = 0; i < errors.n; i++)
		printf("# config error: %s\n", errors.v[i]);
	if (cf != NULL && (errors.n > 0 || cf->nintakes != 1)) {
		conf_free(cf);
		cf = NULL;
	}
	strv_free(&errors);
	return (cf);
}

/* Read the calls of xml for the config's intake; -1 if xml is refused. */
static int
read_calls(const struct config *cf, const char *xml, struct pt_doc *doc,
    struct intake_calls *calls)
{
	char	*cause = NULL;

	if (parsetree_read(xml, strlen(xml), WG, 1000, doc, &cause) != 0) {
		printf("# parse tree refused: %s\n", cause);
		free(cause);
		memset(calls, 0, sizeof *calls);
		return (-1);
	}
	intake_read_calls(cf, &cf->intakes[0], doc, calls);
	return (0);
}

/* The strings of sv joined with ',' (static, for comparisons). */
static const char *
joined(const struct strv *sv)
{
	static char	s[1024];
	size_t		i, len = 0;

	s[0] = '\0';
	for (i = 0; i < sv->n && len < sizeof s; i++)
		len += snprintf(s + len, sizeof s - len, "%s%s",
		    i > 0 ? "," : "", sv->v[i]);
	return (s);
}

/* Set fields of ev from NULL-terminated name, value pairs. */
static void
ev_fill(struct event *ev, const char *const *kv)
{
	char	*why;

	event_init(ev);
	for (; kv[0] != NULL; kv += 2) {
		if (event_set(ev, kv[0], kv[1], &why) != 0) {
			printf("# bad fixture %s: %s\n", kv[0], why);
			free(why);
		}
	}
}

/* The error of call i, or "(valid)". */
static const char *
err_of(const struct intake_calls *calls, size_t i)
{
	if (i >= calls->n)
		return ("(no such call)");
	return (calls->v[i].error != NULL ? calls->v[i].error : "(valid)");
}

static void
test_valid(const struct config *cf, const struct config *cfmap)
{
	struct pt_doc		 doc;
	struct intake_calls	 calls;
	const struct intake_call *c;

	if (read_calls(cf, ROOT("Intro\n"
	    CALL(P("country", " Kenya ") P("city", "Nairobi")
	    P("start", "2023-03-08") P("mode", "Online")
	    P("hashtag", "#wg23") POS(1, ""))
	    "\n\n"
	    CALL(P("country", "Senegal") P("start", "2023-03-09")
	    P("language", "FR") P("participants", "007"))
	    "\n"
	    CALL(P("city", "Thie\xcc\x80s") P("start", "2023-03-10")
	    P("title", "Atelier") P("campaign", "WikiGap 2023")
	    P("id", "thies-1"))), &doc, &calls) == -1) {
		ok(0, "valid calls: the parse tree is read");
		return;
	}
	is_int((long long)calls.n, 3, "three calls read");
	is_int((long long)calls.invalid, 0, "no invalid call");
	is_str(calls.id_param, "id", "ids go in parameter id by default");
	if (calls.n != 3)
		goto out;

	c = &calls.v[0];
	is_str(err_of(&calls, 0), "(valid)", "a valid call has no error "
	    "(an empty positional '|' is ignored)");
	is_int(c->number, 1, "the first call is number 1");
	is_int(c->line, 2, "its line is that of its '{{'");
	is_int((long long)c->pt, 0, "its index in the doc");
	is_int(c->id_part, -1, "no empty id part");
	is_str(c->ev.v[F_ID], "", "no id yet");
	is_str(c->ev.v[F_COUNTRY], "Kenya", "a value is trimmed");
	is_str(c->ev.v[F_MODE], "online", "a mode is lower-cased");
	is_str(event_get(&c->ev, "hashtag"), "#wg23",
	    "a declared extra field is read");
	is_str(c->ev.v[F_CAMPAIGN], "WikiGap 2023",
	    "the intake's campaign is filled in");
	is_str(c->ev.v[F_TITLE], "WikiGap 2023: Nairobi",
	    "a call without a title gets CAMPAIGN: CITY");
	is_str(joined(&c->given),
	    "country,city,start,mode,hashtag,campaign,title",
	    "given lists the call's fields, then campaign and title");

	c = &calls.v[1];
	is_str(err_of(&calls, 1), "(valid)", "the second call is valid");
	is_int(c->number, 2, "the second call is number 2");
	is_int(c->line, 4, "its line counts the blank line");
	is_str(c->ev.v[F_TITLE], "WikiGap 2023: Senegal",
	    "without a city the title takes the country");
	is_str(c->ev.v[F_LANGUAGE], "fr", "a language code is lower-cased");
	is_str(c->ev.v[F_PARTICIPANTS], "7", "a count loses leading zeros");
	is_str(c->ev.v[F_CITY], "", "a field not given stays empty");
	is_str(joined(&c->given),
	    "country,start,language,participants,campaign,title",
	    "given has no city");

	c = &calls.v[2];
	is_str(err_of(&calls, 2), "(valid)", "the third call is valid");
	is_str(c->ev.v[F_CITY], "Thi\xc3\xa8s", "a value is made NFC");
	is_str(c->ev.v[F_TITLE], "Atelier", "a given title is kept");
	is_str(c->ev.v[F_ID], "thies-1", "a given id is kept");
	is_str(joined(&c->given), "city,start,title,campaign,id",
	    "the campaign the call names is given once");
out:
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	/* map.land = country: the parameter is read into its field. */
	if (read_calls(cfmap, ROOT(CALL(P("land", "Ghana")
	    P("start", "2023-03-08") P("kennung", "gh-1"))), &doc,
	    &calls) == 0 && calls.n == 1) {
		is_str(err_of(&calls, 0), "(valid)", "a mapped call is valid");
		is_str(calls.v[0].ev.v[F_COUNTRY], "Ghana",
		    "map.land reads land into country");
		is_str(calls.v[0].ev.v[F_ID], "gh-1",
		    "map.kennung reads kennung into id");
		is_str(joined(&calls.v[0].given), "country,start,id,campaign,"
		    "title", "given names fields, not parameters");
	} else
		ok(0, "a mapped call is read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);
}

static void
test_invalid(const struct config *cf, const struct config *cfmap)
{
	struct pt_doc		 doc;
	struct intake_calls	 calls;
	size_t			 i;

	/* One call a line, each wrong in its own way but for 10, 13, 16. */
	if (read_calls(cf, ROOT(
	    CALL(P("country", "Kenya")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-02-30")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("end", "2023-03-07")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("mode", "remote")) "\n"
	    CALL(P("contry", "Kenya") P("start", "2023-03-08")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("country", "Uganda")) "\n"
	    CALL(P("country", "Kenya") POS(1, " Nairobi ")
	    P("start", "2023-03-08")) "\n"
	    CALL(P("country", "Kenya") P("", "x")
	    P("start", "2023-03-08")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("campaign", "WikiGap 2022")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("id", "ke-1")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-09")
	    P("id", "ke-1")) "\n"
	    CALL(P("country", "Mali") P("id", "dup")) "\n"
	    CALL(P("country", "Mali") P("start", "2023-03-08")
	    P("id", "dup")) "\n"
	    CALL(P("start", "2023-03-08") P("venue", "Hall")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("url", "ftp://x")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("campaign", "WikiGap 2023")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("id", "Bad Id"))), &doc, &calls) == -1 || calls.n != 17) {
		ok(0, "invalid calls: the parse tree is read");
		intake_calls_free(&calls);
		pt_doc_free(&doc);
		return;
	}
	is_str(err_of(&calls, 0), "start: required field is empty",
	    "a call without start is invalid");
	ok(strncmp(err_of(&calls, 1), "start: '2023-02-30' is not a valid "
	    "date", 36) == 0, "an impossible date is invalid");
	printf("#   %s\n", err_of(&calls, 1));
	is_str(err_of(&calls, 2), "end: '2023-03-07' is before start "
	    "'2023-03-08'", "an end before the start is invalid");
	is_str(err_of(&calls, 3), "mode: 'remote' is not one of in-person, "
	    "online, hybrid", "an unknown mode is invalid");
	is_str(err_of(&calls, 4), "unknown parameter 'contry'; did you mean "
	    "'country'?", "an unknown parameter gets a did you mean");
	is_str(err_of(&calls, 5), "parameter 'country' gives country again "
	    "(after 'country')", "a parameter given twice is invalid");
	is_str(err_of(&calls, 6), "unnamed parameter 1 ('Nairobi'): write it "
	    "as NAME=VALUE", "a positional value is invalid");
	is_str(err_of(&calls, 7), "a parameter has no name before its '='",
	    "'|=x' is invalid");
	is_str(err_of(&calls, 8), "campaign 'WikiGap 2022' is not this "
	    "page's campaign 'WikiGap 2023'", "another campaign is invalid");
	is_str(err_of(&calls, 9), "(valid)", "the first call with an id is "
	    "valid");
	is_str(err_of(&calls, 10), "id 'ke-1' is already used by sign-up 10",
	    "a second call with that id names the first");
	is_int(calls.v[10].dup_of, 10, "by its number, for its line once "
	    "the page is written");
	is_str(err_of(&calls, 11), "start: required field is empty",
	    "an invalid call with an id");
	is_str(err_of(&calls, 12), "(valid)", "does not take its id from a "
	    "later valid call");
	is_str(err_of(&calls, 13), "title: required field is empty",
	    "with neither city nor country there is no title");
	is_str(err_of(&calls, 14), "url: 'ftp://x' is not an http:// or "
	    "https:// URL", "a bad url is invalid");
	is_str(err_of(&calls, 15), "(valid)", "the page's own campaign may "
	    "be named");
	is_str(err_of(&calls, 16), "id: 'Bad Id' is not a valid id (lower-"
	    "case letters, digits, '.', '_', '-'); try 'bad-id'",
	    "a bad id is invalid, with the id it would be");
	is_int((long long)calls.invalid, 14, "invalid counts the invalid "
	    "calls");
	for (i = 0; i < calls.n; i++) {
		if (calls.v[i].number != (int)i + 1 ||
		    calls.v[i].line != (int)i + 1)
			break;
	}
	is_int((long long)i, 17, "every call has its number and line");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	/* The same field through a map and its own name. */
	if (read_calls(cfmap, ROOT(CALL(P("land", "Kenya")
	    P("start", "2023-03-08") P("country", "Uganda")) "\n"
	    CALL(P("country", "Kenya") P("land", "Uganda"))), &doc,
	    &calls) == 0 && calls.n == 2) {
		is_str(err_of(&calls, 0), "parameter 'country' gives country "
		    "again (after 'land')", "country after map.land is "
		    "given twice");
		is_str(err_of(&calls, 1), "parameter 'land' gives country "
		    "again (after 'country')", "and land after country");
		is_int((long long)calls.invalid, 2, "both are invalid");
	} else
		ok(0, "mapped duplicate calls are read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);
}

/* A call with a 1 MiB parameter name made of unit: a short error. */
static void
test_flood(const struct config *cf, const char *unit, const char *what)
{
	struct pt_doc		 doc;
	struct intake_calls	 calls;
	char			*name, *xml;
	size_t			 i, len, n;

	len = strlen(unit);
	n = 1024 * 1024 / len;
	name = xmalloc(n * len + 1);
	for (i = 0; i < n; i++)
		memcpy(name + i * len, unit, len);
	name[n * len] = '\0';
	xml = xasprintf(ROOT(CALL(P("x%s", "1") P("country", "Kenya")
	    P("start", "2023-03-08"))), name);
	if (read_calls(cf, xml, &doc, &calls) == 0 && calls.n == 1 &&
	    calls.v[0].error != NULL) {
		ok(strlen(calls.v[0].error) < 800 &&
		    strncmp(calls.v[0].error, "unknown parameter 'x", 20) == 0,
		    what);
		printf("#   %zu bytes\n", strlen(calls.v[0].error));
		ok(strstr(calls.v[0].error, "\xe2\x80\xa6") != NULL,
		    "and it says it was cut");
	} else
		ok(0, what);
	intake_calls_free(&calls);
	pt_doc_free(&doc);
	free(xml);
	free(name);
}

/* Errors that quote what the page says: no controls, short. */
static void
test_hostile(const struct config *cf)
{
	struct pt_doc		 doc;
	struct intake_calls	 calls;
	char			*big, *xml, *e;
	size_t			 n = 1024 * 1024;

	/* DEL and C1 CSI (U+009B) are XML 1.0 characters; ESC is not. */
	if (read_calls(cf, ROOT(CALL(P("bad\x7fname", "x")) "\n"
	    CALL(P("x\xc2\x9b" "31mred", "x")) "\n"
	    CALL(POS(1, "a\x7f" "b") P("start", "2023-03-08"))), &doc,
	    &calls) == 0 && calls.n == 3) {
		e = calls.v[0].error;
		ok(e != NULL && strstr(e, "'bad?name'") != NULL &&
		    strchr(e, 0x7f) == NULL, "DEL in a name is shown as '?'");
		printf("#   %s\n", err_of(&calls, 0));
		e = calls.v[1].error;
		ok(e != NULL && strstr(e, "'x??31mred'") != NULL &&
		    strstr(e, "\xc2\x9b") == NULL,
		    "a C1 control in a name is shown as two '?'");
		printf("#   %s\n", err_of(&calls, 1));
		is_str(err_of(&calls, 2), "unnamed parameter 1 ('a?b'): write "
		    "it as NAME=VALUE", "DEL in a positional value is '?'");
	} else
		ok(0, "calls with control characters are read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	/* ESC cannot be in the tree's XML at all: refused before intake. */
	{
		struct pt_doc	 d;
		char		*cause = NULL;
		const char	*x = ROOT(CALL(P("a\x1b[31m", "x")));

		ok(parsetree_read(x, strlen(x), WG, 10, &d, &cause) == -1,
		    "ESC in the parse tree is refused by the XML parser");
		free(cause);
	}

	/*
	 * Characters that take no column on a terminal (DEL, zero width
	 * space, a combining accent) still count: 1 MiB of them in a name
	 * is not a 1 MiB message.
	 */
	test_flood(cf, "\x7f", "1 MiB of DEL in a name");
	test_flood(cf, "\xe2\x80\x8b", "1 MiB of U+200B in a name");
	test_flood(cf, "a\xcc\x81", "1 MiB of a combining accent in a name");

	/* A 1 MiB name, a 1 MiB positional value, a 1 MiB date. */
	big = xmalloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	xml = xasprintf(ROOT(CALL(P("%s", "1") P("start", "2023-03-08")) "\n"
	    CALL(POS(1, "%s") P("start", "2023-03-08")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08%s")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("venue", "%s"))), big, big, big, big);
	if (read_calls(cf, xml, &doc, &calls) == 0 && calls.n == 4) {
		ok(calls.v[0].error != NULL &&
		    strlen(calls.v[0].error) < 300 &&
		    strncmp(calls.v[0].error, "unknown parameter 'xxx", 22) ==
		    0, "a 1 MiB parameter name gives a short message");
		printf("#   %zu bytes: %s\n", strlen(err_of(&calls, 0)),
		    err_of(&calls, 0));
		ok(calls.v[1].error != NULL &&
		    strlen(calls.v[1].error) < 300 &&
		    strstr(calls.v[1].error, "unnamed parameter 1") != NULL,
		    "a 1 MiB positional value gives a short message");
		ok(calls.v[2].error != NULL &&
		    strlen(calls.v[2].error) < 300 &&
		    strncmp(calls.v[2].error, "start: ", 7) == 0,
		    "a 1 MiB date gives a short message");
		printf("#   %s\n", err_of(&calls, 2));
		ok(calls.v[3].error != NULL &&
		    strlen(calls.v[3].error) < 300 &&
		    strncmp(calls.v[3].error, "venue: ", 7) == 0,
		    "a 1 MiB venue gives a short message");
		printf("#   %s\n", err_of(&calls, 3));
	} else
		ok(0, "calls with 1 MiB values are read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);
	free(xml);
	free(big);
}

/* Empty id parts and the parameter ids are written into. */
static void
test_id_param(const struct config *cf, const struct config *cfmap,
    const struct config *cfaway, const struct config *cfnone)
{
	struct pt_doc		 doc;
	struct intake_calls	 calls;

	if (read_calls(cf, ROOT(CALL(P("country", "Kenya")
	    P("start", "2023-03-08") P("id", ""))), &doc, &calls) == 0 &&
	    calls.n == 1) {
		is_str(err_of(&calls, 0), "(valid)", "a call with '|id=' is "
		    "valid");
		is_int(calls.v[0].id_part, 2, "'|id=' sets id_part");
		is_str(calls.v[0].ev.v[F_ID], "", "and no id");
		ok(!strv_contains(&calls.v[0].given, "id"),
		    "an empty id is not given");
	} else
		ok(0, "a call with an empty id is read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	if (read_calls(cfmap, ROOT(CALL(P("kennung", "") P("land", "Kenya")
	    P("start", "2023-03-08"))), &doc, &calls) == 0 && calls.n == 1) {
		is_str(calls.id_param, "id", "with map.kennung = id, ids still "
		    "go in id (a known field)");
		is_int(calls.v[0].id_part, 0,
		    "an empty kennung is the id part");
	} else
		ok(0, "a call with an empty kennung is read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	if (read_calls(cfaway, ROOT(CALL(P("id", "see below") P("land",
	    "Kenya") P("start", "2023-03-08"))), &doc, &calls) == 0 &&
	    calls.n == 1) {
		is_str(calls.id_param, "kennung", "with map.id elsewhere, ids "
		    "go in the parameter mapped to id");
		is_str(err_of(&calls, 0), "(valid)", "the call is valid");
		is_str(calls.v[0].ev.v[F_NOTES], "see below",
		    "id is read into notes");
		is_str(calls.v[0].ev.v[F_ID], "", "and not into the id");
	} else
		ok(0, "a call with id mapped away is read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	if (read_calls(cfnone, ROOT(CALL(P("country", "Kenya")
	    P("start", "2023-03-08") P("id", "ke-2"))), &doc,
	    &calls) == 0 && calls.n == 1) {
		ok(calls.id_param == NULL, "no parameter for ids");
		is_str(err_of(&calls, 0), "no id, and no parameter maps to "
		    "the id field to write one into", "a call without an id "
		    "is then invalid");
		is_str(calls.v[0].ev.v[F_NOTES], "ke-2", "its id parameter "
		    "went to notes");
		is_int((long long)calls.invalid, 1, "one invalid call");
	} else
		ok(0, "calls without an id parameter are read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);
}

static void
test_base(void)
{
	static const char *const kv[] = {
		"id", "e1", "city", "Nairobi", "venue", "Back\\slash \\n",
		"notes", "line 1\n\nline 2\n\\end", "hashtag", "#a\\tb",
		"participants", "", NULL
	};
	struct event	 ev, back;
	struct strv	 given = STRV_INITIALIZER, given2 = STRV_INITIALIZER;
	char		*s, *s2;
	size_t		 i;
	static const char *const bad[] = {
		"city\tNairobi",		/* no newline */
		"cityNairobi\n",		/* no tab */
		"city\tNairobi\\\n",		/* backslash at the end */
		"city\tNairobi\n\n",		/* an empty line */
		"\tNairobi\n",			/* no name */
		"Bad name\tx\n",		/* not a field name */
		"start\t2023-02-30\n",		/* not a valid value */
		"city\tNai\\\trobi\n",		/* an escaped raw tab */
		"city\tok\nvenue\tx",		/* the last line unended */
		NULL
	};

	ev_fill(&ev, kv);
	is_str(ev.v[F_NOTES], "line 1\n\nline 2\n\\end",
	    "notes keep their newlines");
	strv_push(&given, xstrdup("city"));
	strv_push(&given, xstrdup("notes"));
	strv_push(&given, xstrdup("venue"));
	strv_push(&given, xstrdup("hashtag"));
	strv_push(&given, xstrdup("participants"));
	s = intake_base_encode(&ev, &given);
	is_str(s, "city\tNairobi\n"
	    "notes\tline 1\\n\\nline 2\\n\\\\end\n"
	    "venue\tBack\\\\slash \\\\n\n"
	    "hashtag\t#a\\\\tb\n"
	    "participants\t\n", "encode: one escaped line per given field");

	event_init(&back);
	is_int(intake_base_decode(s, &back, &given2), 0, "decode");
	is_str(joined(&given2), "city,notes,venue,hashtag,participants",
	    "decode gives the fields in order");
	for (i = 0; i < EVENT_NFIELDS; i++)
		if (strcmp(ev.v[i], back.v[i]) != 0 && i != F_ID)
			break;
	is_int((long long)i, EVENT_NFIELDS, "decode gives the values back");
	is_str(back.v[F_NOTES], ev.v[F_NOTES], "notes come back whole");
	is_str(back.v[F_VENUE], "Back\\slash \\n", "backslashes come back");
	is_str(event_get(&back, "hashtag"), "#a\\tb", "an extra comes back");
	is_str(back.v[F_ID], "", "a field not given is not encoded");
	s2 = intake_base_encode(&back, &given2);
	is_str(s2, s, "encode(decode(s)) is s");
	free(s);
	free(s2);
	event_free(&back);
	strv_free(&given2);
	strv_free(&given);

	s = intake_base_encode(&ev, &given);
	is_str(s, "", "no field given encodes to \"\"");
	event_init(&back);
	is_int(intake_base_decode(s, &back, &given2), 0, "\"\" decodes");
	is_int((long long)given2.n, 0, "to no field");
	free(s);
	event_free(&back);
	event_free(&ev);

	/* A tab cannot enter an event; encoded, it would not split a line. */
	event_init(&ev);
	free(ev.v[F_VENUE]);
	ev.v[F_VENUE] = xstrdup("a\tb\\t");
	strv_push(&given, xstrdup("venue"));
	s = intake_base_encode(&ev, &given);
	is_str(s, "venue\ta\\tb\\\\t\n", "a tab is encoded as \\t");
	event_init(&back);
	is_int(intake_base_decode(s, &back, &given2), -1,
	    "and decoded back as a tab, which a venue refuses");
	event_free(&back);
	strv_free(&given2);
	free(s);
	event_free(&ev);
	strv_free(&given);

	for (i = 0; bad[i] != NULL; i++) {
		event_init(&back);
		if (!is_int(intake_base_decode(bad[i], &back, &given2), -1,
		    "a malformed base is refused"))
			printf("#   base: '%s'\n", bad[i]);
		event_free(&back);
		strv_free(&given2);
	}
}

/* The registry's history, faked: one time for every field. */
struct fake {
	const char	*at;
	int		 calls;
	int		 fail;
	char		 field[64];
};

static int
fake_changed_at(const char *field, char **at, void *arg, char **cause)
{
	struct fake	*fk = arg;

	fk->calls++;
	snprintf(fk->field, sizeof fk->field, "%s", field);
	if (fk->fail) {
		*cause = xstrdup("registry is locked");
		return (-1);
	}
	*at = xstrdup(fk->at);
	return (0);
}

/*
 * The call "id=e1, country, city, start[, venue]" merged into a stored
 * event with stored_venue, given the base from a call with old_venue
 * (NULL: no base; "": the old call had no venue).  new_venue NULL: the
 * call gives no venue.
 */
static int
merge_venue(const struct config *cf, const char *old_venue,
    const char *new_venue, const char *stored_venue, struct fake *fk,
    struct intake_merge *m, char **cause)
{
	const char		*kv[] = {
		"id", "e1", "campaign", "WikiGap 2023",
		"title", "WikiGap 2023: Nairobi", "start", "2023-03-08",
		"country", "Kenya", "city", "Nairobi", "status", "confirmed",
		"participants", "12", "venue", stored_venue, NULL
	};
	struct pt_doc		 doc, odoc;
	struct intake_calls	 calls, ocalls;
	struct event		 stored, base;
	struct strv		 given = STRV_INITIALIZER;
	char			*xml, *s;
	int			 rv = -2;

	fk->calls = 0;
	fk->field[0] = '\0';
	ev_fill(&stored, kv);
	event_init(&base);
	memset(&ocalls, 0, sizeof ocalls);
	memset(&odoc, 0, sizeof odoc);
	if (new_venue != NULL)
		xml = xasprintf(ROOT(CALL(P("id", "e1") P("country", "Kenya")
		    P("city", "Nairobi") P("start", "2023-03-08")
		    P("venue", "%s"))), new_venue);
	else
		xml = xasprintf(ROOT(CALL(P("id", "e1") P("country", "Kenya")
		    P("city", "Nairobi") P("start", "2023-03-08"))));
	if (read_calls(cf, xml, &doc, &calls) == -1 || calls.n != 1 ||
	    calls.v[0].error != NULL) {
		printf("# merge fixture: %s\n", err_of(&calls, 0));
		free(xml);
		goto out;
	}
	free(xml);
	if (old_venue != NULL) {
		/* The base as the registry keeps it: encoded. */
		if (*old_venue != '\0')
			xml = xasprintf(ROOT(CALL(P("id", "e1")
			    P("country", "Kenya") P("city", "Nairobi")
			    P("start", "2023-03-08") P("venue", "%s"))),
			    old_venue);
		else
			xml = xasprintf(ROOT(CALL(P("id", "e1")
			    P("country", "Kenya") P("city", "Nairobi")
			    P("start", "2023-03-08"))));
		if (read_calls(cf, xml, &odoc, &ocalls) == -1 ||
		    ocalls.n != 1 || ocalls.v[0].error != NULL) {
			free(xml);
			goto out;
		}
		free(xml);
		s = intake_base_encode(&ocalls.v[0].ev, &ocalls.v[0].given);
		if (intake_base_decode(s, &base, &given) != 0) {
			free(s);
			goto out;
		}
		free(s);
	}
	rv = intake_merge(&calls.v[0], &stored, old_venue != NULL ? &base :
	    NULL, &given, REV_TIME, fake_changed_at, fk, m, cause);
out:
	intake_calls_free(&calls);
	pt_doc_free(&doc);
	intake_calls_free(&ocalls);
	if (old_venue != NULL)
		pt_doc_free(&odoc);
	event_free(&stored);
	event_free(&base);
	strv_free(&given);
	return (rv);
}

/* Check one merge_venue() outcome. */
static void
check_venue(const struct config *cf, const char *what, const char *old,
    const char *new, const char *stored, const char *at,
    const char *want_venue, const char *want_applied, const char *want_lost,
    int want_calls)
{
	struct intake_merge	 m;
	struct fake		 fk;
	char			*cause = NULL, label[256];
	int			 rv;

	memset(&fk, 0, sizeof fk);
	fk.at = at;
	rv = merge_venue(cf, old, new, stored, &fk, &m, &cause);
	snprintf(label, sizeof label, "%s: merged", what);
	if (!is_int(rv, 0, label)) {
		printf("#   cause: %s\n", cause != NULL ? cause : "(none)");
		free(cause);
		return;
	}
	snprintf(label, sizeof label, "%s: venue is '%s'", what, want_venue);
	is_str(m.ev.v[F_VENUE], want_venue, label);
	snprintf(label, sizeof label, "%s: applied '%s'", what, want_applied);
	is_str(joined(&m.applied), want_applied, label);
	snprintf(label, sizeof label, "%s: lost '%s'", what, want_lost);
	is_str(joined(&m.lost), want_lost, label);
	snprintf(label, sizeof label, "%s: changed is %d", what,
	    *want_applied != '\0');
	is_int(m.changed, *want_applied != '\0', label);
	snprintf(label, sizeof label, "%s: history asked %d times", what,
	    want_calls);
	is_int(fk.calls, want_calls, label);
	if (want_calls > 0) {
		snprintf(label, sizeof label, "%s: history asked for venue",
		    what);
		is_str(fk.field, "venue", label);
	}
	snprintf(label, sizeof label, "%s: other fields kept", what);
	ok(strcmp(m.ev.v[F_PARTICIPANTS], "12") == 0 &&
	    strcmp(m.ev.v[F_STATUS], "confirmed") == 0 &&
	    strcmp(m.ev.v[F_ID], "e1") == 0 &&
	    strcmp(m.ev.v[F_TITLE], "WikiGap 2023: Nairobi") == 0, label);
	intake_merge_free(&m);
}

static void
test_merge(const struct config *cf)
{
	static const char *const older = "2023-01-15T00:00:00Z";
	static const char *const newer = "2023-03-01T00:00:00Z";
	static const char *const sv[] = {
		"id", "e1", "campaign", "WikiGap 2023",
		"title", "WikiGap 2023: Nairobi", "start", "2023-03-08",
		"end", "2023-03-10", "country", "Kenya", "city", "Nairobi",
		"venue", "Hall", "hashtag", "#old", "status", "done", NULL
	};
	struct pt_doc		 doc;
	struct intake_calls	 calls;
	struct intake_call	 c;
	struct intake_merge	 m;
	struct event		 stored, base;
	struct strv		 bgiven = STRV_INITIALIZER;
	struct fake		 fk;
	char			*cause = NULL;
	size_t			 i;
	int			 rv;

	/* A new event: everything the call gives, status planned. */
	memset(&fk, 0, sizeof fk);
	fk.at = newer;
	if (read_calls(cf, ROOT(CALL(P("id", "e1") P("country", "Kenya")
	    P("city", "Nairobi") P("start", "2023-03-08") P("venue", "Hall")
	    P("hashtag", "#wg"))), &doc, &calls) == 0 && calls.n == 1 &&
	    calls.v[0].error == NULL) {
		rv = intake_merge(&calls.v[0], NULL, NULL, NULL, REV_TIME,
		    fake_changed_at, &fk, &m, &cause);
		if (is_int(rv, 0, "a new event merges")) {
			is_str(m.ev.v[F_STATUS], "planned",
			    "a new event is planned");
			is_str(joined(&m.applied), joined(&calls.v[0].given),
			    "every given field is applied");
			for (i = 0; i < EVENT_NFIELDS; i++)
				if (i != F_STATUS && strcmp(m.ev.v[i],
				    calls.v[0].ev.v[i]) != 0)
					break;
			is_int((long long)i, EVENT_NFIELDS,
			    "the new event has the call's values");
			is_str(event_get(&m.ev, "hashtag"), "#wg",
			    "and its extra field");
			is_int((long long)m.lost.n, 0, "nothing lost");
			is_int(m.changed, 1, "a new event is a change");
			is_int(fk.calls, 0, "no history asked");
			intake_merge_free(&m);
		} else {
			printf("#   cause: %s\n", cause);
			free(cause);
		}

		/* A new event from a call with no id cannot be stored. */
		cause = NULL;
		free(calls.v[0].ev.v[F_ID]);
		calls.v[0].ev.v[F_ID] = xstrdup("");
		rv = intake_merge(&calls.v[0], NULL, NULL, NULL, REV_TIME,
		    fake_changed_at, &fk, &m, &cause);
		is_int(rv, -1, "a new event without an id is refused");
		is_str(cause, "id: required field is empty", "and says why");
		free(cause);
	} else
		ok(0, "the new event's call is read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	check_venue(cf, "nothing changed", "Hall", "Hall", "Hall", newer,
	    "Hall", "", "", 0);
	check_venue(cf, "only the registry changed", "Hall", "Hall", "Hall B",
	    newer, "Hall B", "", "", 0);
	check_venue(cf, "only the registry changed, older", "Hall", "Hall",
	    "Hall B", older, "Hall B", "", "", 0);
	check_venue(cf, "only the call changed", "Hall", "Annex", "Hall",
	    newer, "Annex", "venue", "", 0);
	check_venue(cf, "both changed, registry older", "Hall", "Annex",
	    "Hall B", older, "Annex", "venue", "", 1);
	check_venue(cf, "both changed, registry newer", "Hall", "Annex",
	    "Hall B", newer, "Hall B", "", "venue", 1);
	check_venue(cf, "both changed, same second", "Hall", "Annex",
	    "Hall B", REV_TIME, "Annex", "venue", "", 1);
	check_venue(cf, "both changed, registry time unknown", "Hall",
	    "Annex", "Hall B", "", "Annex", "venue", "", 1);
	check_venue(cf, "both to the same value", "Hall", "Annex", "Annex",
	    newer, "Annex", "", "", 0);
	check_venue(cf, "no base, registry older", NULL, "Annex", "Hall B",
	    older, "Annex", "venue", "", 1);
	check_venue(cf, "no base, registry newer", NULL, "Annex", "Hall B",
	    newer, "Hall B", "", "venue", 1);
	check_venue(cf, "no base, same value", NULL, "Hall", "Hall", newer,
	    "Hall", "", "", 0);
	check_venue(cf, "no base, the call has no venue", NULL, NULL, "Hall",
	    older, "Hall", "", "", 0);
	check_venue(cf, "new in the call, registry older", "", "Annex", "",
	    older, "Annex", "venue", "", 1);
	check_venue(cf, "new in the call, registry emptied since", "",
	    "Annex", "", newer, "", "", "venue", 1);
	check_venue(cf, "'|venue=' clears", "Hall", "", "Hall", newer, "",
	    "venue", "", 0);
	check_venue(cf, "dropped from the call", "Hall", NULL, "Hall", newer,
	    "", "venue", "", 0);
	check_venue(cf, "dropped, registry changed since, newer", "Hall",
	    NULL, "Hall B", newer, "Hall B", "", "venue", 1);
	check_venue(cf, "dropped, registry changed since, older", "Hall",
	    NULL, "Hall B", older, "", "venue", "", 1);
	check_venue(cf, "dropped, registry already empty", "Hall", NULL, "",
	    older, "", "", "", 0);
	check_venue(cf, "never in the call", "", NULL, "Hall", older, "Hall",
	    "", "", 0);

	/*
	 * A call that gave every field last time and now gives only
	 * country and city (as a hand-made call): the dropped fields are
	 * cleared, but never id, title, start or campaign.
	 */
	ev_fill(&stored, sv);
	ev_fill(&base, sv);
	memset(&c, 0, sizeof c);
	event_copy(&c.ev, &stored);
	c.id_part = -1;
	strv_push(&c.given, xstrdup("country"));
	strv_push(&c.given, xstrdup("city"));
	for (i = 0; sv[i] != NULL; i += 2)
		strv_push(&bgiven, xstrdup(sv[i]));
	memset(&fk, 0, sizeof fk);
	fk.at = newer;
	rv = intake_merge(&c, &stored, &base, &bgiven, REV_TIME,
	    fake_changed_at, &fk, &m, &cause);
	if (is_int(rv, 0, "dropped fields: merged")) {
		is_str(joined(&m.applied), "end,venue,hashtag,status",
		    "the dropped optional fields are applied");
		ok(strcmp(m.ev.v[F_ID], "e1") == 0 &&
		    strcmp(m.ev.v[F_CAMPAIGN], "WikiGap 2023") == 0 &&
		    strcmp(m.ev.v[F_TITLE], "WikiGap 2023: Nairobi") == 0 &&
		    strcmp(m.ev.v[F_START], "2023-03-08") == 0,
		    "required fields are never cleared");
		ok(*m.ev.v[F_END] == '\0' && *m.ev.v[F_VENUE] == '\0' &&
		    *m.ev.v[F_STATUS] == '\0' &&
		    *event_get(&m.ev, "hashtag") == '\0',
		    "the others are cleared");
		is_int(m.changed, 1, "a change");
		is_int(fk.calls, 0, "no history asked");
		intake_merge_free(&m);
	} else {
		printf("#   cause: %s\n", cause);
		free(cause);
	}

	/* The call moves start past the registry's end: refused. */
	cause = NULL;
	free(c.ev.v[F_START]);
	c.ev.v[F_START] = xstrdup("2023-03-12");
	strv_push(&c.given, xstrdup("start"));
	strv_push(&c.given, xstrdup("end"));
	rv = intake_merge(&c, &stored, &base, &bgiven, REV_TIME,
	    fake_changed_at, &fk, &m, &cause);
	is_int(rv, -1, "a merge giving an invalid event fails");
	is_str(cause, "end: '2023-03-10' is before start '2023-03-12'",
	    "with the event's error");
	free(cause);
	is_int((long long)m.applied.n, 0, "the failed merge is freed");

	/* The registry's history fails: -1 with its cause. */
	cause = NULL;
	free(c.ev.v[F_VENUE]);
	c.ev.v[F_VENUE] = xstrdup("Annex");
	free(base.v[F_VENUE]);
	base.v[F_VENUE] = xstrdup("Hall C");
	strv_push(&c.given, xstrdup("venue"));
	fk.fail = 1;
	fk.calls = 0;
	rv = intake_merge(&c, &stored, &base, &bgiven, REV_TIME,
	    fake_changed_at, &fk, &m, &cause);
	is_int(rv, -1, "a failing history fails the merge");
	is_str(cause, "registry is locked", "with the history's cause");
	is_int(fk.calls, 1, "after asking once");
	free(cause);

	event_free(&c.ev);
	strv_free(&c.given);
	strv_free(&bgiven);
	event_free(&stored);
	event_free(&base);
}

static void
test_write_ids(const struct config *cf, const struct config *cfmap,
    const struct config *cfaway)
{
	struct pt_doc		 doc;
	struct intake_calls	 calls;
	const char		*ids[10];
	char			*text;
	size_t			 starts[10], i, moved;

	if (read_calls(cf, ROOT("Intro {{x}}\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")) "\n"
	    "<template><title>" WG "\n</title>"
	    P("country", "Uganda\n") P("start", "2023-03-09\n")
	    "</template>\n"
	    "<template><title>" WG "\n  </title>"
	    P("country", "Ghana\n  ") P("start", "2023-03-10\n")
	    "</template>\n"
	    CALL(P("id", "") P("country", "Mali") P("start", "2023-03-11"))
	    "\n"
	    "<template><title>" WG "\n</title>"
	    P("id", " \n") P("country", "Chad\n") P("start", "2023-03-12\n")
	    "</template>\n"
	    CALL("") "\n"
	    CALL(P("country", "Togo") P("start", "2023-03-13")) "\n"
	    "<template><title>" WG " \n</title>"
	    P("country", "Niger\n") P("start", "2023-03-14\n")
	    "</template>\n"
	    "<template><title>" WG "\n</title></template> "
	    "<template><title>" WG "  </title>" P("country", "Benin")
	    P("start", "2023-03-15") "</template>\nOutro"), &doc,
	    &calls) == -1 || calls.n != 10) {
		ok(0, "write ids: the parse tree is read");
		intake_calls_free(&calls);
		pt_doc_free(&doc);
		return;
	}
	is_str(doc.source, "Intro {{x}}\n"
	    "{{WikiGap event|country=Kenya|start=2023-03-08}}\n"
	    "{{WikiGap event\n|country=Uganda\n|start=2023-03-09\n}}\n"
	    "{{WikiGap event\n  |country=Ghana\n  |start=2023-03-10\n}}\n"
	    "{{WikiGap event|id=|country=Mali|start=2023-03-11}}\n"
	    "{{WikiGap event\n|id= \n|country=Chad\n|start=2023-03-12\n}}\n"
	    "{{WikiGap event}}\n"
	    "{{WikiGap event|country=Togo|start=2023-03-13}}\n"
	    "{{WikiGap event \n|country=Niger\n|start=2023-03-14\n}}\n"
	    "{{WikiGap event\n}} "
	    "{{WikiGap event  |country=Benin|start=2023-03-15}}\nOutro",
	    "write ids: the fixture's source");
	is_int(calls.v[3].id_part, 0, "'|id=' is an id part");
	is_int(calls.v[4].id_part, 0, "'|id= \\n' is an id part");

	ids[0] = "ke";
	ids[1] = "ug";
	ids[2] = "gh";
	ids[3] = "ml";
	ids[4] = "td";
	ids[5] = "x6";
	ids[6] = NULL;
	ids[7] = "ne";
	ids[8] = "x9";
	ids[9] = "bj";
	text = intake_write_ids(&doc, &calls, ids, starts);
	for (i = 0, moved = 0; i < calls.n; i++) {
		moved += starts[i] != doc.calls[i].start;
		if (strncmp(text + starts[i], "{{WikiGap event", 15) != 0)
			break;
	}
	ok(i == calls.n && moved == 9, "each call's new offset is its "
	    "\"{{\", moved by the ids written before it");
	is_int((int)starts[2] - (int)doc.calls[2].start, 13, "by every byte "
	    "of them: '|id=ke' and '|id=ug\\n'");
	is_str(text, "Intro {{x}}\n"
	    "{{WikiGap event|id=ke|country=Kenya|start=2023-03-08}}\n"
	    "{{WikiGap event\n|id=ug\n|country=Uganda\n|start=2023-03-09\n}}\n"
	    "{{WikiGap event\n  |id=gh\n  |country=Ghana\n  |start=2023-03-10"
	    "\n}}\n"
	    "{{WikiGap event|id=ml|country=Mali|start=2023-03-11}}\n"
	    "{{WikiGap event\n|id= td\n|country=Chad\n|start=2023-03-12\n}}\n"
	    "{{WikiGap event|id=x6}}\n"
	    "{{WikiGap event|country=Togo|start=2023-03-13}}\n"
	    "{{WikiGap event \n|id=ne\n|country=Niger\n|start=2023-03-14\n}}\n"
	    "{{WikiGap event\n|id=x9\n}} "
	    "{{WikiGap event  |id=bj|country=Benin|start=2023-03-15}}\nOutro",
	    "ids are written as each call is laid out, nothing else moves");
	free(text);

	memset(ids, 0, sizeof ids);
	text = intake_write_ids(&doc, &calls, ids, NULL);
	is_str(text, doc.source, "no ids: the source unchanged");
	free(text);

	ids[9] = "last";
	text = intake_write_ids(&doc, &calls, ids, NULL);
	is_str(text, "Intro {{x}}\n"
	    "{{WikiGap event|country=Kenya|start=2023-03-08}}\n"
	    "{{WikiGap event\n|country=Uganda\n|start=2023-03-09\n}}\n"
	    "{{WikiGap event\n  |country=Ghana\n  |start=2023-03-10\n}}\n"
	    "{{WikiGap event|id=|country=Mali|start=2023-03-11}}\n"
	    "{{WikiGap event\n|id= \n|country=Chad\n|start=2023-03-12\n}}\n"
	    "{{WikiGap event}}\n"
	    "{{WikiGap event|country=Togo|start=2023-03-13}}\n"
	    "{{WikiGap event \n|country=Niger\n|start=2023-03-14\n}}\n"
	    "{{WikiGap event\n}} "
	    "{{WikiGap event  |id=last|country=Benin|start=2023-03-15}}\n"
	    "Outro", "an id for the last call only");
	free(text);
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	/* map.kennung = id: an empty kennung gets the id. */
	if (read_calls(cfmap, ROOT(CALL(P("land", "Kenya")
	    P("kennung", "") P("start", "2023-03-08")) " "
	    CALL(P("land", "Mali") P("start", "2023-03-08"))), &doc,
	    &calls) == 0 && calls.n == 2) {
		ids[0] = "ke";
		ids[1] = "ml";
		text = intake_write_ids(&doc, &calls, ids, NULL);
		is_str(text, "{{WikiGap event|land=Kenya|kennung=ke|start="
		    "2023-03-08}} {{WikiGap event|id=ml|land=Mali|start="
		    "2023-03-08}}", "an empty mapped id part gets the id");
		free(text);
	} else
		ok(0, "calls with kennung are read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	/* map.id elsewhere: new ids go in the mapped parameter. */
	if (read_calls(cfaway, ROOT(CALL(P("land", "Mali")
	    P("start", "2023-03-08"))), &doc, &calls) == 0 && calls.n == 1) {
		ids[0] = "ml";
		text = intake_write_ids(&doc, &calls, ids, NULL);
		is_str(text, "{{WikiGap event|kennung=ml|land=Mali|start="
		    "2023-03-08}}", "the id goes in the id parameter");
		free(text);
	} else
		ok(0, "a call for kennung is read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);
}

/* Is the report's table made of its own syntax only? */
static int
report_ok(const char *r, size_t nrows)
{
	static const char *const head =
	    "\n{| class=\"wikitable\"\n"
	    "|+ Sign-ups not taken into the event registry (";
	const char	*p, *nl;
	char		 line[4096], want[64], *data, *sep;
	size_t		 rows = 0, len;
	int		 num;

	if (strncmp(r, head, strlen(head)) != 0)
		return (0);
	snprintf(want, sizeof want, "%zu)\n! # !! Sign-up !! What to fix\n",
	    nrows);
	p = r + strlen(head);
	if (strncmp(p, want, strlen(want)) != 0)
		return (0);
	p += strlen(want);
	while (strncmp(p, "|-\n", 3) == 0) {
		p += 3;
		if ((nl = strchr(p, '\n')) == NULL)
			return (0);
		len = nl - p;
		if (len >= sizeof line)
			return (0);
		memcpy(line, p, len);
		line[len] = '\0';
		if (sscanf(line, "| %d || <code>", &num) != 1 || num < 1)
			return (0);
		/* The data: the line after "<code>", less "</code> || ". */
		data = strstr(line, "<code>") + 6;
		if ((sep = strstr(data, "</code> || ")) == NULL)
			return (0);
		memmove(sep, sep + 11, strlen(sep + 11) + 1);
		if (strpbrk(data, "{}|[]<>=") != NULL) {
			printf("#   raw syntax in: %s\n", data);
			return (0);
		}
		rows++;
		p = nl + 1;
	}
	if (rows != nrows)
		return (0);
	return (strcmp(p, "|}\nEach sign-up is a call of the template "
	    "'''WikiGap event'''. Fix it on this page: the next check reads "
	    "it again.\n") == 0);
}

static void
test_report(const struct config *cf)
{
	struct pt_doc		 doc;
	struct intake_calls	 calls;
	char			*r, *p;

	if (read_calls(cf, ROOT(CALL(P("country", "Kenya")
	    P("start", "2023-03-08"))), &doc, &calls) == 0) {
		r = intake_report(&cf->intakes[0], &calls, &doc);
		is_str(r, "\n''No problems: every sign-up on this page is in "
		    "the event registry.''\n", "no invalid call: no problems");
		free(r);
	} else
		ok(0, "report: a valid call is read");
	intake_calls_free(&calls);
	pt_doc_free(&doc);

	if (read_calls(cf, ROOT("== Sign up ==\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")) "\n"
	    CALL(P("country", "Kenya")) "\n"
	    CALL(P("country", "Kenya") P("start", "2023-03-08")
	    P("mode", "by boat, over the lake, with a very long explanation"))
	    "\n"
	    CALL(P("}}{{delete}}|-\n|}", "x") P("start", "2023-03-08")) "\n"
	    CALL(POS(1, "}}{{delete}}|-\n|}") P("start", "2023-03-08")) "\n"
	    CALL(P("country", "[[Kenya]] &lt;b&gt;'''x'''&lt;/b&gt; ~~~~ "
	    "__NOTOC__")) "\n"), &doc, &calls) == -1 || calls.n != 6) {
		ok(0, "report: the calls are read");
		intake_calls_free(&calls);
		pt_doc_free(&doc);
		return;
	}
	is_int((long long)calls.invalid, 5, "report: five invalid calls");
	r = intake_report(&cf->intakes[0], &calls, &doc);
	ok(report_ok(r, 5), "the report is one table, a row per invalid "
	    "call, no syntax from the data");
	ok(strstr(r, "|-\n| 2 || <code>&#123;&#123;WikiGap event&#124;"
	    "country&#61;Kenya&#125;&#125;</code> || start: required field "
	    "is empty\n") != NULL, "a row: number, source, error, escaped");
	ok(strstr(r, "| 1 ||") == NULL, "the valid call has no row");
	ok(strstr(r, "| 3 || <code>&#123;&#123;WikiGap event&#124;country"
	    "&#61;Kenya&#124;start&#61;2023-03-08&#124;mode&#61;by "
	    "boat\xe2\x80\xa6</code> || ") != NULL,
	    "a long source is cut to 60 characters");
	ok(strstr(r, "| 4 || <code>&#123;&#123;WikiGap event&#124;&#125;"
	    "&#125;&#123;&#123;delete&#125;&#125;&#124;-") != NULL,
	    "a hostile name is escaped in the source");
	ok(strstr(r, "unknown parameter &#39;&#125;&#125;&#123;&#123;delete"
	    "&#125;&#125;&#124;-?&#124;&#125;&#39;") != NULL,
	    "and in the error, its newline a '?'");
	ok(strstr(r, "| 5 || <code>") != NULL &&
	    strstr(r, "unnamed parameter 1 (&#39;&#125;&#125;&#123;&#123;") !=
	    NULL, "a hostile positional value is escaped");
	ok(strstr(r, "[[") == NULL && strstr(r, "~~~") == NULL &&
	    strstr(r, "__NOTOC") == NULL && strstr(r, "<b>") == NULL,
	    "links, signatures, switches and tags stay text");
	/* The checker itself sees raw syntax when there is some. */
	if ((p = strstr(r, "&#123;&#123;delete")) != NULL) {
		memcpy(p, "{{delete}}", 10);
		ok(!report_ok(r, 5), "report_ok() finds a raw '{{'");
	} else
		ok(0, "report_ok() finds a raw '{{'");
	free(r);
	intake_calls_free(&calls);
	pt_doc_free(&doc);
}

int
main(void)
{
	struct config	*cf, *cfmap, *cfaway, *cfnone;

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(path, sizeof path, "%s/wikisync.ini", dir);
	cf = load_conf("");
	cfmap = load_conf("map.land = country\nmap.kennung = id\n");
	cfaway = load_conf("map.land = country\nmap.id = notes\n"
	    "map.kennung = id\n");
	cfnone = load_conf("map.id = notes\n");
	unlink(path);
	rmdir(dir);
	ok(cf != NULL && cfmap != NULL && cfaway != NULL && cfnone != NULL,
	    "the configs load");
	if (cf == NULL || cfmap == NULL || cfaway == NULL || cfnone == NULL)
		return (tap_done());

	test_valid(cf, cfmap);
	test_invalid(cf, cfmap);
	test_hostile(cf);
	test_id_param(cf, cfmap, cfaway, cfnone);
	test_base();
	test_merge(cf);
	test_write_ids(cf, cfmap, cfaway);
	test_report(cf);

	conf_free(cf);
	conf_free(cfmap);
	conf_free(cfaway);
	conf_free(cfnone);
	return (tap_done());
}
