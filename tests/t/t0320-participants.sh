#!/bin/sh
# Participants (event participants add|rm|list, import --participants),
# articles in event show and export, their history, their removal with
# the event; the fields edits, bytes_added and page.
. "$TEST_SRCDIR/tests/lib.sh"

count() {
	sqlite3 "$T/registry.db" "SELECT count(*) FROM $1"
}

ws event add --id e-1 campaign='WikiGap 2024' title='Nairobi' \
    start=2024-03-08 city=Nairobi
ws event add --id e-2 campaign='WikiGap 2024' title='Kraków' \
    start=2024-03-09 city='Kraków'
is_status 0 "two events to take part in"

# From the shell.
ws event participants add e-1 alice User:Bob_Smith
is_status 0 "participants add exits 0"
err_has "event 'e-1': 2 participants added, 0 already listed" \
    "it says how many were added"
ws event participants add e-1 Alice carol 'user:alice'
is_status 0 "adding names listed already exits 0"
err_has "1 participant added, 1 already listed" \
    "names listed already are counted, a name given twice once"
ws event participants list e-1
is_status 0 "participants list exits 0"
is_eq "$(cat "$OUT")" "Alice
Bob Smith
Carol" "one user name a line, in MediaWiki's form, sorted"
ws event participants list --long e-1
line=$(grep '^Bob Smith' "$OUT")
case "$line" in
"Bob Smith	20"*"Z	cli:"*) pass "--long: name, when and by what, tab-separated" ;;
*) fail "--long: name, when and by what, tab-separated"; echo "#   $line" ;;
esac

ws event participants add e-1 Dave 'x|y' 'a@b'
is_status 65 "a bad user name refuses the command"
err_has "user name 'x|y': '|' is not allowed in a user name" \
    "the bad name and why are named"
err_has "user name 'a@b': '@' is not allowed" "every bad name is named"
ws event participants list e-1
out_lacks "Dave" "nothing was added"

ws event participants add nope Alice
is_status 65 "an unknown event is refused"
err_has "event 'nope': no such event" "the event is named"
ws event participants list nope
is_status 65 "listing an unknown event's participants fails"

ws event participants rm e-1 Carol
is_status 0 "participants rm exits 0"
err_has "1 participant removed" "it says how many were removed"
ws event participants rm e-1 Alice Zed
is_status 65 "removing a name not listed fails"
err_has "event 'e-1': 'Zed' is not a participant" "the name is named"
err_has "nothing changed" "and nothing was changed"
ws event participants list e-1
out_has "Alice" "the other name was not removed either (all or none)"

ws event participants lst e-1
is_status 64 "an unknown participants verb is a usage error"
err_has "unknown participants command 'lst'; did you mean 'list'?" \
    "with a suggestion"
ws event participants add e-1
is_status 64 "add without a user name is a usage error"
err_has "usage: wikisync event participants add ID USER ..." \
    "and prints the usage"
ws event participants --help
is_status 0 "participants --help exits 0"
out_has "wikisync event participants list [--long] ID" \
    "and lists the verbs"
ws event --help
out_has "wikisync event participants add|rm|list ID [USER ...]" \
    "event --help lists participants"

# From CSV: the columns in either order.
cat >"$T/people.csv" <<'EOC'
user,event
Alice,e-1
Eve_Ng,e-1
User:Frank,e-2
frank,e-2
EOC
ws import --participants --dry-run "$T/people.csv"
is_status 0 "a dry run of a good file exits 0"
is_eq "$(count participants)" "2" "and writes nothing"
ws import --participants "$T/people.csv"
is_status 0 "importing participants exits 0"
err_has "participants: 2 added to 2 events, 2 already listed" \
    "the summary counts additions, events and names already listed"
ws event participants list e-2
is_eq "$(cat "$OUT")" "Frank" "the names are normalized"
ws event show --history e-1
out_has "import:people.csv  participant: (unset) -> 'Eve Ng'" \
    "history names the file"

before=$(sqlite3 "$T/registry.db" 'SELECT event_id, user FROM participants')
# bad NAME LINE MESSAGE: importing $T/bad.csv fails with FILE:LINE and
# changes nothing.
bad() {
	ws import --participants "$T/bad.csv"
	is_status 65 "$1: exit 65"
	err_has "$T/bad.csv:$2: $3" "$1: named with file:line"
	err_has "$T/bad.csv: nothing imported" "$1: nothing imported"
	after=$(sqlite3 "$T/registry.db" 'SELECT event_id, user FROM participants')
	is_eq "$after" "$before" "$1: the participants are unchanged"
}
printf 'event,user\ne-2,Grace\nnope,Heidi\n' >"$T/bad.csv"
bad "an unknown event" 3 "event 'nope': no such event"
printf 'event,user\ne-2,Grace\ne-2,[[Ivan]]\n' >"$T/bad.csv"
bad "a bad user name" 3 "user name '[[Ivan]]': '[' is not allowed"
printf 'event\ne-2\n' >"$T/bad.csv"
bad "a missing column" 1 "missing column 'user'"
printf 'event,user,email\ne-2,Grace,g@example.org\n' >"$T/bad.csv"
bad "an extra column" 1 "unknown column 'email' (the columns are event and user)"
printf 'event,user\ne-2,Grace\nnope,Heidi\ne-2,a|b\n' >"$T/bad.csv"
ws import --participants "$T/bad.csv"
err_has "$T/bad.csv:3: event 'nope'" "every error is reported: the first"
err_has "$T/bad.csv:4: user name 'a|b'" "and the next"

ws import --help
out_has "usage: wikisync import [--dry-run] [--lowercase-ids] [--participants] FILE" \
    "import --help shows --participants"

# event show: participants and articles after the fields.
sqlite3 "$T/registry.db" "INSERT INTO event_articles VALUES
    ('e-1', '', 'Wangari Maathai', 1, 3, 1200),
    ('e-1', '', 'Kenya, \"land\"', 0, 1, 40),
    ('e-1', 'svwiki', 'Nairobi', 0, 2, 7),
    ('e-2', '', 'Wisława Szymborska', 1, 1, 900)"
ws event show e-1
is_status 0 "event show exits 0"
out_has "participants:" "it lists the participants"
out_has "  Eve Ng  (added " "with when and by what"
out_has "  created   Wangari Maathai  (3 edits, 1200 bytes added)" \
    "and the articles, created first"
out_has "  improved  [svwiki] Nairobi  (2 edits, 7 bytes added)" \
    "with their wiki when not the default"

# export --articles and JSON.
ws export --articles
is_status 0 "export --articles exits 0"
is_eq "$(cat "$OUT")" 'event,wiki,title,created,edits,bytes_added
e-1,,Wangari Maathai,yes,3,1200
e-1,,"Kenya, ""land""",no,1,40
e-1,svwiki,Nairobi,no,2,7
e-2,,Wisława Szymborska,yes,1,900' "the pages, quoted as CSV, created as yes/no"
ws export --articles --where 'city = Kraków'
is_eq "$(cat "$OUT")" 'event,wiki,title,created,edits,bytes_added
e-2,,Wisława Szymborska,yes,1,900' "--where selects the events"
ws export --articles --format json
is_status 64 "--articles with json is a usage error"
ws export --format json --where 'id = e-1'
is_status 0 "export --format json exits 0"
out_has '"participant_names":["Alice","Bob Smith","Eve Ng"]' \
    "JSON carries the participants' names"
out_has '"articles":[{"wiki":"","title":"Wangari Maathai","created":true,"edits":3,"bytes_added":1200},' \
    "and the articles"
out_has '"participants":null' "the participants count stays a field"
ws event list --format json --where 'id = e-2'
out_has '"participant_names":["Frank"]' "event list --format json too"

# event rm takes participants and articles along; history keeps them.
ws event rm e-1
is_status 0 "an event with participants is removed"
is_eq "$(sqlite3 "$T/registry.db" "SELECT count(*) FROM participants WHERE event_id = 'e-1'")" \
    "0" "its participants are gone"
is_eq "$(sqlite3 "$T/registry.db" "SELECT count(*) FROM event_articles WHERE event_id = 'e-1'")" \
    "0" "its articles are gone"
is_eq "$(count participants)" "1" "another event's stay"
ws event show --history e-1
out_has "participant: 'Eve Ng' -> (unset)" "each removal is in history"

# The fields edits, bytes_added and page.
ws event add --id e-3 campaign='WikiGap 2024' title='Stockholm' \
    start=2024-03-10 edits=0120 bytes_added=3400 \
    page='WikiGap_2024/Stockholm_'
is_status 0 "event add with edits, bytes_added and page"
ws event show e-3
out_has "edits              120" "edits is a count"
out_has "bytes_added        3400" "bytes_added too"
out_has "page               WikiGap 2024/Stockholm" \
    "page is spaced as the wiki spaces titles"
ws event edit e-3 page='WikiGap 2024#Stockholm'
is_status 65 "a page with a section is refused"
err_has "page: 'WikiGap 2024#Stockholm' holds '#'" "the value and why"
ws event edit e-3 page='[[WikiGap]]'
is_status 65 "a page with a link is refused"
ws event edit e-3 edits=lots
is_status 65 "edits that are not a count are refused"
err_has "edits: 'lots' is not a count" "with the field named"
ws event edit e-3 bytes_added= page='Event:WikiGap/Stockholm'
is_status 0 "event edit of the new fields"
ws event show e-3
out_lacks "bytes_added" "a cleared count is unset"
out_has "Event:WikiGap/Stockholm" "a page in another namespace"

# CSV round trip of the new fields.
ws export -o "$T/one.csv"
is_status 0 "export -o"
head -n 1 "$T/one.csv" | grep -q 'articles_improved,edits,bytes_added,page,notes' &&
    pass "the header has the new fields before notes" ||
    fail "the header has the new fields before notes"
grep -q '^e-3,.*,120,,Event:WikiGap/Stockholm,' "$T/one.csv" &&
    pass "the values are in their columns" ||
    fail "the values are in their columns"
printf '[registry]\ndatabase = %s/two.db\nextra_fields = hashtag, partner\n' \
    "$T" >"$T/two.ini"
run "$WIKISYNC" -c "$T/two.ini" import "$T/one.csv"
is_status 0 "the export imports into a new registry"
run "$WIKISYNC" -c "$T/two.ini" export -o "$T/two.csv"
same_file "$T/one.csv" "$T/two.csv" "CSV round-trips exactly"
printf 'id,page\ne-3,A|B\n' >"$T/badpage.csv"
ws import "$T/badpage.csv"
is_status 65 "an import of a bad page is refused"
err_has "$T/badpage.csv:2: event 'e-3': page: 'A|B' holds '|'" \
    "with file, line, event and field"

done_testing
