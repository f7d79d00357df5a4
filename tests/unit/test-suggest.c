/*
 * Unit tests of "did you mean".
 */
#include "config.h"

#include <stddef.h>

#include "suggest.h"
#include "tap.h"

int
main(void)
{
	static const char *const words[] = {
		"maxlag", "edit_interval", "contact", "api", NULL
	};

	is_str(suggest("maxlagg", words), "maxlag", "an extra letter");
	is_str(suggest("contcat", words), "contact", "swapped letters");
	is_str(suggest("edit-interval", words), "edit_interval",
	    "a different separator");
	is_str(suggest("apu", words), "api", "a short word with one typo");
	ok(suggest("zzzzzz", words) == NULL, "nothing close: no suggestion");
	ok(suggest("database", words) == NULL, "a different word: none");
	return (tap_done());
}
