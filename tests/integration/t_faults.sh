# SPDX-License-Identifier: GPL-2.0-only
# The documented behaviour in awkward cases: a command that leaves a daemon
# behind, one that ignores SIGTERM, one that closes its stdout.
. "$(dirname "$0")/lib.sh"
require_kernel

# A daemon (setsid, double fork) outliving the command is waited for, and
# its syscalls are in the profile.
start=$(date +%s%N)
"$SCLOG" run -q -o "$T/d.json" -- /bin/sh -c \
	"setsid sh -c 'sleep 1; \"$PROGS/distinct\" getpriority 1 0' > /dev/null 2>&1 < /dev/null & exit 3" || rc=$?
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ "${rc:-0}" = 3 ] || fail "daemon case: exit ${rc:-0}, want the command's 3"
[ "$elapsed" -ge 900 ] || fail "daemon case: sclog returned after $elapsed ms, before the daemon ended"
policy_names "$T/d.json" | grep -qx getpriority || fail "daemon case: the daemon's getpriority is missing"
pass "a daemon that outlives the command is waited for (${elapsed} ms) and profiled"

# A daemon that never ends: a signal stops the wait; the profile is marked
# incomplete (the daemon may do more) and the run exits 125.
"$SCLOG" run -o "$T/f.json" --report "$T/f.report" -- /bin/sh -c \
	"setsid sleep 60 > /dev/null 2>&1 < /dev/null & echo \$! > '$T/daemon.pid'" 2> "$T/err" &
pid=$!
# Signal once sclog waits for the daemon alone (it says so): before, the
# signal goes to the command, and a fixed delay was no bound on a loaded
# machine.
for _ in $(seq 600); do
	grep -q "exited; waiting for its remaining processes" "$T/err" && break
	sleep 0.05
done
grep -q "exited; waiting for its remaining processes" "$T/err" ||
	{ kill -TERM "$pid"; kill "$(cat "$T/daemon.pid")"; cat "$T/err" >&2; fail "endless daemon: sclog did not say in 30 s that it waits for it"; }
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
kill "$(cat "$T/daemon.pid")" 2> /dev/null || true
[ "$rc" = 125 ] || fail "endless daemon: exit $rc, want 125"
grep -q "still running" "$T/err" || fail "endless daemon: no warning"
[ "$(report_field "$T/f.report" 'r["complete"]')" = False ] || fail "endless daemon: report says complete"
pass "an endless daemon: SIGTERM stops the wait, profile marked incomplete, exit 125"

# The same signal when the command has ended but sclog has not reaped it
# yet: sclog stopped meanwhile, so that the command is a zombie and the
# signal and the command's SIGCHLD wait together.  Forwarded to the ended
# command, the signal was lost and sclog waited out the daemon (exit 0
# after 60 s).
mkfifo "$T/go"
"$SCLOG" run -o "$T/z.json" -- /bin/sh -c \
	"setsid sleep 60 > /dev/null 2>&1 < /dev/null & echo \$! > '$T/zdaemon.pid'; echo \$\$ > '$T/zsh.pid'; read _ < '$T/go'" \
	2> "$T/zerr" &
pid=$!
for _ in $(seq 600); do [ -s "$T/zsh.pid" ] && [ -s "$T/zdaemon.pid" ] && break; sleep 0.05; done
[ -s "$T/zsh.pid" ] || { kill -TERM "$pid"; fail "unreaped command: it never started"; }
at_exit "kill $(cat "$T/zdaemon.pid") 2> /dev/null"
kill -STOP "$pid"
echo > "$T/go"
zsh=$(cat "$T/zsh.pid")
for _ in $(seq 600); do [ "$(awk '{ print $3 }' "/proc/$zsh/stat" 2> /dev/null)" = Z ] && break; sleep 0.05; done
kill -TERM "$pid"
kill -CONT "$pid"
rc=0; wait "$pid" || rc=$?
[ "$rc" = 125 ] && grep -q "no longer waiting" "$T/zerr" ||
	{ cat "$T/zerr" >&2; fail "SIGTERM after the command ended, before sclog reaped it: exit $rc, want 125"; }
pass "SIGTERM after the command ended, before sclog reaped it: the wait stops, exit 125"

# A command that ignores SIGTERM: forwarded, ignored, the run goes on to
# the command's own end.
"$SCLOG" run -q -o "$T/i.json" -- /bin/sh -c "trap '' TERM; touch '$T/ignoring'; sleep 1; exit 5" &
pid=$!
# Signal only once the command ignores it (a loaded machine may take longer
# than any fixed delay to get there).
for _ in $(seq 300); do [ -e "$T/ignoring" ] && break; sleep 0.1; done
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
[ "$rc" = 5 ] || fail "ignored SIGTERM: exit $rc, want the command's 5"
[ -s "$T/i.json" ] || fail "ignored SIGTERM: no policy"
pass "a command ignoring SIGTERM runs to its end; its status (5) is returned"

# A command that closes its stdout: the policy still reaches sclog's stdout.
"$SCLOG" run -q -o - -- /bin/sh -c 'exec >&-; /bin/true' > "$T/stdout"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/stdout" || fail "closed stdout: no policy on stdout"
pass "a command that closes stdout: the policy is still printed"
