# SPDX-License-Identifier: GPL-2.0-only
# Profiles of deterministic commands equal what strace -f sees: with the
# default collector, and with the bpf collector where it loads.
. "$(dirname "$0")/lib.sh"
require_kernel
require_tool strace

ground_truth() { # SUFFIX
	local s=$1
	same_as_strace "true$s" /bin/true
	# A pipeline with short-lived children, a subshell and a background
	# job that is still running when the shell waits (see lib.sh).
	same_as_strace "pipeline$s" /bin/sh -c "$PIPELINE"
	same_as_strace "threads$s" "$PROGS/threads" 16

	grep -qx sched_getaffinity "$T/threads$s.got" ||
		fail "threads$s: the threads' own syscall is missing"
	[ "$(report_field "$T/threads$s.report.json" '[s["count"] for s in r["syscalls"] if s["name"] == "sched_getaffinity"][0]')" = 16 ] ||
		fail "threads$s: sched_getaffinity should be counted once per thread (16)"
	pass "threads$s: per-thread syscall counted 16 times"
}

ground_truth ""
if bpf_works; then
	SCLOG_BACKEND=bpf ground_truth -bpf
else
	echo "SKIP (part): the bpf collector cannot work here: $(head -c 300 "$T/bpf.err")"
fi
