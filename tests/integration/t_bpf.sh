# SPDX-License-Identifier: GPL-2.0-only
# The bpf collector counts exactly: a 1,000,000-getppid storm to the call, a
# fork and thread storm against the program's own tally, per syscall, with
# i386 exec children where the kernel runs them.  Each with a negative
# control: the same run with the program's fork tracking (or compat
# detection, for the i386 children) turned off (SCLOG_BPF_BREAK) must fail
# the same check.
. "$(dirname "$0")/lib.sh"
require_bpf

# count REPORT NAME: the count of NAME in REPORT (0 when absent).
count() {
	report_field "$1" "sum(s['count'] for s in r['syscalls'] if s['name'] == '$2')"
}

# The storm, direct: every call counted, none lost.
"$SCLOG" run -q --backend bpf -o "$T/s.json" --report "$T/s.report.json" -- \
	"$PROGS/distinct" getppid 1000000 0 || fail "storm: sclog run --backend bpf failed"
[ "$(count "$T/s.report.json" getppid)" = 1000000 ] ||
	fail "storm: getppid counted $(count "$T/s.report.json" getppid) times, want 1000000"
[ "$(report_field "$T/s.report.json" 'r["complete"] and r["collector"]')" = bpf ] ||
	fail "storm: the report is incomplete or does not name the bpf collector"
pass "storm: exactly 1000000 getppid, complete, collector bpf"

# The storm in a child of a shell: the child is tracked from its fork.  The
# shell's own getppid calls are measured by the same command with 0 calls.
sh_storm() { # N REPORT [ENV...]
	local n=$1 report=$2
	shift 2
	env "$@" "$SCLOG" run -q --backend bpf -o /dev/null --report "$report" -- \
		/bin/sh -c "'$PROGS/distinct' getppid $n 0; exit 0"
}
sh_storm 0 "$T/base.json" || fail "shell storm: the baseline run failed"
base=$(count "$T/base.json" getppid)
sh_storm 1000000 "$T/sh.json" || fail "shell storm: sclog run failed"
[ "$(count "$T/sh.json" getppid)" = $((1000000 + base)) ] ||
	fail "shell storm: getppid counted $(count "$T/sh.json" getppid) times, want $((1000000 + base))"
pass "storm in a forked child: exactly 1000000 getppid (+$base of the shell)"
# Negative control: without fork tracking the child's storm is not seen.
sh_storm 1000000 "$T/nofork.json" SCLOG_BPF_BREAK=fork || fail "negative control: sclog run failed"
[ "$(count "$T/nofork.json" getppid)" != $((1000000 + base)) ] ||
	fail "negative control: without fork tracking the count is still right: the check proves nothing"
pass "negative control: without fork tracking the storm's child is missed ($(count "$T/nofork.json" getppid) getppid)"

# Fork storm: 1000 short-lived children (half renamed, every 10th exec'ing)
# and 64 threads, every count against the program's tally.
"$SCLOG" run -q --backend bpf -o "$T/f.json" --report "$T/f.report.json" -- \
	"$PROGS/forkstorm" 1000 64 10 > "$T/tally" || fail "fork storm: sclog run failed"
counts=$(tally_compare "$T/f.report.json" "$T/tally") || fail "fork storm: counts differ from the tally"
pass "fork storm: $counts, all $(uname -m), complete"
SCLOG_BPF_BREAK=fork "$SCLOG" run -q --backend bpf -o "$T/nf.json" --report "$T/nf.report.json" -- \
	"$PROGS/forkstorm" 1000 64 10 > "$T/tally.nf" || fail "negative control: sclog run failed"
! tally_compare "$T/nf.report.json" "$T/tally.nf" > /dev/null 2>&1 ||
	fail "negative control: without fork tracking the fork storm still matches its tally"
pass "negative control: without fork tracking the fork storm's counts differ from the tally"
# Negative control of the task-storage test (Linux >= 6.2): new threads
# without the storage are not counted, and the tally shows it.
if [ "$(uname -r | awk -F. '{ print ($1 > 6 || ($1 == 6 && $2 >= 2)) }')" = 1 ]; then
	SCLOG_BPF_BREAK=threads "$SCLOG" run -q --backend bpf -o /dev/null --report "$T/nt.report.json" -- \
		"$PROGS/forkstorm" 1000 64 10 > "$T/tally.nt" || fail "negative control: sclog run failed"
	! tally_compare "$T/nt.report.json" "$T/tally.nt" > /dev/null 2>&1 ||
		fail "negative control: without the threads' task storage the fork storm still matches its tally"
	pass "negative control: without the threads' task storage the fork storm's counts differ from the tally"
fi
# With i386 exec children, where the kernel runs them: their getpgid
# counted under x86, told by the task's compat state (t_forkstorm: audit).
# A fifth of the storm: where they run, in the x86_64 guest under TCG, the
# whole one twice outlasted the test's time limit.
if gcc -m32 -static -O2 -pthread -o "$T/forkstorm32" "$SRCDIR/tests/progs/forkstorm.c" 2> /dev/null &&
	"$T/forkstorm32" --exec-child 2> /dev/null; then
	storm32() { # REPORT [ENV...]
		local r=$1
		shift
		env "$@" "$SCLOG" run -q --backend bpf -o /dev/null --report "$r" -- \
			"$PROGS/forkstorm" 200 16 10 "$T/forkstorm32" > "$T/tally32"
	}
	storm32 "$T/f32.json" || fail "fork storm, i386 exec children: sclog run failed"
	counts=$(tally_compare "$T/f32.json" "$T/tally32" '{"getpgid": "x86"}') ||
		fail "fork storm, i386 exec children: counts differ from the tally"
	pass "fork storm with i386 exec children: $counts (getpgid under x86), complete"
	# The i386 numbers then pass for x86_64 ones, some of which x86_64
	# lacks (getrandom 355, rseq 386): sclog fails such a run, naming them.
	storm32 "$T/f32n.json" SCLOG_BPF_BREAK=compat 2> /dev/null || true
	[ -f "$T/f32n.json" ] || fail "negative control: no report"
	! tally_compare "$T/f32n.json" "$T/tally32" '{"getpgid": "x86"}' > /dev/null 2>&1 ||
		fail "negative control: without compat detection the i386 getpgid are still under x86"
	pass "negative control: without compat detection the i386 children's counts differ from the tally"
else
	echo "SKIP (part): this kernel cannot run 32-bit programs or gcc -m32 is missing"
fi

# A child the program could not track makes the run incomplete: exit 125,
# a loud reason.  (A map of one entry: the command itself fills it.)
rc=0
SCLOG_BPF_BREAK=track1 "$SCLOG" run --backend bpf -o "$T/t1.json" --report "$T/t1.report.json" -- \
	/bin/sh -c '/bin/true; exit 0' 2> "$T/t1.err" || rc=$?
[ "$rc" = 125 ] || { cat "$T/t1.err" >&2; fail "full tracked map: exit $rc, want 125"; }
grep -q "INCOMPLETE" "$T/t1.err" && grep -q "could not track" "$T/t1.err" ||
	{ cat "$T/t1.err" >&2; fail "full tracked map: no loud reason"; }
[ "$(report_field "$T/t1.report.json" 'r["complete"]')" = False ] ||
	fail "full tracked map: the report says complete"
pass "a process the program could not track: incomplete, exit 125 ($(grep -m1 'could not track' "$T/t1.err" | head -c 120))"
# Its control: the same command with room to track is complete.
"$SCLOG" run -q --backend bpf -o /dev/null --report "$T/t2.report.json" -- /bin/sh -c '/bin/true; exit 0' ||
	fail "the same command with a normal map failed"
pass "control: the same command with room in the map is complete"

# check: the findings are the calls that ran minus the policy.
"$SCLOG" run -q --backend bpf -o "$T/d.json" -- "$PROGS/distinct" times 3 0 || fail "check: recording failed"
"$SCLOG" check -q --backend bpf -p "$T/d.json" -- "$PROGS/distinct" times 3 0 ||
	fail "check: the command's own profile does not pass"
pass "check --backend bpf: the command passes its own profile"
rc=0
"$SCLOG" check -q --backend bpf -p "$T/d.json" -o "$T/find.txt" -- "$PROGS/distinct" getpriority 3 0 || rc=$?
[ "$rc" = 1 ] && grep -q getpriority "$T/find.txt" ||
	fail "check: a call outside the policy was not found (exit $rc)"
pass "negative control: a call outside the policy is a finding (exit 1)"
python3 - "$T/d.json" "$T/cond.json" << 'PY'
import json, os, sys
p = json.load(open(sys.argv[1]))
p["syscalls"].append({"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                      "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]})
json.dump(p, open(sys.argv[2], "w"))
PY
rc=0
"$SCLOG" check -q --backend bpf -p "$T/cond.json" -- /bin/true 2> "$T/cond.err" || rc=$?
[ "$rc" = 125 ] && grep -q "argument conditions" "$T/cond.err" ||
	{ cat "$T/cond.err" >&2; fail "check: a policy with argument conditions: exit $rc, want 125 and why"; }
pass "check --backend bpf refuses a policy with argument conditions (exit 125)"

# Without the privilege to load it: exit 125, the reason, nothing started.
if command -v setpriv > /dev/null; then
	rc=0
	setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$SCLOG" run --backend bpf -o /dev/null -- /bin/sh -c "echo started > '$T/np'" 2> "$T/np.err" || rc=$?
	[ "$rc" = 125 ] && grep -q CAP_BPF "$T/np.err" && [ ! -e "$T/np" ] ||
		{ cat "$T/np.err" >&2; fail "unprivileged --backend bpf: exit $rc, want 125 with the reason"; }
	pass "unprivileged: exit 125 before the command starts ($(head -c 100 "$T/np.err"))"
fi
