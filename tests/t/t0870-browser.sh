#!/bin/sh
# The Quick start's pages as a person sees them: the same wiki, pages and
# config as scripts/quickstart (scripts/quickstart-setup), the sample
# registry, one sync; then each page is opened in headless Chromium
# (scripts/screenshot --dom) and its rendered DOM is checked, not its
# wikitext (tests/dom.py turns the DOM into lines of text): the skin
# loaded, one table row per event and one header per country with the
# country's name, no red link and no unexpanded template or tag in a
# generated table, one list item per sign-up reading as the template's
# documentation says; and the README's picture can be made.  Without
# chromium the test fails: it is a test dependency (scripts/deps --test).
. "$TEST_SRCDIR/tests/lib.sh"

if ! command -v chromium >/dev/null 2>&1; then
	echo "Bail out! chromium is not installed: run scripts/deps --test"
	exit 1
fi
start_wiki
SHOT="$TEST_SRCDIR/scripts/screenshot"
DOM="python3 $TEST_SRCDIR/tests/dom.py"
run sh "$TEST_SRCDIR/scripts/quickstart-setup" "$WIKI_DIR" "$CONF" \
    "$T/registry.db"
is_status 0 "the Quick start's pages and config (scripts/quickstart-setup)"
ws import "$TEST_SRCDIR/etc/sample-events.csv"
is_status 0 "the sample registry imported"
ws sync
is_status 0 "one sync: sign-ups pulled, tables pushed"

# open TITLE NAME: the DOM of page TITLE in $T/NAME.html.
open_page() {
	run sh "$SHOT" --dom "$WIKI_URL/index.php?title=$1"
	cp "$OUT" "$T/$2.html"
	is_status 0 "$1 opened in chromium"
}
open_page "WikiGap/2023/Events" events
open_page "WikiGap/2023/Sign_up" signup

# The skin: no "Whoops! The default skin ... is not available" box.
for page in events signup; do
	if grep -q 'The default skin for your wiki' "$T/$page.html"; then
		fail "$page: no skin error"
	else
		pass "$page: no skin error"
	fi
	is_eq "$($DOM skin "$T/$page.html" | grep -cx 'skin-vector')" 1 \
	    "$page: shown in Vector"
done

# What the registry says the events table holds: each event's title, and
# each country group's header ("Kenya (3)").
# (Straight to files: a failed check below shows the last "run"'s output.)
"$WIKISYNC" -c "$CONF" event list --where 'campaign = WikiGap 2023' \
    --where 'status != cancelled' --format json >"$T/shown.json"
"$WIKISYNC" -c "$CONF" event list --where 'campaign = WikiGap 2023' \
    --where 'status = done' --format json >"$T/done.json"
jq -r '.[].title' "$T/shown.json" | LC_ALL=C sort >"$T/want-titles"
jq -r 'group_by(.country)[] |
    "\(if (.[0].country // "") == "" then "Country not given"
      else .[0].country end) (\(length))"' "$T/shown.json" |
    LC_ALL=C sort >"$T/want-groups"
jq -r '.[].title' "$T/done.json" | LC_ALL=C sort >"$T/want-done"
is_eq "$(wc -l <"$T/want-titles")" 40 \
    "40 events to show (38 imported, 2 signed up)"

$DOM table "$T/events.html" Events_by_country >"$T/events-rows" 2>"$T/dom.err"
is_eq "$(head -n 1 "$T/events-rows")" "th	City	Date	Title	Organizer" \
    "events table: its header row"
# An event row has four cells, the title third.
awk -F '\t' '$1 == "td" { print $4 }' "$T/events-rows" | LC_ALL=C sort \
    >"$T/got-titles"
same_file "$T/got-titles" "$T/want-titles" \
    "events table: one row per event, with its title"
awk -F '\t' '$1 == "td" && NF != 5' "$T/events-rows" >"$T/bad-rows"
is_eq "$(cat "$T/bad-rows")" "" "events table: four cells in every event row"
# A group header is one cell: "Country (N)", the country as plain text.
awk -F '\t' 'NR > 1 && $1 == "th" { print $2 "|" NF }' "$T/events-rows" |
    sed 's/|2$//' | LC_ALL=C sort >"$T/got-groups"
same_file "$T/got-groups" "$T/want-groups" \
    "events table: one header per country, with its name and count"
$DOM table "$T/events.html" Results >"$T/results-rows" 2>>"$T/dom.err"
awk -F '\t' '$1 == "td" { print $5 }' "$T/results-rows" | LC_ALL=C sort \
    >"$T/got-done"
same_file "$T/got-done" "$T/want-done" "results table: one row per event done"
grep -q '^th	Total	' "$T/results-rows"
is_eq $? 0 "results table: its totals row"
# Dates went through {{#time:}} (ParserFunctions): "8 March 2023".
awk -F '\t' '$1 == "td" && $3 !~ /^[0-9]+ [A-Z][a-z]+ 20[0-9][0-9]$/' \
    "$T/events-rows" >"$T/bad-dates"
is_eq "$(head -n 3 "$T/bad-dates")" "" "events table: dates shown as dates"

# Nothing in a generated table is broken: no red link (a wiki template
# or page that does not exist), no wiki template or tag left unexpanded.
for region in Events_by_country Results; do
	is_eq "$($DOM redlinks "$T/events.html" $region 2>&1)" "" \
	    "$region: no red link"
	$DOM table "$T/events.html" $region >"$T/rows" 2>&1
	is_eq "$(grep -F -e '{{' -e '}}' -e '<%' -e '%>' "$T/rows" | head -n 3)" \
	    "" "$region: no unexpanded {{...}} or <%...%>"
done
is_eq "$(cat "$T/dom.err")" "" "both tables found under their headings"
# Nor anywhere else on the two pages (the sign-up template, say).
for page in events signup; do
	is_eq "$($DOM redlinks "$T/$page.html" 2>&1)" "" "$page: no red link"
done

# The sign-up page: each call is one list item, anchored by its id, and
# reads as Template:WikiGap event's documentation shows (its example
# list, bold dropped as a browser shows it).
sed -n "s/^\* '''\(.*\)''' – \(.*\)/\1 – \2/p" \
    "$TEST_SRCDIR/etc/wiki/Template-WikiGap_event.wiki" >"$T/want-items"
is_eq "$(wc -l <"$T/want-items")" 2 "the template documents two examples"
$DOM items "$T/signup.html" >"$T/items" 2>&1
is_eq "$(wc -l <"$T/items")" 2 "sign-up page: two list items, one per sign-up"
cut -f 2 "$T/items" >"$T/got-items"
same_file "$T/got-items" "$T/want-items" \
    "sign-up page: one list item per sign-up, as documented"
is_eq "$(cut -f 1 "$T/items" | tr '\n' ' ')" \
    "wikigap-2023-tamale-2023-03-15 wikigap-2023-valparaiso-2023-03-12 " \
    "sign-up page: each item anchored by its event's id"
# No sign-up fell out of the list into a paragraph.
$DOM text "$T/signup.html" >"$T/signup-text" 2>&1
is_eq "$(grep -c -F '*' "$T/signup-text")" 0 \
    "sign-up page: no literal \"*\" (an item that did not start its line)"
grep -q 'No problems: every sign-up on this page is in the event registry' \
    "$T/signup-text"
is_eq $? 0 "sign-up page: its report region says all is well"

# The README's picture, made the way scripts/screenshot makes it.
run sh "$SHOT" "$WIKI_URL/index.php?title=WikiGap/2023/Events" "$T/shot.png"
is_status 0 "scripts/screenshot ran"
# PNG signature, then the IHDR chunk: width and height, 4 bytes each.
is_eq "$(od -An -tx1 -N 8 "$T/shot.png" 2>/dev/null | tr -d ' \n')" \
    89504e470d0a1a0a "scripts/screenshot wrote a PNG"
is_eq "$(od -An -tu1 -j 16 -N 8 "$T/shot.png" 2>/dev/null | tr -s ' ' |
    sed 's/^ //')" "0 0 3 232 0 0 5 120" "the PNG is 1000x1400"
# A blank page compresses to a few kB; the page with its tables to 100+.
size=$(wc -c <"$T/shot.png")
if [ "$size" -gt 50000 ]; then
	pass "the PNG shows something ($size bytes)"
else
	fail "the PNG shows something ($size bytes, a blank page?)"
fi

done_testing
