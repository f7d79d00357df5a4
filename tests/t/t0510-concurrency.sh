#!/bin/sh
# Several writers at once (the daemon and the CLI share the registry):
# every write waits its turn and succeeds, none is lost.
. "$TEST_SRCDIR/tests/lib.sh"

ws event list

writer() {
	i=0
	while [ $i -lt 60 ]; do
		"$WIKISYNC" -c "$CONF" event add --id "w$1-$i" campaign=C \
		    title="writer $1 event $i" start=2024-01-01 \
		    >/dev/null 2>>"$T/errors.$1" || echo "fail $i" >>"$T/errors.$1"
		i=$((i + 1))
	done
}
writer 1 & p1=$!
writer 2 & p2=$!
writer 3 & p3=$!
wait $p1 $p2 $p3
errors=$(cat "$T"/errors.* 2>/dev/null | wc -l)
is_eq "$errors" "0" "three concurrent writers see no error"
n=$(sqlite3 "$T/registry.db" 'SELECT count(*) FROM events')
is_eq "$n" "180" "no write is lost"
n=$(sqlite3 "$T/registry.db" "SELECT count(DISTINCT event_id) FROM history")
is_eq "$n" "180" "every write is in the history"

# A write while another process holds the write lock waits, then succeeds.
(
	printf 'BEGIN IMMEDIATE;\nINSERT INTO history (event_id, at, source, field) VALUES ('"'"'x'"'"', '"'"'t'"'"', '"'"'test'"'"', '"'"'f'"'"');\n.shell sleep 2\nCOMMIT;\n' |
	    sqlite3 "$T/registry.db"
) & holder=$!
sleep 0.5
ws event add --id waited campaign=C title=T start=2024-01-01
is_status 0 "a write waits for another process's transaction"
wait $holder
ws event show waited
is_status 0 "and is stored"

# An import racing with single adds: both complete.
"$WIKISYNC" -c "$CONF" import "$TEST_SRCDIR/etc/sample-events.csv" \
    >/dev/null 2>"$T/import.err" & pi=$!
writer 4
wait $pi; st=$?
is_eq "$st" "0" "an import beside another writer succeeds"
errors=$(cat "$T/errors.4" 2>/dev/null | wc -l)
is_eq "$errors" "0" "the other writer succeeds too"
v=$(sqlite3 "$T/registry.db" 'PRAGMA integrity_check')
is_eq "$v" "ok" "the registry passes integrity_check"

done_testing
