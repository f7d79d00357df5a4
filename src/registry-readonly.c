/*
 * A registry that cannot be written: the words for why, and opening it
 * read-only so that the commands that only read (event list, export,
 * status, backup, sync --dry-run) still work on a read-only file system
 * or a file this user may not write.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "registry-int.h"
#include "registry-schema.h"
#include "xmalloc.h"

const char *
reg_os_hint(struct registry *reg, int rc)
{
	int	e = reg->db != NULL ? sqlite3_system_errno(reg->db) : 0;

	/*
	 * SQLite says SQLITE_FULL when a database or journal write hits a
	 * full disk, but a plain I/O error when growing the -shm file does;
	 * errno tells them apart.
	 */
	if ((rc & 0xff) == SQLITE_FULL || e == ENOSPC || e == EDQUOT)
		return (" (no space left on its file system: free some, "
		    "then try again)");
	if (e == EROFS)
		return (" (its file system is read-only)");
	if ((rc & 0xff) == SQLITE_READONLY || e == EACCES || e == EPERM)
		return (" (the file or its directory is not writable by this "
		    "user: run wikisync as the user that owns it)");
	return ("");
}

/*
 * path as an SQLite URI ("file:" and the path with every byte but
 * letters, digits and "/._-~" percent-encoded), for the immutable
 * parameter.
 */
static char *
reg_uri(const char *path, const char *query)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct buf		 b;
	const unsigned char	*p;

	buf_init(&b, BUF_UNLIMITED);
	buf_adds(&b, "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL)
			buf_addc(&b, (char)*p);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 0xf]);
		}
	}
	buf_adds(&b, query);
	return (buf_detach(&b));
}

/* Is there a write-ahead log beside path with something in it? */
static int
reg_has_wal(const char *path)
{
	struct stat	 sb;
	char		*wal = xasprintf("%s-wal", path);
	int		 has = lstat(wal, &sb) == 0 && sb.st_size > 0;

	free(wal);
	return (has);
}

/* Is path's file system mounted read-only? */
static int
reg_fs_readonly(const char *path)
{
	struct statvfs	sv;

	return (statvfs(path, &sv) == 0 && (sv.f_flag & ST_RDONLY));
}

const char *
reg_readonly_why(const char *path)
{
	return (reg_fs_readonly(path) ? "its file system is read-only" :
	    "this user may not write the file or its directory");
}

/* Check the schema of a registry opened read-only: it cannot migrate. */
static int
reg_readonly_schema(struct registry *reg, char **cause)
{
	int	version, appid;

	if (reg_pragma_int(reg, "PRAGMA user_version", &version, cause) == -1 ||
	    reg_pragma_int(reg, "PRAGMA application_id", &appid, cause) == -1)
		return (-1);
	reg->err = REGISTRY_ESCHEMA;
	if (version == 0 || appid != REGISTRY_APPLICATION_ID) {
		*cause = xasprintf("%s: not a wikisync registry", reg->path);
		return (-1);
	}
	if (version != REGISTRY_SCHEMA_VERSION) {
		*cause = xasprintf("%s: schema version %d, and this wikisync "
		    "needs %d: it cannot be %s while the file is read-only "
		    "(%s)", reg->path, version, REGISTRY_SCHEMA_VERSION,
		    version < REGISTRY_SCHEMA_VERSION ? "migrated" : "read",
		    reg->readonly);
		return (-1);
	}
	reg->err = REGISTRY_OK;
	return (0);
}

int
reg_open_readonly(struct registry *reg, const char *why, char **cause)
{
	char	*uri;
	int	 rc, v;

	sqlite3_close(reg->db);
	reg->db = NULL;
	reg->readonly = why;
	rc = sqlite3_open_v2(reg->path, &reg->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(reg->db, 1);
		rc = reg_pragma_int(reg, "PRAGMA user_version", &v, NULL) == 0 ?
		    SQLITE_OK : sqlite3_errcode(reg->db);
	}
	/*
	 * A WAL database needs its -shm file, which a read-only file
	 * system cannot give when no process has the file open.  Then no
	 * one can be writing it (a writer would have made its -wal), and
	 * SQLite may read it as immutable: no locks, no -shm.  Not when
	 * a -wal holds commits that were never checkpointed: immutable
	 * would not see them.
	 */
	if (rc != SQLITE_OK && (rc & 0xff) == SQLITE_CANTOPEN &&
	    reg_fs_readonly(reg->path) && !reg_has_wal(reg->path)) {
		sqlite3_close(reg->db);
		reg->db = NULL;
		uri = reg_uri(reg->path, "?immutable=1");
		rc = sqlite3_open_v2(uri, &reg->db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, NULL);
		free(uri);
		if (rc == SQLITE_OK)
			sqlite3_extended_result_codes(reg->db, 1);
	}
	if (rc != SQLITE_OK) {
		reg->err = REGISTRY_EIO;
		*cause = xasprintf("%s: cannot open read-only (%s): %s%s",
		    reg->path, why, reg->db != NULL ?
		    sqlite3_errmsg(reg->db) : sqlite3_errstr(rc),
		    reg_has_wal(reg->path) ? "; its write-ahead log holds "
		    "changes not yet in the file: make it writable once" : "");
		return (-1);
	}
	sqlite3_busy_timeout(reg->db, REGISTRY_BUSY_MS);
	return (reg_readonly_schema(reg, cause));
}

const char *
registry_readonly(const struct registry *reg)
{
	return (reg->readonly);
}
