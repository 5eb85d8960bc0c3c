# SPDX-License-Identifier: GPL-2.0-only
# A 32-bit (i386) child of a 64-bit program is logged under SCMP_ARCH_X86,
# never killed.
. "$(dirname "$0")/lib.sh"
require_kernel
[ "$(uname -m)" = x86_64 ] || skip "i386 children need an x86_64 host"
gcc -m32 -static -O2 -o "$T/hello32" "$SRCDIR/tests/progs/hello32.c" 2> "$T/cc.log" ||
	skip "cannot build a 32-bit program (install gcc-multilib): $(head -1 "$T/cc.log")"
if ! "$T/hello32" > /dev/null 2>&1; then
	skip "this kernel cannot run 32-bit programs (ia32 emulation disabled: boot with ia32_emulation=on)"
fi
"$SCLOG" run -q -o "$T/p.json" -- /bin/sh -c "\"$T/hello32\"" > "$T/out" || fail "sclog run failed"
grep -q "hello from a 32-bit child" "$T/out" || fail "the 32-bit child did not run"
python3 - "$T/p.json" << 'PY' || fail "policy lacks the i386 architecture or its syscalls"
import json, sys
p = json.load(open(sys.argv[1]))
assert "SCMP_ARCH_X86" in p["architectures"], p["architectures"]
assert "SCMP_ARCH_X86_64" in p["architectures"]
names = p["syscalls"][0]["names"]
assert "write" in names and "exit_group" in names
PY
pass "i386 child profiled under SCMP_ARCH_X86"
