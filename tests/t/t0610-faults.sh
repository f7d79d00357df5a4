#!/bin/sh
# The wiki client against what a real wiki cannot be made to do on
# demand, served by tests/faultd.py: maxlag, 429/503 with Retry-After,
# badtoken, lost sessions, truncated, malformed and hostile bodies, huge
# responses, servers that never answer.  Each case: retried within its
# bounds, or failed with a clear error and the right exit status; never
# a crash, a hang past the timeout, or an edit sent twice.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_faultd

umask 077
printf 'botpassword\n' >"$T/pw"
printf 'the new text\n' >"$T/text"

# fault NAME MODE [MWTOOL OPTIONS] COMMAND...: run mwtool against session
# NAME of the fault server in MODE.
fault() {
	name=$1 mode=$2
	shift 2
	run "$MWTOOL" --api "$FAULTD/$name/$mode/api.php" \
	    --contact wikisync-tests@example.org --user SyncBot@wikisync \
	    --password-file "$T/pw" --retries 3 --max-wait-ms 200 \
	    --timeout 3 "$@"
}
# log_count NAME PATTERN: requests of session NAME whose log line matches.
log_count() {
	grep "^$1 " "$T/faultd.log" | grep -c -- "$2"
}
# elapsed_under SECONDS WHAT: the last run took less than SECONDS.
started() { t0=$(date +%s); }
elapsed_under() {
	if [ $(($(date +%s) - t0)) -lt "$1" ]; then pass "$2"; else
		fail "$2 (took $(($(date +%s) - t0)) s)"; fi
}

# --- a well-behaved server: what every request carries
fault ok1 ok login then read "Some page" then edit "Some page" "$T/text"
is_status 0 "login, read and edit against a well-behaved server"
is_eq "$(log_count ok1 ' edit edit ')" 1 "exactly one edit made"
is_eq "$(log_count ok1 'maxlag=5')" "$(log_count ok1 '')" \
    "every request carries maxlag=5"
ua=$(awk '$1 == "ok1" { for (i = 1; i <= NF; i++) if ($i ~ /^ua=/) print $i }' \
    "$T/faultd.log" | sort -u)
case $ua in
ua=wikisync/*_\(wikisync-tests@example.org\)_libcurl/*) pass "the User-Agent names wikisync, the contact and libcurl";;
*) fail "the User-Agent names wikisync, the contact and libcurl ($ua)";;
esac
is_eq "$(log_count ok1 'edit.*assert=bot')" 1 "the edit asserts bot"
if grep '^ok1 ' "$T/faultd.log" | grep -q botpassword; then
	fail "the password is not in the server's log line"
else
	pass "the password is not in the server's log line"
fi

# A 3 MiB edit: libcurl would wait for "100 Continue" without "Expect:".
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "line %d of a long page\n", i }' \
    >"$T/big"
started
fault big1 ok login then read "Big page" then edit "Big page" "$T/big"
is_status 0 "a 1 MiB+ edit goes through"
is_eq "$(log_count big1 'expect=-')" "$(log_count big1 '')" \
    "no request sends Expect: 100-continue"
elapsed_under 3 "without stalling on 100-continue"

# --- maxlag, 429 and 503: retried after Retry-After, within bounds
run "$MWTOOL" --api "$FAULTD/lag1/maxlag=2/api.php" \
    --contact wikisync-tests@example.org --user SyncBot@wikisync \
    --password-file "$T/pw" --max-wait-ms 5000 login
is_status 0 "maxlag twice, then success"
err_has "maxlag: Waiting for db1: 7 seconds lagged.; retrying in 1.0 s (1 of 5)" \
    "waiting the Retry-After the wiki sent"
fault lag2 maxlag login
is_status 75 "maxlag for ever: a temporary failure"
err_has "error maxlag" "reported as maxlag"
err_has "(after 3 retries)" "after the bounded retries"
is_eq "$(log_count lag2 '')" 4 "4 requests: one and 3 retries"

fault r429 http429=1 login
is_status 0 "HTTP 429 once: retried"
fault r503 http503=2 login then read A
is_status 0 "HTTP 503 twice: retried"
fault r503b http503 login
is_status 69 "HTTP 503 for ever: the wiki is unavailable"
err_has "HTTP status 503 (after 3 retries)" "reported with the status"
fault r500 http500 login
is_status 69 "HTTP 500: unavailable"

fault huge1 retryafter-huge --max-wait-ms 300 login
is_status 69 "a huge Retry-After is not obeyed to the letter"
err_has "retrying in 0.3 s" "it is clamped to the longest wait"
fault neg1 retryafter-negative login
is_status 69 "a negative Retry-After (libcurl 7.88)"
if grep -q "retrying in -" "$ERR"; then
	fail "a negative Retry-After never gives a negative wait"
else
	pass "a negative Retry-After never gives a negative wait"
fi

# --- tokens and sessions
fault tok1 badtoken=1 login then read P then edit P "$T/text" then counts
is_status 0 "badtoken once: a new token, then the edit"
out_has "token=2" "the csrf token was fetched again"
is_eq "$(log_count tok1 ' edit edit ')" 1 "the edit was made once"
fault tok2 badtoken login then read P then edit P "$T/text"
is_status 65 "badtoken for ever: fails after one new token"
err_has "error badtoken" "reported as badtoken"
is_eq "$(log_count tok2 ' edit edit ')" 0 "no edit made"
fault as1 assertfail login then read P
is_status 77 "a session lost for good: fails after one new login"
err_has "session lost" "after logging in again once"
err_has "error assert" "reported as an assertion failure"

printf 'wrong\n' >"$T/wrong"
run "$MWTOOL" --api "$FAULTD/pw1/ok/api.php" --contact c --user SyncBot@wikisync \
    --password-file "$T/wrong" login
is_status 77 "a wrong password: login refused"
err_has "Incorrect username or password" "with the wiki's reason"

# --- edits the wiki refuses: a typed error naming the page, no retry
for m in protectedpage:protected blocked:blocked abusefilter:abusefilter \
    contenttoobig:contenttoobig spamblacklist:spamblacklist; do
	fault "ref-${m%%:*}" "${m%%:*}" login then read P then edit P "$T/text"
	is_status 65 "${m%%:*}: the edit fails as bad data"
	err_has "error ${m#*:}: edit: 'P': " "${m%%:*}: typed, naming the page"
	is_eq "$(log_count "ref-${m%%:*}" ' edit ')" 1 "${m%%:*}: not retried"
done
err_has "(matched: http://spam.example/buy http://spam.example/now)" \
    "the spam blacklist's matched URLs are in the message"

# --- a sync the spam blacklist refuses names the events whose URLs matched
printf '<%%#events%%>\n* [<%%url%%> <%%title%%>]\n<%%/events%%>\n' \
    >"$T/spam.wiki"
cat >"$T/spam.ini" <<EOC
[wiki]
api = $FAULTD/sb1/spamblacklist/api.php
username = SyncBot@wikisync
password_file = $T/pw
contact = wikisync-tests@example.org
edit_interval = 0

[registry]
database = $T/spam.db

[table spam]
page = Missing spam page
template = $T/spam.wiki
create = yes
EOC
chmod 600 "$T/pw"
for e in buy:http://spam.example/buy ok:https://ok.example.net/ \
    now:http://SPAM.example/now; do
	run "$WIKISYNC" -c "$T/spam.ini" event add --id "${e%%:*}" \
	    campaign=C title="${e%%:*}" start=2023-03-08 url="${e#*:}"
done
run "$WIKISYNC" -c "$T/spam.ini" sync
is_status 65 "spamblacklist: the sync fails the page as bad data"
err_has "Missing spam page" "spamblacklist: the error names the page"
err_has "; matched in event 'buy' (url), event 'now' (url)" \
    "and the events whose URLs the blacklist matched, in any case"
if grep -q "event 'ok'" "$ERR"; then
	fail "an event whose URL did not match is not named"
else
	pass "an event whose URL did not match is not named"
fi

# --- an OAuth 2 owner-only token instead of a BotPassword
printf 'an-oauth2-token\n' >"$T/token"
run "$MWTOOL" --api "$FAULTD/oa1/ok/api.php" --contact c \
    --token-file "$T/token" login then read P then edit P "$T/text"
is_status 0 "an OAuth 2 token logs in, reads and edits"
is_eq "$(log_count oa1 'auth=Bearer')" "$(log_count oa1 '')" \
    "every request carries the bearer token"
is_eq "$(log_count oa1 ' login ')" 0 "no action=login is sent"

# --- edit_interval: two edits at least that far apart
started
fault pace1 ok --edit-interval 2 login then read P then edit P "$T/text" \
    then read P then edit P "$T/big"
is_status 0 "two edits with edit_interval = 2"
if [ $(($(date +%s) - t0)) -ge 2 ]; then
	pass "they were at least 2 s apart"
else
	fail "they were at least 2 s apart"
fi

# --- bodies that are not what they claim
for m in malformed notxml bomb xxe xxe-text; do
	fault "body-$m" "$m" login
	is_status 76 "$m: refused as a protocol error"
done
fault body-malformed2 malformed login
err_has "malformed XML in response" "malformed XML is named"
fault body-bomb2 bomb login
err_has "DOCTYPE" "an XML bomb is refused for its DOCTYPE"
fault body-xxe2 xxe-text login
if grep -q "root:" "$OUT" "$ERR"; then
	fail "an external entity reads no local file"
else
	pass "an external entity reads no local file"
fi

started
fault big huge login
is_status 76 "a 100 MiB response: refused"
err_has "response larger than" "as too large"
elapsed_under 20 "without reading it all"
fault gz gzipbomb login
is_status 76 "a gzip bomb: refused"
err_has "response larger than" "its decoded size is capped"

# --- connections that break or stall
fault tr1 truncated login
is_status 69 "a truncated body: the wiki is unavailable"
started
fault hang1 hang --retries 1 --timeout 2 login
is_status 69 "a server that never answers: a timeout"
err_has "timed out" "reported as a timeout"
elapsed_under 12 "within the timeout and its retry"
started
fault slow1 slowbody --retries 1 --timeout 2 --max-response 200000000 login
is_status 69 "a body trickling one byte every 2 s: a timeout"
elapsed_under 12 "within the timeout"
started
fault slow2 slowbody --retries 1 --timeout 2 login
is_status 76 "a body announced larger than the cap: refused"
elapsed_under 2 "at once, before reading it"
fault redir1 redirect login
is_status 69 "a redirect is not followed"
err_has "HTTP status 302" "it is reported"

# An edit whose answer is lost is never sent again: it may have been
# saved.  The fault server drops the connection on edits only.
fault drop1 'drop@edit' login then read P then edit P "$T/text"
is_status 75 "an edit whose answer was lost"
err_has "error unknown-outcome" "is reported as of unknown outcome"
is_eq "$(log_count drop1 'edit')" 1 "and was sent once"
fault drop2 drop login
is_status 69 "a read whose answer is lost is retried, then fails"
is_eq "$(log_count drop2 '')" 4 "one and 3 retries"

# Nobody listening at all.
run "$MWTOOL" --api "http://127.0.0.1:1/api.php" --contact c \
    --user SyncBot@wikisync --password-file "$T/pw" --retries 1 \
    --max-wait-ms 100 login
is_status 69 "nobody listening: the wiki is unavailable"
err_has "(after 1 retry)" "after 1 retry, in the singular"

# --- sync against a wiki nobody listens on: every line names the wiki
# and its URL, and the summary counts the logins tried.
printf '* <%%title%%>\n' >"$T/row.wiki"
{
	cat "$CONF"
	printf '[wiki]\napi = http://127.0.0.1:9/w/api.php\n'
	printf 'username = SyncBot@wikisync\npassword_file = %s\n' "$T/pw"
	printf 'contact = wikisync-tests@example.org\n'
	printf '[table t1]\npage = Down page\ntemplate = %s\n' "$T/row.wiki"
	printf '[intake signups]\npage = Down sign-ups\n'
	printf 'template = WikiGap event\ncampaign = C\n'
} >"$T/down.ini"
run "$WIKISYNC" -c "$T/down.ini" sync
is_status 69 "sync with nobody listening: the wiki is unavailable"
api='[wiki] http://127.0.0.1:9/w/api.php'
is_eq "$(grep -c 'retrying in' "$ERR")" 5 "it retried 5 times"
is_eq "$(grep 'retrying in' "$ERR" | grep -cF "wikisync: $api: login: ")" 5 \
    "every retry line names the wiki, its URL and the login"
err_has "page 'Down page': $api: login: Failed to connect" \
    "the page's error names the wiki and its URL"
err_has "intake page 'Down sign-ups': $api: login: Failed to connect" \
    "so does the intake page's"
if grep -q '::' "$ERR"; then
	fail "no doubled colon"
else
	pass "no doubled colon"
fi
out_has "; 6 requests (login 6, token 0, read 0, edit 0)" \
    "the summary counts the logins tried: one and 5 retries"
out_has "sync: 1 intake page (1 failed), 1 page, 1 failed;" \
    "the summary counts the intake page's failure apart from the table's"

done_testing
