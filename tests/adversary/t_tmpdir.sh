# SPDX-License-Identifier: GPL-2.0-only
# Issue 17, case 3: root's TMPDIR inside another user's directory handed
# that user root.  `sclog run --container` copies the bundle's config.json
# into a private directory under TMPDIR and hands its name to the runtime;
# the owner of TMPDIR (user nobody here) renames that directory away and
# puts one of their own in its place, whose config.json has a
# createRuntime hook, and runc runs the hook as root.  sclog must refuse
# (exit 125, the reason and what to do) a TMPDIR owned by another user, or
# group- or world-writable without the sticky bit, on the whole way to it,
# before it makes anything there.
. "$SRCDIR/tests/runtimes/lib.sh"
require_root
id nobody > /dev/null 2>&1 || skip "no user nobody to play the attacker"
require_tool runc
"$SCLOG" doctor > /dev/null 2>&1 || skip "sclog doctor says this kernel cannot profile"

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

A=$(as_nobody mktemp -d /tmp/sclog-adv-tmp.XXXXXX) || skip "nobody cannot make a directory in /tmp"
as_nobody chmod 755 "$A"
attacker=
cleanup() {
	[ -z "$attacker" ] || kill "$attacker" 2> /dev/null || true
	rm -rf "$A"
}
at_exit cleanup

rt_bundle "$T/bundle"
rt_config "$T/bundle" none false / "" -- /bin/true
state=$T/state-runc
mkdir -p "$state"

# The attacker's config.json: the same container, plus a hook that runs on
# the host, as the runtime's user, before the container starts.
python3 - "$T/bundle/config.json" "$T/evil.json" "$A/pwned" "$T/bundle/rootfs" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["root"]["path"] = sys.argv[4]
c["hooks"] = {"createRuntime": [{"path": "/bin/sh",
                                  "args": ["sh", "-c", "id -u > " + sys.argv[3]]}]}
json.dump(c, open(sys.argv[2], "w"))
PY
chmod 644 "$T/evil.json"

# nobody watches TMPDIR for sclog's private directory and swaps it for one
# of their own holding their config.json.
setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 - "$A" "$T/evil.json" <<'PY' &
import os, sys, time
tmp, evil = sys.argv[1], open(sys.argv[2]).read()
end = time.monotonic() + 60
while time.monotonic() < end:
    for name in os.listdir(tmp):
        if name.startswith("sclog-container.") and not name.endswith(".moved"):
            os.rename(os.path.join(tmp, name), os.path.join(tmp, name + ".moved"))
            os.mkdir(os.path.join(tmp, name), 0o755)
            with open(os.path.join(tmp, name, "config.json"), "w") as f:
                f.write(evil)
            open(os.path.join(tmp, "swapped"), "w").close()
            sys.exit(0)
    time.sleep(0.0002)
PY
attacker=$!

run_container() { # TMPDIR OUT
	local rc=0
	TMPDIR=$1 timeout -k 5 120 "$SCLOG" run -q -o "$2.json" --container -- \
		runc --root "$state" run -b "$T/bundle" "sclog-adv-$BASHPID-$RANDOM" \
		< /dev/null > "$2.out" 2> "$2.err" || rc=$?
	echo "$rc" > "$2.rc"
}

run_container "$A" "$T/attacked"
kill "$attacker" 2> /dev/null || true
wait "$attacker" 2> /dev/null || true
attacker=
if [ -e "$A/pwned" ]; then
	fail "the attacker's createRuntime hook ran as uid $(cat "$A/pwned") (sclog exit $(cat "$T/attacked.rc"))"
fi
[ "$(cat "$T/attacked.rc")" = 125 ] ||
	{ cat "$T/attacked.err" >&2; fail "TMPDIR owned by nobody: exit $(cat "$T/attacked.rc"), want 125"; }
grep -q "TMPDIR" "$T/attacked.err" && grep -q "owned by uid 65534" "$T/attacked.err" ||
	{ cat "$T/attacked.err" >&2; fail "TMPDIR owned by nobody: the message names neither TMPDIR nor the owner"; }
! ls "$A" | grep -q sclog-container || fail "TMPDIR owned by nobody: sclog made its directory there"
pass "TMPDIR owned by nobody is refused (exit 125, reason given) before anything is made in it"

# A symlink to it, and a directory below it: the whole way is checked.
ln -s "$A" "$T/link"
as_nobody mkdir -m 755 "$A/sub"
for dir in "$T/link" "$A/sub"; do
	run_container "$dir" "$T/way"
	[ "$(cat "$T/way.rc")" = 125 ] && grep -q "owned by uid 65534" "$T/way.err" ||
		{ cat "$T/way.err" >&2; fail "TMPDIR=$dir: exit $(cat "$T/way.rc"), want 125"; }
done
pass "a link to it and a directory below it are refused too"

# Group-writable without the sticky bit: refused; with it: used.
mkdir -m 775 "$T/group"
chgrp 65534 "$T/group"
run_container "$T/group" "$T/group"
[ "$(cat "$T/group.rc")" = 125 ] && grep -q "group-writable without the sticky bit" "$T/group.err" ||
	{ cat "$T/group.err" >&2; fail "group-writable TMPDIR: exit $(cat "$T/group.rc"), want 125"; }
chmod 1775 "$T/group"
run_container "$T/group" "$T/sticky"
[ "$(cat "$T/sticky.rc")" = 0 ] || { cat "$T/sticky.err" >&2; fail "sticky group-writable TMPDIR: exit $(cat "$T/sticky.rc")"; }
pass "group-writable TMPDIR without the sticky bit is refused; with it, it is used"

# Negative control: a TMPDIR root owns, and the default (/tmp), are used,
# and the bundle copy is gone afterwards.
mkdir -m 700 "$T/own"
run_container "$T/own" "$T/own-run"
[ "$(cat "$T/own-run.rc")" = 0 ] || { cat "$T/own-run.err" >&2; fail "TMPDIR owned by root: exit $(cat "$T/own-run.rc")"; }
[ -z "$(ls -A "$T/own")" ] || fail "TMPDIR owned by root: sclog left $(ls -A "$T/own")"
run_container "" "$T/default"
[ "$(cat "$T/default.rc")" = 0 ] || { cat "$T/default.err" >&2; fail "TMPDIR unset: exit $(cat "$T/default.rc")"; }
pass "TMPDIR owned by root, and the default /tmp, are used (negative control)"
