# SPDX-License-Identifier: GPL-2.0-only
# The calls whose failure crashes the command, under the notify collector.
# A notified rt_sigreturn that a signal fails with EINTR before sclog has
# received it returns from the restorer into the next function, with the
# signal frame as its stack; glibc takes a failed brk's -EINTR for the new
# break, and halts when exit_group and exit both fail; it aborts when a new
# thread's rseq registration fails.  So these run unseen, and every policy
# holds them (policy/implied.h): brk, exit, exit_group and rseq always, the
# return calls because the command installed a handler; check reports a
# policy that lacks one, under every collector.
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
	[ "$(report_field "$T/r.json" 'r.get("implied_added")')" = "['brk', 'exit', 'exit_group', 'rseq', 'rt_sigreturn']" ] ||
		fail "storm $runs: the report does not say rt_sigreturn was implied"
	policy_names "$T/p.json" | grep -qx rt_sigreturn || fail "storm $runs: the policy lacks rt_sigreturn"
done
pass "$runs storms of $n calls under notify with SA_NODEFER, no SA_RESTART: no crash, getppid counted exactly, rt_sigreturn in the policy as implied"

# allocstorm: the heap grown and trimmed (brk) 100 times, 20 children that
# allocate and _exit and 20 threads that end, under a storm without
# SA_RESTART.  Negative control: with brk, exit and exit_group notified
# (the unseen rule limited to the signal returns), 8 runs of 8 died at
# once (SIGSEGV: malloc wrote at the break glibc took from brk's -EINTR).
runs=0 start=$SECONDS
while [ $runs -lt 10 ] && [ $((SECONDS - start)) -lt 60 ]; do
	runs=$((runs + 1))
	rc=0
	"$SCLOG" run -q --backend notify -o "$T/a.json" --report "$T/a.report" -- \
		"$PROGS/allocstorm" 100 20 20 > "$T/tally" 2> "$T/err" || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 125 ] ||
		{ cat "$T/err" >&2; fail "allocstorm $runs: exit $rc (the command died: $(report_field "$T/a.report" 'r.get("signal")'))"; }
	[ "$(json_field "$(cat "$T/tally")" 'r["failed"]')" = 0 ] ||
		{ cat "$T/err" >&2; fail "allocstorm $runs: a child crashed: $(cat "$T/tally")"; }
	[ "$(report_field "$T/a.report" '[s["name"] for s in r["syscalls"] if s["name"] in ("brk", "exit", "exit_group")]')" = "[]" ] ||
		fail "allocstorm $runs: brk, exit or exit_group was notified"
	policy_names "$T/a.json" | grep -cxE 'brk|exit|exit_group' | grep -qx 3 ||
		fail "allocstorm $runs: the policy lacks brk, exit or exit_group"
done
pass "$runs allocation storms under notify, no SA_RESTART: no crash, no child crashed, brk, exit and exit_group in the policy unseen"

# threadstorm: 200 threads created under a storm without SA_RESTART, each
# making 10 rseq calls of its own with SIGALRM unblocked.  glibc aborts when
# a new thread's rseq registration fails, and a signal can fail it: the
# thread starts with signals blocked only if pthread_create's
# rt_sigprocmask did not fail first.  Negative control: with rseq notified,
# 10 of 20 runs aborted ("rseq registration failed", SIGABRT), and each run
# that did not counted 77 to 102 of its own rseq calls failed with EINTR.
runs=0 start=$SECONDS
while [ $runs -lt 10 ] && [ $((SECONDS - start)) -lt 60 ]; do
	runs=$((runs + 1))
	rc=0
	"$SCLOG" run -q --backend notify -o "$T/t.json" --report "$T/t.report" -- \
		"$PROGS/threadstorm" 200 10 > "$T/tally" 2> "$T/err" || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 125 ] ||
		{ cat "$T/err" >&2; fail "threadstorm $runs: exit $rc (the command died: $(report_field "$T/t.report" 'r.get("signal")'))"; }
	[ "$(json_field "$(cat "$T/tally")" 'r["rseq_eintr"]')" = 0 ] ||
		fail "threadstorm $runs: a signal failed rseq: $(cat "$T/tally")"
	[ "$(report_field "$T/t.report" '[s["name"] for s in r["syscalls"] if s["name"] == "rseq"]')" = "[]" ] ||
		fail "threadstorm $runs: rseq was notified"
	policy_names "$T/t.json" | grep -qx rseq || fail "threadstorm $runs: the policy lacks rseq"
done
pass "$runs thread storms under notify, no SA_RESTART: no abort, no rseq failed, rseq in the policy unseen"

# The same program where no signal came: the handler alone implies the
# return (a recording that met no signal otherwise kills the service at
# its first one).
rc=0
"$SCLOG" run -q --backend notify -o "$T/quiet.json" --report "$T/quiet.report" -- \
	"$PROGS/sigstorm" 0 > /dev/null 2> "$T/quiet.err" || rc=$?
[ $rc = 0 ] || { cat "$T/quiet.err" >&2; fail "sigstorm 0 (no timer, so no signal) under notify: exit $rc"; }
policy_names "$T/quiet.json" | grep -qx rt_sigaction || fail "sigstorm 0: no rt_sigaction recorded"
policy_names "$T/quiet.json" | grep -qx rt_sigreturn || fail "sigstorm 0: rt_sigreturn not implied"
# Negative control: no handler, no return call; the calls every command
# needs all the same.
"$SCLOG" run -q --backend notify -o "$T/true.json" --report "$T/true.report" -- /bin/true
! policy_names "$T/true.json" | grep -q sigreturn || fail "/bin/true installs no handler, yet the policy allows a return call"
[ "$(report_field "$T/true.report" 'r.get("implied_added")')" = "['brk', 'exit', 'exit_group', 'rseq']" ] ||
	fail "/bin/true: implied_added is $(report_field "$T/true.report" 'r.get("implied_added")')"
pass "a handler with no signal: rt_sigreturn implied; none without a handler; brk, exit, exit_group, rseq always"

# check: a policy that allows rt_sigaction but not rt_sigreturn is a
# finding, although notify never sees the return; the audit collector
# (which sees it when a signal comes) reports the same.
without() {
	python3 - "$T/quiet.json" "$2" "$1" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for rule in p["syscalls"]:
    rule["names"] = [n for n in rule["names"] if n != sys.argv[3]]
json.dump(p, open(sys.argv[2], "w"))
PY
}
without rt_sigreturn "$T/noret.json"
without exit_group "$T/noexit.json"
for backend in notify audit; do
	[ $backend = audit ] && ! "$SCLOG" run -q --backend audit -o /dev/null -- /bin/true 2> /dev/null && { note "no audit collector here: check compared under notify only"; continue; }
	rc=0
	"$SCLOG" check -q --backend $backend --policy "$T/noret.json" -- "$PROGS/sigstorm" 0 > "$T/check.out" 2> "$T/check.err" || rc=$?
	[ "$rc" = 1 ] && grep -q "rt_sigreturn .*implied: the policy allows rt_sigaction" "$T/check.out" ||
		{ cat "$T/check.out" "$T/check.err" >&2; fail "check --backend $backend: exit $rc, the missing return not found"; }
	# exit_group: seen by audit, implied under notify (which never sees it).
	rc=0
	"$SCLOG" check -q --backend $backend --policy "$T/noexit.json" -- "$PROGS/sigstorm" 0 > "$T/check.out" 2> "$T/check.err" || rc=$?
	[ "$rc" = 1 ] && grep -q "^  exit_group " "$T/check.out" ||
		{ cat "$T/check.out" "$T/check.err" >&2; fail "check --backend $backend: exit $rc, the missing exit_group not found"; }
	[ $backend = audit ] || grep -q "exit_group .*implied: every command needs it" "$T/check.out" ||
		{ cat "$T/check.out" >&2; fail "check --backend notify: exit_group not reported as implied"; }
	# Negative control: the recorded policy passes.
	rc=0
	"$SCLOG" check -q --backend $backend --policy "$T/quiet.json" -- "$PROGS/sigstorm" 0 > "$T/check.out" 2> "$T/check.err" || rc=$?
	[ "$rc" = 0 ] || { cat "$T/check.out" "$T/check.err" >&2; fail "check --backend $backend of the recorded policy: exit $rc"; }
done
pass "check: a policy allowing rt_sigaction without rt_sigreturn, or without exit_group, is a finding; the recorded one passes"
