#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The three collectors side by side in one run: a getppid storm natively,
# under `sclog run --backend bpf`, `--backend audit` and `--backend notify`
# (wall time of the whole sclog run, the bpf program's load included), and
# what a bpf recording costs the rest of the machine: the same storm, not
# recorded, while a bpf recording of another command runs.  Prints seconds,
# ratios and the counts.  As root, after building:
#   bench/bpf.sh [CALLS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-1000000}
repeats=${2:-3}
B=$(mktemp -d)
bg=
trap '[ -z "$bg" ] || kill "$bg" 2> /dev/null; rm -rf "$B"' EXIT
. bench/lib.sh
bench_need ""
sclog=$SCLOG
cc -O2 -o "$B/storm" bench/storm.c

run() { # BACKEND
	bench_best "$repeats" "$sclog" run -q --backend "$1" -o /dev/null --report "$B/$1.json" -- "$B/storm" "$calls"
}

printf 'machine: %s, %s cores, kernel %s, load %s; %s getppid calls, best of %s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$calls" "$repeats"
native=$(bench_best "$repeats" "$B/storm" "$calls")
bpf=$(run bpf)
audit=$(run audit)
notify=$(run notify)
# The program runs on every call of every process while a recording runs:
# an untracked storm pays its test of the task (bench/bpfcost.sh breaks it
# down).  CPU time (user + system) of the storm, interleaved with native
# runs: on a loaded machine wall time mostly measures the wait for a CPU.
cpu() { # CMD...: user + system seconds of CMD
	local TIMEFORMAT='%U %S'
	{ time "$@" > /dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }'
}
min() { awk -v a="$1" -v b="${2:-}" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
cpu_native=
cpu_untracked=
for _ in $(seq "$repeats"); do
	cpu_native=$(min "$(cpu "$B/storm" "$calls")" "$cpu_native")
	"$sclog" run -q --backend bpf -o /dev/null -- sleep 600 &
	bg=$!
	sleep 1
	cpu_untracked=$(min "$(cpu "$B/storm" "$calls")" "$cpu_untracked")
	kill "$bg"
	wait "$bg" 2> /dev/null || true
	bg=
done

row() { awk -v n="$1" -v t="$2" -v base="$native" \
	'BEGIN { printf "%-44s %8.3f s  %7.2fx native\n", n, t, t / base }'; }
echo
row "native" "$native"
row "sclog run --backend bpf" "$bpf"
row "sclog run --backend audit" "$audit"
row "sclog run --backend notify" "$notify"
echo
for b in bpf audit notify; do
	echo "$b: getppid count, complete, collector = $(bench_getppid "$B/$b.json")"
done
awk -v b="$bpf" -v a="$audit" -v n="$notify" -v x="$native" -v u="$cpu_untracked" -v c="$cpu_native" 'BEGIN {
	printf "bpf / native = %.3fx (goal <= 1.5); audit / bpf = %.1fx; notify / bpf = %.1fx\n", b / x, a / b, n / b
	printf "untracked storm, CPU time: %.3f s native, %.3f s while a bpf recording runs: %.3fx\n", c, u, u / c }'
