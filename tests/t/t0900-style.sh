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

# main.c must know every command option that takes a value, so that the
# value is never taken for a global option ("event list --where -v").
main="$TEST_SRCDIR/src/main.c"
longs=$(sed -n 's/.*{ "\([a-z-]*\)",[[:space:]]*required_argument.*/\1/p' \
    "$TEST_SRCDIR"/src/cmd-*.c | sort -u)
for o in $longs; do
	if grep -A2 '^static const char \*const value_longs' "$main" | \
	    grep -qF "\"$o\""; then
		pass "main.c knows --$o takes a value"
	else
		fail "main.c knows --$o takes a value"
	fi
done
shorts=$(sed -n 's/.*getopt_long(argc, argv, "+*\([^"]*\)".*/\1/p' \
    "$TEST_SRCDIR"/src/cmd-*.c | grep -o '[a-zA-Z]:' | tr -d : | sort -u)
known=$(sed -n 's/^static const char[[:space:]]*value_shorts\[\] = "\(.*\)";/\1/p' "$main")
for o in $shorts; do
	case $known in
	*"$o"*) pass "main.c knows -$o takes a value";;
	*) fail "main.c knows -$o takes a value";;
	esac
done

done_testing
