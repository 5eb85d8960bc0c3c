# SPDX-License-Identifier: GPL-2.0-only
# Set-user-ID programs under sclog.  Ground truth without strace: a
# set-user-ID-root copy of id(1), which prints its effective uid.
# 1. --user: as root, `sclog run --user nobody -- SUID-ID -u` must print 0,
#    as `runuser -u nobody -- SUID-ID -u` does, under both collectors (it
#    printed 65534: the filter was installed after the switch, so with
#    no_new_privs), by path and through fexecve (execveat AT_EMPTY_PATH).
# 2. Unprivileged (uid 65534, so no_new_privs), the notify collector must
#    report the set-user-ID program it ran without its privileges, however
#    it is named: by path, by a descriptor (fexecve), or by a directory
#    descriptor and a relative name (it saw only the path form).
. "$SRCDIR/tests/integration/lib.sh"
require_kernel
require_tool runuser setpriv
getent passwd nobody > /dev/null || skip "no user nobody here"
chmod 755 "$T"
cp "$(command -v id)" "$T/id"
chown root:root "$T/id"
chmod 4755 "$T/id"
cp "$PROGS/fexec" "$T/fexec"
chmod 755 "$T/fexec"
[ "$(runuser -u nobody -- "$T/id" -u)" = 0 ] ||
	skip "a set-user-ID-root program does not gain root here ($T is nosuid?)"
[ "$(runuser -u nobody -- "$T/fexec" "$T/id" -u)" = 0 ] || fail "fexec loses set-user-ID without sclog"
[ "$(runuser -u nobody -- "$T/fexec" -d "$T" id -u)" = 0 ] || fail "fexec -d loses set-user-ID without sclog"

# 1. --user keeps set-user-ID as without sclog.
notify_ok=0
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> /dev/null && notify_ok=1
for be in audit notify; do
	[ "$be" = audit ] || [ "$notify_ok" = 1 ] || { echo "SKIP (part): no notify collector here"; continue; }
	for how in path fd; do
		cmd=("$T/id" -u)
		[ "$how" = path ] || cmd=("$T/fexec" "$T/id" -u)
		rc=0
		out=$("$SCLOG" run -q --backend "$be" --user nobody -o "$T/u.json" --report "$T/u.report.json" -- \
			"${cmd[@]}" 2> "$T/u.err") || rc=$?
		[ "$rc" = 0 ] || { cat "$T/u.err" >&2; fail "$be, $how: sclog run --user nobody exits $rc"; }
		[ "$out" = 0 ] || fail "$be, $how: a set-user-ID-root program run with --user nobody has euid $out, 0 without sclog"
		[ "$(report_field "$T/u.report.json" 'r["complete"]')" = True ] || fail "$be, $how: incomplete: $(cat "$T/u.err")"
		# The filter came before the switch's capset: not in the profile.
		! policy_names "$T/u.json" | grep -qx capset || fail "$be, $how: sclog's own capset is in the profile"
		# The capability kept for the filter is gone in the program.
		rc=0
		"$SCLOG" run -q --backend "$be" --user nobody -o /dev/null -- /bin/grep -q '^CapEff:[[:space:]]*0*$' /proc/self/status || rc=$?
		[ "$rc" = 0 ] || fail "$be: the program run with --user nobody has capabilities (CapEff not 0)"
	done
	pass "$be: --user nobody runs a set-user-ID-root program with euid 0, by path and by descriptor, as runuser does; no capability left"
done

# 2. Unprivileged notify: the lost privileges are reported however the
# program is named.
[ "$notify_ok" = 1 ] || skip "no notify collector here: part 2 not run"
mkdir -m 1777 "$T/w"
for how in path fd dirfd; do
	case $how in
	path) cmd=("$T/id" -u) ;;
	fd) cmd=("$T/fexec" "$T/id" -u) ;;
	dirfd) cmd=("$T/fexec" -d "$T" id -u) ;;
	esac
	rc=0
	(cd "$T" && "${NOBODY[@]}" "$SCLOG" run -q --backend notify -o /dev/null --report "$T/w/n.report.json" -- \
		"${cmd[@]}") > "$T/n.out" 2> "$T/n.err" || rc=$?
	[ "$(cat "$T/n.out")" = 65534 ] || fail "$how: under no_new_privs the program has euid $(cat "$T/n.out")"
	grep -q "$T/id ran under no_new_privs\|^sclog:   - id ran under no_new_privs" "$T/n.err" ||
		{ cat "$T/n.err" >&2; fail "$how: the set-user-ID program run without its privileges is not reported"; }
	[ "$rc" = 125 ] && [ "$(report_field "$T/w/n.report.json" 'r["complete"]')" = False ] ||
		fail "$how: exit $rc, or the report says complete"
done
# Negative control: the same run of a program without set-user-ID.
"${NOBODY[@]}" "$SCLOG" run -q --backend notify -o /dev/null -- "$T/fexec" /usr/bin/id -u > /dev/null 2> "$T/c.err" ||
	{ cat "$T/c.err" >&2; fail "fexec of a plain id under notify is reported"; }
pass "uid 65534, notify: a set-user-ID program run by path, by fexecve or by a directory descriptor is reported; a plain one is not"
