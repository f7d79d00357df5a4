#!/bin/sh
# Crash safety: wikisync killed with SIGKILL again and again while people
# keep changing the registry, over 12 pages of the test wiki.  Each round
# changes four events (and adds one), then kills an import, a one-shot
# sync or the daemon's pass: at a random moment, or (under gdb, the
# binary under test unchanged) at the worst ones: right after an edit's
# answer came back and before its sync state was written, or right
# before an edit is sent.  Several rounds run in a row before a sync
# checks the pages, so an unrecorded edit meets a registry that moved
# on, and kills meet the unrecorded edits of earlier kills.
#
# Held throughout: PRAGMA integrity_check passes after every kill; no
# pass, killed or not, takes wikisync's own edit for a hand edit; no
# edit is sent twice (the wiki never answers "nochange"); every check
# sync brings every page in sync; no write that returned success is
# lost.  At the end every page is exactly what "render" gives, and real
# hand edits are still caught: one after a kill before the edit was
# sent, one after a recovered edit.  The counts are printed; the moments
# come from CRASH_SEED (printed too) so a failure can be replayed.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

ROUNDS=${CRASH_KILLS:-96}
PAGES=12
SEED=${CRASH_SEED:-$(date +%s)}
echo "# crash test: $ROUNDS kills over $PAGES pages, CRASH_SEED=$SEED"
command -v gdb >/dev/null || { echo "Bail out! gdb is not installed"; exit 1; }

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>/dev/null | tail -n +2 \
	    >"$T/page"
}
human() {
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human "$1" \
	    <"$2" >/dev/null 2>&1
}

{
	wiki_section
	printf '\n[registry]\ndatabase = %s\n\n[daemon]\ninterval = 30\n' \
	    "$T/registry.db"
	p=1
	while [ $p -le $PAGES ]; do
		printf '\n[table t%02d]\npage = Crash/%02d\ntemplate = %s\n' $p $p \
		    "$TEST_SRCDIR/etc/templates/by-country.wiki"
		printf 'where = campaign = C%d\nsort = country, start\n' $p
		printf 'group = country\ncreate = yes\n'
		p=$((p + 1))
	done
} >"$CONF"

# events R: a CSV of every event (20 a page), their titles marked with
# round R.  (With 30000 more events no table shows, so that an import
# takes long enough to be killed in the middle.)
events() {
	awk -v pages=$PAGES -v r="$1" 'BEGIN {
		print "id,campaign,title,start,country,city"
		for (p = 1; p <= pages; p++)
			for (e = 1; e <= 20; e++)
				printf "c%d-e%d,C%d,Event %d (round %s),2023-03-%02d,Country %d,City %d\n",
				    p, e, p, e, r, e, e % 4, e
		for (b = 1; b <= 30000; b++)
			printf "bulk-%d,Bulk,Bulk %d (round %s),2023-05-01,,\n",
			    b, b, r
	}'
}
# A pseudo-random number below $1 in R, from the seed (no command
# substitution: the generator's state must stay in this shell).
rnd=$((SEED % 2147483648))
random() {
	rnd=$(( (rnd * 1103515245 + 12345) % 2147483648 ))
	R=$(( rnd / 65536 % $1 ))
}
# delay MS: D becomes a random time below MS milliseconds, 10 ms at least.
delay() {
	random "$1"
	ms=$((R + 10))
	D=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
}
integrity() {
	sqlite3 "$T/registry.db" 'PRAGMA integrity_check'
}
ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}
# launch ARGS...: wikisync ARGS in the background, its pid in $pid.
# Every wikisync of a round logs (-v) to $T/all.err: stderr is not
# buffered, so a killed process's lines are there too.
launch() {
	"$WIKISYNC" -v -c "$CONF" "$@" >>"$T/all.out" 2>>"$T/all.err" &
	pid=$!
}
# change R: four events on random pages change, and one is added: what
# coordinators do between the kills.
change() {
	k=0
	while [ $k -lt 4 ]; do
		random $PAGES
		p=$((R + 1))
		random 20
		"$WIKISYNC" -c "$CONF" event edit "c$p-e$((R + 1))" \
		    title="Changed in round $1 ($k)" >/dev/null 2>&1 ||
		    echo "# round $1: event edit failed"
		k=$((k + 1))
	done
	random $PAGES
	if "$WIKISYNC" -c "$CONF" event add --id "ack-$1" campaign="C$((R + 1))" \
	    title="Added in round $1" start=2023-04-01 country=Ack \
	    >/dev/null 2>&1; then
		echo "ack-$1" >>"$T/acked"
	fi
}
# under_gdb WHEN SKIP ARGS...: run wikisync ARGS under gdb, and SIGKILL it
# (gdb's kill) at the (SKIP+1)th edit: WHEN "after" its answer came back
# and before anything was written of it; "before" it is sent.  Sets HIT
# to 1 if the kill landed there.
under_gdb() {
	when=$1
	skip=$2
	shift 2
	if [ "$when" = after ]; then
		set -- -ex 'break mwapi_edit' -ex "ignore 1 $skip" -ex run \
		    -ex finish -ex kill --args "$WIKISYNC" -v -c "$CONF" "$@"
	else
		set -- -ex 'break mwapi_edit' -ex "ignore 1 $skip" -ex run \
		    -ex kill --args "$WIKISYNC" -v -c "$CONF" "$@"
	fi
	timeout -s KILL 120 gdb -q -nx -batch -ex 'set pagination off' \
	    -ex 'set confirm off' "$@" </dev/null >"$T/gdb.out" 2>&1
	cat "$T/gdb.out" >>"$T/all.err"
	HIT=0
	if [ "$when" = after ]; then
		grep -q '^Value returned is \$1 = 0$' "$T/gdb.out" && HIT=1
	else
		grep -q '^Breakpoint 1, mwapi_edit' "$T/gdb.out" && HIT=1
	fi
	# A daemon that made no edit still runs under a killed gdb.
	pkill -KILL -f -- "-c $CONF daemon" 2>/dev/null
	return 0
}

: >"$T/acked"
: >"$T/all.err"
: >"$T/all.out"
events 0 >"$T/round.csv"
ws import "$T/round.csv"
is_status 0 "the registry gets $((PAGES * 20 + 30000)) events"
ws sync
is_status 0 "the first sync creates the $PAGES pages"

# How long an import and a sync of four changed pages take here (an
# ASan build is slower): the random kills fall within those times.
events m >"$T/round.csv"
t0=$(ms)
"$WIKISYNC" -c "$CONF" import "$T/round.csv" >/dev/null 2>&1
t_import=$(( $(ms) - t0 + 1 ))
"$WIKISYNC" -c "$CONF" sync >/dev/null 2>&1
change m
t0=$(ms)
"$WIKISYNC" -c "$CONF" sync >/dev/null 2>&1
t_sync=$(( $(ms) - t0 + 1 ))
echo "# an import takes $t_import ms, a sync of four changed pages $t_sync ms"

n_import=0 n_sync=0 n_daemon=0 n_after=0 n_before=0 n_checks=0
bad_integrity=0 bad_check=0
r=1
while [ $r -le "$ROUNDS" ]; do
	change "$r"
	case $((r % 8)) in
	0)
		# During an import of every event (one transaction).
		events "$r" >"$T/round.csv"
		launch import "$T/round.csv"
		delay "$t_import"
		sleep "$D"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		n_import=$((n_import + 1))
		;;
	1|2|3)
		# During a sync, at a random moment.
		launch sync
		delay "$t_sync"
		sleep "$D"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		n_sync=$((n_sync + 1))
		;;
	4|5)
		# A sync, right after the answer of its first or second edit.
		random 2
		under_gdb after $R sync
		n_after=$((n_after + HIT))
		n_sync=$((n_sync + 1))
		;;
	6)
		# A sync, right before its first edit is sent.
		under_gdb before 0 sync
		n_before=$((n_before + HIT))
		n_sync=$((n_sync + 1))
		;;
	7)
		# The daemon's first pass: at a random moment, or right after
		# an edit's answer.
		random 2
		if [ $R -eq 0 ]; then
			launch daemon
			delay 1500
			sleep "$D"
			kill -9 $pid 2>/dev/null
			wait $pid 2>/dev/null
		else
			under_gdb after 0 daemon
			n_after=$((n_after + HIT))
		fi
		n_daemon=$((n_daemon + 1))
		;;
	esac
	if [ "$(integrity)" != ok ]; then
		bad_integrity=$((bad_integrity + 1))
		echo "# round $r: integrity_check: $(integrity | head -n 3)"
	fi
	# Every third round a sync checks: one pass brings every page in
	# sync.  The rounds in between leave the kills' unrecorded edits to
	# meet the next rounds' changes.
	if [ $((r % 3)) -eq 0 ]; then
		n_checks=$((n_checks + 1))
		"$WIKISYNC" -v -c "$CONF" sync >"$T/check.out" 2>"$T/check.err"
		st=$?
		cat "$T/check.err" >>"$T/all.err"
		cat "$T/check.out" >>"$T/all.out"
		if [ $st -ne 0 ]; then
			bad_check=$((bad_check + 1))
			echo "# round $r: the check sync exited $st:"
			grep -v '^wikisync: debug' "$T/check.err" | grep -v "POST\|http" |
			    sed 's/^/#   /' | head -n 5
		fi
	fi
	r=$((r + 1))
done

# A last sync after the last kills, as a restarted daemon's first pass.
ws -v sync
cat "$ERR" >>"$T/all.err"
is_status 0 "a sync after the last kill brings every page in sync"
hand=$(grep -c "edited by hand" "$T/all.err")
twice=$(grep -c "had this text already" "$T/all.err")
recovered=$(grep -c "recovered an unrecorded edit" "$T/all.err")
lost=0
while read -r id; do
	"$WIKISYNC" -c "$CONF" event show "$id" >/dev/null 2>&1 ||
	    { lost=$((lost + 1)); echo "# $id was acknowledged, then lost"; }
done <"$T/acked"
echo "# crash test: $ROUNDS kills ($n_import during an import, $n_sync" \
    "during a sync, $n_daemon during the daemon's pass); $n_after landed" \
    "between an edit's answer and its record, $n_before just before an" \
    "edit was sent; $recovered unrecorded edits recovered; $n_checks check" \
    "syncs, $bad_check not in sync; integrity_check failed $bad_integrity" \
    "times; $hand false hand edits; $twice edits sent twice;" \
    "acknowledged writes lost $lost of $(wc -l <"$T/acked" | tr -d ' ')"
is_eq "$bad_integrity" "0" "the registry passes integrity_check after every kill"
is_eq "$bad_check" "0" "every check sync brings every page in sync"
if [ "$hand" -ne 0 ]; then
	grep "edited by hand" "$T/all.err" | head -n 3 | sed 's/^/#   /'
fi
is_eq "$hand" "0" "no pass takes wikisync's own edit for a hand edit"
is_eq "$twice" "0" "no edit is sent twice"
is_eq "$lost" "0" "no write that returned success is lost"
[ "$n_after" -gt 0 ] && [ "$recovered" -gt 0 ]
is_eq "$?" "0" "(kills did land between edits and their records, and were recovered)"

# The pages, as a clean run leaves them: the markers around the table.
differ=0
p=1
while [ $p -le $PAGES ]; do
	t=$(printf 't%02d' $p)
	{
		echo "<!-- wikisync:begin $t -->"
		"$WIKISYNC" -c "$CONF" render "$t"
		echo "<!-- wikisync:end $t -->"
	} >"$T/want"
	page "Crash/$(printf '%02d' $p)"
	printf '\n' >>"$T/page"
	cmp -s "$T/want" "$T/page" || differ=$((differ + 1))
	p=$((p + 1))
done
is_eq "$differ" "0" "every page ends as a clean run leaves it"
ws sync
is_status 0 "a last sync succeeds"
out_has " edit 0)" "and has nothing left to edit"

# --- Real hand edits are still caught.  A person edits a region right
# after a pass was killed before its edit was sent (its pending write is
# in the registry, its text is not on the wiki):
"$WIKISYNC" -c "$CONF" event edit c2-e1 title="Before the human" >/dev/null
under_gdb before 0 sync --page Crash/02
is_eq "$HIT" "1" "a sync is killed just before its edit of Crash/02"
page "Crash/02"
sed 's/^| City 1 .*/| City 1 || by hand/' "$T/page" >"$T/hand.txt"
human "Crash/02" "$T/hand.txt"
# ...and after a recovered edit: the pass is killed after its edit of
# Crash/03 came back, a sync recovers that edit, then a person edits.
"$WIKISYNC" -c "$CONF" event edit c3-e1 title="Recovered, then by hand" \
    >/dev/null
under_gdb after 0 sync --page Crash/03
is_eq "$HIT" "1" "a sync is killed right after its edit of Crash/03"
ws sync --page Crash/03
is_status 0 "the next sync of Crash/03 succeeds"
err_has "page 'Crash/03': recovered an unrecorded edit of region 't03'" \
    "recovering the edit"
page "Crash/03"
sed 's/^| City 1 .*/| City 1 || by hand/' "$T/page" >"$T/hand.txt"
human "Crash/03" "$T/hand.txt"
"$WIKISYNC" -c "$CONF" event edit c2-e2 title="After the human" >/dev/null
"$WIKISYNC" -c "$CONF" event edit c3-e2 title="After the human" >/dev/null
ws sync
is_status 65 "the sync after the hand edits stops those pages"
err_has "page 'Crash/02': region 't02' was edited by hand" \
    "the edit after a kill before sending is a hand edit"
err_has "page 'Crash/03': region 't03' was edited by hand" \
    "the edit after a recovered one is a hand edit"
err_has "; now " "naming the revision"
n=$(grep -c "by Human" "$ERR")
is_eq "$n" "2" "and its author, Human"
n=$(grep -c "edited by hand" "$ERR")
is_eq "$n" "2" "no other page is stopped"

done_testing
