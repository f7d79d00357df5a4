#!/bin/sh
# Benchmark: a full sync of 200 pages of 50 events each against a
# throwaway MediaWiki (tests/wiki/wiki.sh): first creating the pages, then
# with nothing changed, then with every page changed.  Prints requests by
# kind, edits and wall time for each.  Targets: nothing changed takes at
# most 4 read requests and 0 edits; every page changed exactly 200 edits
# and at most 4 reads.  Not a timed test: it prints figures and fails only
# if a sync fails.
set -eu
: "${WIKISYNC:?}" "${TEST_SRCDIR:?}"
PAGES=${PAGES:-200}
PER=${PER:-50}
T=$(mktemp -d "${TMPDIR:-/tmp}/wikisync-bench.XXXXXX")
trap 'sh "$TEST_SRCDIR/tests/wiki/wiki.sh" stop "$T/wiki" >/dev/null 2>&1 || :; rm -rf "$T"' EXIT

sh "$TEST_SRCDIR/tests/wiki/wiki.sh" start "$T/wiki" >"$T/wiki.log" 2>&1 ||
	{ cat "$T/wiki.log"; exit 1; }
. "$T/wiki/env"

# PER events in each of PAGES campaigns, over 10 countries.
gen() {
	awk -v pages="$PAGES" -v per="$PER" -v tag="$1" 'BEGIN {
		print "id,campaign,title,start,country,city,organizer"
		for (p = 1; p <= pages; p++)
			for (e = 1; e <= per; e++)
				printf "c%03d-e%02d,Campaign %d,Event %d of campaign %d%s,2023-03-%02d,Country %d,City %d,Organizer %d\n",
				    p, e, p, e, p, (e == 1 ? tag : ""), (e % 28) + 1,
				    e % 10, e, e
	}'
}
gen "" >"$T/events.csv"
{
	cat <<EOC
[wiki]
api = $WIKI_API
username = $WIKI_BOT
password_file = $WIKI_BOT_PASSWORD_FILE
contact = wikisync-bench@example.org
edit_interval = 0

[registry]
database = $T/registry.db
EOC
	p=1
	while [ $p -le "$PAGES" ]; do
		printf '\n[table t%03d]\npage = Bench/%d\ntemplate = %s\nwhere = campaign = Campaign %d\nsort = country, start\ngroup = country\ncreate = yes\n' \
		    $p $p "$TEST_SRCDIR/etc/templates/by-country.wiki" $p
		p=$((p + 1))
	done
} >"$T/wikisync.ini"
"$WIKISYNC" -q -c "$T/wikisync.ini" import "$T/events.csv" >/dev/null

step() {
	t0=$(date +%s.%N)
	"$WIKISYNC" -c "$T/wikisync.ini" sync >"$T/out" 2>"$T/err" ||
		{ cat "$T/err"; exit 1; }
	t1=$(date +%s.%N)
	line=$(tail -n 1 "$T/out")
	awk -v name="$1" -v t0="$t0" -v t1="$t1" -v line="$line" 'BEGIN {
		sub(/^sync: /, "", line)
		printf "%-26s %7.2f s  %s\n", name, t1 - t0, line }'
}

echo "wikisync sync benchmark: $PAGES pages of $PER events, MediaWiki 1.39 on 127.0.0.1"
step "first sync (creates)"
step "nothing changed"
gen " (changed)" >"$T/changed.csv"
"$WIKISYNC" -q -c "$T/wikisync.ini" import "$T/changed.csv" >/dev/null
step "every page changed"
step "nothing changed again"
