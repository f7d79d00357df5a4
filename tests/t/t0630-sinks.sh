#!/bin/sh
# Where outside text goes (SECURITY.md, "Review: where outside text
# goes"): text from the wiki, a CSV file or the registry shows no control
# character raw in a log line, the journal or the terminal (a C1 CSI,
# which MediaWiki keeps in titles and page text, included), no line break
# forges a log line, and SQL takes data only as bound values.  The wiki's
# text is saved through its API by an ordinary user, as an attacker would.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

CSI=$(printf '\302\233')	# U+009B in UTF-8: a CSI to many terminals
# raw FILE WHAT: FILE holds no C0 control but tab and newline, no DEL,
# no C1 control in UTF-8 and no lone byte 0x80-0x9f.
raw() {
	LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" ||
	    LC_ALL=C grep -q "$(printf '[\200-\237]')" "$1"
}
no_raw_out() {
	if raw "$OUT"; then fail "$1 (stdout has a control)"; else pass "$1"; fi
}
no_raw_err() {
	if raw "$ERR"; then fail "$1 (stderr has a control)"; else pass "$1"; fi
}
# journal CMD...: run CMD with stderr taken for the journal's stream.
journal() {
	: >"$ERR"
	JOURNAL_STREAM=$(stat -c '%d:%i' "$ERR")
	export JOURNAL_STREAM
	"$@"
	unset JOURNAL_STREAM
}

# --- SQL: values are bound, never part of a statement
ws event add --id sql-1 campaign=Test "title=x'); DROP TABLE events; --" \
    start=2023-03-08 "organizer=O'Brien \"Bob\"; DELETE FROM history"
is_status 0 "a value holding SQL is stored"
ws event show sql-1
out_has "x'); DROP TABLE events; --" "and shown exactly"
out_has "O'Brien \"Bob\"; DELETE FROM history" "quotes and all"
ws event list --where "organizer = O'Brien \"Bob\"; DELETE FROM history" \
    --format csv
out_has "sql-1," "a where value holding quotes matches, as data"
ws event list --where "title ~ ' OR 1=1 --" --format csv
is_eq "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" "0" \
    "a where value is no SQL: ' OR 1=1 matches nothing"

# --- Log lines: a CSV file's text
printf 'id,campaign,title,start,x\033[2Jy\n' >"$T/esc.csv"
ws import "$T/esc.csv"
is_status 65 "an unknown column is refused"
err_has "unknown column 'x?[2Jy'" "naming it, the ESC as ?"
no_raw_err "no escape sequence reaches stderr"

printf 'id,"x\n<3>wikisync: forged",start\n' >"$T/nl.csv"
journal ws import "$T/nl.csv"
is_status 65 "a column name holding a line break is refused"
if grep -q '^<3>wikisync: forged' "$ERR"; then
	fail "no line of the journal is forged"
else
	pass "no line of the journal is forged"
fi
err_has ": unknown column 'x?<3>wikisync: forged'" \
    "the message stays one line, the line break as ?"
is_eq "$(grep -c '^<3>' "$ERR")" "2" "two messages, two lines"

# --- The wiki: titles and page text that anyone can save
start_wiki
HUMAN="--api $WIKI_API --contact wikisync-tests@example.org"
HUMAN="$HUMAN --user $WIKI_HUMAN --password-file $WIKI_HUMAN_PASSWORD_FILE"
# human TITLE FILE: save FILE as TITLE through the API, as user Human.
# shellcheck disable=SC1010,SC2086 # mwtool's "then"; $HUMAN is words
human() {
	"$MWTOOL" $HUMAN login then read "$1" then edit -c "$1" "$2" \
	    >"$T/human.log" 2>&1 ||
	"$MWTOOL" $HUMAN login then read "$1" then edit "$1" "$2" \
	    >"$T/human.log" 2>&1
}

{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[table events]
page = Sink test
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = Test
sort = country, start
group = country

[intake signups]
page = Sink sign-ups
template = WikiGap event
campaign = Test
report = yes
EOC

printf '%s\n' "Intro" "<!-- wikisync:begin events -->" \
    "<!-- wikisync:end events -->" >"$T/page.txt"
human "Sink test" "$T/page.txt"
ws sync --push-only
is_status 0 "the page is synced"

# The wiki keeps a C1 control in a title: a page moved or redirected
# there puts it into wikisync's messages.
printf 'x\n' >"$T/x.txt"
human "Elsewhere ${CSI}31mred${CSI}0m" "$T/x.txt"
printf '#REDIRECT [[Elsewhere %s31mred%s0m]]\n' "$CSI" "$CSI" >"$T/redir.txt"
human "Sink test" "$T/redir.txt"
ws sync --push-only
is_status 65 "a page redirected elsewhere is not edited"
err_has "is a redirect to 'Elsewhere ?31mred?0m'" "the title's CSI shown as ?"
no_raw_err "no C1 control reaches stderr"
journal ws sync --push-only
if raw "$ERR" || [ "$(grep -vc '^<[0-7]>' "$ERR")" -ne 0 ]; then
	fail "nor the journal, every line with its priority"
else
	pass "nor the journal, every line with its priority"
fi
ws status
out_has "redirect to 'Elsewhere ?31mred?0m'" "status shows the error"
no_raw_out "status prints no C1 control"

# {{bots}} and a malformed marker are quoted from the page text.
printf '%s\n' "{{bots|deny=SyncBot|x=${CSI}2J}}" \
    "<!-- wikisync:begin events -->" "<!-- wikisync:end events -->" \
    >"$T/bots.txt"
human "Sink test" "$T/bots.txt"
ws sync --push-only
is_status 65 "{{bots}} keeps the bot out"
err_has "{{bots|deny=SyncBot|x=?2J}} excludes" "quoting the call, CSI as ?"
no_raw_err "no C1 control reaches stderr"
ws status
no_raw_out "status prints no C1 control"

printf '%s\n' "<!-- wikisync:begin events${CSI}2J -->" \
    "<!-- wikisync:end events -->" >"$T/marker.txt"
human "Sink test" "$T/marker.txt"
ws sync --push-only
is_status 65 "a malformed marker fails the page"
err_has "'<!-- wikisync:begin events?2J -->'" "quoted with the CSI as ?"
no_raw_err "no C1 control reaches stderr"
ws status
no_raw_out "status prints no C1 control"

# An intake page's malformed report marker is a note, on stdout.
printf '%s\n' "<!-- wikisync:begin signups${CSI}2J -->" \
    "<!-- wikisync:end signups -->" \
    "{{WikiGap event|id=t-1|country=Kenya|start=2023-03-08}}" \
    >"$T/signup.txt"
human "Sink sign-ups" "$T/signup.txt"
ws sync --pull-only
is_status 0 "the sign-up is taken"
out_has "report not written: malformed wikisync marker" \
    "the report's marker is reported"
out_has "'<!-- wikisync:begin signups?2J -->'" "with the CSI as ?"
no_raw_out "no C1 control reaches stdout"

# History names the wiki user who made a sign-up's edit, as the wiki
# sent it; MediaWiki refuses C1 controls in user names, a hostile wiki
# (or a copied registry) need not.
sqlite3 "$T/registry.db" "UPDATE history SET source = source || char(155) ||
    '2J' || char(27) || '[31m', new_value = new_value || char(155) || '31m'
    WHERE event_id = 't-1'"
ws event show --history t-1
is_status 0 "event show --history"
out_has "?2J?[31m" "the source's controls shown as ?"
no_raw_out "no control reaches stdout"

# sync's notes and --diff quote wiki text
printf 'Intro %s31mred\177\n<!-- wikisync:begin events -->\n<!-- wikisync:end events -->\n' \
    "$CSI" >"$T/diff.txt"
human "Sink test" "$T/diff.txt"
ws sync --push-only --dry-run --diff --force
is_status 0 "a dry run with a diff"
out_has " Intro ?31mred?" "the diff shows the CSI and the DEL as ?"
no_raw_out "no C1 control or DEL reaches stdout"
printf 'Sink test|Moved %s2Jtitle\n' "$CSI" >"$T/move.txt"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$WIKI_DIR" moveBatch.php \
    --u Human "$T/move.txt" >/dev/null 2>&1
ws sync --push-only
out_has "was moved to 'Moved ?2Jtitle'" "a moved page's title, CSI as ?"
no_raw_out "no C1 control reaches stdout"

done_testing
