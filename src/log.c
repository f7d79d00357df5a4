/*
 * Logging to stderr, with journald priority prefixes under systemd.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "text.h"

#define PRI_ERR		3
#define PRI_WARNING	4
#define PRI_INFO	6
#define PRI_DEBUG	7

static int	log_level = LOG_NORMAL;
static int	log_journal;

/*
 * JOURNAL_STREAM holds "device:inode" of the stream systemd connected to
 * stderr; only when it still matches is stderr really the journal.
 */
static int
log_stderr_is_journal(void)
{
	const char		*env;
	struct stat		 sb;
	unsigned long long	 dev, ino;

	if ((env = getenv("JOURNAL_STREAM")) == NULL)
		return (0);
	/* NOLINTNEXTLINE(cert-err34-c): a bad value just fails to match */
	if (sscanf(env, "%llu:%llu", &dev, &ino) != 2)
		return (0);
	if (fstat(STDERR_FILENO, &sb) == -1)
		return (0);
	return (sb.st_dev == dev && sb.st_ino == ino);
}

void
log_init(int verbosity)
{
	log_level = verbosity;
	log_journal = log_stderr_is_journal();
}

int
log_verbosity(void)
{
	return (log_level);
}

static void
log_vwrite(int pri, const char *fmt, va_list ap, const char *suffix)
{
	char	msg[8192];

	vsnprintf(msg, sizeof msg, fmt, ap);
	/*
	 * Messages quote wiki and registry text: a line break in it would
	 * forge a line of its own ("<3>..." to the journal), an escape
	 * sequence would reach the admin's terminal.
	 */
	text_printable(msg, "");
	if (log_journal)
		fprintf(stderr, "<%d>%s%s%s\n", pri, msg,
		    suffix != NULL ? ": " : "", suffix != NULL ? suffix : "");
	else
		fprintf(stderr, "wikisync: %s%s%s\n", msg,
		    suffix != NULL ? ": " : "", suffix != NULL ? suffix : "");
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(PRI_WARNING, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(PRI_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(PRI_ERR, fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	log_vwrite(PRI_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_VERBOSE)
		return;
	va_start(ap, fmt);
	log_vwrite(PRI_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(PRI_ERR, fmt, ap, strerror(saved));
	va_end(ap);
	exit(70);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(PRI_ERR, fmt, ap, NULL);
	va_end(ap);
	exit(70);
}
