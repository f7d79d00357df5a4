#!/bin/sh
# The command line: help, version, usage errors and their exit status.
. "$TEST_SRCDIR/tests/lib.sh"

run "$WIKISYNC" --help
is_status 0 "--help exits 0"
out_has "usage: wikisync [-qv] [-c file] command [arguments]" \
    "--help shows the synopsis"
for c in check event import export; do
	out_has "  $c " "--help lists $c"
done

run "$WIKISYNC" --version
is_status 0 "--version exits 0"
out_has "wikisync " "--version names the program"

run "$WIKISYNC"
is_status 64 "no command is a usage error"

run "$WIKISYNC" --bogus
is_status 64 "an unknown option is a usage error"

run "$WIKISYNC" evnt list
is_status 64 "an unknown command is a usage error"
err_has "unknown command 'evnt'; did you mean 'event'?" \
    "an unknown command gets a suggestion"

ws event lsit
is_status 64 "an unknown event command is a usage error"
err_has "did you mean 'list'?" "an unknown event command gets a suggestion"

for c in check import export; do
	run "$WIKISYNC" -c /nonexistent/x.ini $c --help
	is_status 0 "$c --help works without a config"
	out_has "usage: wikisync $c" "$c --help shows its usage"
done
for v in add edit show list rm; do
	run "$WIKISYNC" -c /nonexistent/x.ini event $v --help
	is_status 0 "event $v --help works without a config"
	out_has "usage: wikisync event $v" "event $v --help shows its usage"
done

ws event show
is_status 64 "event show without an id is a usage error"
ws import
is_status 64 "import without a file is a usage error"
ws export --format xml
is_status 64 "export --format xml is refused"
err_has "--format 'xml'" "the bad format is named"

WIKISYNC_CONFIG="$CONF" run "$WIKISYNC" event list
is_status 0 "WIKISYNC_CONFIG names the config"

run "$WIKISYNC" -c "$T/missing.ini" event list
is_status 78 "a missing config exits 78"
err_has "$T/missing.ini: No such file or directory" \
    "a missing config is named"

# --- Global options after the command, as git and systemctl users type
# them; a command's own options and their values are left alone.
run "$WIKISYNC" --help
out_has "Options (before or after the command):" "--help says where the options go"
run "$WIKISYNC" event list -c "$CONF"
is_status 0 "-c FILE after the command"
run "$WIKISYNC" event list --config="$CONF"
is_status 0 "--config=FILE after the command"
run "$WIKISYNC" event --config "$CONF" list
is_status 0 "--config FILE between a command and its verb"
run "$WIKISYNC" -c "$CONF" event list -c "$T/other.ini"
is_status 78 "the last -c counts"
err_has "$T/other.ini: No such file or directory" "and is the one read"
run "$WIKISYNC" check -c "$CONF"
err_has "ok" "check says ok"
run "$WIKISYNC" check -c "$CONF" -q
is_status 0 "check -q: quiet after the command"
is_eq "$(cat "$ERR")" "" "check -q prints nothing"
run "$WIKISYNC" check --quiet -c "$CONF"
is_eq "$(cat "$ERR")" "" "check --quiet prints nothing"
run "$WIKISYNC" -q check -v -c "$CONF"
err_has "ok" "-v after the command overrides -q before it"
run "$WIKISYNC" check -vq -c "$CONF"
is_eq "$(cat "$ERR")" "" "a cluster -vq: the last letter counts"
ws event add --id cli-1 campaign=C title=T start=2026-03-08 -q
is_status 0 "event add with -q after its fields"
is_eq "$(cat "$OUT")" "cli-1" "and its own output as before"
ws event edit cli-1 notes=-v -v
is_status 0 "event edit: a value that looks like an option"
ws event show cli-1
is_eq "$(awk '$1 == "notes" { print $2 }' "$OUT")" "-v" \
    "is stored as the field's value"
ws event list --where -v
is_status 64 "event list --where -v: -v is --where's value"
err_has "--where '-v'" "and reported as a bad expression"
ws event list -w -q
is_status 64 "event list -w -q: -q is -w's value"
err_has "--where '-q'" "and reported as a bad expression"
ws event list --wh -v
is_status 64 "an abbreviated --where takes its value too"
err_has "--where '-v'" "the value is -v"
ws event add --id -v campaign=C title=T start=2026-03-08
is_status 65 "event add --id -v: -v is the id"
err_has "'-v' is not a valid id" "and refused as an id"
ws event list -- -v
is_status 64 "after --, -v is the command's (an unknown option)"
ws sync -v
is_status 0 "sync -v: the issue's own example"
out_has "sync: 0 pages; 0 requests" "and it ran the pass"
ws sync -q
is_eq "$(cat "$OUT")" "" "sync -q: no summary line"
ws sync --page -v
is_status 64 "sync --page -v: -v is the page's title"
err_has "is on page '-v'" "and named as a page"
run "$WIKISYNC" event list -c
is_status 64 "-c without a file after the command"
err_has "option '-c' requires a file" "is a usage error"

done_testing
