/*
 * peakrss: run a command and print its peak resident set size and wall
 * time to stderr, for the benchmarks (GNU time is not always installed).
 * Usage: peakrss COMMAND [ARGS...]; exits with the command's status.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <stdio.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct rusage	ru;
	struct timespec	t0, t1;
	pid_t		pid;
	int		status;

	if (argc < 2) {
		fprintf(stderr, "usage: peakrss command [args...]\n");
		return (64);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("fork");
		return (71);
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("wait4");
		return (71);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "peakrss: %ld KiB, %.3f s\n", ru.ru_maxrss,
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    WTERMSIG(status));
}
