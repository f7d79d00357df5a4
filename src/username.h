/*
 * MediaWiki names: the form the wiki gives a user name, and the spacing
 * of page titles.  Both follow MediaWiki's Title rules, so that a name
 * typed by hand, read from a CSV file or found on a page matches the one
 * the wiki's API answers with.
 */
#ifndef USERNAME_H
#define USERNAME_H

#define USERNAME_MAX	255	/* bytes, as MediaWiki's $wgMaxNameChars */

/*
 * The MediaWiki form of a user name, newly allocated: Unicode NFC, a
 * leading "User:" (any case) removed, '_' and the other spaces MediaWiki
 * reads as one (title_spaces) made ' ', runs of them one, none at either
 * end, and the first character upper-cased (MediaWiki's default
 * $wgCapitalLinks).  "alice_Smith", "User:Alice  Smith" and
 * "user: Alice_ Smith" all give "Alice Smith".
 *
 * Refused, with NULL and *cause ("user name 'a|b': '|' is not allowed in
 * a user name"): invalid UTF-8, a control character, an empty name, one
 * over USERNAME_MAX bytes, any of # < > [ ] | { } (not in a page title)
 * or / (a subpage, not a user), and any of @ : > = (MediaWiki's default
 * $wgInvalidUsernameCharacters).
 */
char	*username_normalize(const char *name, char **cause);

/*
 * Space a page title as MediaWiki does, in place: '_' and the Unicode
 * spaces MediaWiki reads as a space (U+00A0, U+1680, U+180E,
 * U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) become ' ', a
 * run of them one, none at either end; the directional marks MediaWiki
 * drops from titles (U+200E, U+200F, U+202A-U+202E) are dropped.  s is
 * valid UTF-8 (text_normalize); it never grows.
 */
void	 title_spaces(char *s);

#endif
