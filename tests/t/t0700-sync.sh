#!/bin/sh
# wikisync sync against a real MediaWiki 1.39: human text outside the
# regions kept byte for byte, no second edit, hand edits kept or saved,
# bad markers, max_shrink, {{bots}}, create, --dry-run and --diff, render
# and status.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
# page TITLE: the page's text into $T/page (exactly as the wiki has it).
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>"$T/page.err" |
	    tail -n +2 >"$T/page"
}
# revid TITLE: the page's latest revision id.
revid() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read "$1" | awk -F '\t' '{ print $3 }'
}
# human TITLE FILE: an edit by someone else than the bot.
human() {
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human "$1" \
	    <"$2" >/dev/null 2>&1
}
# edits: the number of edit requests in the last sync's summary line.
edits() {
	sed -n 's/.* edit \([0-9]*\))$/\1/p' "$OUT"
}

TPL="$TEST_SRCDIR/etc/templates"
{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[table events]
page = Sync test
template = $TPL/by-country.wiki
where = campaign = Test
where = status != cancelled
sort = country, start
group = country
summary = Updating the test event table

[table stats]
page = Sync test
template = $TPL/statistics.wiki
where = campaign = Test
where = status = done
sort = start
EOC

ws event add --id kenya-1 campaign=Test title="Women in science" \
    start=2023-03-08 country=Kenya city=Nairobi organizer="WMKE"
ws event add --id sweden-1 campaign=Test title="Edit-a-thon" \
    start=2023-03-10 country=Sweden city=Stockholm organizer="WMSE" \
    status=done participants=12 articles_created=30
ws event add --id brazil-1 campaign=Test title="Mulheres na ciência" \
    start=2023-03-09 country=Brazil city="São Paulo" organizer="WMBR"
is_status 0 "the registry has three events"

# A page with human text before, between and after the regions, with
# things a careless splicer would break: trailing spaces, CR-free lines,
# non-ASCII, a comment, the marker names in plain text.
printf '%s\n' "Intro: the events of the Test campaign.  " \
    "<!-- a comment, not a marker -->" \
    "<!-- wikisync:begin events -->" "old table" \
    "<!-- wikisync:end events -->" \
    "Between: ünïcödé, wikisync:begin events in prose; [[Link|text]]" \
    "<!-- wikisync:begin stats -->" \
    "<!-- wikisync:end stats -->" \
    "" "== After ==" "Signed, a human." >"$T/human.txt"
human "Sync test" "$T/human.txt"
page "Sync test"
cp "$T/page" "$T/before"

# --- the first sync adopts both regions
ws sync
is_status 0 "the first sync succeeds"
out_has "Sync test: edited (revision" "it edits the page"
out_has "Updating the test event table: events first sync (3 events)" \
    "the summary says what it did"
out_has "note: region 'events': its old text is saved in the registry (adopted)" \
    "the adopted region's old text is kept"
is_eq "$(edits)" "1" "one edit for the two regions"
v=$(sqlite3 "$T/registry.db" "SELECT text FROM region_history WHERE region = 'events' AND source = 'adopted'")
is_eq "$v" "old table" "the old text is in the registry's region history"

page "Sync test"
cp "$T/page" "$T/after1"
ws render events
cp "$OUT" "$T/events.txt"
ws render stats
cp "$OUT" "$T/stats.txt"
{
	printf '%s\n' "Intro: the events of the Test campaign.  " \
	    "<!-- a comment, not a marker -->" \
	    "<!-- wikisync:begin events -->"
	cat "$T/events.txt"
	printf '%s\n' "<!-- wikisync:end events -->" \
	    "Between: ünïcödé, wikisync:begin events in prose; [[Link|text]]" \
	    "<!-- wikisync:begin stats -->"
	cat "$T/stats.txt"
	printf '%s\n' "<!-- wikisync:end stats -->" "" "== After ==" \
	    "Signed, a human."
} >"$T/expected"
# The wiki trims the end of the page.
printf '%s' "$(cat "$T/expected")" >"$T/expected.trim"
same_file "$T/page" "$T/expected.trim" \
    "the page is the human text with the rendered regions, byte for byte"
grep -c '^| Nairobi || ' "$T/page" >"$T/n"
is_eq "$(cat "$T/n")" "1" "the Kenyan event is in the table"
grep -qF '| {{#time:j F Y|2023-03-10}} || Sweden || Stockholm || Edit-a-thon || 12 || 30 ||' "$T/page"
is_eq "$?" "0" "the statistics table has the finished event"

# --- a second sync makes no edit
rev1=$(revid "Sync test")
ws sync
is_status 0 "the second sync succeeds"
out_has "Sync test: in sync (revision $rev1)" "it finds the page in sync"
is_eq "$(edits)" "0" "it makes no edit request"
is_eq "$(revid "Sync test")" "$rev1" "the page history has no new revision"

# --- a human edit outside the regions survives the next change
sed 's/^Signed, a human\.$/Signed, a human, edited later./' "$T/page" \
    >"$T/human2.txt"
human "Sync test" "$T/human2.txt"
ws event add --id india-1 campaign=Test title="Gender gap" \
    start=2023-03-11 country=India city=Delhi
ws event edit kenya-1 city=Mombasa
ws sync
is_status 0 "a sync after a human edit outside the regions succeeds"
out_has "Updating the test event table: +1 event, 1 changed" \
    "the summary counts the added and changed events"
page "Sync test"
grep -q "^Signed, a human, edited later\.$" "$T/page"
is_eq "$?" "0" "the human edit outside the regions is kept"
grep -q "^| Delhi || " "$T/page"
is_eq "$?" "0" "the new event is on the page"
ws sync
is_eq "$(edits)" "0" "and the next sync makes no edit"

# --- a hand edit inside a region: kept and reported
rev=$(revid "Sync test")
sed 's/^| Delhi || /| New Delhi (by hand) || /' "$T/page" >"$T/hand.txt"
human "Sync test" "$T/hand.txt"
rev_hand=$(revid "Sync test")
ws event add --id peru-1 campaign=Test title="Wikimujeres" \
    start=2023-03-12 country=Peru city=Lima
ws sync
is_status 65 "a hand edit inside a region stops the page"
err_has "page 'Sync test': region 'events' was edited by hand" \
    "the error names the page and the region"
err_has "by Human" "and who edited it"
is_eq "$(revid "Sync test")" "$rev_hand" "nothing is written"
out_has ", 1 skipped;" "the summary line counts the page as skipped"
err_has "status --history shows it" "the error says where --force keeps the text"
ws status
out_has "skipped since" "status shows it skipped, since when and why"

# on_manual_edit = overwrite: the hand-edited text goes into history.
sed 's/^summary = Updating the test event table$/&\non_manual_edit = overwrite/' \
    "$CONF" >"$T/over.ini"
run "$WIKISYNC" -c "$T/over.ini" sync
is_status 0 "with on_manual_edit = overwrite the region is replaced"
out_has "its old text is saved in the registry (manual-edit)" \
    "the hand-edited text is saved"
out_has "wikisync status --history 'Sync test' shows it" \
    "the note names the command that shows it"
v=$(sqlite3 "$T/registry.db" "SELECT count(*) FROM region_history WHERE source = 'manual-edit' AND user = 'Human' AND text LIKE '%New Delhi (by hand)%'")
is_eq "$v" "1" "the registry's region history has the human text and its author"
page "Sync test"
grep -q "^| Lima || " "$T/page"
is_eq "$?" "0" "the region is rendered again"
grep -q "by hand" "$T/page"
is_eq "$?" "1" "the hand edit is gone from the page"
ws status
out_has "in sync" "status shows the table in sync again"
out_lacks " since " "and no error"

# status --history: what was saved, from which revision, by whom, when.
ws status --history "Sync test"
is_status 0 "status --history lists the saved texts of a page"
out_has "ENTRY  REGION  FROM REV  BY" "under a header"
grep -Eq "^[0-9]+ +events +$rev_hand +Human +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z +manual-edit$" "$OUT"
is_eq "$?" "0" "the hand edit: region, revision, author, when, why"
entry=$(awk '$2 == "events" && $6 == "manual-edit" { n = $1 } END { print n }' "$OUT")
ws status --history "Sync test" "$entry"
is_status 0 "status --history PAGE ENTRY prints a saved text"
out_has "| New Delhi (by hand) || " "the hand-edited text, whole"
grep -q "^ENTRY" "$OUT"
is_eq "$?" "1" "and nothing else"
ws status --history events
out_has "manual-edit" "a table's name finds its page's texts too"
ws status --history "Sync test" 999999
is_status 65 "an entry the page does not have is an error"
err_has "page 'Sync test': no saved text 999999" "naming the page and entry"
ws status --history "Sync test" first
is_status 64 "an entry that is not a number is a usage error"
ws status --history "No such page"
is_status 0 "a page without saved texts is not an error"
out_has "page 'No such page': no text saved" "it says there is none"
ws status extra
is_status 64 "status takes no argument without --history"

# --- unbalanced markers block the page
printf '%s\n' "Text" "<!-- wikisync:begin events -->" "x" \
    "<!-- wikisync:begin stats -->" "<!-- wikisync:end stats -->" \
    >"$T/bad.txt"
human "Sync test" "$T/bad.txt"
rev_bad=$(revid "Sync test")
ws sync
is_status 65 "unbalanced markers fail the sync"
err_has "page 'Sync test': marker 'stats' on line 4 begins inside region 'events' (line 2)" \
    "the error names the page and the marker"
is_eq "$(revid "Sync test")" "$rev_bad" "nothing is written to that page"
out_has ", 1 failed;" "the summary line counts the page as failed"
ws status
out_has "failed since" "so does status"

# --- {{bots|deny=...}}
human "Sync test" "$T/hand.txt"
"$WIKISYNC" -c "$CONF" sync --force >/dev/null 2>&1
page "Sync test"
{ echo "{{bots|deny=SyncBot}}"; cat "$T/page"; } >"$T/deny.txt"
human "Sync test" "$T/deny.txt"
ws event add --id peru-2 campaign=Test title="Wikimujeres 2" \
    start=2023-03-13 country=Peru city=Cusco
rev_deny=$(revid "Sync test")
ws sync
is_status 65 "a page that denies the bot is not synced"
err_has "excludes SyncBot" "the error says the page excludes the bot"
out_has ", 1 skipped;" "the page is counted as skipped"
is_eq "$(revid "Sync test")" "$rev_deny" "the page is not edited"
sed 's/deny=SyncBot/deny=OtherBot/' "$T/deny.txt" >"$T/deny2.txt"
human "Sync test" "$T/deny2.txt"
ws sync
is_status 0 "a page that denies another bot is synced"
out_has "Sync test: edited" "and edited"

# --- max_shrink: 40 rows down to 2 is refused without --force
i=0
{
	echo "id,campaign,title,start,country,city"
	while [ $i -lt 40 ]; do
		i=$((i + 1))
		printf 'big-%02d,Big,Event %d,2023-03-%02d,Chile,Santiago\n' \
		    $i $i $(((i % 28) + 1))
	done
} >"$T/big.csv"
ws import "$T/big.csv"
is_status 0 "40 events imported"
cat >>"$CONF" <<EOC

[table big]
page = Big list
template = $TPL/statistics.wiki
where = campaign = Big
sort = start
create = yes
EOC
ws sync --page "Big list"
is_status 0 "create = yes creates a missing page"
out_has "Big list: created (revision" "it says the page was created"
page "Big list"
head -n 1 "$T/page" >"$T/first"
is_eq "$(cat "$T/first")" "<!-- wikisync:begin big -->" \
    "the new page starts with the region's begin marker"
is_eq "$(grep -c '^|-$' "$T/page")" "40" "with 40 rows"
is_eq "$(grep -c '^|- class="sortbottom"$' "$T/page")" "1" "and a totals row"
ws sync --page "Big list"
out_has "Big list: in sync" "the created page is in sync on the next pass"
out_has "(login 3, token 0, read 1, edit 0)" \
    "found so from its revision id alone: one read, no text, no edit"
i=2
while [ $i -lt 40 ]; do
	i=$((i + 1))
	"$WIKISYNC" -c "$CONF" event rm "$(printf 'big-%02d' $i)" \
	    >/dev/null 2>&1
done
rev_big=$(revid "Big list")
ws sync --page "Big list"
is_status 65 "a drop from 40 rows to 2 (41 and 3 with the totals) is refused"
err_has "region 'big' would shrink from 41 to 3 rows, more than max_shrink (50%)" \
    "the error gives the counts and the limit"
is_eq "$(revid "Big list")" "$rev_big" "nothing is written"
out_has ", 1 skipped;" "a shrink refused is a page skipped"
ws sync --page "Big list" --force
is_status 0 "--force saves it"
out_has "Big list: edited" "the page is edited"
out_has "38 removed" "the summary counts the removed events"

# --- a missing page without create = yes
sed 's/^page = Sync test$/page = No such page/' "$CONF" >"$T/missing.ini"
run "$WIKISYNC" -c "$T/missing.ini" sync --page "No such page"
is_status 65 "a missing page is an error"
err_has "page 'No such page' (table 'events') does not exist" \
    "the error names the page and the table"
out_has ", 1 failed;" "a missing page is a page failed"

# --- --dry-run and --diff write nothing
ws event add --id chile-2 campaign=Test title="Dry" start=2023-03-20 \
    country=Chile city=Valparaíso
rev=$(revid "Sync test")
ws sync --dry-run --diff --page "Sync test"
is_status 0 "a dry run succeeds"
out_has "Sync test: would edit: Updating the test event table: +1 event" \
    "it says what it would do"
out_has "+| Valparaíso || " "the diff shows the new row"
out_has "@@ -" "as a unified diff"
is_eq "$(edits)" "0" "it makes no edit request"
is_eq "$(revid "Sync test")" "$rev" "the page is unchanged"
ws sync --page "Sync test"
out_has "Sync test: edited" "the real sync then edits"

# --- an edit conflict mid-sync: the page is read again and re-spliced.
# Two pages and edit_interval = 3: while wikisync waits before the second
# edit, a human changes that page's begin marker line, which the wiki
# cannot merge with wikisync's edit right below it.
{ wiki_section 3; cat <<EOC; } >"$T/conflict.ini"

[registry]
database = $T/registry.db

[table ca]
page = Conflict A
template = $TPL/statistics.wiki
where = campaign = Test

[table cb]
page = Conflict B
template = $TPL/statistics.wiki
where = campaign = Test
EOC
printf '%s\n' "A" "<!-- wikisync:begin ca -->" "<!-- wikisync:end ca -->" \
    >"$T/ca.txt"
printf '%s\n' "B" "<!-- wikisync:begin cb -->" "<!-- wikisync:end cb -->" \
    "end of B" >"$T/cb.txt"
human "Conflict A" "$T/ca.txt"
human "Conflict B" "$T/cb.txt"
rev_a=$(revid "Conflict A")
"$WIKISYNC" -c "$T/conflict.ini" -v sync >"$OUT" 2>"$ERR" </dev/null &
pid=$!
n=0
while [ "$(revid "Conflict A")" = "$rev_a" ] && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
printf '%s\n' "B, changed by a human" "<!--wikisync:begin cb-->" \
    "<!-- wikisync:end cb -->" "end of B" >"$T/cb2.txt"
human "Conflict B" "$T/cb2.txt"
wait $pid
STATUS=$?
is_status 0 "a sync with an edit conflict succeeds"
err_has "editconflict" "the wiki reported the conflict"
out_has "Conflict B: note: 1 edit conflict: the page was read again" \
    "and wikisync says it read the page again"
page "Conflict B"
head -n 2 "$T/page" >"$T/head"
printf '%s\n' "B, changed by a human" "<!--wikisync:begin cb-->" >"$T/head.want"
same_file "$T/head" "$T/head.want" "the human's change is kept"
grep -q "^| {{#time:j F Y|2023-03-10}} || Sweden" "$T/page"
is_eq "$?" "0" "and the region is filled"

# --- a moved page is followed (by page id) and reported
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$WIKI_DIR" moveBatch.php \
    --u Human -r "moving" >/dev/null 2>&1 <<EOM
Conflict A|Conflict A moved
EOM
ws event add --id moved-1 campaign=Test title="After the move" \
    start=2023-03-25 country=Sweden city=Lund status=done
run "$WIKISYNC" -c "$T/conflict.ini" sync
is_status 0 "a sync after the page was moved succeeds"
out_has "note: page 'Conflict A' was moved to 'Conflict A moved'; followed" \
    "it reports the move"
page "Conflict A moved"
grep -q "After the move" "$T/page"
is_eq "$?" "0" "and edits the page where it is now"
page "Conflict A"
grep -q "After the move" "$T/page"
is_eq "$?" "1" "not the redirect left behind"

# A redirect wikisync never wrote through is not followed.
printf '#REDIRECT [[Sync test]]\n' >"$T/redir.txt"
human "Redirected" "$T/redir.txt"
sed 's/^page = Conflict B$/page = Redirected/' "$T/conflict.ini" \
    >"$T/redir.ini"
run "$WIKISYNC" -c "$T/redir.ini" sync --page Redirected
is_status 65 "a page that is a redirect is not followed"
err_has "page 'Redirected' is a redirect to 'Sync test'" \
    "the error names the redirect and its target"

# --- usage errors
ws sync --page "Not configured"
is_status 64 "--page must name a page a table is on"
err_has "no table or intake of" "with a message"
ws sync --pull-only --push-only
is_status 64 "--pull-only and --push-only exclude each other"
ws render nosuch
is_status 64 "render of an unknown table is a usage error"
err_has "unknown table 'nosuch'" "naming the table"

# --- a template error stops its table, never half of it
printf '%s\n' '{|' '<%#events%>' '| <%title%>' '|}' >"$T/broken.wiki"
sed "s|^template = $TPL/statistics.wiki$|template = $T/broken.wiki|" \
    "$CONF" >"$T/broken.ini"
rev=$(revid "Sync test")
run "$WIKISYNC" -c "$T/broken.ini" sync --page "Sync test"
is_status 65 "a broken template fails its page"
err_has "broken.wiki:2:" "the error names the template file and line"
is_eq "$(revid "Sync test")" "$rev" "nothing is written"

# --- a page over the wiki's size limit is refused before any edit
printf '<?php\n$wgMaxArticleSize = 2;\n' >"$WIKI_DIR/extra.php"
i=0
while [ $i -lt 30 ]; do
	i=$((i + 1))
	"$WIKISYNC" -c "$CONF" event add --id "$(printf 'size-%02d' $i)" \
	    campaign=Big title="A long title to fill the page, number $i" \
	    start=2023-04-01 >/dev/null 2>&1
done
rev=$(revid "Big list")
ws sync --page "Big list"
is_status 65 "a page over the wiki's size limit is refused"
err_has "page 'Big list' would be" "the error names the page"
err_has "over the wiki's limit of 2048 bytes" "and the wiki's limit"
out_has "edit 0)" "no edit is even tried"
is_eq "$(revid "Big list")" "$rev" "nothing is written"
rm -f "$WIKI_DIR/extra.php"

# --- status names each table's and intake's wiki: with several wikis the
# same title may be on each.  "wiki" is the plain [wiki], as in wikis =.
{
	wiki_section
	printf '\n[wiki meta]\n'
	wiki_section | sed 1d
	cat <<EOC

[registry]
database = $T/wikis.db

[table on-default]
page = Two wikis
template = $TPL/statistics.wiki
where = campaign = Two
create = yes

[table on-meta]
page = Two wikis, meta
template = $TPL/statistics.wiki
where = campaign = Two
create = yes
wiki = meta

[intake signups-meta]
page = Two wikis sign-ups
template = WikiGap event
campaign = Two
wiki = meta
EOC
} >"$T/wikis.ini"
run "$WIKISYNC" -c "$T/wikis.ini" status
is_status 0 "status with two wikis, before any sync"
out_has "WIKI" "has a WIKI column"
row() {
	awk -v n="$1" '$1 == n { print $2 }' "$OUT"
}
is_eq "$(row on-default)" "wiki" "a table never synced: the plain [wiki]"
is_eq "$(row on-meta)" "meta" "a table never synced: [wiki meta]"
is_eq "$(row signups-meta)" "meta" "an intake never read: [wiki meta]"
run "$WIKISYNC" -c "$T/wikis.ini" sync --push-only
is_status 0 "both tables synced, one on each wiki"
run "$WIKISYNC" -c "$T/wikis.ini" status
is_eq "$(row on-default)" "wiki" "a synced table: its wiki"
is_eq "$(row on-meta)" "meta" "a synced table on [wiki meta]: its wiki"

done_testing
