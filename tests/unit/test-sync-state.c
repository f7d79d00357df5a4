/*
 * Unit tests of the registry's sync state (registry-sync.c), its pending
 * writes (registry-pending.c), and of the save-time normalization sync
 * relies on (presave.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "presave.h"
#include "registry.h"
#include "tap.h"

static char	dir[] = "/tmp/test-sync-state.XXXXXX";

static int
do_put_state(struct registry *reg, void *arg, char **cause)
{
	return (registry_sync_put(reg, arg, cause));
}

static int
do_save_region(struct registry *reg, void *arg, char **cause)
{
	return (registry_region_save(reg, "", "Page", "events", 12, "Human",
	    "manual-edit", arg, cause));
}

static int
do_put_then_fail(struct registry *reg, void *arg, char **cause)
{
	if (registry_sync_put(reg, arg, cause) != 0)
		return (-1);
	*cause = strdup("refused by the callback");
	return (-1);
}

struct seen {
	char	buf[512];
	int	n;
};

static int
collect_state(const struct sync_state *st, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->buf);

	snprintf(s->buf + len, sizeof s->buf - len, "%s/%s/%s/%lld;",
	    st->wiki, st->title, st->region, st->revid);
	s->n++;
	return (0);
}

static int
collect_region(const struct region_history_entry *h, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->buf);

	snprintf(s->buf + len, sizeof s->buf - len, "%s|%s|%lld|%s|%s;",
	    h->title, h->region, h->revid, h->user, h->text);
	s->n++;
	return (0);
}

static void
is_presave(const char *in, int trim, const char *want, const char *what)
{
	char	*out, *cause = NULL;
	size_t	 len;

	out = presave(in, strlen(in), trim, &len, &cause);
	ok(out != NULL && strlen(out) == len, what);
	is_str(out != NULL ? out : cause, want, what);
	free(out);
	free(cause);
}

static void
test_presave(void)
{
	char	*out, *cause = NULL;
	size_t	 len;

	is_presave("a\r\nb\rc\n", 0, "a\nb\nc\n", "line ends become \\n");
	is_presave("a  \n\t\n \v", 1, "a", "white space at the end is trimmed");
	is_presave("a  \nb", 1, "a  \nb", "only at the end of the page");
	is_presave("a\n\n", 0, "a\n\n", "a part of a page keeps its end");
	is_presave("e\xcc\x81", 0, "\xc3\xa9", "NFC: e + combining acute");
	is_presave("\xe2\x84\xab", 0, "\xc3\x85", "NFC: the angstrom sign");
	is_presave("", 1, "", "empty text");
	out = presave("a\xff", 2, 0, &len, &cause);
	ok(out == NULL && cause != NULL &&
	    strcmp(cause, "invalid UTF-8 at byte 2") == 0,
	    "invalid UTF-8 is refused, with its place");
	free(cause);
	cause = NULL;
	out = presave("a\0b", 3, 0, &len, &cause);
	ok(out == NULL && cause != NULL && strcmp(cause, "NUL at byte 2") == 0,
	    "a NUL is refused");
	free(cause);
}

static int
do_add_pending(struct registry *reg, void *arg, char **cause)
{
	return (registry_pending_add(reg, arg, cause));
}

struct clear {
	const char	*region;
	long long	 seq;
	const char	*before;
};

static int
do_clear_pending(struct registry *reg, void *arg, char **cause)
{
	struct clear	*c = arg;

	return (registry_pending_clear(reg, "table", "", c->region, c->seq,
	    c->before, cause));
}

/* Pending writes: recorded, listed by kind, cleared by seq or by age. */
static void
test_pending(struct registry *reg)
{
	struct sync_pending	 pd, *v = NULL;
	struct clear		 c;
	char			*cause = NULL;
	long long		 first;
	size_t			 n = 0;

	memset(&pd, 0, sizeof pd);
	pd.kind = (char *)"table";
	pd.wiki = (char *)"";
	pd.region = (char *)"events";
	pd.title = (char *)"WikiGap/2023/Events";
	pd.base_revid = 41;
	pd.stored = (char *)"00112233445566778899aabbccddeeff";
	pd.rendered = (char *)"ffeeddccbbaa99887766554433221100";
	pd.rows = 3;
	pd.generated = (char *)"2023-03-01T10:00:00Z";
	pd.events = (char *)"a 1\nb 2\n";
	is_int(registry_write(reg, do_add_pending, &pd, &cause), 0,
	    "a pending write is recorded");
	ok(pd.seq > 0 && pd.made != NULL && strlen(pd.made) == 20,
	    "with its number and the time");
	first = pd.seq;
	free(pd.made);
	pd.made = NULL;
	pd.base_revid = 0;
	pd.stored = (char *)"second";
	registry_write(reg, do_add_pending, &pd, &cause);
	free(pd.made);
	pd.made = NULL;
	pd.kind = (char *)"intake";
	pd.region = (char *)"signups";
	pd.events = (char *)"id-1\nid-2\n";
	registry_write(reg, do_add_pending, &pd, &cause);
	free(pd.made);

	is_int(registry_pending_list(reg, "table", &v, &n, &cause), 0,
	    "the tables' pending writes are listed");
	is_int((long long)n, 2, "only the tables'");
	if (n == 2) {
		ok(v[0].seq == first && v[0].base_revid == 41 && v[0].rows == 3,
		    "oldest first, with their numbers");
		is_str(v[0].stored, "00112233445566778899aabbccddeeff",
		    "the hash of the text");
		is_str(v[0].events, "a 1\nb 2\n", "and the rendering's events");
		is_str(v[1].stored, "second", "the newer one next");
	}
	sync_pendings_free(v, n);

	c.region = "events";
	c.seq = first;
	c.before = "";
	is_int(registry_write(reg, do_clear_pending, &c, &cause), 0,
	    "one is cleared by its number");
	registry_pending_list(reg, "table", &v, &n, &cause);
	ok(n == 1 && strcmp(v[0].stored, "second") == 0, "only that one");
	sync_pendings_free(v, n);
	c.seq = 0;
	c.before = "2000-01-01T00:00:00Z";
	registry_write(reg, do_clear_pending, &c, &cause);
	registry_pending_list(reg, "table", &v, &n, &cause);
	is_int((long long)n, 1, "a young one stays when old ones are cleared");
	sync_pendings_free(v, n);
	c.region = "other";
	c.before = "2999-01-01T00:00:00Z";
	registry_write(reg, do_clear_pending, &c, &cause);
	registry_pending_list(reg, "table", &v, &n, &cause);
	is_int((long long)n, 1, "another region's clearing leaves it");
	sync_pendings_free(v, n);
	c.region = "events";
	registry_write(reg, do_clear_pending, &c, &cause);
	registry_pending_list(reg, "table", &v, &n, &cause);
	is_int((long long)n, 0, "an old one is cleared by its age");
	sync_pendings_free(v, n);
	registry_pending_list(reg, "intake", &v, &n, &cause);
	ok(n == 1 && strcmp(v[0].events, "id-1\nid-2\n") == 0,
	    "the intake's stays, with the ids it wrote");
	sync_pendings_free(v, n);
}

static int
do_put_intake(struct registry *reg, void *arg, char **cause)
{
	return (registry_intake_put(reg, arg, cause));
}

/* The intake state is written only over the version read, as sync's. */
static void
test_intake_version(struct registry *reg)
{
	struct intake_state	 st, got;
	char			*cause = NULL;

	intake_state_init(&st, "", "signups");
	sync_state_set(&st.title, "Sign up");
	st.revid = 3;
	is_int(registry_write(reg, do_put_intake, &st, &cause), 0,
	    "an intake state is stored");
	st.version++;
	st.revid = 4;
	sync_state_set(&st.recovered, "revision 4");
	is_int(registry_write(reg, do_put_intake, &st, &cause), 0,
	    "and replaced at its version");
	registry_intake_get(reg, "", "signups", &got, &cause);
	ok(got.revid == 4 && got.version == 2, "at version 2");
	is_str(got.recovered, "revision 4", "with its recovery");
	intake_state_free(&got);
	st.revid = 5;
	is_int(registry_write(reg, do_put_intake, &st, &cause), -1,
	    "a stale intake state is refused");
	is_int(registry_errcode(reg), REGISTRY_ECONFLICT, "as a conflict");
	free(cause);
	intake_state_free(&st);
}

int
main(void)
{
	struct registry		*reg;
	struct sync_state	 st, got;
	struct seen		 seen;
	char			 path[256], *cause = NULL;
	int			 found;

	test_presave();

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(path, sizeof path, "%s/registry.db", dir);
	if ((reg = registry_open(path, NULL, &cause)) == NULL) {
		printf("Bail out! %s\n", cause);
		return (1);
	}

	found = registry_sync_get(reg, "", "events", &got, &cause);
	is_int(found, 0, "no state before the first sync");
	is_str(got.wiki, "", "an empty state has the wiki");
	is_str(got.region, "events", "and the region");
	is_str(got.stored, "", "and empty strings");
	ok(got.revid == 0, "and zero revisions");
	sync_state_free(&got);

	sync_state_init(&st, "", "events");
	sync_state_set(&st.title, "WikiGap/2023/Events");
	st.page_id = 7;
	st.revid = 41;
	st.written_revid = 40;
	sync_state_set(&st.rendered, "0123456789abcdef0123456789abcdef");
	sync_state_set(&st.stored, "fedcba9876543210fedcba9876543210");
	st.rows = 12;
	sync_state_set(&st.generated, "2023-03-01T10:00:00Z");
	sync_state_set(&st.events, "a 1\nb 2\n");
	sync_state_set(&st.written, "2023-03-01T10:00:01Z");
	sync_state_set(&st.checked, "2023-03-02T10:00:00Z");
	is_int(registry_write(reg, do_put_state, &st, &cause), 0,
	    "a state is stored");
	st.version++;
	found = registry_sync_get(reg, "", "events", &got, &cause);
	is_int(found, 1, "and found again");
	is_int(got.version, 1, "at version 1");
	is_str(got.title, "WikiGap/2023/Events", "title");
	ok(got.page_id == 7 && got.revid == 41 && got.written_revid == 40,
	    "page id and revisions");
	is_str(got.rendered, st.rendered, "rendered hash");
	is_str(got.stored, st.stored, "stored hash");
	ok(got.rows == 12, "rows");
	is_str(got.generated, st.generated, "generated");
	is_str(got.events, "a 1\nb 2\n", "the event list");
	is_str(got.written, st.written, "written");
	is_str(got.checked, st.checked, "checked");
	is_str(got.error, "", "no error");
	sync_state_free(&got);

	/* Replacing; another wiki's table of the same name is another state. */
	st.revid = 42;
	sync_state_set(&st.error, "page 'x': boom");
	sync_state_set(&st.recovered, "revision 42");
	is_int(registry_write(reg, do_put_state, &st, &cause), 0,
	    "a state read at its version is replaced");
	st.version++;
	sync_state_set(&st.wiki, "meta");
	st.revid = 5;
	st.version = 0;
	registry_write(reg, do_put_state, &st, &cause);
	found = registry_sync_get(reg, "", "events", &got, &cause);
	ok(found == 1 && got.revid == 42, "a state is replaced, not added");
	is_str(got.error, "page 'x': boom", "with its error");
	is_str(got.recovered, "revision 42", "and its recovery");
	is_int(got.version, 2, "at the next version");
	sync_state_free(&got);

	/* Compare and swap: a state written since it was read is kept. */
	sync_state_set(&st.wiki, "");
	st.version = 1;
	st.revid = 77;
	is_int(registry_write(reg, do_put_state, &st, &cause), -1,
	    "a state read before another write is refused");
	is_int(registry_errcode(reg), REGISTRY_ECONFLICT, "as a conflict");
	ok(cause != NULL && strstr(cause, "'events'") != NULL &&
	    strstr(cause, "changed since this pass read it") != NULL,
	    "that names the region");
	free(cause);
	cause = NULL;
	st.version = 0;
	is_int(registry_write(reg, do_put_state, &st, &cause), -1,
	    "so is a new state where another pass made one");
	free(cause);
	cause = NULL;
	found = registry_sync_get(reg, "", "events", &got, &cause);
	ok(found == 1 && got.revid == 42 && got.version == 2,
	    "the stored state is untouched");
	sync_state_free(&got);
	st.version = 2;
	st.revid = 42;
	memset(&seen, 0, sizeof seen);
	is_int(registry_sync_foreach(reg, collect_state, &seen, &cause), 0,
	    "every state is listed");
	is_str(seen.buf, "/WikiGap/2023/Events/events/42;"
	    "meta/WikiGap/2023/Events/events/5;", "ordered by wiki and title");

	/* A failed transaction stores nothing. */
	st.revid = 99;
	is_int(registry_write(reg, do_put_then_fail, &st, &cause), -1,
	    "a transaction that fails");
	free(cause);
	cause = NULL;
	found = registry_sync_get(reg, "", "events", &got, &cause);
	ok(found == 1 && got.revid == 42 && got.version == 2,
	    "leaves the state as it was");
	sync_state_free(&got);
	sync_state_free(&st);

	test_pending(reg);
	test_intake_version(reg);

	/* Region history keeps replaced texts, byte for byte. */
	is_int(registry_write(reg, do_save_region, "| by hand ||\n|}",
	    &cause), 0, "a replaced text is saved");
	registry_write(reg, do_save_region, "second", &cause);
	memset(&seen, 0, sizeof seen);
	is_int(registry_region_history(reg, "", "events", collect_region,
	    &seen, &cause), 0, "the region's history is read");
	is_str(seen.buf, "Page|events|12|Human|| by hand ||\n|};"
	    "Page|events|12|Human|second;", "oldest first, with its author");
	memset(&seen, 0, sizeof seen);
	registry_region_history(reg, "", "other", collect_region, &seen,
	    &cause);
	is_int(seen.n, 0, "another region has none");

	registry_close(reg);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return (1);
	return (tap_done());
}
