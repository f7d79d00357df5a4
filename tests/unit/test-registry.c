/*
 * Unit tests of the registry: upserts with history, extras, deletes,
 * snapshot reads, and a write that waits for another process's lock.
 */
#include "config.h"

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "event.h"
#include "registry.h"
#include "tap.h"

static char	dir[] = "/tmp/test-registry.XXXXXX";

struct put {
	struct event	*ev;
	int		 changed;
};

static int
do_put(struct registry *reg, void *arg, char **cause)
{
	struct put	*p = arg;

	return (registry_put(reg, p->ev, "test", &p->changed, cause));
}

static int
do_delete(struct registry *reg, void *arg, char **cause)
{
	return (registry_delete(reg, arg, "test", cause));
}

static int
do_fail(struct registry *reg, void *arg, char **cause)
{
	struct put	*p = arg;

	if (registry_put(reg, p->ev, "test", NULL, cause) == -1)
		return (-1);
	*cause = strdup("refused by the callback");
	return (-1);
}

static void
mkevent(struct event *ev, const char *id, const char *title,
    const char *start)
{
	char	*cause;

	event_init(ev);
	if (event_set(ev, "id", id, &cause) == -1 ||
	    event_set(ev, "campaign", "WikiGap 2024", &cause) == -1 ||
	    event_set(ev, "title", title, &cause) == -1 ||
	    event_set(ev, "start", start, &cause) == -1)
		abort();
}

static int
collect(const struct event *ev, void *arg)
{
	char	*s = arg;

	strncat(s, ev->v[F_ID], 200 - strlen(s) - 2);
	strncat(s, " ", 200 - strlen(s) - 1);
	return (0);
}

static int
count_history(const struct history_entry *h, void *arg)
{
	int	*n = arg;

	(*n)++;
	return (0);
}

/* Hold the write lock from another process for a while. */
static pid_t
hold_lock(const char *path, int ms)
{
	sqlite3	*db;
	int	 p[2];
	pid_t	 pid;
	char	 c;

	if (pipe(p) == -1)
		abort();
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (sqlite3_open(path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK)
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		usleep(ms * 1000);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		abort();
	close(p[0]);
	return (pid);
}

int
main(void)
{
	struct registry	*reg;
	struct event	 a, b, got;
	struct put	 p;
	char		 path[128], *cause = NULL, order[200];
	int		 n, status;
	pid_t		 pid;

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(path, sizeof path, "%s/r.db", dir);
	reg = registry_open(path, NULL, &cause);
	ok(reg != NULL, "a new registry opens");
	if (reg == NULL) {
		printf("# %s\n", cause);
		return (tap_done());
	}
	is_int(registry_schema_version(reg), REGISTRY_SCHEMA_VERSION,
	    "the schema is current");

	mkevent(&a, "a-1", "First", "2024-03-08");
	p.ev = &a;
	ok(registry_write(reg, do_put, &p, &cause) == 0, "an event is added");
	ok(p.changed == 4, "every field of a new event counts as changed");
	ok(registry_write(reg, do_put, &p, &cause) == 0, "it is put again");
	is_int(p.changed, 0, "putting the same event changes nothing");

	event_set(&a, "title", "First, renamed", &cause);
	event_set(&a, "hashtag", "#WikiGap", &cause);
	ok(registry_write(reg, do_put, &p, &cause) == 0, "it is changed");
	is_int(p.changed, 2, "a changed field and a new extra are counted");

	event_init(&got);
	is_int(registry_get(reg, "a-1", &got, &cause), 1, "it is found");
	is_str(got.v[F_TITLE], "First, renamed", "the change is stored");
	is_str(event_get(&got, "hashtag"), "#WikiGap", "the extra is stored");
	event_free(&got);
	is_int(registry_get(reg, "none", &got, &cause), 0,
	    "a missing id is not found");

	n = 0;
	registry_history(reg, "a-1", count_history, &n, &cause);
	is_int(n, 3, "history has creation + 2 changes");

	mkevent(&b, "b-1", "Earlier", "2024-03-01");
	p.ev = &b;
	registry_write(reg, do_put, &p, &cause);
	order[0] = '\0';
	registry_foreach(reg, collect, order, &cause);
	is_str(order, "b-1 a-1 ", "events come in start order");
	is_int(registry_count(reg, &cause), 2, "two events are counted");

	/* A failing callback rolls everything back. */
	event_free(&b);
	mkevent(&b, "c-1", "Never", "2024-03-01");
	p.ev = &b;
	ok(registry_write(reg, do_fail, &p, &cause) == -1,
	    "a failing transaction fails");
	is_str(cause, "refused by the callback", "with the callback's cause");
	free(cause);
	cause = NULL;
	is_int(registry_count(reg, &cause), 2, "and wrote nothing");

	/* Extras removed when cleared. */
	event_set(&a, "hashtag", "", &cause);
	p.ev = &a;
	registry_write(reg, do_put, &p, &cause);
	event_init(&got);
	registry_get(reg, "a-1", &got, &cause);
	is_str(event_get(&got, "hashtag"), "", "a cleared extra is removed");
	event_free(&got);

	ok(registry_write(reg, do_delete, "a-1", &cause) == 0,
	    "an event is deleted");
	is_int(registry_get(reg, "a-1", &got, &cause), 0, "it is gone");
	n = 0;
	registry_history(reg, "a-1", count_history, &n, &cause);
	ok(n > 6, "its values went into the history");
	ok(registry_write(reg, do_delete, "a-1", &cause) == -1,
	    "deleting it again fails");
	ok(registry_errcode(reg) == REGISTRY_EDATA, "as a data error");
	free(cause);
	cause = NULL;

	/* Another process holds the lock for 300 ms: we wait. */
	pid = hold_lock(path, 300);
	event_free(&b);
	mkevent(&b, "d-1", "Waited", "2024-03-02");
	p.ev = &b;
	ok(registry_write(reg, do_put, &p, &cause) == 0,
	    "a write waits for another process's lock");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the other process committed");

	event_free(&a);
	event_free(&b);
	registry_close(reg);

	/* A newer schema is refused. */
	{
		sqlite3	*db;

		sqlite3_open(path, &db);
		sqlite3_exec(db, "PRAGMA user_version = 42", NULL, NULL, NULL);
		sqlite3_close(db);
	}
	{
		enum registry_err err;

		reg = registry_open(path, &err, &cause);
		ok(reg == NULL, "a newer schema is refused");
		ok(err == REGISTRY_ESCHEMA, "as a schema error");
		ok(cause != NULL && strstr(cause, "newer") != NULL,
		    "the message says newer");
		free(cause);
	}
	snprintf(order, sizeof order, "rm -rf '%s'", dir);
	if (system(order) != 0)
		return (1);
	return (tap_done());
}
