/*
 * Unit tests of the config loader: defaults, values, and error lines.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "secret.h"
#include "strv.h"
#include "tap.h"
#include "where.h"
#include "xmalloc.h"

static char	dir[] = "/tmp/test-conf.XXXXXX";
static char	path[128];

static struct config *
load(const char *text, struct strv *errors)
{
	FILE	*f;

	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return (conf_load(path, errors));
}

/* Does some error contain text? */
static int
has_error(const struct strv *errors, const char *text)
{
	size_t	i;

	for (i = 0; i < errors->n; i++)
		if (strstr(errors->v[i], text) != NULL)
			return (1);
	return (0);
}

/* A config anyone may write is refused; the fix is in the message. */
static void
test_modes(void)
{
	struct strv	 errors = STRV_INITIALIZER;
	struct config	*cf;
	char		 want[512];

	cf = load("[registry]\ndatabase = /tmp/x.db\n", &errors);
	is_int((long long)errors.n, 0, "a config of mode 0644 is fine");
	conf_free(cf);
	chmod(path, 0664);
	cf = conf_load(path, &errors);
	is_int((long long)errors.n, 0, "a group-writable one is accepted");
	conf_free(cf);
	chmod(path, 0646);
	cf = conf_load(path, &errors);
	snprintf(want, sizeof want, "'%s' is writable by others (mode 0646); "
	    "fix: chmod o-w '%s'", path, path);
	ok(has_error(&errors, want), "a world-writable config is refused");
	is_int((long long)errors.n, 1, "with one error");
	conf_free(cf);
	strv_free(&errors);
	chmod(path, 0644);
}

/*
 * Reading a secret makes the process non-dumpable (no core dump holds
 * it); a file refused before anything is read changes nothing.
 */
static void
test_secret_dumpable(void)
{
	char	 file[160], *s, *cause = NULL;
	size_t	 len;
	FILE	*f;

	snprintf(file, sizeof file, "%s/password", dir);
	if ((f = fopen(file, "w")) == NULL) {
		ok(0, "a scratch password file");
		return;
	}
	fputs("not-a-real-password\n", f);
	fclose(f);
	is_int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1,
	    "a test process starts dumpable");
	chmod(file, 0644);
	s = secret_read(file, &len, &cause);
	ok(s == NULL && cause != NULL, "a world-readable secret is refused");
	free(cause);
	is_int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1,
	    "refusing it leaves the process dumpable");
	chmod(file, 0600);
	s = secret_read(file, &len, &cause);
	is_str(s, "not-a-real-password", "a 0600 secret is read");
	is_int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0,
	    "once a secret is read the process is not dumpable");
	if (s != NULL)
		freezero(s, len + 1);
	unlink(file);
}

int
main(void)
{
	struct strv		 errors = STRV_INITIALIZER;
	struct config		*cf;
	const struct conf_table	*t;
	char			 want[256], line[512];

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(path, sizeof path, "%s/wikisync.ini", dir);

	cf = load("[wiki]\n"
	    "api = https://meta.wikimedia.org/w/api.php\n"
	    "username = Bot@app\n"
	    "password_file = secret\n"
	    "contact = ops@example.org\n"
	    "[registry]\n"
	    "extra_fields = hashtag , partner\n"
	    "[table t1]\n"
	    "page = WikiGap/2023/Events ; a comment\n"
	    "template = templates/x.wiki\n"
	    "where = campaign = WikiGap 2023\n"
	    "where = hashtag ~ gap\n"
	    "sort = country, -start\n"
	    "group = country\n", &errors);
	is_int((long long)errors.n, 0, "a good config has no error");
	ok(cf != NULL, "a good config loads");
	if (cf == NULL)
		return (tap_done());
	is_int(cf->wikis[0].maxlag, 5, "maxlag defaults to 5");
	is_int(cf->wikis[0].edit_interval, 10, "edit_interval defaults to 10");
	is_int(cf->interval, 300, "interval defaults to 300");
	snprintf(want, sizeof want, "%s/secret", dir);
	is_str(cf->wikis[0].password_file, want,
	    "a relative path is taken from the config's directory");
	is_int((long long)cf->extra_fields.n, 2, "extra_fields is a list");
	is_str(cf->extra_fields.v[1], "partner", "list items are trimmed");
	t = conf_table(cf, "t1");
	ok(t != NULL, "the table is found by name");
	is_str(t->page, "WikiGap/2023/Events", "an inline comment is dropped");
	is_int((long long)t->where.n, 2, "where may repeat");
	is_str(t->where.v[0]->value, "WikiGap 2023", "a where value keeps spaces");
	is_int((long long)t->sort.n, 2, "sort is a list");
	ok(t->sort.v[1].descending, "-field sorts descending");
	is_str(t->sort.v[1].field, "start", "the - is not part of the field");
	is_str(t->summary, "Updating event table t1", "summary has a default");
	is_int(t->max_shrink, 50, "max_shrink defaults to 50%");
	ok(t->on_manual_edit == MANUAL_KEEP, "on_manual_edit defaults to keep");
	ok(!t->create, "create defaults to no");
	ok(conf_field_known(cf, "hashtag"), "a declared extra field is known");
	ok(!conf_field_known(cf, "colour"), "an undeclared one is not");
	conf_free(cf);

	/* Errors carry file:line, all of them. */
	cf = load("[daemon]\n"
	    "interval = 10\n"
	    "interval = 20\n"
	    "[nope]\n"
	    "x = 1\n"
	    "[table t]\n"
	    "group = Country\n", &errors);
	snprintf(want, sizeof want, "%s:2: [daemon] interval: '10' is out "
	    "of range 30..86400", path);
	ok(has_error(&errors, want), "a range error names file:line");
	snprintf(want, sizeof want, "%s:3: [daemon]: duplicate key "
	    "'interval', first at line 2", path);
	ok(has_error(&errors, want), "a duplicate key names both lines");
	snprintf(want, sizeof want, "%s:4: unknown section [nope]", path);
	ok(has_error(&errors, want), "an unknown section is named");
	ok(!has_error(&errors, ":5:"), "keys of an unknown section are "
	    "not reported again");
	snprintf(want, sizeof want, "%s:6: [table t]: missing required key "
	    "'page'", path);
	ok(has_error(&errors, want), "a missing key names the section line");
	ok(has_error(&errors, "'Country' is not a valid field name"),
	    "a bad field name is refused");
	conf_free(cf);
	strv_free(&errors);

	/* A line inih would cut and re-parse is refused whole. */
	memset(line, 'a', sizeof line);
	memcpy(line, "[registry]\ndatabase = ", 22);
	memcpy(line + 300, " api = x\n", 10);
	cf = load(line, &errors);
	snprintf(want, sizeof want, "%s:2: line is", path);
	ok(has_error(&errors, want), "an over-long line is refused");
	is_int((long long)errors.n, 1, "and its tail is not parsed");
	conf_free(cf);
	strv_free(&errors);

	cf = conf_load("/nonexistent/wikisync.ini", &errors);
	ok(cf == NULL, "a missing file gives no config");
	ok(has_error(&errors, "/nonexistent/wikisync.ini: No such file"),
	    "a missing file is named");
	strv_free(&errors);

	test_modes();
	test_secret_dumpable();

	unlink(path);
	rmdir(dir);
	return (tap_done());
}
