# SPDX-License-Identifier: GPL-2.0-only
# Nested runs (docs/security.md, "the command").  An inner `sclog run
# --backend notify` puts its program under a USER_NOTIF filter, which wins
# over the outer audit run's LOG: the outer run gets none of the program's
# calls.  It must say so (incomplete, exit 125, the inner filter named),
# while a nested audit run, whose filter only logs, stays complete.
. "$SRCDIR/tests/integration/lib.sh"
require_kernel
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> /dev/null ||
	skip "the notify collector does not work on this kernel"
[ "$(auditctl -s 2> /dev/null | awk '/loginuid_immutable/ {print $2}')" != 1 ] ||
	skip "loginuid_immutable is set: no nested audit run can start its session"

# sysinfo: a call sclog itself never makes, so only the program's is seen.
rc=0
"$SCLOG" run -q --backend audit -o "$T/outer.json" --report "$T/outer.report.json" -- \
	"$SCLOG" run -q --backend notify -o "$T/inner.json" -- "$PROGS/distinct" sysinfo 10 0 \
	> /dev/null 2> "$T/err" || rc=$?
policy_names "$T/inner.json" | grep -qx sysinfo || fail "the inner run lacks sysinfo (test is void)"
! policy_names "$T/outer.json" | grep -qx sysinfo ||
	fail "the outer profile holds sysinfo: the inner filter hid nothing (test is void)"
[ "$rc" = 125 ] || { cat "$T/err" >&2; fail "audit outside, notify inside: exit $rc, want 125"; }
[ "$(report_field "$T/outer.report.json" 'r["complete"] == False and any("filter of" in p and "nested" in p for p in r["problems"]) and "sclog" in [f["comm"] for f in r["own_filters"]]')" = True ] ||
	fail "the outer report does not say why: $(report_field "$T/outer.report.json" '(r["problems"], r["own_filters"])')"
grep -q "INCOMPLETE" "$T/err" || { cat "$T/err" >&2; fail "nothing on stderr"; }
pass "audit outside, notify inside: the outer run is incomplete and names the inner filter"

# Positive control: audit inside audit, the inner filter only logs.
rc=0
"$SCLOG" run -q --backend audit -o "$T/o2.json" --report "$T/o2.report.json" -- \
	"$SCLOG" run -q --backend audit -o "$T/i2.json" -- "$PROGS/distinct" sysinfo 10 0 \
	> /dev/null 2> "$T/err2" || rc=$?
[ "$rc" = 0 ] || { cat "$T/err2" >&2; fail "audit inside audit: exit $rc"; }
policy_names "$T/o2.json" | grep -qx sysinfo || fail "audit inside audit: the outer profile lacks sysinfo"
[ "$(report_field "$T/o2.report.json" 'r["complete"] and r["own_filters"] == []')" = True ] ||
	fail "audit inside audit: false alarm $(report_field "$T/o2.report.json" '(r["problems"], r["own_filters"])')"
pass "audit inside audit: complete, the program's calls in the outer profile"

# notify outside notify: the inner run's listener is refused (EBUSY), said.
rc=0
"$SCLOG" run -q --backend notify -o "$T/o3.json" --report "$T/o3.report.json" -- \
	"$SCLOG" run -q --backend notify -o "$T/i3.json" -- "$PROGS/distinct" sysinfo 10 0 \
	> /dev/null 2> "$T/err3" || rc=$?
[ "$rc" != 0 ] && [ "$(report_field "$T/o3.report.json" 'r["complete"] == False and any("EBUSY" in p for p in r["problems"])')" = True ] ||
	{ cat "$T/err3" >&2; fail "notify inside notify: exit $rc, not reported"; }
pass "notify outside notify: the inner listener is refused and the outer run says so"
