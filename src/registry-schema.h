/*
 * The registry's schema migrations, oldest first.  Internal to registry.c.
 *
 * Migration N takes a database at user_version N-1 to N.  Never edit a
 * migration that has shipped: add a new one and bump
 * REGISTRY_SCHEMA_VERSION in registry.h.
 */
#ifndef REGISTRY_SCHEMA_H
#define REGISTRY_SCHEMA_H

/* "wiki" in ASCII: marks the file as a wikisync registry. */
#define REGISTRY_APPLICATION_ID	0x77696b69

static const char *const registry_migrations[] = {
	/* 1: events and their history. */
	"PRAGMA application_id = 2003397481;"
	"CREATE TABLE events ("
	" id TEXT PRIMARY KEY NOT NULL,"
	" campaign TEXT NOT NULL DEFAULT '',"
	" title TEXT NOT NULL DEFAULT '',"
	" start TEXT NOT NULL DEFAULT '',"
	" \"end\" TEXT NOT NULL DEFAULT '',"
	" timezone TEXT NOT NULL DEFAULT '',"
	" mode TEXT NOT NULL DEFAULT '',"
	" country TEXT NOT NULL DEFAULT '',"
	" city TEXT NOT NULL DEFAULT '',"
	" venue TEXT NOT NULL DEFAULT '',"
	" url TEXT NOT NULL DEFAULT '',"
	" organizer TEXT NOT NULL DEFAULT '',"
	" language TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT '',"
	" participants TEXT NOT NULL DEFAULT '',"
	" articles_created TEXT NOT NULL DEFAULT '',"
	" articles_improved TEXT NOT NULL DEFAULT '',"
	" notes TEXT NOT NULL DEFAULT '',"
	" created TEXT NOT NULL,"
	" updated TEXT NOT NULL);"
	"CREATE INDEX events_by_start ON events (start, id);"
	"CREATE TABLE history ("
	" seq INTEGER PRIMARY KEY,"
	" event_id TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" field TEXT NOT NULL,"
	" old_value TEXT,"
	" new_value TEXT);",

	/* 2: free extra fields per event. */
	"CREATE TABLE event_extras ("
	" event_id TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (event_id, name)) WITHOUT ROWID;",

	/*
	 * 3: sync state per table region, and the text of regions that
	 * wikisync replaced without having written it (adopted regions,
	 * overwritten hand edits).
	 */
	"CREATE TABLE sync_state ("
	" wiki TEXT NOT NULL,"
	" region TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" page_id INTEGER NOT NULL DEFAULT 0,"
	" revid INTEGER NOT NULL DEFAULT 0,"
	" written_revid INTEGER NOT NULL DEFAULT 0,"
	" rendered TEXT NOT NULL DEFAULT '',"
	" stored TEXT NOT NULL DEFAULT '',"
	" rows INTEGER NOT NULL DEFAULT 0,"
	" generated TEXT NOT NULL DEFAULT '',"
	" events TEXT NOT NULL DEFAULT '',"
	" written TEXT NOT NULL DEFAULT '',"
	" checked TEXT NOT NULL DEFAULT '',"
	" error TEXT NOT NULL DEFAULT '',"
	" error_at TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (wiki, region)) WITHOUT ROWID;"
	"CREATE TABLE region_history ("
	" seq INTEGER PRIMARY KEY,"
	" wiki TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" region TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" revid INTEGER NOT NULL,"
	" user TEXT NOT NULL,"
	" text TEXT NOT NULL);",

	/*
	 * 4: intake.  Per intake page, what the last pull found; per call
	 * pulled, its "base" (the fields it gave then, intake.h) and whether
	 * it left the page.  History gets an index by event, for the
	 * newest-wins merge's "when did this field last change".
	 */
	"CREATE TABLE intake_state ("
	" wiki TEXT NOT NULL,"
	" intake TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" page_id INTEGER NOT NULL DEFAULT 0,"
	" revid INTEGER NOT NULL DEFAULT 0,"
	" conf TEXT NOT NULL DEFAULT '',"
	" pulled TEXT NOT NULL DEFAULT '',"
	" calls INTEGER NOT NULL DEFAULT 0,"
	" invalid INTEGER NOT NULL DEFAULT 0,"
	" removed INTEGER NOT NULL DEFAULT 0,"
	" problems TEXT NOT NULL DEFAULT '',"
	" report TEXT NOT NULL DEFAULT '',"
	" error TEXT NOT NULL DEFAULT '',"
	" error_at TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (wiki, intake)) WITHOUT ROWID;"
	"CREATE TABLE intake_calls ("
	" wiki TEXT NOT NULL,"
	" intake TEXT NOT NULL,"
	" event_id TEXT NOT NULL,"
	" base TEXT NOT NULL,"
	" revid INTEGER NOT NULL,"
	" removed TEXT NOT NULL DEFAULT '',"
	" cancelled INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (wiki, intake, event_id)) WITHOUT ROWID;"
	"CREATE INDEX history_by_event ON history (event_id, seq);",

	/*
	 * 5: edits about to be made (sync_pending), so that an edit whose
	 * record a crash or a lost answer cut off is known as wikisync's
	 * own; a version per state row, so that a pass writes a state only
	 * if it is still the one it read; and the last such recovery.
	 */
	"ALTER TABLE sync_state ADD COLUMN version INTEGER NOT NULL"
	" DEFAULT 0;"
	"ALTER TABLE sync_state ADD COLUMN recovered TEXT NOT NULL"
	" DEFAULT '';"
	"ALTER TABLE intake_state ADD COLUMN version INTEGER NOT NULL"
	" DEFAULT 0;"
	"ALTER TABLE intake_state ADD COLUMN recovered TEXT NOT NULL"
	" DEFAULT '';"
	"CREATE TABLE sync_pending ("
	" seq INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" wiki TEXT NOT NULL,"
	" region TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" base_revid INTEGER NOT NULL,"
	" stored TEXT NOT NULL,"
	" rendered TEXT NOT NULL DEFAULT '',"
	" rows INTEGER NOT NULL DEFAULT 0,"
	" generated TEXT NOT NULL DEFAULT '',"
	" events TEXT NOT NULL DEFAULT '',"
	" made TEXT NOT NULL);"
	"CREATE INDEX sync_pending_by_region ON sync_pending"
	" (kind, wiki, region, seq);",

	/*
	 * 6: campaign statistics.  Three standard fields (edits, bytes_added,
	 * page); each event's participants (user names), the pages behind
	 * its figures, and the page its participants were last read from.  Extra fields of the new fields' names become the
	 * fields when their values are already in the fields' form; any
	 * other such value goes into history (source "migration:6"), so
	 * that no event holds a name twice and no value is lost.
	 */
	"ALTER TABLE events ADD COLUMN edits TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE events ADD COLUMN bytes_added TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE events ADD COLUMN page TEXT NOT NULL DEFAULT '';"
	"UPDATE events SET"
	" edits = coalesce((SELECT value FROM event_extras WHERE"
	"  event_id = events.id AND name = 'edits' AND value GLOB '[0-9]*'"
	"  AND value NOT GLOB '*[^0-9]*' AND length(value) <= 9 AND"
	"  (value = '0' OR value NOT GLOB '0*')), ''),"
	" bytes_added = coalesce((SELECT value FROM event_extras WHERE"
	"  event_id = events.id AND name = 'bytes_added' AND"
	"  value GLOB '[0-9]*' AND value NOT GLOB '*[^0-9]*' AND"
	"  length(value) <= 9 AND (value = '0' OR value NOT GLOB '0*')), ''),"
	" page = coalesce((SELECT value FROM event_extras WHERE"
	"  event_id = events.id AND name = 'page' AND"
	"  value NOT GLOB '*[]#<>[|{}_]*' AND value NOT GLOB ' *' AND"
	"  value NOT GLOB '* ' AND value NOT GLOB '*  *' AND"
	"  length(CAST(value AS BLOB)) <= 255), '')"
	" WHERE id IN (SELECT event_id FROM event_extras WHERE"
	"  name IN ('edits', 'bytes_added', 'page'));"
	"INSERT INTO history (event_id, at, source, field, old_value,"
	" new_value) SELECT x.event_id,"
	" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration:6', x.name,"
	" x.value, NULL FROM event_extras x JOIN events e ON e.id = x.event_id"
	" WHERE (x.name = 'edits' AND e.edits != x.value) OR"
	" (x.name = 'bytes_added' AND e.bytes_added != x.value) OR"
	" (x.name = 'page' AND e.page != x.value) ORDER BY x.event_id, x.name;"
	"DELETE FROM event_extras WHERE name IN ('edits', 'bytes_added',"
	" 'page');"
	"CREATE TABLE participants ("
	" event_id TEXT NOT NULL,"
	" user TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" added TEXT NOT NULL,"
	" PRIMARY KEY (event_id, user)) WITHOUT ROWID;"
	"CREATE TABLE event_articles ("
	" event_id TEXT NOT NULL,"
	" wiki TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" created INTEGER NOT NULL,"
	" edits INTEGER NOT NULL,"
	" bytes_added INTEGER NOT NULL,"
	" PRIMARY KEY (event_id, wiki, title)) WITHOUT ROWID;"
	/* The page each event's participants were last read from. */
	"CREATE TABLE stats_pages ("
	" event_id TEXT PRIMARY KEY NOT NULL,"
	" wiki TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" revid INTEGER NOT NULL,"
	" read TEXT NOT NULL) WITHOUT ROWID;",
};

#endif
