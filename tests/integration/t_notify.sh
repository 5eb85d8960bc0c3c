# SPDX-License-Identifier: GPL-2.0-only
# The notify collector (seccomp user notification) as root: exactly the
# syscalls strace -f sees; the same policy as the audit collector; the same
# exit statuses; the report names the collector; without root sclog picks
# notify by itself and says why.  (t_notify_nobody, t_notify_userns: the
# same workloads as uid 65534 and in an unprivileged user namespace.)
. "$(dirname "$0")/lib.sh"
require_notify
require_tool strace

notify_workloads root

# Without root, sclog picks the notify collector by itself and says why.
rc=0
"${NOBODY[@]}" "$SCLOG" run -o "$T/auto.json" --report "$T/auto.report.json" -- /bin/true 2> "$T/auto.err" || rc=$?
[ "$rc" = 0 ] || { cat "$T/auto.err" >&2; fail "uid 65534 without --backend: exit $rc"; }
grep -q "notify collector" "$T/auto.err" || { cat "$T/auto.err" >&2; fail "no word on which collector ran"; }
[ "$(report_field "$T/auto.report.json" 'r["collector"]')" = notify ] || fail "auto: report names another collector"
pass "uid 65534 without --backend: notify chosen and announced ($(grep -m1 'notify collector' "$T/auto.err"))"

# Same profiles from both collectors, as root (where audit works).
if "$SCLOG" doctor > /dev/null 2>&1; then
	for w in true pipeline threads; do
		case $w in
		true) cmd=(/bin/true) ;;
		pipeline) cmd=(/bin/sh -c "$PIPELINE") ;;
		threads) cmd=("$PROGS/threads" 16) ;;
		esac
		"$SCLOG" run -q --backend audit -o "$T/$w.audit.json" --report "$T/$w.audit.report.json" -- "${cmd[@]}" > /dev/null
		notify_settled "$T/$w.notify.report.json" "$SCLOG" run -q --backend notify \
			-o "$T/$w.notify.json" --report "$T/$w.notify.report.json" -- "${cmd[@]}" > /dev/null
		cmp "$T/$w.audit.json" "$T/$w.notify.json" || { diff "$T/$w.audit.json" "$T/$w.notify.json" >&2; fail "$w: audit and notify profiles differ"; }
		[ "$(report_field "$T/$w.audit.report.json" 'r["collector"]')" = audit ] || fail "$w: audit report names another collector"
	done
	pass "audit and notify collectors: byte-identical policies (true, pipeline, threads)"
else
	echo "SKIP (part): the audit collector does not work here, nothing to compare"
fi

# Exit statuses and signals as in audit mode, -o untouched on failure.
for spec in "0:exit 0" "3:exit 3" "143:kill -TERM \$\$" "137:kill -KILL \$\$"; do
	want=${spec%%:*}
	rc=0
	"${NOBODY[@]}" "$SCLOG" run -q --backend notify -o "$T/st.json" -- /bin/sh -c "${spec#*:}" || rc=$?
	[ "$rc" = "$want" ] || fail "notify: '${spec#*:}' gave $rc, want $want"
done
rc=0
"$SCLOG" run -q --backend notify -o "$T/nf.json" -- /nonexistent/prog 2> /dev/null || rc=$?
[ "$rc" = 127 ] && [ ! -e "$T/nf.json" ] || fail "notify: a missing command gave $rc, want 127 and no policy"
pass "notify: exit statuses 0, 3, 143, 137, 127 as in audit mode"
