#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# sclog --version names sclog's version, the libseccomp it runs with (the
# shared object actually loaded) and whether the kernel has RET_LOG; under a
# filter that hides seccomp() (ENOSYS) it must say RET_LOG is not supported.
. "$(dirname "$0")/lib.sh"

"$SCLOG" --version > "$T/out" || fail "--version exited $?"
cat "$T/out"
[ "$(wc -l < "$T/out")" -le 4 ] || fail "more than a short block"
grep -qE '^sclog [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" || fail "no 'sclog X.Y.Z' line"

# The libseccomp version is the loaded library's (libseccomp.so.2.5.4 -> 2.5.4).
lib=$(ldd "$SCLOG" | awk '/libseccomp\.so/ { print $3 }')
if [ -n "$lib" ]; then
	want=$(readlink -f "$lib" | sed -n 's/.*libseccomp\.so\.\([0-9]*\.[0-9]*\.[0-9]*\)$/\1/p')
	[ -n "$want" ] || fail "cannot tell the version of $lib"
	grep -qE "^libseccomp $want( |$)" "$T/out" || fail "libseccomp line does not say $want ($lib)"
	pass "libseccomp $want, the loaded $(readlink -f "$lib")"
else
	grep -qE '^libseccomp [0-9]+\.[0-9]+\.[0-9]+' "$T/out" || fail "no libseccomp line"
	pass "libseccomp line (static build)"
fi

avail=/proc/sys/kernel/seccomp/actions_avail
if [ -r "$avail" ] && grep -qw log "$avail"; then
	grep -q 'SECCOMP_RET_LOG supported' "$T/out" || fail "kernel lists log in $avail, --version does not say supported"
else
	grep -q 'SECCOMP_RET_LOG not supported' "$T/out" || fail "kernel lacks log, --version says otherwise"
fi
grep -q "^Linux $(uname -r):" "$T/out" || fail "no kernel release"
pass "RET_LOG line agrees with $avail"

# Negative control: the same binary under a filter where seccomp() fails
# with ENOSYS (as on a kernel without it) must report no RET_LOG.
cat > "$T/noseccomp.json" << 'JSON'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": [ "seccomp" ], "action": "SCMP_ACT_ERRNO", "errnoRet": 38 } ] }
JSON
"$SCLOG" enforce --policy "$T/noseccomp.json" -- "$SCLOG" --version > "$T/hidden" ||
	fail "--version under the filter exited $?"
grep -q 'SECCOMP_RET_LOG not supported' "$T/hidden" || { cat "$T/hidden"; fail "RET_LOG reported with seccomp() hidden"; }
pass "with seccomp() hidden: $(grep RET_LOG "$T/hidden")"
