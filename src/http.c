/*
 * HTTP through one libcurl easy handle, with the safety rules of http.h.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "http.h"
#include "log.h"
#include "xmalloc.h"

struct http {
	CURL			*curl;
	struct curl_slist	*headers;
	char			*url;
	struct http_opts	 opts;
	char			 errbuf[CURL_ERROR_SIZE];
	struct http_response	*resp;		/* of the request in flight */
	int			 toobig;
};

/* Is host (as CURLU gives it) a loopback address or name? */
static int
http_host_loopback(const char *host)
{
	struct in_addr	a4;
	struct in6_addr	a6;
	char		buf[64];
	size_t		len;

	if (strcasecmp(host, "localhost") == 0)
		return (1);
	if (inet_pton(AF_INET, host, &a4) == 1)
		return ((ntohl(a4.s_addr) >> 24) == 127);
	len = strlen(host);
	if (len > 2 && len < sizeof buf && host[0] == '[' &&
	    host[len - 1] == ']') {
		memcpy(buf, host + 1, len - 2);
		buf[len - 2] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) == 1)
			return (IN6_IS_ADDR_LOOPBACK(&a6));
	}
	return (0);
}

int
http_url_ok(const char *url, char **cause)
{
	CURLU		*u;
	char		*scheme = NULL, *host = NULL, *user = NULL;
	int		 ret = -1;

	if ((u = curl_url()) == NULL)
		fatalx("curl_url: out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		*cause = xasprintf("'%s' is not a URL", url);
		goto out;
	}
	if (strcasecmp(scheme, "https") != 0 &&
	    strcasecmp(scheme, "http") != 0) {
		*cause = xasprintf("'%s': only https URLs are allowed", url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		*cause = xasprintf("'%s' is not a URL", url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		/* Credentials in a URL end up in logs. */
		*cause = xasprintf("the API URL must not hold a user name or "
		    "password (use username and password_file)");
		goto out;
	}
	if (strcasecmp(scheme, "https") == 0 ||
	    (strcasecmp(scheme, "http") == 0 && http_host_loopback(host)))
		ret = 0;
	else
		*cause = xasprintf("'%s': http is allowed only for a loopback "
		    "host (127.0.0.1, ::1, localhost); use https", url);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
	return (ret);
}

/* libcurl's write callback: keep the body, refuse it past the cap. */
static size_t
http_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http	*h = arg;

	if (buf_add(&h->resp->body, data, nmemb) != 0) {
		h->toobig = 1;
		return (0);	/* libcurl stops with CURLE_WRITE_ERROR */
	}
	(void)size;		/* always 1 */
	return (nmemb);
}

static void
http_setopt_failed(CURLcode rc, const char *what)
{
	fatalx("libcurl: cannot set %s: %s", what, curl_easy_strerror(rc));
}

#define SETOPT(h, opt, val) do {					\
	CURLcode rc_ = curl_easy_setopt((h)->curl, opt, val);		\
	if (rc_ != CURLE_OK)						\
		http_setopt_failed(rc_, #opt);				\
} while (0)

struct http *
http_new(const char *url, const struct http_opts *opts, char **cause)
{
	static int	 initialized;
	struct http	*h;
	const char	*protocols;

	if (http_url_ok(url, cause) != 0)
		return (NULL);
	if (!initialized) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			fatalx("curl_global_init failed");
		initialized = 1;
	}
	h = xcalloc(1, sizeof *h);
	h->url = xstrdup(url);
	h->opts = *opts;
	if ((h->curl = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	protocols = strncasecmp(url, "https:", 6) == 0 ? "https" : "http";
	h->headers = curl_slist_append(NULL, "Expect:");
	if (h->headers == NULL)
		fatalx("curl_slist_append: out of memory");

	SETOPT(h, CURLOPT_URL, h->url);
	SETOPT(h, CURLOPT_PROTOCOLS_STR, protocols);
	SETOPT(h, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
	/* Loopback http must stay on the host: "" overrides http_proxy. */
	if (strcmp(protocols, "http") == 0)
		SETOPT(h, CURLOPT_PROXY, "");
	SETOPT(h, CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(h, CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(h, CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	SETOPT(h, CURLOPT_NOSIGNAL, 1L);
	SETOPT(h, CURLOPT_CONNECTTIMEOUT, opts->connect_timeout);
	SETOPT(h, CURLOPT_TIMEOUT, opts->timeout);
	SETOPT(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	SETOPT(h, CURLOPT_LOW_SPEED_TIME, opts->low_speed_time);
	SETOPT(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)opts->max_body);
	SETOPT(h, CURLOPT_USERAGENT, opts->user_agent);
	SETOPT(h, CURLOPT_HTTPHEADER, h->headers);
	SETOPT(h, CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(h, CURLOPT_COOKIEFILE, "");	/* cookies in memory only */
	SETOPT(h, CURLOPT_ERRORBUFFER, h->errbuf);
	SETOPT(h, CURLOPT_WRITEFUNCTION, http_write);
	SETOPT(h, CURLOPT_WRITEDATA, h);
	SETOPT(h, CURLOPT_POST, 1L);
	return (h);
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	free(h->url);
	free(h);
}

void
http_set_bearer(struct http *h, const char *token)
{
	SETOPT(h, CURLOPT_HTTPAUTH, token != NULL ? (long)CURLAUTH_BEARER :
	    (long)CURLAUTH_BASIC);
	SETOPT(h, CURLOPT_XOAUTH2_BEARER, token);
}

void
http_clear_cookies(struct http *h)
{
	SETOPT(h, CURLOPT_COOKIELIST, "ALL");
}

void
http_response_init(struct http_response *r, size_t max)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, max);
	r->retry_after = -1;
}

void
http_response_free(struct http_response *r)
{
	buf_free(&r->body);
}

/* Retry-After in seconds, or -1; libcurl 7.88 may report it negative. */
static long
http_retry_after(struct http *h)
{
	curl_off_t	 ra = 0;

	if (curl_easy_getinfo(h->curl, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK)
		return (-1);
	if (ra <= 0)
		return (-1);
	return (ra > 86400 ? 86400 : (long)ra);
}

enum http_result
http_post(struct http *h, const char *form, size_t len, int flags,
    struct http_response *r, char **cause)
{
	CURLcode	 rc;
	curl_off_t	 up = 0;

	buf_reset(&r->body);
	r->sent = 0;
	r->status = 0;
	r->retry_after = -1;
	h->resp = r;
	h->toobig = 0;
	h->errbuf[0] = '\0';
	SETOPT(h, CURLOPT_POSTFIELDS, form);
	SETOPT(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	SETOPT(h, CURLOPT_FRESH_CONNECT, (flags & HTTP_ONCE) ? 1L : 0L);
	rc = curl_easy_perform(h->curl);
	/* The form may hold a password: libcurl must not keep a pointer. */
	SETOPT(h, CURLOPT_POSTFIELDS, "");
	SETOPT(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
	h->resp = NULL;
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &r->status);
	/* Until the whole body is out, the server cannot have acted on it. */
	if (curl_easy_getinfo(h->curl, CURLINFO_SIZE_UPLOAD_T, &up) ==
	    CURLE_OK)
		r->sent = up >= (curl_off_t)len;
	r->retry_after = http_retry_after(h);

	if (rc == CURLE_OK)
		return (HTTP_OK);
	if (h->toobig || rc == CURLE_FILESIZE_EXCEEDED) {
		*cause = xasprintf("response larger than %zu bytes",
		    h->opts.max_body);
		return (HTTP_TOOBIG);
	}
	if (rc == CURLE_PEER_FAILED_VERIFICATION) {
		/* Nothing was sent: TLS failed before the request. */
		*cause = xasprintf("cannot verify the server's TLS "
		    "certificate: %s", *h->errbuf != '\0' ? h->errbuf :
		    curl_easy_strerror(rc));
		return (HTTP_TLS);
	}
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		*cause = xasprintf("timed out: %s", *h->errbuf != '\0' ?
		    h->errbuf : curl_easy_strerror(rc));
		return (HTTP_TIMEOUT);
	}
	*cause = xstrdup(*h->errbuf != '\0' ? h->errbuf :
	    curl_easy_strerror(rc));
	return (HTTP_NETWORK);
}

void
http_form_escape(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || strchr("-._~", *p) != NULL)
			buf_addc(b, (char)*p);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

const char *
http_curl_version(void)
{
	static char	 v[64];

	if (*v == '\0')
		snprintf(v, sizeof v, "libcurl/%s",
		    curl_version_info(CURLVERSION_NOW)->version);
	return (v);
}
