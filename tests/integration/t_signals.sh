# SPDX-License-Identifier: GPL-2.0-only
# INT, TERM, HUP and QUIT sent to sclog reach the command; the profile is
# still written when it ends.
. "$(dirname "$0")/lib.sh"
require_kernel

# sleeping_child PID: the pid of PID's child sleep once it waits in
# clock_nanosleep (a fixed delay was no bound on a loaded machine: sclog,
# ASan-built, may not have started it yet); fails after 30 s.
sleeping_child() {
	local c _
	for _ in $(seq 600); do
		c=$(pgrep -P "$1" -x sleep || true)
		case $c in
		*[!0-9]* | "") ;;
		*) case $(cat "/proc/$c/wchan" 2> /dev/null) in *nanosleep*) echo "$c" && return 0 ;; esac ;;
		esac
		sleep 0.05
	done
	return 1
}

for sig in INT TERM HUP QUIT; do
	rm -f "$T/ready" "$T/p.json"
	"$SCLOG" run -q -o "$T/p.json" -- "$PROGS/sigcatch" "$T/ready" &
	pid=$!
	for _ in $(seq 200); do [ -e "$T/ready" ] && break; sleep 0.05; done
	[ -e "$T/ready" ] || fail "$sig: the command never started"
	kill -s "$sig" "$pid"
	rc=0; wait "$pid" || rc=$?
	num=$(kill -l "$sig")
	[ "$rc" = $((100 + num)) ] || fail "$sig: sclog exited $rc, want $((100 + num)) (the command's status after catching it)"
	[ -s "$T/p.json" ] || fail "$sig: no policy written"
	policy_names "$T/p.json" | grep -qx rt_sigreturn || fail "$sig: the handler's rt_sigreturn is missing"
	pass "SIG$sig forwarded, command exited $rc, policy written"
done

# A command killed by a forwarded signal: 128 + N, like a shell.
"$SCLOG" run -q -o "$T/p.json" -- /bin/sleep 30 &
pid=$!
sleeping_child "$pid" > /dev/null || { kill -KILL "$pid"; fail "sleep never waited in clock_nanosleep"; }
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
[ "$rc" = 143 ] || fail "sleep killed by SIGTERM: sclog exited $rc, want 143"
policy_names "$T/p.json" | grep -qx clock_nanosleep || fail "sleep's clock_nanosleep missing"
pass "SIGTERM kills sleep: exit 143, policy written"

# If sclog itself is killed, the command dies with it (PR_SET_PDEATHSIG),
# and no system setting has changed (sclog writes none).
settings() {
	cat /proc/sys/kernel/seccomp/actions_logged
	"$SCLOG" doctor | grep '^ok *audit status' | sed 's/lost [0-9]*, //'
}
settings > "$T/settings.before"
"$SCLOG" run -q -o "$T/k.json" -- /bin/sleep 30 &
pid=$!
child=$(sleeping_child "$pid") || { kill -KILL "$pid"; fail "no sleep child found"; }
kill -KILL "$pid"
wait "$pid" 2> /dev/null || true
for _ in $(seq 100); do kill -0 "$child" 2> /dev/null || break; sleep 0.05; done
! kill -0 "$child" 2> /dev/null || fail "the command outlived a SIGKILLed sclog"
[ ! -e "$T/k.json" ] || fail "a policy appeared although sclog was killed"
ls -a "$T" | grep -q '^\.k\.json\.' && fail "left a temporary file behind"
settings > "$T/settings.after"
diff -u "$T/settings.before" "$T/settings.after" || fail "a system setting changed"
pass "SIGKILL of sclog takes the command with it; no partial policy; settings unchanged"
