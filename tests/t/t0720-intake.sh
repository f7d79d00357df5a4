#!/bin/sh
# Intake against a real MediaWiki 1.39: organizers' sign-ups (calls of an
# on-wiki template) read from the wiki's parse tree into the registry,
# ids written back once, the tables following in the same pass, a date
# changed on-wiki, five kinds of invalid call, hostile calls, removed
# calls, a page that disappears, newest-wins, --pull-only/--push-only.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
SIGNUP="WikiGap/2023/Sign up"
# page TITLE: the page's text into $T/page.
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>/dev/null | tail -n +2 \
	    >"$T/page"
}
revid() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read "$1" | awk -F '\t' '{ print $3 }'
}
# human TITLE FILE: an organizer's edit.
human() {
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human "$1" \
	    <"$2" >/dev/null 2>&1
}
# requests KIND: that count in the last sync's summary line.
requests() {
	sed -n "s/.*[(, ]$1 \([0-9]*\)[,)].*/\1/p" "$OUT"
}
# nl FILE: FILE with a line end at its end (the wiki strips the last one).
nl() {
	sed -e '$a\' "$1"
}
count() {
	"$WIKISYNC" -c "$CONF" event list --format csv | tail -n +2 | wc -l |
	    tr -d ' '
}
field() {
	"$WIKISYNC" -c "$CONF" event show "$1" |
	    sed -n "s/^$2  *//p"
}

{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[table signups]
page = Sign-up table
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = WikiGap 2023
where = status != cancelled
sort = country, start
group = country
create = yes

[intake signups-report]
page = $SIGNUP
template = WikiGap event
campaign = WikiGap 2023
on_removed = cancel
report = yes
EOC

# --- 30 sign-ups: 10 written by hand with what organizers write (nested
# templates, piped links, comments, non-ASCII, odd spellings of the
# template's name), without ids; 20 plain ones with ids.
cat >"$T/signup.txt" <<'EOF'
Sign up your event below. <!-- {{WikiGap event|country=Commented out}} -->
<nowiki>{{WikiGap event|country=Nowiki}}</nowiki>

== Problems ==
<!-- wikisync:begin signups-report -->
<!-- wikisync:end signups-report -->

== Events ==
{{WikiGap event|country=Kenya|city=Nairobi|start=2023-03-08|organizer=[[User:Alice|Alice]]}}
{{WikiGap event
| country = Sénégal <!-- the country -->
| city = Dakar
| start = 2023-03-09
| title = {{lang|fr|Atelier Wikipédia}}
}}
{{WikiGap event|country=日本|city=東京|start=2023-03-10|title=ウィキギャップ東京|organizer={{u|Tanaka}}}}
{{WikiGap event|country=Brasil|city=São Paulo|start=2023-03-11|title=Mulheres na ciência|organizer=[[User:Bia|Bia]] e [[User:Caio|Caio]]}}
{{WikiGap event|country=Россия|city=Казань|start=2023-03-12|title=Редактирование статей}}
{{WikiGap event|country=Chile|city=Santiago <!-- the capital -->|start=2023-03-13|title=Mujeres {{!}} ciencia}}
{{Template:WikiGap event|country=Peru|city=Lima|start=2023-03-14|title=Lima edit-a-thon}}
{{wikiGap_event|country=Mexico|city=Oaxaca|start=2023-03-15|title=[[w:Oaxaca|Oaxaca]] women}}
{{Collapse|{{WikiGap event|country=Ghana|city=Accra|start=2023-03-16|title=Accra}}}}
{{WikiGap event|country=India|city=Pune|start=2023-03-17|end=2023-03-18|mode=online|title=Pune online|url=https://example.org/pune?a=1&b=2}}
EOF
n=1
while [ $n -le 20 ]; do
	d=$(printf '%02d' $n)
	echo "{{WikiGap event|id=gen-$d|country=Sweden|city=City $d|start=2023-04-$d|title=Event $d|organizer=Org $d}}"
	n=$((n + 1))
done >>"$T/signup.txt"
human "$SIGNUP" "$T/signup.txt"

ws check --online
is_status 0 "check --online accepts the sign-up page"
out_has "page '$SIGNUP': intake 'signups-report' ok" "with its report markers"
sed 's/^\[intake signups-report\]/[intake other]/' "$CONF" >"$T/other.ini"
run "$WIKISYNC" -c "$T/other.ini" check --online
is_status 65 "check --online refuses report = yes without markers"
err_has "intake page '$SIGNUP' has no place for the report of intake 'other'" \
    "saying what to add"

# What the registry must hold: country, city, start, title, organizer.
cat >"$T/want.tsv" <<'EOF'
Kenya	Nairobi	2023-03-08	WikiGap 2023: Nairobi	[[User:Alice|Alice]]
Sénégal	Dakar	2023-03-09	{{lang|fr|Atelier Wikipédia}}	
日本	東京	2023-03-10	ウィキギャップ東京	{{u|Tanaka}}
Brasil	São Paulo	2023-03-11	Mulheres na ciência	[[User:Bia|Bia]] e [[User:Caio|Caio]]
Россия	Казань	2023-03-12	Редактирование статей	
Chile	Santiago	2023-03-13	Mujeres {{!}} ciencia	
Peru	Lima	2023-03-14	Lima edit-a-thon	
Mexico	Oaxaca	2023-03-15	[[w:Oaxaca|Oaxaca]] women	
Ghana	Accra	2023-03-16	Accra	
India	Pune	2023-03-17	Pune online	
EOF
n=1
while [ $n -le 20 ]; do
	d=$(printf '%02d' $n)
	printf 'Sweden\tCity %s\t2023-04-%s\tEvent %s\tOrg %s\n' $d $d $d $d
	n=$((n + 1))
done >>"$T/want.tsv"
# got: the same columns from the registry, and its ids, one per line.
got() {
	"$WIKISYNC" -c "$CONF" export --format csv >"$T/export.csv"
	python3 - "$T/export.csv" "$T/got.tsv" "$T/ids" <<'EOP'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for r in rows:
        f.write("\t".join(r[k] for k in
            ("country", "city", "start", "title", "organizer")) + "\n")
with open(sys.argv[3], "w") as f:
    for r in rows:
        f.write(r["id"] + "\n")
EOP
	sort "$T/got.tsv" >"$T/got.sorted"
}
sort "$T/want.tsv" >"$T/want.sorted"

ws sync
is_status 0 "the first sync takes the 30 sign-ups"
out_has "$SIGNUP: 30 sign-ups: 30 new, 0 changed" "it says so"
out_has "$SIGNUP: edited" "and writes ids back"
got
same_file "$T/got.sorted" "$T/want.sorted" \
    "the registry holds exactly what the calls say"
is_eq "$(field wikigap-2023-nairobi-2023-03-08 campaign)" "WikiGap 2023" \
    "with the intake's campaign"
is_eq "$(field wikigap-2023-pune-2023-03-17 url)" \
    "https://example.org/pune?a=1&b=2" "a URL with & is kept whole"
is_eq "$(field wikigap-2023-pune-2023-03-17 end)" "2023-03-18" \
    "and other fields too"
is_eq "$(field wikigap-2023-nairobi-2023-03-08 status)" "planned" \
    "a new event is planned"

page "$SIGNUP"
cp "$T/page" "$T/after1"
grep -o 'id=[a-z0-9._-]*' "$T/page" | sed 's/^id=//' | sort >"$T/page.ids"
sort "$T/ids" >"$T/reg.ids"
same_file "$T/page.ids" "$T/reg.ids" \
    "every call on the page carries its event's id"
grep -qF '{{WikiGap event|id=wikigap-2023-nairobi-2023-03-08|country=Kenya' \
    "$T/page"
is_eq "$?" "0" "an id goes first in a one-line call"
grep -qxF '|id=wikigap-2023-dakar-2023-03-09' "$T/page"
is_eq "$?" "0" "and on its own line in a call laid out one per line"
grep -qF '{{Collapse|{{WikiGap event|id=wikigap-2023-accra-2023-03-16|' \
    "$T/page"
is_eq "$?" "0" "a call nested in another template gets its id"
grep -qF '<nowiki>{{WikiGap event|country=Nowiki}}</nowiki>' "$T/page" &&
    grep -qF '<!-- {{WikiGap event|country=Commented out}} -->' "$T/page"
is_eq "$?" "0" "calls in nowiki and comments are not calls"
# Everything but the ids and the report is the organizers' text.
sed '/^|id=wikigap-2023-/d; s/|id=wikigap-2023-[a-z0-9._-]*//' "$T/page" |
    sed '/wikisync:begin signups-report/,/wikisync:end/{/wikisync:/!d}' \
    >"$T/page.stripped"
nl "$T/page.stripped" >"$T/a"
nl "$T/signup.txt" >"$T/b"
same_file "$T/a" "$T/b" \
    "no other byte of the page changed"
grep -qF "No problems" "$T/page"
is_eq "$?" "0" "the report says there is nothing to fix"

page "Sign-up table"
grep -qF "São Paulo" "$T/page" && grep -qF "Atelier Wikipédia" "$T/page"
is_eq "$?" "0" "the table shows the sign-ups after the same pass"

rev=$(revid "$SIGNUP")
ws sync
is_status 0 "a second sync succeeds"
out_has "$SIGNUP: sign-ups unchanged" "it does not read the calls again"
is_eq "$(requests edit)" "0" "it makes no edit"
is_eq "$(requests read)" "1" \
    "the intake page and the table page are checked in one request"
is_eq "$(revid "$SIGNUP")" "$rev" "the sign-up page has no new revision"

# --- an organizer changes a date on the wiki
sed 's/start=2023-03-13/start=2023-03-20/' "$T/after1" >"$T/edit.txt"
human "$SIGNUP" "$T/edit.txt"
ws sync
is_status 0 "a sync after an organizer's edit succeeds"
out_has "$SIGNUP: 30 sign-ups: 0 new, 1 changed" "one event changed"
is_eq "$(field wikigap-2023-santiago-2023-03-13 start)" "2023-03-20" \
    "the registry has the new date"
ws event show --history wikigap-2023-santiago-2023-03-13
out_has "(WikiGap/2023/Sign up, revision" "history names the page and revision"
out_has "by Human)  start: '2023-03-13' -> '2023-03-20'" \
    "and the organizer"
page "Sign-up table"
grep -qF "{{#time:j F Y|2023-03-20}} || Mujeres" "$T/page"
is_eq "$?" "0" "the table shows the new date in the same pass"

# --- five kinds of invalid call, reported and not taken
page "$SIGNUP"
cp "$T/page" "$T/good"
{ nl "$T/good"; cat <<'EOF'; } >"$T/bad.txt"
{{WikiGap event|country=Norway|city=Oslo|title=No date}}
{{WikiGap event|country=Norway|city=Bergen|start=2023-02-30}}
{{WikiGap event|country=Norway|city=Tromsø|start=2023-03-10|end=2023-03-01}}
{{WikiGap event|country=Norway|city=Bodø|start=2023-03-10|mode=by boat}}
{{WikiGap event|contry=Norway|city=Alta|start=2023-03-10}}
EOF
# An organizer also writes into the report's region (wikisync's own).
sed 's/^.*No problems: every sign-up.*$/A note written by hand/' "$T/bad.txt" \
    >"$T/bad2.txt"
mv "$T/bad2.txt" "$T/bad.txt"
human "$SIGNUP" "$T/bad.txt"
# line TEXT [FILE]: the line of the call holding TEXT, as the page has it
# after the sync (the report spliced in above the calls moved them).
# Only the call's own line: the report quotes the calls too.
line() {
	grep -n "^{{WikiGap event.*$1" "${2:-$T/page}" | cut -d: -f1
}
ws sync
is_status 65 "invalid sign-ups make sync exit 65"
page "$SIGNUP"
[ "$(line Oslo)" -gt "$(line Oslo "$T/bad.txt")" ]
is_eq "$?" "0" "the report written above the calls moved them down"
err_has "intake page '$SIGNUP', sign-up 31 (line $(line Oslo)): start: required field is empty" \
    "a missing date is reported with the page, the call and its line"
err_has "sign-up 32 (line $(line Bergen)): start: '2023-02-30' is not a valid date" \
    "an impossible date"
err_has "sign-up 33 (line $(line Tromsø)): end: '2023-03-01' is before start '2023-03-10'" \
    "an end before the start"
err_has "sign-up 34 (line $(line Bodø)): mode: 'by boat' is not one of" \
    "an unknown mode"
err_has "sign-up 35 (line $(line Alta)): unknown parameter 'contry'; did you mean 'country'?" \
    "an unknown parameter, with a suggestion"
is_eq "$(count)" "30" "none of them is taken"
page "$SIGNUP"
grep -c '^| 3[1-5] || <code>' "$T/page" >"$T/n"
is_eq "$(cat "$T/n")" "5" "the report on the page lists the five"
grep -qF "did you mean &#39;country&#39;?" "$T/page"
is_eq "$?" "0" "with what to fix"
v=$(sqlite3 "$T/registry.db" "SELECT count(*) FROM region_history WHERE region = 'signups-report' AND source = 'manual-edit' AND user = 'Human' AND text LIKE '%A note written by hand%'")
is_eq "$v" "1" "text written by hand in the report's region is kept in the registry"
grep -q 'city=Oslo|id=\|id=wikigap-2023-oslo' "$T/page"
is_eq "$?" "1" "no id is written into an invalid call"
ws status
out_has "5 invalid (below)" "status counts them"
out_has "sign-up 35 (line $(line Alta)): unknown parameter 'contry'" \
    "and lists them"
rev=$(revid "$SIGNUP")
ws sync
is_status 65 "they stay reported while on the page"
is_eq "$(requests edit)" "0" "without another edit"
is_eq "$(revid "$SIGNUP")" "$rev" "the report is written once"

# --- hostile calls
{ nl "$T/good"; cat <<'EOF'; } >"$T/hostile.txt"
{{WikiGap event|country=Chile|city=Valparaíso|start=2023-03-21|title=x}}{{delete}}
EOF
{
	printf '{{WikiGap event|country=Norway|city=Huge|start=2023-03-22|notes='
	head -c 1048576 /dev/zero | tr '\0' 'a'
	printf '}}\n'
} >>"$T/hostile.txt"
human "$SIGNUP" "$T/hostile.txt"
ws sync
is_status 65 "a sync with hostile calls reports the bad one"
is_eq "$(field wikigap-2023-valparaiso-2023-03-21 title)" "x" \
    "a title cannot close its call: '}}' ends it, as on the wiki"
page "$SIGNUP"
grep -qF '|title=x}}{{delete}}' "$T/page"
is_eq "$?" "0" "and the text after it is left alone"
err_has "notes: 1048576 bytes, longer than the limit" \
    "a 1 MiB parameter is refused by length"
awk 'length > 1000 { bad = 1 } END { exit bad }' "$ERR"
is_eq "$?" "0" "without quoting it whole"
is_eq "$(count)" "31" "only the sound call is taken"

# --- 10,000 calls on one page: refused whole past max_calls...
awk 'BEGIN { for (i = 1; i <= 10000; i++)
    printf "{{Flood|id=f-%d|country=X|start=2023-05-01|title=F %d}}\n", i, i }' \
    >"$T/flood.txt"
human "Flood" "$T/flood.txt"
cp "$CONF" "$T/flood.ini"
cat >>"$T/flood.ini" <<EOC

[intake flood]
page = Flood
template = Flood
campaign = Flood
EOC
run "$WIKISYNC" -c "$T/flood.ini" sync --pull-only
is_status 65 "a page past max_calls fails"
err_has "more than 1000 calls of {{Flood}}" "saying so"
"$WIKISYNC" -c "$CONF" event list --format csv | grep -c ',Flood,' >"$T/n"
is_eq "$(cat "$T/n")" "0" "and nothing of it is taken"
# ...and read in one transaction when allowed.
echo "max_calls = 10000" >>"$T/flood.ini"
run "$WIKISYNC" -c "$T/flood.ini" sync --pull-only --page Flood
is_status 0 "with max_calls = 10000 it is read"
out_has "Flood: 10000 sign-ups: 10000 new" "all 10,000"
"$WIKISYNC" -c "$CONF" event list --format csv | grep -c ',Flood,' >"$T/n"
is_eq "$(cat "$T/n")" "10000" "into the registry"

# --- a call taken off the page: on_removed = cancel
page "$SIGNUP"
grep -v 'city=Lima' "$T/page" >"$T/nolima.txt"
human "$SIGNUP" "$T/nolima.txt"
ws sync
out_has "1 removed" "a removed call is counted"
is_eq "$(field wikigap-2023-lima-2023-03-14 status)" "cancelled" \
    "its event is cancelled (on_removed = cancel)"
page "Sign-up table"
grep -qF "Lima edit-a-thon" "$T/page"
is_eq "$?" "1" "and leaves the table"
ws status
out_has "1 removed from the page, their events cancelled (on_removed = cancel)" \
    "status says what became of it"
human "$SIGNUP" "$T/hostile.txt"
ws sync
is_eq "$(field wikigap-2023-lima-2023-03-14 status)" "planned" \
    "a call put back un-cancels its event"

# --- a page that disappears is not "every call removed"
echo "$SIGNUP" >"$T/delete.list"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$WIKI_DIR" deleteBatch.php \
    -u Human -r "vandal" "$T/delete.list" >/dev/null 2>&1
"$WIKISYNC" -c "$CONF" export --format csv >"$T/before.csv"
ws sync
is_status 65 "a sync with the intake page gone fails"
err_has "intake page '$SIGNUP' does not exist" "naming the page"
"$WIKISYNC" -c "$CONF" export --format csv >"$T/after.csv"
same_file "$T/after.csv" "$T/before.csv" "no event is cancelled or changed"
ws status
out_has "does not exist" "status shows the error"
human "$SIGNUP" "$T/hostile.txt"
ws sync
is_status 65 "once the page is back it is read again"
out_has "$SIGNUP: 32 sign-ups: 0 new, 0 changed, 1 invalid" \
    "and nothing was lost meanwhile"

# --- newest wins, field by field
page "$SIGNUP"
cp "$T/page" "$T/base.txt"
ws event edit gen-01 title="Coordinator's title"
ws sync
is_eq "$(field gen-01 title)" "Coordinator's title" \
    "a registry edit stays while the call is unchanged"
ws event edit gen-02 organizer="Coordinator"
sleep 2
sed 's/|organizer=Org 02}}/|organizer=Organizer 02}}/' "$T/base.txt" \
    >"$T/nw.txt"
human "$SIGNUP" "$T/nw.txt"
ws sync
is_eq "$(field gen-02 organizer)" "Organizer 02" \
    "a wiki edit newer than the registry's wins"
ws event show --history gen-02
out_has "organizer: 'Coordinator' -> 'Organizer 02'" \
    "and the registry's value is in history"
sed 's/|city=City 03|/|city=Wiki city|/' "$T/nw.txt" >"$T/nw2.txt"
human "$SIGNUP" "$T/nw2.txt"
sleep 2
ws event edit gen-03 city="Registry city"
ws sync
is_eq "$(field gen-03 city)" "Registry city" \
    "a registry edit newer than the wiki's wins"
out_has "1 value kept (newer in the registry)" "the sync says so"
ws event show --history gen-03
out_has "not taken: the registry's value is newer  city: 'Registry city' -> 'Wiki city'" \
    "and the wiki's value is in history"

# --- --push-only and --pull-only, --dry-run
{ nl "$T/nw2.txt"; cat <<'EOF'; } >"$T/new.txt"
{{WikiGap event|country=Fiji|city=Suva|start=2023-03-23|title=Suva}}
EOF
human "$SIGNUP" "$T/new.txt"
rev=$(revid "$SIGNUP")
ws sync --push-only
is_eq "$(count)" "10031" "--push-only does not read sign-ups"
ws sync --dry-run --diff
out_has "$SIGNUP: would edit" "a dry run says it would write an id"
out_has "+{{WikiGap event|id=wikigap-2023-suva-2023-03-23|country=Fiji" \
    "and shows it"
is_eq "$(count)" "10031" "it takes nothing"
is_eq "$(revid "$SIGNUP")" "$rev" "and writes nothing"
ws event edit gen-04 title="Only in the registry"
trev=$(revid "Sign-up table")
ws sync --pull-only
is_eq "$(count)" "10032" "--pull-only takes the sign-up"
is_eq "$(revid "Sign-up table")" "$trev" "and edits no table"
ws sync
page "Sign-up table"
grep -qF "Suva" "$T/page" && grep -qF "Only in the registry" "$T/page"
is_eq "$?" "0" "a plain sync then pushes both"

# --- an organizer saves while wikisync waits to write ids: the wiki
# merges the two edits, and the next pass reads the merged page
{ wiki_section 4; cat <<EOC; } >"$T/merge.ini"

[registry]
database = $T/merge.db

[intake ma]
page = Merge A
template = M
campaign = M

[intake mb]
page = Merge B
template = M
campaign = M
EOC
printf '%s\n' "{{M|country=Peru|city=Cusco|start=2023-05-01}}" >"$T/ma.txt"
printf '%s\n' "{{M|country=Peru|city=Arequipa|start=2023-05-02}}" "" "" \
    "Text at the end." >"$T/mb.txt"
human "Merge A" "$T/ma.txt"
human "Merge B" "$T/mb.txt"
rev_a=$(revid "Merge A")
"$WIKISYNC" -c "$T/merge.ini" sync >"$OUT" 2>"$ERR" </dev/null &
pid=$!
# Merge A's ids are written first; then wikisync reads Merge B and waits
# out edit_interval (4 s) before writing its ids.
wait_for 30 sh -c "[ \"\$($MWTOOL $BOT read 'Merge A' | awk -F '\t' '{ print \$3 }')\" != $rev_a ]"
sleep 1
printf '%s\n' "{{M|country=Peru|city=Arequipa|start=2023-05-02}}" "" "" \
    "Text at the end." "{{M|country=Peru|city=Puno|start=2023-05-03}}" \
    >"$T/mb2.txt"
human "Merge B" "$T/mb2.txt"
wait "$pid"
STATUS=$?
is_status 0 "a sync whose id edit the wiki merged with an organizer's succeeds"
page "Merge B"
grep -qF "{{M|id=m-arequipa-2023-05-02|" "$T/page" &&
    grep -qF "{{M|country=Peru|city=Puno|" "$T/page"
is_eq "$?" "0" "the page has the id and the organizer's new sign-up"
run "$WIKISYNC" -c "$T/merge.ini" sync
out_has "Merge B: 2 sign-ups: 1 new" \
    "the next pass reads the merged page and takes the new sign-up"

# --- the daemon pulls sign-ups in its revision check, within an interval
cp "$CONF" "$T/daemon.ini"
printf '\n[daemon]\ninterval = 30\n' >>"$T/daemon.ini"
"$WIKISYNC" -c "$T/daemon.ini" daemon >"$T/daemon.out" 2>"$T/daemon.err" \
    </dev/null &
daemon=$!
in_table() {
	page "Sign-up table"
	grep -qF "$1" "$T/page"
}
# The first pass is done when the page it would edit is in sync.
wait_for 30 grep -q "pass\|in sync" "$T/daemon.err"
sleep 2
page "$SIGNUP"
{ nl "$T/page"; cat <<'EOF'; } >"$T/late.txt"
{{WikiGap event|country=Tonga|city=Nuku'alofa|start=2023-03-24|title=Late sign-up}}
EOF
human "$SIGNUP" "$T/late.txt"
wait_for 45 in_table "Late sign-up"
is_eq "$?" "0" "a sign-up made while the daemon runs reaches the table within an interval"
page "$SIGNUP"
grep -qF "{{WikiGap event|id=wikigap-2023-nuku-alofa-2023-03-24|" "$T/page"
is_eq "$?" "0" "and gets its id on the wiki"
kill -TERM "$daemon"
wait "$daemon"
is_eq "$?" "0" "the daemon stops cleanly"

done_testing
