#!/bin/sh
# smoke.sh SECONDS SRCDIR BINDIR TARGET...: run each libFuzzer target
# BINDIR/fuzz-TARGET for SECONDS on a copy of SRCDIR/corpus/TARGET, with
# SRCDIR/TARGET.dict, and print its executions and coverage.  Exits 1 if
# any target crashed, leaked or broke a property (its log is shown, and
# the input that did it is left in tests/tmp/fuzz/TARGET/).
set -u
secs=$1 src=$2 bin=$3
shift 3
out=tests/tmp/fuzz
status=0
for t in "$@"; do
	d=$out/$t
	rm -rf "$d"
	mkdir -p "$d/corpus"
	cp "$src/corpus/$t"/* "$d/corpus/"
	seeds=$(ls "$d/corpus" | wc -l)
	dict=
	[ -f "$src/$t.dict" ] && dict=-dict=$src/$t.dict
	"$bin/fuzz-$t" -max_total_time="$secs" -timeout=30 \
	    -print_final_stats=1 -artifact_prefix="$d/" $dict \
	    "$d/corpus" >"$d/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log")
	cov=$(grep -E '^#[0-9]+.*cov: ' "$d/log" | tail -n 1 |
	    sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+).*/cov \1 ft \2/')
	files=$(ls "$d/corpus" | wc -l)
	if [ $rc -eq 0 ]; then
		printf 'fuzz-%-10s ok    %ss, %s executions, %s, %s\n' \
		    "$t" "$secs" "${execs:-?}" "${cov:-cov ?}" \
		    "corpus $seeds -> $files"
	else
		printf 'fuzz-%-10s FAIL  (exit %s) after %s executions\n' \
		    "$t" "$rc" "${execs:-?}"
		echo "    the end of $d/log (the input is left in $d/):"
		grep -v -E '^#[0-9]+' "$d/log" | tail -n 60 | sed 's/^/    /'
		status=1
	fi
done
exit $status
