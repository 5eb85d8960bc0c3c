# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the real-kernel tests (tests/integration, tests/adversary) on
# top of tests/lib.sh: each test holds the machine lock shared from here on.
#   same_as_strace NAME CMD...
#                   profile CMD (with the collector $SCLOG_BACKEND if set);
#                   its syscall set must equal the one strace -f sees
#   bpf_works, require_bpf
#                   the bpf collector loads here; else skip with the reason
#   require_notify  skip unless root, setpriv and the notify collector work
#                   here; then $T is open to uid 65534 (NOBODY), and
#   notify_same_as_strace NAME PREFIX... -- CMD...
#   notify_workloads WHO PREFIX...
#   notify_settled REPORT CMD...
#                   do the same with the notify collector (below)
#   tally_compare REPORT TALLY [ARCHES] [COLLECTOR]
#                   a program's own tally of its calls (tests/progs/forkstorm)
#                   against the report of its run (below)
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

: "${SCLOG:?SCLOG must point to the sclog binary}"
: "${PROGS:?PROGS must point to the built test programs}"

machine_shared

# uid 65534 without capabilities.
NOBODY=(setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all --bounding-set=-all)
# The background job outlives the shell's way to `wait`, so dash always
# blocks in rt_sigsuspend: with `/bin/true & wait` it did so only when the
# job was still running, which depends on how fast the collector lets the
# parent go (audit: usually not; notify, strace: usually).
PIPELINE='echo hello | tr a-z A-Z | wc -c > /dev/null; (/bin/true &); /bin/sleep 0.3 & wait'

# tally_compare REPORT TALLY [ARCHES] [COLLECTOR]: every count of the
# JSON object TALLY ({"getppid": 3000, ...}) is the count of that name in
# REPORT (a complete one, naming COLLECTOR if given), under the arch that
# the JSON object ARCHES gives the name ({"getpgid": "x86"}; default {}),
# else under the machine's.  Prints the tally as name=count words; fails
# (status 1) on a difference.
tally_compare() {
	local arches=${3:-'{}'}
	python3 - "$1" "$2" "$arches" "${4:-}" << 'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
tally = json.load(open(sys.argv[2]))
arch_of = json.loads(sys.argv[3])
got = {(s["name"], s["arch"]): s["count"] for s in r["syscalls"]}
bad = [(k, v, got.get((k, arch_of.get(k, os.uname().machine)))) for k, v in tally.items()
       if got.get((k, arch_of.get(k, os.uname().machine))) != v]
assert r["complete"], r["problems"]
assert not sys.argv[4] or r["collector"] == sys.argv[4], r["collector"]
assert not bad, "tally vs profile: %r" % bad
print(" ".join("%s=%d" % kv for kv in sorted(tally.items())))
PY
}

# strace_compare NAME COLLECTOR PREFIX... -- CMD...: run CMD under PREFIX
# and strace -f, and compare its syscall names, with the return calls a
# handler implies (with_implied), with the profile
# $T/NAME.json recorded of it (report $T/NAME.report.json: complete, and
# naming COLLECTOR unless that is empty).
strace_compare() {
	local name=$1 collector=$2 prefix=()
	shift 2
	while [ "$1" != -- ]; do prefix+=("$1"); shift; done
	shift
	"${prefix[@]}" strace -f -qq -o "$T/$name.strace" "$@" > /dev/null
	strace_names "$T/$name.strace" | with_implied > "$T/$name.want"
	policy_names "$T/$name.json" > "$T/$name.got"
	if ! diff -u "$T/$name.want" "$T/$name.got" > "$T/$name.diff"; then
		cat "$T/$name.diff" >&2
		fail "$name: profile differs from strace -f (- strace only, + sclog only)"
	fi
	[ "$(report_field "$T/$name.report.json" 'r["complete"]')" = True ] ||
		fail "$name: report says incomplete"
	[ -z "$collector" ] || [ "$(report_field "$T/$name.report.json" 'r["collector"]')" = "$collector" ] ||
		fail "$name: the report does not name the $collector collector"
	pass "$name: $(wc -l < "$T/$name.got") syscalls, same set as strace -f${collector:+ ($collector)}"
}

same_as_strace() {
	local name=$1
	shift
	"$SCLOG" run -q ${SCLOG_BACKEND:+--backend "$SCLOG_BACKEND"} -o "$T/$name.json" \
		--report "$T/$name.report.json" -- "$@" > /dev/null
	strace_compare "$name" "${SCLOG_BACKEND:-}" -- "$@"
}

bpf_works() {
	"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> "$T/bpf.err"
}

require_bpf() {
	require_root "the bpf collector needs CAP_BPF, CAP_PERFMON"
	bpf_works || skip "the bpf collector cannot work here: $(head -c 400 "$T/bpf.err")"
}

require_notify() {
	require_root "to drop to uid 65534 and compare with the audit collector"
	require_tool setpriv
	"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
		skip "the notify collector does not work on this kernel: $("$SCLOG" doctor 2>&1 | grep -i notif || true)"
	# Programs and outputs must be reachable by uid 65534.
	chmod 1777 "$T"
}

# notify_settled REPORT CMD...: run CMD, an `sclog run --backend notify
# --report REPORT ...` command line, again while a signal took calls out of
# their wait before sclog received them (counters.unreceived, which sclog
# warns about): the kernel then fails such a call with EINTR where the
# handler lacks SA_RESTART, even fork() or close(), and a shell prints
# "Cannot fork", or leaves a pipe open so that its reader waits for ever.
# sclog says so, while the command runs too; the comparison needs a run it
# did not disturb.  A run that has not ended after 60 s is stopped (timeout
# signals its whole process group) and counts as disturbed only if sclog
# warned of such a call.  At most SETTLE_TRIES tries (tests/lib.sh).
# Returns CMD's status.
notify_settled() {
	local report=$1 rc try
	shift
	for try in $(seq $SETTLE_TRIES); do
		rm -f "$report"
		rc=0
		timeout -k 5 60 "$@" 2> "$T/settled.err" || rc=$?
		cat "$T/settled.err" >&2
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			grep -q "interrupted a call" "$T/settled.err" ||
				fail "'$*' did not end in 60 s, and sclog did not warn of an interrupted call"
			echo "# try $try: a call interrupted before sclog received it made the command hang, again" >&2
			continue
		fi
		[ -s "$report" ] || return "$rc"
		undisturbed "$report" && return "$rc"
		echo "# try $try: sclog reported calls a signal interrupted before it received them, again" >&2
	done
	fail "in 10 runs of 10, a signal interrupted calls before sclog received them"
}

# notify_same_as_strace NAME PREFIX... -- CMD...: under PREFIX (empty, a
# setpriv, an unshare), profile CMD with the notify collector and check its
# syscall set equals the one strace -f sees under the same PREFIX.
notify_same_as_strace() {
	local name=$1 prefix=()
	shift
	while [ "$1" != -- ]; do prefix+=("$1"); shift; done
	shift
	notify_settled "$T/$name.report.json" "${prefix[@]}" "$SCLOG" run -q --backend notify \
		-o "$T/$name.json" --report "$T/$name.report.json" -- "$@" > /dev/null ||
		fail "$name: sclog run --backend notify failed"
	strace_compare "$name" notify "${prefix[@]}" -- "$@"
}

# notify_workloads WHO PREFIX...: the integration workloads under PREFIX.
notify_workloads() {
	local who=$1
	shift
	notify_same_as_strace "true-$who" "$@" -- /bin/true
	notify_same_as_strace "pipeline-$who" "$@" -- /bin/sh -c "$PIPELINE"
	notify_same_as_strace "threads-$who" "$@" -- "$PROGS/threads" 16
	notify_same_as_strace "forks-$who" "$@" -- "$PROGS/forkstorm" 20 0 5
	[ "$(report_field "$T/threads-$who.report.json" '[s["count"] for s in r["syscalls"] if s["name"] == "sched_getaffinity"][0]')" = 16 ] ||
		fail "threads-$who: sched_getaffinity should be counted once per thread (16)"
}
