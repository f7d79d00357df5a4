#!/bin/sh
# The systemd unit as built: hardened (systemd-analyze security rates it
# 1.5 or better), no trailing comments that systemd would silently
# ignore, and what the service needs (Type=notify, the watchdog, reload,
# the credential, the static user).
. "$TEST_SRCDIR/tests/lib.sh"
: "${TEST_BUILDDIR:?TEST_BUILDDIR must name the build tree}"

UNIT="$TEST_BUILDDIR/etc/wikisync.service"
[ -f "$UNIT" ] || { echo "Bail out! $UNIT was not built"; exit 1; }
cp "$UNIT" "$T/wikisync.service"

run systemd-analyze security --offline=true --threshold=15 \
    "$T/wikisync.service"
is_status 0 "systemd-analyze security rates the unit 1.5 or better"
out_has "Overall exposure level for wikisync.service:" "and says so"
level=$(sed -n 's/.*Overall exposure level for wikisync.service: \([0-9.]*\).*/\1/p' "$OUT")
echo "# exposure level: $level"

# The threshold can fail: a bare unit is far above it.
printf '[Service]\nExecStart=/bin/true\n' >"$T/bare.service"
run systemd-analyze security --offline=true --threshold=15 \
    "$T/bare.service"
is_status 1 "a bare unit fails the same threshold"

# Unit files take no trailing comments ("Type=notify # x" is ignored).
grep -nE '^[A-Za-z]+=.*[[:space:]][#;]' "$T/wikisync.service" >"$T/trailing"
is_eq "$(cat "$T/trailing")" "" "no setting has a trailing comment"

for want in "Type=notify" "ExecReload=kill -HUP \$MAINPID" \
    "Restart=on-failure" "User=wikisync" "StateDirectory=wikisync" \
    "ConfigurationDirectory=wikisync" "ProtectSystem=strict" \
    "NoNewPrivileges=yes" "CapabilityBoundingSet=" \
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
    "SystemCallFilter=@system-service" "MemoryDenyWriteExecute=yes" \
    "LockPersonality=yes" "PrivateTmp=yes" "PrivateDevices=yes" \
    "ProtectHome=yes"; do
	grep -qxF -- "$want" "$T/wikisync.service"
	is_eq "$?" "0" "the unit has $want"
done
grep -q "^ExecStart=/.*/wikisync -c /.*/wikisync.ini daemon$" \
    "$T/wikisync.service"
is_eq "$?" "0" "ExecStart runs the installed wikisync daemon"
grep -q "^LoadCredential=bot-password:/" "$T/wikisync.service"
is_eq "$?" "0" "the bot password comes as a credential"
ws=$(sed -n 's/^WatchdogSec=\([0-9]*\)min$/\1/p' "$T/wikisync.service")
[ -n "$ws" ] && [ $((ws * 60 / 2)) -gt 50 ]
is_eq "$?" "0" "half of WatchdogSec is over the longest libcurl timeout (50 s)"

# The static user, from sysusers.d.
grep -q '^u wikisync - ' "$TEST_SRCDIR/etc/sysusers.d/wikisync.conf"
is_eq "$?" "0" "sysusers.d makes the static user wikisync"

done_testing
