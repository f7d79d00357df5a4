/*
 * A growable byte buffer with a hard maximum size, always NUL-terminated
 * (the shape of curl's dynbuf).  Every string wikisync builds and every
 * HTTP body goes through one.
 *
 * Ownership: the buffer owns b->data until buf_free() or buf_detach().
 * b->data is NULL until the first byte is added; buf_str() never returns
 * NULL.  Adding past the maximum leaves the buffer unchanged and returns
 * -1, so a caller can refuse over-long input without holding it.
 * Running out of memory is fatal (xmalloc).
 *
 * A buffer made with buf_init_wipe() may hold a secret (a form with a
 * password): memory it lets go of, when it grows, is reset or is freed,
 * is wiped first.  buf_detach() hands the secret to the caller as is.
 */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;		/* bytes in use, without the NUL */
	size_t	 size;		/* bytes allocated */
	size_t	 max;		/* most bytes len may reach */
	int	 wipe;		/* wipe memory before letting it go */
};

#define BUF_UNLIMITED	((size_t)-1 / 2)

void		 buf_init(struct buf *, size_t max);
void		 buf_init_wipe(struct buf *, size_t max);
void		 buf_free(struct buf *);
/* Empty the buffer, keeping its memory. */
void		 buf_reset(struct buf *);
int		 buf_add(struct buf *, const void *, size_t);
int		 buf_adds(struct buf *, const char *);
int		 buf_addc(struct buf *, char);
int		 buf_printf(struct buf *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
int		 buf_vprintf(struct buf *, const char *, va_list)
		     __attribute__((format(printf, 2, 0)));
/*
 * Append the whole file at path.  0, or -1 with errno set (EFBIG when
 * the file would take the buffer past its maximum); on -1 the buffer
 * holds part of the file at most, so callers discard it.
 */
int		 buf_read_file(struct buf *, const char *path);
/* The contents as a C string ("" when empty). */
const char	*buf_str(const struct buf *);
/* Hand the contents to the caller (to free) and empty the buffer. */
char		*buf_detach(struct buf *);

#endif
