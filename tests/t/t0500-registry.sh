#!/bin/sh
# The registry file: WAL, FULL sync, schema versions and migrations.
. "$TEST_SRCDIR/tests/lib.sh"

ws event list
is_status 0 "a new registry is created on first use"
v=$(sqlite3 "$T/registry.db" 'PRAGMA journal_mode')
is_eq "$v" "wal" "the registry is in WAL mode"
v=$(sqlite3 "$T/registry.db" 'PRAGMA user_version')
is_eq "$v" "6" "the schema version is set"
v=$(sqlite3 "$T/registry.db" 'PRAGMA application_id')
is_eq "$v" "2003397481" "the file is marked as a wikisync registry"

# A version 1 registry, as the first release wrote it, is migrated.
rm -f "$T"/registry.db*
sqlite3 "$T/registry.db" <"$DATA/registry-v1.sql"
ws event show v1-event
is_status 0 "a version 1 registry opens"
out_has "Old Event" "its events are kept"
v=$(sqlite3 "$T/registry.db" 'PRAGMA user_version')
is_eq "$v" "6" "it is migrated to the current version"
ws event add --id v1-new campaign=C title=T start=2024-01-01 hashtag=x
is_status 0 "the migrated registry takes extra fields"
ws event show --history v1-event
out_has "import:old.csv" "its history is kept"

# A newer schema is refused, and left alone.
sqlite3 "$T/registry.db" 'PRAGMA user_version = 99'
ws event list
is_status 65 "a newer schema is refused"
err_has "schema version 99 is newer than this wikisync knows (6)" \
    "the versions are named"
v=$(sqlite3 "$T/registry.db" 'PRAGMA user_version')
is_eq "$v" "99" "the newer registry is not touched"

# Something that is not a registry.
printf 'hello\n' >"$T/junk.db"
printf '[registry]\ndatabase = %s/junk.db\n' "$T" >"$T/junk.ini"
run "$WIKISYNC" -c "$T/junk.ini" event list
is_status 65 "a file that is not SQLite is refused"
err_has "$T/junk.db" "it is named"
sqlite3 "$T/other.db" 'CREATE TABLE t (x)'
printf '[registry]\ndatabase = %s/other.db\n' "$T" >"$T/other.ini"
run "$WIKISYNC" -c "$T/other.ini" event list
is_status 65 "another program's database is refused"
err_has "not a wikisync registry" "it is explained"
v=$(sqlite3 "$T/other.db" 'SELECT count(*) FROM sqlite_schema')
is_eq "$v" "1" "another program's database is not touched"

printf '[registry]\ndatabase = %s/no/such/dir/r.db\n' "$T" >"$T/nodir.ini"
run "$WIKISYNC" -c "$T/nodir.ini" event list
is_status 74 "a registry in a missing directory fails"
err_has "does its directory exist?" "the likely cause is named"

done_testing
