# SPDX-License-Identifier: GPL-2.0-only
# --args: a profile of a program that opens an AF_INET socket lets it run
# under enforce, and denies the same program an AF_NETLINK socket; the same
# for a namespace flag of unshare and of clone.  check reports the call with
# the other value.  Negative control: without --args both values pass.  With
# the notify collector, and with the audit collector's hybrid filter as root.
# Both report clone3's flags, read from the caller's memory.
. "$(dirname "$0")/lib.sh"
require_notify
backends=(notify)
if "$SCLOG" doctor > /dev/null 2>&1; then
	backends+=(audit)
else
	echo "SKIP (part): the audit collector does not work here (no hybrid filter test)"
fi

A="$PROGS/argprobe"
# expect STATUS CMD...: CMD exits with STATUS.
expect() {
	local want=$1 rc=0
	shift
	"$@" > "$T/out" 2>&1 || rc=$?
	[ "$rc" = "$want" ] || { cat "$T/out" >&2; fail "$*: exit $rc, want $want"; }
}

# The three pairs: profiled value, other value, what the profile must say.
for pair in "socket inet netlink" "unshare uts net" "clone uts net"; do
	set -- $pair
	call=$1 good=$2 bad=$3
	for b in "${backends[@]}"; do
		name=$call-$b
		"$SCLOG" run -q --backend "$b" --args -o "$T/$name.json" --report "$T/$name.report.json" -- "$A" "$call" "$good" > /dev/null ||
			fail "$name: sclog run --args failed"
		python3 - "$T/$name.json" "$call" << 'PY' || fail "$name: $call is not allowed by argument only"
import json, sys
p = json.load(open(sys.argv[1]))
rules = [r for r in p["syscalls"] if sys.argv[2] in r["names"]]
assert rules and all(r.get("args") for r in rules), rules
for r in rules:
    assert r["names"] == [sys.argv[2]], r   # one syscall, one value tuple per rule
PY
		expect 0 "$SCLOG" enforce -p "$T/$name.json" -- "$A" "$call" "$good"
		expect 3 "$SCLOG" enforce -p "$T/$name.json" -- "$A" "$call" "$bad"
		grep -q "Operation not permitted" "$T/out" || fail "$name: $bad denied, but not by the policy's EPERM"
		# check: clean with the profiled value, the other one reported.
		expect 0 "$SCLOG" check -q --backend "$b" -p "$T/$name.json" -- "$A" "$call" "$good"
		expect 1 "$SCLOG" check -q --backend "$b" -p "$T/$name.json" --format json -o "$T/$name.v.json" -- "$A" "$call" "$bad"
		[ "$(report_field "$T/$name.v.json" '[v["name"] for v in r["violations"]]')" = "['$call']" ] ||
			fail "$name: check should report exactly $call"
		# Negative control: the same profile without --args allows both.
		"$SCLOG" run -q --backend "$b" -o "$T/$name.plain.json" -- "$A" "$call" "$good" > /dev/null
		expect 0 "$SCLOG" enforce -p "$T/$name.plain.json" -- "$A" "$call" "$bad"
		pass "$name: $call($good) allowed, $call($bad) denied and reported by check; without --args both pass"
	done
done

# The hybrid filter keeps the audit collector for everything else: the
# same names as a plain audit profile.
if [ "${#backends[@]}" = 2 ]; then
	policy_names "$T/socket-audit.json" > "$T/hybrid.names"
	policy_names "$T/socket-audit.plain.json" > "$T/audit.names"
	diff -u "$T/audit.names" "$T/hybrid.names" || fail "the hybrid filter changed the syscall set"
	[ "$(report_field "$T/socket-audit.report.json" 'r["collector"]')" = audit ] || fail "hybrid: report names another collector"
	pass "audit --args (hybrid LOG + NOTIFY filter): same syscall set as plain audit"
fi

# clone3's flags live in struct clone_args in the caller's memory: both
# collectors read them there (the hybrid filter notifies clone3 too) and
# report them, unenforced.  CLONE_NEWUTS is 0x04000000.
for b in "${backends[@]}"; do
	"$SCLOG" run -q --backend "$b" --args -o "$T/clone3-$b.json" --report "$T/clone3-$b.report.json" -- "$A" clone3 uts > /dev/null ||
		fail "clone3-$b: sclog run --args failed"
	got=$(report_field "$T/clone3-$b.report.json" '[(a["args"], a["values"], a["enforced"]) for a in r["arguments"] if a["name"] == "clone3"]')
	[ "$got" = "[(['clone_args.flags'], [[67108864]], False)]" ] ||
		fail "clone3-$b: the report's arguments give $got for clone3, want its flags CLONE_NEWUTS (67108864), not enforced"
	policy_names "$T/clone3-$b.json" | grep -qx clone3 || fail "clone3-$b: clone3 is not in the profile"
	pass "clone3-$b: the flags of clone3 (CLONE_NEWUTS) are in the report, clone3 in the profile"
done
