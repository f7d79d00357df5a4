#!/bin/sh
# The wiki client against a real MediaWiki 1.39 (tests/wiki/wiki.sh):
# login, batched reads, edits, edit conflicts, a lost session, and
# check --online.  Driven through tests/tools/mwtool and wikisync.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
PLAIN="--api $WIKI_API --contact wikisync-tests@example.org"
PLAIN="$PLAIN --user $WIKI_PLAIN --password-file $WIKI_PLAIN_PASSWORD_FILE"
# shellcheck disable=SC2086
mw() { run "$MWTOOL" $BOT "$@"; }
# human TITLE TEXT: an edit by someone else than the bot.
human() {
	printf '%s\n' "$2" | sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit \
	    "$WIKI_DIR" Human "$1" >/dev/null 2>&1
}

# --- login
mw login
is_status 0 "the bot logs in with its BotPassword"
out_has "user SyncBot bot=1 highlimits=1" "it has the bot and apihighlimits rights"

# shellcheck disable=SC2086
run "$MWTOOL" $PLAIN login
is_status 0 "an account without the bot right logs in too"
out_has "bot=0 highlimits=0" "without bot or apihighlimits"
err_has "has no bot right" "with a warning that its edits are not bot edits"

# --- check --online, and a wrong password
cat >"$T/online.ini" <<EOC
[wiki]
api = $WIKI_API
username = $WIKI_BOT
password_file = $WIKI_BOT_PASSWORD_FILE
contact = wikisync-tests@example.org

[table good]
page = Events good
template = $T/t.wiki

[table fresh]
page = Events new
template = $T/t.wiki
create = yes
EOC
: >"$T/t.wiki"
human "Events good" "intro
<!-- wikisync:begin good -->
old
<!-- wikisync:end good -->
outro"
run "$WIKISYNC" -c "$T/online.ini" check --online
is_status 0 "check --online: all pages fine"
out_has "logged in as 'SyncBot'; bot: yes, apihighlimits: yes" "it reports the rights"
out_has "page 'Events good': region 'good' ok" "a page with its markers is ok"
out_has "page 'Events new': missing; table 'fresh' will create it" \
    "a missing page with create = yes is ok"

cat >>"$T/online.ini" <<EOC

[table nomark]
page = Events good
template = $T/t.wiki

[table gone]
page = Events missing
template = $T/t.wiki

[table broken]
page = Events broken
template = $T/t.wiki
EOC
human "Events broken" "<!-- wikisync:begin broken -->
no end"
run "$WIKISYNC" -c "$T/online.ini" check --online
is_status 65 "check --online: bad pages fail"
err_has "page 'Events good' has no region 'nomark'" "a missing region is named"
err_has "page 'Events missing' (table 'gone') does not exist" "a missing page is named"
err_has "page 'Events broken': marker 'broken' opened on line 1 is never closed" \
    "unbalanced markers are named with their line"

umask 077
printf 'wrongpassword\n' >"$T/wrong"
sed "s|$WIKI_BOT_PASSWORD_FILE|$T/wrong|" "$T/online.ini" >"$T/wrong.ini"
run "$WIKISYNC" -c "$T/wrong.ini" check --online
is_status 77 "a wrong password exits 77"
err_has "login as 'SyncBot@wikisync' refused: Incorrect username or password" \
    "with the wiki's reason"
run "$WIKISYNC" -v -c "$T/wrong.ini" check --online
if grep -q wrongpassword "$OUT" "$ERR"; then
	fail "the password never appears in the output, even with -v"
else
	pass "the password never appears in the output, even with -v"
fi

# --- reads: 120 pages, missing, invalid, normalized, redirected
i=1
while [ $i -le 120 ]; do
	printf 'Bulk %d\tPage %d of the bulk\n' $i $i
	i=$((i + 1))
done >"$T/bulk.tsv"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" import "$WIKI_DIR" "$T/bulk.tsv" \
    >/dev/null 2>&1
set --
while IFS='	' read -r title text; do
	set -- "$@" "$title"
done <"$T/bulk.tsv"
# shellcheck disable=SC2086
run "$MWTOOL" $PLAIN login then read "$@" then counts
is_status 0 "120 pages read"
is_eq "$(grep -c '	ok	' "$OUT")" 120 "all 120 exist"
out_has "read=3" "in 3 requests of 50 titles without apihighlimits"
mw login then read -t "$@" then counts
out_has "read=1" "in 1 request of up to 500 with apihighlimits"
is_eq "$(grep -c '	ok	' "$OUT")" 120 "all 120 again, with their text"

# A small result size limit makes the wiki split the answer: continuation.
printf '<?php\n$wgAPIMaxResultSize = 2000;\n' >"$WIKI_DIR/extra.php"
mw login then read -t "$@" then counts then cat "Bulk 120"
is_status 0 "120 pages read through continuation"
if grep -q 'read=1$' "$OUT"; then
	fail "the answer came in several parts"
else
	pass "the answer came in several parts"
fi
is_eq "$(awk -F '\t' 'NF == 6 && $2 == "ok" && $6 > 0' "$OUT" | wc -l)" 120 \
    "every page has its text"
out_has "Page 120 of the bulk" "the last page's text is whole"
rm -f "$WIKI_DIR/extra.php"

human "Target page" "the target"
human "Old name" "#REDIRECT [[Target page]]"
mw login then read -r "bulk_7" "No such page" "Bad[title" "Old name" \
    then read "Old name"
is_status 0 "a read of odd titles succeeds"
out_has "bulk_7	ok	" "a title needing normalization is found"
out_has "	Bulk 7	" "and mapped to the wiki's title"
out_has "No such page	missing" "a missing page is reported as missing"
out_has "Bad[title	invalid" "an invalid title is reported as invalid"
out_has "Old name	redirect" "a redirect is followed when asked"
out_has "	Target page	" "to its target"
out_has "Old name	ok" "and not when not asked"

# --- edits
printf 'Första raden: ünïcödé & <b>\n' >"$T/text1"
mw login then edit -c "Edit test" "$T/text1" then read -t "Edit test" \
    then cat "Edit test"
is_status 0 "a page is created"
out_has "edited " "with a new revision"
out_has "Första raden: ünïcödé & <b>" "its text reads back byte for byte"
mw login then edit -c "Edit test" "$T/text1"
is_status 65 "createonly: an existing page is not created again"
err_has "error articleexists" "as articleexists"
mw login then edit "Never created" "$T/text1"
is_status 65 "nocreate: a missing page is not created by an edit"
err_has "error missingtitle" "as missingtitle"
mw login then read "Edit test" then edit "Edit test" "$T/text1"
out_has "nochange" "saving the same text is recognized as nochange"

# --- pages the bot may not or cannot save
human "Protected page" "protected"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$WIKI_DIR" protect.php \
    --user Admin "Protected page" >/dev/null 2>&1
mw login then read "Protected page" then edit "Protected page" "$T/text1"
is_status 65 "a protected page is not saved"
err_has "error protected: edit: 'Protected page': protectedpage" \
    "the error is typed and names the page"
printf '<?php\n$wgMaxArticleSize = 1;\n' >"$WIKI_DIR/extra.php"
awk 'BEGIN { for (i = 0; i < 200; i++) print "a line of a page too big" }' \
    >"$T/big"
mw login then read "Edit test" then edit "Edit test" "$T/big"
is_status 65 "a text over the wiki's size limit is refused"
err_has "error contenttoobig: edit: 'Edit test': text of 5000 bytes is over the wiki's limit of 1024" \
    "before the edit (the wiki's own refusal reads otherwise), naming both sizes"
rm -f "$WIKI_DIR/extra.php"

# --- an edit conflict: someone edits between our read and our write
printf 'the bot version\n' >"$T/text2"
mw login then read -t "Edit test" \
    then shell "printf 'human\n' | sh '$TEST_SRCDIR/tests/wiki/wiki.sh' edit '$WIKI_DIR' Human 'Edit test' >/dev/null 2>&1" \
    then edit "Edit test" "$T/text2"
is_status 75 "an edit after someone else's is refused"
err_has "error editconflict" "as an edit conflict"
mw login then read -t "Edit test" then cat "Edit test"
out_has "human" "the human's text is still there"

# --- a lost session is recovered by logging in once more
mw login then read "Edit test" \
    then shell "sh '$TEST_SRCDIR/tests/wiki/wiki.sh' php '$WIKI_DIR' invalidateUserSessions.php --user SyncBot >/dev/null 2>&1" \
    then edit "Edit test" "$T/text2" then counts
is_status 0 "an edit after the session was lost succeeds"
err_has "session lost (assertbotfailed" "after noticing the lost session"
out_has "login=6" "by logging in once more"

# --- readonly: retried, then reported
# Only edits: MediaWiki 1.39 counts action=login as a write too.
cat >"$WIKI_DIR/extra.php" <<'EOP'
<?php
if ( ( $_REQUEST['action'] ?? '' ) === 'edit' ) {
	$wgReadOnly = 'maintenance for the tests';
}
EOP
printf 'readonly attempt\n' >"$T/text3"
mw --retries 2 --max-wait-ms 100 login then read "Edit test" \
    then edit "Edit test" "$T/text3" then counts
is_status 75 "a read-only wiki fails the edit"
err_has "error readonly" "as readonly"
err_has "(after 2 retries)" "after the bounded retries"
rm -f "$WIKI_DIR/extra.php"

# --- ratelimited: retried, then reported
printf '<?php\n$wgGroupPermissions["bot"]["noratelimit"] = false;\n$wgRateLimits["edit"]["user"] = [ 1, 600 ];\n' \
    >"$WIKI_DIR/extra.php"
printf 'one\n' >"$T/r1"
printf 'two\n' >"$T/r2"
mw --retries 2 --max-wait-ms 100 login then read "Edit test" \
    then edit "Edit test" "$T/r1" then read "Edit test" \
    then edit "Edit test" "$T/r2"
is_status 75 "a rate-limited bot fails the edit"
err_has "error ratelimited" "as ratelimited"
err_has "(after 2 retries)" "after the bounded retries"
rm -f "$WIKI_DIR/extra.php"

done_testing
