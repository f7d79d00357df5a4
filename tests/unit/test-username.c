/*
 * Unit tests of user names and title spacing as MediaWiki has them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "username.h"

/* The normal form of name is want. */
static void
is_name(const char *name, const char *want, const char *what)
{
	char	*got, *cause = NULL;

	got = username_normalize(name, &cause);
	if (!is_str(got, want, what) && cause != NULL)
		printf("#   cause: %s\n", cause);
	free(got);
	free(cause);
}

/* name is refused with a cause holding part. */
static void
is_refused(const char *name, const char *part, const char *what)
{
	char	*got, *cause = NULL;

	got = username_normalize(name, &cause);
	ok(got == NULL && cause != NULL && strstr(cause, part) != NULL &&
	    strncmp(cause, "user name '", 11) == 0, what);
	if (got != NULL)
		printf("#   got: '%s'\n", got);
	else if (cause == NULL || strstr(cause, part) == NULL)
		printf("#   cause: '%s', want '%s'\n", cause != NULL ? cause :
		    "(null)", part);
	free(got);
	free(cause);
}

static void
is_spaced(const char *s, const char *want, const char *what)
{
	char	*copy = strdup(s);

	title_spaces(copy);
	is_str(copy, want, what);
	free(copy);
}

int
main(void)
{
	char	long_name[300];

	is_name("Alice", "Alice", "a plain name is kept");
	is_name("alice", "Alice", "the first letter is upper-cased");
	is_name("alice_smith", "Alice smith", "'_' is a space; only the "
	    "first letter changes");
	is_name("  Alice   Smith  ", "Alice Smith",
	    "spaces are trimmed and runs of them collapsed");
	is_name("User:Alice", "Alice", "a User: prefix is removed");
	is_name("user:alice", "Alice", "in any case");
	is_name("USER: _Alice", "Alice", "with the spaces after it");
	is_name("user: Alice_ Smith", "Alice Smith", "the man page's example");
	is_name("\xc3\xa9mile", "\xc3\x89mile", "a non-ASCII first letter "
	    "is upper-cased (é)");
	is_name("e\xcc\x81mile", "\xc3\x89mile", "decomposed text is "
	    "composed (NFC) first");
	is_name("\xc3\x9f" "bar", "\xc3\x9f" "bar", "ß has no single capital "
	    "and stays");
	is_name("\xe1\x83\x9c\xe1\x83\x98\xe1\x83\x99\xe1\x83\x90",
	    "\xe1\x83\x9c\xe1\x83\x98\xe1\x83\x99\xe1\x83\x90",
	    "Georgian keeps its small first letter, as on Wikimedia wikis");
	is_name("Ann\xc2\xa0Lee", "Ann Lee", "a no-break space is a space");
	is_name("Ann\xe2\x80\x8eLee", "AnnLee", "a left-to-right mark is "
	    "dropped");
	is_name("127.0.0.1", "127.0.0.1", "an IP address is a name on the "
	    "wiki (usercontribs takes it)");
	is_name("Bob's bot-2 (WMSE)", "Bob's bot-2 (WMSE)",
	    "punctuation MediaWiki allows is kept");

	is_refused("", "is empty", "an empty name is refused");
	is_refused("  _ ", "is empty", "spaces only are empty");
	is_refused("User:", "is empty", "a bare prefix is empty");
	is_refused("Al|ice", "'|' is not allowed", "'|' is refused");
	is_refused("[[Alice]]", "'[' is not allowed", "a link is refused");
	is_refused("Al#ice", "'#'", "'#' is refused");
	is_refused("A<b>", "'<'", "'<' is refused");
	is_refused("{{x}}", "'{'", "'{' is refused");
	is_refused("Alice/sandbox", "'/'", "a subpage is refused");
	is_refused("alice@example.org", "'@'", "an e-mail address is refused");
	is_refused("User talk:Alice", "':'", "another namespace is refused");
	is_refused("a=b", "'='", "'=' is refused");
	is_refused("a>b", "'>'", "'>' is refused");
	is_refused("Ali\x1b[31mce", "control character", "a control "
	    "character is refused");
	is_refused("Ali\tce", "control character", "a tab is refused");
	is_refused("Ali\xffs", "invalid UTF-8", "invalid UTF-8 is refused");
	memset(long_name, 'a', 256);
	long_name[256] = '\0';
	is_refused(long_name, "256 bytes, longer than the limit of 255",
	    "a name over 255 bytes is refused");
	long_name[255] = '\0';
	ok(strlen(long_name) == 255, "255 bytes...");
	{
		char	*cause = NULL, *got;

		got = username_normalize(long_name, &cause);
		ok(got != NULL && got[0] == 'A' && strlen(got) == 255,
		    "...is the longest name taken");
		free(got);
		free(cause);
	}

	is_spaced("Foo_bar", "Foo bar", "'_' is a space in a title");
	is_spaced("__Foo__bar__", "Foo bar", "runs and ends of them go");
	is_spaced("a\xe3\x80\x80" "b", "a b", "an ideographic space too");
	is_spaced("a\xe2\x80\xae" "b", "ab", "a right-to-left override is "
	    "dropped");
	is_spaced("", "", "an empty title stays empty");
	return (tap_done());
}
