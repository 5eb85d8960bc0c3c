# SPDX-License-Identifier: GPL-2.0-only
# 1000 short-lived children (half renamed, every 10th exec'ing) and 64
# threads: every syscall appears with the right arch and the counts equal
# the program's own tally. With a 32-bit exec child when the kernel runs it.
. "$(dirname "$0")/lib.sh"
require_kernel

"$SCLOG" run -q -o "$T/p.json" --report "$T/r.json" -- "$PROGS/forkstorm" 1000 64 10 > "$T/tally"
counts=$(tally_compare "$T/r.json" "$T/tally") || fail "fork storm counts differ from the tally"
pass "fork storm: $counts, all $(uname -m), complete"

if gcc -m32 -static -O2 -pthread -o "$T/forkstorm32" "$SRCDIR/tests/progs/forkstorm.c" 2> /dev/null &&
	"$T/forkstorm32" --exec-child 2> /dev/null; then
	"$SCLOG" run -q -o "$T/p32.json" --report "$T/r32.json" -- "$PROGS/forkstorm" 1000 64 10 "$T/forkstorm32" > "$T/tally32"
	counts=$(tally_compare "$T/r32.json" "$T/tally32" '{"getpgid": "x86"}') || fail "32-bit exec children: counts differ"
	pass "fork storm with i386 exec children: $counts (getpgid under x86)"
else
	echo "SKIP (part): this kernel cannot run 32-bit programs or gcc -m32 is missing"
fi
