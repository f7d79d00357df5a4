#!/bin/sh
# The wiki reads behind campaign statistics, against a real MediaWiki 1.39
# (tests/wiki/wiki.sh): participants' contributions (list=usercontribs) in
# a window and in namespaces, batched, continued, deleted pages left out;
# what the wiki makes of user names (list=users); the users a section of
# a page links to (action=parse).  Driven through tests/tools/mwtool.
. "$TEST_SRCDIR/tests/lib.sh"
: "${MWTOOL:?MWTOOL must name the built tests/tools/mwtool}"

start_wiki

BOT="--api $WIKI_API --contact wikisync-tests@example.org"
BOT="$BOT --user $WIKI_BOT --password-file $WIKI_BOT_PASSWORD_FILE"
PLAIN="--api $WIKI_API --contact wikisync-tests@example.org"
PLAIN="$PLAIN --user $WIKI_PLAIN --password-file $WIKI_PLAIN_PASSWORD_FILE"
# mw [OPTION...] -- COMMAND...: run mwtool as the bot, logged in (the
# login's line is left out of $OUT); plain: as Plainbot.
# shellcheck disable=SC2086
mw() { run "$MWTOOL" $BOT login then "$@"; no_login; }
# shellcheck disable=SC2086
plain() { run "$MWTOOL" $PLAIN login then "$@"; no_login; }
no_login() {
	sed '/^user [^	]* bot=[01] /d' "$OUT" >"$T/out.tmp" &&
	    mv "$T/out.tmp" "$OUT"
}
# bail WHY LOG: give up the whole test, showing LOG.
bail() {
	echo "Bail out! $1"
	sed 's/^/# /' "$2"
	exit 1
}
# as USER TITLE TEXT: USER saves TEXT as TITLE (edit.php, as that user).
as() {
	printf '%s\n' "$3" | sh "$TEST_SRCDIR/tests/wiki/wiki.sh" edit \
	    "$WIKI_DIR" "$1" "$2" >"$T/edit.log" 2>&1 ||
	    bail "edit of $2 as $1 failed" "$T/edit.log"
}
# contribs_of USER: the lines of $OUT about USER.
contribs_of() { awk -F '\t' -v u="$1" '$1 == u' "$OUT"; }
# field N LINE: field N of a tab-separated line.
field() { printf '%s\n' "$2" | cut -f "$1"; }
# bytes TEXT: its length in bytes, as the wiki stores it (no final newline).
bytes() { printf '%s' "$1" | wc -c | tr -d ' '; }

for u in Alice "Bob Smith" "Zoë Ünal" Carol; do
	sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$WIKI_DIR" \
	    createAndPromote.php "$u" "$(od -An -N16 -tx1 /dev/urandom |
	    tr -d ' \n')" \
	    >"$T/create.log" 2>&1 ||
	    bail "cannot create user $u" "$T/create.log"
done

# --- the edits: a first one alone in its second, then the others
LAKE1="Lake Victoria is a lake in Africa."
LAKE2="Lake Victoria is a lake in Africa. It is the largest lake of the continent."
LAKE3="Lake Victoria is a lake in Africa. It is the largest lake."
as Alice "Lake Victoria" "$LAKE1"
sleep 1
as "Bob Smith" "Lake Victoria" "$LAKE2"
as "Zoë Ünal" "User:Zoë Ünal/Draft" "A draft of Nairobi."
as "Zoë Ünal" "Nairobi" "Nairobi is a city."
as Alice "Lake Victoria" "$LAKE3"
as Alice "Project:WikiGap" "WikiGap is a campaign."
as Carol "Doomed page" "This page will be deleted."

mw contribs Alice "Bob Smith" "Zoë Ünal" Carol
is_status 0 "the contributions of four users are read"
is_eq "$(wc -l <"$OUT" | tr -d ' ')" 7 "all seven edits"
first=$(contribs_of Alice | head -n 1)
is_eq "$(field 3 "$first")" "Lake Victoria" "a user's oldest edit comes first"
is_eq "$(field 8 "$first")" new "a page creation has the new flag"
is_eq "$(field 7 "$first")" "$(bytes "$LAKE1")" \
    "the sizediff of a creation is the page's size"
bob=$(contribs_of "Bob Smith")
is_eq "$(field 8 "$bob")" - "an improvement has no new flag"
is_eq "$(field 7 "$bob")" $(($(bytes "$LAKE2") - $(bytes "$LAKE1"))) \
    "its sizediff is the bytes it added"
cut=$(contribs_of Alice | awk -F '\t' '$3 == "Lake Victoria" && $8 == "-"')
is_eq "$(field 7 "$cut")" $(($(bytes "$LAKE3") - $(bytes "$LAKE2"))) \
    "a shortening has a negative sizediff"
zoe=$(contribs_of "Zoë Ünal" | awk -F '\t' '$3 == "User:Zoë Ünal/Draft"')
is_eq "$(field 2 "$zoe")" 2 "an edit in the User namespace is there, in namespace 2"
proj=$(contribs_of Alice | awk -F '\t' '$2 == 4')
is_eq "$(field 3 "$proj")" "Test Wiki:WikiGap" "an edit in the Project namespace, in 4"
out_has "Doomed page" "the page to delete is listed before its deletion"
if awk -F '\t' 'prev[$1] > $6 { bad = 1 } { prev[$1] = $6 } END { exit bad }' \
    "$OUT"; then
	pass "each user's contributions come oldest first"
else
	fail "each user's contributions come oldest first"
fi
cp "$OUT" "$T/all"
mw contribs Carol "Zoë Ünal" "Bob Smith" Alice
is_eq "$(cut -f 1 "$OUT" | uniq | tr '\n' ',')" \
    "Alice,Bob Smith,Zoë Ünal,Carol," \
    "users come in the wiki's order of accounts, not as asked nor by name"

# --- a page deleted by an admin takes its contributions along
printf 'Doomed page\n' >"$T/delete.list"
sh "$TEST_SRCDIR/tests/wiki/wiki.sh" php "$WIKI_DIR" deleteBatch.php \
    -u Admin -r "test" "$T/delete.list" >"$T/delete.log" 2>&1
mw read "Doomed page"
out_has "Doomed page	missing" "the page is deleted"
mw contribs Alice "Bob Smith" "Zoë Ünal" Carol
out_lacks "Doomed page" "a deleted page's contributions are not listed"
is_eq "$(contribs_of Carol)" "" "Carol, whose only page was deleted, has none"
is_eq "$(wc -l <"$OUT" | tr -d ' ')" 6 "the other six remain"
grep -v 'Doomed page' "$T/all" >"$T/all6"
mv "$T/all6" "$T/all"

# --- names as people type them
mw contribs alice "Bob_Smith" "User:Zoë_Ünal" "zoë Ünal"
is_status 0 "names in other forms are accepted"
same_file "$OUT" "$T/all" "'alice', 'Bob_Smith', 'User:Zoë_Ünal' are the same users"
mw contribs "No Such Person"
is_status 0 "a valid name nobody has is no error"
is_eq "$(wc -l <"$OUT" | tr -d ' ')" 0 "and has no contributions"
mw contribs Alice "Bad#name"
is_status 65 "an invalid name fails the call"
err_has "error baduser" "as baduser"
err_has "Bad#name" "naming it"
mw contribs Alice "a|b"
is_status 65 "a name holding '|' is refused before sending"
err_has "user 'a|b': the name holds '|'" "with the reason"

# --- a time window, from the wiki's own timestamps
t1=$(field 6 "$first")
t2=$(field 6 "$bob")
mw contribs -s "$t2" Alice "Bob Smith" "Zoë Ünal"
is_status 0 "contributions from the second edit on"
out_lacks "	$t1	" "the edit before the window is left out"
out_has "Bob Smith	0	Lake Victoria" "the edit at the window's start is in (inclusive)"
is_eq "$(wc -l <"$OUT" | tr -d ' ')" 5 "the five later edits"
mw contribs -s "$t1" -e "$t1" Alice "Bob Smith"
is_eq "$(cut -f 1,3,8 "$OUT")" "Alice	Lake Victoria	new" \
    "a window of one second holds the edit of that second (end inclusive)"
mw contribs -e "$t1" Alice "Bob Smith" "Zoë Ünal"
is_eq "$(wc -l <"$OUT" | tr -d ' ')" 1 "a window open at its start ends at its end"
mw contribs -s "$t2" -e "$t1" Alice
is_status 65 "a window that ends before it starts is refused"
err_has "ends before it starts" "saying so"

# --- namespaces
mw contribs -n 0 Alice "Bob Smith" "Zoë Ünal"
is_eq "$(cut -f 2 "$OUT" | sort -u | tr '\n' ' ')" "0 " "namespace 0 only"
is_eq "$(wc -l <"$OUT" | tr -d ' ')" 4 "four edits in articles"
mw contribs -n "0|4" Alice "Bob Smith" "Zoë Ünal"
is_eq "$(cut -f 2 "$OUT" | sort -u | tr '\n' ' ')" "0 4 " "namespaces 0 and 4"
mw contribs -n 2 Alice "Bob Smith" "Zoë Ünal"
is_eq "$(cut -f 3 "$OUT")" "User:Zoë Ünal/Draft" "namespace 2: the draft"

# --- continuation: two contributions an answer
mw contribs -l 2 Alice "Bob Smith" "Zoë Ünal" then counts
is_status 0 "contributions read two by two"
out_has "read=3" "six contributions in three answers"
grep -v '^counts' "$OUT" >"$T/l2"
same_file "$T/l2" "$T/all" "the same contributions, in the same order"
mw contribs -l 1 -x 2 Alice "Bob Smith" "Zoë Ünal" then counts
out_has "stopped" "the caller can stop the reading"
out_has "read=2" "and nothing more is asked after the stop"

# --- batches: 120 names, the real ones spread over three batches
set --
i=1
while [ $i -le 120 ]; do
	case $i in
	1) set -- "$@" Alice ;;
	60) set -- "$@" "Bob Smith" ;;
	70) set -- "$@" alice ;;
	120) set -- "$@" "Zoë Ünal" ;;
	*) set -- "$@" "Filler $i" ;;
	esac
	i=$((i + 1))
done
plain contribs "$@" then counts
is_status 0 "120 users read without apihighlimits"
out_has "read=3" "in three requests of 50 users"
grep -v '^counts' "$OUT" >"$T/b"
same_file "$T/b" "$T/all" \
    "every batch's contributions, Alice's once though named in two batches"
mw contribs "$@" then counts
out_has "read=1" "in one request of up to 500 with apihighlimits"
grep -v '^counts' "$OUT" >"$T/b"
same_file "$T/b" "$T/all" "the same contributions"

# --- a read that meets maxlag is retried after the wait
cat >"$WIKI_DIR/extra.php" <<'EOP'
<?php
$wgHooks['ApiMaxLagInfo'][] = function ( &$lagInfo ) {
	$f = __DIR__ . '/lag-left';
	$n = (int)@file_get_contents( $f );
	if ( $n > 0 && ( $_REQUEST['list'] ?? '' ) === 'usercontribs' ) {
		file_put_contents( $f, (string)( $n - 1 ) );
		$lagInfo['lag'] = 30;
	}
};
EOP
echo 2 >"$WIKI_DIR/lag-left"
# shellcheck disable=SC2086
run "$MWTOOL" $BOT --max-wait-ms 100 --retries 3 login then contribs Alice \
    "Bob Smith" "Zoë Ünal" then counts
no_login
is_status 0 "contributions read through a lagged database"
err_has "seconds lagged.; retrying in" "after the wiki said maxlag"
out_has "read=3" "twice, then the answer"
grep -v '^counts' "$OUT" >"$T/lag"
same_file "$T/lag" "$T/all" "the same contributions"
rm -f "$WIKI_DIR/extra.php" "$WIKI_DIR/lag-left"

# --- user names
mw users Alice alice "Bob_Smith" "User:Zoë Ünal" "No such person" \
    "Bad#name" "Carol/Sandbox" "127.0.0.1" "a|b" "" Alice
is_status 0 "names looked up"
want="ok:Alice,ok:Alice,ok:Bob Smith,ok:Zoë Ünal,missing:No such person,"
want="${want}invalid:-,invalid:-,invalid:-,invalid:-,invalid:-,ok:Alice,"
is_eq "$(cut -f 2,3 "$OUT" | tr '\t\n' ':,')" "$want" \
    "each in order: canonical, missing or invalid"
out_has "User:Zoë Ünal	ok	Zoë Ünal" "a name is kept as asked beside the wiki's"
# The same names decomposed (NFD): the wiki composes them (NFC).
nfd=$(printf 'Zoe\314\210 U\314\210nal')
mw users "Zoë Ünal" "$nfd" "Bad#$nfd"
is_status 0 "decomposed names looked up beside composed ones"
is_eq "$(cut -f 2,3 "$OUT" | tr '\t\n' ':,')" \
    "ok:Zoë Ünal,ok:Zoë Ünal,invalid:-," \
    "as the same user, an invalid one still found invalid"
out_has "$nfd	ok	" "kept as asked"
mw contribs -n 2 "$nfd"
is_eq "$(cut -f 1,3 "$OUT")" "Zoë Ünal	User:Zoë Ünal/Draft" \
    "a decomposed name's contributions"
plain users "$@" then counts
is_eq "$(grep -c '	missing	Filler ' "$OUT")" 116 \
    "120 names: the fillers are missing"
is_eq "$(grep -c '	ok	' "$OUT")" 4 "the others are there"
out_has "read=3" "in three requests without apihighlimits"
mw users "$@" then counts
out_has "read=1" "in one with them"
printf '<?php\n$wgAPIMaxResultSize = 300;\n' >"$WIKI_DIR/extra.php"
mw users "$@" then counts
is_eq "$(grep -c '	missing	Filler ' "$OUT")" 116 \
    "an answer cut short is asked again for the rest"
if grep -q 'read=1$' "$OUT"; then
	fail "the answer came in several parts"
else
	pass "the answer came in several parts"
fi
rm -f "$WIKI_DIR/extra.php"

# --- the users a section links to
as Admin "Template:Signup box" "== Participants ==
* [[User:Templated]]"
as Admin "Template:U" "[[User:{{{1}}}|{{{1}}}]]"
as Admin "WikiGap 2023/Nairobi" "Intro by [[User:Outsider]].
{{Signup box}}
== About ==
Organized by [[User:Early]].
== ''Participants'' ==
* [[User:Alice|Alice]] ([[User talk:Alice|talk]]) 10:00, 8 March 2023 (UTC)
* [[User talk:Bob Smith|Bob]]
* [[User:Carol/Sandbox|Carol's sandbox]]
* [[user:zoë_Ünal]]
* [[Lake Victoria]]
* {{U|Frank}}
=== Online ===
* [[User:Dave]]
== Participants ==
* [[User:Second]]
== Notes ==
[[User:Late]]"
as Admin "Nairobi event" "#REDIRECT [[WikiGap 2023/Nairobi]]"
mw read "WikiGap 2023/Nairobi"
rev1=$(cut -f 3 "$OUT")
mw section-users "WikiGap 2023/Nairobi" "Participants" then counts
is_status 0 "a section's users are read"
out_has "read=2" "in two requests: the sections, then the section's links"
out_has "revid $rev1" "at the page's latest revision"
is_eq "$(sed -n 's/^user //p' "$OUT" | tr '\n' ',')" \
    "Alice,Zoë Ünal,Frank,Dave,Bob Smith," \
    "user pages' users (a template's link too), then talk pages', each once"
out_lacks "Templated" "a template's section of the same name is not the page's"
out_lacks "Second" "the first section of that name wins"
out_lacks "Carol" "a link to a user's subpage names nobody"
out_lacks "Outsider" "links before the section name nobody"
out_lacks "Late" "links after it name nobody"
mw section-users "Nairobi event" "  Participants "
is_status 0 "through a redirect, the heading trimmed"
is_eq "$(sed -n 's/^user //p' "$OUT" | tr '\n' ',')" \
    "Alice,Zoë Ünal,Frank,Dave,Bob Smith," "the same users"
as Admin "WikiGap 2023/Nairobi" "== Participants ==
* [[User talk:Bob Smith|Bob]]
* [[User:Zoë Ünal]]"
mw read "WikiGap 2023/Nairobi"
rev2=$(cut -f 3 "$OUT")
mw section-users "WikiGap 2023/Nairobi" "Participants"
out_has "revid $rev2" "read again at the new revision"
is_eq "$(sed -n 's/^user //p' "$OUT" | tr '\n' ',')" "Zoë Ünal,Bob Smith," \
    "a name removed from the section is gone"
mw section-users "WikiGap 2023/Nairobi" "participants"
is_status 65 "a section that is not there fails"
err_has "error nosection" "as nosection"
err_has "page 'WikiGap 2023/Nairobi' has no section 'participants'; did you mean 'Participants'?" \
    "naming the page, the section and the nearest heading"
mw section-users "No such event" "Participants"
is_status 65 "a missing page fails"
err_has "error missingtitle" "as missingtitle"
err_has "page 'No such event' does not exist" "naming it"

done_testing
