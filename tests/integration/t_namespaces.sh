# SPDX-License-Identifier: GPL-2.0-only
# Case 7 of docs/reliability.md: in a non-initial user, pid or network
# namespace `doctor` says exactly what the kernel refuses there, and `run`
# (with --backend audit) refuses to start the command with that message. In
# the initial ones (negative control) the check passes.
. "$(dirname "$0")/lib.sh"
require_kernel
require_tool unshare

"$SCLOG" doctor > "$T/doctor" || true
grep -qE '^ok +namespaces' "$T/doctor" || fail "initial namespaces: the check does not pass"
pass "initial namespaces: ok"

check() { # NAME PATTERN UNSHARE-ARGS...
	local name=$1 pattern=$2 rc=0
	shift 2
	unshare "$@" true 2> /dev/null || { echo "SKIP part: cannot unshare $name here"; return 0; }
	unshare "$@" "$SCLOG" doctor > "$T/$name.doctor" 2>&1 || true
	line=$(grep -E "^(FAIL|warn) +namespaces" "$T/$name.doctor" || true)
	[[ "$line" == *"$pattern"* ]] ||
		{ cat "$T/$name.doctor" >&2; fail "$name: doctor does not say '$pattern'"; }
	unshare "$@" "$SCLOG" run --backend audit -q -o "$T/$name.json" -- /bin/touch "$T/$name.started" 2> "$T/$name.err" || rc=$?
	[ "$rc" = 125 ] || fail "$name: run exit $rc, want 125"
	[ ! -e "$T/$name.started" ] || fail "$name: the command was started"
	pass "$name namespace: doctor and run say it ($(grep -c . "$T/$name.err") lines), command not started"
}
check user "user namespace other than the initial" -U -r
check pid "pid namespace other than the initial" -p -f --mount-proc
check network "network namespace" -n
