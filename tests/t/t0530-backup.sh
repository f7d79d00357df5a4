#!/bin/sh
# wikisync backup: a consistent copy through SQLite's online backup, also
# while another process keeps writing; refusals that protect the registry
# and existing files; restore by copying the backup back.
. "$TEST_SRCDIR/tests/lib.sh"

umask 022

# gen_csv PREFIX N FILE: N events with ids PREFIX-1..N, long notes and an
# extra field, so that the registry spans several backup steps.
gen_csv() {
	awk -v p="$1" -v n="$2" 'BEGIN {
		notes = "Notes"
		for (k = 0; k < 8; k++)
			notes = notes " on a bulk event: long enough to fill pages."
		print "id,campaign,title,start,notes,hashtag"
		for (i = 1; i <= n; i++)
			printf "%s-%d,Bulk,Bulk event %d,2024-05-01,%s,#%s\n",
			    p, i, i, notes, p
	}' >"$3"
}

count() {
	sqlite3 "$1" "SELECT count(*) FROM $2"
}

# leftovers GLOB...: how many files in $T match.
leftovers() {
	n=0
	for g in "$@"; do
		# shellcheck disable=SC2086
		for f in "$T"/$g; do
			[ -e "$f" ] && n=$((n + 1))
		done
	done
	echo $n
}

# copy_conf DB: a config for another registry file, as $CONF's.
copy_conf() {
	printf '[registry]\ndatabase = %s\nextra_fields = hashtag, partner\n' \
	    "$1" >"$1.ini"
}

ws import "$TEST_SRCDIR/etc/sample-events.csv"
gen_csv bulk 3000 "$T/bulk.csv"
ws import "$T/bulk.csv"
is_status 0 "a bulk import"
ws event add --id extra-one campaign=C title=T start=2024-01-01 \
    hashtag=wikigap partner='Library'
ws event edit extra-one title='T2' partner='City library'
ws event rm wikigap-2023-goteborg-2023-03-11
is_status 0 "a registry with events, history and extra fields"

ws backup "$T/b1.db"
is_status 0 "backup exits 0"
n=$(count "$T/registry.db" events)
out_has "backup: $n events, " "it counts the events"
out_has "bytes written to $T/b1.db" "it names the file"
mode=$(stat -c %a "$T/b1.db")
is_eq "$mode" "600" "the copy's mode is 0600 (umask 022)"
v=$(sqlite3 "$T/b1.db" 'PRAGMA integrity_check')
is_eq "$v" "ok" "the copy passes integrity_check"
v=$(sqlite3 "$T/b1.db" 'PRAGMA journal_mode')
is_eq "$v" "delete" "the copy is a single file, not WAL"
v=$(sqlite3 "$T/b1.db" 'PRAGMA application_id; PRAGMA user_version' |
    tr '\n' ' ')
is_eq "$v" "2003397481 6 " "the copy is a wikisync registry of this schema"
for t in history event_extras; do
	is_eq "$(count "$T/b1.db" $t)" "$(count "$T/registry.db" $t)" \
	    "the copy has every row of $t"
done
left=$(leftovers 'b1.db?*')
is_eq "$left" "0" "no temporary or companion file is left"

cp "$T/b1.db" "$T/pristine.db"
copy_conf "$T/pristine.db"
ws export --format csv
cp "$OUT" "$T/orig.csv"
run "$WIKISYNC" -c "$T/pristine.db.ini" export --format csv
is_status 0 "the copy opens as a registry"
same_file "$OUT" "$T/orig.csv" "the copy exports the same events"

run "$WIKISYNC" -q -c "$CONF" backup "$T/quiet.db"
is_status 0 "backup -q exits 0"
is_eq "$(cat "$OUT")" "" "and prints nothing"

# Usage.
ws backup
is_status 64 "backup without a file is a usage error"
ws backup "$T/x.db" "$T/y.db"
is_status 64 "backup with two files is a usage error"
ws backup --bogus "$T/x.db"
is_status 64 "an unknown option is a usage error"
run "$WIKISYNC" -c "$T/missing.ini" backup --help
is_status 0 "backup --help works without a config"
out_has "usage: wikisync backup [--force] FILE" "it shows the usage"

# An existing file is not replaced without --force.
printf 'old\n' >"$T/exists.db"
ws backup "$T/exists.db"
is_status 73 "an existing file is refused"
err_has "$T/exists.db: already exists" "it is named"
err_has "--force" "the way out is named"
is_eq "$(cat "$T/exists.db")" "old" "the file is left as it was"
ws backup --force "$T/exists.db"
is_status 0 "--force replaces it"
v=$(sqlite3 "$T/exists.db" 'PRAGMA integrity_check')
is_eq "$v" "ok" "with a good copy"
is_eq "$(count "$T/exists.db" events)" "$n" "of every event"

# The registry itself is never the target.
ws backup --force "$T/registry.db"
is_status 73 "backing up onto the live registry is refused"
err_has "live registry" "it says why"
ln -s registry.db "$T/link.db"
ws backup --force "$T/link.db"
is_status 73 "so is a symbolic link to it"
v=$(sqlite3 "$T/registry.db" 'PRAGMA integrity_check')
is_eq "$v" "ok" "the registry is untouched"
is_eq "$(count "$T/registry.db" events)" "$n" "and keeps its events"

# Failures leave no temporary file.
ws backup "$T/no/such/dir/x.db"
is_status 73 "a missing directory fails"
err_has "$T/no/such/dir/x.db: cannot create" "it names the file"
mkdir "$T/adir"
ws backup --force "$T/adir"
is_status 73 "a directory cannot be replaced"
err_has "$T/adir" "it is named"
left=$(leftovers 'adir?*' 'x.db*')
is_eq "$left" "0" "no temporary file is left after a failure"
printf 'stale' >"$T/stale.db-wal"
ws backup "$T/stale.db"
is_status 73 "a target beside a leftover -wal file is refused"
err_has "$T/stale.db-wal exists" "the -wal file is named"
if [ -e "$T/stale.db" ]; then
	fail "nothing is written"
else
	pass "nothing is written"
fi

# A backup while another process keeps writing: single adds and imports.
writer() {
	i=0
	while [ ! -f "$T/stop" ] && [ $i -lt 3000 ]; do
		if [ $((i % 10)) -eq 0 ]; then
			gen_csv "r$i" 200 "$T/w.csv"
			"$WIKISYNC" -c "$CONF" import "$T/w.csv" >/dev/null \
			    2>>"$T/writer.err" ||
			    echo "import $i" >>"$T/writer.fail"
		else
			"$WIKISYNC" -c "$CONF" event add --id "cw-$i" \
			    campaign=C title="concurrent $i" start=2024-06-01 \
			    hashtag="h$i" >/dev/null 2>>"$T/writer.err" ||
			    echo "add $i" >>"$T/writer.fail"
		fi
		i=$((i + 1))
	done
}
start=$(count "$T/registry.db" events)
writer & wpid=$!
grown() {
	[ "$(count "$T/registry.db" events)" -gt $((start + 250)) ]
}
wait_for 60 grown || fail "the writer writes"
busy=ok
for k in 1 2 3; do
	ws backup "$T/during-$k.db"
	[ "$STATUS" -eq 0 ] || busy="backup $k exit $STATUS"
done
kill -0 $wpid 2>/dev/null && running=yes || running=no
touch "$T/stop"
wait $wpid
end=$(count "$T/registry.db" events)
echo "# writer still running after the backups: $running" \
    "($start to $end events)"
is_eq "$busy" "ok" "backups beside a busy writer succeed"
is_eq "$(cat "$T/writer.fail" 2>/dev/null)" "" "and the writer is not disturbed"
prev=$start
for k in 1 2 3; do
	f="$T/during-$k.db"
	v=$(sqlite3 "$f" 'PRAGMA integrity_check')
	is_eq "$v" "ok" "copy $k passes integrity_check"
	c=$(count "$f" events)
	if [ "$c" -ge "$prev" ] && [ "$c" -le "$end" ]; then
		pass "copy $k holds $c events, a count the writer went through"
	else
		fail "copy $k holds $c events, outside $prev..$end"
	fi
	prev=$c
	v=$(sqlite3 "$f" "SELECT count(*) FROM events e WHERE NOT EXISTS
	    (SELECT 1 FROM history h WHERE h.event_id = e.id)")
	is_eq "$v" "0" "copy $k has the history of every event it holds"
	v=$(sqlite3 "$f" "SELECT count(*) FROM events e WHERE id LIKE 'cw-%'
	    AND NOT EXISTS (SELECT 1 FROM event_extras x
	    WHERE x.event_id = e.id AND x.name = 'hashtag')")
	is_eq "$v" "0" "copy $k has the extra fields of every event it holds"
done
left=$(leftovers 'during-[0-9].db?*')
is_eq "$left" "0" "no temporary file is left beside the copies"

# Restore (the service stopped): the backup copied over the registry,
# without the old -wal and -shm files.
rm -f "$T/registry.db-wal" "$T/registry.db-shm"
install -m 600 "$T/b1.db" "$T/registry.db"
ws event list
is_status 0 "the restored registry works"
out_has "extra-one" "with the events of the backup"
out_lacks "cw-1 " "and not those written after it"
ws export --format csv
same_file "$OUT" "$T/orig.csv" "it exports what was backed up"
ws event add --id after-restore campaign=C title=T start=2024-01-01
is_status 0 "and takes writes"
v=$(sqlite3 "$T/registry.db" 'PRAGMA journal_mode')
is_eq "$v" "wal" "and is in WAL mode again"

done_testing
