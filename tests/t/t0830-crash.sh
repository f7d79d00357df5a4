#!/bin/sh
# Crash safety: wikisync killed with SIGKILL at 100 random moments (during
# an import, during a sync: rendering, mid-edit, between edits, while
# writing sync state) over 50 pages of the test wiki.  After each kill the
# registry passes PRAGMA integrity_check, a sync run again brings every
# page in sync without sending an edit twice (an edit the wiki already
# had would come back as "nochange"), and no registry write that returned
# success is lost.  At the end every page equals what "render" gives, as a
# clean run would leave it.  The counts are printed; the moments come from
# CRASH_SEED (printed too) so a failure can be replayed.
. "$TEST_SRCDIR/tests/lib.sh"

KILLS=${CRASH_KILLS:-100}
PAGES=50
SEED=${CRASH_SEED:-$(date +%s)}
echo "# crash test: $KILLS kills over $PAGES pages, CRASH_SEED=$SEED"

start_wiki

{
	wiki_section
	printf '\n[registry]\ndatabase = %s\n' "$T/registry.db"
	p=1
	while [ $p -le $PAGES ]; do
		printf '\n[table c%03d]\npage = Crash/%d\ntemplate = %s\n' $p $p \
		    "$TEST_SRCDIR/etc/templates/by-country.wiki"
		printf 'where = campaign = C%d\nsort = country, start\n' $p
		printf 'group = country\ncreate = yes\n'
		p=$((p + 1))
	done
} >"$CONF"

# events R: a CSV of every event, their titles marked with round R.
# (With 30000 more events no table shows, so that an import takes long
# enough to be killed in the middle.)
events() {
	awk -v pages=$PAGES -v r="$1" 'BEGIN {
		print "id,campaign,title,start,country,city"
		for (p = 1; p <= pages; p++)
			for (e = 1; e <= 3; e++)
				printf "c%d-e%d,C%d,Event %d (round %s),2023-03-0%d,Country %d,City %d\n",
				    p, e, p, e, r, e, e, e
		for (b = 1; b <= 30000; b++)
			printf "bulk-%d,Bulk,Bulk %d (round %s),2023-05-01,,\n",
			    b, b, r
	}'
}
# some R: the same for a tenth of the campaigns, picked by round R.
some() {
	events "$1" | awk -v r="$1" 'NR == 1 || ($0 ~ /^c/ &&
	    (substr($0, 2, index($0, "-") - 2) + r) % 10 == 0)'
}
# delay MS: D becomes a random time below MS milliseconds, from the seed
# (no command substitution: the generator's state must stay in this shell).
rnd=$((SEED % 2147483648))
delay() {
	rnd=$(( (rnd * 1103515245 + 12345) % 2147483648 ))
	ms=$(( rnd / 65536 % $1 ))
	D=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
}
integrity() {
	sqlite3 "$T/registry.db" 'PRAGMA integrity_check'
}

events 0 >"$T/round.csv"
ws import "$T/round.csv"
is_status 0 "the registry gets $((PAGES * 3 + 30000)) events"
ws sync
is_status 0 "the first sync creates the $PAGES pages"

# How long an import and a sync of a tenth of the pages take here (an
# ASan build is slower): the kills fall within those times.
ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}
events m >"$T/round.csv"
t0=$(ms)
"$WIKISYNC" -c "$CONF" import "$T/round.csv" >/dev/null 2>&1
t_import=$(( $(ms) - t0 + 1 ))
"$WIKISYNC" -c "$CONF" sync >/dev/null 2>&1
some m2 >"$T/round.csv"
"$WIKISYNC" -c "$CONF" import "$T/round.csv" >/dev/null 2>&1
t0=$(ms)
"$WIKISYNC" -c "$CONF" sync >/dev/null 2>&1
t_sync=$(( $(ms) - t0 + 1 ))
echo "# an import takes $t_import ms, a sync of a tenth of the pages $t_sync ms"

: >"$T/acked"
n_import=0 n_sync=0 n_live=0 bad_integrity=0 bad_restart=0 resent=0 lost=0
i=1
while [ $i -le "$KILLS" ]; do
	case $((i % 3)) in
	0)
		# During an import of every event (one transaction).
		events "$i" >"$T/round.csv"
		"$WIKISYNC" -c "$CONF" import "$T/round.csv" >/dev/null 2>&1 &
		pid=$!
		delay "$t_import"
		sleep "$D"
		n_import=$((n_import + 1))
		;;
	*)
		# During a sync of a tenth of the pages; before it, a write
		# that returns success must never be lost.
		some "$i" >"$T/round.csv"
		"$WIKISYNC" -c "$CONF" import "$T/round.csv" >/dev/null 2>&1 ||
		    echo "# round $i: import failed"
		if "$WIKISYNC" -c "$CONF" event add --id "ack-$i" campaign=Acked \
		    title="Acknowledged $i" start=2023-04-01 >/dev/null 2>&1; then
			echo "ack-$i" >>"$T/acked"
		fi
		"$WIKISYNC" -c "$CONF" sync >/dev/null 2>&1 &
		pid=$!
		delay "$t_sync"
		sleep "$D"
		n_sync=$((n_sync + 1))
		;;
	esac
	kill -9 "$pid" 2>/dev/null && n_live=$((n_live + 1))
	wait "$pid" 2>/dev/null
	if [ "$(integrity)" != ok ]; then
		bad_integrity=$((bad_integrity + 1))
		echo "# round $i: integrity_check: $(integrity | head -n 3)"
	fi
	# Restart: one sync must bring every page in sync.
	"$WIKISYNC" -c "$CONF" sync >"$T/restart.out" 2>"$T/restart.err"
	st=$?
	if [ $st -ne 0 ]; then
		bad_restart=$((bad_restart + 1))
		echo "# round $i: the sync after the kill exited $st:"
		sed 's/^/#   /' "$T/restart.err" | head -n 5
	fi
	if grep -q "already had this text" "$T/restart.out"; then
		resent=$((resent + 1))
		echo "# round $i: an edit was sent again:"
		grep "already had this text" "$T/restart.out" | sed 's/^/#   /'
	fi
	i=$((i + 1))
done
while read -r id; do
	"$WIKISYNC" -c "$CONF" event show "$id" >/dev/null 2>&1 ||
	    { lost=$((lost + 1)); echo "# $id was acknowledged, then lost"; }
done <"$T/acked"
echo "# crash test: $KILLS kills ($n_import during an import," \
    "$n_sync during a sync; $n_live found the process still running);" \
    "integrity_check failed $bad_integrity times;" \
    "restarts not in sync $bad_restart; edits sent twice $resent;" \
    "acknowledged writes lost $lost of $(wc -l <"$T/acked" | tr -d ' ')"
is_eq "$bad_integrity" "0" "the registry passes integrity_check after every kill"
is_eq "$bad_restart" "0" "a sync after every kill brings every page in sync"
is_eq "$resent" "0" "no edit is sent twice"
is_eq "$lost" "0" "no write that returned success is lost"
[ -s "$T/acked" ]
is_eq "$?" "0" "(some writes were acknowledged)"

# The pages, as a clean run leaves them: the markers around the table.
python3 - "$WIKI_API" "$PAGES" "$T" <<'EOP'
import json, sys, urllib.parse, urllib.request
api, pages, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
titles = ["Crash/%d" % p for p in range(1, pages + 1)]
q = urllib.parse.urlencode({"action": "query", "prop": "revisions",
    "rvprop": "content", "rvslots": "main", "format": "json",
    "formatversion": "2", "titles": "|".join(titles)})
with urllib.request.urlopen(api + "?" + q) as r:
    data = json.load(r)
for pg in data["query"]["pages"]:
    n = int(pg["title"].split("/")[1])
    with open("%s/page.%03d" % (out, n), "w", encoding="utf-8") as f:
        f.write(pg["revisions"][0]["slots"]["main"]["content"])
EOP
differ=0
p=1
while [ $p -le $PAGES ]; do
	t=$(printf 'c%03d' $p)
	{
		echo "<!-- wikisync:begin $t -->"
		"$WIKISYNC" -c "$CONF" render "$t"
		echo "<!-- wikisync:end $t -->"
	} >"$T/want"
	printf '\n' >>"$T/page.$(printf '%03d' $p)"
	cmp -s "$T/want" "$T/page.$(printf '%03d' $p)" || differ=$((differ + 1))
	p=$((p + 1))
done
is_eq "$differ" "0" "every page ends as a clean run leaves it"
ws sync
is_status 0 "a last sync succeeds"
grep -q " edit 0)$" "$OUT"
is_eq "$?" "0" "and has nothing left to edit"

done_testing
