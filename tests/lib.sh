# SPDX-License-Identifier: GPL-2.0-only
# The shell library of every test script.  A suite's own lib.sh sources it
# and adds only what that suite needs (tests/integration: the audit and
# notify comparisons with strace; tests/runtimes: OCI bundles and runtimes;
# tests/containers: podman and other releases' root filesystems;
# tests/install: the package build); a pure test sources it alone.
#
# Outcome (CTest's SKIP_RETURN_CODE is 77):
#   skip WHY...        exit 77 with the reason: the test cannot run here
#   fail WHAT...       exit 1, the message on stderr
#   pass WHAT...       one line per proven claim
#   note WHAT...       a remark, the test goes on
# Preconditions, each skips with the reason:
#   require_root [WHY]     uid 0
#   require_tool NAME...   programs on PATH
#   require_kernel         root, and `sclog doctor` says this kernel profiles
# Files: $T, a private directory removed at exit, after the commands given to
#   at_exit CMD            run CMD at exit, last given first (restore what a
#                          test changed, stop what it started); never fails
# The machine (other test runs, from this tree or another checkout):
#   machine_shared         a shared hold on the machine lock: a test that
#                          reads the audit socket, so that no test that
#                          changes a machine-wide setting runs meanwhile
#   machine_exclusive      the machine to this test alone: it changes a
#                          machine-wide setting (actions_logged, audit rules
#                          or rate, the audit daemon, /dev/stdout) or measures
#                          loss; CTest knows them by RESOURCE_LOCK machine
# Reading results (python3):
#   policy_names FILE      allowed (ALLOW or LOG) syscall names of an OCI
#                          policy, sorted, one a line
#   report_field FILE EXPR EXPR of r, the JSON object in FILE
#   json_field JSON EXPR   EXPR of r, the JSON object in the string JSON
#   strace_names FILE      syscall names of an `strace -f -o FILE` log
set -euo pipefail

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }
note() { echo "NOTE: $*"; }

require_root() { [ "$(id -u)" = 0 ] || skip "needs root${1:+ ($1)}"; }

require_tool() {
	local t p
	for t in "$@"; do
		command -v "$t" > /dev/null 2>&1 && continue
		case $t in
		auditctl) p=auditd ;;
		bwrap) p=bubblewrap ;;
		runuser | script | setpriv | unshare) p=util-linux ;;
		*) p=$t ;;
		esac
		skip "$t is not installed (apt-get install $p)"
	done
}

require_kernel() {
	: "${SCLOG:?SCLOG must point to the sclog binary}"
	require_root "CAP_AUDIT_READ, CAP_AUDIT_CONTROL"
	"$SCLOG" doctor > /dev/null 2>&1 || skip "sclog doctor says this kernel cannot profile: $("$SCLOG" doctor 2>&1 | grep FAIL || true)"
}

T=$(mktemp -d "${TMPDIR:-/tmp}/sclog-test.XXXXXX")
_lib_at_exit=()
at_exit() { _lib_at_exit=("$1" "${_lib_at_exit[@]}"); }
_lib_exit() {
	local rc=$? c
	set +e
	for c in "${_lib_at_exit[@]}"; do
		eval "$c"
	done
	_machine_release
	rm -rf "$T"
	exit "$rc"
}
trap _lib_exit EXIT

# The lock is a file outside any checkout, held by a process of its own
# (fd 9 the lock, fd 8 its gate: a waiting exclusive taker holds the gate, so
# that new shared takers wait behind it and a steady stream of them cannot
# starve it).  Not by the test's shell: what a test starts would inherit the
# fds, and a daemon that outlives the test (conmon, podman's pause process)
# held the machine for good.  The holder ends with the shell, or at exit.
_machine_hold() {
	local lock=${SCLOG_MACHINE_LOCK:-/run/lock/sclog-tests.lock}
	{ : >> "$lock"; } 2> /dev/null || lock=${TMPDIR:-/tmp}/sclog-tests.lock
	_machine_release
	rm -f "$T/.machine"
	mkfifo "$T/.machine"
	bash -c 'exec 9>> "$2" 8>> "$2.gate"
		flock -x 8
		if [ "$1" = shared ]; then flock -s 9; flock -u 8; else flock -x 9; fi
		echo held
		exec > /dev/null
		while kill -0 "$3" 2> /dev/null; do sleep 1 8>&- 9>&-; done' sh "$1" "$lock" "$$" > "$T/.machine" &
	_machine_pid=$!
	read -r _ < "$T/.machine"
}
_machine_release() {
	[ -n "${_machine_pid:-}" ] || return 0
	kill "$_machine_pid" 2> /dev/null || true
	wait "$_machine_pid" 2> /dev/null || true
	_machine_pid=
}
machine_shared() { _machine_hold shared; }
machine_exclusive() { _machine_hold exclusive; }

policy_names() {
	python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
for rule in p["syscalls"]:
    if rule["action"] not in ("SCMP_ACT_ALLOW", "SCMP_ACT_LOG"):
        continue  # e.g. the ENOSYS rules of fallback syscalls
    for n in rule["names"]:
        print(n)' "$1" | sort -u
}

report_field() {
	python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

json_field() {
	python3 -c 'import json, sys; r = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

# undisturbed REPORT: whether the notify run of REPORT had no call that a
# signal took out of its wait (counters.unreceived: before sclog received
# it; interrupted_late: after, where the filter lacks WAIT_KILLABLE_RECV).
# Such a run is incomplete by design (docs/how-it-works.md); the tests that
# compare sets make it again, at most SETTLE_TRIES times: on this 2-core
# machine under load a third of a shell pipeline's runs were disturbed,
# and 5 runs of 5 of a container's once.
SETTLE_TRIES=10
undisturbed() {
	[ "$(report_field "$1" 'r["counters"]["unreceived"] + r["counters"]["interrupted_late"]')" = 0 ]
}

strace_names() {
	grep -oP '^\d+ +\K[a-z0-9_]+(?=\()' "$1" | sort -u
}

# with_implied: the names on stdin (one a line), brk, exit, exit_group and
# rseq, and the signal return calls a call installing a handler among them
# implies, sorted: what sclog adds to every policy (policy/implied.h), seen
# or not (strace sees rt_sigreturn only when a signal came, exit only when
# a thread ends, rseq only from glibc; the notify collector never sees any
# of them).
with_implied() {
	local names
	names=$(cat)
	{
		printf '%s\n' "$names"
		printf '%s\n' brk exit exit_group rseq
		if grep -qxE 'rt_sigaction|sigaction|signal' <<< "$names"; then
			echo rt_sigreturn
		fi
		# sigaction and signal exist on the 32-bit ABIs only, as sigreturn.
		if grep -qxE 'sigaction|signal' <<< "$names"; then
			echo sigreturn
		fi
	} | grep . | sort -u
}
