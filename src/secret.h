/*
 * Files holding secrets: the bot password and the OAuth 2 token.
 *
 * A secret file must be a regular file (opened with O_NOFOLLOW, checked
 * with fstat on the open descriptor, so there is no window between check
 * and use), owned by the user wikisync runs as, and readable and writable
 * by nobody else (mode 0600 or stricter).  Inside $CREDENTIALS_DIRECTORY,
 * where systemd owns the files and grants access by ACL, mode 0440 is
 * accepted.  A file that fails is refused with the command that fixes
 * it; wikisync never changes a file's mode itself.
 */
#ifndef SECRET_H
#define SECRET_H

#include <stddef.h>

/*
 * The real path of a configured secret file: "$CREDENTIALS_DIRECTORY/NAME"
 * is expanded (NULL with *cause when the variable is unset), anything
 * else is copied.  Newly allocated.
 */
char	*secret_path(const char *configured, char **cause);

/* Check the file at path (already expanded); -1 with *cause. */
int	 secret_check(const char *path, char **cause);

/*
 * Check the file, then read the secret: its first line, without the line
 * end.  *len gets its length.  The caller wipes and frees it with
 * freezero(s, len + 1).  Before reading, the process is made
 * non-dumpable (prctl PR_SET_DUMPABLE 0) for the rest of its life: no
 * core dump, no ptrace or /proc/PID/mem by anyone without
 * CAP_SYS_PTRACE.
 */
char	*secret_read(const char *path, size_t *len, char **cause);

#endif
