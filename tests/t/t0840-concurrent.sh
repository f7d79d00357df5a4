#!/bin/sh
# Two passes at once: the daemon running while registry changes and
# one-shot syncs come every second or so (and now and then two one-shot
# syncs started together, as overlapping cron jobs would), over the test
# wiki.  Passes take turns through the pass lock (registry.db.lock), so
# no pass takes another's edit for a hand edit, no state is lost, no edit
# is sent twice, and the pages end as a clean sync leaves them.  Then the
# wait itself: a one-shot sync says whose pass it waits for, and a daemon
# waiting for the lock still stops on SIGTERM.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

ROUNDS=${CONCURRENT_ROUNDS:-25}
PAGES=2
SEED=${CONCURRENT_SEED:-$(date +%s)}
echo "# concurrency test: $ROUNDS rounds over $PAGES pages, CONCURRENT_SEED=$SEED"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>/dev/null | tail -n +2 \
	    >"$T/page"
}

{
	wiki_section 4
	printf '\n[registry]\ndatabase = %s\n\n[daemon]\ninterval = 30\n' \
	    "$T/registry.db"
	p=1
	while [ $p -le $PAGES ]; do
		printf '\n[table k%d]\npage = Concurrent/%d\ntemplate = %s\n' \
		    $p $p "$TEST_SRCDIR/etc/templates/by-country.wiki"
		printf 'where = campaign = K%d\nsort = country, start\n' $p
		printf 'group = country\ncreate = yes\n'
		p=$((p + 1))
	done
} >"$CONF"
{
	echo "id,campaign,title,start,country,city"
	p=1
	while [ $p -le $PAGES ]; do
		e=1
		while [ $e -le 5 ]; do
			echo "k$p-e$e,K$p,Event $e,2023-03-0$e,Country $e,City $e"
			e=$((e + 1))
		done
		p=$((p + 1))
	done
} >"$T/events.csv"
ws import "$T/events.csv"
is_status 0 "the registry gets $((PAGES * 5)) events"
ws sync
is_status 0 "the first sync creates the pages"

# A pseudo-random number below $1 in R, from the seed (no command
# substitution: the generator's state must stay in this shell).
rnd=$((SEED % 2147483648))
random() {
	rnd=$(( (rnd * 1103515245 + 12345) % 2147483648 ))
	R=$(( rnd / 65536 % $1 ))
}

"$WIKISYNC" -v -c "$CONF" daemon >"$T/daemon.out" 2>"$T/daemon.err" \
    </dev/null &
daemon=$!
wait_for 30 grep -q "started:" "$T/daemon.err"

failed=0 syncs=0 pairs=0
r=1
while [ $r -le "$ROUNDS" ]; do
	# One or two events change, on random pages.
	random $PAGES
	"$WIKISYNC" -c "$CONF" event edit "k$((R + 1))-e$((r % 5 + 1))" \
	    title="Event $((r % 5 + 1)), round $r" >/dev/null 2>&1
	random 2
	if [ $R -eq 1 ]; then
		random $PAGES
		"$WIKISYNC" -c "$CONF" event edit "k$((R + 1))-e1" \
		    city="City, round $r" >/dev/null 2>&1
	fi
	# The daemon sees the change within about a second; a one-shot sync
	# comes 0.3 to 1.6 s after it, into the daemon's pass or not.
	random 1300
	ms=$((R + 300))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	if [ $((r % 5)) -eq 0 ]; then
		"$WIKISYNC" -v -c "$CONF" sync >"$T/sync.$r.a.out" \
		    2>"$T/sync.$r.a.err" &
		a=$!
		"$WIKISYNC" -v -c "$CONF" sync >"$T/sync.$r.b.out" \
		    2>"$T/sync.$r.b.err" &
		b=$!
		wait $a || failed=$((failed + 1))
		wait $b || failed=$((failed + 1))
		syncs=$((syncs + 2))
		pairs=$((pairs + 1))
	else
		"$WIKISYNC" -v -c "$CONF" sync >"$T/sync.$r.out" \
		    2>"$T/sync.$r.err" || failed=$((failed + 1))
		syncs=$((syncs + 1))
	fi
	r=$((r + 1))
done
# The daemon's last pass, then stop it.
sleep 3
kill -TERM $daemon
wait $daemon
is_eq "$?" "0" "the daemon stops cleanly on SIGTERM"

hand=$(cat "$T"/sync.*.err "$T/daemon.err" | grep -c "edited by hand")
twice=$(cat "$T"/sync.*.err "$T/daemon.err" | grep -c "had this text already")
waited=$(cat "$T"/sync.*.err "$T/daemon.err" | grep -c "waiting for another pass")
conflicts=$(cat "$T"/sync.*.err "$T/daemon.err" | grep -c "changed since this pass read it")
dpasses=$(grep -c "pass (registry changed)" "$T/daemon.err")
echo "# $syncs one-shot syncs ($pairs pairs started together), $dpasses daemon" \
    "passes for registry changes; $waited waits for another pass;" \
    "$failed syncs failed; $hand false hand edits; $twice edits sent twice"
is_eq "$failed" "0" "every one-shot sync succeeds"
if [ "$hand" -ne 0 ]; then
	cat "$T"/sync.*.err "$T/daemon.err" | grep "edited by hand" |
	    head -n 5 | sed 's/^/#   /'
fi
is_eq "$hand" "0" "no pass takes another's edit for a hand edit"
is_eq "$twice" "0" "no edit is sent twice"
is_eq "$conflicts" "0" "no pass finds a state changed under it"
[ "$waited" -gt 0 ]
is_eq "$?" "0" "(passes did meet, and one waited for the other)"

ws sync
is_status 0 "a last sync succeeds"
out_has "edit 0)" "and finds nothing left to do"
differ=0
p=1
while [ $p -le $PAGES ]; do
	{
		echo "<!-- wikisync:begin k$p -->"
		"$WIKISYNC" -c "$CONF" render "k$p"
		echo "<!-- wikisync:end k$p -->"
	} >"$T/want"
	page "Concurrent/$p"
	printf '\n' >>"$T/page"
	cmp -s "$T/want" "$T/page" || differ=$((differ + 1))
	p=$((p + 1))
done
is_eq "$differ" "0" "every page is as a clean sync leaves it"
ws status
out_lacks " since " "status shows no error"
n=$(sqlite3 "$T/registry.db" "SELECT count(*) FROM sync_state WHERE version < 2")
is_eq "$n" "0" "every state row was written over its read version"

# --- Waiting, told: another process holds the pass lock (flock(1), the
# same lock wikisync takes) for 3 s.
"$WIKISYNC" -c "$CONF" event edit k1-e1 title="Waited for" >/dev/null
flock "$T/registry.db.lock" sleep 3 &
holder=$!
sleep 0.5
ws sync
is_status 0 "a sync that had to wait then syncs"
err_has "waiting for another pass to end (pid " "it said whose pass it waited for"
out_has "Concurrent/1: edited" "and edited the page after the wait"
wait $holder

# A daemon waiting for the lock stops on SIGTERM (and says why).
"$WIKISYNC" -c "$CONF" event edit k2-e1 title="Never synced" >/dev/null
flock "$T/registry.db.lock" sleep 6 &
holder=$!
sleep 0.5
"$WIKISYNC" -c "$CONF" daemon >/dev/null 2>"$T/daemon2.err" </dev/null &
daemon=$!
wait_for 10 grep -q "waiting for another pass" "$T/daemon2.err"
is_eq "$?" "0" "a daemon whose pass must wait says so"
kill -TERM $daemon
wait $daemon
is_eq "$?" "0" "and stops cleanly on SIGTERM while it waits"
grep -q "pass not made: stopped while waiting" "$T/daemon2.err"
is_eq "$?" "0" "saying its pass was not made"
wait $holder

done_testing
