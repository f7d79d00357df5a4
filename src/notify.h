/*
 * The sd_notify protocol, written by hand as chrony does (no libsystemd):
 * datagrams such as "READY=1" or "STATUS=in sync: 12 pages" sent to the
 * unix socket systemd names in $NOTIFY_SOCKET ("@name" for the abstract
 * namespace).  Without $NOTIFY_SOCKET every call does nothing, so the
 * daemon runs the same from a shell.
 *
 * The watchdog: $WATCHDOG_USEC (when $WATCHDOG_PID is unset or ours) is
 * how often systemd wants "WATCHDOG=1"; the daemon sends it at half that.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

/*
 * Read the environment and open the socket; unsets NOTIFY_SOCKET,
 * WATCHDOG_USEC and WATCHDOG_PID so children do not inherit them.
 * Returns 0, or -1 (logged) if $NOTIFY_SOCKET is set but unusable.
 */
int		 notify_init(void);
/* Is there a socket to notify? */
int		 notify_enabled(void);
/*
 * Send one datagram of "KEY=VALUE" lines (printf format).  Failures are
 * logged once at -v and otherwise ignored: systemd may not be listening.
 */
void		 notify(const char *fmt, ...)
		     __attribute__((format(printf, 1, 2)));
/* CLOCK_MONOTONIC in microseconds, for MONOTONIC_USEC=. */
unsigned long long notify_monotonic_usec(void);
/* The watchdog interval in microseconds, or 0 when there is none. */
unsigned long long notify_watchdog_usec(void);
/* Close the socket. */
void		 notify_close(void);

#endif
