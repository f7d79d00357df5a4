#!/bin/sh
# Benchmark: an idle daemon over 200 pages (one table each) against a
# throwaway MediaWiki, for MINUTES minutes (default 10) of interval = 60.
# Prints the requests it made per interval, the CPU seconds it used and
# its RSS.  Targets: at most 4 requests per interval, under 10 ms of CPU
# per idle interval, RSS under 8 MiB.  Not a timed test: it prints
# figures and fails only if the daemon does.
set -eu
: "${WIKISYNC:?}" "${TEST_SRCDIR:?}"
PAGES=${PAGES:-200}
MINUTES=${MINUTES:-10}
T=$(mktemp -d "${TMPDIR:-/tmp}/wikisync-bench.XXXXXX")
cleanup() {
	[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || :
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" stop "$T/wiki" >/dev/null 2>&1 || :
	rm -rf "$T"
}
trap cleanup EXIT

sh "$TEST_SRCDIR/tests/wiki/wiki.sh" start "$T/wiki" >"$T/wiki.log" 2>&1 ||
	{ cat "$T/wiki.log"; exit 1; }
. "$T/wiki/env"
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

[daemon]
interval = 60
EOC
	p=1
	while [ $p -le "$PAGES" ]; do
		printf '\n[table t%03d]\npage = Idle/%d\ntemplate = %s\nwhere = campaign = C%d\ncreate = yes\n' \
		    $p $p "$TEST_SRCDIR/etc/templates/statistics.wiki" $p
		p=$((p + 1))
	done
} >"$T/wikisync.ini"
awk -v pages="$PAGES" 'BEGIN {
	print "id,campaign,title,start"
	for (p = 1; p <= pages; p++)
		for (e = 1; e <= 5; e++)
			printf "c%d-e%d,C%d,Event %d,2023-03-0%d\n", p, e, p, e, e
}' >"$T/events.csv"
"$WIKISYNC" -q -c "$T/wikisync.ini" import "$T/events.csv"
# The first sync creates the pages; the daemon then starts in sync.
"$WIKISYNC" -q -c "$T/wikisync.ini" sync >/dev/null

# As etc/wikisync.service runs it (GnuTLS, loaded but unused, stays idle).
GNUTLS_NO_IMPLICIT_INIT=1 "$WIKISYNC" -v -c "$T/wikisync.ini" daemon \
    2>"$T/daemon.err" &
pid=$!
n=0
until grep -q "pass (start)" "$T/daemon.err"; do
	sleep 0.2
	n=$((n + 1))
	[ $n -lt 300 ] || { cat "$T/daemon.err"; exit 1; }
done
# CPU (utime + stime, clock ticks) and RSS once idle.
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
c0=$(ticks)
sleep $((MINUTES * 60))
c1=$(ticks)
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
# Of the RSS, what the daemon itself holds (the rest is shared library
# pages: libcrypto, ICU, gnutls... mapped by libcurl, libical, libxml2).
anon=$(awk '/^Anonymous:/ { print $2 }' "/proc/$pid/smaps_rollup")
kill "$pid"
wait "$pid" || :
pid=
passes=$(grep -c "pass (interval)" "$T/daemon.err" || :)
reqs=$(sed -n 's/.*pass (interval): .*; \([0-9]*\) requests$/\1/p' \
    "$T/daemon.err" | awk '{ s += $1 } END { print s + 0 }')
echo "wikisync idle daemon benchmark: $PAGES pages, interval 60 s, $MINUTES min"
awk -v p="$passes" -v r="$reqs" -v c="$((c1 - c0))" -v hz="$hz" \
    -v rss="$rss" -v hwm="$hwm" -v anon="$anon" 'BEGIN {
	printf "interval passes: %d, requests: %d (%.1f per interval)\n",
	    p, r, p ? r / p : 0
	printf "CPU: %.2f s in all, %.1f ms per interval\n",
	    c / hz, p ? c / hz * 1000 / p : 0
	printf "RSS: %.1f MiB now, %.1f MiB at most; of it, %.1f MiB its own (anonymous), the rest shared libraries\n",
	    rss / 1024, hwm / 1024, anon / 1024
}'
