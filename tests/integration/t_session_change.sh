# SPDX-License-Identifier: GPL-2.0-only
# Case 2 of docs/reliability.md: a process of the command that starts an
# audit session of its own (writes /proc/self/loginuid, as pam_loginuid and a
# nested sclog do) stays in the profile: the set equals what strace -f sees,
# the report is complete and counts the session change. A nested
# `sclog run -- sclog run -- prog` gives the outer run a complete profile
# holding prog's syscalls.
. "$(dirname "$0")/lib.sh"
require_kernel
require_tool strace
[ "$(auditctl -s 2> /dev/null | awk '/loginuid_immutable/ {print $2}')" != 1 ] ||
	skip "loginuid_immutable is set: no process can start an audit session"

# After the change the shell runs programs it never ran before it: their
# syscalls are only in the profile if the new session is followed.
same_as_strace loginuid /bin/sh -c 'echo 0 > /proc/self/loginuid; uname -a; "$1" 3' sh "$PROGS/threads"
[ "$(report_field "$T/loginuid.report.json" 'r["counters"]["session_changes"] >= 1 and r["counters"]["followed"] > 0')" = True ] ||
	fail "the session change was not seen (test is void: nothing changed the session)"
pass "loginuid write: $(report_field "$T/loginuid.report.json" 'r["counters"]["followed"]') records after the change followed"

rc=0
"$SCLOG" run -q -o "$T/outer.json" --report "$T/outer.report.json" -- \
	"$SCLOG" run -q -o "$T/inner.json" -- "$PROGS/distinct" getppid 10 0 > /dev/null 2> "$T/err" || rc=$?
[ "$rc" = 0 ] || {
	cat "$T/err" >&2
	fail "nested sclog: exit $rc; own filters: $(report_field "$T/outer.report.json" 'r["own_filters"]')"
}
[ "$(report_field "$T/outer.report.json" 'r["complete"] and r["counters"]["session_changes"] >= 1')" = True ] ||
	fail "nested sclog: outer report incomplete, or no session change seen"
policy_names "$T/inner.json" > "$T/inner.names"
policy_names "$T/outer.json" > "$T/outer.names"
# Everything the inner run recorded (the program's calls) is in the outer.
missing=$(comm -23 "$T/inner.names" "$T/outer.names")
[ -z "$missing" ] || fail "nested sclog: the outer profile lacks the inner program's $missing"
pass "nested sclog: outer profile complete and holds the inner program's $(wc -l < "$T/inner.names") syscalls"
