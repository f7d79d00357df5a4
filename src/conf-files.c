/*
 * Offline checks of the files a config names (wikisync check).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "conf.h"
#include "log.h"
#include "render.h"
#include "secret.h"
#include "template.h"
#include "xmalloc.h"

#define TEMPLATE_MAX	(1024 * 1024)

/* The template's Mustache syntax, its partials included. */
static void
conf_check_syntax(const char *label, const char *path, struct strv *errors)
{
	struct template	*tp;
	char		*cause = NULL;

	if ((tp = render_template(path, &cause)) == NULL) {
		strv_pushf(errors, "%s (template of %s)", cause, label);
		free(cause);
	}
	template_free(tp);
}

/* A template file must exist, be readable, be small and valid UTF-8. */
static void
conf_check_template(const char *label, const char *path, struct strv *errors)
{
	struct buf		 b;
	const char		*data;
	size_t			 len, off, line = 1;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 n;

	buf_init(&b, TEMPLATE_MAX);
	if (buf_read_file(&b, path) != 0) {
		if (errno == EFBIG)
			strv_pushf(errors, "%s: template of %s is larger "
			    "than %d bytes", path, label, TEMPLATE_MAX);
		else
			strv_pushf(errors, "%s: template of %s: %s", path,
			    label, strerror(errno));
	} else {
		data = buf_str(&b);
		len = b.len;
		for (off = 0; off < len; off += n) {
			n = utf8proc_iterate((const utf8proc_uint8_t *)data +
			    off, len - off, &cp);
			if (n < 0 || cp == 0) {
				strv_pushf(errors, "%s:%zu: template of %s: "
				    "invalid UTF-8", path, line, label);
				break;
			}
			if (cp == '\n')
				line++;
		}
		if (off >= len)
			conf_check_syntax(label, path, errors);
	}
	buf_free(&b);
}

/*
 * A template that iterates groups, used by a table without group =, gets
 * no groups: it renders an empty table and nothing says why.  Warn (the
 * table may share a template with grouped ones).  A template that also
 * asks <%^groups%> is written for both kinds of table: no warning.  In
 * a grouped table the top-level events list holds every event, so no
 * use of it there is without rows.
 */
static void
conf_check_groups(const struct conf_table *t)
{
	struct template	*tp;
	char		*cause = NULL;
	unsigned int	 line;

	if (*t->group != '\0' || (tp = template_load(t->template,
	    &cause)) == NULL) {
		free(cause);	/* a template error is reported already */
		return;
	}
	if ((line = template_use_line(tp, "groups", 0)) != 0 &&
	    template_use_line(tp, "groups", 1) == 0)
		log_warnx("%s:%u: [table %s] has no group, so 'groups' in its "
		    "template is empty and shows no event: set group = FIELD "
		    "in [table %s], or list events without groups", t->template,
		    line, t->name, t->name);
	template_free(tp);
}

static void
conf_check_secret(const char *label, const char *key, const char *value,
    struct strv *errors)
{
	char	*path, *cause;

	if (value == NULL)
		return;
	if ((path = secret_path(value, &cause)) == NULL) {
		/* Only under systemd can a credential be checked. */
		log_warnx("%s %s: not checked: %s", label, key, cause);
		free(cause);
		return;
	}
	if (secret_check(path, &cause) == -1) {
		strv_pushf(errors, "%s %s: %s", label, key, cause);
		free(cause);
	}
	free(path);
}

int
conf_check_files(const struct config *cf, struct strv *errors)
{
	size_t	 i, before = errors->n;
	char	*label;

	for (i = 0; i < cf->nwikis; i++) {
		label = *cf->wikis[i].name != '\0' ?
		    xasprintf("[wiki %s]", cf->wikis[i].name) :
		    xstrdup("[wiki]");
		conf_check_secret(label, "password_file",
		    cf->wikis[i].password_file, errors);
		conf_check_secret(label, "oauth2_token_file",
		    cf->wikis[i].oauth2_token_file, errors);
		free(label);
	}
	for (i = 0; i < cf->ntables; i++) {
		if (cf->tables[i].template == NULL)
			continue;
		label = xasprintf("[table %s]", cf->tables[i].name);
		conf_check_template(label, cf->tables[i].template, errors);
		conf_check_groups(&cf->tables[i]);
		free(label);
	}
	return ((int)(errors->n - before));
}
