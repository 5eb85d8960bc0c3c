# SPDX-License-Identifier: GPL-2.0-only
# The example policies shipped in policies/examples/ are what sclog makes of
# their commands on this system: regenerate and compare.
. "$(dirname "$0")/lib.sh"
require_kernel
# The examples are recorded on x86_64: another architecture has other names.
[ "$(uname -m)" = x86_64 ] || skip "the example policies are x86_64 recordings"
out=$(bash "$SRCDIR/tools/regen-examples.sh" --check "$SCLOG") ||
	{ echo "$out"; fail "example policies are stale: run tools/regen-examples.sh as root and review the diff"; }
pass "policies/examples/ match fresh profiles of their commands"
rc=0
python3 "$SRCDIR/tests/unit/validate_schema.py" "$SRCDIR"/policies/examples/*.json || rc=$?
case $rc in
0) pass "the example policies validate against the OCI runtime-spec schema" ;;
77) echo "schema not available: not validated" ;;
*) fail "an example policy does not validate against the OCI schema" ;;
esac
