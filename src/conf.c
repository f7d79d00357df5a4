/*
 * Loading the INI configuration.
 *
 * Debian's inih (r55) gives the handler no line number, cuts lines at 200
 * bytes and parses the tail as a new line (so a long value could smuggle in
 * another key), and treats indented lines as continuations.  We therefore
 * feed it through our own reader: it counts lines, refuses over-long ones,
 * strips indentation, handles [section] lines itself, and reports lines
 * that are not "key = value", so every error names file:line and inih only
 * ever sees comments, blank lines and key = value pairs.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "conf-keys.h"
#include "conf.h"
#include "event.h"
#include "log.h"
#include "region.h"
#include "suggest.h"
#include "sync.h"
#include "text.h"
#include "where.h"
#include "xmalloc.h"

#ifndef WS_SYSCONFDIR
#define WS_SYSCONFDIR "/etc/wikisync"
#endif

/* A key set in the file: which section instance, which key, where. */
struct conf_seen {
	enum conf_section	 sec;
	size_t			 idx;
	const struct conf_key	*key;
	int			 line;
};

struct conf_parse {
	const char		*path;
	char			*dir;
	FILE			*f;
	char			*line;
	size_t			 linesz;
	int			 lineno;
	int			 maxline;	/* inih's buffer, from the reader */
	struct config		*cf;
	struct strv		*errors;

	int			 in_section;	/* in a valid section */
	int			 bad_section;	/* in one reported as bad */
	enum conf_section	 sec;
	size_t			 idx;		/* instance of sec */
	char			*label;		/* "[table x]" */

	struct conf_seen	*seen;
	size_t			 nseen;
	/* Section headers met, to refuse duplicates: label and line. */
	struct strv		 sections;
	int			*section_lines;
};

static void
conf_error(struct conf_parse *cp, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
conf_error(struct conf_parse *cp, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	strv_pushf(cp->errors, "%s:%d: %s", cp->path, line, msg);
	free(msg);
}

/* The struct that holds the keys of the current section instance. */
static void *
conf_base(struct conf_parse *cp, enum conf_section sec, size_t idx)
{
	switch (sec) {
	case SEC_WIKI:
		return (&cp->cf->wikis[idx]);
	case SEC_TABLE:
		return (&cp->cf->tables[idx]);
	case SEC_INTAKE:
		return (&cp->cf->intakes[idx]);
	case SEC_STATS:
		return (&cp->cf->stats[idx]);
	default:
		return (cp->cf);
	}
}

/* Add a new instance of a named section; returns its index. */
static size_t
conf_add_instance(struct conf_parse *cp, enum conf_section sec,
    const char *name, int line)
{
	struct config	*cf = cp->cf;
	size_t		 idx;

	switch (sec) {
	case SEC_WIKI:
		idx = cf->nwikis++;
		cf->wikis = xreallocarray(cf->wikis, cf->nwikis,
		    sizeof *cf->wikis);
		memset(&cf->wikis[idx], 0, sizeof cf->wikis[idx]);
		cf->wikis[idx].name = xstrdup(name);
		cf->wikis[idx].line = line;
		break;
	case SEC_TABLE:
		idx = cf->ntables++;
		cf->tables = xreallocarray(cf->tables, cf->ntables,
		    sizeof *cf->tables);
		memset(&cf->tables[idx], 0, sizeof cf->tables[idx]);
		cf->tables[idx].name = xstrdup(name);
		cf->tables[idx].line = line;
		break;
	case SEC_INTAKE:
		idx = cf->nintakes++;
		cf->intakes = xreallocarray(cf->intakes, cf->nintakes,
		    sizeof *cf->intakes);
		memset(&cf->intakes[idx], 0, sizeof cf->intakes[idx]);
		cf->intakes[idx].name = xstrdup(name);
		cf->intakes[idx].line = line;
		break;
	case SEC_STATS:
		idx = cf->nstats++;
		cf->stats = xreallocarray(cf->stats, cf->nstats,
		    sizeof *cf->stats);
		memset(&cf->stats[idx], 0, sizeof cf->stats[idx]);
		cf->stats[idx].name = xstrdup(name);
		cf->stats[idx].line = line;
		break;
	default:
		return (0);
	}
	conf_key_defaults(sec, conf_base(cp, sec, idx));
	return (idx);
}

static const char *const section_words[] = {
	"wiki", "registry", "daemon", "table", "intake", "stats", NULL
};

/* A section name refused, with the one it would be accepted as. */
static void
conf_bad_name(struct conf_parse *cp, const char *word, const char *name)
{
	char	*try;

	try = event_id_suggest(name, REGION_NAME_MAX);
	conf_error(cp, cp->lineno, "'%s' is not a valid section name "
	    "(lower-case letters, digits, '.', '_', '-')%s%s%s%s%s", name,
	    try != NULL ? "; try [" : "", try != NULL ? word : "",
	    try != NULL ? " " : "", try != NULL ? try : "",
	    try != NULL ? "]" : "");
	free(try);
}

/* Handle a "[...]" line (s points at the '['). */
static void
conf_section(struct conf_parse *cp, char *s)
{
	char		*end, *name, *label, *sp;
	const char	*hint;
	int		 i;
	size_t		 j;

	cp->in_section = 0;
	cp->bad_section = 1;
	free(cp->label);
	cp->label = NULL;
	if ((end = strchr(s, ']')) == NULL) {
		conf_error(cp, cp->lineno, "missing ']' in section header");
		return;
	}
	sp = end + 1 + strspn(end + 1, " \t");
	if (*sp != '\0' && *sp != ';' && *sp != '#') {
		conf_error(cp, cp->lineno, "text after section header");
		return;
	}
	*end = '\0';
	s++;
	s += strspn(s, " \t");
	name = NULL;
	if ((sp = strpbrk(s, " \t")) != NULL) {
		*sp++ = '\0';
		name = sp + strspn(sp, " \t");
		while (*name != '\0' && strchr(" \t", name[strlen(name) - 1]))
			name[strlen(name) - 1] = '\0';
		if (*name == '\0')
			name = NULL;
	}
	for (i = 0; section_words[i] != NULL; i++)
		if (strcmp(s, section_words[i]) == 0)
			break;
	if (section_words[i] == NULL) {
		hint = suggest(s, section_words);
		conf_error(cp, cp->lineno, "unknown section [%s]%s%s%s", s,
		    hint != NULL ? "; did you mean [" : "",
		    hint != NULL ? hint : "", hint != NULL ? "]?" : "");
		return;
	}
	cp->sec = (enum conf_section)i;
	if ((cp->sec == SEC_TABLE || cp->sec == SEC_INTAKE ||
	    cp->sec == SEC_STATS) && name == NULL) {
		conf_error(cp, cp->lineno, "[%s] needs a name: [%s NAME]", s, s);
		return;
	}
	if ((cp->sec == SEC_REGISTRY || cp->sec == SEC_DAEMON) &&
	    name != NULL) {
		conf_error(cp, cp->lineno, "[%s] takes no name", s);
		return;
	}
	if (name != NULL && (strchr("._-", *name) != NULL ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
	    strlen(name) || strlen(name) > REGION_NAME_MAX)) {
		conf_bad_name(cp, s, name);
		return;
	}
	label = name != NULL ? xasprintf("[%s %s]", s, name) :
	    xasprintf("[%s]", s);
	for (j = 0; j < cp->sections.n; j++) {
		if (strcmp(cp->sections.v[j], label) == 0) {
			conf_error(cp, cp->lineno, "duplicate section %s, "
			    "first at line %d", label, cp->section_lines[j]);
			free(label);
			return;
		}
	}
	cp->section_lines = xreallocarray(cp->section_lines,
	    cp->sections.n + 1, sizeof *cp->section_lines);
	cp->section_lines[cp->sections.n] = cp->lineno;
	strv_push(&cp->sections, xstrdup(label));
	cp->label = label;
	cp->idx = conf_add_instance(cp, cp->sec, name != NULL ? name : "",
	    cp->lineno);
	cp->in_section = 1;
	cp->bad_section = 0;
}

/*
 * inih's reader: return one line at a time, or NULL at the end.  Lines
 * inih must not see (sections, bad lines, too long) become empty lines,
 * so its line count stays ours.
 */
static char *
conf_reader(char *str, int num, void *stream)
{
	struct conf_parse	*cp = stream;
	ssize_t			 n;
	char			*s;

	cp->maxline = num;
	errno = 0;
	if ((n = getline(&cp->line, &cp->linesz, cp->f)) == -1) {
		if (errno != 0 && ferror(cp->f))
			conf_error(cp, cp->lineno + 1, "read error: %s",
			    strerror(errno));
		return (NULL);
	}
	cp->lineno++;
	str[0] = '\0';
	if (memchr(cp->line, '\0', n) != NULL) {
		conf_error(cp, cp->lineno, "NUL byte in line");
		return (str);
	}
	while (n > 0 && (cp->line[n - 1] == '\n' || cp->line[n - 1] == '\r'))
		cp->line[--n] = '\0';
	/* inih needs room for the line, "\r\n" and the NUL. */
	if (n > num - 3) {
		conf_error(cp, cp->lineno, "line is %zd bytes long, longer "
		    "than the limit of %d", n, num - 3);
		return (str);
	}
	s = cp->line + strspn(cp->line, " \t");
	if (*s == '\0' || *s == ';' || *s == '#')
		return (str);
	if (*s == '[') {
		conf_section(cp, s);
		return (str);
	}
	if (strpbrk(s, "=:") == NULL) {
		conf_error(cp, cp->lineno, "expected 'key = value' or "
		    "'[section]'");
		return (str);
	}
	/* Indentation stripped: inih would take it for a continuation. */
	memcpy(str, s, strlen(s));
	memcpy(str + strlen(s), "\n", 2);
	return (str);
}

static const char *
conf_key_suggest(enum conf_section sec, const char *name)
{
	const char	*cands[64];
	size_t		 i, n = 0;

	for (i = 0; i < conf_nkeys && n < 63; i++)
		if (conf_keys[i].section == sec)
			cands[n++] = conf_keys[i].name;
	cands[n] = NULL;
	return (suggest(name, cands));
}

/*
 * map.PARAM = FIELD in an [intake]: PARAM is a template parameter name as
 * organizers write it (any language); FIELD is checked once the whole
 * file, and so extra_fields, is read.
 */
static void
conf_intake_map(struct conf_parse *cp, const char *param, const char *value)
{
	struct conf_intake	*in = &cp->cf->intakes[cp->idx];
	size_t			 i;
	char			*norm, *why;

	if (*param == '\0' || strpbrk(param, "|={}[]<>") != NULL) {
		conf_error(cp, cp->lineno, "%s: 'map.%s' does not name a "
		    "template parameter", cp->label, param);
		return;
	}
	if (text_normalize(param, strlen(param), 0, &norm, &why) != 0) {
		conf_error(cp, cp->lineno, "%s: 'map.%s': %s", cp->label,
		    param, why);
		free(why);
		return;
	}
	for (i = 0; i < in->nmap; i++) {
		if (strcmp(in->map[i].param, norm) == 0) {
			conf_error(cp, cp->lineno, "%s: duplicate key 'map.%s', "
			    "first at line %d", cp->label, norm,
			    in->map[i].line);
			free(norm);
			return;
		}
	}
	in->map = xreallocarray(in->map, in->nmap + 1, sizeof *in->map);
	in->map[in->nmap].param = norm;
	in->map[in->nmap].field = xstrdup(value);
	in->map[in->nmap++].line = cp->lineno;
}

/* inih's handler, called for each key = value right after conf_reader. */
static int
conf_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct conf_parse	*cp = user;
	const struct conf_key	*k;
	const char		*hint;
	char			*cause;
	size_t			 i;

	if (!cp->in_section) {
		/* An error was reported for the section header already. */
		if (!cp->bad_section)
			conf_error(cp, cp->lineno, "'%s' is outside any "
			    "section", name);
		return (1);
	}
	if (cp->sec == SEC_INTAKE && strncmp(name, "map.", 4) == 0) {
		conf_intake_map(cp, name + 4, value);
		return (1);
	}
	if ((k = conf_key_find(cp->sec, name)) == NULL) {
		hint = conf_key_suggest(cp->sec, name);
		conf_error(cp, cp->lineno, "%s: unknown key '%s'%s%s%s",
		    cp->label, name, hint != NULL ? "; did you mean '" : "",
		    hint != NULL ? hint : "", hint != NULL ? "'?" : "");
		return (1);
	}
	if (!(k->flags & CK_MULTI)) {
		for (i = 0; i < cp->nseen; i++) {
			if (cp->seen[i].sec == cp->sec &&
			    cp->seen[i].idx == cp->idx && cp->seen[i].key == k) {
				conf_error(cp, cp->lineno, "%s: duplicate key "
				    "'%s', first at line %d", cp->label, name,
				    cp->seen[i].line);
				return (1);
			}
		}
	}
	cp->seen = xreallocarray(cp->seen, cp->nseen + 1, sizeof *cp->seen);
	cp->seen[cp->nseen++] = (struct conf_seen){ cp->sec, cp->idx, k,
	    cp->lineno };
	if (conf_key_set(k, conf_base(cp, cp->sec, cp->idx), value, cp->dir,
	    &cause) == -1) {
		conf_error(cp, cp->lineno, "%s %s: %s", cp->label, name, cause);
		free(cause);
	}
	(void)section;
	return (1);
}

/* The line a key was set at, or 0. */
static int
conf_seen_line(struct conf_parse *cp, enum conf_section sec, size_t idx,
    const char *name)
{
	size_t	i;

	for (i = 0; i < cp->nseen; i++)
		if (cp->seen[i].sec == sec && cp->seen[i].idx == idx &&
		    strcmp(cp->seen[i].key->name, name) == 0)
			return (cp->seen[i].line);
	return (0);
}

static void
conf_check_required(struct conf_parse *cp, enum conf_section sec,
    size_t idx, const char *label, int line)
{
	size_t	i;

	for (i = 0; i < conf_nkeys; i++)
		if (conf_keys[i].section == sec &&
		    (conf_keys[i].flags & CK_REQUIRED) &&
		    conf_seen_line(cp, sec, idx, conf_keys[i].name) == 0)
			conf_error(cp, line, "%s: missing required key '%s'",
			    label, conf_keys[i].name);
}

static void
conf_check_wikiref(struct conf_parse *cp, const char *label, int line,
    const char *wiki, int keyline)
{
	const char	*name = wiki != NULL ? wiki : "";

	if (conf_wiki(cp->cf, name) != NULL)
		return;
	if (*name == '\0')
		conf_error(cp, line, "%s: there is no [wiki] section; add one "
		    "or name another with 'wiki ='", label);
	else
		conf_error(cp, keyline, "%s: there is no [wiki %s] section",
		    label, name);
}

static void
conf_check_fieldref(struct conf_parse *cp, const char *label, int line,
    const char *key, const char *field)
{
	char	*msg;

	if (conf_field_known(cp->cf, field))
		return;
	msg = conf_unknown_field(cp->cf, "field", field);
	conf_error(cp, line, "%s %s: %s", label, key, msg);
	free(msg);
}

/*
 * A wiki's login: a BotPassword (username and password_file) or an OAuth 2
 * token, never both.  Each message says what is actually missing: after a
 * typo such as "pasword_file" the username is there, the file is not.
 */
static void
conf_check_login(struct conf_parse *cp, size_t i, const char *label,
    int line)
{
	int	lp, lt, lu;

	lp = conf_seen_line(cp, SEC_WIKI, i, "password_file");
	lt = conf_seen_line(cp, SEC_WIKI, i, "oauth2_token_file");
	lu = conf_seen_line(cp, SEC_WIKI, i, "username");
	if (lp != 0 && lt != 0)
		conf_error(cp, lt > lp ? lt : lp, "%s: give either "
		    "password_file or oauth2_token_file, not both", label);
	else if (lp == 0 && lt == 0 && lu != 0)
		conf_error(cp, lu, "%s: username is set, but password_file "
		    "is missing", label);
	else if (lp == 0 && lt == 0)
		conf_error(cp, line, "%s: missing a login: username and "
		    "password_file, or oauth2_token_file", label);
	else if (lp != 0 && lu == 0)
		conf_error(cp, lp, "%s: password_file needs a username",
		    label);
	else if (lt != 0 && lu != 0)
		conf_error(cp, lu, "%s: username is for password_file; an "
		    "OAuth 2 token names its own user", label);
}

static void
conf_check_wikis(struct conf_parse *cp)
{
	struct conf_wiki	*w;
	size_t			 i;
	char			*label;

	for (i = 0; i < cp->cf->nwikis; i++) {
		w = &cp->cf->wikis[i];
		label = *w->name != '\0' ? xasprintf("[wiki %s]", w->name) :
		    xstrdup("[wiki]");
		conf_check_required(cp, SEC_WIKI, i, label, w->line);
		conf_check_login(cp, i, label, w->line);
		free(label);
	}
}

static void
conf_check_tables(struct conf_parse *cp)
{
	struct conf_table	*t;
	size_t			 i, j;
	char			*label;

	for (i = 0; i < cp->cf->ntables; i++) {
		t = &cp->cf->tables[i];
		label = xasprintf("[table %s]", t->name);
		conf_check_required(cp, SEC_TABLE, i, label, t->line);
		conf_check_wikiref(cp, label, t->line, t->wiki,
		    conf_seen_line(cp, SEC_TABLE, i, "wiki"));
		for (j = 0; j < t->where.n; j++)
			conf_check_fieldref(cp, label, conf_seen_line(cp,
			    SEC_TABLE, i, "where"), "where",
			    t->where.v[j]->field);
		for (j = 0; j < t->sort.n; j++)
			conf_check_fieldref(cp, label, conf_seen_line(cp,
			    SEC_TABLE, i, "sort"), "sort", t->sort.v[j].field);
		if (t->group != NULL)
			conf_check_fieldref(cp, label, conf_seen_line(cp,
			    SEC_TABLE, i, "group"), "group", t->group);
		if (t->summary == NULL)
			t->summary = xasprintf("Updating event table %s",
			    t->name);
		if (t->wiki == NULL)
			t->wiki = xstrdup("");
		if (t->group == NULL)
			t->group = xstrdup("");
		free(label);
	}
}

static void
conf_check_intakes(struct conf_parse *cp)
{
	struct conf_intake	*in;
	size_t			 i, j;
	char			*label, *key;

	for (i = 0; i < cp->cf->nintakes; i++) {
		in = &cp->cf->intakes[i];
		label = xasprintf("[intake %s]", in->name);
		conf_check_required(cp, SEC_INTAKE, i, label, in->line);
		conf_check_wikiref(cp, label, in->line, in->wiki,
		    conf_seen_line(cp, SEC_INTAKE, i, "wiki"));
		if (in->wiki == NULL)
			in->wiki = xstrdup("");
		if (in->summary == NULL)
			in->summary = xstrdup("Adding ids to new sign-ups");
		for (j = 0; j < in->nmap; j++) {
			key = xasprintf("map.%s", in->map[j].param);
			conf_check_fieldref(cp, label, in->map[j].line, key,
			    in->map[j].field);
			free(key);
		}
		/* A missing page is reported above: nothing to compare. */
		for (j = 0; j < i && in->page != NULL; j++) {
			if (cp->cf->intakes[j].page != NULL &&
			    strcmp(cp->cf->intakes[j].wiki, in->wiki) == 0 &&
			    sync_same_title(cp->cf->intakes[j].page, in->page))
				conf_error(cp, in->line, "%s: page '%s' is "
				    "read by [intake %s] already", label,
				    in->page, cp->cf->intakes[j].name);
		}
		free(label);
	}
}

/*
 * A [stats] section counts the events its campaign and where lines
 * select (at least one of them: a whole registry is rarely meant), on
 * wikis that exist ("wiki" names the plain [wiki]).
 */
static void
conf_check_stats(struct conf_parse *cp)
{
	struct conf_stats	*st;
	struct where		*w;
	size_t			 i, j;
	char			*label, *expr, *why;
	int			 lw;

	for (i = 0; i < cp->cf->nstats; i++) {
		st = &cp->cf->stats[i];
		label = xasprintf("[stats %s]", st->name);
		if (st->campaign == NULL && st->where.n == 0)
			conf_error(cp, st->line, "%s: say which events count: "
			    "'campaign = NAME' or 'where = FIELD OP VALUE'",
			    label);
		for (j = 0; j < st->where.n; j++)
			conf_check_fieldref(cp, label, conf_seen_line(cp,
			    SEC_STATS, i, "where"), "where",
			    st->where.v[j]->field);
		if (st->campaign != NULL) {
			/* The campaign is one more filter, the first. */
			expr = xasprintf("campaign = %s", st->campaign);
			if ((w = where_parse(expr, &why)) == NULL)
				fatalx("%s: %s", __func__, why);
			free(expr);
			st->where.v = xreallocarray(st->where.v, st->where.n + 1,
			    sizeof *st->where.v);
			memmove(st->where.v + 1, st->where.v, st->where.n *
			    sizeof *st->where.v);
			st->where.v[0] = w;
			st->where.n++;
		}
		if (st->page_wiki == NULL)
			st->page_wiki = xstrdup("");
		conf_check_wikiref(cp, label, st->line, st->page_wiki,
		    conf_seen_line(cp, SEC_STATS, i, "page_wiki"));
		lw = conf_seen_line(cp, SEC_STATS, i, "wikis");
		if (st->wikis.n == 0)
			strv_push(&st->wikis, xstrdup(""));
		for (j = 0; j < st->wikis.n; j++) {
			if (strcmp(st->wikis.v[j], "wiki") == 0) {
				free(st->wikis.v[j]);
				st->wikis.v[j] = xstrdup("");
			}
			conf_check_wikiref(cp, label, st->line, st->wikis.v[j],
			    lw);
		}
		free(label);
	}
}

static char *
conf_dirname(const char *path)
{
	const char	*slash;

	if ((slash = strrchr(path, '/')) == NULL)
		return (xstrdup("."));
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, slash - path));
}

struct config *
conf_load(const char *path, struct strv *errors)
{
	struct conf_parse	 cp;
	struct config		*cf;
	struct stat		 sb;
	size_t			 before = errors->n;
	int			 rv;

	memset(&cp, 0, sizeof cp);
	cp.path = path;
	cp.errors = errors;
	if ((cp.f = fopen(path, "r")) == NULL) {
		strv_pushf(errors, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	cf = xcalloc(1, sizeof *cf);
	cf->path = xstrdup(path);
	conf_key_defaults(SEC_REGISTRY, cf);
	conf_key_defaults(SEC_DAEMON, cf);
	cp.cf = cf;
	cp.dir = conf_dirname(path);

	rv = ini_parse_stream(conf_reader, &cp, conf_handler, &cp);
	if (ferror(cp.f) && errors->n == before)
		strv_pushf(errors, "%s: read error", path);
	else if (rv != 0 && errors->n == before)
		conf_error(&cp, rv > 0 ? rv : cp.lineno, "syntax error");
	/* Whoever may write the config may send the password anywhere. */
	if (fstat(fileno(cp.f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & S_IWOTH) != 0)
		strv_pushf(errors, "'%s' is writable by others (mode %04o); "
		    "fix: chmod o-w '%s'", path, (unsigned)(sb.st_mode & 07777),
		    path);
	fclose(cp.f);

	conf_check_wikis(&cp);
	conf_check_tables(&cp);
	conf_check_intakes(&cp);
	conf_check_stats(&cp);

	free(cp.line);
	free(cp.dir);
	free(cp.label);
	free(cp.seen);
	free(cp.section_lines);
	strv_free(&cp.sections);
	return (cf);
}

/* Free every key of one section instance. */
static void
conf_free_section(enum conf_section sec, void *base)
{
	size_t	i;

	for (i = 0; i < conf_nkeys; i++)
		if (conf_keys[i].section == sec)
			conf_key_free(&conf_keys[i], base);
}

void
conf_free(struct config *cf)
{
	size_t	i, j;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nwikis; i++) {
		conf_free_section(SEC_WIKI, &cf->wikis[i]);
		free(cf->wikis[i].name);
	}
	for (i = 0; i < cf->ntables; i++) {
		conf_free_section(SEC_TABLE, &cf->tables[i]);
		free(cf->tables[i].name);
	}
	for (i = 0; i < cf->nintakes; i++) {
		conf_free_section(SEC_INTAKE, &cf->intakes[i]);
		free(cf->intakes[i].name);
		for (j = 0; j < cf->intakes[i].nmap; j++) {
			free(cf->intakes[i].map[j].param);
			free(cf->intakes[i].map[j].field);
		}
		free(cf->intakes[i].map);
	}
	for (i = 0; i < cf->nstats; i++) {
		conf_free_section(SEC_STATS, &cf->stats[i]);
		free(cf->stats[i].name);
	}
	conf_free_section(SEC_REGISTRY, cf);
	conf_free_section(SEC_DAEMON, cf);
	free(cf->wikis);
	free(cf->tables);
	free(cf->intakes);
	free(cf->stats);
	free(cf->path);
	free(cf);
}

const struct conf_wiki *
conf_wiki(const struct config *cf, const char *name)
{
	size_t	i;

	for (i = 0; i < cf->nwikis; i++)
		if (strcmp(cf->wikis[i].name, name) == 0)
			return (&cf->wikis[i]);
	return (NULL);
}

const struct conf_table *
conf_table(const struct config *cf, const char *name)
{
	size_t	i;

	for (i = 0; i < cf->ntables; i++)
		if (strcmp(cf->tables[i].name, name) == 0)
			return (&cf->tables[i]);
	return (NULL);
}

const struct conf_stats *
conf_stats(const struct config *cf, const char *name)
{
	size_t	i;

	for (i = 0; i < cf->nstats; i++)
		if (strcmp(cf->stats[i].name, name) == 0)
			return (&cf->stats[i]);
	return (NULL);
}

const char *
conf_intake_field(const struct config *cf, const struct conf_intake *in,
    const char *param)
{
	size_t	i;

	for (i = 0; i < in->nmap; i++)
		if (strcmp(in->map[i].param, param) == 0)
			return (in->map[i].field);
	return (conf_field_known(cf, param) ? param : NULL);
}

int
conf_field_known(const struct config *cf, const char *name)
{
	return (event_field_index(name) != -1 ||
	    strv_contains(&cf->extra_fields, name));
}

char *
conf_unknown_field(const struct config *cf, const char *what,
    const char *name)
{
	const char	**cands, *hint;
	size_t		  i, n = 0;
	char		 *msg;

	cands = xcalloc(EVENT_NFIELDS + cf->extra_fields.n + 1,
	    sizeof *cands);
	for (i = 0; i < EVENT_NFIELDS; i++)
		cands[n++] = event_fields[i].name;
	for (i = 0; i < cf->extra_fields.n; i++)
		cands[n++] = cf->extra_fields.v[i];
	hint = suggest(name, cands);
	if (hint != NULL)
		msg = xasprintf("unknown %s '%s'; did you mean '%s'?", what,
		    name, hint);
	else
		msg = xasprintf("unknown %s '%s' (extra fields must be listed "
		    "in [registry] extra_fields)", what, name);
	free(cands);
	return (msg);
}

const char *
conf_default_path(void)
{
	const char	*env;

	if ((env = getenv("WIKISYNC_CONFIG")) != NULL && *env != '\0')
		return (env);
	return (WS_SYSCONFDIR "/wikisync.ini");
}
