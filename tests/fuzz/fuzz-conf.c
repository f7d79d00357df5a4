/*
 * Fuzz the INI config loader: the input is a config file.
 *
 * Asserted for a config that loads without an error: written back by
 * serialize() below (every key of every section, defaults included,
 * "key=value" lines) it loads again without an error, and written back
 * once more it gives the same text: so every field (strings, numbers,
 * enums, where filters, sort keys, extra fields, map.PARAM) survived
 * the round trip.  A path is written relative to the config's
 * directory when it is in it, as the loader resolves it back.
 *
 * Not asserted, and counted as not representable, are configs whose
 * values the file format cannot hold once normalized: a value that NFC
 * made longer than a line may be (197 bytes), or in which NFC made a
 * ';' after a blank (U+037E becomes ';', which inih then takes for a
 * comment).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "fuzz.h"
#include "strv.h"
#include "where.h"
#include "xmalloc.h"

#define LINE_MAX_BYTES	197	/* conf.c: inih's 200 less "\r\n" and NUL */

static struct fuzz_file	file1, file2;

struct ser {
	struct buf	 b;
	const char	*dir;		/* the config's, with a '/' */
	int		 bad;		/* a line the format cannot hold */
};

static void
line(struct ser *s, const char *key, const char *value)
{
	size_t	len = strlen(key) + 1 + strlen(value), i;

	if (len > LINE_MAX_BYTES)
		s->bad = 1;
	for (i = 1; value[0] != '\0' && value[i] != '\0'; i++)
		if (value[i] == ';' && (value[i - 1] == ' ' ||
		    value[i - 1] == '\t'))
			s->bad = 1;
	buf_printf(&s->b, "%s=%s\n", key, value);
}

static void
opt(struct ser *s, const char *key, const char *value)
{
	if (value != NULL && *value != '\0')
		line(s, key, value);
}

static void
num(struct ser *s, const char *key, long n)
{
	char	v[32];

	snprintf(v, sizeof v, "%ld", n);
	line(s, key, v);
}

/* A path as the loader gave it, relative again if in the config's dir. */
static void
path(struct ser *s, const char *key, const char *value)
{
	size_t		 n = strlen(s->dir);
	const char	*rel;

	if (value == NULL)
		return;
	rel = value + (strncmp(value, s->dir, n) == 0 ? n : 0);
	if (strncmp(value, s->dir, n) == 0 && *rel != '\0' && *rel != '/' &&
	    *rel != ' ' && *rel != '\t' && *rel != ';' && *rel != '#' &&
	    strncmp(rel, "$CREDENTIALS_DIRECTORY/", 23) != 0)
		line(s, key, rel);
	else
		line(s, key, value);
}

static void
wheres(struct ser *s, const struct where_list *wl)
{
	char	*v;
	size_t	 i;

	for (i = 0; i < wl->n; i++) {
		v = xasprintf("%s %s %s", wl->v[i]->field,
		    where_op_name(wl->v[i]->op), wl->v[i]->value);
		line(s, "where", v);
		free(v);
	}
}

static void
sorts(struct ser *s, const struct sort_list *sl)
{
	struct buf	b;
	size_t		i;

	if (sl->n == 0)
		return;
	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < sl->n; i++)
		buf_printf(&b, "%s%s%s", i ? ", " : "",
		    sl->v[i].descending ? "-" : "", sl->v[i].field);
	line(s, "sort", buf_str(&b));
	buf_free(&b);
}

static char *
serialize(const struct config *cf, int *bad)
{
	struct ser		 s;
	const struct conf_wiki	*w;
	const struct conf_table	*t;
	const struct conf_intake *in;
	struct buf		 fields;
	size_t			 i, j;
	char			*slash, *key;

	memset(&s, 0, sizeof s);
	buf_init(&s.b, BUF_UNLIMITED);
	s.dir = xstrdup(cf->path);
	if ((slash = strrchr(s.dir, '/')) != NULL)
		slash[1] = '\0';

	buf_adds(&s.b, "[registry]\n");
	path(&s, "database", cf->database);
	if (cf->extra_fields.n > 0) {
		buf_init(&fields, BUF_UNLIMITED);
		for (i = 0; i < cf->extra_fields.n; i++)
			buf_printf(&fields, "%s%s", i ? ", " : "",
			    cf->extra_fields.v[i]);
		line(&s, "extra_fields", buf_str(&fields));
		buf_free(&fields);
	}
	buf_adds(&s.b, "[daemon]\n");
	num(&s, "interval", cf->interval);
	for (i = 0; i < cf->nwikis; i++) {
		w = &cf->wikis[i];
		buf_printf(&s.b, "[wiki%s%s]\n", *w->name ? " " : "", w->name);
		opt(&s, "api", w->api);
		opt(&s, "username", w->username);
		path(&s, "password_file", w->password_file);
		path(&s, "oauth2_token_file", w->oauth2_token_file);
		opt(&s, "contact", w->contact);
		num(&s, "maxlag", w->maxlag);
		num(&s, "edit_interval", w->edit_interval);
	}
	for (i = 0; i < cf->ntables; i++) {
		t = &cf->tables[i];
		buf_printf(&s.b, "[table %s]\n", t->name);
		opt(&s, "wiki", t->wiki);
		opt(&s, "page", t->page);
		path(&s, "template", t->template);
		wheres(&s, &t->where);
		sorts(&s, &t->sort);
		opt(&s, "group", t->group);
		opt(&s, "summary", t->summary);
		line(&s, "on_manual_edit", t->on_manual_edit == MANUAL_KEEP ?
		    "keep" : "overwrite");
		key = xasprintf("%ld%%", t->max_shrink);
		line(&s, "max_shrink", key);
		free(key);
		line(&s, "create", t->create ? "yes" : "no");
	}
	for (i = 0; i < cf->nintakes; i++) {
		in = &cf->intakes[i];
		buf_printf(&s.b, "[intake %s]\n", in->name);
		opt(&s, "wiki", in->wiki);
		opt(&s, "page", in->page);
		opt(&s, "template", in->template);
		opt(&s, "campaign", in->campaign);
		opt(&s, "summary", in->summary);
		line(&s, "on_removed", in->on_removed == REMOVED_KEEP ?
		    "keep" : "cancel");
		line(&s, "report", in->report ? "yes" : "no");
		num(&s, "max_calls", in->max_calls);
		for (j = 0; j < in->nmap; j++) {
			key = xasprintf("map.%s", in->map[j].param);
			line(&s, key, in->map[j].field);
			free(key);
		}
	}
	free((char *)s.dir);
	*bad = s.bad;
	return (buf_detach(&s.b));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strv	 errors = STRV_INITIALIZER;
	struct config	*cf, *cf2;
	char		*text, *text2;
	int		 bad, bad2;
	size_t		 i;

	cf = conf_load(fuzz_file_write(&file1, data, size), &errors);
	FUZZ_ASSERT(cf != NULL);
	if (errors.n > 0) {
		conf_free(cf);
		strv_free(&errors);
		return (0);
	}
	text = serialize(cf, &bad);
	conf_free(cf);
	if (bad) {
		free(text);
		return (0);
	}
	cf2 = conf_load(fuzz_file_write(&file2, text, strlen(text)), &errors);
	FUZZ_ASSERT(cf2 != NULL);
	if (errors.n > 0) {
		for (i = 0; i < errors.n; i++)
			fprintf(stderr, "%s\n", errors.v[i]);
		fuzz_fail("a config that loaded does not load written back:"
		    "\n%s", text);
	}
	text2 = serialize(cf2, &bad2);
	conf_free(cf2);
	if (strcmp(text, text2) != 0)
		fuzz_fail("config changed when written back:\n%s\n----\n%s",
		    text, text2);
	free(text);
	free(text2);
	strv_free(&errors);
	return (0);
}
