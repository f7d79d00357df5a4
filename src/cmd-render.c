/*
 * wikisync render TABLE: the region text a table would get, from the
 * registry alone (no wiki), exactly as sync would write it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "registry.h"
#include "render.h"
#include "xmalloc.h"

static int	cmd_render_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_render_entry = {
	"render", "TABLE",
	"print the region text TABLE would get, from the registry alone; "
	"warn of values shown as text instead of links",
	CMD_REGISTRY, cmd_render_exec
};

/* "unknown table 'x'; did you mean 'y'?" with the config's tables. */
static void
cmd_render_unknown(const struct config *cf, const char *name)
{
	const char	**names;
	size_t		  i;

	if (cf->ntables == 0) {
		log_error("unknown table '%s': %s has no [table] section",
		    name, cf->path);
		return;
	}
	names = xcalloc(cf->ntables + 1, sizeof *names);
	for (i = 0; i < cf->ntables; i++)
		names[i] = cf->tables[i].name;
	cmd_unknown("table", name, names);
	free(names);
}

/* The values shown as text, not as links: a warning line each. */
static void
cmd_render_warnings(const char *w)
{
	const char	*nl;

	for (; (nl = strchr(w, '\n')) != NULL; w = nl + 1)
		log_warnx("%.*s", (int)(nl - w), w);
}

static int
cmd_render_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct conf_table		*t;
	struct sync_state		 st;
	struct sync_pending		*pend = NULL;
	struct render_priors		 pr;
	struct rendered			 r;
	char				*cause = NULL;
	size_t				 npend = 0;
	int				 found, status = 0;

	if ((status = cmd_args(&cmd_render_entry, argc, argv, 1)) != -1)
		return (status);
	status = 0;
	if ((t = conf_table(ctx->cf, argv[1])) == NULL) {
		cmd_render_unknown(ctx->cf, argv[1]);
		return (EX_USAGE);
	}
	/*
	 * The last sync's "generated" (and those of edits pending), so the
	 * text is what sync would write.
	 */
	if ((found = registry_sync_get(ctx->reg, t->wiki, t->name, &st,
	    &cause)) == -1)
		return (cmd_registry_fail(ctx->reg, cause));
	if (registry_pending_list(ctx->reg, "table", &pend, &npend,
	    &cause) != 0) {
		sync_state_free(&st);
		return (cmd_registry_fail(ctx->reg, cause));
	}
	render_priors(t, found ? &st : NULL, pend, npend, &pr);
	if (render_tables(ctx->reg, &t, 1, &pr, NULL, &r, &cause) != 0) {
		render_priors_free(&pr);
		sync_pendings_free(pend, npend);
		sync_state_free(&st);
		return (cmd_registry_fail(ctx->reg, cause));
	}
	render_priors_free(&pr);
	sync_pendings_free(pend, npend);
	if (r.error != NULL) {
		log_error("%s", r.error);
		status = EX_DATAERR;
	} else {
		if (r.warnings != NULL)
			cmd_render_warnings(r.warnings);
		fwrite(r.text, 1, r.len, stdout);
		if (r.len > 0 && r.text[r.len - 1] != '\n')
			putchar('\n');
		if (fflush(stdout) == EOF || ferror(stdout)) {
			log_warn("stdout");
			status = EX_IOERR;
		}
	}
	rendered_free(&r);
	sync_state_free(&st);
	return (status);
}
