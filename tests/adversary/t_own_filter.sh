# SPDX-License-Identifier: GPL-2.0-only
# The command's own seccomp filter (docs/security.md, "the command").  The
# kernel takes the most restrictive answer of all filters, so a call the
# command's own filter answers never reaches sclog: under audit one its
# USER_NOTIF listener (or a tracer, for TRACE) continues runs without a
# record, and one it answers with ERRNO did not run and has none.  Such a
# run must say so: under audit it is incomplete (exit 125), under notify
# it warns and names the process in the report.  A program without a
# filter of its own gets no such word (positive control).
. "$SRCDIR/tests/integration/lib.sh"
require_kernel

own() { report_field "$1" 'r["own_filters"]'; }
names_own() { report_field "$1" '[f["comm"] for f in r["own_filters"]]'; }

# Without sclog the program's own listener continues its getppid calls.
"$PROGS/ownfilter" notif 5 0 || fail "ownfilter notif fails even without sclog"

# 1. Audit, its own USER_NOTIF listener: getppid runs, and no record says so.
rc=0
"$SCLOG" run -q --backend audit -o "$T/n.json" --report "$T/n.report.json" -- \
	"$PROGS/ownfilter" notif 5 0 2> "$T/n.err" || rc=$?
! policy_names "$T/n.json" | grep -qx getppid ||
	fail "getppid is in the profile: the attack did not hide it (test is void)"
[ "$rc" = 125 ] || { cat "$T/n.err" >&2; fail "own listener under audit: exit $rc, want 125 (incomplete)"; }
[ "$(report_field "$T/n.report.json" 'r["complete"] == False and any("filter of its own" in p for p in r["problems"])')" = True ] ||
	fail "own listener under audit: the report does not say the run is incomplete because of it: $(report_field "$T/n.report.json" 'r["problems"]')"
[ "$(names_own "$T/n.report.json")" = "['ownfilter']" ] ||
	fail "own listener under audit: own_filters does not name the process: $(own "$T/n.report.json")"
grep -q "filter of its own" "$T/n.err" || { cat "$T/n.err" >&2; fail "own listener under audit: nothing on stderr"; }
pass "audit: a command whose own listener continues getppid is reported incomplete, exit 125"

# 1b. Its own TRACE filter and a tracer (its parent) that lets each call
# run: under audit incomplete; under notify sclog's USER_NOTIF wins, so the
# call is recorded (and the tracer never sees it): complete, no warning.
"$PROGS/ownfilter" trace 5 0 || fail "ownfilter trace fails even without sclog"
rc=0
"$SCLOG" run -q --backend audit -o "$T/t.json" --report "$T/t.report.json" -- \
	"$PROGS/ownfilter" trace 5 0 2> "$T/t.err" || rc=$?
! policy_names "$T/t.json" | grep -qx getppid || fail "TRACE: getppid recorded under audit (test is void)"
[ "$rc" = 125 ] && [ "$(names_own "$T/t.report.json")" = "['ownfilter']" ] ||
	{ cat "$T/t.err" >&2; fail "own TRACE filter under audit: exit $rc, own_filters $(own "$T/t.report.json")"; }
if "$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> /dev/null; then
	"$SCLOG" run -q --backend notify -o "$T/nt.json" --report "$T/nt.report.json" -- \
		"$PROGS/ownfilter" trace 5 0 2> "$T/nt.err" || fail "own TRACE filter under notify: exit $?"
	policy_names "$T/nt.json" | grep -qx getppid && ! grep -q WARNING "$T/nt.err" &&
		[ "$(report_field "$T/nt.report.json" 'r["complete"] and "trace" in r["own_filters"][0]["actions"] and "reached sclog" in r["own_filters_effect"]')" = True ] ||
		{ cat "$T/nt.err" >&2; fail "own TRACE filter under notify: $(own "$T/nt.report.json")"; }
fi
pass "own TRACE filter with a tracer: audit incomplete; notify records the call, says so"

# 2. check with the profile of that run: the calls its listener answers are
# allowed by nobody, yet no record reaches check.  It must not pass.  The
# policy allows seccomp(): check still sends it to sclog, uncounted.
rc=0
"$SCLOG" check -q --backend audit -p "$T/n.json" -o "$T/c.txt" --report "$T/c.report.json" -- \
	"$PROGS/ownfilter" notif 5 0 2> "$T/c.err" || rc=$?
[ "$rc" = 125 ] || { cat "$T/c.err" >&2; fail "check of a command with its own listener: exit $rc, want 125"; }
[ "$(names_own "$T/c.report.json")" = "['ownfilter']" ] ||
	fail "check: own_filters does not name the process: $(own "$T/c.report.json")"
[ "$(report_field "$T/c.report.json" '"seccomp" not in [s["name"] for s in r["syscalls"]]')" = True ] ||
	fail "check: the allowed seccomp() is reported as a violation"
# A policy that allows seccomp() only for SECCOMP_SET_MODE_FILTER lets the
# call run unseen: sclog's look at every process of the tree, once a
# second, finds the filter of one that lives on.
python3 - "$T/n.json" "$T/cond.json" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for r in p["syscalls"]:
    r["names"] = [n for n in r["names"] if n != "seccomp"]
p["syscalls"] = [r for r in p["syscalls"] if r["names"]]
p["syscalls"].append({"names": ["seccomp"], "action": "SCMP_ACT_ALLOW",
                      "args": [{"index": 0, "value": 1, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]})
json.dump(p, open(sys.argv[2], "w"))
PY
rc=0
"$SCLOG" check -q --backend audit -p "$T/cond.json" -o "$T/c2.txt" --report "$T/c2.report.json" -- \
	"$PROGS/ownfilter" notif 5 1500 2> "$T/c2.err" || rc=$?
[ "$rc" = 125 ] && [ "$(names_own "$T/c2.report.json")" = "['ownfilter']" ] ||
	{ cat "$T/c2.err" >&2; fail "check, seccomp() allowed by argument: exit $rc, own_filters $(own "$T/c2.report.json")"; }
pass "audit check: a command with its own listener does not pass"

# 3. Its own ERRNO filter: getppid did not run; under audit incomplete (the
# filter's answers cannot be read), under notify complete with a warning.
rc=0
"$SCLOG" run -q --backend audit -o "$T/e.json" --report "$T/e.report.json" -- \
	"$PROGS/ownfilter" errno 5 0 2> "$T/e.err" || rc=$?
[ "$rc" = 125 ] && [ "$(names_own "$T/e.report.json")" = "['ownfilter']" ] ||
	{ cat "$T/e.err" >&2; fail "own ERRNO filter under audit: exit $rc, own_filters $(own "$T/e.report.json")"; }
if "$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> /dev/null; then
	rc=0
	"$SCLOG" run -q --backend notify -o "$T/ne.json" --report "$T/ne.report.json" -- \
		"$PROGS/ownfilter" errno 5 0 2> "$T/ne.err" || rc=$?
	[ "$rc" = 0 ] || { cat "$T/ne.err" >&2; fail "own ERRNO filter under notify: exit $rc, want 0"; }
	grep -q "WARNING: pid [0-9]* (ownfilter) installed a seccomp filter of its own: calls such a filter answers with ERRNO" "$T/ne.err" ||
		{ cat "$T/ne.err" >&2; fail "own ERRNO filter under notify: no warning"; }
	[ "$(report_field "$T/ne.report.json" 'r["complete"] and [(f["comm"], f["installed"], f["filters"], "errno" in f["actions"]) for f in r["own_filters"]] == [("ownfilter", True, 1, True)] and "did not run" in r["own_filters_effect"]')" = True ] ||
		fail "own ERRNO filter under notify: report $(own "$T/ne.report.json")"
	# A filter that only logs hides nothing from the notify collector.
	"$SCLOG" run -q --backend notify -o "$T/nl.json" --report "$T/nl.report.json" -- \
		"$PROGS/ownfilter" log 5 0 2> "$T/nl.err" || fail "own LOG filter under notify: exit $?"
	! grep -q WARNING "$T/nl.err" && policy_names "$T/nl.json" | grep -qx getppid &&
		[ "$(report_field "$T/nl.report.json" 'r["complete"] and "reached sclog" in r["own_filters_effect"]')" = True ] ||
		{ cat "$T/nl.err" >&2; fail "own LOG filter under notify: warned, or getppid missing"; }
	pass "own ERRNO filter: audit incomplete; notify warns, names it, profile of what ran complete"
else
	pass "own ERRNO filter: audit incomplete (notify collector unavailable here)"
fi

# 4. Positive control: a program without a filter of its own, both collectors.
for b in audit notify; do
	[ "$b" = notify ] && ! "$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> /dev/null && continue
	"$SCLOG" run -q --backend "$b" -o "$T/p.json" --report "$T/p.report.json" -- \
		"$PROGS/distinct" getppid 5 0 2> "$T/p.err" || { cat "$T/p.err" >&2; fail "plain program under $b: exit $?"; }
	[ "$(report_field "$T/p.report.json" 'r["complete"] and r["own_filters"] == [] and "own_filters_effect" not in r')" = True ] &&
		! grep -q "of its own" "$T/p.err" || fail "plain program under $b: an own filter was reported"
done
pass "no false alarm for a program without a filter of its own"
