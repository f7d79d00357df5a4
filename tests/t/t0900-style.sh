#!/bin/sh
# Source rules a compiler does not check: no unsafe C functions in src/
# (as curl does), every file starts with a purpose comment.
. "$TEST_SRCDIR/tests/lib.sh"

banned='\b(sprintf|vsprintf|strcpy|strcat|strtok|gets|atoi|atol|atoll|atof|tmpnam|mktemp)[[:space:]]*\('
hits=$(grep -nE "$banned" "$TEST_SRCDIR"/src/*.c "$TEST_SRCDIR"/src/*.h | \
    grep -vE '\b(snprintf|vsnprintf|xasprintf|xvasprintf|asprintf|vasprintf)\b' || true)
if [ -z "$hits" ]; then
	pass "no banned function in src/"
else
	fail "no banned function in src/"
	echo "$hits" | sed 's/^/#   /'
fi
hits=$(grep -nE '\bscanf[[:space:]]*\(|%s' "$TEST_SRCDIR"/src/*.c | \
    grep -E 'sscanf|fscanf|\bscanf' | grep -F '%s' || true)
if [ -z "$hits" ]; then
	pass "no unbounded scanf %s in src/"
else
	fail "no unbounded scanf %s in src/"
	echo "$hits" | sed 's/^/#   /'
fi
for f in "$TEST_SRCDIR"/src/*.c "$TEST_SRCDIR"/src/*.h; do
	if head -n 1 "$f" | grep -q '^/\*'; then
		pass "$(basename "$f") starts with a purpose comment"
	else
		fail "$(basename "$f") starts with a purpose comment"
	fi
done

done_testing
