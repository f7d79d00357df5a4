/*
 * Unit tests for bots: every row of the table in bots.h, user and
 * template names as MediaWiki compares them, several calls on a page,
 * calls hidden in comments and nowiki, {{nobots|...}}, unclosed and
 * nested calls, the *why texts, and pages built to make a careless
 * scanner take quadratic time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bots.h"
#include "buf.h"
#include "tap.h"
#include "testrand.h"

#define BOT	"SyncBot"

/* Does text (with NUL bytes, len) let user edit, and with what reason? */
static void
is_allowed_len(const char *text, size_t len, const char *user, int want,
    const char *wantwhy, const char *what)
{
	char	*why = NULL;
	int	 rv;

	rv = bots_allowed(text, len, user, &why);
	if (!is_int(rv, want, what))
		printf("#   text: '%s'\n", text);
	if (wantwhy != NULL)
		is_str(why, wantwhy, what);
	else if (rv == 0)
		ok(why != NULL, what);
	else
		ok(why == NULL, what);
	free(why);
}

static void
allowed(const char *text, const char *what)
{
	is_allowed_len(text, strlen(text), BOT, 1, NULL, what);
}

static void
excluded(const char *text, const char *what)
{
	is_allowed_len(text, strlen(text), BOT, 0, NULL, what);
}

/* Does text let user edit, as want says? */
static void
user_allowed(const char *text, const char *user, int want,
    const char *wantwhy, const char *what)
{
	is_allowed_len(text, strlen(text), user, want, wantwhy, what);
}

/* Excluded, with *why want. */
static void
excluded_why(const char *text, const char *want, const char *what)
{
	is_allowed_len(text, strlen(text), BOT, 0, want, what);
}

static void
test_table(void)
{
	excluded_why("{{nobots}}", "{{nobots}} excludes SyncBot",
	    "{{nobots}}");
	allowed("{{bots}}", "{{bots}}");
	allowed("{{bots|allow=all}}", "allow=all");
	excluded_why("{{bots|allow=none}}",
	    "{{bots|allow=none}} excludes SyncBot", "allow=none");
	excluded("{{bots|allow=OtherBot,ThirdBot}}", "allow= without us");
	allowed("{{bots|allow=OtherBot,SyncBot}}", "allow= with us");
	excluded("{{bots|deny=all}}", "deny=all");
	allowed("{{bots|deny=none}}", "deny=none");
	allowed("{{bots|deny=OtherBot,ThirdBot}}", "deny= without us");
	excluded_why("{{bots|deny=OtherBot,SyncBot}}",
	    "{{bots|deny=OtherBot,SyncBot}} excludes SyncBot",
	    "deny= with us");
	allowed("{{bots|optout=all}}", "optout=all: no messages sent");
	allowed("{{bots|optout=nosource,nolicense}}", "optout=types");
}

static void
test_names(void)
{
	excluded("{{bots|deny=syncBot}}", "first letter in any case");
	user_allowed("{{bots|deny=SyncBot}}", "syncBot", 0, NULL,
	    "the user's first letter in any case");
	allowed("{{bots|deny=SYNCBOT}}", "other letters compare exactly");
	allowed("{{bots|deny=SyncBot2,XSyncBot,Sync}}",
	    "no prefix or suffix matches");
	user_allowed("{{bots|deny=Sync_Bot}}", "Sync Bot", 0, NULL,
	    "\"_\" in the list is \" \"");
	user_allowed("{{bots|deny=Sync Bot}}", "sync_Bot", 0, NULL,
	    "\"_\" in the user is \" \"");
	user_allowed("{{bots|deny= sync__ Bot_ }}", "Sync Bot", 0,
	    NULL, "runs of spaces and \"_\" are one, none at the ends");
	user_allowed("{{bots|allow=Sync Bot}}", " Sync_Bot ", 1, NULL,
	    "the user is trimmed");
	excluded("{{bots|deny= SyncBot }}", "spaces around a name");
	allowed("{{bots|allow=OtherBot, SyncBot}}",
	    "allow list with a space after the comma");
	allowed("{{bots|allow=OtherBot , SyncBot ,ThirdBot}}",
	    "allow list with spaces around the commas");
	excluded("{{bots|deny=OtherBot,\n SyncBot}}",
	    "deny list with a line break");
	excluded("{{bots|allow=OtherBot,,}}", "empty items are no one");
	excluded("{{bots|allow=}}", "an empty allow list allows no one");
	allowed("{{bots|deny=}}", "an empty deny list denies no one");
	excluded("{{bots|deny=All}}", "\"all\" in any case");
	allowed("{{bots|allow=OtherBot,ALL}}", "\"all\" among names");
	user_allowed("{{bots|deny=\xc3\x89mile}}", "\xc3\xa9mile", 0,
	    NULL, "a non-ASCII first letter in any case");
	user_allowed("{{bots|deny=None}}", "None", 1, NULL,
	    "\"none\" is a word, not a user");
}

static void
test_templates(void)
{
	excluded("{{ Nobots }}", "template name with spaces, capitalized");
	excluded("{{Bots |deny=SyncBot}}", "{{Bots |deny=...}}");
	excluded("{{bots\n| deny = SyncBot\n}}", "line breaks in the call");
	excluded("{{Template:Nobots}}", "Template: prefix");
	excluded("{{template: bots|deny=SyncBot}}", "template: prefix");
	excluded("{{nobots_}}", "a trailing \"_\" in the name");
	allowed("{{NOBOTS}}", "template names are case-sensitive after "
	    "the first letter");
	allowed("{{no bots}}", "{{no bots}} is another template");
	allowed("{{nobots2}} {{bot}} {{botsx|deny=all}}", "other templates");
	allowed("{{Infobox|name=x|deny=SyncBot}}",
	    "deny= in another template");
	excluded("{{bots|Deny=SyncBot}}", "parameter names in any case");
	excluded("{{bots|allow=SyncBot|deny=SyncBot}}",
	    "any parameter that excludes wins");
	allowed("{{bots|SyncBot}}", "an unnamed parameter says nothing");
	allowed("{{bots|deny=OtherBot|optout=all}}", "deny and optout");
}

static void
test_nobots(void)
{
	excluded("{{nobots|}}", "{{nobots|}}");
	excluded("{{nobots| , }}", "{{nobots| , }}: no names");
	excluded("{{nobots|SyncBot}}", "{{nobots|SyncBot}}");
	allowed("{{nobots|OtherBot}}", "{{nobots|OtherBot}}");
	excluded("{{nobots|OtherBot, syncBot}}", "{{nobots|A, B}}");
	excluded("{{nobots|all}}", "{{nobots|all}}");
	excluded("{{nobots|deny=OtherBot}}",
	    "{{nobots|deny=...}}: named parameters exclude every bot");
	excluded("{{nobots|allow=SyncBot}}", "{{nobots|allow=SyncBot}}");
	excluded("{{nobots|OtherBot|reason=x}}",
	    "{{nobots|A|reason=x}}: named parameters exclude every bot");
}

static void
test_pages(void)
{
	allowed("", "an empty page");
	allowed("Just text, [[a link]] and '''bold'''.\n",
	    "a page without calls");
	allowed("{ {nobots}} {{{nobots}} } {nobots}", "broken braces");
	excluded("intro\n{{bots|allow=all}}\ntext\n{{bots|deny=SyncBot}}\n",
	    "several calls: one excludes");
	excluded_why("{{bots|deny=OtherBot}}{{bots|deny=SyncBot}}",
	    "{{bots|deny=SyncBot}} excludes SyncBot",
	    "the reason quotes the call that excludes");
	excluded("{{bots|allow=SyncBot}} {{nobots}}",
	    "{{nobots}} after an allow");
	allowed("{{bots|deny=OtherBot}} {{bots|allow=all}} {{bots}}",
	    "several calls: none excludes");
	is_allowed_len("a\0b{{nobots}}\0", 14, BOT, 0, NULL,
	    "NUL bytes in the page");
	is_allowed_len("{{nobots}}", 9, BOT, 1, NULL,
	    "the length bounds the page");
	user_allowed("{{bots|deny=SyncBot}}", "", 1, NULL,
	    "an empty user is not in a list");
}

static void
test_hidden(void)
{
	allowed("<!-- {{nobots}} -->", "in a comment");
	allowed("<!-- note --><!-- {{nobots}} -->x", "in a second comment");
	excluded("<!-- note --> {{nobots}}", "after a comment");
	allowed("text <!-- not closed {{nobots}}",
	    "an unclosed comment hides the rest");
	allowed("<!--> {{nobots}} -->", "\"<!-->\" does not close itself");
	allowed("<nowiki>{{nobots}}</nowiki>", "in nowiki");
	allowed("<NoWiki >{{nobots}}</NOWIKI >", "in nowiki, any case");
	excluded("<nowiki>x</nowiki>{{nobots}}", "after nowiki");
	excluded("<nowiki/>{{nobots}}", "after an empty nowiki tag");
	excluded("<nowiki>{{nobots}}", "an unclosed nowiki is text");
	excluded("<nowiki><!--</nowiki>{{nobots}}-->",
	    "no comment starts inside nowiki");
	excluded("<nowiki>a</nowiki> <nowiki>b {{nobots}}",
	    "a second nowiki, unclosed");
	excluded("{{bots|deny=SyncBot<!-- , not OtherBot -->}}",
	    "a comment inside a call is left out");
	allowed("{{bots|deny=<!-- SyncBot, -->OtherBot}}",
	    "a name inside a comment in a call");
	excluded("{{nobots<!-- because -->}}", "a comment after the name");
	allowed("{{bots|deny=OtherBot<!-- }} {{nobots}} -->}}",
	    "\"}}\" inside a comment inside a call");
	allowed("{{bots|deny=SyncBot<!-- unclosed",
	    "an unclosed comment inside a call");
	allowed("{{foo|<nowiki>{{nobots}}</nowiki>}}",
	    "nowiki inside another call");
}

static void
test_malformed(void)
{
	allowed("{{bots|deny=SyncBot", "an unclosed call is not a call");
	allowed("{{nobots", "an unclosed {{nobots");
	allowed("{{nobots}", "{{nobots} is not closed");
	allowed("{{bots|deny=SyncBot}\n", "{{bots|deny=SyncBot} is not closed");
	excluded("{{nobots}} then {{x", "a closed call before an unclosed one");
	excluded("{{x {{nobots}}", "a call after an unclosed one");
	excluded("{{foo|{{nobots}}}}", "a call inside another call");
	allowed("{{bots|deny={{BOTNAME}}}}",
	    "a call with a call inside is not read");
	excluded("{{bots|deny={{BOTNAME}}}} {{nobots}}",
	    "and the scan goes on after it");
	excluded("}}{{nobots}}}}", "stray braces around a call");
}

static void
test_why(void)
{
	char	*why = (char *)"untouched";
	char	 text[300];

	excluded_why("{{bots\n|deny=SyncBot\r\n}}",
	    "{{bots |deny=SyncBot  }} excludes SyncBot",
	    "line breaks in the quote become spaces");
	excluded_why("{{bots|deny=SyncBot|x=\xc2\x9b" "2J}}",
	    "{{bots|deny=SyncBot|x=?2J}} excludes SyncBot",
	    "a C1 control (a CSI) in the quote becomes ?");
	excluded_why("x {{Nobots|}} y", "{{Nobots|}} excludes SyncBot",
	    "only the call is quoted");
	excluded_why("{{bots|deny=SyncBot<!-- x -->}}",
	    "{{bots|deny=SyncBot<!-- x -->}} excludes SyncBot",
	    "the call is quoted as written");
	user_allowed("{{bots|deny=sync_Bot}}", "Sync_Bot", 0,
	    "{{bots|deny=sync_Bot}} excludes Sync_Bot",
	    "the user is named as given");

	snprintf(text, sizeof text, "{{bots|deny=%s,SyncBot}}",
	    "OtherBot,OtherBot,OtherBot,OtherBot,OtherBot,OtherBot,"
	    "OtherBot,OtherBot,OtherBot,OtherBot");
	excluded_why(text, "{{bots|deny=OtherBot,OtherBot,OtherBot,OtherBot,"
	    "OtherBot,OtherBot,OtherBot,Other... excludes SyncBot",
	    "a long call is cut");
	snprintf(text, sizeof text, "{{bots|deny=%s,SyncBot}}",
	    "Bot\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	excluded_why(text, "{{bots|deny=Bot\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "... excludes SyncBot", "a cut keeps UTF-8 whole");

	is_int(bots_allowed("{{nobots}}", 10, BOT, NULL), 0,
	    "why may be NULL");
	is_int(bots_allowed("{{bots}}", 8, BOT, &why), 1, "allowed");
	is_str(why, "untouched", "why is left alone when allowed");
}

/* Pages that would take a scanner that searches again and again long. */
static void
test_linear(void)
{
	static const struct {
		const char	*unit;
		int		 want;
		const char	*what;
	} units[] = {
		{ "{{", 1, "a page of \"{{\"" },
		{ "{{bots|", 1, "a page of unclosed {{bots|" },
		{ "{{bots|deny={{", 1, "a page of nested unclosed calls" },
		{ "<nowiki>", 1, "a page of unclosed <nowiki>" },
		{ "<nowiki>{{", 1, "a page of unclosed <nowiki>{{" },
		{ "{{x|<nowiki>", 1, "unclosed nowiki in unclosed calls" },
		{ "{{bots|deny=a,}}", 1, "a page of {{bots}} calls" },
		{ "<!--{{-->", 1, "a page of comments" },
		{ "{{nobots|", 1, "a page of unclosed {{nobots|" },
	};
	struct buf	b;
	size_t		i, ulen;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		buf_init(&b, BUF_UNLIMITED);
		ulen = strlen(units[i].unit);
		while (b.len < 4 * 1024 * 1024)
			buf_add(&b, units[i].unit, ulen);
		is_int(bots_allowed(b.data, b.len, BOT, NULL), units[i].want,
		    units[i].what);
		buf_free(&b);
	}

	/* A long deny list with us at its end. */
	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "{{bots|deny=");
	while (b.len < 4 * 1024 * 1024)
		buf_adds(&b, "OtherBot, ");
	buf_adds(&b, "SyncBot}}");
	is_int(bots_allowed(b.data, b.len, BOT, NULL), 0,
	    "a 4 MiB deny list");
	buf_free(&b);
}

/* Random pages of the pieces the scanner looks for. */
static void
test_random(void)
{
	static const char	*pieces[] = { "{{", "}}", "{", "}", "|", "=",
				    "<!--", "-->", "<nowiki>", "</nowiki>",
				    "<nowiki/>", "bots", "nobots", "deny",
				    "allow", "SyncBot", "all", ",", " ", "\n",
				    "_", "\xc3", "\xa9", "Template:", "<" };
	struct buf		 b;
	char			*why;
	int			 i, k, n, rv, bad = 0;

	for (i = 0; i < 20000; i++) {
		buf_init(&b, BUF_UNLIMITED);
		n = (int)rnd(40);
		for (k = 0; k < n; k++)
			buf_adds(&b, pieces[rnd(sizeof pieces /
			    sizeof pieces[0])]);
		why = NULL;
		rv = bots_allowed(b.data, b.len, BOT, &why);
		if ((rv != 0 && rv != 1) || (rv == 0) != (why != NULL))
			bad++;
		free(why);
		buf_free(&b);
	}
	is_int(bad, 0, "20000 random pages: 0 with a reason or 1");
}

int
main(void)
{
	test_table();
	test_names();
	test_templates();
	test_nobots();
	test_pages();
	test_hidden();
	test_malformed();
	test_why();
	test_linear();
	test_random();
	return (tap_done());
}
