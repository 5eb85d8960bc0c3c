# SPDX-License-Identifier: GPL-2.0-only
# Issue 17, case 2: output time-of-check/time-of-use.  Root writes its
# policy and report into a directory in /tmp that user nobody owns; during
# the run, nobody renames that directory away and puts a symlink to a
# directory of their choosing (here a root-only one standing in for /etc)
# in its place.  The outputs must still land in the directory sclog checked
# when it started, and nothing may be written through the symlink.  The
# README promises the protected_symlinks rule "whatever the sysctl".
. "$SRCDIR/tests/integration/lib.sh"
require_root "the attack is on root's outputs"
id nobody > /dev/null 2>&1 || skip "no user nobody to play the attacker"
require_kernel

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

A=$(as_nobody mktemp -d /tmp/sclog-adv-out.XXXXXX) || skip "nobody cannot make a directory in /tmp"
as_nobody chmod 755 "$A"
at_exit 'rm -rf "$A" "$A.old"'

victim="$T/etc"
mkdir "$victim"
echo "root:x:0:0:root:/root:/bin/bash" > "$victim/passwd"
victim_before=$(ls -A "$victim"; cat "$victim/passwd")

# The attacker: waits until the command runs, swaps the directory, says so.
attack() {
	for _ in $(seq 600); do
		[ -e "$A/started" ] && break
		sleep 0.05
	done
	[ -e "$A/started" ] || exit 1
	mv "$A" "$A.old" && ln -s "$victim" "$A" && touch "$A.old/swapped"
}
as_nobody bash -c "$(declare -f attack); A='$A' victim='$victim'; attack" &
attacker=$!

# The command: runs until the swap is done (at most 30 s).
rc=0
timeout 120 "$SCLOG" run -q -o "$A/passwd" --report "$A/report.json" -- sh -c \
	'touch "$1/started"; i=0; while [ ! -e "$1.old/swapped" ] && [ $i -lt 600 ]; do
		sleep 0.05; i=$((i + 1)); done' sh "$A" 2> "$T/err" || rc=$?
wait "$attacker" || fail "the attacker could not swap the directory (setup)"
[ -L "$A" ] && [ -e "$A.old/swapped" ] || fail "the swap did not happen during the run (setup)"

[ "$(ls -A "$victim"; cat "$victim/passwd")" = "$victim_before" ] ||
	{ ls -la "$victim" >&2; fail "root's output was renamed through nobody's symlink into the victim directory"; }
[ "$rc" = 0 ] || { cat "$T/err" >&2; fail "sclog run: exit $rc"; }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "syscalls" in d' "$A.old/passwd" ||
	fail "the policy is not in the directory sclog checked"
report_field "$A.old/report.json" "r['complete']" > /dev/null ||
	fail "the report is not in the directory sclog checked"
pass "a directory swapped for a symlink mid-run: the outputs stay in the checked directory, the victim is untouched"
