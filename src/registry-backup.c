/*
 * Registry backup through SQLite's online backup API: a copy of one
 * consistent snapshot, taken while the daemon and the CLI go on writing,
 * checked, synced and renamed into place.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "registry.h"
#include "registry-int.h"
#include "xmalloc.h"

#define BACKUP_PAGES	256	/* pages copied per step */
#define BACKUP_TRIES	50	/* busy steps in a row before giving up */
#define BACKUP_WAIT_MS	100	/* between two busy steps */

struct backup {
	struct registry	*reg;
	const char	*path;		/* the target */
	char		*tmp;		/* the copy until it is renamed */
	int		 fd;		/* tmp, open until synced */
	sqlite3		*db;		/* tmp, open until checked */
	long long	 appid;		/* the registry's */
	long long	 version;
	long long	 events;	/* in the copy */
	long long	 bytes;
};

static int	bk_fail(struct backup *, enum registry_err, char **,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* Set the error kind and "PATH: message"; returns -1. */
static int
bk_fail(struct backup *bk, enum registry_err err, char **cause,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	bk->reg->err = err;
	if (cause == NULL)
		return (-1);
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("%s: %s", bk->path, msg);
	free(msg);
	return (-1);
}

/*
 * The first column of the first row of sql, as an integer: SQLITE_OK
 * with *out set, else the error code (*out untouched).
 */
static int
bk_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK)
		return (rc);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_OK)
		rc = SQLITE_ERROR;	/* never from sqlite3_step(); *out unset */
	sqlite3_finalize(st);
	return (rc);
}

/* As bk_int, for text: newly allocated, NULL on error. */
static char *
bk_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt		*st;
	const unsigned char	*s;
	char			*out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return (NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s = sqlite3_column_text(st, 0);
		out = xstrdup(s != NULL ? (const char *)s : "");
	}
	sqlite3_finalize(st);
	return (out);
}

/* Which of the registry's files sb is ("", "-wal"...), or NULL. */
static const char *
bk_live(const struct registry *reg, const struct stat *sb)
{
	static const char *const suffixes[] = {
		"", "-wal", "-shm", "-journal"
	};
	struct stat	 st;
	char		*p;
	size_t		 i;
	int		 same;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		p = xasprintf("%s%s", reg->path, suffixes[i]);
		same = (stat(p, &st) == 0 && st.st_dev == sb->st_dev &&
		    st.st_ino == sb->st_ino);
		free(p);
		if (same)
			return (suffixes[i]);
	}
	return (NULL);
}

/* Whether base with suffix exists (even as a dangling link). */
static int
bk_exists(const char *base, const char *suffix)
{
	struct stat	 sb;
	char		*p;
	int		 rv;

	p = xasprintf("%s%s", base, suffix);
	rv = (lstat(p, &sb) == 0);
	free(p);
	return (rv);
}

/*
 * Refuse a target that is the registry or one of its companion files, one
 * that exists (unless forced), and one beside a -wal or -journal file that
 * SQLite would replay into the copy.
 */
static int
bk_check_target(struct backup *bk, int force, char **cause)
{
	static const char *const replayed[] = { "-wal", "-journal" };
	struct stat	 sb;
	const char	*live;
	size_t		 i;

	/* stat, not lstat: a link to the registry is refused too. */
	if (stat(bk->path, &sb) == 0 &&
	    (live = bk_live(bk->reg, &sb)) != NULL)
		return (bk_fail(bk, REGISTRY_ECREATE, cause, "is the live "
		    "registry's file %s%s; back it up to another file",
		    bk->reg->path, live));
	if (lstat(bk->path, &sb) == 0) {
		if (!force)
			return (bk_fail(bk, REGISTRY_ECREATE, cause,
			    "already exists (--force replaces it)"));
	} else if (errno != ENOENT)
		return (bk_fail(bk, REGISTRY_ECREATE, cause, "%s",
		    strerror(errno)));
	for (i = 0; i < sizeof replayed / sizeof replayed[0]; i++) {
		if (bk_exists(bk->path, replayed[i]))
			return (bk_fail(bk, REGISTRY_ECREATE, cause, "%s%s "
			    "exists (is it in use?); remove it first if not",
			    bk->path, replayed[i]));
	}
	return (0);
}

/* Create the temporary copy beside the target, mode 0600, and open it. */
static int
bk_create(struct backup *bk, char **cause)
{
	int	rc;

	bk->tmp = xasprintf("%s.XXXXXX", bk->path);
	if ((bk->fd = mkstemp(bk->tmp)) == -1) {
		free(bk->tmp);
		bk->tmp = NULL;
		return (bk_fail(bk, REGISTRY_ECREATE, cause, "cannot create a "
		    "temporary file beside it: %s", strerror(errno)));
	}
	/* The registry holds organizers' data: whatever the umask, 0600. */
	if (fchmod(bk->fd, 0600) == -1)
		return (bk_fail(bk, REGISTRY_ECREATE, cause, "cannot set the "
		    "mode of %s: %s", bk->tmp, strerror(errno)));
	rc = sqlite3_open_v2(bk->tmp, &bk->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK)
		return (bk_fail(bk, REGISTRY_ECREATE, cause, "cannot open %s: "
		    "%s", bk->tmp, bk->db != NULL ? sqlite3_errmsg(bk->db) :
		    sqlite3_errstr(rc)));
	sqlite3_extended_result_codes(bk->db, 1);
	return (0);
}

static void
bk_sleep(long ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/*
 * Copy the pages in chunks, waiting while the registry is busy.  The
 * caller holds a read transaction, so every step reads the same snapshot
 * (and the copy never restarts however much others write).
 */
static int
bk_steps(struct backup *bk, char **cause)
{
	sqlite3_backup	*b;
	int		 rc, frc, tries = 0;

	b = sqlite3_backup_init(bk->db, "main", bk->reg->db, "main");
	if (b == NULL)
		return (bk_fail(bk, REGISTRY_EIO, cause, "cannot start the "
		    "backup: %s", sqlite3_errmsg(bk->db)));
	for (;;) {
		rc = sqlite3_backup_step(b, BACKUP_PAGES);
		if (rc == SQLITE_OK)
			tries = 0;
		else if (((rc & 0xff) == SQLITE_BUSY ||
		    (rc & 0xff) == SQLITE_LOCKED) && ++tries < BACKUP_TRIES)
			bk_sleep(BACKUP_WAIT_MS);
		else
			break;
	}
	frc = sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE && frc == SQLITE_OK)
		return (0);
	if (rc == SQLITE_DONE)
		rc = frc;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return (bk_fail(bk, REGISTRY_EBUSY, cause, "cannot copy %s: "
		    "still locked by another process; try again",
		    bk->reg->path));
	return (bk_fail(bk, REGISTRY_EIO, cause, "cannot copy %s: %s",
	    bk->reg->path, sqlite3_errstr(rc)));
}

/* Copy the registry into the open temporary database. */
static int
bk_copy(struct backup *bk, char **cause)
{
	struct registry	*reg = bk->reg;
	int		 rc, rv;

	if (reg_read_begin(reg, cause) == -1)
		return (-1);
	/* Reading starts the snapshot that the steps then share. */
	if ((rc = bk_int(reg->db, "PRAGMA application_id", &bk->appid)) !=
	    SQLITE_OK ||
	    (rc = bk_int(reg->db, "PRAGMA user_version", &bk->version)) !=
	    SQLITE_OK) {
		reg_fail(reg, rc, cause, "cannot read the registry");
		reg_read_end(reg);
		return (-1);
	}
	rv = bk_steps(bk, cause);
	reg_read_end(reg);
	return (rv);
}

/*
 * Make the copy a single file (rollback journal, not WAL: it opens
 * anywhere, even read-only), check it and count its events.
 */
static int
bk_verify(struct backup *bk, char **cause)
{
	long long	 appid, version;
	char		*s;
	int		 rv;

	s = bk_text(bk->db, "PRAGMA journal_mode = DELETE");
	if (s == NULL || strcmp(s, "delete") != 0) {
		rv = bk_fail(bk, REGISTRY_EIO, cause, "cannot write %s: %s",
		    bk->tmp, s == NULL ? sqlite3_errmsg(bk->db) :
		    "journal mode not changed");
		free(s);
		return (rv);
	}
	free(s);
	s = bk_text(bk->db, "PRAGMA integrity_check");
	if (s == NULL || strcmp(s, "ok") != 0) {
		rv = bk_fail(bk, REGISTRY_EIO, cause, "the copy fails the "
		    "integrity check: %s", s != NULL ? s :
		    sqlite3_errmsg(bk->db));
		free(s);
		return (rv);
	}
	free(s);
	if (bk_int(bk->db, "PRAGMA application_id", &appid) != SQLITE_OK ||
	    bk_int(bk->db, "PRAGMA user_version", &version) != SQLITE_OK ||
	    bk_int(bk->db, "SELECT count(*) FROM events", &bk->events) !=
	    SQLITE_OK)
		return (bk_fail(bk, REGISTRY_EIO, cause, "cannot read the "
		    "copy: %s", sqlite3_errmsg(bk->db)));
	if (appid != bk->appid || version != bk->version)
		return (bk_fail(bk, REGISTRY_EIO, cause, "the copy's "
		    "application_id and user_version (%lld, %lld) differ from "
		    "the registry's (%lld, %lld)", appid, version, bk->appid,
		    bk->version));
	return (0);
}

/* Close the copy and put it on disk. */
static int
bk_sync(struct backup *bk, char **cause)
{
	struct stat	sb;
	int		rc;

	rc = sqlite3_close(bk->db);
	bk->db = NULL;
	if (rc != SQLITE_OK)
		return (bk_fail(bk, REGISTRY_EIO, cause, "cannot close %s: %s",
		    bk->tmp, sqlite3_errstr(rc)));
	if (fsync(bk->fd) == -1 || fstat(bk->fd, &sb) == -1)
		return (bk_fail(bk, REGISTRY_EIO, cause, "cannot sync %s: %s",
		    bk->tmp, strerror(errno)));
	bk->bytes = sb.st_size;
	if (close(bk->fd) == -1) {
		bk->fd = -1;
		return (bk_fail(bk, REGISTRY_EIO, cause, "cannot close %s: %s",
		    bk->tmp, strerror(errno)));
	}
	bk->fd = -1;
	return (0);
}

/*
 * Move the copy to the target.  Unforced, link(2) so that a file made
 * there meanwhile is not replaced either; where a file system has no hard
 * links, check and rename.
 */
static int
bk_publish(struct backup *bk, int force, char **cause)
{
	struct stat	sb;

	if (!force) {
		if (link(bk->tmp, bk->path) == 0) {
			unlink(bk->tmp);
			return (0);
		}
		if (errno == EEXIST)
			return (bk_fail(bk, REGISTRY_ECREATE, cause,
			    "already exists (--force replaces it)"));
		if (errno != EPERM && errno != EOPNOTSUPP)
			return (bk_fail(bk, REGISTRY_ECREATE, cause, "cannot "
			    "link %s to it: %s", bk->tmp, strerror(errno)));
		if (lstat(bk->path, &sb) == 0)
			return (bk_fail(bk, REGISTRY_ECREATE, cause,
			    "already exists (--force replaces it)"));
	}
	if (rename(bk->tmp, bk->path) == -1)
		return (bk_fail(bk, REGISTRY_ECREATE, cause, "cannot rename "
		    "%s to it: %s", bk->tmp, strerror(errno)));
	return (0);
}

/* Sync the target's directory, so that the new name is on disk too. */
static int
bk_sync_dir(struct backup *bk, char **cause)
{
	char	*dir, *slash;
	int	 fd, rv = 0;

	dir = xstrdup(bk->path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1 || fsync(fd) == -1)
		rv = bk_fail(bk, REGISTRY_EIO, cause, "cannot sync directory "
		    "%s: %s", dir, strerror(errno));
	if (fd != -1)
		close(fd);
	free(dir);
	return (rv);
}

/* Remove the temporary copy and whatever SQLite left beside it. */
static void
bk_cleanup(struct backup *bk)
{
	static const char *const companions[] = { "-journal", "-wal", "-shm" };
	char	*p;
	size_t	 i;

	if (bk->db != NULL)
		sqlite3_close(bk->db);
	if (bk->fd != -1)
		close(bk->fd);
	if (bk->tmp == NULL)
		return;
	unlink(bk->tmp);
	for (i = 0; i < sizeof companions / sizeof companions[0]; i++) {
		p = xasprintf("%s%s", bk->tmp, companions[i]);
		unlink(p);
		free(p);
	}
	free(bk->tmp);
}

int
registry_backup(struct registry *reg, const char *path, int flags,
    long long *events, long long *bytes, char **cause)
{
	struct backup	bk;
	int		force = (flags & REGISTRY_BACKUP_FORCE) != 0;

	memset(&bk, 0, sizeof bk);
	bk.reg = reg;
	bk.path = path;
	bk.fd = -1;
	reg->err = REGISTRY_OK;
	if (bk_check_target(&bk, force, cause) == -1 ||
	    bk_create(&bk, cause) == -1 ||
	    bk_copy(&bk, cause) == -1 ||
	    bk_verify(&bk, cause) == -1 ||
	    bk_sync(&bk, cause) == -1 ||
	    bk_publish(&bk, force, cause) == -1) {
		bk_cleanup(&bk);
		return (-1);
	}
	free(bk.tmp);
	bk.tmp = NULL;
	if (events != NULL)
		*events = bk.events;
	if (bytes != NULL)
		*bytes = bk.bytes;
	return (bk_sync_dir(&bk, cause));
}
