#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The data files choose what a policy allows (runtimes.json: what --for and
# --container add; fallbacks.json, args.json).  Another local user who owns
# SCLOG_DATADIR, or can write it or a file in it, must not choose that for
# root: sclog refuses such a directory or file (exit 125, the reason and
# what to do), and reads one only root or the caller can change.
. "$SRCDIR/tests/integration/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root (the attacked caller) and a second user"
id nobody > /dev/null 2>&1 || skip "no user nobody to play the attacker"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# A place the attacker can write: a sticky, world-writable directory.
chmod 711 "$T"
mkdir -m 1777 "$T/pub"

# hostile FILE: runtimes.json with mount, ptrace and kexec_load added to
# every syscall list of runc.
hostile() {
	python3 - "$SRCDIR/policies/runtimes.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def add(o):
    if isinstance(o, dict):
        return {k: add(v) for k, v in o.items()}
    if isinstance(o, list) and "execve" in o:
        return sorted(set(o) | {"mount", "ptrace", "kexec_load"})
    return o
d["runtimes"]["runc"] = add(d["runtimes"]["runc"])
json.dump(d, open(sys.argv[2], "w"))
PY
}

# refused NAME DIR: export --for and run --for with SCLOG_DATADIR=DIR fail
# with 125, name the reason, and write no policy.
refused() {
	local name=$1 dir=$2 reason=$3 rc
	rc=0
	SCLOG_DATADIR=$dir "$SCLOG" export --for runc "$SRCDIR/policies/examples/true.json" \
		-o "$T/$name-export.json" 2> "$T/$name.err" || rc=$?
	[ "$rc" = 125 ] || fail "$name: export --for exited $rc, not 125: $(cat "$T/$name.err")"
	grep -q "refusing the data .*$reason" "$T/$name.err" ||
		fail "$name: no reason ($reason) given: $(cat "$T/$name.err")"
	grep -q "SCLOG_DATADIR" "$T/$name.err" || fail "$name: no advice: $(cat "$T/$name.err")"
	[ ! -e "$T/$name-export.json" ] || fail "$name: a policy was written"
	rc=0
	SCLOG_DATADIR=$dir "$SCLOG" run -q --for runc -o "$T/$name-run.json" -- /bin/true \
		2> "$T/$name.err" || rc=$?
	[ "$rc" = 125 ] || fail "$name: run --for exited $rc, not 125: $(cat "$T/$name.err")"
	[ ! -e "$T/$name-run.json" ] || fail "$name: run wrote a policy"
	pass "$name: refused (125): $(head -c 160 "$T/$name.err")"
}

# 1. The attack of issue 17: nobody's own directory, a valid but hostile
#    runtimes.json in it.
as_nobody mkdir "$T/pub/nobody"
hostile "$T/hostile.json"
as_nobody cp "$T/hostile.json" "$T/pub/nobody/runtimes.json"
refused owned-by-nobody "$T/pub/nobody" "belongs to uid 65534"

# 2. Root's directory, but writable by a group or by everyone (no sticky
#    bit): anyone in it can replace the file.
mkdir "$T/group" "$T/world"
cp "$T/hostile.json" "$T/group/runtimes.json"
cp "$T/hostile.json" "$T/world/runtimes.json"
chmod 775 "$T/group"
chmod 777 "$T/world"
refused group-writable "$T/group" "group 0 can write it"
refused world-writable "$T/world" "every user can write it"

# 3. Root's directory (sticky and world-writable, as /tmp), the file
#    nobody's: the file is checked too.
mkdir -m 1777 "$T/sticky"
as_nobody cp "$T/hostile.json" "$T/sticky/runtimes.json"
refused file-owned-by-nobody "$T/sticky" "belongs to uid 65534"

# 4. A symlink in root's directory to nobody's file: not followed.
mkdir -m 755 "$T/link"
ln -s "$T/pub/nobody/runtimes.json" "$T/link/runtimes.json"
refused symlink "$T/link" "a symbolic link"

# 5. The data beside the binary (../share/sclog of an install tree) is
#    checked as well: root's copy of sclog, nobody's share/sclog.
mkdir -p "$T/inst/bin" "$T/inst/share"
cp "$SCLOG" "$T/inst/bin/sclog"
as_nobody mkdir "$T/pub/share-sclog"
as_nobody cp "$T/hostile.json" "$T/pub/share-sclog/runtimes.json"
mv "$T/pub/share-sclog" "$T/inst/share/sclog"
rc=0
env -u SCLOG_DATADIR "$T/inst/bin/sclog" export --for runc "$SRCDIR/policies/examples/true.json" \
	-o "$T/inst.json" 2> "$T/inst.err" || rc=$?
[ "$rc" = 125 ] && grep -q "refusing the data directory .*install tree.*uid 65534" "$T/inst.err" ||
	fail "nobody's share/sclog beside root's binary: exit $rc: $(cat "$T/inst.err")"
pass "nobody's ../share/sclog beside root's binary refused (125)"
# Its owner's binary: who owns the binary already chooses what runs.
chown 65534 "$T/inst/bin/sclog"
env -u SCLOG_DATADIR "$T/inst/bin/sclog" export --for runc "$SRCDIR/policies/examples/true.json" \
	-o "$T/inst.json" 2> "$T/inst.err" || fail "nobody's tree refused with nobody's binary: $(cat "$T/inst.err")"
policy_names "$T/inst.json" | grep -qx kexec_load || fail "share/sclog beside the binary not used"
pass "share/sclog of the binary's own owner is used"

# Positive control: root's own 0755 directory is accepted and used, hostile
# or not (root chose it), and the report names the file read.
mkdir -m 755 "$T/root"
cp "$T/hostile.json" "$T/root/runtimes.json"
SCLOG_DATADIR=$T/root "$SCLOG" run -q --for runc -o "$T/root.json" --report "$T/root-report.json" \
	-- /bin/true 2> "$T/root.err" || fail "root's own SCLOG_DATADIR refused: $(cat "$T/root.err")"
policy_names "$T/root.json" | grep -qx kexec_load || fail "root's SCLOG_DATADIR not used"
[ "$(report_field "$T/root-report.json" 'r["data_files"]["runtimes.json"]')" = \
	"$T/root/runtimes.json" ] || fail "the report does not name $T/root/runtimes.json"
[ "$(report_field "$T/root-report.json" 'r["data_files"]["fallbacks.json"]')" != \
	"$T/root/fallbacks.json" ] || fail "the report names a fallbacks.json that is not there"
pass "root's own 0755 SCLOG_DATADIR is used, and the report names the file read"

# Positive control: the sticky directory with root's file in it is accepted.
rm -f "$T/sticky/runtimes.json"
cp "$T/hostile.json" "$T/sticky/runtimes.json"
SCLOG_DATADIR=$T/sticky "$SCLOG" export --for runc "$SRCDIR/policies/examples/true.json" \
	-o "$T/sticky.json" 2> "$T/sticky.err" ||
	fail "root's file in a sticky directory refused: $(cat "$T/sticky.err")"
pass "root's file in a sticky world-writable directory is used"

# The caller's own directory is theirs to use: nobody with its own data.
as_nobody env SCLOG_DATADIR="$T/pub/nobody" "$SCLOG" export --for runc \
	"$SRCDIR/policies/examples/true.json" -o - > "$T/nobody.json" 2> "$T/nobody.err" ||
	fail "nobody's own SCLOG_DATADIR refused to nobody: $(cat "$T/nobody.err")"
policy_names "$T/nobody.json" | grep -qx kexec_load || fail "nobody's SCLOG_DATADIR not used"
pass "a user's own SCLOG_DATADIR is used for that user"
