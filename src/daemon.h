/*
 * wikisync daemon: the service loop (DESIGN.md, "Daemon").
 *
 * One loop decides; signal handlers only set flags and wake it through a
 * pipe.  A pass (sync.h) runs
 *  - at start, then READY=1 (whatever the pass's outcome: a wiki that is
 *    down is waited for, not a reason to fail the start); until then
 *    EXTEND_TIMEOUT_USEC keeps systemd's start timeout from cutting a
 *    first pass with many edits short;
 *  - every "interval" seconds: revision ids only, one request per 500
 *    pages, with the login kept between passes;
 *  - within 2 s of a change in the registry by another process (inotify
 *    on the database's directory, confirmed by PRAGMA data_version, so
 *    the daemon's own sync state writes do not wake it), debounced: a
 *    burst of commits (an import) makes one pass.
 * A page that fails or is skipped is left out of passes for a backoff
 * that doubles from DAEMON_BACKOFF_MIN to DAEMON_BACKOFF_MAX seconds.
 *
 * SIGHUP reloads the config between passes: a config that loads and
 * checks cleanly replaces the old one; otherwise its errors are logged
 * and the old one stays.  SIGTERM and SIGINT let the edit in flight
 * finish, start no other, and end the loop.  The sd_notify protocol
 * (notify.h) reports READY, STATUS, WATCHDOG, RELOADING and STOPPING.
 */
#ifndef DAEMON_H
#define DAEMON_H

struct cmd_ctx;

#define DAEMON_BACKOFF_MIN	5	/* seconds, after a page's first failure */
#define DAEMON_BACKOFF_MAX	3600
#define DAEMON_DEBOUNCE_MS	500	/* quiet time after a registry change */
#define DAEMON_CHANGE_MAX_MS	1500	/* longest wait after the first one */

/*
 * Run until SIGTERM or SIGINT.  ctx's config and registry are the
 * daemon's: a reload replaces them in ctx.  Returns an exit status: 0
 * after a signal, non-zero only when it cannot start.
 */
int	daemon_run(struct cmd_ctx *ctx);

#endif
