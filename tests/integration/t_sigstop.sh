# SPDX-License-Identifier: GPL-2.0-only
# Case 4 of docs/reliability.md: a command that stops itself (SIGSTOP) makes
# sclog say so on stderr (pids, states, what it waits for) and keep waiting;
# once continued, the run completes normally. Without the stop (negative
# control) no such message appears.
. "$(dirname "$0")/lib.sh"
require_kernel

"$SCLOG" run -q -o "$T/p.json" --report "$T/r.json" -- /bin/sh -c 'kill -STOP $$; echo continued' \
	> "$T/out" 2> "$T/err" &
sclog=$!
# Wait (no timed assertion: a generous bound only against a hang).
for _ in $(seq 600); do
	grep -q "has been stopped" "$T/err" && break
	sleep 0.1
done
grep -q "has been stopped" "$T/err" || { kill "$sclog"; cat "$T/err" >&2; fail "no message about the stopped command"; }
pid=$(grep -o 'pid [0-9]* (sh) state T' "$T/err" | head -1 | cut -d' ' -f2 || true)
[ -n "$pid" ] || { kill "$sclog"; cat "$T/err" >&2; fail "the message does not name the stopped pid and state"; }
grep -q "kill -CONT" "$T/err" || { kill "$sclog"; fail "the message does not say what sclog waits for"; }
kill -0 "$sclog" || fail "sclog did not keep waiting"
kill -CONT "$pid"
rc=0
wait "$sclog" || rc=$?
[ "$rc" = 0 ] || { cat "$T/err" >&2; fail "after SIGCONT: exit $rc, want 0"; }
grep -qx continued "$T/out" || fail "the command did not continue"
[ "$(report_field "$T/r.json" 'r["complete"]')" = True ] || fail "report incomplete after SIGCONT"
pass "stopped command reported (pid $pid, state T); sclog waited, and completed after SIGCONT"

"$SCLOG" run -q -o /dev/null -- /bin/sh -c 'sleep 4' 2> "$T/err2"
! grep -q "has been stopped" "$T/err2" || fail "negative control: a sleeping command reported as stopped"
pass "a command that merely sleeps is not reported (negative control)"
