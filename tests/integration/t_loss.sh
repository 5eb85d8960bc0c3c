# SPDX-License-Identifier: GPL-2.0-only
# Forced loss is always noticed: a tiny receive buffer and a syscall storm
# make the socket drop records; sclog must say so, mark the report
# incomplete and not exit 0.
. "$(dirname "$0")/lib.sh"
require_kernel
# 1.2 million records at full speed: other readers of the audit socket on
# the machine would lose some too.
machine_exclusive

for i in 1 2 3; do
	rc=0
	"$SCLOG" run -o "$T/p.json" --report "$T/r.json" --rcvbuf 4096 -- \
		"$PROGS/distinct" getppid 400000 0 2> "$T/err" &
	pid=$!
	# Stop the reader mid-storm, as a loaded machine would: the socket
	# overflows for certain.  Once the storm runs: a fixed delay stopped a
	# slow sclog (ASan, a loaded machine) before it had started it.
	for _ in $(seq 600); do pgrep -P "$pid" -x distinct > /dev/null && break; sleep 0.05; done
	kill -STOP "$pid" 2> /dev/null || true
	sleep 0.5
	kill -CONT "$pid" 2> /dev/null || true
	wait "$pid" || rc=$?
	[ "$rc" = 125 ] || { cat "$T/err" >&2; fail "run $i: exit $rc, want 125"; }
	grep -q "INCOMPLETE" "$T/err" || fail "run $i: no loud warning"
	[ "$(report_field "$T/r.json" 'r["complete"]')" = False ] || fail "run $i: report says complete"
	# Socket overflows count events (the records they dropped are
	# unknown); records_lost counts the kernel's own lost records only.
	[ "$(report_field "$T/r.json" 'r["overflows"] > 0 or (r["records_lost"] or 0) > 0')" = True ] ||
		fail "run $i: no loss counted"
	[ "$(report_field "$T/r.json" 'r["overflows"] == r["counters"]["lost_enobufs"]')" = True ] ||
		fail "run $i: overflows and lost_enobufs disagree"
	grep -q "overflowed" "$T/err" || fail "run $i: the overflow is not among the problems"
	[ -s "$T/p.json" ] || fail "run $i: the incomplete profile was not written"
	pass "run $i: loss detected ($(report_field "$T/r.json" 'r["counters"]["lost_enobufs"]') ENOBUFS, $(report_field "$T/r.json" 'r["records_seen"]') records seen), exit 125"
done

# The command's own failure status wins over 125.
rc=0
"$SCLOG" run -q -o "$T/p.json" --rcvbuf 4096 -- /bin/sh -c "'$PROGS/distinct' getppid 200000 0; exit 3" 2> /dev/null || rc=$?
[ "$rc" = 3 ] || fail "failing command with loss: exit $rc, want 3"
pass "a failing command keeps its own status when the profile is incomplete"
