#!/bin/sh
# export --format json and ics: valid output volunteers' tools accept.
. "$TEST_SRCDIR/tests/lib.sh"

ws import "$TEST_SRCDIR/etc/sample-events.csv"
rows=$(($(wc -l <"$TEST_SRCDIR/etc/sample-events.csv") - 1))

ws export --format json
is_status 0 "export --format json exits 0"
cp "$OUT" "$T/events.json"
n=$(jq length "$T/events.json")
is_eq "$n" "$rows" "the JSON array holds every event"
v=$(jq -r '.[] | select(.id == "wikigap-2023-nairobi-2023-03-08") | .participants' \
    "$T/events.json")
is_eq "$v" "38" "counts are JSON numbers"
v=$(jq -r '[.[] | select(.end == null)] | length' "$T/events.json")
case "$v" in
''|*[!0-9]*) fail "unset fields are null" ;;
*) pass "unset fields are null" ;;
esac

ws export --format json --where 'country = Kenya' --where 'start < 2024-01-01'
n=$(jq length "$OUT")
is_eq "$n" "$(grep -c '^[^,]*,WikiGap 2023,.*,Kenya,' "$TEST_SRCDIR/etc/sample-events.csv")" \
    "--where filters the export"

ws export --format ics -o "$T/cal.ics"
is_status 0 "export --format ics exits 0"
first=$(head -n 1 "$T/cal.ics")
is_eq "$first" "$(printf 'BEGIN:VCALENDAR\r')" "the calendar begins right, CRLF"
n=$(grep -c '^BEGIN:VEVENT' "$T/cal.ics")
is_eq "$n" "$rows" "one VEVENT per event"
n=$(grep -c '^END:VEVENT' "$T/cal.ics")
is_eq "$n" "$rows" "every VEVENT ends"
long=$(awk '{ if (length($0) > 76) n++ } END { print n + 0 }' "$T/cal.ics")
is_eq "$long" "0" "no line is longer than 75 octets"
bare=$(grep -c -v "$(printf '\r$')" "$T/cal.ics")
is_eq "$bare" "0" "every line ends in CRLF"
if grep -q '^UID:wikigap-2023-nairobi-2023-03-08@wikisync' "$T/cal.ics"; then
	pass "the UID comes from the id"
else
	fail "the UID comes from the id"
fi

ws event add --id allday campaign=C title='Comma, semicolon; backslash\' \
    start=2024-03-08 end=2024-03-09
ws export --format ics --where 'id = allday'
out_has "DTSTART;VALUE=DATE:20240308" "a date without time is all-day"
out_has "DTEND;VALUE=DATE:20240310" "an all-day end is exclusive"
out_has 'SUMMARY:Comma\, semicolon\; backslash\\' "text is escaped"
n=$(grep -c '^BEGIN:VEVENT' "$OUT")
is_eq "$n" "1" "--where filters the calendar"

ws export -o /nonexistent/dir/x.csv
is_status 73 "an export to a directory that does not exist fails"
err_has "/nonexistent/dir/x.csv" "the path is named"

done_testing
