#!/bin/sh
# Benchmark: "wikisync stats" for 300 events of 20 participants each
# (6,000 users, 600 of them in a second event too) on one throwaway
# MediaWiki (tests/wiki/wiki.sh) where half the users made contributions
# (3,000 edits: pages created and improved, some outside the window).
# Prints, for a first run and for a second with nothing new, the
# requests by kind, wall time, peak RSS, and what was counted.  Target:
# list=usercontribs requests at most ceil(users / 500) (the bot has
# apihighlimits) plus continuation pages; the second run makes the same
# requests and writes nothing to the registry.  (list=users requests come
# on top: one per 500 participants who made no contribution, to tell a
# quiet participant from a name the wiki does not know.)  Not a timed test: it
# prints figures, and fails only if a run fails or the second one writes.
set -eu
: "${WIKISYNC:?}" "${TEST_SRCDIR:?}" "${PEAKRSS:?}"
EVENTS=${EVENTS:-300}
PER=${PER:-20}
T=$(mktemp -d "${TMPDIR:-/tmp}/wikisync-bench.XXXXXX")
trap 'sh "$TEST_SRCDIR/tests/wiki/wiki.sh" stop "$T/wiki" >/dev/null 2>&1 || :; rm -rf "$T"' EXIT

sh "$TEST_SRCDIR/tests/wiki/wiki.sh" start "$T/wiki" >"$T/wiki.log" 2>&1 ||
	{ cat "$T/wiki.log"; exit 1; }
. "$T/wiki/env"
users=$((EVENTS * PER))
yesterday=$(date -u -d '1 day ago' +%Y-%m-%d)
tomorrow=$(date -u -d '1 day' +%Y-%m-%d)

# The users and their edits: every user exists; users 1, 3, 5... make an
# edit (a page of their own: created), every fourth improves a shared
# page, and every tenth edits a page in the User namespace (not counted).
awk -v n="$users" 'BEGIN {
	for (u = 1; u <= n; u++) {
		if (u % 2 == 0) {
			printf "Bench user %d\t\t\n", u
			continue
		}
		printf "Bench user %d\tBench article %d\tText by user %d.\n", u, u, u
		if (u % 4 == 1)
			printf "Bench user %d\tBench shared %d\tImproved by %d.\n", u, u % 50, u
		if (u % 10 == 1)
			printf "Bench user %d\tUser:Bench user %d\tAbout me.\n", u, u
	}
}' >"$T/contribs.tsv"
t0=$(date +%s)
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$T/wiki" \
    "$TEST_SRCDIR/tests/wiki/contribs.php" "$T/contribs.tsv" >"$T/php.log" 2>&1 ||
	{ cat "$T/php.log"; exit 1; }
echo "# the wiki: $(tail -n 1 "$T/php.log") in $(( $(date +%s) - t0 )) s"

cat >"$T/wikisync.ini" <<EOC
[wiki]
api = $WIKI_API
username = $WIKI_BOT
password_file = $WIKI_BOT_PASSWORD_FILE
contact = wikisync-bench@example.org

[registry]
database = $T/registry.db

[stats bench]
campaign = Bench
EOC
awk -v n="$EVENTS" -v a="$yesterday" -v b="$tomorrow" 'BEGIN {
	print "id,campaign,title,start,end,country"
	for (e = 1; e <= n; e++)
		printf "b%03d,Bench,Event %d,%s,%s,Country %d\n", e, e, a, b, e % 20
}' >"$T/events.csv"
# Participants: PER users each, and two of the next event's as well.
awk -v n="$EVENTS" -v per="$PER" 'BEGIN {
	print "event,user"
	for (e = 1; e <= n; e++) {
		for (k = 1; k <= per; k++)
			printf "b%03d,Bench user %d\n", e, (e - 1) * per + k
		for (k = 1; k <= 2; k++)
			printf "b%03d,Bench user %d\n", e, (e % n) * per + k
	}
}' >"$T/people.csv"
"$WIKISYNC" -q -c "$T/wikisync.ini" import "$T/events.csv" >/dev/null
"$WIKISYNC" -q -c "$T/wikisync.ini" import --participants "$T/people.csv" \
    >/dev/null

run() {
	h0=$(sqlite3 "$T/registry.db" 'SELECT count(*) FROM history')
	t0=$(date +%s.%N)
	"$PEAKRSS" "$WIKISYNC" -c "$T/wikisync.ini" stats \
	    >"$T/out" 2>"$T/err" || { cat "$T/err"; exit 1; }
	t1=$(date +%s.%N)
	h1=$(sqlite3 "$T/registry.db" 'SELECT count(*) FROM history')
	rss=$(sed -n 's/^peakrss: \([0-9]*\) KiB.*/\1/p' "$T/err")
	awk -v name="$1" -v t0="$t0" -v t1="$t1" -v rss="$rss" \
	    -v line="$(tail -n 1 "$T/out")" -v w=$((h1 - h0)) 'BEGIN {
		sub(/^stats: /, "", line)
		printf "%-12s %6.2f s  peak RSS %5.1f MiB  %d history rows  %s\n",
		    name, t1 - t0, rss / 1024, w, line }'
	WROTE=$((h1 - h0))
}

echo "wikisync stats benchmark: $EVENTS events of $PER participants ($users users), MediaWiki 1.39 on 127.0.0.1"
run "first run"
run "second run"
[ "$WROTE" -eq 0 ] || { echo "bench-stats: the second run wrote $WROTE history rows"; exit 1; }
echo "target: list=usercontribs requests <= ceil($users / 500) = $(( (users + 499) / 500 )) plus continuation pages;" \
    "list=users asks about the participants without contributions, 500 a request"
