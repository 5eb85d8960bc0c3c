#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Wall time of a syscall storm natively, under the kernel's RET_LOG floor
# (bare filter + counting reader), under sclog run, sclog check with a
# complete policy, strace -f -c and perf trace -s, measured side by side in
# one run and printed as ratios; then sclog's peak RSS after 1,000 and after
# CALLS records. Run as root from the repository:
#   bench/bench.sh [CALLS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-1000000}
repeats=${2:-3}
B=$(mktemp -d)
trap 'rm -rf "$B"' EXIT

. bench/lib.sh
bench_need ""
sclog_bin=$SCLOG
cc -O2 -o "$B/storm" bench/storm.c
cc -O2 -o "$B/floor" bench/floor.c
cc -O2 -o "$B/allowall" bench/allowall.c

printf 'machine: %s, %s cores, kernel %s; %s getppid calls, best of %s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$calls" "$repeats"
native=$(bench_best "$repeats" "$B/storm" "$calls")
floor=$(bench_best "$repeats" "$B/floor" "$calls" "$B/storm" "$calls")
sclog=$(bench_best "$repeats" "$sclog_bin" run -q -o "$B/p.json" --report "$B/r.json" -- "$B/storm" "$calls")
count=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([s["count"] for s in r["syscalls"] if s["name"]=="getppid"][0], r["overflows"], r["records_lost"], r["complete"])' "$B/r.json")
allowall=$(bench_best "$repeats" "$B/allowall" "$B/storm" "$calls")
check=$(bench_best "$repeats" "$sclog_bin" check -q -p "$B/p.json" -o /dev/null -- "$B/storm" "$calls")
strace=$(bench_best "$repeats" strace -f -c -o /dev/null "$B/storm" "$calls")
if command -v perf > /dev/null && perf trace -s -o /dev/null true > /dev/null 2>&1; then
	perf=$(bench_best "$repeats" perf trace -s -o /dev/null "$B/storm" "$calls")
else
	perf=""
fi

row() { awk -v n="$1" -v t="$2" -v base="$native" -v fl="$floor" \
	'BEGIN { printf "%-22s %8.3f s  %7.2fx native  %6.2fx floor\n", n, t, t / base, t / fl }'; }
echo
row "native" "$native"
row "RET_LOG floor" "$floor"
row "sclog run" "$sclog"
row "allow-all filter" "$allowall"
row "sclog check (complete)" "$check"
row "strace -f -c" "$strace"
[ -n "$perf" ] && row "perf trace -s" "$perf" || echo "perf trace -s          (not available here)"
echo
echo "sclog: getppid count, socket overflows, records lost, complete = $count"
awk -v s="$sclog" -v st="$strace" -v f="$floor" -v c="$check" -v n="$native" -v a="$allowall" 'BEGIN {
	printf "sclog run / floor     = %.3fx (goal <= 1.1)\n", s / f
	printf "sclog check / native  = %.3fx (goal <= 1.05; any filter costs allow-all / native = %.3fx)\n", c / n, a / n
	printf "sclog check / allow-all filter = %.3fx\n", c / a
	printf "strace -f / sclog run = %.2fx (goal >= 4)\n", st / s }'
"$sclog_bin" run -q -o /dev/null --report "$B/small.json" -- "$B/storm" 1000
rss() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sclog_max_rss_kib"])' "$1"; }
awk -v a="$(rss "$B/small.json")" -v b="$(rss "$B/r.json")" -v n="$calls" \
	'BEGIN { printf "sclog peak RSS: %d KiB after 1000 records, %d KiB after %d: %.3fx (goal <= 1.10)\n", a, b, n, b / a }'

# A workload with an ordinary syscall density: checksum a 256 MiB file.
head -c 268435456 /dev/zero > "$B/big"
"$sclog_bin" run -q -o "$B/sha.json" -- sha256sum "$B/big" > /dev/null  # same stdio as timed below
sha_native=$(bench_best "$repeats" sha256sum "$B/big")
sha_check=$(bench_best "$repeats" "$sclog_bin" check -q -p "$B/sha.json" -o /dev/null -- sha256sum "$B/big")
awk -v n="$sha_native" -v c="$sha_check" \
	'BEGIN { printf "sha256sum 256 MiB: native %.3f s, sclog check %.3f s: %.3fx\n", n, c, c / n }'
