#!/bin/sh
# The summary of "make check-valgrind": reads the tests' results
# (DIR/*.trs) and every valgrind log (DIR/*.vg/vg.PID.log, one per
# wikisync process, written by tests/valgrind.sh) and prints
#   valgrind: N processes, E errors, L leaked bytes in T tests
# then each log that reported something.  Exits 1 if a log reported
# anything (an error, a leak, a warning), if no process was checked, or if
# a test failed.
#
# With -q a clean process leaves an empty log; anything in it is an error
# record or a loss record, in blocks separated by a line "==PID== ".  A
# process killed with SIGKILL leaves an empty log too, unchecked: t0540
# and t0800 do that once each (t0830, which does it throughout, is not
# run).
set -u
dir=${1:?usage: valgrind-report.sh DIR}

tests=0
failed=
for trs in "$dir"/*.trs; do
	[ -f "$trs" ] || continue
	tests=$((tests + 1))
	grep -q '^:test-result: \(PASS\|SKIP\)' "$trs" &&
	    ! grep -q '^:test-result: \(FAIL\|ERROR\|XPASS\)' "$trs" ||
	    failed="$failed $(basename "$trs" .trs)"
done

# One line per log: "ERRORS LEAKED OTHER FILE".  A loss record reads
# "N bytes in ..." or, for a block that holds others, "N (D direct, I
# indirect) bytes in ...", whose I bytes have their own records: D counts.
for log in "$dir"/*.vg/vg.*.log; do
	[ -f "$log" ] || continue
	awk -v file="$log" '
	{ sub(/^==[0-9]+== ?/, "") }
	/^$/ { start = 1; next }
	start || NR == 1 {
		start = 0
		if ($0 ~ / are (definitely|indirectly|possibly) lost /) {
			n = ($2 ~ /^\(/) ? $2 : $1
			gsub(/[(,]/, "", n)
			leaked += n
		} else if ($0 ~ /^[A-Z]/ && $0 !~ /^Warning:/) {
			errors++
		} else {
			other++
		}
	}
	END { printf "%d %d %d %s\n", errors, leaked, other, file }
	' "$log"
done >"$dir/valgrind-counts"

read -r procs errors leaked <<EOT
$(awk '{ n++; e += $1; l += $2 } END { printf "%d %d %d\n", n, e, l }' \
    "$dir/valgrind-counts")
EOT
echo "valgrind: $procs processes, $errors errors, $leaked leaked bytes" \
    "(definite, indirect, possible) in $tests tests"

# The first ten logs that reported something, then how many more did.
status=0
awk '$1 + $2 + $3 > 0 { print $4 }' "$dir/valgrind-counts" >"$dir/valgrind-bad"
n=0
while read -r log; do
	n=$((n + 1))
	status=1
	[ $n -le 10 ] || continue
	echo "== $log"
	head -n 80 "$log"
done <"$dir/valgrind-bad"
[ $n -le 10 ] || echo "valgrind: and $((n - 10)) more logs like these"
if [ "$procs" -eq 0 ]; then
	echo "valgrind: FAILED: no wikisync process ran under valgrind"
	status=1
fi
if [ -n "$failed" ]; then
	echo "valgrind: FAILED: tests failed:$failed (logs in $dir)"
	status=1
fi
[ "$status" -eq 0 ] || echo "valgrind: FAILED"
exit $status
