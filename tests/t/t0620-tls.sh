#!/bin/sh
# Trust boundaries: TLS verified always (a self-signed server is refused
# before any request is sent), http only to a loopback address and never
# through a proxy, redirects not followed, no way to turn verification
# off; the password kept out of logs, error messages, the command line,
# the environment and core dumps; a world-writable config refused;
# symbolic links in the state directory do not redirect the registry's
# writes.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

SRC="$TEST_SRCDIR/src"
umask 077

# --- a small server: every connection and every request it gets, logged
#   srv.py MODE PORTFILE LOG [--bind ADDR] [--cert C --key K] [--to URL]
# MODE is "tls" (HTTPS with C and K), "http" (a 200 for anything) or
# "redirect" (302 to URL with a session cookie).  The log gets "conn" for
# each accepted connection, "tls-failed REASON" for a failed handshake and
# "request METHOD PATH BYTES" for each HTTP request read.
cat >"$T/srv.py" <<'EOP'
import argparse, socket, ssl, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
ap = argparse.ArgumentParser()
ap.add_argument('mode')
ap.add_argument('portfile')
ap.add_argument('log')
ap.add_argument('--bind', default='127.0.0.1')
ap.add_argument('--cert')
ap.add_argument('--key')
ap.add_argument('--to')
a = ap.parse_args()
log = open(a.log, 'a', buffering=1)
ctx = None
if a.mode == 'tls':
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n)
        log.write('request %s %s %d\n' % (self.command, self.path, len(body)))
        if a.mode == 'redirect':
            self.send_response(302)
            self.send_header('Location', a.to)
            self.send_header('Set-Cookie', 'session=s3ss10n; path=/')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        out = b'<?xml version="1.0"?><api />'
        self.send_response(200)
        self.send_header('Content-Type', 'text/xml')
        self.send_header('Content-Length', str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    do_GET = do_POST
    def log_message(self, *args):
        pass

class Server(ThreadingHTTPServer):
    def get_request(self):
        sock, addr = self.socket.accept()
        log.write('conn\n')
        if ctx is not None:
            sock.settimeout(10)
            try:
                sock = ctx.wrap_socket(sock, server_side=True)
            except OSError as e:
                log.write('tls-failed %s\n' % e)
                sock.close()
                raise
        return sock, addr
    def handle_error(self, request, client_address):
        pass

srv = Server((a.bind, 0), Handler)
with open(a.portfile + '.tmp', 'w') as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(a.portfile + '.tmp', a.portfile)
srv.serve_forever()
EOP
SERVERS=
# serve NAME MODE [ARGS]: start srv.py; its port is then in $PORT and its
# log is $T/NAME.log.  Stopped at exit.
serve() {
	name=$1 mode=$2
	shift 2
	python3 "$T/srv.py" "$mode" "$T/$name.port" "$T/$name.log" "$@" \
	    2>"$T/$name.err" </dev/null &
	SERVERS="$SERVERS $!"
	: >>"$T/$name.log"
	if ! wait_for 10 test -s "$T/$name.port"; then
		echo "Bail out! test server $name did not start"
		sed 's/^/# /' "$T/$name.err"
		exit 1
	fi
	PORT=$(cat "$T/$name.port")
}
stop_servers() {
	for p in $SERVERS; do
		kill "$p" 2>/dev/null
	done
	SERVERS=
}
trap 'stop_servers; lib_cleanup' EXIT

# log_count NAME WORD: lines of $T/NAME.log starting with WORD.
log_count() {
	grep -c "^$2" "$T/$1.log"
}
# lacks FILE TEXT WHAT: FILE does not contain TEXT (a fixed string).
lacks() {
	if grep -qF -- "$2" "$1"; then fail "$3"; else pass "$3"; fi
}

# wiki_conf FILE API: a config for one wiki, with a registry and one
# table, the password in $T/pw.
wiki_conf() {
	{
		printf '[wiki]\napi = %s\nusername = SyncBot@wikisync\n' "$2"
		printf 'password_file = %s\ncontact = wikisync-tests@example.org\n' \
		    "$T/pw"
		printf '\n[registry]\ndatabase = %s\n' "$T/registry.db"
		# (a page the fault server does not have: "Missing...")
		printf '\n[table t]\npage = Missing trust test\ntemplate = %s\n' \
		    "$T/t.wiki"
		printf 'create = yes\n'
	} >"$1"
}
# A password with characters that are encoded in a form body; neither
# form may be seen anywhere.
PW='Pw-4f9%&q +Zz@secret'
PW_FORM='Pw-4f9%25%26q%20%2BZz%40secret'
printf '%s\n' "$PW" >"$T/pw"
: >"$T/t.wiki"
no_password() {
	# no_password WHAT FILE...: neither form of the password in any FILE.
	what=$1
	shift
	if cat "$@" | grep -qF -e "$PW" -e "$PW_FORM" -e "Pw-4f9"; then
		fail "$what"
	else
		pass "$what"
	fi
}

# --- no switch turns verification off
lines=$(grep -rn 'CURLOPT_\(PROXY_\)\{0,1\}SSL_VERIFY' "$SRC")
bad=$(printf '%s\n' "$lines" | grep -v \
    -e 'CURLOPT_SSL_VERIFYPEER, 1L)' -e 'CURLOPT_SSL_VERIFYHOST, 2L)')
is_eq "$bad" "" "src/ sets SSL_VERIFYPEER and SSL_VERIFYHOST only to 1 and 2"
is_eq "$(printf '%s\n' "$lines" | grep -c 'VERIFYPEER, 1L\|VERIFYHOST, 2L')" 2 \
    "and sets both"
bad=$(grep -rn -e 'CURLOPT_SSL_OPTIONS' -e 'CURLOPT_CAINFO' -e 'CURLOPT_CAPATH' \
    -e 'CURLOPT_PINNEDPUBLICKEY' -e 'CURLOPT_FOLLOWLOCATION, 1' \
    -e 'CURLOPT_NETRC' "$SRC")
is_eq "$bad" "" "no TLS option, CA file, netrc or redirect is set from anywhere"
bad=$(grep -inE '(insecure|verif|ssl|tls|certificate|ca_?(file|path|info))' \
    "$SRC/conf-keys.c")
is_eq "$bad" "" "no config key touches TLS"
# Every environment variable wikisync reads, reviewed: none of them is
# about TLS.  A new one must be added here after a look at what it does.
# (TZ: window.c sets an event's zone for a conversion, then puts the
# caller's TZ back.)
envs=$(grep -rhoE 'getenv\("[A-Za-z_]+"\)' "$SRC" | sort -u | tr '\n' ' ')
is_eq "$envs" 'getenv("CREDENTIALS_DIRECTORY") getenv("JOURNAL_STREAM") getenv("NOTIFY_SOCKET") getenv("SUDO_USER") getenv("TZ") getenv("WATCHDOG_PID") getenv("WATCHDOG_USEC") getenv("WIKISYNC_CONFIG") ' \
    "the environment variables wikisync reads are the reviewed ones"

# --- a self-signed HTTPS server on 127.0.0.1
if ! command -v openssl >/dev/null 2>&1; then
	echo "Bail out! openssl is needed to make the test certificate"
	exit 1
fi
if ! openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -days 2 -keyout "$T/key.pem" \
    -out "$T/cert.pem" >"$T/openssl.log" 2>&1; then
	echo "Bail out! openssl could not make a certificate"
	sed 's/^/# /' "$T/openssl.log"
	exit 1
fi
serve tls tls --cert "$T/cert.pem" --key "$T/key.pem"
TLS_PORT=$PORT

# The server works: a client that trusts its certificate gets through.
if curl -sS --noproxy '*' --cacert "$T/cert.pem" -o /dev/null -d x=1 \
    "https://127.0.0.1:$TLS_PORT/api.php" 2>"$T/curl.err"; then
	pass "the test server answers a client that trusts its certificate"
else
	fail "the test server answers a client that trusts its certificate"
	diag "$T/curl.err"
fi
is_eq "$(log_count tls request)" 1 "and logs that client's request"
: >"$T/tls.log"

wiki_conf "$T/tls.ini" "https://127.0.0.1:$TLS_PORT/api.php"
run "$WIKISYNC" -c "$T/tls.ini" check
is_status 0 "https to 127.0.0.1 is a valid api"
run "$WIKISYNC" -v -c "$T/tls.ini" check --online
is_status 69 "check --online against a self-signed server: wiki unavailable"
err_has "cannot verify the server's TLS certificate: SSL certificate problem" \
    "the message says the certificate could not be verified"
if grep -q "retrying" "$ERR"; then
	fail "a certificate that fails is not retried"
else
	pass "a certificate that fails is not retried"
fi
is_eq "$(log_count tls conn)" 1 "wikisync connected once"
is_eq "$(log_count tls tls-failed)" 1 "the TLS handshake failed"
is_eq "$(log_count tls request)" 0 "no HTTP request reached the server"
no_password "the password is not in the messages" "$OUT" "$ERR"

run "$WIKISYNC" -v -c "$T/tls.ini" sync
is_status 69 "sync against a self-signed server: wiki unavailable"
err_has "cannot verify the server's TLS certificate" "with the same reason"
is_eq "$(log_count tls request)" 0 "still no HTTP request reached the server"
no_password "the password is not in sync's messages" "$OUT" "$ERR"

# Nothing in the environment changes whom wikisync trusts or turns
# verification off: not libcurl's tool's CA variable, not OpenSSL's.
run env CURL_CA_BUNDLE="$T/cert.pem" SSL_CERT_FILE="$T/cert.pem" \
    SSL_CERT_DIR="$T" CURL_SSL_NO_VERIFY=1 GIT_SSL_NO_VERIFY=1 \
    PYTHONHTTPSVERIFY=0 NODE_TLS_REJECT_UNAUTHORIZED=0 \
    "$WIKISYNC" -c "$T/tls.ini" check --online
is_status 69 "variables that change trust for libcurl, OpenSSL or other tools do nothing"
is_eq "$(log_count tls request)" 0 "and no request was sent"
# libcurl writes TLS session keys where SSLKEYLOGFILE says: a capture of
# the traffic could then be decrypted, password and all.
run env SSLKEYLOGFILE="$T/tls-keys" "$WIKISYNC" -c "$T/tls.ini" check --online
if [ -e "$T/tls-keys" ]; then
	fail "SSLKEYLOGFILE is ignored: no TLS keys are written"
else
	pass "SSLKEYLOGFILE is ignored: no TLS keys are written"
fi

# --- http to anything but a loopback address: refused at config time
for api in http://example.org/api.php http://10.0.0.1/api.php \
    http://localhost.example/api.php http://127.0.0.1.nip.io/api.php \
    ftp://127.0.0.1/api.php file:///etc/passwd; do
	wiki_conf "$T/plain.ini" "$api"
	run "$WIKISYNC" -c "$T/plain.ini" check --online
	is_status 78 "$api: refused"
	case $api in
	http:*) err_has "http is allowed only for a loopback host" \
	    "$api: the message says why and what to use";;
	*) err_has "only https URLs are allowed" "$api: only https is allowed";;
	esac
done

# A non-loopback address of this host, listening: nothing reaches it,
# even with check --online and sync.
ip=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("192.0.2.1", 9))
print(s.getsockname()[0])' 2>/dev/null)
case $ip in
""|127.*)
	for _ in 1 2 3; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP no non-loopback address on this host"
	done;;
*)
	serve wide http --bind 0.0.0.0
	wiki_conf "$T/wide.ini" "http://$ip:$PORT/api.php"
	run "$WIKISYNC" -c "$T/wide.ini" check --online
	is_status 78 "http to this host's address $ip: refused by check"
	run "$WIKISYNC" -c "$T/wide.ini" sync
	is_status 78 "and by sync"
	is_eq "$(log_count wide conn)" 0 "no connection was made to it";;
esac

# --- no proxy for loopback http: it would carry the password off the host
start_faultd
serve proxy http
wiki_conf "$T/px.ini" "$FAULTD/px1/ok/api.php"
run env http_proxy="http://127.0.0.1:$PORT" HTTP_PROXY="http://127.0.0.1:$PORT" \
    ALL_PROXY="http://127.0.0.1:$PORT" all_proxy="http://127.0.0.1:$PORT" \
    "$WIKISYNC" -c "$T/px.ini" check --online
is_status 0 "with http_proxy and ALL_PROXY set, a loopback wiki is reached"
is_eq "$(log_count proxy conn)" 0 "directly: the proxy got no connection"
[ "$(grep -c '^px1 ' "$T/faultd.log")" -ge 2 ]
is_eq "$?" 0 "the wiki got the login requests"

# --- redirects are not followed: the password and cookies stay here
: >"$T/tls.log"
serve target http
TARGET=$PORT
for to in "http://127.0.0.1:$TARGET/api.php" \
    "https://127.0.0.1:$TLS_PORT/api.php" file:///etc/passwd; do
	serve redir redirect --to "$to"
	wiki_conf "$T/redir.ini" "http://127.0.0.1:$PORT/api.php"
	run "$WIKISYNC" -v -c "$T/redir.ini" check --online
	is_status 69 "a 302 to $to: the wiki is unavailable"
	err_has "HTTP status 302" "the status is reported"
	no_password "the password is not in the messages" "$OUT" "$ERR"
	: >"$T/redir.port"
done
is_eq "$(log_count target conn)" 0 "the redirect targets got no connection"
is_eq "$(log_count tls conn)" 0 "not even over https"

# --- the password in no log line, at -v, whatever fails
# mwtool drives the same client with short retries; wikisync itself for
# the cases that end fast.
MODES="ok http500 http503 http429=1 maxlag truncated drop malformed notxml
    bomb xxe redirect assertfail hang"
for mode in $MODES; do
	run "$MWTOOL" -v --api "$FAULTD/lg-$mode/$mode/api.php" \
	    --contact wikisync-tests@example.org --user SyncBot@wikisync \
	    --password-file "$T/pw" --retries 1 --max-wait-ms 100 --timeout 2 \
	    login then read P
	no_password "$mode: the password is not in the client's log" \
	    "$OUT" "$ERR"
done
missed=
for mode in $MODES; do
	grep -q "^lg-$mode " "$T/faultd.log" || missed="$missed $mode"
done
is_eq "$missed" "" "each of those runs reached the fault server"
for mode in ok http429=1 malformed notxml redirect; do
	wiki_conf "$T/lg.ini" "$FAULTD/lgw-$mode/$mode/api.php"
	run "$WIKISYNC" -v -c "$T/lg.ini" check --online
	no_password "$mode: the password is not in wikisync -v's output" \
	    "$OUT" "$ERR"
done
run "$WIKISYNC" -v -c "$T/lg.ini" check
no_password "nor in check's" "$OUT" "$ERR"
# The server's log has what the client sent: the password went only in
# the login request's body.
no_password "the fault server never logged the password" "$T/faultd.log"

# An OAuth 2 token is a password too.
TOK='oauth2-Tk-81f2e9-secret'
printf '%s\n' "$TOK" >"$T/token"
{
	printf '[wiki]\napi = %s\noauth2_token_file = %s\n' \
	    "$FAULTD/tk1/http429=1/api.php" "$T/token"
	printf 'contact = wikisync-tests@example.org\n'
} >"$T/tok.ini"
run "$WIKISYNC" -v -c "$T/tok.ini" check --online
is_status 0 "an OAuth 2 token logs in"
lacks "$ERR" "$TOK" "the token is not in wikisync -v's messages"
lacks "$OUT" "$TOK" "nor in its output"
run "$MWTOOL" -v --api "$FAULTD/tk2/assertfail/api.php" \
    --contact wikisync-tests@example.org --token-file "$T/token" \
    --retries 1 --max-wait-ms 100 login then read P
is_status 77 "a token the wiki stops accepting: refused"
lacks "$ERR" "$TOK" "the token is not in the messages either"

# --- a world-writable config is refused, with the fix
wiki_conf "$T/ww.ini" "https://127.0.0.1:$TLS_PORT/api.php"
chmod 666 "$T/ww.ini"
run "$WIKISYNC" -c "$T/ww.ini" check
is_status 78 "a world-writable config is refused"
err_has "'$T/ww.ini' is writable by others (mode 0666); fix: chmod o-w '$T/ww.ini'" \
    "the fix is in the message"
run "$WIKISYNC" -c "$T/ww.ini" event list
is_status 78 "by every command that reads it"
chmod 664 "$T/ww.ini"
run "$WIKISYNC" -c "$T/ww.ini" check
is_status 0 "a group-writable config is the admin's choice"
# (password and token file modes, owners and links: t0110-secret.sh)

# --- symbolic links in the state directory redirect no write
mkdir "$T/state" "$T/elsewhere"
printf '[registry]\ndatabase = %s\n' "$T/state/registry.db" >"$T/st.ini"
for f in registry.db registry.db-wal registry.db-shm registry.db-journal; do
	rm -f "$T/state/"* "$T/elsewhere/"*
	ln -s "$T/elsewhere/victim" "$T/state/$f"
	run "$WIKISYNC" -c "$T/st.ini" event add --id s1 title=T \
	    start=2023-03-08
	is_eq "$(ls "$T/elsewhere")" "" "$f a symbolic link: nothing written through it"
done
printf 'victim\n' >"$T/elsewhere/victim"
for f in registry.db registry.db-wal registry.db-shm; do
	rm -f "$T/state/"*
	ln -s "$T/elsewhere/victim" "$T/state/$f"
	run "$WIKISYNC" -c "$T/st.ini" event add --id s1 title=T \
	    start=2023-03-08
	is_eq "$(cat "$T/elsewhere/victim")" "victim" \
	    "$f a link to an existing file: the file is unchanged"
done
rm -f "$T/state/"*
ln -s "$T/elsewhere/victim" "$T/state/registry.db"
run "$WIKISYNC" -c "$T/st.ini" event list
is_status 74 "a registry that is a symbolic link is refused"

# --- the real wiki: the password in no message, nor in /proc
start_wiki
REAL_PW=$(cat "$WIKI_BOT_PASSWORD_FILE")
{ wiki_section; cat <<EOC; } >"$T/real.ini"

[registry]
database = $T/real.db

[daemon]
interval = 30

[table t]
page = Trust test
template = $T/t.wiki
create = yes
EOC
run "$WIKISYNC" -v -c "$T/real.ini" check --online
is_status 0 "check --online with -v against the test wiki"
lacks "$ERR" "$REAL_PW" "the password is not in its messages"
lacks "$OUT" "$REAL_PW" "nor in its output"

printf 'WrongPw-x7Q2-notthepassword\n' >"$T/wrong"
sed "s|^password_file = .*|password_file = $T/wrong|" "$T/real.ini" \
    >"$T/wrong.ini"
run "$WIKISYNC" -v -c "$T/wrong.ini" check --online
is_status 77 "a wrong password: login refused"
lacks "$ERR" "WrongPw-x7Q2" "the wrong password is not in the messages"
lacks "$OUT" "WrongPw-x7Q2" "nor in the output"
run "$WIKISYNC" -v -c "$T/wrong.ini" sync
lacks "$ERR" "WrongPw-x7Q2" "nor in sync's"

mkdir "$T/run"
(cd "$T/run" && exec "$WIKISYNC" -v -c "$T/real.ini" daemon \
    >"$T/daemon.out" 2>"$T/daemon.err" </dev/null) &
daemon=$!
if wait_for 60 grep -q "logged in as" "$T/daemon.err"; then
	pass "the daemon logged in"
else
	fail "the daemon logged in"
	diag "$T/daemon.err"
fi
tr '\0' '\n' <"/proc/$daemon/cmdline" >"$T/cmdline" 2>/dev/null
tr '\0' '\n' <"/proc/$daemon/environ" >"$T/environ" 2>/dev/null
grep -qx daemon "$T/cmdline"
is_eq "$?" 0 "its /proc/PID/cmdline can be read"
[ -s "$T/environ" ]
is_eq "$?" 0 "so can its environment (by root, or by no one)"
lacks "$T/cmdline" "$REAL_PW" "the password is not in its command line"
lacks "$T/environ" "$REAL_PW" "nor in its environment"
kill -TERM "$daemon"
wait "$daemon"
STATUS=$?
is_status 0 "the daemon ends on SIGTERM"
lacks "$T/daemon.err" "$REAL_PW" "the password is not in the daemon's log"

# No core dump holds the password: a process that read one is not
# dumpable.  Checked where this kernel dumps a plain process (a control
# does) and does not dump non-dumpable ones (fs.suid_dumpable = 0).
cat >"$T/core.py" <<'EOP'
import os, resource, signal, subprocess, sys, time
marker, errf, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
def limits():
    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,
                                              resource.RLIM_INFINITY))
with open(errf, 'w') as err:
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err,
                         stderr=err, preexec_fn=limits)
    for _ in range(600):
        if marker == '' or marker in open(errf).read():
            break
        time.sleep(0.1)
    p.send_signal(signal.SIGABRT)
    _, status = os.waitpid(p.pid, 0)
print('core' if os.WCOREDUMP(status) else 'nocore')
EOP
mkdir "$T/cores"
control=$(cd "$T/cores" && python3 "$T/core.py" '' "$T/sleep.err" sleep 60)
rm -f "$T/cores/"*
if [ "$control" != core ] ||
    [ "$(cat /proc/sys/fs/suid_dumpable 2>/dev/null)" != 0 ]; then
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP this system does not dump cores as the test needs"
else
	got=$(cd "$T/cores" && python3 "$T/core.py" "logged in as" \
	    "$T/core.err" "$WIKISYNC" -v -c "$T/real.ini" daemon)
	is_eq "$got" nocore "a daemon that read the password dumps no core"
	rm -f "$T/cores/"*
fi

done_testing
