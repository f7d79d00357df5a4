/*
 * Logging to stderr, in the style of the OpenBSD daemons' log.c.
 *
 * Messages follow git's guidelines: lower case, no trailing period, the
 * subject quoted.  Under systemd (JOURNAL_STREAM set and pointing at our
 * stderr) each line carries a journald priority prefix such as "<3>";
 * otherwise lines start with "wikisync: ".  A message is always one
 * line: control characters in it (line breaks, escape sequences, C1)
 * are written as '?' (text_printable).  log_warn appends
 * strerror(errno); the x variants do not.  fatal and fatalx exit 70
 * (EX_SOFTWARE) and are only for broken invariants and out of memory.
 */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>

#define LOG_QUIET	-1	/* errors only */
#define LOG_NORMAL	 0	/* errors, warnings and information */
#define LOG_VERBOSE	 1	/* also debug detail */

void	log_init(int verbosity);
int	log_verbosity(void);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
/* An error the command reports before failing; shown even with -q. */
void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
