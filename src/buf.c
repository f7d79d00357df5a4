/*
 * Growable NUL-terminated buffer with a hard maximum size.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->size = 0;
	b->max = max;
	b->wipe = 0;
}

void
buf_init_wipe(struct buf *b, size_t max)
{
	buf_init(b, max);
	b->wipe = 1;
}

void
buf_free(struct buf *b)
{
	int	wipe = b->wipe;

	if (wipe)
		freezero(b->data, b->size);
	else
		free(b->data);
	buf_init(b, b->max);
	b->wipe = wipe;
}

void
buf_reset(struct buf *b)
{
	if (b->wipe && b->data != NULL)
		explicit_bzero(b->data, b->len);
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for len more bytes and the NUL; -1 if that passes max. */
static int
buf_grow(struct buf *b, size_t len)
{
	size_t	 need, size;
	char	*p;

	if (len > b->max || b->len > b->max - len)
		return (-1);
	need = b->len + len + 1;
	if (need <= b->size)
		return (0);
	size = b->size == 0 ? 64 : b->size;
	while (size < need)
		size *= 2;
	if (b->wipe && b->data != NULL) {
		/* realloc would free the old block as it is. */
		p = xmalloc(size);
		memcpy(p, b->data, b->len + 1);
		freezero(b->data, b->size);
		b->data = p;
	} else
		b->data = xreallocarray(b->data, 1, size);
	b->size = size;
	return (0);
}

int
buf_add(struct buf *b, const void *p, size_t len)
{
	if (buf_grow(b, len) == -1)
		return (-1);
	if (len > 0)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return (0);
}

int
buf_adds(struct buf *b, const char *s)
{
	return (buf_add(b, s, strlen(s)));
}

int
buf_addc(struct buf *b, char c)
{
	return (buf_add(b, &c, 1));
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	ap2;
	int	n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || buf_grow(b, (size_t)n) == -1)
		return (-1);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return (0);
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	rv;

	va_start(ap, fmt);
	rv = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return (rv);
}

const char *
buf_str(const struct buf *b)
{
	return (b->data != NULL ? b->data : "");
}

int
buf_read_file(struct buf *b, const char *path)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;
	int	 saved;

	if ((f = fopen(path, "rb")) == NULL)
		return (-1);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf_add(b, chunk, n) == -1) {
			fclose(f);
			errno = EFBIG;
			return (-1);
		}
	}
	if (ferror(f)) {
		saved = errno;
		fclose(f);
		errno = saved;
		return (-1);
	}
	fclose(f);
	return (0);
}

char *
buf_detach(struct buf *b)
{
	char	*s;

	s = b->data != NULL ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->size = 0;
	return (s);
}
