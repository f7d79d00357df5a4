/*
 * wikisync: keep wiki coordination pages and an event registry in sync.
 * Parses the global options, then runs one command from cmd_table.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <curl/curl.h>

#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "registry.h"
#include "strv.h"

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: wikisync [-qv] [-c file] command [arguments]\n"
	    "       wikisync --help | --version\n\n"
	    "Options (before or after the command):\n"
	    "  -c file    configuration file (default %s)\n"
	    "  -q         print errors only\n"
	    "  -v         print more detail\n\n"
	    "Commands:\n", conf_default_path());
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(f, "  %-8s %s\n", cmd_table[i]->name,
		    cmd_table[i]->help);
	fprintf(f, "\nRun 'wikisync COMMAND --help' for a command's "
	    "arguments; see wikisync(1).\n");
}

/*
 * Options of the commands that take a value in the next word (sync --page,
 * event list --where, export --output, ...).  That word is the option's
 * value, never a global option: "event add --id -v" is the command's
 * business.  Keep in step with the commands' getopt tables (t0900 checks).
 */
static const char	 value_shorts[] = "efiopw";
static const char *const value_longs[] = {
	"event", "format", "id", "output", "page", "where", NULL
};

/* Does the command option word take the next word as its value? */
static int
takes_value(const char *word)
{
	const char	*p;
	size_t		 i, len;

	if (word[0] != '-' || word[1] == '\0')
		return (0);
	if (word[1] == '-') {
		/* getopt_long takes "--pa" for "--page": any prefix. */
		if (strchr(word, '=') != NULL || (len = strlen(word + 2)) == 0)
			return (0);
		for (i = 0; value_longs[i] != NULL; i++)
			if (strncmp(word + 2, value_longs[i], len) == 0)
				return (1);
		return (0);
	}
	/* In "-nw X" the value is the next word; in "-wX" it is "X". */
	for (p = word + 1; *p != '\0'; p++)
		if (strchr(value_shorts, *p) != NULL)
			return (p[1] == '\0');
	return (0);
}

/* Is word a cluster of -q and -v only ("-v", "-qv")? */
static int
verbosity_word(const char *word, int *verbosity)
{
	const char	*p;

	if (word[0] != '-' || word[1] == '\0' ||
	    word[strspn(word + 1, "qv") + 1] != '\0')
		return (0);
	for (p = word + 1; *p != '\0'; p++)
		*verbosity = *p == 'q' ? LOG_QUIET : LOG_VERBOSE;
	return (1);
}

/*
 * Take the global options out of a command's words (argv[1] on), as git
 * and systemctl users type them: "wikisync sync -v", "wikisync status
 * -c FILE".  Up to "--", and never a command option's value.  The
 * remaining words close up, *argcp is their number; -1 after a usage
 * error.
 */
static int
global_options_after(int *argcp, char **argv, const char **config,
    int *verbosity)
{
	const char	*a;
	int		 i, k = 1, argc = *argcp;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		a = argv[i];
		if (strcmp(a, "--verbose") == 0)
			*verbosity = LOG_VERBOSE;
		else if (strcmp(a, "--quiet") == 0)
			*verbosity = LOG_QUIET;
		else if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) {
			if (i + 1 == argc) {
				log_error("option '%s' requires a file", a);
				return (-1);
			}
			*config = argv[++i];
		} else if (strncmp(a, "--config=", 9) == 0)
			*config = a + 9;
		else if (strncmp(a, "-c", 2) == 0)
			*config = a + 2;
		else if (!verbosity_word(a, verbosity)) {
			argv[k++] = argv[i];
			if (takes_value(a) && i + 1 < argc)
				argv[k++] = argv[++i];
		}
	}
	while (i < argc)
		argv[k++] = argv[i++];
	argv[k] = NULL;
	*argcp = k;
	return (0);
}

/* Load the config, printing every error; NULL if there was any. */
static struct config *
load_config(const char *path)
{
	struct strv	 errors = STRV_INITIALIZER;
	struct config	*cf;
	size_t		 i;

	cf = conf_load(path, &errors);
	for (i = 0; i < errors.n; i++)
		log_error("%s", errors.v[i]);
	if (errors.n != 0) {
		conf_free(cf);
		cf = NULL;
	}
	strv_free(&errors);
	return (cf);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const struct cmd_entry	*cmd;
	struct cmd_ctx		 ctx;
	enum registry_err	 err = REGISTRY_OK;
	char			*cause;
	int			 ch, i, verbosity = LOG_NORMAL, rv;
	int			 wants_help = 0;

	memset(&ctx, 0, sizeof ctx);
	log_init(verbosity);
	while ((ch = getopt_long(argc, argv, "+c:hqv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			ctx.config_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return (0);
		case 'q':
			verbosity = LOG_QUIET;
			break;
		case 'v':
			verbosity = LOG_VERBOSE;
			break;
		case 'V':
			printf("wikisync %s\n", PACKAGE_VERSION);
			return (0);
		default:
			usage(stderr);
			return (EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return (EX_USAGE);
	}
	if ((cmd = cmd_find(argv[0])) == NULL) {
		cmd_unknown_command(argv[0]);
		return (EX_USAGE);
	}
	if (global_options_after(&argc, argv, &ctx.config_path,
	    &verbosity) != 0) {
		usage(stderr);
		return (EX_USAGE);
	}
	log_init(verbosity);
	if (ctx.config_path == NULL)
		ctx.config_path = conf_default_path();
	/*
	 * libcurl writes TLS session keys to the file this names, from
	 * which the password could be read out of a packet capture.
	 */
	unsetenv("SSLKEYLOGFILE");
	curl_global_init(CURL_GLOBAL_DEFAULT);

	rv = EX_CONFIG;
	/* Help needs neither a config nor a registry. */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			wants_help = 1;
	if ((cmd->flags & (CMD_CONFIG | CMD_REGISTRY)) && !wants_help) {
		if ((ctx.cf = load_config(ctx.config_path)) == NULL)
			goto out;
		/* The registry's path comes from the config. */
		if (cmd->flags & CMD_REGISTRY) {
			ctx.reg = registry_open(ctx.cf->database, &err, &cause);
			if (ctx.reg == NULL) {
				log_error("%s", cause);
				free(cause);
				rv = err == REGISTRY_EBUSY ? EX_TEMPFAIL :
				    err == REGISTRY_ESCHEMA ? EX_DATAERR :
				    EX_IOERR;
				goto out;
			}
		}
	}
	cmd_getopt_reset();
	rv = cmd->exec(&ctx, argc, argv);
out:
	registry_close(ctx.reg);
	conf_free(ctx.cf);
	curl_global_cleanup();
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warn("standard output");
		if (rv == 0)
			rv = EX_IOERR;
	}
	return (rv);
}
