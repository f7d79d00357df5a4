/*
 * Unit tests of the registry's participants and articles: add, remove,
 * list, history, unknown events, rollback, the cascade of a delete,
 * articles replaced per wiki, nested read snapshots, and migration 6.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "event.h"
#include "registry.h"
#include "tap.h"

static char	dir[] = "/tmp/test-participants.XXXXXX";

/* One participant change: add (or remove) user of id. */
struct change {
	const char	*id;
	const char	*user;
	int		 rm;
	int		 done;		/* *added or *removed */
	int		 fail;		/* then fail the transaction */
};

static int
do_change(struct registry *reg, void *arg, char **cause)
{
	struct change	*c = arg;

	if (c->rm) {
		if (registry_participant_rm(reg, c->id, c->user, "test",
		    &c->done, cause) == -1)
			return (-1);
	} else if (registry_participant_add(reg, c->id, c->user, "test",
	    &c->done, cause) == -1)
		return (-1);
	if (c->fail) {
		*cause = strdup("refused by the callback");
		return (-1);
	}
	return (0);
}

static int
change(struct registry *reg, const char *id, const char *user, int rm,
    int *done, char **cause)
{
	struct change	c = { id, user, rm, -1, 0 };
	int		rv;

	rv = registry_write(reg, do_change, &c, cause);
	*done = c.done;
	return (rv);
}

static int
do_put(struct registry *reg, void *arg, char **cause)
{
	return (registry_put(reg, arg, "test", NULL, cause));
}

static int
do_delete(struct registry *reg, void *arg, char **cause)
{
	return (registry_delete(reg, arg, "test-rm", cause));
}

static void
add_event(struct registry *reg, const char *id, const char *start)
{
	struct event	 ev;
	char		*cause = NULL;

	event_init(&ev);
	if (event_set(&ev, "id", id, &cause) == -1 ||
	    event_set(&ev, "campaign", "WikiGap 2024", &cause) == -1 ||
	    event_set(&ev, "title", "T", &cause) == -1 ||
	    event_set(&ev, "start", start, &cause) == -1 ||
	    registry_write(reg, do_put, &ev, &cause) == -1) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	event_free(&ev);
}

/* "id:user " for each participant, into a buf. */
static int
list_participant(const struct participant *p, void *arg)
{
	struct buf	*b = arg;

	buf_printf(b, "%s:%s ", p->event_id, p->user);
	if (strcmp(p->source, "test") != 0 || strlen(p->added) != 20 ||
	    p->added[19] != 'Z')
		buf_adds(b, "(bad source or date) ");
	return (0);
}

static char *
participants(struct registry *reg, const char *id)
{
	struct buf	 b;
	char		*cause = NULL;

	buf_init(&b, BUF_UNLIMITED);
	if (registry_participants(reg, id, list_participant, &b,
	    &cause) == -1) {
		buf_printf(&b, "error: %s", cause);
		free(cause);
	}
	return (buf_detach(&b));
}

/* "field old>new (source) " for each participant entry of history. */
static int
list_history(const struct history_entry *h, void *arg)
{
	struct buf	*b = arg;

	if (strcmp(h->field, "participant") != 0)
		return (0);
	buf_printf(b, "%s>%s (%s) ", h->old_value != NULL ? h->old_value :
	    "NULL", h->new_value != NULL ? h->new_value : "NULL", h->source);
	return (0);
}

static char *
history(struct registry *reg, const char *id)
{
	struct buf	 b;
	char		*cause = NULL;

	buf_init(&b, BUF_UNLIMITED);
	if (registry_history(reg, id, list_history, &b, &cause) == -1) {
		buf_printf(&b, "error: %s", cause);
		free(cause);
	}
	return (buf_detach(&b));
}

static int
list_article(const struct event_article *a, void *arg)
{
	struct buf	*b = arg;

	buf_printf(b, "%s/%s/%s:%s:%ld:%ld ", a->event_id, a->wiki, a->title,
	    a->created ? "c" : "i", a->edits, a->bytes_added);
	return (0);
}

static char *
articles(struct registry *reg, const char *id)
{
	struct buf	 b;
	char		*cause = NULL;

	buf_init(&b, BUF_UNLIMITED);
	if (registry_articles(reg, id, list_article, &b, &cause) == -1) {
		buf_printf(&b, "error: %s", cause);
		free(cause);
	}
	return (buf_detach(&b));
}

struct put_articles {
	const char			*id;
	const char			*wiki;
	const struct event_article	*v;
	size_t				 n;
	int				 changed;
};

static int
do_articles(struct registry *reg, void *arg, char **cause)
{
	struct put_articles	*p = arg;

	return (registry_articles_put(reg, p->id, p->wiki, p->v, p->n,
	    &p->changed, cause));
}

static int
put_articles(struct registry *reg, const char *id, const char *wiki,
    const struct event_article *v, size_t n, int *changed, char **cause)
{
	struct put_articles	p = { id, wiki, v, n, -1 };
	int			rv;

	rv = registry_write(reg, do_articles, &p, cause);
	*changed = p.changed;
	return (rv);
}

/* A callback that reads the same list again, for every row. */
struct again {
	struct registry	*reg;
	struct buf	 b;
};

static int
list_again(const struct participant *p, void *arg)
{
	struct again	*a = arg;
	char		*inner;

	inner = participants(a->reg, p->event_id);
	buf_printf(&a->b, "%s[%s]", p->user, inner);
	free(inner);
	return (0);
}

/* Check a string and free it. */
static void
is_got(char *got, const char *want, const char *what)
{
	is_str(got, want, what);
	free(got);
}

/* Two reads in one registry_read see one snapshot. */
struct snap {
	struct registry	*reg;
	char		*first;
	char		*second;
	char		*nested;
	char		*path;
};

static int
snap_event(const struct event *ev, void *arg)
{
	struct snap	*s = arg;

	if (s->nested == NULL && strcmp(ev->v[F_ID], "b-1") == 0)
		s->nested = participants(s->reg, "b-1");
	return (0);
}

static int
snap_read(struct registry *reg, void *arg, char **cause)
{
	struct snap	*s = arg;
	sqlite3		*db;
	char		*other = NULL;

	s->first = participants(reg, "b-1");
	/* Another connection commits meanwhile. */
	if (sqlite3_open(s->path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "INSERT INTO participants VALUES ('b-1', 'Zed',"
	    " 'other', '2024-01-01T00:00:00Z')", NULL, NULL, &other) !=
	    SQLITE_OK) {
		printf("# %s\n", other != NULL ? other : "cannot open");
		sqlite3_free(other);
	}
	sqlite3_close(db);
	s->second = participants(reg, "b-1");
	return (registry_foreach(reg, snap_event, s, cause));
}

static void
test_migration(void)
{
	struct registry	*reg;
	struct event	 ev;
	sqlite3		*db;
	char		 path[128], *cause = NULL, *err = NULL;

	snprintf(path, sizeof path, "%s/v5.db", dir);
	if ((reg = registry_open(path, NULL, &cause)) == NULL) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	add_event(reg, "m-1", "2024-03-08");
	add_event(reg, "m-2", "2024-03-09");
	registry_close(reg);

	/* Make it a schema 5 registry with extras of the new names. */
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "DROP TABLE participants;"
	    "DROP TABLE event_articles;"
	    "DROP TABLE stats_pages;"
	    "ALTER TABLE events DROP COLUMN edits;"
	    "ALTER TABLE events DROP COLUMN bytes_added;"
	    "ALTER TABLE events DROP COLUMN page;"
	    "INSERT INTO event_extras VALUES ('m-1', 'page',"
	    " 'WikiGap 2024/Nairobi');"
	    "INSERT INTO event_extras VALUES ('m-1', 'edits', '007');"
	    "INSERT INTO event_extras VALUES ('m-1', 'hashtag', '#wg');"
	    "INSERT INTO event_extras VALUES ('m-2', 'bytes_added', '120');"
	    "INSERT INTO event_extras VALUES ('m-2', 'page', 'Bad|Title');"
	    "PRAGMA user_version = 5;", NULL, NULL, &err) != SQLITE_OK) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
	sqlite3_close(db);

	reg = registry_open(path, NULL, &cause);
	ok(reg != NULL, "a schema 5 registry opens");
	if (reg == NULL) {
		printf("# %s\n", cause);
		return;
	}
	is_int(registry_schema_version(reg), 6, "it is migrated to 6");
	event_init(&ev);
	registry_get(reg, "m-1", &ev, &cause);
	is_str(ev.v[F_PAGE], "WikiGap 2024/Nairobi",
	    "an extra 'page' in the field's form becomes the field");
	is_str(ev.v[F_EDITS], "", "an extra 'edits' not in its form does not");
	ok(ev.nextras == 1 && strcmp(ev.extras[0].name, "hashtag") == 0,
	    "the other extras stay, and the moved ones are no extras");
	event_free(&ev);
	event_init(&ev);
	registry_get(reg, "m-2", &ev, &cause);
	is_str(ev.v[F_BYTES_ADDED], "120", "a count in its form moves");
	is_str(ev.v[F_PAGE], "", "a title with '|' does not");
	ok(ev.nextras == 0, "no extra of a field's name is left");
	event_free(&ev);
	is_got(participants(reg, NULL), "", "no participants yet");
	{
		struct buf	b;

		buf_init(&b, BUF_UNLIMITED);
		if (sqlite3_open(path, &db) == SQLITE_OK) {
			sqlite3_stmt	*st;

			sqlite3_prepare_v2(db, "SELECT event_id, field,"
			    " old_value, source FROM history WHERE new_value IS"
			    " NULL ORDER BY seq", -1, &st, NULL);
			while (sqlite3_step(st) == SQLITE_ROW)
				buf_printf(&b, "%s %s %s %s; ",
				    sqlite3_column_text(st, 0),
				    sqlite3_column_text(st, 1),
				    sqlite3_column_text(st, 2),
				    sqlite3_column_text(st, 3));
			sqlite3_finalize(st);
			sqlite3_close(db);
		}
		is_str(buf_str(&b), "m-1 edits 007 migration:6; "
		    "m-2 page Bad|Title migration:6; ",
		    "the values that did not move are in history");
		buf_free(&b);
	}
	registry_close(reg);
}

int
main(void)
{
	static const struct event_article two[] = {
		{ NULL, NULL, "Nairobi", 1, 3, 1200 },
		{ NULL, NULL, "Kenya", 0, 1, 40 },
	};
	static const struct event_article two_again[] = {
		{ "ignored", "ignored", "Kenya", 0, 1, 40 },
		{ NULL, NULL, "Nairobi", 5, 3, 1200 },
	};
	static const struct event_article changed_one[] = {
		{ NULL, NULL, "Kenya", 0, 2, 40 },
		{ NULL, NULL, "Nairobi", 1, 3, 1200 },
	};
	static const struct event_article sv[] = {
		{ NULL, NULL, "Zebra", 0, 1, 0 },
		{ NULL, NULL, "Apa", 1, 1, 10 },
	};
	static const struct event_article dup[] = {
		{ NULL, NULL, "X", 0, 1, 0 },
		{ NULL, NULL, "X", 1, 1, 0 },
	};
	static const struct event_article neg[] = {
		{ NULL, NULL, "X", 0, -1, 0 },
	};
	static const struct event_article untitled[] = {
		{ NULL, NULL, "", 0, 1, 0 },
	};
	struct registry	*reg;
	struct snap	 s;
	struct change	 c;
	char		 path[128], *cause = NULL;
	int		 done;

	if (mkdtemp(dir) == NULL)
		return (1);
	snprintf(path, sizeof path, "%s/r.db", dir);
	if ((reg = registry_open(path, NULL, &cause)) == NULL) {
		printf("Bail out! %s\n", cause);
		return (1);
	}
	is_int(registry_schema_version(reg), REGISTRY_SCHEMA_VERSION,
	    "the schema is current");
	is_int(REGISTRY_SCHEMA_VERSION, 6, "and it is 6");
	add_event(reg, "a-1", "2024-03-08");
	add_event(reg, "b-1", "2024-03-01");

	/* Add, twice, and list. */
	ok(change(reg, "a-1", "Bob", 0, &done, &cause) == 0 && done == 1,
	    "a participant is added");
	ok(change(reg, "a-1", "Alice", 0, &done, &cause) == 0 && done == 1,
	    "a second one");
	ok(change(reg, "a-1", "Alice", 0, &done, &cause) == 0 && done == 0,
	    "one already listed is not added again");
	ok(change(reg, "b-1", "Alice", 0, &done, &cause) == 0 && done == 1,
	    "the same user in another event");
	is_got(participants(reg, "a-1"), "a-1:Alice a-1:Bob ",
	    "an event's participants, by user, with source and date");
	is_got(participants(reg, NULL), "a-1:Alice a-1:Bob b-1:Alice ",
	    "everyone's, by event then user");
	is_got(participants(reg, "none"), "", "an unknown event has none");
	is_got(history(reg, "a-1"), "NULL>Bob (test) NULL>Alice (test) ",
	    "each addition is in history, the duplicate not");

	/* Unknown events. */
	ok(change(reg, "none", "Alice", 0, &done, &cause) == -1,
	    "adding to an unknown event fails");
	is_int(registry_errcode(reg), REGISTRY_EDATA, "as a data error");
	is_str(cause, "no event 'none'", "naming the event");
	free(cause);
	cause = NULL;
	ok(change(reg, "none", "Alice", 1, &done, &cause) == -1 &&
	    registry_errcode(reg) == REGISTRY_EDATA, "so does removing");
	free(cause);
	cause = NULL;

	/* Remove. */
	ok(change(reg, "a-1", "Bob", 1, &done, &cause) == 0 && done == 1,
	    "a participant is removed");
	ok(change(reg, "a-1", "Bob", 1, &done, &cause) == 0 && done == 0,
	    "one not listed is not removed");
	is_got(participants(reg, "a-1"), "a-1:Alice ", "the other stays");
	is_got(history(reg, "a-1"), "NULL>Bob (test) NULL>Alice (test) "
	    "Bob>NULL (test) ", "the removal is in history");

	/* A failed transaction leaves nothing. */
	c.id = "a-1";
	c.user = "Carol";
	c.rm = 0;
	c.fail = 1;
	ok(registry_write(reg, do_change, &c, &cause) == -1,
	    "a transaction that fails after an addition");
	free(cause);
	cause = NULL;
	is_got(participants(reg, "a-1"), "a-1:Alice ", "adds nobody");
	is_got(history(reg, "a-1"), "NULL>Bob (test) NULL>Alice (test) "
	    "Bob>NULL (test) ", "and records nothing");

	/* Articles. */
	ok(put_articles(reg, "a-1", "", two, 2, &done, &cause) == 0 &&
	    done == 1, "articles are stored");
	ok(put_articles(reg, "a-1", "", two_again, 2, &done, &cause) == 0 &&
	    done == 0, "the same again, in another order: no change "
	    "(created is a flag; event and wiki are not read)");
	ok(put_articles(reg, "a-1", "svwiki", sv, 2, &done, &cause) == 0 &&
	    done == 1, "another wiki's");
	is_got(articles(reg, "a-1"), "a-1//Nairobi:c:3:1200 "
	    "a-1//Kenya:i:1:40 a-1/svwiki/Apa:c:1:10 a-1/svwiki/Zebra:i:1:0 ",
	    "by wiki, created first, then title");
	ok(put_articles(reg, "a-1", "", changed_one, 2, &done, &cause) == 0 &&
	    done == 1, "a changed figure is a change");
	ok(put_articles(reg, "a-1", "", two, 1, &done, &cause) == 0 &&
	    done == 1, "so is a page fewer");
	is_got(articles(reg, "a-1"), "a-1//Nairobi:c:3:1200 "
	    "a-1/svwiki/Apa:c:1:10 a-1/svwiki/Zebra:i:1:0 ",
	    "the pages of one wiki are replaced, the other's kept");
	ok(put_articles(reg, "b-1", "", two, 2, &done, &cause) == 0,
	    "another event's");
	is_got(articles(reg, NULL), "a-1//Nairobi:c:3:1200 "
	    "a-1/svwiki/Apa:c:1:10 a-1/svwiki/Zebra:i:1:0 "
	    "b-1//Nairobi:c:3:1200 b-1//Kenya:i:1:40 ", "every event's");

	ok(put_articles(reg, "a-1", "", dup, 2, &done, &cause) == -1 &&
	    registry_errcode(reg) == REGISTRY_EDATA, "a page given twice is "
	    "refused as a data error");
	is_str(cause, "event 'a-1': article 'X' is given twice",
	    "naming it");
	free(cause);
	cause = NULL;
	ok(put_articles(reg, "a-1", "", neg, 1, &done, &cause) == -1 &&
	    registry_errcode(reg) == REGISTRY_EDATA, "a negative figure too");
	free(cause);
	cause = NULL;
	ok(put_articles(reg, "a-1", "", untitled, 1, &done, &cause) == -1 &&
	    registry_errcode(reg) == REGISTRY_EDATA, "a page without title");
	free(cause);
	cause = NULL;
	ok(put_articles(reg, "none", "", two, 2, &done, &cause) == -1 &&
	    registry_errcode(reg) == REGISTRY_EDATA, "an unknown event's");
	is_str(cause, "no event 'none'", "naming the event");
	free(cause);
	cause = NULL;
	is_got(articles(reg, "a-1"), "a-1//Nairobi:c:3:1200 "
	    "a-1/svwiki/Apa:c:1:10 a-1/svwiki/Zebra:i:1:0 ",
	    "a refused put changes nothing");
	ok(put_articles(reg, "a-1", "svwiki", NULL, 0, &done, &cause) == 0 &&
	    done == 1, "no pages at all: a change");
	is_got(articles(reg, "a-1"), "a-1//Nairobi:c:3:1200 ",
	    "that wiki's are gone");

	/* One snapshot for several reads, nested ones included. */
	memset(&s, 0, sizeof s);
	s.reg = reg;
	s.path = path;
	ok(registry_read(reg, snap_read, &s, &cause) == 0, "registry_read");
	is_str(s.first, "b-1:Alice ", "a read in it");
	is_str(s.second, "b-1:Alice ", "a second read does not see another "
	    "process's commit made between them");
	is_str(s.nested, "b-1:Alice ", "nor does a read nested in a "
	    "foreach's callback");
	free(s.first);
	free(s.second);
	free(s.nested);
	s.nested = NULL;
	is_got(participants(reg, "b-1"), "b-1:Alice b-1:Zed (bad source or "
	    "date) ", "after it, the commit is seen");

	/* A callback may read the list it is called from again. */
	{
		struct again	a;

		a.reg = reg;
		buf_init(&a.b, BUF_UNLIMITED);
		ok(registry_participants(reg, "b-1", list_again, &a,
		    &cause) == 0, "a list read inside its own callback");
		is_str(buf_str(&a.b), "Alice[b-1:Alice b-1:Zed (bad source or "
		    "date) ]Zed[b-1:Alice b-1:Zed (bad source or date) ]",
		    "both reads are whole");
		buf_free(&a.b);
	}

	/* Deleting an event takes its participants and articles along. */
	ok(registry_write(reg, do_delete, "a-1", &cause) == 0,
	    "an event with participants is deleted");
	is_got(participants(reg, "a-1"), "", "its participants are gone");
	is_got(articles(reg, "a-1"), "", "its articles too");
	is_got(history(reg, "a-1"), "NULL>Bob (test) NULL>Alice (test) "
	    "Bob>NULL (test) Alice>NULL (test-rm) ",
	    "each participant's removal is in history");
	is_got(participants(reg, NULL), "b-1:Alice b-1:Zed (bad source or "
	    "date) ", "another event's stay");
	is_got(articles(reg, NULL), "b-1//Nairobi:c:3:1200 b-1//Kenya:i:1:40 ",
	    "with their articles");
	registry_close(reg);

	test_migration();

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return (1);
	return (tap_done());
}
