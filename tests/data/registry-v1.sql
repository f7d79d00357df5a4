-- A registry as schema version 1 left it (events and history, no extra
-- fields), to test the migration to later versions.
PRAGMA application_id = 2003397481;
CREATE TABLE events (
 id TEXT PRIMARY KEY NOT NULL,
 campaign TEXT NOT NULL DEFAULT '',
 title TEXT NOT NULL DEFAULT '',
 start TEXT NOT NULL DEFAULT '',
 "end" TEXT NOT NULL DEFAULT '',
 timezone TEXT NOT NULL DEFAULT '',
 mode TEXT NOT NULL DEFAULT '',
 country TEXT NOT NULL DEFAULT '',
 city TEXT NOT NULL DEFAULT '',
 venue TEXT NOT NULL DEFAULT '',
 url TEXT NOT NULL DEFAULT '',
 organizer TEXT NOT NULL DEFAULT '',
 language TEXT NOT NULL DEFAULT '',
 status TEXT NOT NULL DEFAULT '',
 participants TEXT NOT NULL DEFAULT '',
 articles_created TEXT NOT NULL DEFAULT '',
 articles_improved TEXT NOT NULL DEFAULT '',
 notes TEXT NOT NULL DEFAULT '',
 created TEXT NOT NULL,
 updated TEXT NOT NULL);
CREATE INDEX events_by_start ON events (start, id);
CREATE TABLE history (
 seq INTEGER PRIMARY KEY,
 event_id TEXT NOT NULL,
 at TEXT NOT NULL,
 source TEXT NOT NULL,
 field TEXT NOT NULL,
 old_value TEXT,
 new_value TEXT);
INSERT INTO events (id, campaign, title, start, status, created, updated)
 VALUES ('v1-event', 'WikiGap 2023', 'Old Event', '2023-03-08', 'done',
 '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z');
INSERT INTO history (event_id, at, source, field, old_value, new_value)
 VALUES ('v1-event', '2023-01-01T00:00:00Z', 'import:old.csv', 'title',
 NULL, 'Old Event');
PRAGMA user_version = 1;
