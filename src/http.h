/*
 * HTTP for the wiki client: one libcurl easy handle per wiki, reused for
 * every request (serial, one connection kept alive), with wikisync's
 * safety rules built in so no caller can forget one:
 *
 *  - https only; http only when the host is a loopback address;
 *  - TLS peer and host always verified (there is no option to turn it
 *    off); no redirects, and no protocol but those two even if one came;
 *  - no proxy for http (a proxy from http_proxy or ALL_PROXY would carry
 *    the password in clear text off the host); https may go through one,
 *    the TLS session still ends at the wiki;
 *  - connect and total timeouts and a low-speed limit;
 *  - the response body capped in the write callback, after decoding, so
 *    neither a chunked flood nor a gzip bomb can grow past the cap;
 *  - an empty "Expect:" header (libcurl's 100-continue stalls PHP's
 *    server and some proxies on large bodies);
 *  - cookies kept in memory only; a bearer token sent as a header.
 *
 * This layer knows nothing of MediaWiki: it sends a form body and hands
 * back the status, the body and Retry-After.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

#include "buf.h"

struct http;

struct http_opts {
	const char	*user_agent;	/* required */
	long		 connect_timeout;	/* seconds */
	long		 timeout;		/* seconds, whole transfer */
	long		 low_speed_time;	/* seconds under 1 byte/s */
	size_t		 max_body;		/* bytes, after decoding */
};

enum http_result {
	HTTP_OK,		/* a complete response, whatever its status */
	HTTP_TIMEOUT,		/* connect, total or low-speed timeout */
	HTTP_TOOBIG,		/* body over max_body */
	HTTP_NETWORK,		/* refused, reset, truncated, TLS... */
	HTTP_TLS,		/* the server's certificate failed to verify */
};

struct http_response {
	long		 status;
	struct buf	 body;
	long		 retry_after;	/* seconds, clamped >= 0; -1 if none */
	int		 sent;		/* the whole request went out */
};

/*
 * Is url acceptable for an API endpoint: https, or http to a loopback
 * host (127.0.0.0/8, ::1, localhost)?  0, or -1 with *cause.
 */
int		 http_url_ok(const char *url, char **cause);

/* A handle for url (checked with http_url_ok); NULL with *cause. */
struct http	*http_new(const char *url, const struct http_opts *,
		     char **cause);
void		 http_free(struct http *);

/* Send "Authorization: Bearer TOKEN" with every request (NULL: stop). */
void		 http_set_bearer(struct http *, const char *token);
/* Forget every cookie (before logging in again). */
void		 http_clear_cookies(struct http *);

/*
 * POST form (application/x-www-form-urlencoded, already encoded) to the
 * handle's URL.  The response is reset and filled; on anything but
 * HTTP_OK *cause says what happened (never the form, which may hold a
 * password).  HTTP_OK is returned for any status: the caller decides.
 *
 * With HTTP_ONCE the request goes out on a new connection: libcurl
 * sends a request again by itself when a reused connection dies before
 * any answer ("Connection died, retrying a fresh connect"), which for
 * an edit whose answer was lost means a second edit.  On a connection
 * of its own the request is sent once, and a lost answer is the
 * caller's to handle.
 */
#define HTTP_ONCE	0x1
enum http_result http_post(struct http *, const char *form, size_t len,
		     int flags, struct http_response *, char **cause);

void		 http_response_init(struct http_response *, size_t max);
void		 http_response_free(struct http_response *);

/* Append s to b percent-encoded for a form body. */
void		 http_form_escape(struct buf *b, const char *s);

/* "libcurl/7.88.1", for the User-Agent. */
const char	*http_curl_version(void);

#endif
