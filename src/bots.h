/*
 * The exclusion compliance wiki bots follow: {{nobots}} and
 * {{bots|allow=...}} / {{bots|deny=...}} / {{bots|optout=...}} on a page
 * (https://en.wikipedia.org/wiki/Template:Bots).
 *
 *	{{nobots}}			no bot may edit
 *	{{bots}}			every bot may edit
 *	{{bots|allow=all}}		every bot may edit
 *	{{bots|allow=none}}		no bot may edit
 *	{{bots|allow=A,B}}		only the bots named
 *	{{bots|deny=all}}		no bot may edit
 *	{{bots|deny=none}}		every bot may edit
 *	{{bots|deny=A,B}}		every bot but those named
 *	{{bots|optout=...}}		message types: wikisync sends none
 *
 * Names compare as MediaWiki user names do: the first letter case-
 * insensitively, "_" equal to " ", runs of either as one, surrounding
 * spaces ignored.  Template names compare the same way ("{{ Nobots }}",
 * "{{Bots |deny=...}}", "{{Template:Bots|...}}"); "all", "none" and the
 * parameter names "allow", "deny" and "optout" in any case.  Lists are
 * split at commas (spaces around the names do not matter); an empty
 * allow list allows no bot.  When several calls are on the page, or
 * several parameters in a call, any one that excludes the bot wins.
 *
 * {{nobots|A,B}} (unnamed lists, as pywikibot reads them) excludes only
 * the bots named and "all"; {{nobots}} with an empty list or with any
 * named parameter ("{{nobots|deny=A}}", not a form the template knows)
 * excludes every bot.  Unnamed parameters to {{bots}} say nothing.
 *
 * The page is read as MediaWiki reads it, to a point:
 *  - Calls inside HTML comments and <nowiki>...</nowiki> do not count.
 *    A comment runs from "<!--" to the first "-->"; an unclosed one hides
 *    the rest of the page.  A nowiki section runs from "<nowiki>" to the
 *    first "</nowiki>" (any case, spaces before ">"); "<nowiki/>" and an
 *    unclosed "<nowiki>" are plain text, as MediaWiki shows them.
 *  - A call runs from "{{" to the first "}}"; comments inside it are left
 *    out ("{{bots|deny=A<!-- ,B -->}}" denies A), nowiki sections inside
 *    it are kept as text.  A call without its "}}" is not a call
 *    ("{{bots|deny=SyncBot" with nothing after excludes no one).  A call
 *    with another "{{" in it ("{{bots|deny={{X}}}}") is not read either,
 *    but the inner call is ("{{foo|{{nobots}}}}" excludes every bot).
 *  - Nothing else of wikitext (<pre>, <includeonly>, transclusion of
 *    other pages) is understood.
 * Every byte of the page is looked at a bounded number of times, so any
 * page takes time linear in its length.
 */
#ifndef BOTS_H
#define BOTS_H

#include <stddef.h>

/*
 * Does text (len bytes, any bytes; NULL if len is 0) let the bot named
 * user edit it?  user is the account name ("SyncBot", not a BotPassword
 * login such as "SyncBot@wikisync").  Returns 1 if it does (*why left
 * alone); 0 if not, with *why (may be NULL) set to a newly allocated
 * reason quoting the first call that excludes the bot as written
 * (control characters such as line ends as spaces, cut to 80 bytes with
 * "..."), e.g. "{{bots|deny=SyncBot}} excludes SyncBot".
 */
int		 bots_allowed(const char *text, size_t len, const char *user,
		     char **why);

#endif
