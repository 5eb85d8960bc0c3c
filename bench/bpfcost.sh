#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Where the bpf collector's cost comes from, part by part, in one run.  A
# getppid storm (bench/nscall.c: it times itself, ns per call of CPU time
# and of wall time) runs
#   outside the recorded tree with
#     a   nothing attached (native)
#     b   an empty program on the sys_enter tracepoint: the slow syscall
#         path such a program puts on every task of the machine, and the call
#     c   a program that looks the task's tgid up in a hash and misses: the
#         membership test of the collector before task storage
#     c2  the same test with task local storage (the collector's now)
#     c3  the same test with a bit per tgid in an array (inlined lookup)
#     o   while `sclog run --backend bpf` records another command
#     o0  the same with $SCLOG_OLD (another build, say the one before)
#   inside the tree:
#     f   under a one-instruction allow-all seccomp filter (bench/allowall.c):
#         the floor of a hook only seccomp-filtered tasks reach
#     d   recorded by `sclog run --backend bpf`: the counting path
#     d0  the same with $SCLOG_OLD
# Rows b, c, c2, c3, o, d also give the program's own mean ns a run, which
# the kernel measures while a BPF_ENABLE_STATS descriptor is open
# (bench/bpfload.c holds one; nothing is left changed).  The variants are
# interleaved, REPEATS rounds, medians.  As root, after building sclog with
# the bpf collector:
#   [SCLOG_OLD=OTHER/sclog] bench/bpfcost.sh [CALLS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-1000000}
repeats=${2:-7}
sclog=${SCLOG:-build/sclog}
old=${SCLOG_OLD:-}
[ -x "$sclog" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
command -v clang > /dev/null || { echo "clang is missing: tools/install-deps.sh installs it" >&2; exit 1; }
B=$(mktemp -d)
bg=
stats=
stop() { # PID...
	local p
	for p in "$@"; do
		[ -z "$p" ] || { kill "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; }
	done
}
trap 'stop "$bg" "$stats"; rm -rf "$B"' EXIT
cc -O2 -o "$B/nscall" bench/nscall.c
cc -O2 -o "$B/allowall" bench/allowall.c
cc -O2 -o "$B/bpfload" bench/bpfload.c -lbpf
clang -target bpf -D__TARGET_ARCH_x86 -g -O2 -Isrc/collect/bpf -c bench/bpfcost.bpf.c -o "$B/cost.o"

# wait_for FILE PATTERN PID: until FILE holds PATTERN, while PID lives.
wait_for() {
	for _ in $(seq 600); do
		grep -q "$2" "$1" 2> /dev/null && return 0
		kill -0 "$3" 2> /dev/null || { cat "$B/bg.err" >&2; return 1; }
		sleep 0.05
	done
	echo "timed out waiting for $2 in $1" >&2
	return 1
}
progs() { # the ids of the machine's sclog_sys_enter programs
	bpftool prog show -j 2> /dev/null | python3 -c 'import json, sys
print(" ".join(str(p["id"]) for p in json.load(sys.stdin) if p.get("name") == "sclog_sys_enter"))'
}
# prog_ns IDS-BEFORE: mean ns a run of the one sclog_sys_enter that is new
prog_ns() {
	bpftool prog show -j 2> /dev/null | python3 -c 'import json, sys
before = set(sys.argv[1].split())
new = [p for p in json.load(sys.stdin) if p.get("name") == "sclog_sys_enter" and str(p["id"]) not in before]
print("%.1f" % (new[0]["run_time_ns"] / new[0]["run_cnt"]) if len(new) == 1 and new[0].get("run_cnt") else "-")' "$1"
}
# Another engineer's recording puts its own program on sys_enter: a sample
# taken meanwhile is marked.
foreign() { [ -n "$(progs)" ] && echo 1 || echo 0; }
native() { # FILE: one native sample
	local f
	f=$(foreign)
	echo "$("$B/nscall" "$calls") - $f" >> "$B/$1"
}
bench_prog() { # FILE PROGRAM: the storm outside while PROGRAM is attached
	local f
	f=$(foreign)
	"$B/bpfload" "$B/cost.o" "$2" > "$B/bg.out" 2> "$B/bg.err" &
	bg=$!
	wait_for "$B/bg.out" attached "$bg"
	local s
	s=$("$B/nscall" "$calls")
	stop "$bg"
	bg=
	echo "$s $(tail -1 "$B/bg.out" | awk '{ print $2 }') $f" >> "$B/$1"
}
bench_outside() { # FILE SCLOG: the storm outside while SCLOG records sleep
	local before f s ns
	before=$(progs)
	f=$([ -n "$before" ] && echo 1 || echo 0)
	"$2" run -q --backend bpf -o /dev/null -- sleep 600 > /dev/null 2> "$B/bg.err" &
	bg=$!
	for _ in $(seq 600); do
		pgrep -P "$bg" > /dev/null && break
		kill -0 "$bg" 2> /dev/null || { cat "$B/bg.err" >&2; return 1; }
		sleep 0.05
	done
	s=$("$B/nscall" "$calls")
	ns=$(prog_ns "$before")
	stop "$bg"
	bg=
	echo "$s $ns $f" >> "$B/$1"
}
bench_inside() { # FILE SCLOG: the storm recorded, exact, then its program's mean
	local before f ns
	before=$(progs)
	f=$([ -n "$before" ] && echo 1 || echo 0)
	"$2" run -q --backend bpf -o /dev/null --report "$B/report.json" -- \
		"$B/nscall" "$calls" pause > "$B/in.out" 2> "$B/bg.err" &
	bg=$!
	wait_for "$B/in.out" . "$bg"
	ns=$(prog_ns "$before")
	pkill -P "$bg" 2> /dev/null || true
	wait "$bg" 2> /dev/null || true
	bg=
	python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); n = sum(s["count"] for s in r["syscalls"] if s["name"] == "getppid"); sys.exit(0 if n == int(sys.argv[2]) else 1)' \
		"$B/report.json" "$calls" || { echo "the recording did not count $calls getppid" >&2; return 1; }
	echo "$(cat "$B/in.out") $ns $f" >> "$B/$1"
	rm -f "$B/in.out"
}

"$B/bpfload" "$B/cost.o" seccomp_exit > "$B/hook.out" 2> /dev/null &
p=$!
sleep 1
hook="refused by this kernel"
! grep -q attached "$B/hook.out" || hook="loads"
stop "$p"
printf 'machine: %s, %s cores, kernel %s, load %s; %s getppid calls, median of %s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$calls" "$repeats"
echo "a program on the return of __secure_computing() (fexit): $hook"
"$B/bpfload" - - > "$B/stats.out" &
stats=$!
wait_for "$B/stats.out" attached "$stats"
rows="a b c c2 c3 o f d"
[ -z "$old" ] || rows="$rows o0 d0"
for i in $(seq "$repeats"); do
	native a
	bench_prog b empty
	bench_prog c hash_miss
	bench_prog c2 storage_miss
	bench_prog c3 bitmap_miss
	bench_outside o "$sclog"
	[ -z "$old" ] || bench_outside o0 "$old"
	echo "$("$B/allowall" "$B/nscall" "$calls") - $(foreign)" >> "$B/f"
	bench_inside d "$sclog"
	[ -z "$old" ] || bench_inside d0 "$old"
	echo "round $i of $repeats, load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
printf 'load at the end: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

median() { # COLUMN FILE
	awk -v c="$1" '$c != "-" { print $c }' "$2" | sort -n |
		awk '{ v[NR] = $1 } END { if (!NR) print "nan"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
na=$(median 2 "$B/a")
printf '%-58s %8s %8s %8s %9s %4s\n' "getppid storm, ns a call, median" CPU wall CPU/a "prog ns" n
row() { # FILE LABEL
	awk -v l="$1  $2" -v c="$(median 2 "$B/$1")" -v w="$(median 1 "$B/$1")" -v p="$(median 3 "$B/$1")" \
		-v a="$na" -v n="$(awk '$4 == 0' "$B/$1" | wc -l)" \
		'BEGIN { printf "%-58s %8.1f %8.1f %7.3fx %9s %4d\n", l, c, w, c / a, p, n }'
}
row a "outside the tree, nothing attached"
row b "outside, empty program on sys_enter"
row c "outside, sys_enter + hash lookup of the tgid (miss)"
row c2 "outside, sys_enter + task storage lookup (miss)"
row c3 "outside, sys_enter + bit of the tgid in an array (miss)"
row o "outside, while sclog --backend bpf records"
[ -z "$old" ] || row o0 "outside, while SCLOG_OLD --backend bpf records"
row f "in a tree under an allow-all seccomp filter, no program"
row d "in the tree, sclog --backend bpf"
[ -z "$old" ] || row d0 "in the tree, SCLOG_OLD --backend bpf"
echo "(prog ns: the program's own mean a run, as the kernel times it, timing included;"
echo " n: samples taken while no other sclog_sys_enter program was on the machine, of $repeats)"
echo "every sample (wall CPU prog-ns foreign):"
for f in $rows; do
	printf '  %-3s %s\n' "$f" "$(awk '{ printf "%s/%s/%s/%s ", $1, $2, $3, $4 }' "$B/$f")"
done
