#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --user USER[:GROUP] on run, check and enforce, as `strace -u` and
# `runuser -u` do: the command gets the user's uid, primary group (or GROUP)
# and supplementary groups, and HOME, USER and LOGNAME as runuser sets them;
# sclog switches before the filter, so the switch's own syscalls
# (setgroups, setresgid, setresuid) are not in the profile, which equals the
# set strace -f -u sees.
# Negative controls: notroot (a program that refuses root, like postgres)
# fails without --user; run through runuser instead, its profile holds the
# switch's syscalls; an unknown user is exit 125 and nothing starts.
. "$(dirname "$0")/lib.sh"
require_kernel
require_tool runuser strace
NOTROOT=$PROGS/notroot
getent passwd nobody > /dev/null || skip "no user nobody here"
# The test reads its program as nobody.
chmod 755 "$T"
cp "$NOTROOT" "$T/notroot"
NOTROOT=$T/notroot
ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root LOGNAME=root X=1)

# 1. The control: as root it refuses.
set +e
"${ENV[@]}" "$SCLOG" run -q -o "$T/root.json" -- "$NOTROOT" > "$T/root.out" 2> "$T/root.err"
rc=$?
set -e
[ $rc = 1 ] && grep -q 'refusing to run as root' "$T/root.err" ||
	fail "notroot as root: status $rc, $(cat "$T/root.err")"
pass "notroot refuses root under sclog run (status 1)"

# 2. As runuser makes it: same ids, groups and login variables.
specs=(nobody nobody:daemon)
getent passwd postgres > /dev/null && specs+=(postgres) # has supplementary groups
for spec in "${specs[@]}"; do
	u=${spec%%:*}
	g=
	[ "$spec" = "$u" ] || g=${spec#*:}
	"${ENV[@]}" runuser -u "$u" ${g:+-g "$g"} -- "$NOTROOT" > "$T/want.out"
	"${ENV[@]}" "$SCLOG" run -q --user "$spec" -o "$T/user.json" --report "$T/user.report.json" \
		-- "$NOTROOT" > "$T/got.out" || fail "sclog run --user $spec: status $?"
	diff -u "$T/want.out" "$T/got.out" >&2 || fail "sclog run --user $spec differs from runuser -u (- runuser, + sclog)"
	pass "sclog run --user $spec: $(head -1 "$T/got.out" | tr '\n' ' '), HOME/USER/LOGNAME as runuser -u"
	"${ENV[@]}" "$SCLOG" check -q --user "$spec" --policy "$T/user.json" -- "$NOTROOT" > "$T/check.out" ||
		fail "sclog check --user $spec against its own profile: status $?"
	"${ENV[@]}" "$SCLOG" enforce --user "$spec" --policy "$T/user.json" -- "$NOTROOT" > "$T/enf.out" ||
		fail "sclog enforce --user $spec with its own profile: status $?"
	diff -u "$T/want.out" "$T/enf.out" >&2 || fail "sclog enforce --user $spec differs from runuser -u"
	pass "sclog check and enforce --user $spec with that profile: status 0, same output"
done

# 3. The profile is the program's alone: what strace -f -u sees, without
#    the switch; through runuser the switch is there (the control).
"${ENV[@]}" strace -f -qq -u nobody -o "$T/strace.log" "$NOTROOT" > /dev/null
strace_names "$T/strace.log" | with_implied > "$T/strace.names"
"${ENV[@]}" "$SCLOG" run -q --user nobody -o "$T/nobody.json" -- "$NOTROOT" > /dev/null
policy_names "$T/nobody.json" > "$T/nobody.names"
diff -u "$T/strace.names" "$T/nobody.names" >&2 ||
	fail "sclog run --user nobody differs from strace -f -u nobody (- strace only, + sclog only)"
pass "sclog run --user nobody: $(wc -l < "$T/nobody.names") syscalls, the set strace -f -u sees"
for n in setgroups setresgid setresuid setuid setgid capset; do
	! grep -qx "$n" "$T/nobody.names" || fail "the profile holds $n"
done
"${ENV[@]}" "$SCLOG" run -q -o "$T/runuser.json" -- runuser -u nobody -- "$NOTROOT" > /dev/null
policy_names "$T/runuser.json" > "$T/runuser.names"
grep -qx setresuid "$T/runuser.names" && grep -qx setgroups "$T/runuser.names" ||
	fail "control: runuser's profile lacks setresuid or setgroups"
pass "no setgroups/setresgid/setresuid in it; through runuser: +$(comm -13 "$T/nobody.names" "$T/runuser.names" | wc -l) syscalls ($(comm -13 "$T/nobody.names" "$T/runuser.names" | grep -E '^set(groups|resuid|resgid)$' | tr '\n' ' '))"

# 4. The profile made with --user runs the program under enforce --user;
#    without a syscall notroot needs (getgroups) it does not (the control).
"${ENV[@]}" runuser -u nobody -- "$NOTROOT" > "$T/nobody.want"
"${ENV[@]}" "$SCLOG" enforce --user nobody --policy "$T/nobody.json" -- "$NOTROOT" > "$T/nobody.enf" ||
	fail "enforce --user nobody with its profile: status $?"
cmp -s "$T/nobody.want" "$T/nobody.enf" || fail "enforce --user nobody: other output than runuser -u nobody"
python3 - "$T/nobody.json" "$T/minus.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for r in p["syscalls"]:
    r["names"] = [n for n in r["names"] if n != "getgroups"]
json.dump(p, open(sys.argv[2], "w"))
PY
"${ENV[@]}" "$SCLOG" enforce --user nobody --policy "$T/minus.json" -- "$NOTROOT" > "$T/minus.out" 2>&1 || true
! cmp -s "$T/nobody.want" "$T/minus.out" || fail "enforce without getgroups prints the same: is the policy enforced?"
pass "enforce --user nobody with the profile: as runuser; without getgroups: $(head -1 "$T/minus.out")"

# 5. An unknown user or group: exit 125, a clear message, nothing started.
for verb in run check enforce; do
	for spec in sclog-no-such-user nobody:sclog-no-such-group; do
		args=(--user "$spec")
		[ $verb = run ] && args+=(-o "$T/never.json")
		[ $verb = run ] || args+=(--policy "$T/nobody.json")
		set +e
		"${ENV[@]}" "$SCLOG" $verb "${args[@]}" -- /bin/touch "$T/started" > "$T/unk.out" 2> "$T/unk.err"
		rc=$?
		set -e
		[ $rc = 125 ] || fail "sclog $verb --user $spec: status $rc, want 125"
		grep -q "sclog-no-such" "$T/unk.err" || fail "sclog $verb --user $spec: unclear error: $(cat "$T/unk.err")"
		[ ! -e "$T/started" ] || fail "sclog $verb --user $spec started the command"
		[ ! -e "$T/never.json" ] || fail "sclog run --user $spec wrote a profile"
	done
done
pass "unknown user or group: exit 125, $(head -1 "$T/unk.err"), the command not started"
