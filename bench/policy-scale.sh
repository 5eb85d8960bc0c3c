#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Time of every policy verb on large policies of several shapes, printed
# side by side: seconds (wall/cpu) per verb and shape, and the number of
# lines each verb wrote to stderr (its warnings).  The goal (issues 10
# and 17): every verb at most 5 s on 15 MB, whatever the shape, on the
# project's 2-core machine, and repeated warnings summarised.
#
# Shapes (each about MB megabytes of compact OCI JSON, 4000 ALLOW rules
# plus one for execve/exit_group, names drawn from the native syscalls,
# as many per rule as fill the size):
#   eq         1 to 3 SCMP_CMP_EQ conditions on distinct arguments
#   masked6    6 SCMP_CMP_MASKED_EQ conditions, one per argument, that
#              minijail cannot express (one warning per name and rule)
#   oneindex6  6 SCMP_CMP_EQ conditions on argument 0: each rule is split
#              into 6 rules, as runc and crun do
#   onename    6 conditions on argument 0, every name "read" repeated:
#              4000 x 6 rules for one syscall
#   dups       every rule repeats its names and conditions (duplicates the
#              model must drop) and the file is indented: many tokens
# diff compares each policy with a copy whose last condition differs.
# No root needed except for check and enforce (skipped without it).
# Run from anywhere:
#   bench/policy-scale.sh [-s MB] [-t TIMEOUT] [SHAPE...]
set -euo pipefail
cd "$(dirname "$0")/.."
sclog=${SCLOG:-build/sclog}
[ -x "$sclog" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
mb=15 limit=600
while getopts s:t: o; do
	case $o in
	s) mb=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] && shapes=("$@") || shapes=(eq masked6 oneindex6 onename dups)
B=$(mktemp -d)
trap 'rm -rf "$B"' EXIT

# gen SHAPE MB FILE: a policy of that shape and size (see above).
gen() {
	python3 - "$@" <<'PY'
import ctypes, json, random, sys
shape, mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
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
names = [n for n in names if n not in ("execve", "exit_group")]
def conditions(i):
    if shape == "masked6":
        return [{"index": a, "value": 0xff << a, "valueTwo": (i * 7 + a) & 0xff,
                 "op": "SCMP_CMP_MASKED_EQ"} for a in range(6)]
    if shape in ("oneindex6", "onename"):
        return [{"index": 0, "value": i * 6 + a, "valueTwo": 0, "op": "SCMP_CMP_EQ"}
                for a in range(6)]
    return [{"index": a, "value": i * 7 + a, "valueTwo": 0, "op": "SCMP_CMP_EQ"}
            for a in range(1 + i % 3)]
def build(k):
    random.seed(17)
    rules = [{"names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW"}]
    for i in range(4000 - (shape == "dups") * 2000):
        ns = ["read"] * k if shape == "onename" else random.sample(names, min(k, len(names)))
        rules.append({"names": ns, "action": "SCMP_ACT_ALLOW", "args": conditions(i)})
        if shape == "dups":
            rules.append({"names": ns + ns[:k // 2], "action": "SCMP_ACT_ALLOW",
                          "args": conditions(i)})
    return {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
            "architectures": ["SCMP_ARCH_X86_64"], "syscalls": rules}
def text(k):
    if shape == "dups":
        return json.dumps(build(k), indent=1) + "\n"
    return json.dumps(build(k), separators=(",", ":")) + "\n"
lo, hi = 1, 4000 if shape == "onename" else len(names)
while lo < hi:
    mid = (lo + hi + 1) // 2
    if len(text(mid)) <= mb * 1e6:
        lo = mid
    else:
        hi = mid - 1
open(out, "w").write(text(lo))
# The copy for diff: the last condition of the last rule differs.
p = json.loads(text(lo))
p["syscalls"][-1]["args"][-1]["value"] += 1
open(out + ".other", "w").write(json.dumps(p, separators=(",", ":")) + "\n")
print(f"{shape}: {lo} names per rule", file=sys.stderr)
PY
}

# secs CMD...: "wall/cpu" seconds of one run and the lines it wrote to
# stderr ("wall/cpu lines"); ">LIMIT" when it did not finish in time.
secs() {
	local rc=0
	timeout "$limit" /usr/bin/time -f "%e %U %S" -o "$B/time" "$@" > /dev/null 2> "$B/err" || rc=$?
	if [ $rc = 124 ]; then
		printf ">%s %s" "$limit" "$(wc -l < "$B/err")"
		return
	fi
	# diff exits 1 when the policies differ, check 1 on violations.
	[ $rc -le 1 ] || grep -v '^Command exited' "$B/err" | head -c 200 | sed 's/^/  # /' >&2
	tail -n 1 "$B/time" | awk -v l="$(grep -vc '^Command exited' "$B/err")" \
		'{ printf "%.2f/%.2f %d", $1, $2 + $3, l }'
}

verbs=(read diff merge oci docker spo minijail systemd bpf check enforce)
declare -A t
for s in "${shapes[@]}"; do
	p=$B/$s.json
	gen "$s" "$mb" "$p"
	t[$s,read]=$(secs "$sclog" export --format oci -o /dev/null "$p")
	t[$s,diff]=$(secs "$sclog" diff "$p" "$p.other")
	t[$s,merge]=$(secs "$sclog" merge "$p" "$p.other" -o /dev/null)
	for f in oci docker spo minijail systemd bpf; do
		t[$s,$f]=$(secs "$sclog" export --format "$f" -o "$B/out" "$p")
	done
	if [ "$(id -u)" = 0 ]; then
		t[$s,check]=$(secs "$sclog" check -q -p "$p" -- /bin/true)
		t[$s,enforce]=$(secs "$sclog" enforce -p "$p" -- /bin/true)
	else
		t[$s,check]="-/- 0"; t[$s,enforce]="-/- 0"
	fi
	echo "$s: $(du -h "$p" | cut -f1)" >&2
done
echo "seconds, wall/cpu (cpu = user + system), and lines on stderr; $mb MB policies"
printf "%-10s" verb
for s in "${shapes[@]}"; do printf "%20s" "$s"; done
echo
for v in "${verbs[@]}"; do
	printf "%-10s" "$v"
	for s in "${shapes[@]}"; do printf "%20s" "${t[$s,$v]}"; done
	echo
done
echo "(bpf, check and enforce refuse a policy whose filter exceeds the kernel's 4096"
echo " instructions: their time is the time to find that out)"
