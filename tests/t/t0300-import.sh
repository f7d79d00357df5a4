#!/bin/sh
# import and export: the sample registry, upserts, round trips.
. "$TEST_SRCDIR/tests/lib.sh"

SAMPLE="$TEST_SRCDIR/etc/sample-events.csv"
rows=$(($(wc -l <"$SAMPLE") - 1))

ws import --dry-run "$SAMPLE"
is_status 0 "import --dry-run of the sample exits 0"
err_has "dry run" "the dry run says so"
ws event list --format csv
lines=$(wc -l <"$OUT")
is_eq "$lines" "1" "a dry run writes nothing"

ws import "$SAMPLE"
is_status 0 "importing the sample registry exits 0"
err_has "$rows added" "every row is added"

ws event list --format csv
lines=$(($(wc -l <"$OUT") - 1))
is_eq "$lines" "$rows" "the registry holds every row"

ws import "$SAMPLE"
is_status 0 "importing it again exits 0"
err_has "0 added, 0 changed, $rows unchanged" "a second import changes nothing"

# Export, import into an empty registry, export again: the same bytes.
ws export -o "$T/one.csv"
is_status 0 "export -o exits 0"
cat >"$T/two.ini" <<EOC
[registry]
database = $T/two.db
extra_fields = hashtag, partner
EOC
run "$WIKISYNC" -c "$T/two.ini" import "$T/one.csv"
is_status 0 "the export imports into a new registry"
run "$WIKISYNC" -c "$T/two.ini" export
cp "$OUT" "$T/two.csv"
same_file "$T/one.csv" "$T/two.csv" "CSV round-trips exactly"

# Values that need quoting, extra fields, newlines in notes.
cat >"$T/tricky.csv" <<'EOC'
id,campaign,title,start,notes,hashtag
q-1,"WikiGap, 2024","Say ""hi""",2024-03-08,"line one
line two",#WikiGap
q-2,WikiGap 2024,  São Paulo  ,2024-03-09,,
EOC
ws import "$T/tricky.csv"
is_status 0 "quoted commas, quotes and newlines import"
ws event show q-1
out_has 'Say "hi"' "doubled quotes become one"
out_has "line two" "a newline inside quotes is kept"
out_has "#WikiGap" "the extra column is stored"
ws event show q-2
out_has "title              São Paulo" "outer blanks are trimmed"
ws export -o "$T/three.csv"
run "$WIKISYNC" -c "$T/two.ini" import "$T/three.csv"
run "$WIKISYNC" -c "$T/two.ini" export -o "$T/four.csv"
same_file "$T/three.csv" "$T/four.csv" "tricky values round-trip exactly"

# A partial import updates only its columns; an empty cell clears.
printf 'id,participants,venue\nq-1,25,\n' >"$T/stats.csv"
ws event edit q-1 venue=Library
ws import "$T/stats.csv"
is_status 0 "a partial import exits 0"
err_has "1 changed" "the row is counted as changed"
ws event show q-1
out_has "participants       25" "the column present is set"
out_lacks "Library" "an empty cell clears the field"
out_has "line two" "columns absent keep their values"
ws event show --history q-1
out_has "import:stats.csv" "history names the import file"

# A new event with only some columns still needs the required ones.
printf 'id,participants\nnew-1,3\n' >"$T/new.csv"
ws import "$T/new.csv"
is_status 65 "a new event without required fields is refused"
err_has "$T/new.csv:2: event 'new-1': campaign: required field is empty" \
    "the row, event and field are named"

# A CRLF file with a byte order mark, as spreadsheets write it.
printf '\357\273\277id,campaign,title,start\r\ncr-1,C,T,2024-01-01\r\n' \
    >"$T/crlf.csv"
ws import "$T/crlf.csv"
is_status 0 "a CRLF file with a BOM imports"
ws event show cr-1
out_has "campaign           C" "its fields are read"

# Ids with capitals, as organizers' spreadsheets have them: refused with
# the id that would do, folded with --lowercase-ids, the spelling kept in
# history, and a second import of the file the same events.
cat >"$T/caps.csv" <<'EOC'
id,campaign,title,start,city
WG23-Nairobi,WikiGap 2023,Women in science,2023-03-08,Nairobi
WG23-Accra,WikiGap 2023,Edit-a-thon,2023-03-09,Accra
wg23-lagos,WikiGap 2023,Lagos,2023-03-10,Lagos
EOC
ws import "$T/caps.csv"
is_status 65 "ids with capitals are refused without --lowercase-ids"
err_has "$T/caps.csv:2: id: 'WG23-Nairobi' is not a valid id (lower-case letters, digits, '.', '_', '-'); try 'wg23-nairobi', or import with --lowercase-ids" \
    "the error shows the id that would do, and the option"
ws import --lowercase-ids --dry-run "$T/caps.csv"
is_status 0 "import --lowercase-ids --dry-run"
ws event show wg23-nairobi
is_status 65 "a dry run adds nothing"
ws import --lowercase-ids "$T/caps.csv"
is_status 0 "import --lowercase-ids"
err_has "3 rows: 3 added, 0 changed, 0 unchanged" "adds every row"
ws event show wg23-nairobi
is_status 0 "the event is stored under the folded id"
out_has "title              Women in science" "with its fields"
ws event show --history wg23-accra
out_has "import:caps.csv  id: 'WG23-Accra' -> 'wg23-accra'" \
    "its history keeps the id as the file spelt it"
ws event show --history wg23-lagos
out_lacks "id: 'wg23-lagos' ->" "an id already in lower case has no such entry"
ws import --lowercase-ids "$T/caps.csv"
is_status 0 "the same file again"
err_has "3 rows: 0 added, 0 changed, 3 unchanged" "is the same events"
sed 's/Edit-a-thon/Edit-a-thon 2/' "$T/caps.csv" >"$T/caps2.csv"
ws import --lowercase-ids "$T/caps2.csv"
is_status 0 "an updated file"
err_has "0 added, 1 changed, 2 unchanged" "updates the events it made"

# Participants name events as the spreadsheet does: folded on request.
printf 'event,user\nWG23-Nairobi,Alice\n' >"$T/people.csv"
ws import --participants "$T/people.csv"
is_status 65 "a participant's event id with capitals is not found as such"
err_has "$T/people.csv:2: event 'WG23-Nairobi': no such event (ids are lower case: import with --lowercase-ids to read it as 'wg23-nairobi')" \
    "the error says how it would be found"
ws import --participants --lowercase-ids "$T/people.csv"
is_status 0 "import --participants --lowercase-ids"
ws event participants list wg23-nairobi
out_has "Alice" "adds the participant to the folded id's event"

done_testing
