/*
 * mwtool: drives the wiki client (src/mwapi.h) from shell tests, against
 * the test wiki or the fault-injection server.  Not installed.
 *
 *   mwtool [options] COMMAND [ARGS] [then COMMAND [ARGS]]...
 *
 * Commands run in one process, on one client, in order, so a test can
 * log in, lose the session (shell ...) and edit:
 *
 *   login                     log in; print the account
 *   read [-t] [-r] TITLE...   read pages (-t with text, -r redirects);
 *                             one line each: TITLE state revid timestamp
 *                             wiki-title textlen (tab-separated)
 *   cat TITLE                 print the text of a page read with -t
 *   edit [-c] [-s SUMMARY] [-b BASETS] TITLE FILE
 *                             save FILE's text; the base and start
 *                             timestamps are those of the last read of
 *                             TITLE unless -b is given; -c creates
 *   contribs [-s START] [-e END] [-n NS] [-l LIMIT] [-x N] USER...
 *                             the users' contributions; one line each:
 *                             USER ns TITLE pageid revid timestamp
 *                             sizediff new|- (tab-separated); -x N stops
 *                             the call after N of them and prints
 *                             "stopped" if it ended as a stop should
 *   users USER...             what the wiki makes of the names; one line
 *                             each: NAME ok|missing|invalid CANONICAL
 *                             (tab-separated, - for none)
 *   section-users TITLE SECTION
 *                             the users a section links to: "revid N",
 *                             then one "user NAME" line each, in order
 *   shell COMMAND             run COMMAND with sh -c
 *   counts                    print the request counters
 *
 * A failing command prints "error KIND: message" on stderr and exits
 * with the status mw_error_exit() gives.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "log.h"
#include "mwapi.h"
#include "secret.h"
#include "strv.h"
#include "xmalloc.h"

static struct mwapi	*mw;
static struct mw_page	*last;
static size_t		 nlast;

static void
usage(void)
{
	fprintf(stderr, "usage: mwtool --api URL --contact C [--user NAME "
	    "--password-file F | --token-file F]\n"
	    "    [--maxlag N] [--edit-interval N] [--retries N] "
	    "[--max-wait-ms N]\n"
	    "    [--timeout N] [--max-response N] [-v] COMMAND [ARGS] "
	    "[then COMMAND...]\n");
	exit(EX_USAGE);
}

static int
fail(const char *what, char *cause)
{
	enum mw_error	e = mwapi_error(mw);

	fprintf(stderr, "error %s: %s: %s\n", mw_error_name(e), what, cause);
	free(cause);
	return (e == MW_OK ? 1 : mw_error_exit(e));
}

static char *
read_file(const char *path)
{
	struct buf	 b;

	buf_init(&b, BUF_UNLIMITED);
	if (buf_read_file(&b, path) != 0) {
		perror(path);
		exit(EX_NOINPUT);
	}
	return (buf_detach(&b));
}

static const struct mw_page *
find_last(const char *title)
{
	size_t	i;

	for (i = 0; i < nlast; i++) {
		if (strcmp(last[i].title, title) == 0)
			return (&last[i]);
	}
	return (NULL);
}

static int
cmd_login(void)
{
	const struct mw_account	*a;
	char			*cause = NULL;

	if (mwapi_login(mw, &cause) != 0)
		return (fail("login", cause));
	a = mwapi_account(mw);
	printf("user %s bot=%d highlimits=%d noratelimit=%d maxsize=%ld\n",
	    a->name, a->bot, a->highlimits, a->noratelimit,
	    a->max_article_size);
	return (0);
}

static int
cmd_read(int argc, char **argv)
{
	const struct mw_page	*p;
	char			*cause = NULL;
	int			 ch, flags = 0;
	size_t			 i;

	optind = 0;
	while ((ch = getopt(argc, argv, "+rt")) != -1) {
		switch (ch) {
		case 'r':
			flags |= MW_READ_REDIRECTS;
			break;
		case 't':
			flags |= MW_READ_TEXT;
			break;
		default:
			usage();
		}
	}
	mw_pages_free(last, nlast);
	last = NULL;
	nlast = 0;
	if (mwapi_read(mw, (const char *const *)argv + optind,
	    (size_t)(argc - optind), flags, &last, &cause) != 0)
		return (fail("read", cause));
	nlast = (size_t)(argc - optind);
	for (i = 0; i < nlast; i++) {
		p = &last[i];
		printf("%s\t%s\t%ld\t%s\t%s\t%zu\n", p->title,
		    p->invalid ? "invalid" : p->missing ? "missing" :
		    p->redirected ? "redirect" : "ok", p->revid,
		    p->timestamp != NULL ? p->timestamp : "-",
		    p->wiki_title != NULL ? p->wiki_title : "-", p->textlen);
	}
	return (0);
}

static int
cmd_cat(int argc, char **argv)
{
	const struct mw_page	*p;

	if (argc != 2)
		usage();
	if ((p = find_last(argv[1])) == NULL || p->text == NULL) {
		fprintf(stderr, "error: no text read for '%s'\n", argv[1]);
		return (1);
	}
	fwrite(p->text, 1, p->textlen, stdout);
	return (0);
}

static int
cmd_edit(int argc, char **argv)
{
	struct mw_edit		 e;
	struct mw_edit_result	 r;
	const struct mw_page	*p;
	char			*text, *cause = NULL;
	int			 ch, ret;

	memset(&e, 0, sizeof e);
	e.summary = "mwtool test edit";
	optind = 0;
	while ((ch = getopt(argc, argv, "+b:cs:")) != -1) {
		switch (ch) {
		case 'b':
			e.basetimestamp = optarg;
			break;
		case 'c':
			e.create = 1;
			break;
		case 's':
			e.summary = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	e.title = argv[optind];
	if ((p = find_last(e.title)) != NULL) {
		if (e.basetimestamp == NULL) {
			e.basetimestamp = p->timestamp;
			e.baserevid = p->revid;
		}
		e.starttimestamp = p->starttimestamp;
	}
	text = read_file(argv[optind + 1]);
	e.text = text;
	ret = mwapi_edit(mw, &e, &r, &cause);
	free(text);
	if (ret != 0)
		return (fail("edit", cause));
	if (r.nochange)
		printf("nochange\n");
	else
		printf("edited %ld %s\n", r.newrevid, r.newtimestamp);
	mw_edit_result_free(&r);
	return (0);
}

/* Print one contribution; stop after *arg of them if that is > 0. */
static int
print_contrib(const struct mw_contrib *c, void *arg)
{
	long	*left = arg;

	printf("%s\t%ld\t%s\t%ld\t%ld\t%s\t%ld\t%s\n", c->user, c->ns,
	    c->title, c->pageid, c->revid, c->timestamp, c->sizediff,
	    c->created ? "new" : "-");
	if (*left > 0 && --*left == 0)
		return (-1);
	return (0);
}

static int
cmd_contribs(int argc, char **argv)
{
	const char	*start = NULL, *end = NULL, *ns = NULL;
	char		*cause = NULL;
	long		 limit = 0, stop = 0;
	int		 ch, ret;

	optind = 0;
	while ((ch = getopt(argc, argv, "+e:l:n:s:x:")) != -1) {
		switch (ch) {
		case 'e':
			end = optarg;
			break;
		case 'l':
			limit = strtol(optarg, NULL, 10);
			break;
		case 'n':
			ns = optarg;
			break;
		case 's':
			start = optarg;
			break;
		case 'x':
			stop = strtol(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	ret = mwapi_usercontribs(mw, (const char *const *)argv + optind,
	    (size_t)(argc - optind), start, end, ns, limit, print_contrib,
	    &stop, &cause);
	if (ret == 0)
		return (0);
	if (cause == NULL && mwapi_error(mw) == MW_OK) {
		printf("stopped\n");
		return (0);
	}
	if (cause == NULL)
		cause = xstrdup("(no cause given)");
	return (fail("contribs", cause));
}

static int
cmd_users(int argc, char **argv)
{
	struct mw_user	*u;
	char		*cause = NULL;
	size_t		 i, n = (size_t)(argc - 1);

	if (mwapi_users(mw, (const char *const *)argv + 1, n, &u,
	    &cause) != 0)
		return (fail("users", cause));
	for (i = 0; i < n; i++) {
		printf("%s\t%s\t%s\n", u[i].name, u[i].invalid ? "invalid" :
		    u[i].missing ? "missing" : "ok",
		    u[i].canonical != NULL ? u[i].canonical : "-");
	}
	mw_users_free(u, n);
	return (0);
}

static int
cmd_section_users(int argc, char **argv)
{
	struct strv	 users = STRV_INITIALIZER;
	char		*cause = NULL;
	long		 revid;
	size_t		 i;

	if (argc != 3)
		usage();
	if (mwapi_section_users(mw, argv[1], argv[2], &users, &revid,
	    &cause) != 0)
		return (fail("section-users", cause));
	printf("revid %ld\n", revid);
	for (i = 0; i < users.n; i++)
		printf("user %s\n", users.v[i]);
	strv_free(&users);
	return (0);
}

static int
cmd_counts(void)
{
	printf("counts login=%lu token=%lu read=%lu edit=%lu\n",
	    mwapi_requests(mw, MW_REQ_LOGIN), mwapi_requests(mw, MW_REQ_TOKEN),
	    mwapi_requests(mw, MW_REQ_READ), mwapi_requests(mw, MW_REQ_EDIT));
	return (0);
}

static int
run(int argc, char **argv)
{
	const char	*c = argv[0];

	fflush(stdout);
	if (strcmp(c, "login") == 0 && argc == 1)
		return (cmd_login());
	if (strcmp(c, "read") == 0)
		return (cmd_read(argc, argv));
	if (strcmp(c, "cat") == 0)
		return (cmd_cat(argc, argv));
	if (strcmp(c, "edit") == 0)
		return (cmd_edit(argc, argv));
	if (strcmp(c, "contribs") == 0)
		return (cmd_contribs(argc, argv));
	if (strcmp(c, "users") == 0)
		return (cmd_users(argc, argv));
	if (strcmp(c, "section-users") == 0)
		return (cmd_section_users(argc, argv));
	if (strcmp(c, "counts") == 0 && argc == 1)
		return (cmd_counts());
	if (strcmp(c, "shell") == 0 && argc == 2)
		return (system(argv[1]) == 0 ? 0 : 1);
	usage();
	return (EX_USAGE);
}

static char *
secret(const char *path)
{
	char	*s, *cause = NULL;
	size_t	 len;

	if ((s = secret_read(path, &len, &cause)) == NULL) {
		fprintf(stderr, "mwtool: %s\n", cause);
		exit(EX_CONFIG);
	}
	return (s);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "api",		required_argument, NULL, 'a' },
		{ "user",		required_argument, NULL, 'u' },
		{ "password-file",	required_argument, NULL, 'p' },
		{ "token-file",		required_argument, NULL, 'o' },
		{ "contact",		required_argument, NULL, 'C' },
		{ "maxlag",		required_argument, NULL, 'l' },
		{ "edit-interval",	required_argument, NULL, 'i' },
		{ "retries",		required_argument, NULL, 'r' },
		{ "max-wait-ms",	required_argument, NULL, 'w' },
		{ "timeout",		required_argument, NULL, 't' },
		{ "max-response",	required_argument, NULL, 'm' },
		{ NULL,			0,		   NULL, 0 }
	};
	struct mwapi_config	 c;
	char			*cause = NULL, *pw = NULL, *tok = NULL;
	int			 ch, i, start, ret = 0, verbose = 0;

	memset(&c, 0, sizeof c);
	c.maxlag = 5;
	while ((ch = getopt_long(argc, argv, "+v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': c.api = optarg; break;
		case 'u': c.username = optarg; break;
		case 'p': pw = secret(optarg); break;
		case 'o': tok = secret(optarg); break;
		case 'C': c.contact = optarg; break;
		case 'l': c.maxlag = strtol(optarg, NULL, 10); break;
		case 'i': c.edit_interval = strtol(optarg, NULL, 10); break;
		case 'r': c.max_retries = (int)strtol(optarg, NULL, 10); break;
		case 'w': c.max_wait_ms = strtol(optarg, NULL, 10); break;
		case 't': c.timeout = strtol(optarg, NULL, 10); break;
		case 'm': c.max_response = strtoul(optarg, NULL, 10); break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (c.api == NULL || optind == argc)
		usage();
	log_init(verbose ? LOG_VERBOSE : LOG_NORMAL);
	c.password = pw;
	c.oauth2_token = tok;
	if ((mw = mwapi_new(&c, &cause)) == NULL) {
		fprintf(stderr, "error new: %s\n", cause);
		free(cause);
		return (EX_CONFIG);
	}
	argc -= optind;
	argv += optind;
	for (start = 0, i = 0; i <= argc && ret == 0; i++) {
		if (i < argc && strcmp(argv[i], "then") != 0)
			continue;
		if (i == start)
			usage();
		argv[i < argc ? i : argc] = NULL;
		ret = run(i - start, argv + start);
		start = i + 1;
	}
	mw_pages_free(last, nlast);
	mwapi_free(mw);
	if (pw != NULL)
		freezero(pw, strlen(pw) + 1);
	if (tok != NULL)
		freezero(tok, strlen(tok) + 1);
	return (ret);
}
