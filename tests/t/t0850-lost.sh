#!/bin/sh
# Lost answers: the wiki saves an edit but its answer never comes back
# (tests/lossy.py, a proxy in front of the real test wiki, drops it or
# holds it past the client's timeout), several passes in a row, with the
# registry changing in between; on table pages, a page created with
# create = yes, and an intake page whose ids are written back.  The next
# pass recognizes each such edit as wikisync's own ("recovered an
# unrecorded edit", once), never as a hand edit, files none of its own
# texts as a person's, sends no edit twice, and leaves every page as a
# clean sync does.  An edit that never reached the wiki is made again,
# and a real hand edit is still caught.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki
start_lossy 10

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
SIGNUP="Lost/Sign up"
# page TITLE: the page's text into $T/page.
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>/dev/null | tail -n +2 \
	    >"$T/page"
}
human() {
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human "$1" \
	    <"$2" >/dev/null 2>&1
}
# conf SESSION MODE: the config, talking to the wiki through the proxy
# in MODE (tests/lossy.py), requests given up after 5 s.
conf() {
	{
		wiki_section | sed "s|^api = .*|api = $LOSSY/$1/$2/api.php|"
		echo "timeout = 5"
		cat <<EOC

[registry]
database = $T/registry.db

[table t1]
page = Lost/1
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = L1
sort = country, start
group = country

[table t2]
page = Lost/2
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = L2
sort = country, start
group = country

[table new]
page = Lost/New
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = LN
sort = country, start
group = country
create = yes

[table gen]
page = Lost/Gen
template = $T/generated.wiki
where = campaign = LG
create = yes

[intake signups]
page = $SIGNUP
template = WikiGap event
campaign = LS
report = yes
EOC
		[ -z "${NEW2:-}" ] || cat <<EOC

[table new2]
page = Lost/New2
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = LN
sort = country, start
group = country
create = yes
EOC
	} >"$CONF"
}
# change N: the registry changes on every table's page.
change() {
	"$WIKISYNC" -c "$CONF" event edit l1-a title="L1 A, round $1" &&
	"$WIKISYNC" -c "$CONF" event add --id "l2-$1" campaign=L2 \
	    title="L2 round $1" start=2023-03-1$1 country=Chile city=Arica &&
	"$WIKISYNC" -c "$CONF" event edit ln-a title="New A, round $1"
}
# lost: answers the proxy lost or held (the wiki saved those edits).
lost() {
	grep -c -E ' (dropped|late)$' "$T/lossy.log"
}
# rendered TABLE PAGE: is the region on PAGE what "render TABLE" gives?
rendered() {
	page "$2"
	"$WIKISYNC" -c "$CONF" render "$1" >"$T/want" &&
	awk -v b="<!-- wikisync:begin $1 -->" -v e="<!-- wikisync:end $1 -->" \
	    '$0 == e { on = 0 } on { print } $0 == b { on = 1 }' "$T/page" \
	    >"$T/got" &&
	cmp -s "$T/want" "$T/got"
}
recoveries=0
# sync_as NAME: a sync whose output is kept as $T/NAME.out and .err,
# counting the recoveries it reports.
sync_as() {
	ws sync
	cp "$OUT" "$T/$1.out"
	cp "$ERR" "$T/$1.err"
	n=$(grep -c "recovered an unrecorded edit" "$ERR")
	recoveries=$((recoveries + n))
}

# A template showing when it was rendered: a recovered edit keeps its
# time, so that the next pass needs no edit for the time alone.
printf 'Updated <%%generated%%>.\n<%%#events%%>\n* <%%title%%>\n<%%/events%%>\n' \
    >"$T/generated.wiki"
conf s0 ok
for p in 1 2; do
	printf 'Coordination of table %s.\n\n<!-- wikisync:begin t%s -->\n<!-- wikisync:end t%s -->\n\nText after the table.\n' \
	    $p $p $p >"$T/p$p.txt"
	human "Lost/$p" "$T/p$p.txt"
done
cat >"$T/signup.txt" <<'EOF'
Sign up below.

<!-- wikisync:begin signups -->
<!-- wikisync:end signups -->

{{WikiGap event|country=Kenya|city=Nairobi|start=2023-03-08|title=Nairobi}}
{{WikiGap event|country=Ghana|city=Tamale|start=2023-03-09|title=Tamale}}
EOF
human "$SIGNUP" "$T/signup.txt"
ws event add --id l1-a campaign=L1 title="L1 A" start=2023-03-01 \
    country=Kenya city=Nairobi
ws event add --id l1-b campaign=L1 title="L1 B" start=2023-03-02 \
    country=Peru city=Lima
ws event add --id l2-a campaign=L2 title="L2 A" start=2023-03-03 \
    country=Chile city=Santiago
ws event add --id ln-a campaign=LN title="New A" start=2023-03-04 \
    country=India city=Pune
ws event add --id lg-a campaign=LG title="Gen A" start=2023-03-05
is_status 0 "the registry has events for every table"

# --- Every answer lost: the wiki saves each edit, wikisync cannot know.
conf s1 drop
sync_as drop1
is_status 75 "a sync whose edits' answers are lost fails (75: try again)"
err_has "Empty reply from server (the next sync reads the page and will not repeat a saved edit)" \
    "saying the outcome is unknown"
is_eq "$(lost)" "5" "the wiki saved 5 edits whose answers were lost (2 pages, 2 creations, the ids)"
page "Lost/New"
grep -q "wikisync:begin new" "$T/page"
is_eq "$?" "0" "the page was created nonetheless"
page "$SIGNUP"
is_eq "$(grep -c '|id=' "$T/page")" "2" "and the sign-ups' ids written"
out_has "sign-up 1 (line 6): no id written yet, not taken" \
    "which the registry has not taken"

# --- Again, with the registry changed in between: each page is
# recognized, and its new edit's answer is lost too.  (A second later,
# so that a table rendered anew would show another time.)
sleep 1
change 1
conf s2 drop
sync_as drop2
is_status 75 "the next sync, its answers lost as well, fails too"
for p in "Lost/1" "Lost/2" "Lost/New"; do
	err_has "page '$p': recovered an unrecorded edit of region" \
	    "it recovers the unrecorded edit on $p"
done
err_has "intake page '$SIGNUP': recovered an unrecorded edit" \
    "and on the sign-up page"
err_has "page 'Lost/Gen': recovered an unrecorded edit" \
    "and on the page whose table shows when it was rendered"
out_has "Lost/Gen: in sync" "which needs no edit for the time alone"
if grep -q "edited by hand" "$T/drop2.err"; then
	fail "no edit of wikisync's is taken for a hand edit"
	diag "$T/drop2.err"
else
	pass "no edit of wikisync's is taken for a hand edit"
fi
ws event list --where 'campaign = LS'
out_has "Nairobi" "the sign-ups whose ids were written are taken now"
out_has "Tamale" "both"
is_eq "$(lost)" "8" "3 more edits saved, answers lost (the ids were not due again)"

# --- Answers held past the client's timeout.
change 2
conf s3 late
sync_as late3
is_status 75 "a sync whose answers come too late fails"
err_has "'Lost/1': timed out: " "saying the request timed out"
err_has "page 'Lost/1': recovered an unrecorded edit" \
    "and recovers the edits lost before"
if grep -q "edited by hand" "$T/late3.err"; then
	fail "no false hand edit after the late answers"
else
	pass "no false hand edit after the late answers"
fi
is_eq "$(lost)" "11" "3 more edits saved, answers held"

# --- Edits that never reach the wiki, a creation among them (a table
# new in the config): made again, nothing "recovered" that was not saved.
change 3
NEW2=1
conf s4 drop-before
sync_as unsent4
is_status 75 "a sync whose edits never reach the wiki fails"
unsent=$(grep -c ' unsent$' "$T/lossy.log")
is_eq "$unsent" "4" "4 edits never reached the wiki (one a creation)"
page "Lost/New2"
[ -s "$T/page" ]
is_eq "$?" "1" "the page to create is still missing"
err_has "page 'Lost/2': recovered an unrecorded edit" \
    "the late edits are recovered"

# --- The answers come back: one sync brings every page in line.
conf s5 ok
sync_as ok5
is_status 0 "with answers back, one sync brings every page in sync"
if grep -q "edited by hand" "$T/ok5.err"; then
	fail "still no false hand edit"
	diag "$T/ok5.err"
else
	pass "still no false hand edit"
fi
out_lacks "already had this text" "no edit is sent twice"
err_lacks() {
	if grep -qF -- "$1" "$ERR"; then fail "$2"; else pass "$2"; fi
}
out_has "Lost/New2: created" "the page never created is created now"
err_lacks "page 'Lost/New2': recovered" "and no edit of it is recovered"
for tp in "t1 Lost/1" "t2 Lost/2" "new Lost/New" "new2 Lost/New2" \
    "gen Lost/Gen"; do
	# shellcheck disable=SC2086
	set -- $tp
	if rendered "$1" "$2"; then
		pass "$2 holds what the registry renders"
	else
		fail "$2 holds what the registry renders"
		diff "$T/want" "$T/got" | head -n 20 | sed 's/^/#   /'
	fi
done
page "Lost/1"
grep -q "Text after the table." "$T/page"
is_eq "$?" "0" "text outside the markers is kept"
ws sync
is_status 0 "a second sync succeeds"
out_has "edit 0)" "and has nothing to edit"
n=$(sqlite3 "$T/registry.db" "SELECT count(*) FROM region_history")
is_eq "$n" "0" "no text of wikisync's was filed as a hand edit or adopted"
n=$(sqlite3 "$T/registry.db" "SELECT count(*) FROM sync_pending")
is_eq "$n" "4" "only the pending writes of the 4 edits never sent are left (for an hour)"
ws status
is_status 0 "status runs"
out_has "recovered an unrecorded edit (revision" \
    "status tells of the recovered edit and its revision"

# --- The daemon tells of a recovery in its log, once.
change 5
conf s7 drop=1
ws sync
is_status 75 "a sync loses the answer of its first edit (Lost/1)"
change 6
conf s8 ok
"$WIKISYNC" -c "$CONF" daemon >/dev/null 2>"$T/daemon.err" </dev/null &
daemon=$!
wait_for 30 grep -q "pass (start)" "$T/daemon.err"
is_eq "$?" "0" "the daemon's first pass edits"
"$WIKISYNC" -c "$CONF" event edit l1-b title="L1 B, for the daemon" \
    >/dev/null 2>&1
wait_for 30 grep -q "pass (registry changed)" "$T/daemon.err"
is_eq "$?" "0" "and so does its next pass"
kill -TERM $daemon
wait $daemon
grep -q "page 'Lost/1': recovered an unrecorded edit of region 't1' (revision [0-9]" \
    "$T/daemon.err"
is_eq "$?" "0" "the daemon's log tells of the recovered edit and its revision"
n=$(grep -c "recovered an unrecorded edit" "$T/daemon.err")
is_eq "$n" "1" "once"
recoveries=$((recoveries + n))

# --- A real hand edit is still caught.
page "Lost/1"
sed 's/^| Nairobi .*/| Nairobi || by hand/' "$T/page" >"$T/hand.txt"
human "Lost/1" "$T/hand.txt"
change 4
conf s6 ok
ws sync
is_status 65 "a real hand edit inside a region stops its page"
err_has "page 'Lost/1': region 't1' was edited by hand" "as a hand edit"
err_has "by Human" "by its author"
if grep -q "Lost/2.*edited by hand" "$ERR"; then
	fail "the other pages go on"
else
	pass "the other pages go on"
fi

echo "# lost answers: $(lost) (dropped or late), $unsent edits never sent;" \
    "recoveries reported: $recoveries"
[ "$recoveries" -ge 7 ]
is_eq "$?" "0" "(recoveries were reported)"

done_testing
