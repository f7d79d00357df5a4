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

done_testing
