#!/bin/sh
# A full disk and a read-only registry, for real: the registry on a small
# tmpfs filled to the last block, and behind a read-only bind mount.  Each
# write fails with a message that names the file and says why and that
# nothing was written; the registry is unchanged and passes its integrity
# check; no edit is made that the registry could not record; commands that
# only read go on working; the daemon keeps running, holds what it cannot
# do, and catches up by itself once there is space again.
#
# Mounting needs root and a mount namespace (unshare -m, so that nothing
# outlives the test); without them the test says it is skipped.
if [ -z "${WS_UNSHARED:-}" ]; then
	if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null ||
	    ! unshare -m --propagation private true 2>/dev/null; then
		echo "1..0 # SKIP needs root and unshare -m (a tmpfs and a" \
		    "read-only bind mount)"
		exit 0
	fi
	WS_UNSHARED=1 exec unshare -m --propagation private sh "$0" "$@"
fi
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

# Unmount before lib_cleanup removes $T.
cleanup() {
	[ -n "${daemon:-}" ] && kill "$daemon" 2>/dev/null
	umount "$T/ro" 2>/dev/null
	umount "$T/full" 2>/dev/null
	lib_cleanup
}
trap cleanup EXIT

start_wiki
BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
# page TITLE: the page's text into $T/page.
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>/dev/null |
	    tail -n +2 >"$T/page"
}
revid() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read "$1" | awk -F '\t' '{ print $3 }'
}
human() {
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human "$1" \
	    <"$2" >/dev/null 2>&1
}
on_page() {
	page "$1"
	grep -qF -- "$2" "$T/page"
}
q() {
	sqlite3 "$1" "$2"
}
# fill DIR: write a file until its file system has no block left.
fill() {
	dd if=/dev/zero of="$1/filler" bs=4k >/dev/null 2>&1
	[ "$(df -P "$1" | awk 'NR == 2 { print $4 }')" -eq 0 ]
}
# conf FILE DB PAGE SIGNUPS: a config with a table and an intake page.
conf() {
	{ wiki_section; cat <<EOC; } >"$1"

[registry]
database = $2

[daemon]
interval = 30

[table t]
page = $3
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = WikiGap 2023
sort = country, start
group = country
create = yes
on_manual_edit = overwrite

[intake signups]
page = $4
template = Sign up
campaign = WikiGap 2023
EOC
}
signup_page() {
	printf '%s\n' "Sign up below." >"$T/signups.txt"
	human "$1" "$T/signups.txt"
}
# add_signup PAGE CITY: a sign-up call added by a human.
add_signup() {
	printf '%s\n' "Sign up below." "{{Sign up|country=Chile|city=$2|start=2023-03-10|title=Signed up in $2}}" \
	    >"$T/signups.txt"
	human "$1" "$T/signups.txt"
}

# ---------------------------------------------------------------------
# A full disk, the daemon running.
mkdir "$T/full" "$T/state" "$T/ro"
mount -t tmpfs -o size=4m,mode=0700 wikisync-test "$T/full" ||
	{ echo "Bail out! cannot mount a tmpfs"; exit 1; }
DB="$T/full/registry.db"
CONF="$T/full.ini"
conf "$CONF" "$DB" "Full disk test" "Full disk sign-ups"
signup_page "Full disk sign-ups"
ws import "$TEST_SRCDIR/etc/sample-events.csv"
is_status 0 "a registry on a 4 MiB tmpfs"
ws sync
is_status 0 "its table page is created"
events=$(q "$DB" "SELECT count(*) FROM events")
hist=$(q "$DB" "SELECT count(*) FROM history")

"$WIKISYNC" -v -c "$CONF" daemon >"$T/daemon.out" 2>"$T/daemon.err" </dev/null &
daemon=$!
wait_for 60 grep -q "pass (start)" "$T/daemon.err"
is_eq "$?" "0" "the daemon made its first pass"

fill "$T/full"
is_eq "$?" "0" "the registry's file system is full"

ws event add --id full-1 campaign="WikiGap 2023" title="On a full disk" \
    start=2023-03-20 country=Chad city=Ndjamena
is_status 74 "event add on a full disk exits 74"
err_has "$DB: cannot commit: " "it names the registry"
err_has "(no space left on its file system: free some, then try again)" \
    "it says the disk is full and what to do"
err_has "nothing was written" "it says nothing was written"

awk 'BEGIN { print "id,campaign,title,start,notes"
	for (i = 1; i <= 3000; i++)
		printf "bulk-%d,WikiGap 2023,Bulk %d,2023-04-01,%s\n", i, i,
		    "long enough notes to need more space than there is left"
}' >"$T/bulk.csv"
ws import "$T/bulk.csv"
is_status 74 "importing 3000 events on a full disk exits 74"
err_has "no space left on its file system" "import says why"
is_eq "$(q "$DB" "SELECT count(*) FROM events")" "$events" \
    "no event was added"
is_eq "$(q "$DB" "SELECT count(*) FROM history")" "$hist" \
    "no history was added"

ws event list
is_status 0 "event list still works on a full disk"
is_eq "$(grep -c '^wikigap-' "$OUT")" "$events" "and lists every event"
ws status
is_status 0 "so does status"

ws backup "$T/full/backup.db"
if [ "$STATUS" -ne 0 ] && [ ! -e "$T/full/backup.db" ] &&
    [ -z "$(find "$T/full" -name '*backup*' -print)" ]; then
	pass "a backup onto the full disk fails and leaves no file"
else
	fail "a backup onto the full disk fails and leaves no file"
fi

# On the wiki meanwhile: a sign-up, and a hand edit in the table's
# region (on_manual_edit = overwrite: its text must be saved first).
add_signup "Full disk sign-ups" "Valparaiso"
printf '%s\n' "Intro kept." "<!-- wikisync:begin t -->" \
    "A hand-made table" "<!-- wikisync:end t -->" >"$T/hand.txt"
human "Full disk test" "$T/hand.txt"
rev_hand=$(revid "Full disk test")
# The pass the reload starts: the first pass line after the reload's.
pass_after_reload() {
	sed -n '/: reloaded$/,$p' "$T/daemon.err" | grep -q "pass ("
}
kill -HUP "$daemon"
wait_for 60 pass_after_reload
is_eq "$?" "0" "the daemon makes a pass on a full disk"
if grep -q "page 'Full disk test': not edited, as .*$DB: .*no space left" \
    "$T/daemon.err"; then
	pass "it does not replace the hand edit it cannot save"
else
	fail "it does not replace the hand edit it cannot save"
	diag "$T/daemon.err"
fi
grep -q "intake page 'Full disk sign-ups': .*no space left.*no sign-up \
taken" "$T/daemon.err"
is_eq "$?" "0" "it says the sign-up was not taken, and why"
is_eq "$(revid "Full disk test")" "$rev_hand" "the table page is not edited"
on_page "Full disk test" "A hand-made table"
is_eq "$?" "0" "the hand edit is still on the page"
kill -0 "$daemon"
is_eq "$?" "0" "the daemon keeps running"
is_eq "$(q "$DB" "PRAGMA integrity_check")" "ok" \
    "the registry passes its integrity check on a full disk"

# Space again: the daemon catches up by itself (its retries back off).
rm -f "$T/full/filler"
wait_for 120 on_page "Full disk test" "Signed up in Valparaiso"
is_eq "$?" "0" "with space again the sign-up reaches the table unaided"
on_page "Full disk test" "A hand-made table"
is_eq "$?" "1" "the hand edit is replaced now"
is_eq "$(q "$DB" "SELECT count(*) FROM region_history WHERE text LIKE \
'%A hand-made table%'")" "1" "after its text was saved in the registry"
is_eq "$(q "$DB" "SELECT count(*) FROM events WHERE city = 'Valparaiso'")" \
    "1" "the sign-up is in the registry once"
id=$(q "$DB" "SELECT id FROM events WHERE city = 'Valparaiso'")
on_page "Full disk sign-ups" "|id=$id"
is_eq "$?" "0" "with the id written on the sign-up page"
is_eq "$(q "$DB" "SELECT count(*) FROM events")" "$((events + 1))" \
    "nothing else was added"
kill -TERM "$daemon"
wait "$daemon"
is_eq "$?" "0" "SIGTERM ends the daemon with status 0"
daemon=
is_eq "$(q "$DB" "PRAGMA integrity_check")" "ok" \
    "the registry passes its integrity check"

# A full disk before anyone opened the registry: SQLite cannot make its
# shared-memory file, so not even a read can start.
fill "$T/full"
ws event list
is_status 74 "event list exits 74 when the registry cannot be opened"
err_has "$DB: cannot open: " "it names the file"
err_has "no space left on its file system" "and says the disk is full"
rm -f "$T/full/filler"
ws event list
is_status 0 "with space again it opens"

# ---------------------------------------------------------------------
# A read-only registry (a read-only bind of its directory).
RW="$T/rw.ini"
conf "$RW" "$T/state/registry.db" "Read-only test" "Read-only sign-ups"
CONF="$T/ro.ini"
conf "$CONF" "$T/ro/registry.db" "Read-only test" "Read-only sign-ups"
RODB="$T/ro/registry.db"
signup_page "Read-only sign-ups"
run "$WIKISYNC" -c "$RW" import "$TEST_SRCDIR/etc/sample-events.csv"
run "$WIKISYNC" -c "$RW" sync
is_status 0 "a registry and its page, written the usual way"
run "$WIKISYNC" -c "$RW" event list
cp "$OUT" "$T/list.rw"
run "$WIKISYNC" -c "$RW" export
cp "$OUT" "$T/export.rw"
mount --bind -o ro "$T/state" "$T/ro" ||
	{ echo "Bail out! cannot bind-mount read-only"; exit 1; }
sum=$(cksum <"$T/state/registry.db")

ws event list
is_status 0 "event list works on a read-only registry"
same_file "$OUT" "$T/list.rw" "and lists the same"
ws export
is_status 0 "export works"
same_file "$OUT" "$T/export.rw" "and exports the same"
ws status
is_status 0 "status works"
ws backup "$T/copy.db"
is_status 0 "backup works"
is_eq "$(q "$T/copy.db" "SELECT count(*) FROM events")" "$events" \
    "and copies every event"
ws sync
is_status 0 "sync with nothing to do works"
out_has "Read-only test: in sync" "and says the page is in sync"

ws event add --id ro-1 campaign="WikiGap 2023" title="Read-only" \
    start=2023-03-20 country=Chad city=Moundou
is_status 74 "event add on a read-only registry exits 74"
err_has "$RODB: cannot write: opened read-only (its file system is \
read-only); nothing was written" "it names the file and says why"
ws import "$T/bulk.csv"
is_status 74 "so does import"
err_has "opened read-only" "with the same reason"
ws event rm wikigap-2023-goteborg-2023-03-11
is_status 74 "so does event rm"

# A change made elsewhere: sync reads it, but makes no edit it cannot
# record; a sign-up gets no id it could not take.
run "$WIKISYNC" -c "$RW" event add --id rw-1 campaign="WikiGap 2023" \
    title="Added elsewhere" start=2023-03-21 country=Chad city=Sarh
sum=$(cksum <"$T/state/registry.db")
rev_t=$(revid "Read-only test")
add_signup "Read-only sign-ups" "Antofagasta"
rev_s=$(revid "Read-only sign-ups")
ws sync --dry-run
is_status 0 "sync --dry-run works"
out_has "Read-only test: would edit" "and sees the edit due"
ws sync
is_status 74 "sync exits 74 when an edit is due"
err_has "page 'Read-only test': not edited, as the registry could not \
record it: $RODB: opened read-only" "the table page: not edited, and why"
err_has "intake page 'Read-only sign-ups': no sign-up taken and no id \
written" "the sign-up page: nothing taken, nothing written"
is_eq "$(revid "Read-only test")" "$rev_t" "the table page is unchanged"
is_eq "$(revid "Read-only sign-ups")" "$rev_s" \
    "the sign-up page is unchanged"

"$WIKISYNC" -v -c "$CONF" daemon >"$T/daemon-ro.out" 2>"$T/daemon-ro.err" </dev/null &
daemon=$!
wait_for 60 grep -q "pass (start)" "$T/daemon-ro.err"
is_eq "$?" "0" "the daemon starts on a read-only registry"
if grep -q "page 'Read-only test': not edited, as the registry could \
not record it" "$T/daemon-ro.err"; then
	pass "and logs what it cannot do"
else
	fail "and logs what it cannot do"
	diag "$T/daemon-ro.err"
fi
kill -0 "$daemon"
is_eq "$?" "0" "it keeps running"
kill -TERM "$daemon"
wait "$daemon"
is_eq "$?" "0" "and stops with status 0"
daemon=
is_eq "$(revid "Read-only test")" "$rev_t" "it edited nothing"
is_eq "$(cksum <"$T/state/registry.db")" "$sum" \
    "the registry's file is unchanged"

# Changes left in a write-ahead log, then read-only: with its -shm they
# are read; without it they cannot be, and the message says what to do.
umount "$T/ro"
"$WIKISYNC" -c "$RW" daemon >"$T/holder.out" 2>&1 </dev/null &
holder=$!
wait_for 60 test -s "$T/state/registry.db-wal"
run "$WIKISYNC" -c "$RW" event add --id wal-1 campaign="WikiGap 2023" \
    title="Only in the log" start=2023-03-22 country=Chad city=Abeche
kill -KILL "$holder"
wait "$holder" 2>/dev/null
mount --bind -o ro "$T/state" "$T/ro"
ws event show wal-1
is_status 0 "an event only in the write-ahead log is read through -shm"
out_has "Only in the log" "with its values"
umount "$T/ro"
rm -f "$T/state/registry.db-shm"
mount --bind -o ro "$T/state" "$T/ro"
ws event list
is_status 74 "without -shm the log cannot be read on a read-only disk"
err_has "its write-ahead log holds changes not yet in the file: make it \
writable once" "and the message says what to do"
umount "$T/ro"
run "$WIKISYNC" -c "$RW" event show wal-1
is_status 0 "made writable, the event is there"
is_eq "$(q "$T/state/registry.db" "PRAGMA integrity_check")" "ok" \
    "the registry passes its integrity check"

done_testing
