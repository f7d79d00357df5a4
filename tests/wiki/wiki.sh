#!/bin/sh
# A throwaway MediaWiki for the shell tests: each test file starts its own
# wiki in a scratch directory (SQLite database, PHP's built-in web server on
# a free port of 127.0.0.1), talks to it, and stops it.  Uses the Debian
# mediawiki package in /usr/share/mediawiki (or $MW_INSTALL_PATH).
#
#   wiki.sh start DIR               install and serve a new wiki in DIR
#   wiki.sh stop DIR                stop it (idempotent)
#   wiki.sh serve DIR               serve a stopped wiki again, on the
#                                   port it had (a wiki that went away
#                                   and came back)
#   wiki.sh php DIR SCRIPT [ARG...] run a maintenance script against it
#   wiki.sh edit DIR USER TITLE     save stdin as page TITLE, by USER
#   wiki.sh import DIR FILE [USER]  create/replace many pages at once;
#                                   FILE has TITLE<TAB>TEXT lines (see
#                                   import.php), author Human by default
#
# After start, DIR/env is a sourceable file setting WIKI_DIR, WIKI_URL,
# WIKI_API, WIKI_BOT / WIKI_BOT_PASSWORD_FILE (SyncBot@wikisync: bot group,
# bot password with highvolume), WIKI_PLAIN / WIKI_PLAIN_PASSWORD_FILE
# (Plainbot@wikisync: a plain user, no bot, no apihighlimits, rate
# limited), WIKI_HUMAN / WIKI_HUMAN_PASSWORD_FILE (Human, a plain user with
# a normal password) and MW_CONFIG_FILE.  A test may write PHP settings to
# DIR/extra.php; every request reads it, so no restart is needed.
set -u

MW=${MW_INSTALL_PATH:-/usr/share/mediawiki}
PHP=${PHP:-php}
# Where import.php and settings.php live: next to this script.
HERE=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "wiki.sh: $*" >&2
	exit 1
}

usage() {
	die "usage: wiki.sh start|stop DIR | php DIR SCRIPT [ARG...] |" \
	    "edit DIR USER TITLE | import DIR FILE [USER] | serve DIR"
}

# 32 random characters from [0-9a-f]: what BotPassword wants (exactly 32
# for createBotPassword.php), and long and uncommon enough for the
# password policy of the bot and sysop groups.
random_password() {
	od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# quote STRING: STRING as a single-quoted sh word, for DIR/env.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# mw SCRIPT [ARG...]: run a maintenance script of this wiki.  An absolute
# SCRIPT is run as is (our own import.php), else it is relative to
# $MW/maintenance.
mw() {
	script=$1
	shift
	case $script in
	/*) ;;
	*) script=$MW/maintenance/$script ;;
	esac
	MW_CONFIG_FILE=$DIR/LocalSettings.php MW_INSTALL_PATH=$MW \
	    "$PHP" "$script" "$@"
}

# quiet LOG CMD...: run CMD with its output in LOG; on failure show LOG.
quiet() {
	log=$1
	shift
	if ! "$@" >"$log" 2>&1 </dev/null; then
		echo "wiki.sh: failed: $*" >&2
		sed 's/^/  /' "$log" >&2
		return 1
	fi
}

# running PID: is PID a live process?  A dead process stays a zombie until
# its parent reaps it, which may take a while (here, or under some inits):
# "kill -0" would still succeed on it, so ask ps for its state instead.
running() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	'' | Z*) return 1 ;;
	esac
	return 0
}

# alive: is the server still running?
alive() {
	[ -s "$DIR/server.pid" ] && running "$(cat "$DIR/server.pid")"
}

cmd_stop() {
	[ -s "$DIR/server.pid" ] || return 0
	pgid=$(cat "$DIR/server.pid")
	# dash's kill knows no "--"; "-N" after the signal is a process group.
	kill -TERM -"$pgid" 2>/dev/null
	# php -S exits at once on TERM; give it up to 3 s all the same.
	i=0
	while running "$pgid" && [ $i -lt 60 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	# Whatever is left of the group (a stuck server, anything it
	# started) goes now.
	kill -KILL -"$pgid" 2>/dev/null
	# Forget the pid: a later stop must not hit a reused process group.
	rm -f "$DIR/server.pid"
	return 0
}

# fail_start MESSAGE: stop what we started, show the server log, give up.
fail_start() {
	echo "wiki.sh: $1" >&2
	if [ -s "$DIR/server.log" ]; then
		echo "wiki.sh: server log ($DIR/server.log):" >&2
		sed 's/^/  /' "$DIR/server.log" | tail -n 40 >&2
	fi
	cmd_stop
	exit 1
}

cmd_start() {
	[ -f "$MW/maintenance/install.php" ] ||
	    die "mediawiki is not installed: run scripts/deps --test"
	command -v "$PHP" >/dev/null 2>&1 ||
	    die "php is not installed: run scripts/deps --test"
	"$PHP" -r 'exit(extension_loaded("pdo_sqlite") && extension_loaded("xml")
	    && extension_loaded("mbstring") && extension_loaded("intl") ? 0 : 1);' ||
	    die "php lacks sqlite3, xml, mbstring or intl: run scripts/deps --test"
	if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
		die "$DIR is not empty"
	fi
	mkdir -p "$DIR" || exit 1
	# MW_CONFIG_FILE must be absolute: MediaWiki takes a bare name as
	# relative to its own directory.
	DIR=$(cd "$DIR" && pwd) || exit 1
	mkdir "$DIR/cache" "$DIR/images" "$DIR/tmp" "$DIR/log" || exit 1

	# Serve first, on port 0: the kernel picks a free port, so parallel
	# tests cannot race for one, and the server logs which it got.  The
	# wiki is installed afterwards, with $wgServer naming that port; the
	# server reads LocalSettings.php on each request, and none comes
	# before we probe.
	# setsid makes the server a process group of its own, so stop can
	# kill it and anything it spawned; the inner sh records its own pid,
	# which is the group id even if setsid had to fork.  No stdio is
	# inherited: a test harness waiting on our stdout must not hang.
	MW_CONFIG_FILE=$DIR/LocalSettings.php
	export MW_CONFIG_FILE
	# shellcheck disable=SC2016 # $$ and $1 are for the inner sh
	setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$DIR/server.pid" \
	    "$PHP" -S 127.0.0.1:0 -t "$MW" \
	    </dev/null >"$DIR/server.log" 2>&1 &
	port=
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's/.*Development Server (http:\/\/127\.0\.0\.1:\([0-9][0-9]*\)) started.*/\1/p' \
		    "$DIR/server.log" 2>/dev/null)
		[ -n "$port" ] && break
		# Not started yet: make sure it has not died (a pid file is
		# written within milliseconds, but may not be there yet).
		if [ -s "$DIR/server.pid" ] && ! alive; then
			break
		fi
		# Fractional sleep: not POSIX, but GNU, BSD and busybox have it.
		sleep 0.05
		i=$((i + 1))
	done
	[ -n "$port" ] || fail_start "php -S did not start"
	url=http://127.0.0.1:$port

	adminpass=$(random_password)
	quiet "$DIR/install.log" mw install.php --dbtype=sqlite \
	    --dbpath="$DIR/db" --dbname=wiki --confpath="$DIR" \
	    --scriptpath="" --server="$url" --lang=en --skins= \
	    --pass="$adminpass" "Test Wiki" Admin ||
	    fail_start "install.php failed"
	# Our overrides (settings.php, copied so the wiki does not change
	# under a running test), then the per-test hook, last so it wins.
	cp "$HERE/settings.php" "$DIR/settings.php" || fail_start "cannot copy settings.php"
	cat >>"$DIR/LocalSettings.php" <<'EOF'

# Added by tests/wiki/wiki.sh.
require __DIR__ . '/settings.php';
if ( is_readable( __DIR__ . '/extra.php' ) ) {
	require __DIR__ . '/extra.php';
}
EOF

	botpass=$(random_password)
	plainpass=$(random_password)
	humanpass=$(random_password)
	# Any failure in the chain ends in fail_start, which exits.
	# shellcheck disable=SC2015
	quiet "$DIR/setup.log" mw createAndPromote.php --bot SyncBot "$(random_password)" &&
	quiet "$DIR/setup.log" mw createBotPassword.php --appid=wikisync \
	    --grants=basic,highvolume,editpage,createeditmovepage SyncBot "$botpass" &&
	quiet "$DIR/setup.log" mw createAndPromote.php Plainbot "$(random_password)" &&
	quiet "$DIR/setup.log" mw createBotPassword.php --appid=wikisync \
	    --grants=basic,editpage,createeditmovepage Plainbot "$plainpass" &&
	quiet "$DIR/setup.log" mw createAndPromote.php Human "$humanpass" ||
	    fail_start "cannot create the accounts"
	# umask rather than chmod: the file is never readable by others.
	(
		umask 077
		echo "$botpass" >"$DIR/bot-password"
		echo "$plainpass" >"$DIR/plain-password"
		echo "$humanpass" >"$DIR/human-password"
	) || fail_start "cannot write the password files"

	# Ready when the API answers.  Check the server is alive each time:
	# a dead server would only make us wait for the timeout.
	t0=$(date +%s)
	# shellcheck disable=SC2016 # PHP code, not sh
	until "$PHP" -r '$r = @file_get_contents($argv[1]);
	    exit($r !== false && strpos($r, "<general ") !== false ? 0 : 1);' \
	    "$url/api.php?action=query&meta=siteinfo&format=xml"; do
		alive || fail_start "php -S died"
		[ $(($(date +%s) - t0)) -lt 15 ] ||
		    fail_start "no answer from $url/api.php in 15 s"
		sleep 0.1
	done

	{
		echo "WIKI_DIR=$(quote "$DIR")"
		echo "WIKI_URL=$(quote "$url")"
		echo "WIKI_API=$(quote "$url/api.php")"
		echo "WIKI_BOT='SyncBot@wikisync'"
		echo "WIKI_BOT_PASSWORD_FILE=$(quote "$DIR/bot-password")"
		echo "WIKI_PLAIN='Plainbot@wikisync'"
		echo "WIKI_PLAIN_PASSWORD_FILE=$(quote "$DIR/plain-password")"
		echo "WIKI_HUMAN='Human'"
		echo "WIKI_HUMAN_PASSWORD_FILE=$(quote "$DIR/human-password")"
		echo "MW_CONFIG_FILE=$(quote "$DIR/LocalSettings.php")"
		echo "export WIKI_DIR WIKI_URL WIKI_API WIKI_BOT WIKI_BOT_PASSWORD_FILE"
		echo "export WIKI_PLAIN WIKI_PLAIN_PASSWORD_FILE WIKI_HUMAN"
		echo "export WIKI_HUMAN_PASSWORD_FILE MW_CONFIG_FILE"
	} >"$DIR/env" || fail_start "cannot write $DIR/env"
}

[ $# -ge 2 ] || usage
action=$1
DIR=$2
shift 2
case $action in
start)
	[ $# -eq 0 ] || usage
	cmd_start
	;;
stop)
	[ $# -eq 0 ] || usage
	cmd_stop
	;;
serve)
	[ $# -eq 0 ] || usage
	[ -f "$DIR/env" ] || die "no wiki in $DIR"
	DIR=$(cd "$DIR" && pwd)
	alive && die "the wiki in $DIR is running"
	port=$(sed -n "s|^WIKI_URL='http://127.0.0.1:\([0-9]*\)'$|\1|p" "$DIR/env")
	[ -n "$port" ] || die "no port in $DIR/env"
	MW_CONFIG_FILE=$DIR/LocalSettings.php
	export MW_CONFIG_FILE
	# shellcheck disable=SC2016 # $$ and $1 are for the inner sh
	setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$DIR/server.pid" \
	    "$PHP" -S "127.0.0.1:$port" -t "$MW" \
	    </dev/null >>"$DIR/server.log" 2>&1 &
	i=0
	until curl -sf -o /dev/null "http://127.0.0.1:$port/api.php"; do
		i=$((i + 1))
		[ $i -lt 100 ] || die "php -S did not come back on port $port"
		sleep 0.05
	done
	;;
php)
	[ $# -ge 1 ] || usage
	[ -f "$DIR/LocalSettings.php" ] || die "no wiki in $DIR"
	DIR=$(cd "$DIR" && pwd)
	mw "$@"
	;;
edit)
	[ $# -eq 2 ] || usage
	[ -f "$DIR/LocalSettings.php" ] || die "no wiki in $DIR"
	DIR=$(cd "$DIR" && pwd)
	# edit.php chats ("Saving...done") on stdout, which would land in
	# the TAP stream: keep it, and show it only when the edit failed.
	log=$(mw edit.php --user "$1" --summary test "$2" 2>&1) || {
		echo "wiki.sh: edit of $2 as $1 failed:" >&2
		printf '%s\n' "$log" | sed 's/^/  /' >&2
		exit 1
	}
	;;
import)
	[ $# -eq 1 ] || [ $# -eq 2 ] || usage
	[ -f "$DIR/LocalSettings.php" ] || die "no wiki in $DIR"
	DIR=$(cd "$DIR" && pwd)
	log=$(mw "$HERE/import.php" --user "${2:-Human}" "$1" 2>&1) || {
		echo "wiki.sh: import of $1 failed:" >&2
		printf '%s\n' "$log" | sed 's/^/  /' >&2
		exit 1
	}
	;;
*)
	usage
	;;
esac
