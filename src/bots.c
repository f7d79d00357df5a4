/*
 * Bot exclusion compliance: one pass over the page skips comments and
 * nowiki sections and reads each template call; those to {{bots}} and
 * {{nobots}} are judged by their parameters.  Every byte is looked at a
 * bounded number of times, whatever the page holds.  The rules are in
 * bots.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "bots.h"
#include "buf.h"
#include "text.h"
#include "xmalloc.h"

#define BOTS_NONE	SIZE_MAX
#define BOTS_QUOTEMAX	80	/* bytes of a call quoted in *why */

/* The state of one pass over a page. */
struct bots_scan {
	const char	*text;
	size_t		 len;
	size_t		 pos;		/* where to look next */
	size_t		 nwfrom;	/* the last "</nowiki>" search: from */
	size_t		 nwat;		/* and where it was found, or NONE */
	struct buf	 call;		/* a call's text, without comments */
	struct buf	 user;		/* the bot's name, normalized */
	struct buf	 name;		/* scratch for names */
};

static int
bots_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

static char
bots_lower(char c)
{
	return (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* Does s (len bytes) start with lower-case word, in any case? */
static int
bots_prefix(const char *s, size_t len, const char *word)
{
	size_t	i, wlen = strlen(word);

	if (len < wlen)
		return (0);
	for (i = 0; i < wlen; i++)
		if (bots_lower(s[i]) != word[i])
			return (0);
	return (1);
}

/* Is s (len bytes) the lower-case word, in any case? */
static int
bots_word(const char *s, size_t len, const char *word)
{
	return (len == strlen(word) && bots_prefix(s, len, word));
}

/* Trim spaces and line ends from both ends of s (*len bytes). */
static const char *
bots_trim(const char *s, size_t *len)
{
	while (*len > 0 && bots_space(*s)) {
		s++;
		(*len)--;
	}
	while (*len > 0 && bots_space(s[*len - 1]))
		(*len)--;
	return (s);
}

/*
 * Put the user or template name s (len bytes) in b as MediaWiki
 * normalizes it: "_" as " ", runs of them as one, none at either end,
 * and the first letter in upper case.
 */
static void
bots_normalize(struct buf *b, const char *s, size_t len)
{
	utf8proc_uint8_t	 enc[4];
	utf8proc_ssize_t	 elen;
	const char		*e = s + len;
	size_t			 n;
	int32_t			 cp;

	buf_reset(b);
	while (s < e && (*s == '_' || bots_space(*s)))
		s++;
	if (s == e)
		return;
	n = text_utf8_decode((const unsigned char *)s, (size_t)(e - s), &cp);
	if (cp != -1 && (elen = utf8proc_encode_char(utf8proc_toupper(cp),
	    enc)) > 0) {
		buf_add(b, enc, (size_t)elen);
		s += n;
	}
	for (; s < e; s++) {
		if (*s == '_' || bots_space(*s)) {
			if (b->len > 0 && b->data[b->len - 1] != ' ')
				buf_addc(b, ' ');
		} else
			buf_addc(b, *s);
	}
	if (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
}

/* Is s (len bytes) the name in b, normalized? */
static int
bots_is(struct bots_scan *s, const char *p, size_t len, const struct buf *b)
{
	bots_normalize(&s->name, p, len);
	return (s->name.len == b->len &&
	    memcmp(buf_str(&s->name), buf_str(b), b->len) == 0);
}

/* The first offset of needle at or after from, in any case, or NONE. */
static size_t
bots_search(const char *text, size_t len, size_t from, const char *needle)
{
	const char	*p;
	size_t		 nlen = strlen(needle);

	while (from < len && len - from >= nlen) {
		p = memchr(text + from, needle[0], len - from - nlen + 1);
		if (p == NULL)
			break;
		from = (size_t)(p - text);
		if (bots_prefix(p, nlen, needle))
			return (from);
		from++;
	}
	return (BOTS_NONE);
}

/*
 * The length of the nowiki tag "<nowiki" [spaces] (">" | "/>") at p, or
 * 0; *empty tells "<nowiki/>" apart.  closing looks for "</nowiki>".
 */
static size_t
bots_nowiki_tag(const char *p, size_t len, int closing, int *empty)
{
	const char	*tag = closing ? "</nowiki" : "<nowiki";
	size_t		 i = strlen(tag);

	if (!bots_prefix(p, len, tag))
		return (0);
	while (i < len && bots_space(p[i]))
		i++;
	*empty = 0;
	if (i < len && p[i] == '>')
		return (i + 1);
	if (!closing && i + 1 < len && p[i] == '/' && p[i + 1] == '>') {
		*empty = 1;
		return (i + 2);
	}
	return (0);
}

/*
 * Where the nowiki section opened before from ends, or NONE if it is
 * never closed.  Searches run from ever later offsets, so the last
 * answer serves until the scan passes it.
 */
static size_t
bots_nowiki_end(struct bots_scan *s, size_t from)
{
	size_t	at, n;
	int	empty;

	if (s->nwfrom != BOTS_NONE && s->nwfrom <= from &&
	    (s->nwat == BOTS_NONE || s->nwat >= from))
		at = s->nwat;
	else {
		at = from;
		while ((at = bots_search(s->text, s->len, at, "</nowiki")) !=
		    BOTS_NONE) {
			if (bots_nowiki_tag(s->text + at, s->len - at, 1,
			    &empty) != 0)
				break;
			at++;
		}
		s->nwfrom = from;
		s->nwat = at;
	}
	if (at == BOTS_NONE)
		return (BOTS_NONE);
	n = bots_nowiki_tag(s->text + at, s->len - at, 1, &empty);
	return (at + n);
}

/* Does the comma-separated list (len bytes) name the bot or all? */
static int
bots_names(struct bots_scan *s, const char *list, size_t len)
{
	const char	*p = list, *e = list + len, *comma, *item;
	size_t		 ilen;

	for (;;) {
		if ((comma = memchr(p, ',', (size_t)(e - p))) == NULL)
			comma = e;
		ilen = (size_t)(comma - p);
		item = bots_trim(p, &ilen);
		if (bots_word(item, ilen, "all"))
			return (1);
		if (ilen > 0 && !bots_word(item, ilen, "none") &&
		    bots_is(s, item, ilen, &s->user))
			return (1);
		if (comma == e)
			return (0);
		p = comma + 1;
	}
}

/* Does the list (len bytes) hold any name at all? */
static int
bots_any(const char *list, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (list[i] != ',' && !bots_space(list[i]))
			return (1);
	return (0);
}

/*
 * Does the call (its text without "{{", "}}" and comments) exclude the
 * bot?  Calls to other templates exclude no one.
 */
static int
bots_excludes(struct bots_scan *s, const char *call, size_t len)
{
	const char	*p = call, *e = call + len, *bar, *eq, *key, *val;
	size_t		 klen, vlen;
	int		 nobots, named = 0, listed = 0;

	if ((bar = memchr(p, '|', len)) == NULL)
		bar = e;
	klen = (size_t)(bar - p);
	key = bots_trim(p, &klen);
	if (bots_prefix(key, klen, "template:")) {
		key += 9;
		klen -= 9;
		key = bots_trim(key, &klen);
	}
	bots_normalize(&s->name, key, klen);
	if (s->name.len == 6 && memcmp(s->name.data, "Nobots", 6) == 0)
		nobots = 1;
	else if (s->name.len == 4 && memcmp(s->name.data, "Bots", 4) == 0)
		nobots = 0;
	else
		return (0);

	for (p = bar; p < e; p = bar) {
		p++;
		if ((bar = memchr(p, '|', (size_t)(e - p))) == NULL)
			bar = e;
		if ((eq = memchr(p, '=', (size_t)(bar - p))) == NULL) {
			/* {{nobots|A,B}} names the bots it excludes. */
			vlen = (size_t)(bar - p);
			if (nobots && bots_any(p, vlen)) {
				listed = 1;
				if (bots_names(s, p, vlen))
					return (1);
			}
			continue;
		}
		klen = (size_t)(eq - p);
		key = bots_trim(p, &klen);
		vlen = (size_t)(bar - eq - 1);
		val = bots_trim(eq + 1, &vlen);
		named = 1;
		if (nobots)
			continue;
		if (bots_word(key, klen, "allow") && !bots_names(s, val, vlen))
			return (1);
		if (bots_word(key, klen, "deny") && bots_names(s, val, vlen))
			return (1);
		/* optout names message types: wikisync sends none. */
	}
	return (nobots && (named || !listed));
}

/* The call at start (len bytes) quoted for *why: one line, not long. */
static char *
bots_quote(const char *start, size_t len)
{
	char	*q;
	size_t	 i, n = len;

	if (n > BOTS_QUOTEMAX) {
		n = BOTS_QUOTEMAX;
		while (n > 0 && ((unsigned char)start[n] & 0xc0) == 0x80)
			n--;	/* not inside a UTF-8 sequence */
	}
	q = xmalloc(n + 4);
	for (i = 0; i < n; i++) {
		q[i] = start[i];
		if ((unsigned char)q[i] < 0x20 || q[i] == 0x7f)
			q[i] = ' ';
	}
	if (n < len) {
		memcpy(q + n, "...", 3);
		n += 3;
	}
	q[n] = '\0';
	text_printable(q, "");	/* C1 controls: "\xc2\x9b" is a CSI */
	return (q);
}

/*
 * Read the call whose "{{" is at s->pos into s->call, leaving comments
 * out, up to its "}}".  Returns 1 for a whole call (s->pos after it), 0
 * if another "{{" comes first (s->pos at it), -1 if the text ends first.
 */
static int
bots_read_call(struct bots_scan *s)
{
	const char	*t = s->text;
	size_t		 i = s->pos + 2, n, close;
	int		 empty;

	buf_reset(&s->call);
	while (i < s->len) {
		if (t[i] == '}' && i + 1 < s->len && t[i + 1] == '}') {
			s->pos = i + 2;
			return (1);
		}
		if (t[i] == '{' && i + 1 < s->len && t[i + 1] == '{') {
			s->pos = i;
			return (0);
		}
		if (t[i] == '<' && bots_prefix(t + i, s->len - i, "<!--")) {
			close = bots_search(t, s->len, i + 4, "-->");
			if (close == BOTS_NONE)
				break;
			i = close + 3;
			continue;
		}
		if (t[i] == '<' && (n = bots_nowiki_tag(t + i, s->len - i, 0,
		    &empty)) != 0 && !empty &&
		    (close = bots_nowiki_end(s, i + n)) != BOTS_NONE) {
			/* Kept as text, but no "{{" or "}}" in it counts. */
			buf_add(&s->call, t + i, close - i);
			i = close;
			continue;
		}
		buf_addc(&s->call, t[i++]);
	}
	s->pos = s->len;
	return (-1);
}

int
bots_allowed(const char *text, size_t len, const char *user, char **why)
{
	struct bots_scan	 s;
	const char		*t = text;
	char			*q;
	size_t			 start, n, close;
	int			 empty, rv = 1;

	memset(&s, 0, sizeof s);
	s.text = text;
	s.len = len;
	s.nwfrom = BOTS_NONE;
	buf_init(&s.call, BUF_UNLIMITED);
	buf_init(&s.user, BUF_UNLIMITED);
	buf_init(&s.name, BUF_UNLIMITED);
	bots_normalize(&s.user, user, strlen(user));

	while (s.pos < len && rv == 1) {
		start = s.pos;
		if (t[start] == '<' && bots_prefix(t + start, len - start,
		    "<!--")) {
			close = bots_search(t, len, start + 4, "-->");
			if (close == BOTS_NONE)
				break;		/* hides the rest */
			s.pos = close + 3;
		} else if (t[start] == '<' && (n = bots_nowiki_tag(t + start,
		    len - start, 0, &empty)) != 0) {
			s.pos = start + n;
			if (!empty && (close = bots_nowiki_end(&s, s.pos)) !=
			    BOTS_NONE)
				s.pos = close;
		} else if (t[start] == '{' && start + 1 < len &&
		    t[start + 1] == '{') {
			if (bots_read_call(&s) == 1 &&
			    bots_excludes(&s, buf_str(&s.call), s.call.len))
				rv = 0;
			if (rv == 0 && why != NULL) {
				q = bots_quote(t + start, s.pos - start);
				*why = xasprintf("%s excludes %s", q, user);
				free(q);
			}
		} else
			s.pos++;
	}
	buf_free(&s.call);
	buf_free(&s.user);
	buf_free(&s.name);
	return (rv);
}
