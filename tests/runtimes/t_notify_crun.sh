#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Inside a crun container (default capabilities, noNewPrivileges true, its
# own pid, network, ipc, uts and mount namespaces, no seccomp profile of its
# own), `sclog run --backend notify` profiles the integration workloads (a
# pipeline with short-lived children, threads) with exactly the syscall set
# strace -f sees in the same container.  The audit collector cannot work
# there (no CAP_AUDIT_*, not the initial namespaces): sclog must pick
# notify by itself.
. "$(dirname "$0")/lib.sh"
require_root
require_tool crun strace
: "${SCLOG:?SCLOG must point to the sclog binary}"
: "${PROGS:?PROGS must point to the built test programs}"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel"

# Each sclog run in the container is stopped after 15 s (a pipeline that a
# call interrupted before sclog received it can hang, and is retried up to
# 5 times); the container's own bound leaves room for that.
RT_TIMEOUT=300

# The container sees sclog's build (binary and test programs) read-only,
# and writes its results to stdout.
sclog_dir=$(cd "$(dirname "$SCLOG")" && pwd)
progs_dir=$(cd "$PROGS" && pwd)
src_dir=$(cd "$SRCDIR" && pwd)
mkdir -p "$T/work"
cat > "$T/work/inside.sh" << SH
#!/bin/sh
# Runs in the container: profile and trace each workload, print both sets.
set -e
cd /tmp
run() {
	name=\$1; shift
	# Again while a signal took calls out of their wait before sclog
	# received them (sclog warns; fork() or close() may then fail with
	# EINTR, and a pipeline hang: stopped after 15 s if sclog warned).
	for try in 1 2 3 4 5 6 7 8 9 10; do
		rm -f /tmp/\$name.report.json
		rc=0
		timeout -k 5 15 "$sclog_dir/sclog" run -q --backend notify -o /tmp/\$name.json --report /tmp/\$name.report.json -- "\$@" > /dev/null 2> /tmp/\$name.err || rc=\$?
		cat /tmp/\$name.err >&2
		if [ \$rc = 124 ] || [ \$rc = 137 ]; then
			grep -q "interrupted a call" /tmp/\$name.err || { echo "\$name: no end in 15 s, no warning" >&2; exit 1; }
		elif grep -Eq '"unreceived": 0([^0-9]|\$)' /tmp/\$name.report.json; then
			break
		fi
		echo "# \$name, try \$try: calls interrupted before sclog received them, again" >&2
	done
	[ \$rc = 0 ]
	strace -f -qq -o /tmp/\$name.strace "\$@" > /dev/null
	echo "== \$name policy"; cat /tmp/\$name.json
	echo "== \$name report"; cat /tmp/\$name.report.json
	echo "== \$name strace"; cat /tmp/\$name.strace
}
run true /bin/true
run pipeline /bin/sh -c 'echo hello | tr a-z A-Z | wc -c > /dev/null; (/bin/true &); /bin/sleep 0.3 & wait'
run threads "$progs_dir/threads" 8
# No --backend: audit cannot work here, notify is chosen and announced.
"$sclog_dir/sclog" run -o /tmp/auto.json -- /bin/true 2> /tmp/auto.err > /dev/null
echo "== auto stderr"; cat /tmp/auto.err
echo "== end"
SH
chmod 755 "$T/work/inside.sh"
rt_bundle "$T/b"
rt_config "$T/b" none true /tmp "$T/work:$sclog_dir:$progs_dir:$src_dir" -- /bin/sh "$T/work/inside.sh"
rt_container crun "$T/b" "$T/c"
[ "$(cat "$T/c.rc")" = 0 ] || fail "the container failed: $(rt_show "$T/c")"

# Split the container's output into files.
python3 - "$T/c.out" "$T" << 'PY'
import sys
out, d = sys.argv[1], sys.argv[2]
cur = None
for line in open(out):
    if line.startswith("== "):
        if cur: cur.close()
        key = line[3:].strip().replace(" ", ".")
        cur = None if key == "end" else open(f"{d}/ct.{key}", "w")
        continue
    if cur: cur.write(line)
if cur: cur.close()
PY
for w in true pipeline threads; do
	strace_names_of() { grep -oP '^\d+ +\K[a-z0-9_]+(?=\()' "$1" | sort -u; }
	strace_names_of "$T/ct.$w.strace" | with_implied > "$T/$w.want"
	rt_names "$T/ct.$w.policy" > "$T/$w.got"
	diff -u "$T/$w.want" "$T/$w.got" || fail "in crun, $w: notify profile differs from strace -f (- strace only, + sclog only)"
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["complete"] and r["collector"] == "notify", (r["problems"], r.get("collector"))' "$T/ct.$w.report" ||
		fail "in crun, $w: report incomplete or not from the notify collector"
	pass "in crun (noNewPrivileges, default capabilities): $w, $(wc -l < "$T/$w.got") syscalls, same set as strace -f"
done
grep -q "notify collector" "$T/ct.auto.stderr" || fail "in crun without --backend: no word that notify was chosen: $(cat "$T/ct.auto.stderr")"
pass "in crun without --backend: $(grep -m1 'notify collector' "$T/ct.auto.stderr")"

# Docker's default seccomp profile grants pidfd_getfd() only with
# CAP_SYS_PTRACE, which its containers lack (GitLab's docker executor,
# GitHub Actions container jobs). sclog must not need it: its listener
# reaches it through a helper that shares the child's descriptor table.
cat > "$T/noptrace.json" << 'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["pidfd_getfd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
JSON
cat > "$T/work/noptrace.sh" << SH
#!/bin/sh
# pidfd_getfd() on a descriptor of this very process: refused here.
python3 -c 'import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); fd = os.pidfd_open(os.getpid()); r = libc.syscall(438, fd, 0, 0); print("pidfd_getfd", r, ctypes.get_errno())'
# Again while sclog warned of a call interrupted before it received it
# (the pipeline may then fail, or hang until timeout stops it).
for try in 1 2 3 4 5 6 7 8 9 10; do
	rm -f /tmp/p.report.json
	timeout -k 5 15 "$sclog_dir/sclog" run --backend notify -o /tmp/p.json --report /tmp/p.report.json -- /bin/sh -c 'echo hello | tr a-z A-Z' > /tmp/p.out
	rc=\$?
	grep -Eq '"unreceived": 0([^0-9]|\$)' /tmp/p.report.json && break
done
cat /tmp/p.out
echo "sclog exit \$rc"
grep -c '"execve"' /tmp/p.json
SH
chmod 755 "$T/work/noptrace.sh"
rt_bundle "$T/b2"
rt_config "$T/b2" "$T/noptrace.json" true /tmp "$T/work:$sclog_dir:$progs_dir:$src_dir" -- /bin/sh "$T/work/noptrace.sh"
rt_container crun "$T/b2" "$T/c2"
[ "$(cat "$T/c2.rc")" = 0 ] || fail "the container without pidfd_getfd failed: $(rt_show "$T/c2")"
grep -qx "pidfd_getfd -1 1" "$T/c2.out" || fail "pidfd_getfd was not refused with EPERM in the container: $(cat "$T/c2.out")"
grep -qx "HELLO" "$T/c2.out" && grep -qx "sclog exit 0" "$T/c2.out" && grep -qx "1" "$T/c2.out" ||
	fail "sclog run --backend notify failed where pidfd_getfd is refused: $(rt_show "$T/c2")"
pass "in crun with pidfd_getfd refused (EPERM, as Docker's default profile does without CAP_SYS_PTRACE): the notify collector works"
