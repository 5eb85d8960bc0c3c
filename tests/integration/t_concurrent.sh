# SPDX-License-Identifier: GPL-2.0-only
# Records of other processes under a LOG filter never enter a profile: an
# unrelated LOG-filtered process and a second sclog run at the same time.
. "$(dirname "$0")/lib.sh"
require_kernel

# Unrelated process with its own LOG filter on sysinfo, for ~3 s.
"$PROGS/distinct" --log sysinfo 300 10000 &
other=$!
# Two profiled runs at once, each with its own distinctive syscall.
"$SCLOG" run -q -o "$T/a.json" --report "$T/a.report.json" -- "$PROGS/distinct" getpriority 100 10000 &
a=$!
"$SCLOG" run -q -o "$T/b.json" --report "$T/b.report.json" -- "$PROGS/distinct" times 100 10000 &
b=$!
wait "$a" || fail "run a failed"
wait "$b" || fail "run b failed"
wait "$other" || fail "the unrelated LOG-filtered process failed"

policy_names "$T/a.json" > "$T/a.names"
policy_names "$T/b.json" > "$T/b.names"
grep -qx getpriority "$T/a.names" || fail "a: its own syscall is missing"
grep -qx times "$T/b.names" || fail "b: its own syscall is missing"
! grep -qx sysinfo "$T/a.names" "$T/b.names" || fail "the unrelated process's sysinfo leaked into a profile"
! grep -qx times "$T/a.names" || fail "b's times leaked into a"
! grep -qx getpriority "$T/b.names" || fail "a's getpriority leaked into b"
[ "$(report_field "$T/a.report.json" '[s["count"] for s in r["syscalls"] if s["name"] == "getpriority"][0]')" = 100 ] ||
	fail "a: getpriority should be counted exactly 100 times"
[ "$(report_field "$T/a.report.json" 'r["counters"]["foreign"] > 0')" = True ] ||
	fail "a: no foreign records seen, so the test proved nothing"
pass "concurrent runs and an unrelated LOG process stay apart (foreign records: $(report_field "$T/a.report.json" 'r["counters"]["foreign"]'))"
