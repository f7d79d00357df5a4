#!/bin/sh
# Campaign statistics against the real test wiki: test users made with
# the wiki's own maintenance script edit as themselves (edit.php), an
# admin deletes a page (deleteBatch.php), and "wikisync stats" counts what
# each event's participants wrote in its window: a page created and
# improved, a page improved, an edit that shrank a page, an edit in the
# User namespace, a page by someone not listed, a deleted page, an event
# whose window is last week, an event without participants whose figures
# were typed by hand, a participant the wiki does not know.  Then the
# figures, the pages, history, a second run that changes nothing, a dry
# run, participants from an event page's section, the results and
# articles templates rendered and read back through the wiki's own parse,
# the exports, and the daemon picking up a new article and a new
# participant within one stats interval.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
wiki() {
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" "$@"
}
# edit USER TITLE TEXT: USER saves TEXT as TITLE (no line end: the wiki
# trims it, so sizes are those of TEXT).
edit() {
	printf '%s' "$3" | wiki edit "$WIKI_DIR" "$1" "$2" >/dev/null 2>&1 ||
	    echo "# edit of '$2' by $1 failed"
}
field() {
	"$WIKISYNC" -c "$CONF" event show "$1" | sed -n "s/^$2  *//p"
}
figures() {
	printf '%s %s %s %s %s' "$(field "$1" participants)" \
	    "$(field "$1" articles_created)" "$(field "$1" articles_improved)" \
	    "$(field "$1" edits)" "$(field "$1" bytes_added)"
}
today=$(date -u +%Y-%m-%d)
yesterday=$(date -u -d '1 day ago' +%Y-%m-%d)
tomorrow=$(date -u -d '1 day' +%Y-%m-%d)
lastweek=$(date -u -d '8 days ago' +%Y-%m-%d)

for u in Alice Bob Carol Dave; do
	wiki php "$WIKI_DIR" createAndPromote.php "$u" "pw-$u-0123456789" \
	    >/dev/null 2>&1 || echo "Bail out! cannot create user $u"
done

{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[daemon]
stats_interval = 30

[stats wg]
campaign = WG

[table results]
page = WG/Results
template = $TEST_SRCDIR/etc/templates/statistics.wiki
where = campaign = WG
sort = start, id
create = yes

[table articles]
page = WG/Articles
template = $TEST_SRCDIR/etc/templates/articles-by-country.wiki
where = campaign = WG
sort = country, start
group = country
create = yes
EOC

# The events: one now (yesterday to tomorrow, so that no midnight
# interferes), one last week, one without participants whose figures
# were typed by hand, one of another campaign.
ws event add --id wg-now campaign=WG title="Now" start="$yesterday" \
    end="$tomorrow" country=Kenya participants=99
ws event add --id wg-old campaign=WG title="Last week" start="$lastweek" \
    country=Peru
ws event add --id wg-none campaign=WG title="By hand" start="$today" \
    country=Chile participants=12 articles_created=3
ws event add --id other campaign=Other title="Elsewhere" start="$today"
ws event participants add wg-now Alice Bob Eve
is_status 0 "participants added from the shell"
printf 'event,user\nwg-now,Carol\nwg-old,Alice\n' >"$T/people.csv"
ws import --participants "$T/people.csv"
is_status 0 "and from a CSV"
ws event participants add other Alice Bob Carol Dave

# What they write.  Sizes in bytes: Alpha 8 then 17 (+9), Beta 14 by
# Human, then 24 by Bob (+10), then 4 by Bob (-20).
edit Human Beta "Beta base"
edit Human Beta "Beta base text"
edit Alice Alpha "Alpha v1"
edit Alice Alpha "Alpha v1 and more"
edit Bob Beta "Beta base text, improved"
edit Bob Beta "Beta"
edit Alice "User:Alice/Sandbox" "Not an article"
edit Dave Delta "Not a participant's page"
edit Carol Gamma "Deleted later"
printf 'Gamma\n' >"$T/delete.txt"
wiki php "$WIKI_DIR" deleteBatch.php -u Human -r test "$T/delete.txt" \
    >/dev/null 2>&1 || echo "# deleteBatch.php failed"

ws stats
is_status 0 "stats succeeds"
out_has "wg-now: 4 participants, 1 created, 1 improved, 4 edits, 27 bytes added; 2 pages (changed)" \
    "the event now: Alpha created, Beta improved, 4 edits, 27 bytes"
out_has "wg-old: 1 participant, 0 created, 0 improved, 0 edits, 0 bytes added; 0 pages (changed)" \
    "the event last week: nothing in its window"
out_has "wg-none: no participants listed; its figures stay as they are" \
    "an event without participants is left alone"
out_lacks "other:" "another campaign's event is not counted"
err_has "event 'wg-now': participant 'Eve' does not exist on [wiki]" \
    "a participant the wiki does not know is reported"
is_eq "$(figures wg-now)" "4 1 1 4 27" "the figures are in the registry"
is_eq "$(figures wg-none)" "12 3   " "the hand-typed figures stay"
ws event show --history wg-now
out_has "stats [wiki]" "the change is in history, from stats"
out_has "99" "with the value typed by hand before"

ws export --format csv --articles
is_status 0 "export --articles"
is_eq "$(sort "$OUT" | tr '\n' ';')" \
    "event,wiki,title,created,edits,bytes_added;wg-now,,Alpha,yes,2,17;wg-now,,Beta,no,2,10;" \
    "lists the pages behind the figures"

# A second run with nothing new changes nothing.
h1=$(sqlite3 "$T/registry.db" 'SELECT count(*) FROM history')
ws stats
is_status 0 "a second stats run succeeds"
out_has "wg-now: 4 participants, 1 created, 1 improved, 4 edits, 27 bytes added; 2 pages (unchanged)" \
    "and finds the same"
h2=$(sqlite3 "$T/registry.db" 'SELECT count(*) FROM history')
is_eq "$h2" "$h1" "and writes nothing"

# A dry run tells without writing.
edit Bob Zeta "Zeta by Bob"
ws stats --dry-run --event wg-now
is_status 0 "a dry run succeeds"
out_has "wg-now: 4 participants, 2 created, 1 improved, 5 edits, 38 bytes added; 3 pages (would change)" \
    "and says what would change"
is_eq "$(figures wg-now)" "4 1 1 4 27" "but writes nothing"
ws stats --event nope
is_status 65 "an event no [stats] section counts is an error"
err_has "event 'nope' is not in the registry, or no [stats] section selects it" \
    "saying so"

# --- Participants from the event's own page.
cat >"$T/event.txt" <<'EOF'
An event page.

== Organizers ==
[[User:Dave]] organizes.

== Participants ==
* [[User:Alice|Alice]] ([[User talk:Alice|talk]]) 10:00, 8 March 2023 (UTC)
* [[User:Bob]]
* [[User talk:Carol|Carol]]
* [[User:Dave/Sandbox|a sandbox]]

== After ==
[[User:Dave]] again.
EOF
wiki edit "$WIKI_DIR" Human "WG/Page event" <"$T/event.txt" >/dev/null 2>&1
ws event add --id wg-page campaign=WG title="With a page" start="$yesterday" \
    end="$tomorrow" country=Kenya page="WG/Page event"
ws stats --event wg-page
is_status 0 "stats reads the event's page"
out_has "wg-page: 3 participants" "three participants on the page"
ws event participants list wg-page
is_eq "$(cut -f1 "$OUT" | grep -v '^USER' | tr '\n' ' ')" "Alice Bob Carol " \
    "a signature, a user link and a user talk link; not a subpage, not another section"
sed 's/^\* \[\[User:Bob\]\]$//' "$T/event.txt" >"$T/event2.txt"
wiki edit "$WIKI_DIR" Human "WG/Page event" <"$T/event2.txt" >/dev/null 2>&1
ws stats --event wg-page
out_has "wg-page: 2 participants" "a name taken off the page stops counting"
ws event show --history wg-page
out_has "page:WG/Page event" "its leaving is in history, from the page"

# --- The templates, through the wiki's own parse.
ws stats
ws sync
is_status 0 "sync pushes the results and articles tables"
python3 - "$WIKI_API" >"$T/parsed" <<'EOP'
import json, sys, urllib.parse, urllib.request
from html.parser import HTMLParser
api = sys.argv[1]
def parse(title):
    q = urllib.parse.urlencode({"action": "parse", "page": title,
        "prop": "text", "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(api + "?" + q) as r:
        return json.load(r)["parse"]["text"]
class Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.links = [], None, None, []
    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "a":
            self.links.append(dict(attrs).get("title", ""))
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
p = Rows()
p.feed(parse("WG/Results"))
for row in p.rows:
    print("row\t" + "\t".join(row))
a = Rows()
a.feed(parse("WG/Articles"))
for link in a.links:
    print("link\t" + link)
EOP
rows=$(grep -c '^row' "$T/parsed")
is_eq "$rows" "6" "the results table: a header, four events, a totals row"
# wg-now 4 2 1 5 38, wg-old 1 0 0 0 0, wg-none 12 3 - - - (by hand),
# wg-page 2 1 0 2 17 (Alice's Alpha; Carol's page was deleted).
total=$(grep '^row	Total' "$T/parsed" | cut -f3-)
is_eq "$total" "$(printf '19\t6\t1\t7\t55')" \
    "the totals row adds up the events' figures"
grep -q '^link	Alpha$' "$T/parsed"
is_eq "$?" "0" "the articles list links to the article created"
grep -q '^link	Beta$' "$T/parsed"
is_eq "$?" "1" "and not to the one only improved"

# --- The daemon counts by itself, every stats_interval (30 s here).
"$WIKISYNC" -c "$CONF" daemon >/dev/null 2>"$T/daemon.err" </dev/null &
daemon=$!
wait_for 30 grep -q "READY\|started:" "$T/daemon.err"
sleep 2
edit Alice Eta "Eta by Alice"
sed 's/^\* \[\[User:Dave\/Sandbox|a sandbox\]\]$/* [[User:Dave]]/' \
    "$T/event2.txt" >"$T/event3.txt"
wiki edit "$WIKI_DIR" Human "WG/Page event" <"$T/event3.txt" >/dev/null 2>&1
created() {
	[ "$(field wg-now articles_created)" = 3 ] &&
	    [ "$(field wg-page participants)" = 3 ]
}
wait_for 75 created
is_eq "$?" "0" "within a stats interval the daemon counts a new article and a new participant on the page"
grep -q "stats: .* changed" "$T/daemon.err"
is_eq "$?" "0" "and logs what changed"
articles_show() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "WG/Articles" then cat "WG/Articles" \
	    2>/dev/null | grep -q '\[\[Eta\]\]'
}
wait_for 20 articles_show
is_eq "$?" "0" "and a pass follows: the articles page lists the new article"
kill -TERM $daemon
wait $daemon
is_eq "$?" "0" "the daemon stops cleanly"

# --- Bad input: an event whose time zone this system does not know, and
# a wiki that cannot be reached: those events are not counted, nothing is
# half written, and the exit status says why.
ws event add --id wgx-mars campaign=WGX title=Mars start="$today" \
    timezone=Mars/Olympus_Mons
ws event add --id wgy-down campaign=WGY title=Down start="$today"
ws event participants add wgx-mars Alice
ws event participants add wgy-down Alice
{
	cat "$CONF"
	printf '\n[stats x]\ncampaign = WGX\n'
	printf '\n[wiki down]\napi = http://127.0.0.1:9/api.php\n'
	printf 'username = %s\npassword_file = %s\n' "$WIKI_BOT" \
	    "$WIKI_BOT_PASSWORD_FILE"
	printf 'contact = wikisync-tests@example.org\n'
	printf '\n[stats y]\ncampaign = WGY\nwikis = down\n'
} >"$T/bad.ini"
run "$WIKISYNC" -c "$T/bad.ini" stats --event wgx-mars
is_status 65 "an event whose time zone is unknown is not counted (65)"
err_has "event 'wgx-mars': timezone 'Mars/Olympus_Mons' is unknown to this system" \
    "the error names the event and the zone"
run "$WIKISYNC" -c "$T/bad.ini" stats --event wgy-down
is_status 69 "an event on a wiki that cannot be reached is not counted (69)"
err_has "event 'wgy-down': [wiki down] http://127.0.0.1:9/api.php: login: " \
    "the error names the event, the wiki and its URL"
out_has "; 6 requests (login 6," "the logins tried are counted"
is_eq "$(figures wgy-down)" "    " "and nothing is written for it"

done_testing
