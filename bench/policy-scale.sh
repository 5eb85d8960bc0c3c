#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Time of every policy verb on large policies: 1, 4 and 15 MB OCI policies
# of argument rules (4096 rules, each a few conditions and a growing number
# of names), printed as a table of seconds per verb and size, with the
# growth from 1 MB.  Linear operations grow about as the size (x4, x15).
# The goal (issue 10): every verb at most 5 s on 15 MB on the project's
# 2-core machine.  No root needed except for check and enforce (skipped
# without it).  Run from the repository:
#   bench/policy-scale.sh [SIZES_MB...]
set -euo pipefail
cd "$(dirname "$0")/.."
sclog=${SCLOG:-build/sclog}
[ -x "$sclog" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
[ $# -gt 0 ] && sizes=("$@") || sizes=(1 4 15)
B=$(mktemp -d)
trap 'rm -rf "$B"' EXIT

# gen MB FILE: 4096 ALLOW rules with one to three conditions, names drawn
# from the native syscalls libseccomp knows, until the file has MB MB.
gen() {
	python3 - "$1" "$2" <<'PY'
import ctypes, json, random, sys
mb, out = int(sys.argv[1]), sys.argv[2]
lib = ctypes.CDLL("libseccomp.so.2")
lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p
lib.seccomp_arch_native.restype = ctypes.c_uint32
native = lib.seccomp_arch_native()
libc = ctypes.CDLL(None)
names = []
for nr in range(0, 600):
    p = lib.seccomp_syscall_resolve_num_arch(native, nr)
    if p:
        names.append(ctypes.string_at(p).decode())
        libc.free(ctypes.c_void_p(p))
random.seed(10)
rules, target = 4095, mb * 1000 * 1000
per_rule = 1
def build(k):
    rs = []
    for i in range(rules):
        args = [{"index": a, "value": i * 7 + a, "valueTwo": 0, "op": "SCMP_CMP_EQ"}
                for a in range(1 + i % 3)]
        rs.append({"names": random.sample(names, min(k, len(names))), "action": "SCMP_ACT_ALLOW",
                   "args": args})
    return {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
            "architectures": ["SCMP_ARCH_X86_64"],
            "syscalls": [{"names": ["execve", "exit_group", "brk", "mmap", "read", "write",
                                    "close", "openat", "newfstatat", "arch_prctl",
                                    "set_tid_address", "set_robust_list", "rseq", "prlimit64",
                                    "mprotect", "munmap", "pread64", "getrandom", "access",
                                    "fstat", "exit"], "action": "SCMP_ACT_ALLOW"}] + rs}
# names per rule so that the pretty-printed file is about the target size
lo, hi = 1, len(names)
while lo < hi:
    mid = (lo + hi) // 2
    if len(json.dumps(build(mid), indent=2)) < target:
        lo = mid + 1
    else:
        hi = mid
open(out, "w").write(json.dumps(build(lo), indent=2) + "\n")
PY
}

# secs CMD...: "wall/cpu" seconds of one run (the verbs are deterministic;
# cpu = user + system, which other load on the machine does not inflate).
secs() {
	local rc=0
	/usr/bin/time -f "%e %U %S" -o "$B/time" "$@" > /dev/null 2> "$B/err" || rc=$?
	# diff exits 1 when the policies differ, check 1 on violations.
	[ $rc -le 1 ] || head -c 200 "$B/err" | sed 's/^/  # /' >&2
	# (time puts "Command exited with non-zero status N" first then)
	tail -n 1 "$B/time" | awk '{ printf "%.2f/%.2f", $1, $2 + $3 }'
}

verbs=(read diff merge oci docker spo minijail systemd bpf check enforce)
declare -A t
for mb in "${sizes[@]}"; do
	p=$B/p$mb.json
	gen "$mb" "$p"
	cp "$p" "$B/q$mb.json"
	t[$mb,read]=$(secs "$sclog" export --format oci -o /dev/null "$p")
	t[$mb,diff]=$(secs "$sclog" diff "$p" "$B/q$mb.json")
	t[$mb,merge]=$(secs "$sclog" merge "$p" "$B/q$mb.json" -o /dev/null)
	for f in oci docker spo minijail systemd bpf; do
		t[$mb,$f]=$(secs "$sclog" export --format "$f" -o "$B/out" "$p")
	done
	if [ "$(id -u)" = 0 ]; then
		t[$mb,check]=$(secs "$sclog" check -q -p "$p" -- /bin/true)
		t[$mb,enforce]=$(secs "$sclog" enforce -p "$p" -- /bin/true)
	else
		t[$mb,check]=-/-; t[$mb,enforce]=-/-
	fi
	echo "generated $(du -h "$p" | cut -f1) policy ($mb MB target)" >&2
done
echo "seconds, wall/cpu (cpu = user + system); growth = cpu ratio to ${sizes[0]} MB"
printf "%-10s" verb
for mb in "${sizes[@]}"; do printf "%14s" "${mb} MB"; done
for mb in "${sizes[@]:1}"; do printf "%12s" "cpu x${mb}MB"; done
echo
for v in "${verbs[@]}"; do
	printf "%-10s" "$v"
	for mb in "${sizes[@]}"; do printf "%14s" "${t[$mb,$v]}"; done
	for mb in "${sizes[@]:1}"; do
		awk -v a="${t[${sizes[0]},$v]#*/}" -v b="${t[$mb,$v]#*/}" \
			'BEGIN { if (a > 0.005 && b != "") printf "%12.1f", b / a; else printf "%12s", "-" }'
	done
	echo
done
echo "(bpf, check and enforce refuse a policy whose filter exceeds the kernel's 4096"
echo " instructions: their time is the time to find that out)"
