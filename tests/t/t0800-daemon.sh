#!/bin/sh
# wikisync daemon against the test wiki, with this test playing systemd:
# it listens on NOTIFY_SOCKET, sets WATCHDOG_USEC, and checks READY after
# the first pass, watchdog pings, a registry change on the wiki within
# 5 s, SIGHUP with a broken then a fixed config, SIGTERM, and a restart
# after kill -9 that repeats no edit.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>/dev/null | tail -n +2 \
	    >"$T/page"
}
revid() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read "$1" | awk -F '\t' '{ print $3 }'
}
on_page() {
	page "Daemon test"
	grep -qF "$1" "$T/page"
}
notified() {
	grep -qF "$1" "$T/notify.log"
}

# The systemd side of sd_notify: every datagram, one line each.
python3 - "$T/notify.sock" "$T/notify.log" <<'EOP' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        log.write(s.recv(4096).decode().replace("\n", " | ") + "\n")
EOP
listener=$!
wait_for 10 test -S "$T/notify.sock" || echo "Bail out! no notify socket"

{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[daemon]
interval = 30

[table dt]
page = Daemon test
template = $TEST_SRCDIR/etc/templates/statistics.wiki
where = campaign = D
sort = start
create = yes
EOC
ws event add --id d1 campaign=D title="First event" start=2023-03-08
is_status 0 "an event to start with"

start_daemon() {
	NOTIFY_SOCKET="$T/notify.sock" WATCHDOG_USEC=2000000 \
	    "$WIKISYNC" -c "$CONF" daemon >"$T/daemon.out" 2>>"$T/daemon.err" \
	    </dev/null &
	daemon=$!
}
: >"$T/notify.log"
start_daemon
wait_for 30 notified "READY=1"
is_eq "$?" "0" "READY=1 arrives"
sed -n '1,/READY=1/p' "$T/notify.log" | grep -q "^EXTEND_TIMEOUT_USEC="
is_eq "$?" "0" "before it, the start timeout is extended (the first pass may be long)"
on_page "First event"
is_eq "$?" "0" "after the first pass made the page"
notified "STATUS=in sync: 1 page; last pass"
is_eq "$?" "0" "STATUS says the pages are in sync"
before=$(grep -c "WATCHDOG=1" "$T/notify.log")
sleep 3
after=$(grep -c "WATCHDOG=1" "$T/notify.log")
[ $((after - before)) -ge 2 ]
is_eq "$?" "0" "watchdog pings keep coming (every WATCHDOG_USEC/2)"

# A change in the registry reaches the page within 5 s.
ws event add --id d2 campaign=D title="Added while running" \
    start=2023-03-09
wait_for 5 on_page "Added while running"
is_eq "$?" "0" "an event added with the CLI is on the page within 5 s"

# SIGHUP with a broken config: reported, the old one stays in use.
cp "$CONF" "$T/good.ini"
printf '\n[table broken]\npage = X\ntemplate = %s\nsortt = start\n' \
    "$TEST_SRCDIR/etc/templates/statistics.wiki" >>"$CONF"
kill -HUP "$daemon"
wait_for 10 grep -q "not reloaded" "$T/daemon.err"
is_eq "$?" "0" "a broken config is not loaded"
grep -q "wikisync.ini:[0-9]*: .*sortt" "$T/daemon.err"
is_eq "$?" "0" "its error is named with file and line"
kill -0 "$daemon"
is_eq "$?" "0" "the daemon keeps running"
notified "RELOADING=1 | MONOTONIC_USEC="
is_eq "$?" "0" "RELOADING=1 with MONOTONIC_USEC was sent"
run "$WIKISYNC" -c "$T/good.ini" event add --id d3 campaign=D \
    title="Under the old config" start=2023-03-10
wait_for 5 on_page "Under the old config"
is_eq "$?" "0" "the old config is still in use"

# SIGHUP with a fixed config: applied.
printf '%s\n' '{|' '<%#events%>' '|-' '| reloaded: <%title%>' '<%/events%>' \
    '|}' >"$T/new.wiki"
sed "s|^template = .*statistics.wiki$|template = $T/new.wiki|" "$T/good.ini" \
    >"$CONF"
kill -HUP "$daemon"
wait_for 10 grep -q "reloaded$" "$T/daemon.err"
is_eq "$?" "0" "a good config is loaded"
wait_for 10 on_page "| reloaded: First event"
is_eq "$?" "0" "and applied at once"

# SIGTERM: exit 0, STOPPING=1.
kill -TERM "$daemon"
wait "$daemon"
STATUS=$?
is_status 0 "SIGTERM ends the daemon with status 0"
notified "STOPPING=1"
is_eq "$?" "0" "STOPPING=1 was sent"

# kill -9 after an edit, then a restart: no edit is repeated.
start_daemon
wait_for 30 notified "READY=1"
ws event add --id d4 campaign=D title="Before the kill" start=2023-03-11
wait_for 5 on_page "Before the kill"
is_eq "$?" "0" "the edit is made"
rev=$(revid "Daemon test")
kill -KILL "$daemon"
wait "$daemon" 2>/dev/null
: >"$T/notify.log"
start_daemon
wait_for 30 notified "READY=1"
is_eq "$?" "0" "the restarted daemon is ready"
is_eq "$(revid "Daemon test")" "$rev" "and made no edit: nothing was repeated"
kill -TERM "$daemon"
wait "$daemon"

# --- an import of 10,000 events: one pass, one edit per page.
{ wiki_section 3; cat <<EOC; } >"$T/many.ini"

[registry]
database = $T/registry.db

[daemon]
interval = 30

[table m1]
page = Many 1
template = $TEST_SRCDIR/etc/templates/statistics.wiki
where = campaign = M1
create = yes

[table m2]
page = Many 2
template = $TEST_SRCDIR/etc/templates/statistics.wiki
where = campaign = M2
create = yes

[table m3]
page = Many 3
template = $TEST_SRCDIR/etc/templates/statistics.wiki
where = campaign = M3
create = yes
EOC
CONF="$T/many.ini"
: >"$T/notify.log"
: >"$T/daemon.err"
start_daemon
wait_for 30 notified "READY=1"
is_eq "$?" "0" "a daemon with three tables is ready"
for p in 1 2 3; do eval "rev$p=\$(revid \"Many $p\")"; done
awk 'BEGIN {
	print "id,campaign,title,start,country,city"
	for (i = 1; i <= 10000; i++)
		printf "m-%05d,M%d,Imported %d,2023-03-%02d,Chile,Arica\n",
		    i, i % 3 + 1, i, i % 28 + 1
}' >"$T/many.csv"
ws import "$T/many.csv"
is_status 0 "10,000 events imported in one transaction"
many_done() {
	for p in 1 2 3; do
		eval "r=\$rev$p"
		[ "$(revid "Many $p")" != "$r" ] || return 1
	done
}
wait_for 60 many_done
is_eq "$?" "0" "every affected page is edited"
sleep 2
for p in 1 2 3; do
	n=$(curl -sf "$WIKI_API?action=query&format=json&prop=revisions&rvlimit=50&titles=Many%20$p" |
	    jq '.query.pages[].revisions | length')
	is_eq "$n" "2" "page 'Many $p': created at start, then exactly one edit"
done
page "Many 1"
grep -c '^|-$' "$T/page" >"$T/rows"
is_eq "$(cat "$T/rows")" "3333" "with all its events (3,333 rows)"

# --- SIGTERM during a pass (waiting out edit_interval = 3 between two
# edits): exit 0 soon, no edit half made, the rest left to the next run.
ws event add --id m-x1 campaign=M1 title="Late one" start=2023-04-01
ws event add --id m-x2 campaign=M2 title="Late two" start=2023-04-01
ws event add --id m-x3 campaign=M3 title="Late three" start=2023-04-01
late_started() {
	page "Many 1"
	grep -q "Late one" "$T/page"
}
wait_for 20 late_started
kill -TERM "$daemon"
t0=$(date +%s)
wait "$daemon"
STATUS=$?
t1=$(date +%s)
is_status 0 "SIGTERM in the middle of a pass exits 0"
[ $((t1 - t0)) -le 5 ]
is_eq "$?" "0" "within a few seconds (it does not start the next edit)"
notified "STOPPING=1"
is_eq "$?" "0" "after STOPPING=1"
page "Many 3"
grep -q "Late three" "$T/page"
is_eq "$?" "1" "the pass was stopped before its last edit"
: >"$T/notify.log"
start_daemon
wait_for 30 notified "READY=1"
late_done() {
	for w in "Many 1:Late one" "Many 2:Late two" "Many 3:Late three"; do
		page "${w%%:*}"
		grep -q "${w#*:}" "$T/page" || return 1
	done
}
wait_for 30 late_done
is_eq "$?" "0" "a restart finishes the pages the stopped pass left"
for p in 1 2 3; do
	n=$(curl -sf "$WIKI_API?action=query&format=json&prop=revisions&rvlimit=50&titles=Many%20$p" |
	    jq '.query.pages[].revisions | length')
	is_eq "$n" "3" "page 'Many $p': one edit for the late event, none twice"
done

# --- one failing page does not stop the others; it backs off.
printf '%s\n' "<!-- wikisync:begin bad -->" "no end marker" >"$T/bad.txt"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human "Broken page" \
    <"$T/bad.txt" >/dev/null 2>&1
cp "$CONF" "$T/many-good.ini"
printf '\n[table bad]\npage = Broken page\ntemplate = %s\nwhere = campaign = M1\n' \
    "$TEST_SRCDIR/etc/templates/statistics.wiki" >>"$CONF"
kill -HUP "$daemon"
wait_for 20 grep -q "page 'Broken page': marker 'bad' opened on line 1 is never closed" \
    "$T/daemon.err"
is_eq "$?" "0" "the broken page is reported"
grep -q "is never closed; nothing written (retrying in 5 s)" "$T/daemon.err"
is_eq "$?" "0" "and backs off"
wait_for 10 notified "STATUS=1 page not in sync"
is_eq "$?" "0" "STATUS counts it as not in sync"
ws event add --id m-ok campaign=M2 title="Despite the broken page" \
    start=2023-04-03
others_done() {
	page "Many 2"
	grep -q "Despite the broken page" "$T/page"
}
wait_for 10 others_done
is_eq "$?" "0" "the other pages are still synced"
tried_again() {
	[ "$(grep -c "is never closed" "$T/daemon.err")" -ge 2 ]
}
wait_for 20 tried_again
is_eq "$?" "0" "the broken page is tried again after its backoff"

# --- the wiki goes away and comes back: the daemon waits, then syncs.
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" stop "$WIKI_DIR"
ws event add --id m-down campaign=M1 title="While the wiki was down" \
    start=2023-04-02
sleep 3
kill -0 "$daemon"
is_eq "$?" "0" "the daemon keeps running while the wiki is down"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" serve "$WIKI_DIR"
is_eq "$?" "0" "the wiki comes back"
down_done() {
	page "Many 1"
	grep -q "While the wiki was down" "$T/page"
}
wait_for 90 down_done
is_eq "$?" "0" "the change made while it was down reaches the page"
kill -TERM "$daemon"
wait "$daemon"
STATUS=$?
is_status 0 "and it still stops cleanly"

# --- a page moved on the wiki: sync notes it on every run, the daemon
# logs it once, when it first follows it; summary lines in the singular.
{ wiki_section; cat <<EOC; } >"$T/move.ini"

[registry]
database = $T/registry.db

[daemon]
interval = 30

[table mv]
page = Move test
template = $TEST_SRCDIR/etc/templates/statistics.wiki
where = campaign = MV
create = yes
EOC
CONF="$T/move.ini"
ws event add --id mv-1 campaign=MV title="Before the move" start=2023-05-01
ws sync
is_status 0 "the page to move is made"
printf 'Move test|Moved test\n' >"$T/moves"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$WIKI_DIR" moveBatch.php \
    --u Human --r "renamed by hand" "$T/moves" >"$T/move.log" 2>&1
is_eq "$?" "0" "a human moves the page"
ws sync
is_status 0 "sync follows the move"
out_has "Move test: note: page 'Move test' was moved to 'Moved test'; followed (set page = Moved test in the config)" \
    "and notes it"
ws sync
out_has "was moved to 'Moved test'" "on every run"
: >"$T/daemon.err"
: >"$T/notify.log"
start_daemon
wait_for 30 notified "READY=1"
is_eq "$?" "0" "a daemon on the moved page is ready"
moved_has() {
	page "Moved test"
	grep -qF "$1" "$T/page"
}
ws event add --id mv-2 campaign=MV title="After the move" start=2023-05-02
wait_for 10 moved_has "After the move"
is_eq "$?" "0" "the daemon edits the page at its new title"
ws event add --id mv-3 campaign=MV title="Later still" start=2023-05-03
wait_for 10 moved_has "Later still"
is_eq "$?" "0" "and again on the next change"
wait_for 5 grep -q "pass (registry changed): 1 page, 1 edit, 0 not in sync; " \
    "$T/daemon.err"
is_eq "$?" "0" "the pass line is in the singular: 1 page, 1 edit"
is_eq "$(grep -c "page 'Move test' was moved to 'Moved test'; following it (set page = Moved test in the config)" "$T/daemon.err")" \
    "1" "the daemon logged the move once over three passes"
if grep -E '\b1 (pages|edits|requests|events|sign-ups)\b' "$T/daemon.err"; then
	fail "no '1 edits' in the daemon's log"
else
	pass "no '1 edits' in the daemon's log"
fi
kill -TERM "$daemon"
wait "$daemon"
STATUS=$?
is_status 0 "the daemon stops"

kill "$listener" 2>/dev/null
done_testing
