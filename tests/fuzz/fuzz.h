/*
 * What the libFuzzer targets in tests/fuzz share: failing a property so
 * that libFuzzer reports it (abort), the input as a file that modules
 * reading paths can open, and the check of wikitext_escape's promises.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Each target defines it; libFuzzer calls it once per input. */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Print "fuzz property failed: ..." and abort(). */
void	fuzz_fail(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
#define FUZZ_ASSERT(e) do {						\
	if (!(e))							\
		fuzz_fail("%s:%d: %s", __FILE__, __LINE__, #e);		\
} while (0)

/*
 * An in-memory file (memfd), made once per process and rewritten for
 * each input; path is "/proc/self/fd/N", which fopen() and open() take.
 */
struct fuzz_file {
	int	 fd;
	char	 path[64];
};
/* Replace the contents of f (made on first use) with data. */
const char	*fuzz_file_write(struct fuzz_file *f, const void *data,
		     size_t len);
/* The contents of f, newly allocated and NUL-terminated, length in *len. */
char		*fuzz_file_read(struct fuzz_file *f, size_t *len);

/*
 * Check what wikitext.h promises of out (outlen bytes), the result of
 * wikitext_escape_max(b, in, max_chars) on an empty b: valid UTF-8 whose
 * decimal entities decode to the cleaned and cut value, and every
 * character the rules name turned into an entity.  Aborts on failure.
 */
void		 fuzz_escape_check(const char *in, size_t max_chars,
		     const char *out, size_t outlen);

#endif
