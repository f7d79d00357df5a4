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
 * insensitively, "_" equal to " ", surrounding spaces ignored.  Template
 * names compare the same way ("{{ Nobots }}", "{{Bots |deny=...}}").
 * Calls inside HTML comments and <nowiki>...</nowiki> do not count.
 * When several calls are on the page, any one that excludes the bot wins.
 */
#ifndef BOTS_H
#define BOTS_H

#include <stddef.h>

/*
 * Does text (len bytes) let the bot named user edit it?  Returns 1 if it
 * does; 0 if not, with *why (may be NULL) set to a newly allocated
 * reason quoting the call, e.g. "{{bots|deny=SyncBot}} excludes SyncBot".
 */
int		 bots_allowed(const char *text, size_t len, const char *user,
		     char **why);

#endif
