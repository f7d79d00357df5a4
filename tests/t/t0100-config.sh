#!/bin/sh
# Config parsing: every bad input gives file:line, exit 78, and "check"
# reports every error, not just the first.
. "$TEST_SRCDIR/tests/lib.sh"

C="$T/c.ini"
printf 'secret\n' >"$T/pw"
chmod 600 "$T/pw"
mkdir -p "$T/templates"
printf '{| class="wikitable"\n|}\n' >"$T/templates/t.wiki"

good_wiki() {
	cat <<EOC
[wiki]
api = http://127.0.0.1:8080/api.php
username = Bot@test
password_file = $T/pw
contact = ops@example.org
EOC
}

# check_bad LINE MESSAGE: "check" on $C fails with that file:line message.
check_bad() {
	run "$WIKISYNC" -c "$C" check
	is_status 78 "$2: exit 78"
	if grep -F -- "$C:$1: " "$ERR" | grep -qF -- "$2"; then
		pass "$2: named with file:line"
	else
		fail "$2: named with file:line $1"
	fi
}

# A good config first: every check below breaks one thing.
{ good_wiki; cat <<EOC
[registry]
database = $T/r.db

[table t1]
page = WikiGap/Events
template = templates/t.wiki
where = campaign = WikiGap 2023
where = status != cancelled
EOC
} >"$C"
run "$WIKISYNC" -c "$C" check
is_status 0 "a good config passes check"
err_has "ok" "check says so"

printf '[wiki\napi = https://x.org/w/api.php\n' >"$C"
check_bad 1 "missing ']' in section header"

printf '[registry]\ndatabase\n' >"$C"
check_bad 2 "expected 'key = value' or '[section]'"

{ good_wiki; echo "maxlagg = 5"; } >"$C"
check_bad 6 "[wiki]: unknown key 'maxlagg'; did you mean 'maxlag'?"

{ good_wiki; printf '[tabel x]\npage = P\n'; } >"$C"
check_bad 6 "unknown section [tabel]; did you mean [table]?"

{ good_wiki; echo "maxlag = 100"; } >"$C"
check_bad 6 "[wiki] maxlag: '100' is out of range 1..60"

{ good_wiki; echo "edit_interval = soon"; } >"$C"
check_bad 6 "[wiki] edit_interval: 'soon' is not a number"

{ good_wiki; echo "api = https://other.org/w/api.php"; } >"$C"
check_bad 6 "[wiki]: duplicate key 'api', first at line 2"

{ good_wiki; printf '[registry]\n[registry]\n'; } >"$C"
check_bad 7 "duplicate section [registry], first at line 6"

printf 'database = x\n' >"$C"
check_bad 1 "'database' is outside any section"

{ good_wiki | sed 's|http://127.0.0.1:8080|http://wiki.example.org|'; } >"$C"
check_bad 2 "[wiki] api: 'http://wiki.example.org/api.php': http is allowed only for a loopback host"

{ good_wiki | sed 's|http://127.0.0.1:8080|ftp://wiki.example.org|'; } >"$C"
check_bad 2 "only https URLs are allowed"

for host in 'localhost' '[::1]' '127.8.9.10'; do
	good_wiki | sed "s|127.0.0.1|$host|" >"$C"
	run "$WIKISYNC" -c "$C" check
	is_status 0 "http to loopback $host is allowed"
done

{ good_wiki | sed 's/^username.*/username = JustBot/'; } >"$C"
check_bad 3 "is not a BotPassword login name (User@appid)"

{ good_wiki | grep -v '^contact'; } >"$C"
check_bad 1 "[wiki]: missing required key 'contact'"

{ good_wiki; echo "oauth2_token_file = $T/pw"; } >"$C"
check_bad 6 "[wiki]: give either password_file or oauth2_token_file, not both"

# A typo'd password_file: the key is unknown (with the near one), and the
# login lacks the file, not the username that is there.
{ good_wiki | sed 's/^password_file/pasword_file/'; } >"$C"
check_bad 4 "[wiki]: unknown key 'pasword_file'; did you mean 'password_file'?"
check_bad 3 "[wiki]: username is set, but password_file is missing"
if grep -qF "missing a login" "$ERR"; then
	fail "a typo'd password_file: not reported as a missing username"
else
	pass "a typo'd password_file: not reported as a missing username"
fi
{ good_wiki | grep -v -e '^username' -e '^password_file'; } >"$C"
check_bad 1 "[wiki]: missing a login: username and password_file, or oauth2_token_file"

{ good_wiki; printf '[table t]\npage = P\ntemplate = %s\nwiki = meta\n' \
    "$T/templates/t.wiki"; } >"$C"
check_bad 9 "[table t]: there is no [wiki meta] section"

{ good_wiki; printf '[table t]\ntemplate = %s\n' "$T/templates/t.wiki"; } >"$C"
check_bad 6 "[table t]: missing required key 'page'"

{ good_wiki; printf '[table t]\npage = P\ntemplate = x.wiki\nsort = contry\n'; } >"$C"
check_bad 9 "[table t] sort: unknown field 'contry'; did you mean 'country'?"

{ good_wiki; printf '[table t]\npage = P\ntemplate = t\nwhere = country Kenya\n'; } >"$C"
check_bad 9 "expected FIELD OP VALUE"

{ good_wiki; printf '[table t]\npage = P\ntemplate = t\nmax_shrink = 150%%\n'; } >"$C"
check_bad 9 "[table t] max_shrink: '150' is out of range 0..100"

intake() {
	printf '[intake s]\npage = Sign up\ntemplate = WikiGap event\n'
	printf 'campaign = WikiGap 2023\n'
}
{ good_wiki; intake; printf 'map.land = contry\n'; } >"$C"
check_bad 10 "[intake s] map.land: unknown field 'contry'; did you mean 'country'?"

{ good_wiki; intake; printf 'map.land = country\nmap.land = city\n'; } >"$C"
check_bad 11 "[intake s]: duplicate key 'map.land', first at line 10"

{ good_wiki; intake; printf 'map.a|b = city\n'; } >"$C"
check_bad 10 "[intake s]: 'map.a|b' does not name a template parameter"

{ good_wiki; intake; printf 'on_removed = delete\n'; } >"$C"
check_bad 10 "[intake s] on_removed: 'delete' is not one of: keep, cancel"

{ good_wiki; intake; printf '[intake t]\npage = Sign_up\ntemplate = X\ncampaign = Y\n'; } >"$C"
check_bad 10 "[intake t]: page 'Sign_up' is read by [intake s] already"

{ good_wiki; intake; printf 'map.land = country\nmap.stadt = city\nreport = yes\non_removed = cancel\nmax_calls = 50\n'; } >"$C"
run "$WIKISYNC" -c "$C" check
is_status 0 "an intake with every key passes check"

# [stats NAME]: every key's bad values, named with file and line.
{ good_wiki; printf '[stats s]\nnamespaces = 0\n'; } >"$C"
check_bad 6 "[stats s]: say which events count: 'campaign = NAME' or 'where = FIELD OP VALUE'"
{ good_wiki; printf '[stats s]\ncampaign = C\nwikis = enwiki\n'; } >"$C"
check_bad 8 "[stats s]: there is no [wiki enwiki] section"
{ good_wiki; printf '[stats s]\ncampaign = C\nwikis = wiki, wiki\n'; } >"$C"
check_bad 8 "[stats s] wikis: 'wiki' is listed twice"
{ good_wiki; printf '[stats s]\ncampaign = C\nnamespaces = 0, main\n'; } >"$C"
check_bad 8 "[stats s] namespaces: 'main' is not a namespace number"
{ good_wiki; printf '[stats s]\ncampaign = C\ngrace = 7 days\n'; } >"$C"
check_bad 8 "[stats s] grace: '7 days' is not a duration (a number of days or hours: 7d, 12h)"
{ good_wiki; printf '[stats s]\ncampaign = C\ngrace = 400d\n'; } >"$C"
check_bad 8 "[stats s] grace: '400d' is not a duration of at most a year (7d, 12h)"
{ good_wiki; printf '[stats s]\nwhere = contry = Kenya\n'; } >"$C"
check_bad 7 "[stats s] where: unknown field 'contry'; did you mean 'country'?"
{ good_wiki; printf '[stats s]\ncampaign = C\npage_wiki = meta\n'; } >"$C"
check_bad 8 "[stats s]: there is no [wiki meta] section"
{ good_wiki; printf '[stats]\ncampaign = C\n'; } >"$C"
check_bad 6 "[stats] needs a name: [stats NAME]"
{ good_wiki; printf '[daemon]\nstats_interval = 5\n'; } >"$C"
check_bad 7 "[daemon] stats_interval: '5' is out of range 30..604800"
{ good_wiki; printf '[wiki enwiki]\napi = http://127.0.0.1:8081/api.php\nusername = B@t\npassword_file = %s/pw\ncontact = ops@example.org\n[stats s]\ncampaign = C\nwhere = status = done\nwikis = wiki, enwiki\nnamespaces = 0, 4\ngrace = 12h\nparticipants_section = Teilnehmer\npage_wiki = enwiki\nrefresh_days = 10\n' "$T"; } >"$C"
run "$WIKISYNC" -c "$C" check
is_status 0 "a [stats] section with every key passes check"

{ good_wiki; printf '[table t]\npage = P\ntemplate = t\ncreate = maybe\n'; } >"$C"
check_bad 9 "[table t] create: 'maybe' is not yes or no"

{ good_wiki; printf '[table t]\npage = A [[b]]\ntemplate = t\n'; } >"$C"
check_bad 7 "a wiki title cannot contain '['"

{ good_wiki; printf '[table]\npage = P\n'; } >"$C"
check_bad 6 "[table] needs a name: [table NAME]"

{ good_wiki; printf '[table Bad Name]\npage = P\n'; } >"$C"
check_bad 6 "is not a valid section name"
# The name it would take: lower case if that is enough, else a slug.
{ good_wiki; printf '[table WikiGap-2023]\npage = P\n'; } >"$C"
check_bad 6 "'WikiGap-2023' is not a valid section name (lower-case letters, digits, '.', '_', '-'); try [table wikigap-2023]"
{ good_wiki; printf '[intake Sign-ups 2023]\npage = P\n'; } >"$C"
check_bad 6 "try [intake sign-ups-2023]"
{ good_wiki; printf '[stats WikiGap_2023.b]\ncampaign = C\n'; } >"$C"
check_bad 6 "try [stats wikigap_2023.b]"
{ good_wiki; printf '[table ---]\npage = P\n'; } >"$C"
check_bad 6 "'---' is not a valid section name (lower-case letters, digits, '.', '_', '-')"
grep -q "try" "$ERR"
is_eq "$?" "1" "a name with nothing to suggest gets no suggestion"

printf '[registry]\nextra_fields = hashtag, title\n' >"$C"
check_bad 2 "'title' is a standard field, not an extra one"
printf '[registry]\nextra_fields = page\n' >"$C"
check_bad 2 "'page' is a standard field, not an extra one"
printf '[registry]\nextra_fields = hashtag, articles\n' >"$C"
check_bad 2 "'articles' is reserved for the list an event's JSON export carries"

# inih cuts lines at 200 bytes and parses the tail as a new line: a long
# value must not smuggle in another key.
long=$(printf '%0180d' 0)
{ good_wiki | grep -v password_file
  echo "password_file = $T/$long api = http://evil.example.org/"; } >"$C"
check_bad 5 "line is"
err_has "longer than the limit of 197" "the limit is named"
if grep -q "evil" "$ERR"; then
	fail "the tail of a long line is not parsed as a key"
else
	pass "the tail of a long line is not parsed as a key"
fi
# The limit is 197 bytes, the end of line not counted, as the manual says.
pad=$(printf '%0195d' 0)
{ good_wiki; printf '; %s\n' "$pad"; } >"$C"
run "$WIKISYNC" -c "$C" check
is_status 0 "a line of 197 bytes is read"
{ good_wiki; printf '; %s0\r\n' "$pad"; } >"$C"
check_bad 6 "line is 198 bytes long, longer than the limit of 197"
if grep -qF "no line may be longer than 197 bytes" \
    "$TEST_SRCDIR/man/wikisync.ini.5"; then
	pass "wikisync.ini(5) gives the same limit"
else
	fail "wikisync.ini(5) gives the same limit"
fi
if grep -qF "No line may be longer than 197 bytes" \
    "$TEST_SRCDIR/etc/wikisync.ini"; then
	pass "so does the example configuration"
else
	fail "so does the example configuration"
fi

# Indented lines are keys, not continuations of the line before.
printf '[registry]\n  database = %s/ind.db\n' "$T" >"$C"
run "$WIKISYNC" -c "$C" event list
is_status 0 "indented keys are read as keys"

# A NUL byte and invalid UTF-8.
printf '[registry]\ndatabase = a\000b\n' >"$C"
check_bad 2 "NUL byte in line"
printf '[table t]\npage = caf\351\ntemplate = t\n' >"$C"
check_bad 2 "invalid UTF-8"

# Every error is reported, not only the first.
{ good_wiki; printf 'maxlag = 0\nbogus = 1\n[daemon]\ninterval = 5\n'; } >"$C"
run "$WIKISYNC" -c "$C" check
is_status 78 "several errors: exit 78"
err_has "$C:6:" "the first error is reported"
err_has "$C:7:" "the second error is reported"
err_has "$C:9:" "the third error is reported"
err_has "3 errors" "the count is reported"

# A missing template is an error of check, with the table named.
{ good_wiki; printf '[table t]\npage = P\ntemplate = nope.wiki\n'; } >"$C"
run "$WIKISYNC" -c "$C" check
is_status 78 "a missing template fails check"
err_has "$T/nope.wiki: template of [table t]: No such file or directory" \
    "the missing template is named"

# Template syntax errors are check's too, with the file and line.
printf '{|\n<%%#events%%>\n| <%%title%%>\n|}\n' >"$T/templates/open.wiki"
printf 'x\n<%%> nosuch %%>\n' >"$T/templates/partial.wiki"
{ good_wiki; printf '[table t]\npage = P\ntemplate = %s\n' \
    "$T/templates/open.wiki"; printf '[table u]\npage = Q\ntemplate = %s\n' \
    "$T/templates/partial.wiki"; } >"$C"
run "$WIKISYNC" -c "$C" check
is_status 78 "a template with a syntax error fails check"
err_has "$T/templates/open.wiki:2: " "an unclosed section is named with its line"
err_has "(template of [table t])" "and its table"
err_has "$T/templates/partial.wiki:2: " "an unknown partial is named with its line"

# A template that iterates groups, for a table without group =, renders
# no event: check warns (exit 0) with the template's file and line and
# the table.  Not for a grouped table, not for a template written for
# both (it asks <%^groups%> too), and not for top-level events in a
# grouped table (they hold every event).
printf '{|\n<%%#groups%%>\n! <%%key%%>\n<%%#events%%>\n|-\n| <%%title%%>\n<%%/events%%>\n<%%/groups%%>\n|}\n' \
    >"$T/templates/grouped.wiki"
printf '<%%#groups%%>\n* <%%key%%>\n<%%/groups%%>\n<%%^groups%%>\n<%%#events%%>\n* <%%title%%>\n<%%/events%%>\n<%%/groups%%>\n' \
    >"$T/templates/both.wiki"
{ good_wiki; for t in flat:grouped: bycountry:grouped:country \
    both:both: stats:statistics:country; do
	IFS=: read -r name tpl group <<EOT
$t
EOT
	dir="$T/templates"
	[ "$tpl" = statistics ] && dir="$TEST_SRCDIR/etc/templates"
	printf '[table %s]\npage = %s\ntemplate = %s/%s.wiki\n' "$name" \
	    "$name" "$dir" "$tpl"
	[ -n "$group" ] && printf 'group = %s\n' "$group"
done; } >"$C"
run "$WIKISYNC" -c "$C" check
is_status 0 "groups in a table without group = is a warning, not an error"
err_has "$T/templates/grouped.wiki:2: [table flat] has no group, so 'groups' in its template is empty" \
    "check warns, naming the template's file and line and the table"
err_has "set group = FIELD in [table flat]" "and says what to do"
is_eq "$(grep -c "has no group" "$ERR")" "1" \
    "not for a grouped table, a template for both, or top-level events"

# Unreadable: a directory, and (unless root) a mode 000 file.
run "$WIKISYNC" -c "$T" check
is_status 78 "a directory as config exits 78"
err_has "Is a directory" "a directory as config is explained"

printf '[registry]\n' >"$T/locked.ini"
chmod 000 "$T/locked.ini"
if [ "$(id -u)" -ne 0 ]; then
	run "$WIKISYNC" -c "$T/locked.ini" check
elif command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup \
    --clear-groups test -x "$WIKISYNC"; then
	# root reads everything: try as nobody, who may enter $T but not read.
	chmod 711 "$T"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$WIKISYNC" -c "$T/locked.ini" check
else
	STATUS=skip
fi
if [ "$STATUS" = skip ]; then
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP root cannot be refused a read, and setpriv is missing"
else
	is_status 78 "an unreadable config exits 78"
	err_has "$T/locked.ini: Permission denied" "an unreadable config is named"
fi

# Commands other than check refuse a bad config too.
printf '[registry]\ndatabse = x\n' >"$C"
run "$WIKISYNC" -c "$C" event list
is_status 78 "event list refuses a bad config"
err_has "$C:2: [registry]: unknown key 'databse'; did you mean 'database'?" \
    "event list names the bad line"

# The shipped example passes check, given a password file that exists.
sed "s|^password_file = .*|password_file = $T/pw|" \
    "$TEST_SRCDIR/etc/wikisync.ini" >"$T/etc-example.ini"
mkdir -p "$T/templates"
cp "$TEST_SRCDIR"/etc/templates/*.wiki "$T/templates/"
run "$WIKISYNC" -c "$T/etc-example.ini" check
is_status 0 "etc/wikisync.ini passes check"

# check --keys lists every key; the man page and the example document each.
run "$WIKISYNC" check --keys
is_status 0 "check --keys exits 0"
cp "$OUT" "$T/keys"
for key in $(awk '/^\[/ { print $NF }' "$T/keys" | sort -u); do
	if grep -q "^\.It Ic $key\b\|^\.It Cm $key\b\|^\.It $key\b" \
	    "$TEST_SRCDIR/man/wikisync.ini.5" ||
	    grep -q "Ic $key\b\|Cm $key\b" "$TEST_SRCDIR/man/wikisync.ini.5"; then
		pass "wikisync.ini.5 documents $key"
	else
		fail "wikisync.ini.5 documents $key"
	fi
	if grep -q "^[;#]* *$key *=" "$TEST_SRCDIR/etc/wikisync.ini"; then
		pass "etc/wikisync.ini shows $key"
	else
		fail "etc/wikisync.ini shows $key"
	fi
done

done_testing
