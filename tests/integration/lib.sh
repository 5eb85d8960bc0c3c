# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers of the real-kernel tests. Each test sources this file.
set -euo pipefail

: "${SCLOG:?SCLOG must point to the sclog binary}"
: "${PROGS:?PROGS must point to the built test programs}"

skip() { echo "SKIP: $*"; exit 77; }

. "$(dirname "${BASH_SOURCE[0]}")/../machine-lock.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }

require_kernel() {
	[ "$(id -u)" = 0 ] || skip "needs root (CAP_AUDIT_READ, CAP_AUDIT_CONTROL)"
	"$SCLOG" doctor > /dev/null 2>&1 || skip "sclog doctor says this kernel cannot profile: $("$SCLOG" doctor 2>&1 | grep FAIL || true)"
}

# bpf_works: the bpf collector loads here (a build with it, root, BTF).
bpf_works() {
	"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> "$T/bpf.err"
}

# require_bpf: skip (77) with the reason when the bpf collector cannot load.
require_bpf() {
	[ "$(id -u)" = 0 ] || skip "the bpf collector needs root (CAP_BPF, CAP_PERFMON)"
	bpf_works || skip "the bpf collector cannot work here: $(head -c 400 "$T/bpf.err")"
}

T=$(mktemp -d "${TMPDIR:-/tmp}/sclog-test.XXXXXX")
trap 'rm -rf "$T"' EXIT

# policy_names FILE: the allowed syscall names of an OCI policy, one a line.
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

# report_field FILE EXPR: evaluate a python expression on report r.
report_field() {
	python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# json_field JSON EXPR: EXPR of r, the object in the string JSON.
json_field() {
	python3 -c 'import json, sys; r = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

# strace_names FILE: the syscall names in an `strace -f -o FILE` log.
strace_names() {
	grep -oP '^\d+ +\K[a-z0-9_]+(?=\()' "$1" | sort -u
}

# same_as_strace NAME CMD...: profile CMD and check its syscall set equals
# the one strace -f sees for the same deterministic command; with the
# collector $SCLOG_BACKEND if set.
same_as_strace() {
	local name=$1; shift
	"$SCLOG" run -q ${SCLOG_BACKEND:+--backend "$SCLOG_BACKEND"} -o "$T/$name.json" \
		--report "$T/$name.report.json" -- "$@" > /dev/null
	strace -f -qq -o "$T/$name.strace" "$@" > /dev/null
	strace_names "$T/$name.strace" > "$T/$name.want"
	policy_names "$T/$name.json" > "$T/$name.got"
	if ! diff -u "$T/$name.want" "$T/$name.got" > "$T/$name.diff"; then
		cat "$T/$name.diff" >&2
		fail "$name: profile differs from strace -f (- strace only, + sclog only)"
	fi
	[ "$(report_field "$T/$name.report.json" 'r["complete"]')" = True ] ||
		fail "$name: report says incomplete"
	[ -z "${SCLOG_BACKEND:-}" ] ||
		[ "$(report_field "$T/$name.report.json" 'r["collector"]')" = "$SCLOG_BACKEND" ] ||
		fail "$name: the report does not name the $SCLOG_BACKEND collector"
	pass "$name: $(wc -l < "$T/$name.got") syscalls, same set as strace -f${SCLOG_BACKEND:+ ($SCLOG_BACKEND)}"
}
