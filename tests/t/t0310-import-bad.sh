#!/bin/sh
# Bad CSV: each is refused with file:line (or event and field), exit 65,
# and the registry exactly as before.
. "$TEST_SRCDIR/tests/lib.sh"

H='id,campaign,title,start,end,country'
ws import "$TEST_SRCDIR/etc/sample-events.csv"
ws export -o "$T/before.csv"
cp "$T/registry.db" "$T/before.db" 2>/dev/null

# bad NAME LINE MESSAGE: importing $T/bad.csv (with $IMPORT_OPTS) fails,
# names it, changes nothing.
IMPORT_OPTS=
bad() {
	# shellcheck disable=SC2086
	ws import $IMPORT_OPTS "$T/bad.csv"
	is_status 65 "$1: exit 65"
	err_has "$T/bad.csv:$2: $3" "$1: named with file:line"
	err_has "nothing imported" "$1: says nothing was imported"
	ws export -o "$T/after.csv"
	same_file "$T/before.csv" "$T/after.csv" "$1: the registry is unchanged"
}

printf 'campaign,title,start\nC,T,2024-01-01\n' >"$T/bad.csv"
bad "missing id column" 1 "missing required column 'id'"

printf '%s,organiser\nx-1,C,T,2024-01-01,,Kenya,Z\n' "$H" >"$T/bad.csv"
bad "unknown column" 1 "unknown column 'organiser'; did you mean 'organizer'?"

printf '%s,colour\nx-1,C,T,2024-01-01,,Kenya,Z\n' "$H" >"$T/bad.csv"
bad "undeclared extra column" 1 "unknown column 'colour' (extra fields must be listed"

printf '%s\nx-1,C,T,2024-01-01,,Kenya\nx-2,C,T,2023-02-30,,Kenya\n' "$H" \
    >"$T/bad.csv"
bad "impossible date" 3 "event 'x-2': start: '2023-02-30' is not a valid date"

printf '%s\nx-1,C,T,2024-03-08,2024-03-01,Kenya\n' "$H" >"$T/bad.csv"
bad "end before start" 2 "event 'x-1': end: '2024-03-01' is before start '2024-03-08'"

printf '%s\nx-1,C,T,2024-01-01,,Kenya\nx-1,C,U,2024-01-02,,Ghana\n' "$H" \
    >"$T/bad.csv"
bad "duplicate id" 3 "event 'x-1': duplicate id, first at line 2"

printf '%s\nx-1,C,T\351,2024-01-01,,Kenya\n' "$H" >"$T/bad.csv"
bad "non-UTF-8 byte" 2 "event 'x-1': title: invalid UTF-8"

long=$(printf '%0400d' 0)
printf '%s\nx-1,C,%s,2024-01-01,,Kenya\n' "$H" "$long" >"$T/bad.csv"
bad "over-long field" 2 "event 'x-1': title: 400 bytes, longer than the limit of 300"

printf '%s\nx-1,C,T,2024-01-01,,Kenya\nx-2,C,"unterminated,2024-01-01,,Kenya\nx-3,C,T,2024-01-01,,Kenya\n' \
    "$H" >"$T/bad.csv"
bad "unterminated quote" 3 "unterminated quoted field"

printf '%s\nx-1,C,T,2024-01-01,,Kenya,extra\n' "$H" >"$T/bad.csv"
bad "too many fields" 2 "7 fields, but the header has 6"

printf '%s\nx-1,C,T,2024-01-01,,Kenya\nBad Id,C,T,2024-01-01,,Kenya\n' "$H" \
    >"$T/bad.csv"
bad "invalid id" 3 "id: 'Bad Id' is not a valid id"

printf '%s\nx-1,C,T,2024-01-01,,Kenya\nX-2,C,T,2024-01-01,,Kenya\n' "$H" \
    >"$T/bad.csv"
bad "capitals in an id" 3 "id: 'X-2' is not a valid id (lower-case letters, digits, '.', '_', '-'); try 'x-2', or import with --lowercase-ids"

# --lowercase-ids: ids that fold to one, in the file or in the registry.
IMPORT_OPTS=--lowercase-ids
printf '%s\nWG-1,C,T,2024-01-01,,Kenya\nx-1,C,T,2024-01-01,,Kenya\nwg-1,C,U,2024-01-02,,Ghana\n' \
    "$H" >"$T/bad.csv"
bad "two ids that fold to one" 4 "event 'wg-1': id 'wg-1' folds to the same id as 'WG-1' on line 2"
printf '%s\nWG-1,C,T,2024-01-01,,Kenya\nWg-1,C,U,2024-01-02,,Ghana\n' "$H" \
    >"$T/bad.csv"
bad "two spellings of one id" 3 "event 'wg-1': id 'Wg-1' folds to the same id as 'WG-1' on line 2"
printf '%s\nWikiGap-2023-Stockholm-2023-03-08,C,T,2024-01-01,,Kenya\n' "$H" \
    >"$T/bad.csv"
bad "a folded id the registry has for another event" 2 "event 'wikigap-2023-stockholm-2023-03-08': id 'WikiGap-2023-Stockholm-2023-03-08' folds to 'wikigap-2023-stockholm-2023-03-08', an event the registry has already that was not imported as 'WikiGap-2023-Stockholm-2023-03-08': write 'wikigap-2023-stockholm-2023-03-08' to update it, or choose another id"
printf '%s\nBad Id,C,T,2024-01-01,,Kenya\n' "$H" >"$T/bad.csv"
bad "an id folding cannot mend" 2 "id: 'Bad Id' is not a valid id (lower-case letters, digits, '.', '_', '-'); try 'bad-id'"
grep -q "lowercase-ids" "$ERR"
is_eq "$?" "1" "with the option given, the error does not suggest it"
IMPORT_OPTS=

printf '%s\nx-1,C,T,2024-01-01,,Kenya\nx-2,C,a "b" c,2024-01-01,,Kenya\n' \
    "$H" >"$T/bad.csv"
bad "stray quote" 3 "malformed quoted field"

: >"$T/bad.csv"
ws import "$T/bad.csv"
is_status 65 "an empty file is refused"
err_has "empty file" "an empty file is explained"

ws import "$T/nothere.csv"
is_status 65 "a missing file is refused"
err_has "$T/nothere.csv: No such file or directory" "the missing file is named"

# Good rows before and after a bad one: all reported, none imported.
{ echo "$H"
  echo "ok-1,C,T,2024-01-01,,Kenya"
  echo "bad-1,C,T,2024-13-01,,Kenya"
  echo "ok-2,C,T,2024-01-01,,Kenya"
  echo "bad-2,C,,2024-01-01,,Kenya"; } >"$T/bad.csv"
ws import "$T/bad.csv"
is_status 65 "a file with two bad rows is refused"
err_has "$T/bad.csv:3: event 'bad-1'" "the first bad row is reported"
err_has "$T/bad.csv:5: event 'bad-2': title: required field is empty" \
    "the second bad row is reported"
ws event show ok-1
is_status 65 "the good rows are not imported either"

done_testing
