/*
 * Unit tests for text: strict UTF-8 (overlongs, surrogates, truncation,
 * out of range), control characters and newlines, NFC, terminal widths,
 * truncation with an ellipsis, case folding.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xmalloc.h"
#include "tap.h"

/* Normalize s; the result, or "ERR:why". */
static char *
norm(const char *s, size_t len, int flags)
{
	char	*out = NULL, *why = NULL, *r;

	if (text_normalize(s, len, flags, &out, &why) == -1) {
		r = xasprintf("ERR:%s", why);
		free(why);
		return (r);
	}
	return (out);
}

static void
is_norm(const char *s, int flags, const char *want, const char *what)
{
	char	*got;

	got = norm(s, strlen(s), flags);
	is_str(got, want, what);
	free(got);
}

static void
is_trunc(const char *s, size_t width, const char *want, const char *what)
{
	char	*got;

	got = text_truncate(s, width);
	is_str(got, want, what);
	free(got);
}

static void
is_fold(const char *s, const char *want, const char *what)
{
	char	*got;

	got = text_casefold(s);
	is_str(got, want, what);
	free(got);
}

static void
test_normalize(void)
{
	char	*got;

	is_norm("Nairobi, Kenya", 0, "Nairobi, Kenya", "ascii unchanged");
	is_norm("", 0, "", "empty string");
	is_norm("S\xc3\xa3o Paulo", 0, "S\xc3\xa3o Paulo", "NFC latin kept");
	is_norm("e\xcc\x81", 0, "\xc3\xa9", "e + combining acute -> NFC");
	is_norm("Cafe\xcc\x81 \xc3\xa9", 0, "Caf\xc3\xa9 \xc3\xa9",
	    "NFC inside a string");
	is_norm("\xe1\x84\x80\xe1\x85\xa1", 0, "\xea\xb0\x80",
	    "hangul jamo compose");
	is_norm("\xe2\x84\xab", 0, "\xc3\x85", "angstrom sign singleton");
	is_norm("\xef\xac\x81", 0, "\xef\xac\x81", "NFC keeps compatibility "
	    "ligature");
	is_norm("\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80", "4-byte emoji ok");
	is_norm("\xef\xbf\xbe", 0, "\xef\xbf\xbe", "noncharacter allowed");
	is_norm("\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf", "U+10FFFF ok");

	/* Invalid UTF-8. */
	is_norm("ab\xc0\xaf", 0, "ERR:invalid UTF-8 at byte 3", "overlong /");
	is_norm("\xe0\x80\xaf", 0, "ERR:invalid UTF-8 at byte 1",
	    "3-byte overlong");
	is_norm("\xf0\x80\x80\xaf", 0, "ERR:invalid UTF-8 at byte 1",
	    "4-byte overlong");
	is_norm("x\xed\xa0\x80y", 0, "ERR:invalid UTF-8 at byte 2",
	    "surrogate");
	is_norm("\xf4\x90\x80\x80", 0, "ERR:invalid UTF-8 at byte 1",
	    "above U+10FFFF");
	is_norm("\xf5\x80\x80\x80", 0, "ERR:invalid UTF-8 at byte 1",
	    "lead byte f5");
	is_norm("abc\xc3", 0, "ERR:invalid UTF-8 at byte 4",
	    "truncated at end");
	is_norm("ab\xe2\x82", 0, "ERR:invalid UTF-8 at byte 3",
	    "truncated 3-byte");
	is_norm("\xe2\x82x", 0, "ERR:invalid UTF-8 at byte 1",
	    "bad continuation");
	is_norm("\x80", 0, "ERR:invalid UTF-8 at byte 1", "lone continuation");
	is_norm("\xff", 0, "ERR:invalid UTF-8 at byte 1", "byte ff");
	got = norm("S\xc3\xa3o\xc3", 5, 0);
	is_str(got, "ERR:invalid UTF-8 at byte 5", "len cuts a sequence");
	free(got);
	got = norm("abc\xc3\xa9zz", 5, 0);
	is_str(got, "abc\xc3\xa9", "len respected, not NUL");
	free(got);

	/* Controls. */
	is_norm("ab\x1b[m", 0, "ERR:control character U+001B at byte 3",
	    "escape refused");
	is_norm("a\tb", 0, "ERR:control character U+0009 at byte 2",
	    "tab refused");
	is_norm("a\tb", TEXT_ALLOW_NEWLINE,
	    "ERR:control character U+0009 at byte 2",
	    "tab refused with newlines");
	is_norm("a\nb", 0, "ERR:control character U+000A at byte 2",
	    "newline refused without flag");
	is_norm("a\x7f", 0, "ERR:control character U+007F at byte 2",
	    "DEL refused");
	is_norm("\xc2\x85x", 0, "ERR:control character U+0085 at byte 1",
	    "C1 NEL refused");
	is_norm("\xc2\x9f", 0, "ERR:control character U+009F at byte 1",
	    "C1 end refused");
	is_norm("\xc2\xa0", 0, "\xc2\xa0", "U+00A0 is no control");
	got = norm("a\0b", 3, 0);
	is_str(got, "ERR:control character U+0000 at byte 2", "NUL refused");
	free(got);

	/* Newlines. */
	is_norm("a\nb", TEXT_ALLOW_NEWLINE, "a\nb", "newline kept");
	is_norm("a\r\nb\rc\n", TEXT_ALLOW_NEWLINE, "a\nb\nc\n",
	    "CR LF and CR become LF");
	is_norm("a\r\n\r\nb", TEXT_ALLOW_NEWLINE, "a\n\nb",
	    "two CR LF, two LF");
	is_norm("e\xcc\x81\r\n", TEXT_ALLOW_NEWLINE, "\xc3\xa9\n",
	    "CR LF and NFC together");
	is_norm("a\rb", 0, "ERR:control character U+000D at byte 2",
	    "CR refused without flag");
}

static void
test_width(void)
{
	is_int(text_width(""), 0, "width of empty");
	is_int(text_width("Nairobi"), 7, "ascii width");
	is_int(text_width("S\xc3\xa3o"), 3, "latin width");
	is_int(text_width("e\xcc\x81"), 1, "combining mark has no width");
	is_int(text_width("\xe6\x9d\xb1\xe4\xba\xac"), 4, "CJK is wide");
	is_int(text_width("\xf0\x9f\x98\x80"), 2, "emoji is wide");
	is_int(text_width("a\xffz"), 3, "invalid byte counts one");
}

static void
test_truncate(void)
{
	is_trunc("Nairobi", 7, "Nairobi", "fits exactly");
	is_trunc("Nairobi", 20, "Nairobi", "fits easily");
	is_trunc("Nairobi", 5, "Nair\xe2\x80\xa6", "cut with ellipsis");
	is_trunc("Nairobi", 1, "\xe2\x80\xa6", "only the ellipsis");
	is_trunc("Nairobi", 0, "", "width 0");
	is_trunc("", 0, "", "empty at width 0");
	is_trunc("S\xc3\xa3o Paulo", 4, "S\xc3\xa3o\xe2\x80\xa6",
	    "cut after a 2-byte character");
	is_trunc("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd", 4,
	    "\xe6\x9d\xb1\xe2\x80\xa6", "wide characters not split");
	is_trunc("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd", 5,
	    "\xe6\x9d\xb1\xe4\xba\xac\xe2\x80\xa6", "wide fit in 4 + 1");
	is_trunc("abe\xcc\x81x", 4, "abe\xcc\x81x", "combining fits");
	is_trunc("abe\xcc\x81xy", 4, "abe\xcc\x81\xe2\x80\xa6",
	    "combining mark kept with its base");
}

static void
test_casefold(void)
{
	is_fold("Nairobi", "nairobi", "ascii lower");
	is_fold("WIKIGAP 2023", "wikigap 2023", "ascii upper");
	is_fold("S\xc3\x83O", "s\xc3\xa3o", "latin upper");
	is_fold("Stra\xc3\x9f" "e", "strasse", "sharp s folds to ss");
	is_fold("\xce\xa3\xce\x97", "\xcf\x83\xce\xb7", "greek");
	is_fold("", "", "empty");
	is_fold("a\xff", "a\xff", "invalid input copied");
}

static void
is_printable(const char *in, const char *keep, const char *want,
    const char *what)
{
	char	*s = xstrdup(in);

	text_printable(s, keep);
	is_str(s, want, what);
	free(s);
}

static void
test_printable(void)
{
	is_printable("S\xc3\xa3o Paulo", "", "S\xc3\xa3o Paulo",
	    "printable text is kept");
	is_printable("a\033[2Jb\033]0;t\007", "", "a?[2Jb?]0;t?",
	    "ESC and BEL (an escape sequence, a title) become ?");
	is_printable("a\nb\rc\td", "", "a?b?c?d", "line breaks and tabs too");
	is_printable("a\n<3>b\tc\r", "\n\t", "a\n<3>b\tc?",
	    "keep lets newline and tab through, not CR");
	is_printable("a\x7f" "b", "", "a?b", "DEL");
	is_printable("a\xc2\x9b" "31mb\xc2\x85" "c\xc2\x80\xc2\x9f", "",
	    "a?31mb?c??", "C1 (CSI, NEL, U+0080, U+009F): one ? each");
	is_printable("a\x9b" "31m\xff\xe2\x80", "", "a?31m???",
	    "invalid UTF-8 (a lone 0x9b): one ? per byte");
	is_printable("\xc2\xa0\xe2\x80\xae\xe2\x80\x8b\xf0\x9f\x98\x80",
	    "", "\xc2\xa0\xe2\x80\xae\xe2\x80\x8b\xf0\x9f\x98\x80",
	    "U+00A0, a bidi override, U+200B and an emoji are kept");
	is_printable("", "", "", "empty");
}

int
main(void)
{
	test_normalize();
	test_width();
	test_truncate();
	test_casefold();
	test_printable();
	return (tap_done());
}
