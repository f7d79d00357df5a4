#!/bin/sh
# Benchmark: import 100,000 generated events from CSV, then export them.
# Prints events/s and peak RSS of each step.  Targets (2-core machine):
# import >= 100,000 events/s, peak RSS < 32 MiB.  Not a timed test: it
# prints figures and never fails on them.
set -eu
: "${WIKISYNC:?}" "${PEAKRSS:?}"
N=${N:-100000}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/wikisync-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

awk -v n="$N" -f "$here/gen-events.awk" >"$T/events.csv"
printf '[registry]\ndatabase = %s/registry.db\n' "$T" >"$T/wikisync.ini"

step() {
	name=$1
	shift
	"$PEAKRSS" "$@" 2>"$T/rss" >"$T/out" || { cat "$T/rss"; exit 1; }
	kib=$(sed -n 's/^peakrss: \([0-9]*\) KiB, \([0-9.]*\) s$/\1/p' "$T/rss")
	sec=$(sed -n 's/^peakrss: \([0-9]*\) KiB, \([0-9.]*\) s$/\2/p' "$T/rss")
	awk -v name="$name" -v n="$N" -v kib="$kib" -v sec="$sec" 'BEGIN {
		printf "%-22s %8d events  %7.3f s  %9.0f events/s  peak RSS %6.1f MiB\n",
		    name, n, sec, n / sec, kib / 1024 }'
}

echo "wikisync benchmark: $N generated events ($(du -h "$T/events.csv" | cut -f1) CSV)"
step "import (new registry)" "$WIKISYNC" -q -c "$T/wikisync.ini" import "$T/events.csv"
step "import (unchanged)" "$WIKISYNC" -q -c "$T/wikisync.ini" import "$T/events.csv"
step "export csv" "$WIKISYNC" -q -c "$T/wikisync.ini" export -o "$T/out.csv"
step "export json" "$WIKISYNC" -q -c "$T/wikisync.ini" export --format json -o "$T/out.json"
step "export ics" "$WIKISYNC" -q -c "$T/wikisync.ini" export --format ics -o "$T/out.ics"
echo "registry: $(du -h "$T/registry.db" | cut -f1)"
