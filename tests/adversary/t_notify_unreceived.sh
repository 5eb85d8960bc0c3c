# SPDX-License-Identifier: GPL-2.0-only
# The attack: signals aimed at a command under the notify collector.  A
# signal that reaches a call before sclog has received it restarts the
# call, or fails it with EINTR (even fork()), and sclog never sees it; the
# run used to say complete, exit 0, with only a warning on stderr.  Such a
# run must be incomplete: problem in the report and on stderr, exit 125.
. "$SRCDIR/tests/integration/lib.sh"
require_notify

# sigstorm: a child signals the parent while it loops on getppid, so
# some signals land between the notification and sclog's receive.
disturbed=0
for try in 1 2 3; do
	rc=0
	"$SCLOG" run -q --backend notify -o "$T/s.json" --report "$T/s.report.json" -- \
		"$PROGS/sigstorm" 5000 > /dev/null 2> "$T/s.err" || rc=$?
	unreceived=$(report_field "$T/s.report.json" 'r["counters"]["unreceived"]')
	[ "$unreceived" -gt 0 ] || continue
	disturbed=1
	[ "$rc" = 125 ] || { cat "$T/s.err" >&2; fail "$unreceived calls unreceived, exit $rc, want 125"; }
	[ "$(report_field "$T/s.report.json" 'r["complete"]')" = False ] ||
		fail "$unreceived calls unreceived, and the report says complete"
	[ "$(report_field "$T/s.report.json" 'any("interrupted %d call" % r["counters"]["unreceived"] in p for p in r["problems"])')" = True ] ||
		fail "the report's problems do not name the $unreceived unreceived calls"
	grep -q "INCOMPLETE" "$T/s.err" && grep -q "interrupted $unreceived call" "$T/s.err" ||
		{ cat "$T/s.err" >&2; fail "stderr does not say the run is incomplete for $unreceived unreceived calls"; }
	break
done
[ "$disturbed" = 1 ] || skip "3 signal storms never had a signal beat sclog's receive here"

# Negative control: a run no signal disturbed stays complete, exit 0.
"$SCLOG" run -q --backend notify -o "$T/t.json" --report "$T/t.report.json" -- /bin/true 2> "$T/t.err" ||
	{ cat "$T/t.err" >&2; fail "/bin/true under notify failed"; }
[ "$(report_field "$T/t.report.json" 'r["complete"] and r["counters"]["unreceived"] == 0')" = True ] ||
	fail "an undisturbed run is not complete"
pass "calls a signal took out of their wait before sclog received them ($unreceived): incomplete, exit 125"
