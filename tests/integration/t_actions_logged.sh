# SPDX-License-Identifier: GPL-2.0-only
# With "log" missing from actions_logged, RET_LOG would allow silently and
# yield an empty profile: the audit collector must refuse (125) without
# starting the command; without --backend sclog uses the notify collector
# instead and says why. The setting is restored whatever happens.
. "$(dirname "$0")/lib.sh"
require_kernel
machine_exclusive
f=/proc/sys/kernel/seccomp/actions_logged
saved=$(cat "$f")
at_exit 'echo "$saved" > "$f"'
echo "$saved" | tr ' ' '\n' | grep -vx log | tr '\n' ' ' > "$f"
grep -qw log "$f" && fail "could not remove log from actions_logged"

rc=0
"$SCLOG" run --backend audit -o "$T/p.json" -- /bin/touch "$T/started" 2> "$T/err" || rc=$?
# Without --backend: the notify collector, announced with the reason.
auto_rc=0
if grep -q "^ok .*notify e2e" <<< "$("$SCLOG" doctor 2> /dev/null)"; then
	"$SCLOG" run -o "$T/auto.json" -- /bin/true 2> "$T/auto.err" || auto_rc=$?
else
	auto_rc=skip
fi
echo "$saved" > "$f"
[ "$(cat "$f")" = "$saved" ] || fail "actions_logged not restored"
[ "$rc" = 125 ] || fail "exit $rc, want 125"
[ ! -e "$T/started" ] || fail "the command was started"
[ ! -e "$T/p.json" ] || fail "a policy was written"
grep -q 'actions_logged' "$T/err" && grep -q 'sysctl -w kernel.seccomp.actions_logged' "$T/err" ||
	{ cat "$T/err" >&2; fail "the message does not say what is wrong and how to fix it"; }
"$SCLOG" doctor > "$T/doctor" || true
pass "audit collector: refused with 125, command not started, setting restored"
if [ "$auto_rc" != skip ]; then
	[ "$auto_rc" = 0 ] && [ -s "$T/auto.json" ] && grep -q "using the notify collector.*actions_logged" "$T/auto.err" ||
		{ cat "$T/auto.err" >&2; fail "without --backend: exit $auto_rc; want the notify collector, announced with the reason"; }
	pass "without --backend: the notify collector, announced ($(head -c 160 "$T/auto.err"))"
fi
