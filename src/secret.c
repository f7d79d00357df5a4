/*
 * Checking and reading the files that hold secrets.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "secret.h"
#include "xmalloc.h"

#define SECRET_PREFIX	"$CREDENTIALS_DIRECTORY/"
#define SECRET_MAX	4096

char *
secret_path(const char *configured, char **cause)
{
	const char	*dir;

	if (strncmp(configured, SECRET_PREFIX, strlen(SECRET_PREFIX)) != 0)
		return (xstrdup(configured));
	dir = getenv("CREDENTIALS_DIRECTORY");
	if (dir == NULL || *dir == '\0') {
		*cause = xasprintf("'%s': CREDENTIALS_DIRECTORY is not set "
		    "(it is set by systemd for a unit with LoadCredential=)",
		    configured);
		return (NULL);
	}
	return (xasprintf("%s/%s", dir, configured + strlen(SECRET_PREFIX)));
}

/* Is path inside the systemd credentials directory? */
static int
secret_in_credentials(const char *path)
{
	const char	*dir;
	size_t		 len;

	dir = getenv("CREDENTIALS_DIRECTORY");
	if (dir == NULL || *dir == '\0')
		return (0);
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	return (strncmp(path, dir, len) == 0 && path[len] == '/');
}

static char *
secret_user(uid_t uid)
{
	struct passwd	*pw;

	if ((pw = getpwuid(uid)) != NULL)
		return (xstrdup(pw->pw_name));
	return (xasprintf("%lu", (unsigned long)uid));
}

/* Check the open file fd against the rules; -1 with *cause. */
static int
secret_check_fd(int fd, const char *path, char **cause)
{
	struct stat	 sb;
	char		*me, *owner;
	mode_t		 bad;

	if (fstat(fd, &sb) == -1) {
		*cause = xasprintf("'%s': %s", path, strerror(errno));
		return (-1);
	}
	if (!S_ISREG(sb.st_mode)) {
		*cause = xasprintf("'%s' is not a regular file", path);
		return (-1);
	}
	if (secret_in_credentials(path)) {
		/* systemd: owned by root, mode 0440, access by ACL. */
		if ((sb.st_mode & 0337) != 0) {
			*cause = xasprintf("'%s' is writable, or readable by "
			    "others (mode %04o)", path,
			    (unsigned)(sb.st_mode & 07777));
			return (-1);
		}
		return (0);
	}
	if (sb.st_uid != geteuid()) {
		me = secret_user(geteuid());
		owner = secret_user(sb.st_uid);
		*cause = xasprintf("'%s' is owned by %s, not by %s who runs "
		    "wikisync; fix: chown %s '%s' (or run wikisync as %s)",
		    path, owner, me, me, path, owner);
		free(me);
		free(owner);
		return (-1);
	}
	bad = sb.st_mode & 077;
	if (bad != 0) {
		*cause = xasprintf("'%s' is %s by %s (mode %04o); "
		    "fix: chmod 600 '%s'", path,
		    (bad & 022) != 0 ? "writable" : "readable",
		    (bad & 007) != 0 ? "others" : "its group",
		    (unsigned)(sb.st_mode & 07777), path);
		return (-1);
	}
	return (0);
}

static int
secret_open(const char *path, char **cause)
{
	int	fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC |
	    O_NONBLOCK);
	if (fd != -1)
		return (fd);
	if (errno == ELOOP)
		*cause = xasprintf("'%s' is a symbolic link; name the file "
		    "itself", path);
	else
		*cause = xasprintf("'%s': %s", path, strerror(errno));
	return (-1);
}

int
secret_check(const char *path, char **cause)
{
	int	fd, rv;

	if ((fd = secret_open(path, cause)) == -1)
		return (-1);
	rv = secret_check_fd(fd, path, cause);
	close(fd);
	return (rv);
}

char *
secret_read(const char *path, size_t *len, char **cause)
{
	char	*s, *secret;
	ssize_t	 n;
	size_t	 got = 0;
	int	 fd;

	if ((fd = secret_open(path, cause)) == -1)
		return (NULL);
	if (secret_check_fd(fd, path, cause) == -1) {
		close(fd);
		return (NULL);
	}
	/*
	 * From here on no core dump may hold the secret; this also closes
	 * ptrace and /proc/PID/mem and environ to anyone without
	 * CAP_SYS_PTRACE.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1) {
		*cause = xasprintf("prctl(PR_SET_DUMPABLE): %s",
		    strerror(errno));
		close(fd);
		return (NULL);
	}
	s = xmalloc(SECRET_MAX + 1);
	while (got < SECRET_MAX) {
		n = read(fd, s + got, SECRET_MAX - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xasprintf("'%s': %s", path, strerror(errno));
			close(fd);
			freezero(s, SECRET_MAX + 1);
			return (NULL);
		}
		if (n == 0)
			break;
		got += n;
	}
	close(fd);
	s[got] = '\0';
	s[strcspn(s, "\r\n")] = '\0';
	*len = strlen(s);
	if (*len == 0) {
		*cause = xasprintf("'%s' is empty", path);
		freezero(s, SECRET_MAX + 1);
		return (NULL);
	}
	secret = xstrndup(s, *len);
	freezero(s, SECRET_MAX + 1);
	return (secret);
}
