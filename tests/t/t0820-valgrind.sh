#!/bin/sh
# The daemon under valgrind, against the test wiki: start, a first pass
# that pulls a sign-up page (an id written, an invalid call reported) and
# creates a page, a registry change synced, a reload, SIGTERM.  No
# memory error and no leak (definite, indirect or possible) is allowed.
# In the ASan+UBSan build this is ASan's job: valgrind cannot run that
# binary, and the test says it is skipped rather than passing.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

if [ "${WS_SANITIZERS:-no}" = yes ]; then
	echo "1..0 # SKIP valgrind cannot run an ASan build; ASan checks it"
	exit 0
fi
command -v valgrind >/dev/null ||
	{ echo "Bail out! valgrind is not installed (scripts/deps --test)"; exit 1; }

start_wiki
BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
on_page() {
	# shellcheck disable=SC2086
	"$MWTOOL" $BOT read -t "Valgrind test" then cat "Valgrind test" \
	    2>/dev/null | grep -qF "$1"
}

{ wiki_section; cat <<EOC; } >"$CONF"

[registry]
database = $T/registry.db

[table vg]
page = Valgrind test
template = $TEST_SRCDIR/etc/templates/by-country.wiki
where = campaign = V
sort = country, start
group = country
create = yes

[intake vg-signups]
page = Valgrind sign-ups
template = Sign up
campaign = V
report = yes
EOC
# A sign-up page: a call to take (and give an id), an invalid one, a
# place for the report.
printf '%s\n' "<!-- wikisync:begin vg-signups -->" \
    "<!-- wikisync:end vg-signups -->" \
    "{{Sign up|country=Chile|city=Santiago|start=2023-03-10|title=Signed up}}" \
    "{{Sign up|country=Chile|start=2023-02-30}}" >"$T/signups.txt"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit "$WIKI_DIR" Human \
    "Valgrind sign-ups" <"$T/signups.txt" >/dev/null 2>&1
ws event add --id v1 campaign=V title="Under valgrind" start=2023-03-08 \
    country=Kenya city=Nairobi
is_status 0 "an event to start with"

valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --log-file="$T/valgrind.log" \
    "$WIKISYNC" -v -c "$CONF" daemon >"$T/daemon.out" 2>"$T/daemon.err" \
    </dev/null &
vg=$!
wait_for 120 on_page "Under valgrind"
is_eq "$?" "0" "the daemon's first pass creates the page"
on_page "Signed up"
is_eq "$?" "0" "with the sign-up it pulled in the same pass"
ws event add --id v2 campaign=V title="Added later" start=2023-03-09 \
    country=Peru city=Lima
wait_for 60 on_page "Added later"
is_eq "$?" "0" "a registry change is synced"
kill -HUP "$vg"
wait_for 30 grep -q "reloaded$" "$T/daemon.err"
is_eq "$?" "0" "a reload is done"
kill -TERM "$vg"
wait "$vg"
STATUS=$?
is_status 0 "valgrind reports no error and no leak, and the daemon exits 0"
if [ "$STATUS" -ne 0 ]; then
	sed 's/^/# /' "$T/valgrind.log" | head -n 60
fi
grep -qF "$(cat "$WIKI_BOT_PASSWORD_FILE")" "$T/daemon.err"
is_eq "$?" "1" "the bot password is not in the -v log"

done_testing
