/*
 * A table's region text from the registry: its view (view.h) rendered
 * through its template (template.h) with values escaped for wikitext
 * (wikitext.h).  Shared by "render" and "sync".
 *
 * "generated" is the one value that is not a function of the registry.
 * To keep a table's text unchanged while its events are (no noise edit
 * every pass), the table is first rendered with the "generated" of its
 * last render (from its sync state), then with that of each edit still
 * pending (an edit a crash or a lost answer may have left unrecorded,
 * whose text may be on the wiki); only when no such text comes out the
 * same is it rendered again with the time now.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

#include "md5.h"

struct conf_table;
struct registry;
struct sync_pending;
struct sync_state;
struct view;

/* Most bytes a table may render to; far over any wiki's page limit. */
#define RENDER_MAX	(16 * 1024 * 1024)

struct rendered {
	char	*text;		/* the region's body */
	size_t	 len;
	char	 hash[MD5_HEX_LEN + 1];	/* of text */
	char	*generated;	/* the "generated" it was rendered with */
	char	*events;	/* "ID HASH\n" per event, in order */
	size_t	 count;		/* events in it */
	char	*error;		/* instead of the above when it failed */
	char	*warnings;	/* values shown as text, a line each */
};

/* An earlier rendering: the "generated" it was made with, its hash. */
struct render_prior {
	const char	*generated;
	const char	*hash;
};

/* A table's earlier renderings, to be tried in order. */
struct render_priors {
	struct render_prior	*v;
	size_t			 n;
};

/*
 * Table t's earlier renderings: its sync state's (st, may be NULL), then
 * its pending writes' among v (n of them), newest first.  out->v is
 * allocated (render_priors_free); its strings are st's and v's.
 */
void	render_priors(const struct conf_table *t, const struct sync_state *st,
	    const struct sync_pending *v, size_t n, struct render_priors *out);
void	render_priors_free(struct render_priors *);

/*
 * Load a table's template and decide its values' contexts (a link
 * target or text); NULL with *cause ("FILE:LINE: ...") on error.
 */
struct template	*render_template(const char *path, char **cause);

/*
 * Render n tables from one read of the registry.  prior[i] (prior may
 * be NULL) are table i's earlier renderings: the first whose
 * "generated" gives the same text again is kept; now is "generated" for
 * a changed table (NULL: the time now).  out[i] gets table i's text, or
 * its error ("FILE:LINE: ..." for a template error) in out[i].error: one
 * bad table does not stop the others.  A value that cannot be the link
 * target its template puts it in is shown as text, and out[i].warnings
 * says so, naming the table, the event and the template line.  Returns -1 with *cause only when
 * the registry cannot be read.
 */
int	render_tables(struct registry *, const struct conf_table *const *t,
	    size_t n, const struct render_priors *prior, const char *now,
	    struct rendered *out, char **cause);
void	rendered_free(struct rendered *);

#endif
