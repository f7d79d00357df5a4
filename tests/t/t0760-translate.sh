#!/bin/sh
# Regions on translatable pages (Meta-Wiki's Translate extension) and in
# wikitext that hides them: sync and check --online refuse markers inside
# a <translate> unit, straddling one or around one, and markers inside
# <nowiki>, <pre>, <includeonly> or another comment, naming the page and
# the region; nothing is written to that page, the other pages go on.  A
# table between </translate> and the next <translate> is synced, the
# units byte for byte as they were.  The test wiki has no Translate
# extension: what is tested is wikisync's reading of the page text (the
# tags are the ones Translate reads), not Translate itself.
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
# human TITLE TEXT: an edit by someone else than the bot.
human() {
	printf '%s\n' "$2" | sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit \
	    "$WIKI_DIR" Human "$1" >/dev/null 2>&1
}
ADVICE="an edit inside <translate> outdates every translation of the"
ADVICE="$ADVICE unit: put the markers outside it, the table between a"
ADVICE="$ADVICE </translate> and the next <translate>"

cat >"$T/list.wiki" <<'EOT'
{| class="wikitable"
<%#events%>
|-
| <%city%> || <%title%>
<%/events%>
|}
EOT
{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[table events]
page = Translated page
template = $T/list.wiki

[table plain]
page = Plain page
template = $T/list.wiki
EOC
ws event add --id nairobi-1 campaign=Test title="Women in science" \
    start=2023-03-08 city=Nairobi
is_status 0 "an event to show"
human "Plain page" "<!-- wikisync:begin plain -->
<!-- wikisync:end plain -->"

# refused TEXT WHAT MESSAGE: the page with TEXT is refused by sync and by
# check --online with MESSAGE, and left as it was.
refused() {
	human "Translated page" "$1"
	rev=$(revid "Translated page")
	ws sync
	is_status 65 "$2: sync fails"
	err_has "page 'Translated page': $3; nothing written" \
	    "$2: the error names the page, the region and the way out"
	is_eq "$(revid "Translated page")" "$rev" "$2: nothing is written"
	run "$WIKISYNC" -c "$CONF" check --online
	is_status 65 "$2: check --online fails"
	err_has "page 'Translated page': $3" "$2: check --online says why"
}

# --- markers inside a unit: the other page goes on
plain_rev=$(revid "Plain page")
refused "<languages/>
<translate>
<!--T:1-->
Events of the campaign.
<!-- wikisync:begin events -->
old
<!-- wikisync:end events -->
</translate>" "markers in a unit" "region 'events': its begin marker (line 5) \
is inside the <translate> unit opened on line 2; $ADVICE"
page "Plain page"
grep -q "Nairobi" "$T/page"
is_eq "$?" "0" "the other page is synced all the same"
[ "$(revid "Plain page")" != "$plain_rev" ]
is_eq "$?" "0" "with an edit of its own"

# --- straddling a unit, either way, and around one
refused "<!-- wikisync:begin events -->
<translate>
<!--T:1-->
Events.
<!-- wikisync:end events -->
</translate>" "a region straddling a unit's start" "region 'events': its end \
marker (line 5) is inside the <translate> unit opened on line 2; $ADVICE"
refused "<translate nowrap>
<!--T:1--> Events.
<!-- wikisync:begin events -->
</translate>
<!-- wikisync:end events -->" "a region straddling a unit's end" \
    "region 'events': its begin marker (line 3) is inside the <translate> \
unit opened on line 1; $ADVICE"
refused "<!-- wikisync:begin events -->
<translate>
<!--T:1-->
Events.
</translate>
<!-- wikisync:end events -->" "a region around a unit" "region 'events' \
(line 1) holds the <translate> tag on line 2, which its next sync would \
delete; $ADVICE"

# --- markers the wiki would never read as markers
refused "<nowiki><!-- wikisync:begin events -->
<!-- wikisync:end events --></nowiki>" "markers in <nowiki>" "wikisync \
marker on line 1 is inside <nowiki> (line 1), where the wiki shows \
wikitext as plain text: move the markers out of it"
refused "Intro
<pre>
<!-- wikisync:begin events -->
<!-- wikisync:end events -->
</pre>" "markers in <pre>" "wikisync marker on line 3 is inside <pre> \
(line 2), where the wiki shows wikitext as plain text: move the markers \
out of it"
refused "<includeonly>
<!-- wikisync:begin events -->
<!-- wikisync:end events -->
</includeonly>" "markers in <includeonly>" "wikisync marker on line 2 is \
inside <includeonly> (line 1), which the page itself never shows: move the \
markers out of it"
refused "<!-- the table, for now: <!-- wikisync:begin events -->
old
<!-- wikisync:end events -->" "a marker in another comment" "wikisync \
marker on line 1 is inside the comment opened on line 1 (comments do not \
nest, so the wiki hides it): take it out of the comment, or delete it"

# --- the layout that works: the table between </translate> and <translate>
cat >"$T/good.txt" <<'EOT'
<languages/>
<translate>
== Events == <!--T:1-->

<!--T:2-->
The events of the campaign, by city (<nowiki>[[not a link]]</nowiki>).
</translate>
<!-- wikisync:begin events -->
<!-- wikisync:end events -->
<translate>
<!--T:3-->
Add yours on the [[Sign up|sign-up page]].
</translate>
<noinclude>[[Category:Campaigns]]</noinclude>
EOT
human "Translated page" "$(cat "$T/good.txt")"
run "$WIKISYNC" -c "$CONF" check --online
is_status 0 "the table between the units: check --online is content"
out_has "page 'Translated page': region 'events' ok" "and says so"
ws sync
is_status 0 "the table between the units is synced"
page "Translated page"
grep -q "| Nairobi || Women in science" "$T/page"
is_eq "$?" "0" "the table is on the page"
sed -n '1,7p' "$T/page" >"$T/head"
sed -n '1,7p' "$T/good.txt" >"$T/want"
same_file "$T/head" "$T/want" "the units before the table are unchanged"
tail -n 5 "$T/page" | awk 1 >"$T/tail"	# the wiki keeps no final newline
tail -n 5 "$T/good.txt" >"$T/want"
same_file "$T/tail" "$T/want" "and the ones after it"
rev=$(revid "Translated page")
ws sync
is_status 0 "a second sync"
is_eq "$(revid "Translated page")" "$rev" "makes no edit"

done_testing
