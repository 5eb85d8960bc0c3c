# SPDX-License-Identifier: GPL-2.0-only
# Under the notify collector the fork storm (1000 short-lived children, half
# renamed, every 10th exec'ing, and 64 threads) gives counts equal to the
# program's own tally, as uid 65534; concurrent runs (two notify runs and an
# audit run) stay apart.
. "$(dirname "$0")/lib.sh"
require_notify


"${NOBODY[@]}" "$SCLOG" run -q --backend notify -o "$T/p.json" --report "$T/r.json" -- "$PROGS/forkstorm" 1000 64 10 > "$T/tally"
counts=$(tally_compare "$T/r.json" "$T/tally" "{}" notify) || fail "fork storm counts differ from the tally under notify"
pass "notify fork storm as uid 65534: $counts, complete"
# Negative control: the comparison fails when one call is missing.
python3 - "$T/r.json" << 'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
for s in r["syscalls"]:
    if s["name"] == "getpriority":
        s["count"] -= 1
json.dump(r, open(sys.argv[1], "w"))
PY
! tally_compare "$T/r.json" "$T/tally" "{}" notify > /dev/null 2>&1 || fail "the tally comparison cannot fail"

# Concurrent: two notify runs and one audit run (when audit works), each
# with a syscall of its own, and an unrelated process making all three.
"$PROGS/distinct" getpriority 300 10000 > /dev/null &
other=$!
"${NOBODY[@]}" "$SCLOG" run -q --backend notify -o "$T/a.json" --report "$T/a.report.json" -- "$PROGS/distinct" times 100 10000 &
a=$!
"${NOBODY[@]}" "$SCLOG" run -q --backend notify -o "$T/b.json" --report "$T/b.report.json" -- "$PROGS/distinct" sysinfo 100 10000 &
b=$!
c=""
if "$SCLOG" doctor > /dev/null 2>&1; then
	"$SCLOG" run -q --backend audit -o "$T/c.json" --report "$T/c.report.json" -- "$PROGS/distinct" getrusage 100 10000 &
	c=$!
fi
wait "$a" || fail "notify run a failed"
wait "$b" || fail "notify run b failed"
[ -z "$c" ] || wait "$c" || fail "audit run c failed"
wait "$other" || true
count() { report_field "$1" "sum(s['count'] for s in r['syscalls'] if s['name'] == '$2')"; }
[ "$(count "$T/a.report.json" times)" = 100 ] && [ "$(count "$T/a.report.json" sysinfo)" = 0 ] &&
	[ "$(count "$T/a.report.json" getpriority)" = 0 ] || fail "notify run a: wrong counts"
[ "$(count "$T/b.report.json" sysinfo)" = 100 ] && [ "$(count "$T/b.report.json" times)" = 0 ] ||
	fail "notify run b: wrong counts"
if [ -n "$c" ]; then
	[ "$(count "$T/c.report.json" getrusage)" = 100 ] && [ "$(count "$T/c.report.json" times)" = 0 ] &&
		[ "$(count "$T/c.report.json" sysinfo)" = 0 ] || fail "audit run c: wrong counts"
fi
pass "concurrent notify runs${c:+ and an audit run}: exact counts, nothing shared"
