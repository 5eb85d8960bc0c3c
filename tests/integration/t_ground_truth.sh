# SPDX-License-Identifier: GPL-2.0-only
# Profiles of deterministic commands equal what strace -f sees.
. "$(dirname "$0")/lib.sh"
require_kernel
command -v strace > /dev/null || skip "strace is not installed"

same_as_strace true /bin/true
# A pipeline with short-lived children, a subshell and a background job
# that is still running when the shell waits (see notify-lib.sh).
same_as_strace pipeline /bin/sh -c 'echo hello | tr a-z A-Z | wc -c > /dev/null; (/bin/true &); /bin/sleep 0.3 & wait'
same_as_strace threads "$PROGS/threads" 16

grep -qx sched_getaffinity "$T/threads.got" || fail "threads: the threads' own syscall is missing"
[ "$(report_field "$T/threads.report.json" '[s["count"] for s in r["syscalls"] if s["name"] == "sched_getaffinity"][0]')" = 16 ] ||
	fail "threads: sched_getaffinity should be counted once per thread (16)"
pass "threads: per-thread syscall counted 16 times"
