# SPDX-License-Identifier: GPL-2.0-only
# A signal handler's return under the notify collector.  A notified
# rt_sigreturn that a signal fails with EINTR before sclog has received it
# returns from the restorer into the next function, with the signal frame
# as its stack: the command crashes.  So the return calls run unseen, and
# the policy holds them because the command installed a handler
# (policy/signals.h); check reports a policy that allows rt_sigaction but
# not rt_sigreturn, under every collector.
. "$(dirname "$0")/lib.sh"
require_notify

# sigstorm nodefer: SIGALRM every 50 us can reach the handler's own return
# (a handler blocks its signal until rt_sigreturn restores the mask);
# norestart: such a call fails instead of being restarted.  Negative
# control: with the return notified, every one of 20 storms crashed here
# (SIGSEGV, or SIGALRM's default action after the restorer ran into
# __libc_sigaction), the first at once.
n=20000 runs=0 start=$SECONDS
while [ $runs -lt 20 ] && [ $((SECONDS - start)) -lt 60 ]; do
	runs=$((runs + 1))
	rc=0
	"$SCLOG" run -q --backend notify -o "$T/p.json" --report "$T/r.json" -- \
		"$PROGS/sigstorm" $n norestart nodefer > "$T/tally" 2> "$T/err" || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 125 ] ||
		{ cat "$T/err" >&2; fail "storm $runs: exit $rc (the command died: $(report_field "$T/r.json" 'r.get("signal")'))"; }
	eintr=$(json_field "$(cat "$T/tally")" 'r["eintr"]') || fail "storm $runs: no tally"
	# Every getppid ran once or failed before sclog received it.
	[ "$(report_field "$T/r.json" "sum(s['count'] for s in r['syscalls'] if s['name'] == 'getppid') + $eintr")" = $n ] ||
		fail "storm $runs: getppid counted $(report_field "$T/r.json" "[s['count'] for s in r['syscalls'] if s['name'] == 'getppid']"), $eintr failed with EINTR, want $n in all"
	[ "$(report_field "$T/r.json" '[s["name"] for s in r["syscalls"] if "sigreturn" in s["name"]]')" = "[]" ] ||
		fail "storm $runs: the handler's return was notified"
	[ "$(report_field "$T/r.json" 'r.get("implied_added")')" = "['rt_sigreturn']" ] ||
		fail "storm $runs: the report does not say rt_sigreturn was implied"
	policy_names "$T/p.json" | grep -qx rt_sigreturn || fail "storm $runs: the policy lacks rt_sigreturn"
done
pass "$runs storms of $n calls under notify with SA_NODEFER, no SA_RESTART: no crash, getppid counted exactly, rt_sigreturn in the policy as implied"

# The same program where no signal came: the handler alone implies the
# return (a recording that met no signal otherwise kills the service at
# its first one).
"$SCLOG" run -q --backend notify -o "$T/quiet.json" --report "$T/quiet.report" -- \
	"$PROGS/sigstorm" 0 > /dev/null
policy_names "$T/quiet.json" | grep -qx rt_sigaction || fail "sigstorm 0: no rt_sigaction recorded"
policy_names "$T/quiet.json" | grep -qx rt_sigreturn || fail "sigstorm 0: rt_sigreturn not implied"
# Negative control: no handler, no return call.
"$SCLOG" run -q --backend notify -o "$T/true.json" --report "$T/true.report" -- /bin/true
! policy_names "$T/true.json" | grep -q sigreturn || fail "/bin/true installs no handler, yet the policy allows a return call"
[ "$(report_field "$T/true.report" '"implied_added" in r')" = False ] || fail "/bin/true: implied_added in the report"
pass "a handler with no signal: rt_sigreturn implied; none without a handler"

# check: a policy that allows rt_sigaction but not rt_sigreturn is a
# finding, although notify never sees the return; the audit collector
# (which sees it when a signal comes) reports the same.
python3 - "$T/quiet.json" "$T/noret.json" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for rule in p["syscalls"]:
    rule["names"] = [n for n in rule["names"] if n != "rt_sigreturn"]
json.dump(p, open(sys.argv[2], "w"))
PY
for backend in notify audit; do
	[ $backend = audit ] && ! "$SCLOG" run -q --backend audit -o /dev/null -- /bin/true 2> /dev/null && { note "no audit collector here: check compared under notify only"; continue; }
	rc=0
	"$SCLOG" check -q --backend $backend --policy "$T/noret.json" -- "$PROGS/sigstorm" 0 > "$T/check.out" 2> "$T/check.err" || rc=$?
	[ "$rc" = 1 ] && grep -q "rt_sigreturn .*implied: the policy allows rt_sigaction" "$T/check.out" ||
		{ cat "$T/check.out" "$T/check.err" >&2; fail "check --backend $backend: exit $rc, the missing return not found"; }
	# Negative control: the recorded policy passes.
	rc=0
	"$SCLOG" check -q --backend $backend --policy "$T/quiet.json" -- "$PROGS/sigstorm" 0 > "$T/check.out" 2> "$T/check.err" || rc=$?
	[ "$rc" = 0 ] || { cat "$T/check.out" "$T/check.err" >&2; fail "check --backend $backend of the recorded policy: exit $rc"; }
done
pass "check: a policy allowing rt_sigaction without rt_sigreturn is a finding; the recorded one passes"
