/*
 * Unit tests of the pass lock (passlock.c): one holder at a time, per
 * open file (flock(2) locks are per open file description, so two
 * handles in one process stand for two processes), the holder's line
 * for the one who waits, made printable, and released on close.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "passlock.h"
#include "tap.h"

static char	dir[] = "/tmp/test-passlock.XXXXXX";

int
main(void)
{
	struct passlock	*a, *b, *c;
	struct stat	 sb;
	char		 db[256], lock[300], want[64], *holder = NULL;
	char		*cause = NULL;
	int		 fd;

	umask(022);
	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(db, sizeof db, "%s/registry.db", dir);
	snprintf(lock, sizeof lock, "%s.lock", db);
	if ((fd = open(db, O_WRONLY | O_CREAT, 0640)) == -1)
		return (1);
	close(fd);

	a = passlock_open(db, &cause);
	ok(a != NULL, "the lock file is opened");
	ok(stat(lock, &sb) == 0 && (sb.st_mode & 0777) == 0640,
	    "beside the database, with its mode");
	b = passlock_open(db, &cause);
	is_int(passlock_try(a, "wikisync daemon", &holder, &cause), 1,
	    "the first pass takes it");
	ok(holder == NULL, "without a holder to report");
	is_int(passlock_try(b, "wikisync sync", &holder, &cause), 0,
	    "a second one cannot");
	snprintf(want, sizeof want, "pid %ld, wikisync daemon, since ",
	    (long)getpid());
	ok(holder != NULL && strncmp(holder, want, strlen(want)) == 0 &&
	    strlen(holder) == strlen(want) + 20,
	    "and is told who holds it, and since when");
	free(holder);
	holder = NULL;
	is_int(passlock_try(a, "wikisync daemon", &holder, &cause), 1,
	    "taking it again while held is a no-op");
	passlock_close(a);
	is_int(passlock_try(b, "wikisync sync", &holder, &cause), 1,
	    "once released, the second takes it");
	c = passlock_open(db, &cause);
	passlock_try(c, "x", &holder, &cause);
	ok(holder != NULL && strstr(holder, "wikisync sync") != NULL,
	    "the file names the new holder only");
	free(holder);
	holder = NULL;
	passlock_close(c);
	passlock_close(b);

	/* What another program wrote there is shown on one printable line. */
	c = passlock_open(db, &cause);
	is_int(passlock_try(c, "holder", &holder, &cause), 1,
	    "another holder takes it");
	if ((fd = open(lock, O_WRONLY | O_TRUNC)) == -1 ||
	    write(fd, "evil\x1b[2J\xc2\x9b" "31m line\nsecond\n", 24) != 24)
		return (1);
	close(fd);
	a = passlock_open(db, &cause);
	is_int(passlock_try(a, "waiter", &holder, &cause), 0,
	    "a lock held by another");
	ok(holder != NULL && strchr(holder, '\x1b') == NULL &&
	    strstr(holder, "\xc2\x9b") == NULL &&
	    strchr(holder, '\n') == NULL && strncmp(holder, "evil", 4) == 0 &&
	    strstr(holder, "second") == NULL,
	    "is reported on one printable line");
	free(holder);
	passlock_close(a);
	passlock_close(c);

	/* Nowhere to put it. */
	a = passlock_open("/nonexistent/dir/registry.db", &cause);
	ok(a == NULL && cause != NULL &&
	    strstr(cause, "/nonexistent/dir/registry.db.lock: cannot open the "
	    "pass lock: ") != NULL, "a lock that cannot be made names its "
	    "file");
	free(cause);

	snprintf(db, sizeof db, "rm -rf '%s'", dir);
	if (system(db) != 0)
		return (1);
	return (tap_done());
}
