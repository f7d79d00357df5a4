/*
 * One sync pass at a time over a registry, whichever process runs it:
 * the daemon, a one-shot "wikisync sync", two overlapping cron jobs.
 * Two passes at once would each trust a sync state the other is about
 * to change, and take each other's edits for hand edits.
 *
 * The lock is an exclusive flock(2) on a file beside the database,
 * DATABASE.lock, held for a whole pass: from reading the sync state to
 * the last state written.  The kernel drops it when its holder dies, so
 * a killed pass never leaves a stale lock behind.  Its holder writes
 * what it is into the file ("pid 1234, wikisync daemon, since ..."), for
 * the message of whoever waits.  Not on the database file itself:
 * closing any other descriptor of that file would drop SQLite's own
 * POSIX locks.
 */
#ifndef PASSLOCK_H
#define PASSLOCK_H

struct passlock;

/*
 * Open the lock file of the registry at dbpath, creating it with the
 * database's permissions and, when run as root, its owner (as SQLite
 * does for its -wal and -shm files), so that the service user and an
 * admin's root shell share it.  NULL with *cause.
 */
struct passlock	*passlock_open(const char *dbpath, char **cause);
/*
 * Take the lock without waiting: 1 when taken (who, "wikisync sync",
 * goes into the file), 0 when another process holds it (*holder, newly
 * allocated, says which), -1 with *cause.
 */
int		 passlock_try(struct passlock *, const char *who,
		     char **holder, char **cause);
/* Release the lock (if held) and close the file. */
void		 passlock_close(struct passlock *);

#endif
