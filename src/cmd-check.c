/*
 * wikisync check: validate the config and the files it names (offline),
 * and with --online the wiki side too (cmd-check-online.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "strv.h"

static int	cmd_check_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_check_entry = {
	"check", "[--online] [--keys]",
	"check the configuration and the files it names (templates: their "
	"syntax, and no value in a template name, tag or attribute); --online "
	"also logs in and checks every page; --keys lists every key",
	0, cmd_check_exec
};

static int
cmd_check_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ "keys",	no_argument,	NULL, 'k' },
		{ "online",	no_argument,	NULL, 'o' },
		{ NULL,		0,		NULL, 0 }
	};
	struct strv	 errors = STRV_INITIALIZER;
	struct config	*cf;
	size_t		 i;
	int		 ch, online = 0, status;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_usage(stdout, "check", cmd_check_entry.usage,
			    cmd_check_entry.help);
			return (0);
		case 'k':
			conf_print_keys(stdout);
			return (0);
		case 'o':
			online = 1;
			break;
		default:
			cmd_usage(stderr, "check", cmd_check_entry.usage, NULL);
			return (EX_USAGE);
		}
	}
	if (optind != argc) {
		cmd_usage(stderr, "check", cmd_check_entry.usage, NULL);
		return (EX_USAGE);
	}
	if ((cf = conf_load(ctx->config_path, &errors)) != NULL)
		conf_check_files(cf, &errors);
	for (i = 0; i < errors.n; i++)
		log_error("%s", errors.v[i]);
	if (errors.n != 0) {
		log_error("%s: %zu error%s", ctx->config_path, errors.n,
		    errors.n == 1 ? "" : "s");
		strv_free(&errors);
		conf_free(cf);
		return (EX_CONFIG);
	}
	log_info("%s: ok", ctx->config_path);
	status = online ? cmd_check_online(cf) : 0;
	conf_free(cf);
	return (status);
}
