/*
 * A small deterministic random generator for the unit tests: the same
 * sequence on every system, so a failing random case can be replayed.
 * Header-only, like tap.h.
 */
#ifndef TESTRAND_H
#define TESTRAND_H

static unsigned long	rnd_state = 1;

/* A number in [0, n). */
static inline unsigned long
rnd(unsigned long n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((rnd_state >> 33) % n);
}

#endif
