/*
 * The configuration: one INI file read with inih (see wikisync.ini(5)).
 *
 * Every key is declared once, in the table in conf-keys.c (section, type,
 * default, range, help); that table drives parsing, range checks, defaults,
 * "did you mean" for unknown keys and "check --keys".  Loading collects
 * every error, each naming file:line, instead of stopping at the first.
 *
 * The header is conf.h, not config.h, which autoconf owns.
 */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>
#include <stdio.h>

#include "strv.h"

struct where;

struct sort_key {
	char	*field;
	int	 descending;
};

struct where_list {
	struct where	**v;
	size_t		  n;
};

struct sort_list {
	struct sort_key	*v;
	size_t		 n;
};

struct conf_wiki {
	char		*name;		/* "" for the plain [wiki] */
	int		 line;		/* of the section header */
	char		*api;
	char		*username;
	char		*password_file;
	char		*oauth2_token_file;
	char		*contact;
	long		 maxlag;
	long		 edit_interval;
	long		 timeout;
};

enum on_manual_edit { MANUAL_KEEP, MANUAL_OVERWRITE };

struct conf_table {
	char		*name;		/* the marker name */
	int		 line;
	char		*wiki;		/* "" for the plain [wiki] */
	char		*page;
	char		*template;	/* absolute or relative to cwd */
	struct where_list where;
	struct sort_list sort;
	char		*group;		/* "" for none */
	char		*summary;
	int		 on_manual_edit;
	long		 max_shrink;	/* percent */
	int		 create;
};

enum on_removed { REMOVED_KEEP, REMOVED_CANCEL };

/* map.PARAM = FIELD: a template parameter read into another field. */
struct conf_map {
	char		*param;
	char		*field;
	int		 line;
};

struct conf_intake {
	char		*name;		/* also the report region's marker */
	int		 line;
	char		*wiki;
	char		*page;
	char		*template;	/* an on-wiki template name */
	char		*campaign;
	char		*summary;	/* of the edit writing ids back */
	int		 on_removed;
	int		 report;	/* write the problems on the page */
	long		 max_calls;	/* more: the page is not read */
	struct conf_map	*map;
	size_t		 nmap;
};

/* [stats NAME]: whose contributions count, where and when. */
struct conf_stats {
	char			*name;
	int			 line;
	char			*campaign;	/* NULL: none */
	struct where_list	 where;		/* campaign's filter first */
	struct strv		 wikis;		/* section names ("" [wiki]) */
	char			*namespaces;	/* "0|4" */
	long			 grace;		/* seconds */
	char			*participants_section;
	char			*page_wiki;	/* "" for [wiki] */
	long			 refresh_days;
};

struct config {
	char			*path;
	char			*database;
	struct strv		 extra_fields;
	long			 interval;
	long			 stats_interval;
	struct conf_wiki	*wikis;
	size_t			 nwikis;
	struct conf_table	*tables;
	size_t			 ntables;
	struct conf_intake	*intakes;
	size_t			 nintakes;
	struct conf_stats	*stats;
	size_t			 nstats;
};

/*
 * Read and validate the file at path.  Each error ("wikisync.ini:12: ...")
 * is appended to errors.  Returns NULL if the file cannot be read, else
 * the config as far as it could be parsed: callers must not use it when
 * errors grew, except to check more of it (as "check" does).  A file
 * writable by others is an error (whoever can write it can point the
 * bot's password at another server).  Files the config names are not
 * opened here (see conf_check_files).
 */
struct config	*conf_load(const char *path, struct strv *errors);
void		 conf_free(struct config *);

/*
 * Offline checks of the files the config names: template files readable
 * and valid UTF-8, password and token files safe (see secret.h).  Appends
 * errors; returns their number.
 */
int		 conf_check_files(const struct config *, struct strv *errors);

/* The [wiki NAME] section ("" for [wiki]), or NULL. */
const struct conf_wiki *conf_wiki(const struct config *, const char *name);
/* The [table NAME] section, or NULL. */
const struct conf_table *conf_table(const struct config *, const char *name);
/* The [stats NAME] section, or NULL. */
const struct conf_stats *conf_stats(const struct config *, const char *name);
/*
 * The field an intake reads template parameter param into: its map.PARAM
 * entry, else the field of that name if known; NULL if neither.
 */
const char	*conf_intake_field(const struct config *,
		     const struct conf_intake *, const char *param);
/* Is name a standard event field or a declared extra field? */
int		 conf_field_known(const struct config *, const char *name);
/*
 * The message for a name that is not a known field, newly allocated:
 * "unknown WHAT 'organiser'; did you mean 'organizer'?", or, with nothing
 * close, a reminder that extra fields must be declared.
 */
char		*conf_unknown_field(const struct config *, const char *what,
		     const char *name);

/* Print every key with its type, default and help (check --keys). */
void		 conf_print_keys(FILE *);

/* The default config path: WIKISYNC_CONFIG, else SYSCONFDIR's. */
const char	*conf_default_path(void);

#endif
