# SPDX-License-Identifier: GPL-2.0-only
# Attacker: whoever changes a policy in a pull request that reviewers read
# through `sclog diff` (or that CI gates on its exit status).  Promise:
# policies that treat any call differently never diff as equal.  A change
# that keeps the set of allowed names (a looser argument condition, a
# denied call now killed instead of failing, another errno) must show and
# exit 1; writing the same conditions in another order must not.
. "$(dirname "$0")/../lib.sh" # pure: no machine lock

# policy FILE RULES: an allow-list with execve/exit_group and RULES.
policy() {
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
"syscalls": [{"names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW"}, %s]}\n' "$2" > "$T/$1"
}
policy old.json '{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [
	{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"},
	{"index": 2, "value": 255, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
	{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}'
# Only the value of a condition differs: ioctl(fd, TIOCSTI) becomes allowed.
policy cond.json '{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [
	{"index": 1, "value": 21522, "op": "SCMP_CMP_EQ"},
	{"index": 2, "value": 255, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
	{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}'
# Only the action of a denied call differs.
policy kill.json '{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [
	{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"},
	{"index": 2, "value": 255, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
	{"names": ["ptrace"], "action": "SCMP_ACT_KILL_PROCESS"}'
# Only its errno differs.
policy errno.json '{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [
	{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"},
	{"index": 2, "value": 255, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
	{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}'
# The conditions dropped: ioctl allowed for every argument.
policy always.json '{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW"},
	{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}'
# The same policy, conditions in another order: no difference.
policy same.json '{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
	{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [
	{"index": 2, "value": 255, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"},
	{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}]}'

# differs NEW LINE...: `sclog diff old.json NEW` exits 1 and prints each LINE.
differs() {
	local new=$1 rc=0 line
	shift
	"$SCLOG" diff "$T/old.json" "$T/$new" > "$T/out" 2> "$T/err" || rc=$?
	[ "$rc" = 1 ] || fail "diff old.json $new: exit $rc, want 1 (they differ): $(cat "$T/out" "$T/err")"
	for line in "$@"; do
		grep -qxF -- "$line" "$T/out" || fail "diff old.json $new: no line '$line' in: $(cat "$T/out")"
	done
	rc=0
	"$SCLOG" diff -f json "$T/old.json" "$T/$new" > "$T/out.json" || rc=$?
	[ "$rc" = 1 ] && json_field "$(cat "$T/out.json")" 'r["differ"] and r["architectures"]["x86_64"]["changed"]' > /dev/null ||
		fail "diff -f json old.json $new: exit $rc: $(cat "$T/out.json")"
}
differs cond.json "~ x86_64 ioctl: - when arg1 == 21505 && (arg2 & 0xff) == 0x0" \
	"~ x86_64 ioctl: + when arg1 == 21522 && (arg2 & 0xff) == 0x0"
differs kill.json "~ x86_64 ptrace: SCMP_ACT_ERRNO(1) -> SCMP_ACT_KILL_PROCESS"
differs errno.json "~ x86_64 ptrace: SCMP_ACT_ERRNO(1) -> SCMP_ACT_ERRNO(38)"
differs always.json "~ x86_64 ioctl: - when arg1 == 21505 && (arg2 & 0xff) == 0x0" \
	"~ x86_64 ioctl: + always"
pass "a changed condition, a denied call's action or errno, dropped conditions: shown, exit 1"

rc=0
"$SCLOG" diff "$T/old.json" "$T/same.json" > "$T/out" || rc=$?
[ "$rc" = 0 ] && [ ! -s "$T/out" ] || fail "the same conditions in another order differ: exit $rc: $(cat "$T/out")"
pass "the same conditions in another order: no difference, exit 0"
