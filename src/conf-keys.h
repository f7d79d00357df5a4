/*
 * The declaration of every configuration key, shared by the parser
 * (conf.c) and "check --keys".  Internal to the conf module.
 */
#ifndef CONF_KEYS_H
#define CONF_KEYS_H

#include <stddef.h>

enum conf_section {
	SEC_WIKI, SEC_REGISTRY, SEC_DAEMON, SEC_TABLE, SEC_INTAKE, SEC_STATS
};

enum conf_type {
	CT_STRING,	/* one line of text */
	CT_PATH,	/* a file; relative to the config file's directory */
	CT_URL,		/* https, or http to a loopback host */
	CT_TITLE,	/* a wiki page or template title */
	CT_NAME,	/* the name of another section */
	CT_FIELD,	/* an event field name */
	CT_FIELDS,	/* comma-separated new field names (extra_fields) */
	CT_INT,
	CT_PERCENT,
	CT_BOOL,
	CT_ENUM,
	CT_WHERE,	/* FIELD OP VALUE */
	CT_SORT,	/* comma-separated fields, "-field" descending */
	CT_CONTACT,	/* a URL or an e-mail address */
	CT_USERNAME,	/* a BotPassword login name, User@appid */
	CT_NAMES,	/* comma-separated names of other sections */
	CT_NAMESPACES,	/* comma-separated namespace numbers: "0|4" */
	CT_DURATION,	/* "7d", "12h": seconds */
};

#define CK_REQUIRED	0x1
#define CK_MULTI	0x2	/* may repeat; values accumulate */
#define CK_PATTERN	0x4	/* documents a family (map.PARAM); conf.c
				   parses it, conf_key_find never returns it */

struct conf_key {
	enum conf_section	  section;
	const char		 *name;
	enum conf_type		  type;
	int			  flags;
	const char		 *def;		/* default, as written, or NULL */
	const char		 *def_doc;	/* shown when def is NULL */
	long			  min, max;	/* CT_INT */
	const char *const	 *words;	/* CT_ENUM, NULL-terminated */
	size_t			  offset;	/* in the section's struct */
	const char		 *help;
};

extern const struct conf_key	conf_keys[];
extern const size_t		conf_nkeys;

/* "wiki", "registry", ... */
const char	*conf_section_name(enum conf_section);
/* The key named name in section, or NULL. */
const struct conf_key *conf_key_find(enum conf_section, const char *name);
/*
 * Parse value for key k into the section struct at base (replacing an
 * earlier value, or adding to it for CK_MULTI).  Relative paths are
 * resolved against confdir.  -1 with *cause on a bad value.
 */
int		 conf_key_set(const struct conf_key *k, void *base,
		     const char *value, const char *confdir, char **cause);
/* Free what the key's value holds in base. */
void		 conf_key_free(const struct conf_key *k, void *base);
/* Apply the defaults of every key of section to base. */
void		 conf_key_defaults(enum conf_section, void *base);

#endif
