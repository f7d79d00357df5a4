/*
 * Unit tests of the growable buffer and the string vector.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "buf.h"
#include "strv.h"
#include "tap.h"
#include "xmalloc.h"

/*
 * A buffer for secrets: it grows like any other, and what a reset lets
 * go of is wiped (what growth and buf_free let go of cannot be looked
 * at once freed; valgrind and ASan runs cover those paths).
 */
static void
test_wipe(void)
{
	struct buf	 b;
	const char	*p;
	size_t		 i, n = 0;
	char		*s;

	buf_init_wipe(&b, BUF_UNLIMITED);
	buf_adds(&b, "lgpassword=");
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'x');
	is_int((long long)b.len, 1011, "a wiping buffer grows");
	ok(strncmp(buf_str(&b), "lgpassword=xxx", 14) == 0 &&
	    buf_str(&b)[1010] == 'x', "and keeps its contents as it grows");
	p = b.data;
	buf_reset(&b);
	for (i = 0; i < 1011; i++)
		n += p[i] != '\0';
	is_int((long long)n, 0, "a reset wipes what the buffer held");
	ok(b.wipe, "a reset keeps the buffer wiping");
	buf_adds(&b, "secret");
	s = buf_detach(&b);
	is_str(s, "secret", "detach hands the contents over");
	freezero(s, strlen(s) + 1);
	ok(b.wipe && b.data == NULL, "a detached buffer still wipes");
	buf_free(&b);
	ok(b.wipe, "so does a freed one");
}

/* buf_read_file: a whole file, one past the maximum, a missing one. */
static void
test_read_file(void)
{
	struct buf	 b;
	char		 path[] = "/tmp/test-buf.XXXXXX";
	int		 fd;

	if ((fd = mkstemp(path)) == -1 || write(fd, "abc\ndef\n", 8) != 8) {
		ok(0, "a scratch file");
		return;
	}
	close(fd);
	buf_init(&b, 8);
	ok(buf_read_file(&b, path) == 0, "a file as large as the maximum");
	is_str(buf_str(&b), "abc\ndef\n", "is read whole");
	buf_free(&b);
	buf_init(&b, 7);
	ok(buf_read_file(&b, path) == -1 && errno == EFBIG,
	    "one byte past the maximum: EFBIG");
	buf_free(&b);
	unlink(path);
	ok(buf_read_file(&b, path) == -1 && errno == ENOENT,
	    "a missing file: ENOENT");
	buf_free(&b);
}

int
main(void)
{
	struct buf	 b;
	struct strv	 sv = STRV_INITIALIZER;
	char		*s;
	int		 i;

	buf_init(&b, 10);
	is_str(buf_str(&b), "", "an empty buffer reads as \"\"");
	ok(buf_adds(&b, "hello") == 0, "adding within the limit works");
	ok(buf_printf(&b, "%d", 1234) == 0, "printf within the limit works");
	is_str(buf_str(&b), "hello1234", "contents accumulate");
	ok(buf_adds(&b, "xy") == -1, "adding past the limit fails");
	is_str(buf_str(&b), "hello1234", "a failed add leaves the buffer alone");
	ok(buf_addc(&b, '!') == 0, "the last byte up to the limit fits");
	is_int((long long)b.len, 10, "length is counted");
	ok(buf_printf(&b, "%s", "z") == -1, "printf past the limit fails");
	buf_reset(&b);
	is_str(buf_str(&b), "", "reset empties");
	buf_add(&b, "a\0b", 3);
	is_int((long long)b.len, 3, "binary data keeps its length");
	s = buf_detach(&b);
	ok(memcmp(s, "a\0b", 4) == 0, "detach hands over NUL-terminated data");
	free(s);
	is_str(buf_str(&b), "", "a detached buffer is empty");
	buf_free(&b);

	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	is_int((long long)strlen(buf_str(&b)), 10000, "a buffer grows");
	buf_free(&b);

	strv_push(&sv, strdup("a"));
	strv_pushf(&sv, "%s-%d", "b", 2);
	is_int((long long)sv.n, 2, "strv counts");
	is_str(sv.v[1], "b-2", "strv_pushf formats");
	ok(sv.v[2] == NULL, "strv is NULL-terminated");
	ok(strv_contains(&sv, "a") && !strv_contains(&sv, "c"),
	    "strv_contains finds what is there only");
	strv_free(&sv);
	ok(sv.n == 0 && sv.v == NULL, "strv_free empties");
	test_read_file();
	test_wipe();
	return (tap_done());
}
