# SPDX-License-Identifier: GPL-2.0-only
# The notify collector as uid 65534 without any capability: the integration
# workloads (short-lived children, threads, a 32-bit child where the kernel
# runs one) give exactly the syscall set strace -f sees as the same user.
. "$(dirname "$0")/lib.sh"
require_notify
require_tool strace

notify_workloads nobody "${NOBODY[@]}"

# A 32-bit child, where the kernel runs one.
if gcc -m32 -static -O2 -o "$T/hello32" "$SRCDIR/tests/progs/hello32.c" 2> /dev/null && "$T/hello32" > /dev/null 2>&1; then
	chmod 755 "$T/hello32"
	notify_same_as_strace "i386-nobody" "${NOBODY[@]}" -- /bin/sh -c "$T/hello32; /bin/true"
	python3 - "$T/i386-nobody.json" << 'PY' || fail "i386: the profile does not list SCMP_ARCH_X86"
import json, sys
assert "SCMP_ARCH_X86" in json.load(open(sys.argv[1]))["architectures"]
PY
else
	echo "SKIP (part): this kernel cannot run 32-bit programs or gcc -m32 is missing"
fi

