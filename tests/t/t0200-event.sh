#!/bin/sh
# event add|edit|show|list|rm, with the history of every change.
. "$TEST_SRCDIR/tests/lib.sh"

ws event add campaign='WikiGap 2024' title='Edit-a-thon' \
    start=2024-03-08 country=Kenya city=Nairobi
is_status 0 "event add exits 0"
out_has "wikigap-2024-nairobi-2024-03-08" "event add prints the id it made"

ws event add campaign='WikiGap 2024' title='Second' start=2024-03-08 \
    country=Kenya city=Nairobi
out_has "wikigap-2024-nairobi-2024-03-08-2" "a taken id made up gets a number"

ws event add --id kr-1 campaign='WikiGap 2024' title='Kraków' \
    start=2024-03-09T10:00 end=2024-03-09T16:00 country=Poland city='Kraków' \
    hashtag='#WikiGap'
is_status 0 "event add --id with an extra field"
out_has "kr-1" "the given id is printed"

ws event add --id kr-1 campaign=X title=Y start=2024-01-01
is_status 65 "adding an existing id is refused"
err_has "event 'kr-1' exists already" "the existing id is named"

ws event add --id WG23-Nairobi campaign=X title=Y start=2024-01-01
is_status 65 "an id with capitals is refused"
err_has "id: 'WG23-Nairobi' is not a valid id (lower-case letters, digits, '.', '_', '-'); try 'wg23-nairobi'" \
    "with the id that would do"

ws event add campaign=X start=2024-01-01
is_status 65 "a missing title is refused"
err_has "title: required field is empty" "the missing field is named"

ws event add campaign=X title=Y start=2023-02-30
is_status 65 "an impossible date is refused"
err_has "2023-02-30" "the bad date is quoted"

ws event add campaign=X title=Y start=2024-03-08 end=2024-03-01
is_status 65 "an end before the start is refused"
err_has "end: '2024-03-01' is before start '2024-03-08'" "both dates are named"

ws event add campaign=X title=Y start=2024-03-08 organiser=Z
is_status 64 "an unknown field is refused"
err_has "unknown field 'organiser'; did you mean 'organizer'?" \
    "the misspelt field gets a suggestion"

ws event add campaign=X title=Y start=2024-03-08 mode=remote
is_status 65 "an unknown mode is refused"

ws event add campaign=X title="$(printf 'a\033[31mb')" start=2024-03-08
is_status 65 "a control character is refused"
err_has "control character" "the control character is named"

ws event show kr-1
is_status 0 "event show exits 0"
out_has "Kraków" "show prints the non-ASCII city"
out_has "hashtag" "show prints the extra field"
out_has "planned" "a new event's status defaults to planned"

ws event edit kr-1 title='WikiGap Kraków' venue= participants=007
is_status 0 "event edit exits 0"
ws event show kr-1
out_has "WikiGap Kraków" "edit changed the title"
out_has "participants       7" "counts lose leading zeros"

ws event edit kr-1 start=2024-03-10
is_status 65 "an edit that puts end before start is refused"
ws event show kr-1
out_has "2024-03-09T10:00" "the refused edit changed nothing"

ws event edit nope title=x
is_status 65 "editing a missing event is refused"
err_has "event 'nope': no such event" "the missing event is named"

ws event show --history kr-1
is_status 0 "show --history exits 0"
out_has "cli:" "history names the source"
out_has "title: 'Kraków' -> 'WikiGap Kraków'" "history has old and new value"

ws event list
is_status 0 "event list exits 0"
out_has "ID" "list prints a header"
lines=$(wc -l <"$OUT")
is_eq "$lines" "4" "list prints the header and three events"

ws event list --where 'country = Poland'
lines=$(wc -l <"$OUT")
is_eq "$lines" "2" "list --where filters"

ws event list --where 'title ~ second' --format csv
out_has "wikigap-2024-nairobi-2024-03-08-2" "~ matches case-insensitively"
out_has "id,campaign,title" "csv has the header row"

ws event list --where 'contry = Kenya'
is_status 64 "a --where on an unknown field is refused"
err_has "did you mean 'country'?" "with a suggestion"

ws event list --format json
is_status 0 "list --format json exits 0"
out_has '"id":"kr-1"' "json holds the event"

ws event rm kr-1 nope
is_status 65 "rm with a missing id is refused"
ws event show kr-1
is_status 0 "a failed rm removes nothing"

ws event rm kr-1
is_status 0 "event rm exits 0"
ws event show kr-1
is_status 65 "a removed event is gone"
ws event show --history kr-1
is_status 0 "the history of a removed event remains"
out_has "'WikiGap Kraków' -> (unset)" "rm recorded the values it removed"

done_testing
