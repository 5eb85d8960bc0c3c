# SPDX-License-Identifier: GPL-2.0-only
# Case 5 of docs/reliability.md: with an audit daemon registered, every
# RET_LOG record also goes to its log. doctor and run must say so, with the
# number of records, and how to avoid it; the profile stays complete. A
# stand-in daemon (fake_auditd.py) registers itself and drops what it gets;
# once it has unregistered, the same commands must say nothing of a daemon
# (the negative control). The daemon slot is restored whatever happens.
. "$(dirname "$0")/lib.sh"
require_kernel
machine_exclusive
here=$(cd "$(dirname "$0")" && pwd)

daemon=
stop_daemon() {
	[ -n "$daemon" ] || return 0
	kill -TERM "$daemon" 2> /dev/null || true
	wait "$daemon" || fail "the stand-in daemon did not unregister"
	daemon=
}
at_exit stop_daemon

mkfifo "$T/ready"
python3 "$here/fake_auditd.py" > "$T/ready" 2> "$T/daemon.err" &
daemon=$!
read -r word pid < "$T/ready" || true
if [ "${word:-}" != registered ]; then
	wait "$daemon" && rc=0 || rc=$?
	daemon=
	[ "$rc" = 3 ] && skip "an audit daemon is registered on this machine already"
	fail "the stand-in daemon could not register: $(cat "$T/daemon.err")"
fi

"$SCLOG" doctor > "$T/doctor" 2>&1 || true
grep -q "an audit daemon (pid $pid) is registered" "$T/doctor" ||
	{ cat "$T/doctor" >&2; fail "doctor does not name the registered daemon"; }
grep -q 'notify collector' "$T/doctor" || fail "doctor does not say how to avoid it"

rc=0
"$SCLOG" run --backend audit -o "$T/p.json" --report "$T/r.json" -- /bin/true 2> "$T/err" ||
	rc=$?
[ "$rc" = 0 ] || { cat "$T/err" >&2; fail "run with a daemon: exit $rc, want 0"; }
records=$(report_field "$T/r.json" 'r["counters"]["records"]')
grep -q "WARNING: the audit daemon (pid $pid) also logged the $records seccomp records" "$T/err" ||
	{ cat "$T/err" >&2; fail "run does not warn of the daemon with the record count ($records)"; }
[ "$(report_field "$T/r.json" 'r["complete"]')" = True ] || fail "profile incomplete with a daemon"

stop_daemon
"$SCLOG" doctor > "$T/doctor2" 2>&1 || true
grep -q 'none registered' "$T/doctor2" || { cat "$T/doctor2" >&2; fail "the daemon slot was not restored"; }
"$SCLOG" run --backend audit -o "$T/p2.json" -- /bin/true 2> "$T/err2"
! grep -q 'audit daemon' "$T/err2" || fail "control: a warning with no daemon registered"
pass "doctor and run name the daemon (pid $pid) and the $records records; nothing without it"
