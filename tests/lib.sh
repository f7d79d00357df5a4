# Shared by the shell tests in tests/t: a TAP producer and helpers that run
# the built wikisync in a scratch directory.  Each test sources this file,
# calls its checks, and ends with "done_testing".
#
#   run CMD...                    run, keeping stdout/stderr/status
#   is_status N WHAT              the last run exited N
#   out_has TEXT WHAT             its stdout contains TEXT (fixed string)
#   err_has TEXT WHAT             its stderr contains TEXT
#   is_eq GOT WANT WHAT           two strings are equal
#   same_file A B WHAT            two files are identical
#   start_wiki                    start a throwaway MediaWiki, set WIKI_*
# $T is a fresh directory removed at exit; $CONF a config whose registry
# is $T/registry.db.

set -u
: "${WIKISYNC:?WIKISYNC must name the built wikisync}"
: "${TEST_SRCDIR:?TEST_SRCDIR must name the source tree}"

T=$(mktemp -d "${TMPDIR:-/tmp}/wikisync-t.XXXXXX")
# At exit: stop the test wiki if start_wiki started one (else its php -S
# would outlive the test), then remove $T.  A signal exits through the same
# path, with the usual 128+N status.
lib_cleanup() {
	if [ -f "$T/wiki/server.pid" ]; then
		sh "$TEST_SRCDIR/tests/wiki/wiki.sh" stop "$T/wiki" 2>/dev/null
	fi
	for pidfile in "$T/faultd.pid" "$T/lossy.pid"; do
		[ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
	done
	rm -rf "$T"
}
trap lib_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
tap_n=0
tap_failed=0
OUT="$T/stdout"
ERR="$T/stderr"
STATUS=0
DATA="$TEST_SRCDIR/tests/data"

diag() {
	sed 's/^/#   /' "$@" 2>/dev/null | head -n 20
}

pass() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

fail() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	echo "#   last command: ${LAST_CMD:-}"
	echo "#   exit status: $STATUS"
	echo "#   stdout:"; diag "$OUT"
	echo "#   stderr:"; diag "$ERR"
}

run() {
	LAST_CMD="$*"
	"$@" >"$OUT" 2>"$ERR" </dev/null
	STATUS=$?
}

# ws ARGS...: run wikisync with the test config.
ws() {
	run "$WIKISYNC" -c "$CONF" "$@"
}

is_status() {
	if [ "$STATUS" -eq "$1" ]; then pass "$2"; else fail "$2 (want exit $1)"; fi
}

out_has() {
	if grep -qF -- "$1" "$OUT"; then pass "$2"; else fail "$2 (stdout lacks '$1')"; fi
}

err_has() {
	if grep -qF -- "$1" "$ERR"; then pass "$2"; else fail "$2 (stderr lacks '$1')"; fi
}

out_lacks() {
	if grep -qF -- "$1" "$OUT"; then fail "$2 (stdout has '$1')"; else pass "$2"; fi
}

is_eq() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		echo "#   got:      '$1'"
		echo "#   expected: '$2'"
	fi
}

same_file() {
	if cmp -s "$1" "$2"; then
		pass "$3"
	else
		fail "$3"
		diff -u "$1" "$2" | head -n 30 | sed 's/^/#   /'
	fi
}

# A config with only a registry, in $T.
CONF="$T/wikisync.ini"
cat >"$CONF" <<EOC
[registry]
database = $T/registry.db
extra_fields = hashtag, partner
EOC

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit $?
}

# start_wiki: start a throwaway MediaWiki in $T/wiki (tests/wiki/wiki.sh)
# and load its settings: WIKI_API, WIKI_URL, WIKI_BOT and
# WIKI_BOT_PASSWORD_FILE, WIKI_PLAIN and WIKI_PLAIN_PASSWORD_FILE, ...  The
# wiki is stopped at exit.  Without a working wiki the test fails (a TAP
# "Bail out!"), it is not skipped: a missing MediaWiki must not pass.
start_wiki() {
	if ! sh "$TEST_SRCDIR/tests/wiki/wiki.sh" start "$T/wiki" \
	    >"$T/wiki-start.log" 2>&1 </dev/null; then
		echo "Bail out! test wiki did not start"
		sed 's/^/# /' "$T/wiki-start.log"
		exit 1
	fi
	. "$T/wiki/env"
}

# wait_for SECONDS CMD...: run CMD every 0.1 s until it succeeds; 1 if it
# never did.  For what takes time by nature (a daemon's pass), never to
# assert a speed.
wait_for() {
	limit=$(($1 * 10))
	shift
	n=0
	while ! "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -ge $limit ] && return 1
		sleep 0.1
	done
	return 0
}

# wiki_section [EDIT_INTERVAL]: a [wiki] section for the test wiki's bot
# (start_wiki first), edits paced EDIT_INTERVAL seconds apart (default 0).
wiki_section() {
	cat <<EOC
[wiki]
api = $WIKI_API
username = $WIKI_BOT
password_file = $WIKI_BOT_PASSWORD_FILE
contact = wikisync-tests@example.org
edit_interval = ${1:-0}
EOC
}

# Start the fault-injection server (tests/faultd.py); $FAULTD is then its
# base URL, its request log is $T/faultd.log, and it is stopped at exit.
start_faultd() {
	python3 "$TEST_SRCDIR/tests/faultd.py" --port-file "$T/faultd.port" \
	    --log "$T/faultd.log" 2>"$T/faultd.err" </dev/null &
	echo $! >"$T/faultd.pid"
	n=0
	while [ ! -s "$T/faultd.port" ]; do
		n=$((n + 1))
		if [ $n -gt 100 ] || ! kill -0 "$(cat "$T/faultd.pid")" 2>/dev/null; then
			echo "Bail out! fault server did not start"
			sed 's/^/# /' "$T/faultd.err"
			exit 1
		fi
		sleep 0.1
	done
	FAULTD="http://127.0.0.1:$(cat "$T/faultd.port")"
}

# Start the proxy that loses edits' answers (tests/lossy.py) in front of
# the test wiki (start_wiki first), answers held LATE seconds in "late"
# mode (default 8); $LOSSY is then its base URL, its log $T/lossy.log,
# and it is stopped at exit.
start_lossy() {
	python3 "$TEST_SRCDIR/tests/lossy.py" --upstream "$WIKI_URL" \
	    --late "${1:-8}" --port-file "$T/lossy.port" \
	    --log "$T/lossy.log" 2>"$T/lossy.err" </dev/null &
	echo $! >"$T/lossy.pid"
	n=0
	while [ ! -s "$T/lossy.port" ]; do
		n=$((n + 1))
		if [ $n -gt 100 ] || ! kill -0 "$(cat "$T/lossy.pid")" 2>/dev/null; then
			echo "Bail out! lossy proxy did not start"
			sed 's/^/# /' "$T/lossy.err"
			exit 1
		fi
		sleep 0.1
	done
	LOSSY="http://127.0.0.1:$(cat "$T/lossy.port")"
}
