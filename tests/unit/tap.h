/*
 * A minimal TAP producer for the C unit tests, read by Automake's
 * tap-driver.sh.  Each check prints "ok N - what" or "not ok N - what"
 * with the failing values; tap_done() prints the plan and returns the
 * exit status.  Header-only so each test program is one file.
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int	tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *what, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return (cond);
}

static inline int
tap_is_str(const char *got, const char *want, const char *what,
    const char *file, int line)
{
	int	ok;

	ok = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	if (!tap_ok(ok, what, file, line)) {
		printf("#   got:      '%s'\n", got != NULL ? got : "(null)");
		printf("#   expected: '%s'\n", want != NULL ? want : "(null)");
	}
	return (ok);
}

static inline int
tap_is_int(long long got, long long want, const char *what,
    const char *file, int line)
{
	if (!tap_ok(got == want, what, file, line)) {
		printf("#   got:      %lld\n", got);
		printf("#   expected: %lld\n", want);
		return (0);
	}
	return (1);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return (tap_failed == 0 ? 0 : 1);
}

#define ok(cond, what)		tap_ok(!!(cond), (what), __FILE__, __LINE__)
#define is_str(g, w, what)	tap_is_str((g), (w), (what), __FILE__, __LINE__)
#define is_int(g, w, what)	tap_is_int((g), (w), (what), __FILE__, __LINE__)

#endif
