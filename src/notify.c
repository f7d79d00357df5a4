/*
 * sd_notify without libsystemd: one datagram socket, one sendto per
 * message.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "notify.h"

static int			 notify_fd = -1;
static struct sockaddr_un	 notify_sun;
static socklen_t		 notify_len;
static unsigned long long	 notify_wd_usec;
static int			 notify_warned;

/* Parse a decimal unsigned number that is all of s; 0 if it is not. */
static unsigned long long
notify_number(const char *s)
{
	unsigned long long	 n;
	char			*end;

	if (s == NULL || *s < '0' || *s > '9')
		return (0);
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return (0);
	return (n);
}

int
notify_init(void)
{
	const char	*path = getenv("NOTIFY_SOCKET");
	const char	*pid = getenv("WATCHDOG_PID");
	size_t		 len;

	notify_wd_usec = 0;
	if (pid == NULL || notify_number(pid) == (unsigned long long)getpid())
		notify_wd_usec = notify_number(getenv("WATCHDOG_USEC"));
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	if (path == NULL || *path == '\0') {
		unsetenv("NOTIFY_SOCKET");
		return (0);
	}
	len = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || len < 2 ||
	    len >= sizeof notify_sun.sun_path) {
		log_error("NOTIFY_SOCKET '%s' is not a socket path", path);
		unsetenv("NOTIFY_SOCKET");
		return (-1);
	}
	memset(&notify_sun, 0, sizeof notify_sun);
	notify_sun.sun_family = AF_UNIX;
	memcpy(notify_sun.sun_path, path, len);
	if (path[0] == '@')
		notify_sun.sun_path[0] = '\0';	/* the abstract namespace */
	notify_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	unsetenv("NOTIFY_SOCKET");
	if ((notify_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("NOTIFY_SOCKET: socket");
		return (-1);
	}
	return (0);
}

int
notify_enabled(void)
{
	return (notify_fd != -1);
}

void
notify(const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;
	int	n;

	if (notify_fd == -1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof msg)
		n = sizeof msg - 1;
	if (sendto(notify_fd, msg, (size_t)n, MSG_NOSIGNAL,
	    (struct sockaddr *)&notify_sun, notify_len) == -1 &&
	    !notify_warned) {
		log_debug("NOTIFY_SOCKET: sendto: %s", strerror(errno));
		notify_warned = 1;
	}
}

unsigned long long
notify_monotonic_usec(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000ULL);
}

unsigned long long
notify_watchdog_usec(void)
{
	return (notify_wd_usec);
}

void
notify_close(void)
{
	if (notify_fd != -1)
		close(notify_fd);
	notify_fd = -1;
}
