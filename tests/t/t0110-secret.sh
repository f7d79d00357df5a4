#!/bin/sh
# Password and token files: refused unless a regular file of ours, mode
# 0600 or stricter; the message says how to fix it; never chmod'ed.
. "$TEST_SRCDIR/tests/lib.sh"

C="$T/c.ini"
conf() {
	cat >"$C" <<EOC
[wiki]
api = https://meta.wikimedia.org/w/api.php
username = Bot@test
password_file = $1
contact = ops@example.org
EOC
}

printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
conf "$T/pw"
run "$WIKISYNC" -c "$C" check
is_status 0 "a 0600 file of ours is accepted"

chmod 400 "$T/pw"
run "$WIKISYNC" -c "$C" check
is_status 0 "a 0400 file of ours is accepted"

chmod 644 "$T/pw"
run "$WIKISYNC" -c "$C" check
is_status 78 "a world-readable password file is refused"
err_has "is readable by others (mode 0644); fix: chmod 600 '$T/pw'" \
    "the fix is in the message"
mode=$(stat -c %a "$T/pw")
is_eq "$mode" "644" "wikisync did not change the mode itself"

chmod 640 "$T/pw"
run "$WIKISYNC" -c "$C" check
is_status 78 "a group-readable password file is refused"
err_has "is readable by its group (mode 0640)" "group access is named"

chmod 620 "$T/pw"
run "$WIKISYNC" -c "$C" check
is_status 78 "a group-writable password file is refused"
err_has "is writable by its group" "group write access is named"

chmod 600 "$T/pw"
ln -s "$T/pw" "$T/link"
conf "$T/link"
run "$WIKISYNC" -c "$C" check
is_status 78 "a symbolic link is refused"
err_has "'$T/link' is a symbolic link" "the link is named"

mkdir "$T/dir"
conf "$T/dir"
run "$WIKISYNC" -c "$C" check
is_status 78 "a directory is refused"
err_has "'$T/dir' is not a regular file" "the directory is named"

conf "$T/none"
run "$WIKISYNC" -c "$C" check
is_status 78 "a missing password file is refused"
err_has "'$T/none': No such file or directory" "the missing file is named"

# Another owner (needs root to make such a file).
if [ "$(id -u)" -eq 0 ]; then
	printf 'pw\n' >"$T/theirs"
	chmod 600 "$T/theirs"
	chown nobody "$T/theirs"
	conf "$T/theirs"
	run "$WIKISYNC" -c "$C" check
	is_status 78 "a file owned by another user is refused"
	err_has "is owned by nobody, not by root who runs wikisync; fix: chown root" \
	    "the owner and the fix are named"
else
	echo "ok $((tap_n + 1)) # SKIP owner test needs root"
	tap_n=$((tap_n + 1))
fi

# A systemd credential: CREDENTIALS_DIRECTORY, mode 0440 accepted there.
mkdir "$T/creds"
printf 'pw\n' >"$T/creds/bot-password"
chmod 440 "$T/creds/bot-password"
conf '$CREDENTIALS_DIRECTORY/bot-password'
CREDENTIALS_DIRECTORY="$T/creds" run "$WIKISYNC" -c "$C" check
is_status 0 "a 0440 credential in CREDENTIALS_DIRECTORY is accepted"
chmod 444 "$T/creds/bot-password"
CREDENTIALS_DIRECTORY="$T/creds" run "$WIKISYNC" -c "$C" check
is_status 78 "a world-readable credential is refused"
conf "$T/creds/bot-password"
chmod 440 "$T/creds/bot-password"
run "$WIKISYNC" -c "$C" check
is_status 78 "mode 0440 outside CREDENTIALS_DIRECTORY is refused"
conf '$CREDENTIALS_DIRECTORY/bot-password'
run env -u CREDENTIALS_DIRECTORY "$WIKISYNC" -c "$C" check
is_status 0 "a credential outside systemd is reported, not an error"
err_has "CREDENTIALS_DIRECTORY is not set" "the unset variable is named"

done_testing
