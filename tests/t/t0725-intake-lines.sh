#!/bin/sh
# The line an invalid sign-up is reported at, against a real MediaWiki:
# that of the call in the page as the sync leaves it, although the ids
# written into calls laid out one parameter a line, and the report
# spliced in above the calls, move them down.  So is the line of the
# sign-up whose id a later one repeats.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
SIGNUP="Lines/Sign up"
page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "$1" then cat "$1" 2>/dev/null | tail -n +2 \
	    >"$T/page"
}
human() {
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human "$1" \
	    <"$2" >/dev/null 2>&1
}
# line TEXT FILE: the line of the call holding TEXT (the report quotes
# the calls too, but never at the start of a line).
line() {
	grep -n "^{{WikiGap event.*$1" "$2" | cut -d: -f1
}

{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[intake lines]
page = $SIGNUP
template = WikiGap event
campaign = WikiGap 2023
report = yes
EOC

# Two new calls laid out one parameter a line (each gets "|id=..." on a
# line of its own), then a valid call with an id, its duplicate and an
# invalid call, below an empty report region.
cat >"$T/signup.txt" <<'EOF'
== Problems ==
<!-- wikisync:begin lines -->
<!-- wikisync:end lines -->

== Events ==
{{WikiGap event
|country=Kenya
|city=Nairobi
|start=2023-03-08
}}
{{WikiGap event
|country=Ghana
|city=Accra
|start=2023-03-09
}}
{{WikiGap event|id=first-one|country=Mali|city=Bamako|start=2023-03-10}}
{{WikiGap event|id=first-one|country=Chad|city=Twice|start=2023-03-11}}
{{WikiGap event|country=Niger|city=Undated}}
EOF
human "$SIGNUP" "$T/signup.txt"
ws sync
is_status 65 "a sync with invalid sign-ups exits 65"
page "$SIGNUP"
grep -q '^|id=wikigap-2023-accra-2023-03-09$' "$T/page"
is_eq "$?" "0" "ids are written on lines of their own"
grep -q '^| 4 || <code>' "$T/page"
is_eq "$?" "0" "the report above the calls lists them"
for city in Bamako Twice Undated; do
	[ "$(line "$city" "$T/page")" -gt "$(line "$city" "$T/signup.txt")" ]
	is_eq "$?" "0" "the call in $city moved down in the page saved"
done
err_has "intake page '$SIGNUP', sign-up 5 (line $(line Undated "$T/page")): start: required field is empty" \
    "an invalid sign-up is named with its line in the page saved"
err_has "sign-up 4 (line $(line Twice "$T/page")): id 'first-one' is already used by sign-up 3 (line $(line Bamako "$T/page"))" \
    "a repeated id: both lines are those of the page saved"
ws status
out_has "sign-up 5 (line $(line Undated "$T/page")): start: required field is empty" \
    "status gives the same line"
grep -qF "already used by sign-up 3 (line" "$T/page"
is_eq "$?" "1" "the report on the page gives no line: it moves them itself"

# The next pass reads the page as saved (--force: read it although
# unchanged): the same lines.
ws sync --force
is_status 65 "the next pass reports them again"
err_has "sign-up 5 (line $(line Undated "$T/page")): start" \
    "at the same line, the page having not moved"

# A revert to the revision without ids: the calls that come back get
# their ids again, and the note says so with their lines once written.
human "$SIGNUP" "$T/signup.txt"
ws sync
is_status 65 "a sync after the revert"
page "$SIGNUP"
n=$(grep -n '^|id=wikigap-2023-accra-2023-03-09$' "$T/page" | cut -d: -f1)
out_has "sign-up 2 (line $((n - 1))) is 'wikigap-2023-accra-2023-03-09' back on the page" \
    "a returning sign-up is named with its line in the page saved"

done_testing
