#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The two collectors side by side in one run: a getppid storm natively,
# under the audit collector, under the notify collector with and without
# SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, under strace -f, and under the
# kernel's floor for any notify supervisor (bench/nfloor.c: answer CONTINUE,
# nothing else); then a multi-threaded storm (THREADS threads sharing the
# calls) under notify with sclog's poll loop and with 1 (the default), 2 and
# 4 supervisor threads.  Prints seconds and ratios.  As root (the audit collector needs it; the rest runs as uid
# 65534 too), after building:
#   bench/notify.sh [CALLS] [REPEATS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-1000000}
repeats=${2:-3}
threads=${3:-8}
B=$(mktemp -d)
trap 'rm -rf "$B"' EXIT
. bench/lib.sh
bench_need ""
sclog=$SCLOG
cc -O2 -o "$B/storm" bench/storm.c
cc -O2 -pthread -o "$B/tstorm" bench/tstorm.c
cc -O2 -o "$B/nfloor" bench/nfloor.c

printf 'machine: %s, %s cores, kernel %s, load %s; %s getppid calls, best of %s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1 /proc/loadavg)" "$calls" "$repeats"
native=$(bench_best "$repeats" "$B/storm" "$calls")
audit=""
if "$sclog" doctor > /dev/null 2>&1; then
	audit=$(bench_best "$repeats" "$sclog" run -q --backend audit -o /dev/null --report "$B/a.json" -- "$B/storm" "$calls")
fi
notify=$(bench_best "$repeats" "$sclog" run -q --backend notify -o /dev/null --report "$B/n.json" -- "$B/storm" "$calls")
nosync=$(bench_best "$repeats" env SCLOG_NOTIFY_SYNC_WAKE_UP=0 "$sclog" run -q --backend notify -o /dev/null -- "$B/storm" "$calls")
strace=$(bench_best "$repeats" strace -f -qq -o /dev/null "$B/storm" "$calls")
# The kernel's floor: a supervisor that only answers (bench/nfloor.c).
floor=$(bench_best "$repeats" "$B/nfloor" recv,sync "$B/storm" "$calls")
floorpoll=$(bench_best "$repeats" "$B/nfloor" poll,sync "$B/storm" "$calls")

row() { awk -v n="$1" -v t="$2" -v base="$native" \
	'BEGIN { printf "%-34s %8.3f s  %8.2fx native\n", n, t, t / base }'; }
echo
row "native" "$native"
[ -n "$audit" ] && row "sclog run --backend audit" "$audit" || echo "sclog run --backend audit          (audit collector not usable here)"
row "sclog run --backend notify" "$notify"
row "  without sync wake-up" "$nosync"
row "strace -f" "$strace"
row "floor: answer only, receive" "$floor"
row "floor: answer only, poll+receive" "$floorpoll"
echo
echo "notify: getppid count, complete, collector = $(bench_getppid "$B/n.json")"
[ -n "$audit" ] && echo "audit:  getppid count, complete, collector = $(bench_getppid "$B/a.json")"
awk -v a="${audit:-0}" -v n="$notify" -v s="$nosync" -v st="$strace" 'BEGIN {
	if (a > 0) printf "notify / audit            = %.3fx (goal <= 1.2)\n", n / a
	printf "notify / notify w/o sync  = %.3fx\n", n / s
	printf "strace -f / notify        = %.2fx (goal >= 5)\n", st / n }'
awk -v a="${audit:-0}" -v n="$notify" -v f="$floor" -v st="$strace" 'BEGIN {
	printf "notify / floor            = %.3fx (what sclog adds to the kernel)\n", n / f
	if (a > 0) printf "floor / audit             = %.3fx (the best any notify supervisor can do)\n", f / a
	printf "strace -f / floor         = %.2fx\n", st / f }'

# A multi-threaded target: the same calls spread over THREADS threads.
echo
echo "$threads threads sharing $calls getppid calls:"
tnative=$(bench_best "$repeats" "$B/tstorm" "$threads" "$calls")
awk -v t="$tnative" 'BEGIN { printf "%-34s %8.3f s\n", "native", t }'
for st in 0 1 2 4; do
	t=$(bench_best "$repeats" env SCLOG_NOTIFY_THREADS=$st "$sclog" run -q --backend notify -o /dev/null -- "$B/tstorm" "$threads" "$calls")
	label="notify, $st supervisor thread(s)"
	[ "$st" = 0 ] && label="notify, sclog's poll loop"
	awk -v n="$label" -v t="$t" -v base="$tnative" \
		'BEGIN { printf "%-34s %8.3f s  %8.2fx native\n", n, t, t / base }'
done
