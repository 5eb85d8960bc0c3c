# SPDX-License-Identifier: GPL-2.0-only
# A 32-bit arm child of a 64-bit program on aarch64 is logged under
# SCMP_ARCH_ARM, never killed, and its calls carry arm's names.
. "$(dirname "$0")/lib.sh"
require_kernel
[ "$(uname -m)" = aarch64 ] || skip "32-bit arm children need an aarch64 host"
[ -x "$PROGS/hello32-arm" ] ||
	skip "no 32-bit arm test program (build with arm-linux-gnueabihf-gcc found: tests/guest/run.sh does)"
if ! "$PROGS/hello32-arm" > /dev/null 2>&1; then
	skip "this kernel or CPU cannot run 32-bit arm programs (CONFIG_COMPAT, AArch32 EL0)"
fi
for backend in audit notify; do
	"$SCLOG" run -q --backend $backend -o "$T/p.json" -- /bin/sh -c "\"$PROGS/hello32-arm\"" \
		> "$T/out" || fail "sclog run --backend $backend failed"
	grep -q "hello from a 32-bit child" "$T/out" || fail "the 32-bit child did not run ($backend)"
	python3 - "$T/p.json" << 'PY' || fail "policy lacks the arm architecture or its calls ($backend)"
import json, sys
p = json.load(open(sys.argv[1]))
assert "SCMP_ARCH_ARM" in p["architectures"], p["architectures"]
assert "SCMP_ARCH_AARCH64" in p["architectures"]
names = set(n for r in p["syscalls"] for n in r["names"])
# write and exit_group of the 32-bit child (arm has them under these names).
assert "write" in names and "exit_group" in names, names
PY
done
pass "32-bit arm child profiled under SCMP_ARCH_ARM with both collectors"
