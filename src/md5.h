/*
 * MD5 (RFC 1321), only for the API's edit "md5" parameter: the wiki
 * checks the text it received against it, so a body damaged on the way
 * is refused instead of saved.  Not for anything where security matters.
 */
#ifndef MD5_H
#define MD5_H

#include <stddef.h>

#define MD5_HEX_LEN	32

/* The MD5 of data in lower-case hex, into hex[MD5_HEX_LEN + 1]. */
void	md5_hex(const void *data, size_t len, char hex[MD5_HEX_LEN + 1]);

#endif
