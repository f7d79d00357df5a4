/*
 * The pass lock (passlock.h): flock(2) on DATABASE.lock.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "passlock.h"
#include "text.h"
#include "xmalloc.h"

#define PASSLOCK_INFO_MAX	256	/* bytes of the holder's line read */

struct passlock {
	int	 fd;
	char	*path;
	int	 held;
};

struct passlock *
passlock_open(const char *dbpath, char **cause)
{
	struct passlock	*pl;
	struct stat	 db;
	mode_t		 mode = 0600;
	int		 fd;

	if (stat(dbpath, &db) == 0)
		mode = db.st_mode & 0666;
	pl = xcalloc(1, sizeof *pl);
	pl->path = xasprintf("%s.lock", dbpath);
	fd = open(pl->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd == -1) {
		*cause = xasprintf("%s: cannot open the pass lock: %s",
		    pl->path, strerror(errno));
		free(pl->path);
		free(pl);
		return (NULL);
	}
	/* Root's file would lock the service user out: give it away. */
	if (geteuid() == 0 && stat(dbpath, &db) == 0 && db.st_uid != 0 &&
	    fchown(fd, db.st_uid, db.st_gid) == -1) {
		/* Then only root's passes can take it: no worse than that. */
	}
	pl->fd = fd;
	return (pl);
}

/* What the holder wrote: its first line, printable, or a default. */
static char *
passlock_holder(struct passlock *pl)
{
	char	 buf[PASSLOCK_INFO_MAX + 1];
	ssize_t	 n;

	n = pread(pl->fd, buf, PASSLOCK_INFO_MAX, 0);
	if (n <= 0)
		return (xstrdup("another wikisync"));
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	text_printable(buf, "");
	return (xstrdup(*buf != '\0' ? buf : "another wikisync"));
}

int
passlock_try(struct passlock *pl, const char *who, char **holder,
    char **cause)
{
	char		 line[PASSLOCK_INFO_MAX], at[32];
	time_t		 t = time(NULL);
	struct tm	 tm;
	int		 len;

	*holder = NULL;
	if (pl->held)
		return (1);
	if (flock(pl->fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK || errno == EINTR) {
			*holder = passlock_holder(pl);
			return (0);
		}
		*cause = xasprintf("%s: cannot take the pass lock: %s",
		    pl->path, strerror(errno));
		return (-1);
	}
	pl->held = 1;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	len = snprintf(line, sizeof line, "pid %ld, %s, since %s\n",
	    (long)getpid(), who, at);
	if (len > 0 && (size_t)len < sizeof line) {
		if (ftruncate(pl->fd, 0) == -1 ||
		    pwrite(pl->fd, line, (size_t)len, 0) != len) {
			/* Only for messages: it harms nothing. */
		}
	}
	return (1);
}

void
passlock_close(struct passlock *pl)
{
	if (pl == NULL)
		return;
	/* Closing the only descriptor releases the flock. */
	close(pl->fd);
	free(pl->path);
	free(pl);
}
