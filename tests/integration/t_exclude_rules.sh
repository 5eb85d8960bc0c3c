# SPDX-License-Identifier: GPL-2.0-only
# Case 1 of docs/reliability.md: an audit exclude rule that drops the
# command's seccomp records (here narrowed with -F exe= to a copy of true in
# this test's directory, so no other run on the machine is touched) makes
# `doctor` fail its "audit rules" check and the run end non-zero, incomplete,
# with the rule named and the missing exit witness counted. Without the rule
# (negative control) the same run is complete. The rule is removed on every
# exit path.
. "$(dirname "$0")/lib.sh"
require_kernel
require_tool auditctl
machine_exclusive
rules=$(auditctl -l 2> /dev/null || true)
[ -n "$rules" ] && [ "$rules" != "No rules" ] &&
	skip "audit rules are already loaded on this machine; not touching them"

cp /bin/true "$T/target"
rule=(-F msgtype=SECCOMP -F "exe=$T/target")
at_exit 'auditctl -d exclude,always "${rule[@]}" > /dev/null 2>&1'

# Negative control first: no rule, a complete run.
"$SCLOG" run -q -o "$T/p0.json" --report "$T/r0.json" -- "$T/target" ||
	fail "without the rule: sclog run failed"
[ "$(report_field "$T/r0.json" 'r["complete"] and r["witnesses"]["exit_records_missing"] == 0')" = True ] ||
	fail "without the rule: report incomplete or witnesses missing"
policy_names "$T/p0.json" | grep -qx exit_group || fail "without the rule: no exit_group"

auditctl -a exclude,always "${rule[@]}" > /dev/null
"$SCLOG" doctor > "$T/doctor" || true
# (No "| grep -q" under pipefail: an early exit of grep fails the writer.)
line=$(grep -E '^FAIL +audit rules' "$T/doctor" || true)
[[ "$line" == *"exe=$T/target"* ]] ||
	{ cat "$T/doctor" >&2; fail "doctor does not fail and name the rule"; }
rc=0
"$SCLOG" run --backend audit -o "$T/p.json" --report "$T/r.json" -- "$T/target" 2> "$T/err" || rc=$?
# Without --backend sclog picks a collector the rule cannot blind, if any.
rc_default=0
"$SCLOG" run -q -o "$T/pd.json" --report "$T/rd.json" -- "$T/target" 2> "$T/errd" || rc_default=$?
auditctl -d exclude,always "${rule[@]}" > /dev/null
[ "$(auditctl -l)" = "No rules" ] || fail "the rule was not removed"
[ "$rc" = 125 ] || { cat "$T/err" >&2; fail "with the rule: exit $rc, want 125"; }
[ "$(report_field "$T/r.json" 'r["complete"]')" = False ] || fail "with the rule: report complete"
problems=$(report_field "$T/r.json" '"\n".join(r["problems"])')
[[ "$problems" == *"exe=$T/target"* ]] ||
	fail "with the rule: the problems do not name it"
[ "$(report_field "$T/r.json" 'r["witnesses"]["exit_records_missing"]')" = 1 ] ||
	fail "with the rule: the missing exit record is not counted"
pass "exclude rule: doctor FAIL, run exit 125, complete false, rule named, exit witness missing"
if [ "$rc_default" = 0 ]; then
	[ "$(report_field "$T/rd.json" 'r["complete"] and r["collector"]')" = notify ] ||
		fail "default collector with the rule: exit 0 but not a complete notify run"
	pass "default collector with the rule: sclog picked notify, complete"
else
	[ "$(report_field "$T/rd.json" 'r["complete"]')" = False ] ||
		fail "default collector with the rule: exit $rc_default but complete"
	pass "default collector with the rule: incomplete, exit $rc_default (no notify collector here)"
fi
