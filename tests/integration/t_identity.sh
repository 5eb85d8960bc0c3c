# SPDX-License-Identifier: GPL-2.0-only
# Case 6 of docs/reliability.md: with sclog's login uid unset (services,
# cron, CI), the command's login uid is the invoking user's — SUDO_UID under
# sudo, else the real uid — never an invented root login; the report records
# the login uid before and after, and the records carry the new one.
. "$(dirname "$0")/lib.sh"
require_kernel
[ "$(cat /proc/self/loginuid)" = 4294967295 ] ||
	skip "this test's login uid is set ($(cat /proc/self/loginuid)): sclog keeps it, nothing to test"

SUDO_UID=65534 "$SCLOG" run -q -o "$T/p.json" --report "$T/r.json" -- /bin/true ||
	fail "run with SUDO_UID failed"
[ "$(report_field "$T/r.json" 'r["audit_identity"]')" = "{'auid_before': 4294967295, 'auid_after': 65534}" ] ||
	fail "SUDO_UID=65534: audit_identity is $(report_field "$T/r.json" 'r["audit_identity"]')"
pass "loginuid unset, SUDO_UID=65534: the command's login uid is 65534, recorded before/after"

# Negative control: without SUDO_UID the real uid (0 here) is used.
env -u SUDO_UID "$SCLOG" run -q -o "$T/p.json" --report "$T/r0.json" -- /bin/true ||
	fail "run without SUDO_UID failed"
[ "$(report_field "$T/r0.json" 'r["audit_identity"]["auid_after"]')" = "$(id -u)" ] ||
	fail "without SUDO_UID: auid_after is not the real uid"
pass "loginuid unset, no SUDO_UID: the real uid $(id -u)"

# A bad SUDO_UID is ignored, not trusted.
SUDO_UID=oops "$SCLOG" run -q -o "$T/p.json" --report "$T/r1.json" -- /bin/true ||
	fail "run with a bad SUDO_UID failed"
[ "$(report_field "$T/r1.json" 'r["audit_identity"]["auid_after"]')" = "$(id -u)" ] ||
	fail "a malformed SUDO_UID was used"
pass "a malformed SUDO_UID falls back to the real uid"
"$SCLOG" doctor > "$T/doctor" || true
line=$(grep -E '^ok +audit session' "$T/doctor" || true)
[[ "$line" == *"login uid is unset"* ]] ||
	fail "doctor does not explain the audit session it would start"
pass "doctor explains the session without starting one"
