/*
 * Every configuration key, declared once, and the parsers of their types.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf-keys.h"
#include "conf.h"
#include "event.h"
#include "http.h"
#include "strv.h"
#include "text.h"
#include "where.h"
#include "xmalloc.h"

#ifndef WS_STATEDIR
#define WS_STATEDIR "/var/lib/wikisync"
#endif

static const char *const bool_words[] = {
	"yes", "no", "true", "false", "on", "off", "1", "0", NULL
};
static const char *const manual_words[] = { "keep", "overwrite", NULL };
static const char *const removed_words[] = { "keep", "cancel", NULL };

#define W(f)	offsetof(struct conf_wiki, f)
#define C(f)	offsetof(struct config, f)
#define T(f)	offsetof(struct conf_table, f)
#define I(f)	offsetof(struct conf_intake, f)
#define S(f)	offsetof(struct conf_stats, f)

const struct conf_key conf_keys[] = {
	{ SEC_WIKI, "api", CT_URL, CK_REQUIRED, NULL, "none", 0, 0, NULL,
	  W(api), "URL of the wiki's api.php (https; http only for loopback)" },
	{ SEC_WIKI, "username", CT_USERNAME, 0, NULL, "none", 0, 0, NULL,
	  W(username), "BotPassword login name, User@appid" },
	{ SEC_WIKI, "password_file", CT_PATH, 0, NULL, "none", 0, 0, NULL,
	  W(password_file),
	  "file holding the bot password (mode 0600, owned by the user "
	  "wikisync runs as), or $CREDENTIALS_DIRECTORY/NAME" },
	{ SEC_WIKI, "oauth2_token_file", CT_PATH, 0, NULL, "none", 0, 0, NULL,
	  W(oauth2_token_file),
	  "file holding an OAuth 2 owner-only access token, instead of "
	  "username and password_file" },
	{ SEC_WIKI, "contact", CT_CONTACT, CK_REQUIRED, NULL, "none", 0, 0,
	  NULL, W(contact),
	  "URL or e-mail address of the bot's operator, sent in the "
	  "User-Agent" },
	{ SEC_WIKI, "maxlag", CT_INT, 0, "5", NULL, 1, 60, NULL, W(maxlag),
	  "seconds of database replication lag at which the wiki should "
	  "refuse our requests" },
	{ SEC_WIKI, "edit_interval", CT_INT, 0, "10", NULL, 0, 3600, NULL,
	  W(edit_interval), "seconds between two edits, at least" },
	{ SEC_WIKI, "timeout", CT_INT, 0, "50", NULL, 1, 600, NULL,
	  W(timeout), "seconds a request may take before it is given up "
	  "(an edit's then has an unknown outcome)" },

	{ SEC_REGISTRY, "database", CT_PATH, 0, WS_STATEDIR "/registry.db",
	  NULL, 0, 0, NULL, C(database), "the registry's SQLite file" },
	{ SEC_REGISTRY, "extra_fields", CT_FIELDS, 0, NULL, "none", 0, 0,
	  NULL, C(extra_fields),
	  "comma-separated names of the extra fields events may carry" },

	{ SEC_DAEMON, "interval", CT_INT, 0, "300", NULL, 30, 86400, NULL,
	  C(interval), "seconds between two full checks of the wiki" },
	{ SEC_DAEMON, "stats_interval", CT_INT, 0, "3600", NULL, 30, 604800,
	  NULL, C(stats_interval),
	  "seconds between two counts of the statistics of events whose "
	  "window is open or closed lately" },

	{ SEC_TABLE, "wiki", CT_NAME, 0, NULL, "the plain [wiki]", 0, 0, NULL,
	  T(wiki), "the [wiki NAME] section of the page's wiki" },
	{ SEC_TABLE, "page", CT_TITLE, CK_REQUIRED, NULL, "none", 0, 0, NULL,
	  T(page), "title of the page holding the table's markers" },
	{ SEC_TABLE, "template", CT_PATH, CK_REQUIRED, NULL, "none", 0, 0,
	  NULL, T(template), "template file the table is rendered with" },
	{ SEC_TABLE, "where", CT_WHERE, CK_MULTI, NULL, "all events", 0, 0,
	  NULL, T(where),
	  "FIELD OP VALUE filter, OP one of = != < <= > >= ~; may repeat, "
	  "all must match" },
	{ SEC_TABLE, "sort", CT_SORT, 0, "start", NULL, 0, 0, NULL, T(sort),
	  "comma-separated fields to sort by, -field for descending" },
	{ SEC_TABLE, "group", CT_FIELD, 0, NULL, "none", 0, 0, NULL,
	  T(group), "field whose values group the rows" },
	{ SEC_TABLE, "summary", CT_STRING, 0, NULL,
	  "Updating event table NAME", 0, 0, NULL, T(summary),
	  "edit summary" },
	{ SEC_TABLE, "on_manual_edit", CT_ENUM, 0, "keep", NULL, 0, 0,
	  manual_words, T(on_manual_edit),
	  "keep: skip a page whose region a person edited; overwrite: save "
	  "their text in the history and replace it" },
	{ SEC_TABLE, "max_shrink", CT_PERCENT, 0, "50%", NULL, 0, 100, NULL,
	  T(max_shrink),
	  "refuse to drop more than this share of the region's rows without "
	  "--force" },
	{ SEC_TABLE, "create", CT_BOOL, 0, "no", NULL, 0, 0, NULL, T(create),
	  "create the page if it is missing" },

	{ SEC_INTAKE, "wiki", CT_NAME, 0, NULL, "the plain [wiki]", 0, 0,
	  NULL, I(wiki), "the [wiki NAME] section of the page's wiki" },
	{ SEC_INTAKE, "page", CT_TITLE, CK_REQUIRED, NULL, "none", 0, 0,
	  NULL, I(page), "title of the sign-up page" },
	{ SEC_INTAKE, "template", CT_TITLE, CK_REQUIRED, NULL, "none", 0, 0,
	  NULL, I(template), "name of the on-wiki template of a sign-up" },
	{ SEC_INTAKE, "campaign", CT_STRING, CK_REQUIRED, NULL, "none", 0, 0,
	  NULL, I(campaign), "campaign given to the events signed up" },
	{ SEC_INTAKE, "summary", CT_STRING, 0, NULL,
	  "Adding ids to new sign-ups", 0, 0, NULL, I(summary),
	  "edit summary when ids are written into new calls" },
	{ SEC_INTAKE, "on_removed", CT_ENUM, 0, "keep", NULL, 0, 0,
	  removed_words, I(on_removed),
	  "keep: an event whose call left the page stays as it is; cancel: "
	  "its status becomes cancelled" },
	{ SEC_INTAKE, "report", CT_BOOL, 0, "no", NULL, 0, 0, NULL,
	  I(report),
	  "write a table of invalid calls between the page's "
	  "'wikisync:begin NAME' and 'wikisync:end NAME' markers" },
	{ SEC_INTAKE, "max_calls", CT_INT, 0, "1000", NULL, 1, 100000, NULL,
	  I(max_calls),
	  "a page with more calls than this is refused, not half read" },
	{ SEC_INTAKE, "map.PARAM", CT_FIELD, CK_MULTI | CK_PATTERN, NULL,
	  "the field named PARAM", 0, 0, NULL, 0,
	  "read template parameter PARAM into this field (map.land = "
	  "country); may repeat" },

	{ SEC_STATS, "campaign", CT_STRING, 0, NULL, "none", 0, 0, NULL,
	  S(campaign), "count the events of this campaign (as 'where = "
	  "campaign = ...'); campaign or where is required" },
	{ SEC_STATS, "where", CT_WHERE, CK_MULTI, NULL, "none", 0, 0, NULL,
	  S(where), "FIELD OP VALUE filter of the events counted, as in "
	  "[table]; may repeat, all must match" },
	{ SEC_STATS, "wikis", CT_NAMES, 0, NULL, "the plain [wiki]", 0, 0,
	  NULL, S(wikis), "comma-separated [wiki NAME] sections whose "
	  "contributions count ('wiki' for the plain [wiki])" },
	{ SEC_STATS, "namespaces", CT_NAMESPACES, 0, "0", NULL, 0, 0, NULL,
	  S(namespaces), "comma-separated numbers of the namespaces counted "
	  "(0: articles)" },
	{ SEC_STATS, "grace", CT_DURATION, 0, "0d", NULL, 0, 0, NULL,
	  S(grace), "count this long past each event's end too (7d, "
	  "12h)" },
	{ SEC_STATS, "page_wiki", CT_NAME, 0, NULL, "the plain [wiki]", 0, 0,
	  NULL, S(page_wiki), "the [wiki NAME] section of the events' own "
	  "pages (the field 'page'), whose participants section is read" },
	{ SEC_STATS, "participants_section", CT_STRING, 0, "Participants",
	  NULL, 0, 0, NULL, S(participants_section),
	  "heading of the section of an event's page listing its "
	  "participants" },
	{ SEC_STATS, "refresh_days", CT_INT, 0, "30", NULL, 0, 3650, NULL,
	  S(refresh_days), "the daemon counts events whose window is open or "
	  "closed at most this many days ago" },
};
const size_t conf_nkeys = sizeof conf_keys / sizeof conf_keys[0];

static const char *const section_names[] = {
	"wiki", "registry", "daemon", "table", "intake", "stats"
};

const char *
conf_section_name(enum conf_section s)
{
	return (section_names[s]);
}

const struct conf_key *
conf_key_find(enum conf_section s, const char *name)
{
	size_t	i;

	for (i = 0; i < conf_nkeys; i++)
		if (conf_keys[i].section == s &&
		    !(conf_keys[i].flags & CK_PATTERN) &&
		    strcmp(conf_keys[i].name, name) == 0)
			return (&conf_keys[i]);
	return (NULL);
}

static int
conf_check_url(const char *value, char **cause)
{
	return (http_url_ok(value, cause));
}

/* Characters MediaWiki never allows in a title. */
static int
conf_check_title(const char *value, char **cause)
{
	const char	*p;

	if ((p = strpbrk(value, "#<>[]|{}")) != NULL) {
		*cause = xasprintf("'%s': a wiki title cannot contain '%c'",
		    value, *p);
		return (-1);
	}
	if (strlen(value) > 255) {
		*cause = xasprintf("'%s': a wiki title is at most 255 bytes",
		    value);
		return (-1);
	}
	return (0);
}

static int
conf_check_name(const char *value, char **cause)
{
	const char	*p;

	for (p = value; *p != '\0'; p++) {
		if (islower((unsigned char)*p) || isdigit((unsigned char)*p))
			continue;
		if (p != value && strchr("._-", *p) != NULL)
			continue;
		*cause = xasprintf("'%s' is not a valid name (lower-case "
		    "letters, digits, '.', '_', '-')", value);
		return (-1);
	}
	if (p - value > 64) {
		*cause = xasprintf("'%s': a name is at most 64 bytes", value);
		return (-1);
	}
	return (0);
}

static int
conf_parse_int(const char *value, long min, long max, long *out,
    char **cause)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(value, &end, 10);
	if (end == value || *end != '\0' || errno == ERANGE) {
		*cause = xasprintf("'%s' is not a number", value);
		return (-1);
	}
	if (n < min || n > max) {
		*cause = xasprintf("'%s' is out of range %ld..%ld", value,
		    min, max);
		return (-1);
	}
	*out = n;
	return (0);
}

/* Split a comma-separated list into trimmed, non-empty items. */
static int
conf_split(const char *value, struct strv *out, char **cause)
{
	const char	*p = value, *q, *e;

	for (;;) {
		q = strchr(p, ',');
		e = q != NULL ? q : p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == p) {
			*cause = xasprintf("'%s': empty item in list", value);
			return (-1);
		}
		strv_push(out, xstrndup(p, e - p));
		if (q == NULL)
			return (0);
		p = q + 1;
	}
}

/* "enwiki, wiki": names of sections ("wiki" is the plain [wiki]). */
static int
conf_set_names(struct strv *sv, const char *value, char **cause)
{
	struct strv	items = STRV_INITIALIZER;
	size_t		i, k;

	if (conf_split(value, &items, cause) == -1)
		goto fail;
	for (i = 0; i < items.n; i++) {
		if (conf_check_name(items.v[i], cause) == -1)
			goto fail;
		for (k = 0; k < i; k++) {
			if (strcmp(items.v[k], items.v[i]) == 0) {
				*cause = xasprintf("'%s' is listed twice",
				    items.v[i]);
				goto fail;
			}
		}
	}
	strv_free(sv);
	*sv = items;
	return (0);
fail:
	strv_free(&items);
	return (-1);
}

/* "0, 4" into "0|4", as the API takes them. */
static int
conf_parse_namespaces(const char *value, char **out, char **cause)
{
	struct strv	items = STRV_INITIALIZER;
	struct buf	b;
	size_t		i;
	long		n;

	if (conf_split(value, &items, cause) == -1)
		return (-1);
	buf_init(&b, BUF_UNLIMITED);
	for (i = 0; i < items.n; i++) {
		if (conf_parse_int(items.v[i], 0, 100000000, &n, cause) == -1) {
			free(*cause);
			*cause = xasprintf("'%s' is not a namespace number",
			    items.v[i]);
			strv_free(&items);
			buf_free(&b);
			return (-1);
		}
		buf_printf(&b, "%s%ld", i > 0 ? "|" : "", n);
	}
	strv_free(&items);
	*out = buf_detach(&b);
	return (0);
}

/* "7d", "12h", "0d" into seconds: at most a year. */
static int
conf_parse_duration(const char *value, long *out, char **cause)
{
	char	*num, unit = value[strlen(value) - 1];
	long	 n, scale;

	if (unit != 'd' && unit != 'h') {
		*cause = xasprintf("'%s' is not a duration (a number of days "
		    "or hours: 7d, 12h)", value);
		return (-1);
	}
	scale = unit == 'd' ? 86400 : 3600;
	num = xstrndup(value, strlen(value) - 1);
	if (conf_parse_int(num, 0, unit == 'd' ? 366 : 366 * 24, &n,
	    cause) == -1) {
		free(*cause);
		*cause = xasprintf("'%s' is not a duration of at most a year "
		    "(7d, 12h)", value);
		free(num);
		return (-1);
	}
	free(num);
	*out = n * scale;
	return (0);
}

static int
conf_check_field(const char *name, char **cause)
{
	if (!event_field_name_ok(name)) {
		*cause = xasprintf("'%s' is not a valid field name "
		    "([a-z][a-z0-9_]*)", name);
		return (-1);
	}
	return (0);
}

static int
conf_set_sort(struct sort_list *sl, const char *value, char **cause)
{
	struct strv	 items = STRV_INITIALIZER;
	struct sort_list new = { NULL, 0 };
	size_t		 i;
	const char	*f;

	if (conf_split(value, &items, cause) == -1)
		goto fail;
	new.v = xcalloc(items.n, sizeof *new.v);
	for (i = 0; i < items.n; i++) {
		f = items.v[i];
		new.v[i].descending = (*f == '-');
		f += new.v[i].descending;
		if (conf_check_field(f, cause) == -1)
			goto fail;
		new.v[i].field = xstrdup(f);
		new.n = i + 1;
	}
	strv_free(&items);
	for (i = 0; i < sl->n; i++)
		free(sl->v[i].field);
	free(sl->v);
	*sl = new;
	return (0);
fail:
	strv_free(&items);
	for (i = 0; i < new.n; i++)
		free(new.v[i].field);
	free(new.v);
	return (-1);
}

static int
conf_set_fields(struct strv *sv, const char *value, char **cause)
{
	struct strv	items = STRV_INITIALIZER;
	size_t		i;

	if (conf_split(value, &items, cause) == -1)
		goto fail;
	for (i = 0; i < items.n; i++) {
		if (conf_check_field(items.v[i], cause) == -1)
			goto fail;
		if (event_field_index(items.v[i]) != -1) {
			*cause = xasprintf("'%s' is a standard field, not an "
			    "extra one", items.v[i]);
			goto fail;
		}
		/* The keys of an event's lists in JSON (export.h). */
		if (strcmp(items.v[i], "participant_names") == 0 ||
		    strcmp(items.v[i], "articles") == 0) {
			*cause = xasprintf("'%s' is reserved for the list an "
			    "event's JSON export carries", items.v[i]);
			goto fail;
		}
	}
	strv_free(sv);
	*sv = items;
	return (0);
fail:
	strv_free(&items);
	return (-1);
}

static char *
conf_resolve_path(const char *value, const char *confdir)
{
	if (value[0] == '/' || strncmp(value, "$CREDENTIALS_DIRECTORY/",
	    strlen("$CREDENTIALS_DIRECTORY/")) == 0)
		return (xstrdup(value));
	return (xasprintf("%s/%s", confdir, value));
}

/* Parse the string-valued types into a new string. */
static int
conf_parse_string(const struct conf_key *k, const char *value,
    const char *confdir, char **out, char **cause)
{
	switch (k->type) {
	case CT_URL:
		if (conf_check_url(value, cause) == -1)
			return (-1);
		break;
	case CT_TITLE:
		if (conf_check_title(value, cause) == -1)
			return (-1);
		break;
	case CT_NAME:
		if (conf_check_name(value, cause) == -1)
			return (-1);
		break;
	case CT_FIELD:
		if (conf_check_field(value, cause) == -1)
			return (-1);
		break;
	case CT_CONTACT:
		if (strchr(value, '@') == NULL &&
		    strstr(value, "://") == NULL) {
			*cause = xasprintf("'%s' is neither a URL nor an "
			    "e-mail address", value);
			return (-1);
		}
		break;
	case CT_USERNAME:
		if (strchr(value, '@') == NULL) {
			*cause = xasprintf("'%s' is not a BotPassword login "
			    "name (User@appid); create one at "
			    "Special:BotPasswords", value);
			return (-1);
		}
		break;
	case CT_PATH:
		*out = conf_resolve_path(value, confdir);
		return (0);
	default:
		break;
	}
	*out = xstrdup(value);
	return (0);
}

/* "'x' is not one of: a, b, c" */
static char *
conf_words_error(const char *value, const char *const *words)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_UNLIMITED);
	buf_printf(&b, "'%s' is not one of: ", value);
	for (i = 0; words[i] != NULL; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", words[i]);
	return (buf_detach(&b));
}

int
conf_key_set(const struct conf_key *k, void *base, const char *raw,
    const char *confdir, char **cause)
{
	void		 *p = (char *)base + k->offset;
	struct where_list *wl;
	struct where	 *w;
	char		 *value, *why, *s;
	const char	 *v;
	long		  n;
	int		  i, rv = -1;

	if (text_normalize(raw, strlen(raw), 0, &value, &why) == -1) {
		*cause = xasprintf("%s", why);
		free(why);
		return (-1);
	}
	v = value;
	if (*v == '\0') {
		*cause = xstrdup("empty value; remove the line to use the "
		    "default");
		goto out;
	}
	switch (k->type) {
	case CT_INT:
	case CT_PERCENT:
		if (k->type == CT_PERCENT && v[strlen(v) - 1] == '%')
			value[strlen(v) - 1] = '\0';
		if (conf_parse_int(v, k->type == CT_PERCENT ? 0 : k->min,
		    k->type == CT_PERCENT ? 100 : k->max, &n, cause) == -1)
			goto out;
		*(long *)p = n;
		break;
	case CT_BOOL:
		for (i = 0; bool_words[i] != NULL; i++)
			if (strcasecmp(v, bool_words[i]) == 0)
				break;
		if (bool_words[i] == NULL) {
			*cause = xasprintf("'%s' is not yes or no", v);
			goto out;
		}
		*(int *)p = (i % 2 == 0);
		break;
	case CT_ENUM:
		for (i = 0; k->words[i] != NULL; i++)
			if (strcmp(v, k->words[i]) == 0)
				break;
		if (k->words[i] == NULL) {
			*cause = conf_words_error(v, k->words);
			goto out;
		}
		*(int *)p = i;
		break;
	case CT_WHERE:
		if ((w = where_parse(v, cause)) == NULL)
			goto out;
		wl = p;
		wl->v = xreallocarray(wl->v, wl->n + 1, sizeof *wl->v);
		wl->v[wl->n++] = w;
		break;
	case CT_SORT:
		if (conf_set_sort(p, v, cause) == -1)
			goto out;
		break;
	case CT_FIELDS:
		if (conf_set_fields(p, v, cause) == -1)
			goto out;
		break;
	case CT_NAMES:
		if (conf_set_names(p, v, cause) == -1)
			goto out;
		break;
	case CT_NAMESPACES:
		if (conf_parse_namespaces(v, &s, cause) == -1)
			goto out;
		free(*(char **)p);
		*(char **)p = s;
		break;
	case CT_DURATION:
		if (conf_parse_duration(v, &n, cause) == -1)
			goto out;
		*(long *)p = n;
		break;
	default:
		if (conf_parse_string(k, v, confdir, &s, cause) == -1)
			goto out;
		free(*(char **)p);
		*(char **)p = s;
		break;
	}
	rv = 0;
out:
	free(value);
	return (rv);
}

void
conf_key_free(const struct conf_key *k, void *base)
{
	void			*p = (char *)base + k->offset;
	struct where_list	*wl;
	struct sort_list	*sl;
	size_t			 i;

	if (k->flags & CK_PATTERN)
		return;
	switch (k->type) {
	case CT_INT:
	case CT_PERCENT:
	case CT_BOOL:
	case CT_ENUM:
	case CT_DURATION:
		break;
	case CT_WHERE:
		wl = p;
		for (i = 0; i < wl->n; i++)
			where_free(wl->v[i]);
		free(wl->v);
		wl->v = NULL;
		wl->n = 0;
		break;
	case CT_SORT:
		sl = p;
		for (i = 0; i < sl->n; i++)
			free(sl->v[i].field);
		free(sl->v);
		sl->v = NULL;
		sl->n = 0;
		break;
	case CT_FIELDS:
	case CT_NAMES:
		strv_free(p);
		break;
	default:
		free(*(char **)p);
		*(char **)p = NULL;
		break;
	}
}

void
conf_key_defaults(enum conf_section s, void *base)
{
	size_t	 i;
	char	*cause;

	for (i = 0; i < conf_nkeys; i++) {
		if (conf_keys[i].section != s || conf_keys[i].def == NULL)
			continue;
		/* A default that does not parse is a bug in the table. */
		if (conf_key_set(&conf_keys[i], base, conf_keys[i].def, "/",
		    &cause) == -1)
			abort();
	}
}

static const char *const type_names[] = {
	"string", "path", "url", "title", "name", "field", "fields",
	"integer", "percentage", "boolean", "keyword", "filter", "fields",
	"contact", "login name", "names", "namespaces", "duration"
};

void
conf_print_keys(FILE *f)
{
	const struct conf_key	*k;
	size_t			 i, w;
	const char		*sec;

	for (i = 0; i < conf_nkeys; i++) {
		k = &conf_keys[i];
		switch (k->section) {
		case SEC_WIKI:
			sec = "[wiki NAME]";
			break;
		case SEC_TABLE:
			sec = "[table NAME]";
			break;
		case SEC_INTAKE:
			sec = "[intake NAME]";
			break;
		case SEC_STATS:
			sec = "[stats NAME]";
			break;
		default:
			sec = k->section == SEC_REGISTRY ? "[registry]" :
			    "[daemon]";
			break;
		}
		fprintf(f, "%s %s\n", sec, k->name);
		fprintf(f, "\ttype: %s", type_names[k->type]);
		if (k->type == CT_INT)
			fprintf(f, " %ld..%ld", k->min, k->max);
		else if (k->type == CT_PERCENT)
			fprintf(f, " 0%%..100%%");
		else if (k->type == CT_ENUM)
			for (w = 0; k->words[w] != NULL; w++)
				fprintf(f, "%s%s", w ? "|" : " ", k->words[w]);
		fprintf(f, "%s%s\n", k->flags & CK_REQUIRED ? ", required" : "",
		    k->flags & CK_MULTI ? ", may repeat" : "");
		if (!(k->flags & CK_REQUIRED))
			fprintf(f, "\tdefault: %s\n",
			    k->def != NULL ? k->def : k->def_doc);
		fprintf(f, "\t%s\n", k->help);
	}
}
