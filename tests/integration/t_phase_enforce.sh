#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# sclog enforce --serving S --phase-at BOUNDARY (issue 23): the test server
# (tests/progs/phase_server) recorded whole (P, with its requests, a reload
# and a stop), and its serving policy S = P without socket, bind and listen;
# then the pair `run --phase-at accept4 --serving-output` records.
# Under phased enforcement it serves, forks, threads, reloads and stops; a
# 'listen' request after the boundary is denied and said once, while under
# plain `enforce -p P` it works.  Each boundary kind, the kill answer, the
# refusals.  Negative controls: with S = P, and with a boundary never
# reached, nothing is denied.  Adversary (as root): another user cannot
# send READY=1 to the NOTIFY_SOCKET sclog gives the command.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../phase.sh"

require_tool python3 timeout
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> "$T/notify.err" ||
	skip "the notify collector does not work here: $(head -c 300 "$T/notify.err")"
SERVER=$PROGS/phase_server
echo 'workers 1' > "$T/server.conf"

# start NAME CMD...: run CMD (which ends in the server's command line) in the
# background, wait for the server's port: $SPID is CMD's pid, $PORT the port,
# $SERVER_PID the server's (sclog forwards INT, TERM, HUP and QUIT, not USR1).
start() {
	local name=$1
	shift
	rm -f "$T/$name.port" "$T/$name.pid"
	"$@" -c "$T/server.conf" -l "$T/$name.log" -P "$T/$name.port" -p "$T/$name.pid" 0 \
		2> "$T/$name.err" &
	SPID=$!
	at_exit "kill -KILL $SPID 2> /dev/null || true"
	phase_wait "$name" "$T/$name.port" "$T/$name.pid" 10
}

# record NAME REQUESTS SCLOG-RUN...: the server under SCLOG-RUN (an `sclog
# run --backend notify` command line) with REQUESTS, a reload and a rotation,
# then stopped.  The reload and the rotation are signals: one may interrupt
# a notified call before sclog receives it, which sclog reports (the run is
# then incomplete, and the server may have failed its reload): status 1 for
# such a run, which record_settled makes again, at most SETTLE_TRIES
# times, as notify_settled does (lib.sh).  Anything else fails.
record() {
	local name=$1 requests=$2 status r
	shift 2
	start "$name" "$@" -- "$SERVER"
	for r in $requests; do phase_req "$PORT" "$r" > /dev/null; done
	kill -HUP "$SPID"
	kill -USR1 "$SERVER_PID"
	status=$(phase_until "$PORT" status "reloads 1 rotations 1" 2> /dev/null) || status=
	[ "$status" = "reloads 1 rotations 1" ] || ps -o pid,stat,cmd --ppid "$SPID" >&2 || true
	phase_stop
	[ "$status" = "reloads 1 rotations 1" ] && [ "$RC" = 0 ] && return 0
	grep -q "a signal interrupted" "$T/$name.err" && return 1
	cat "$T/$name.err" >&2
	[ "$status" = "reloads 1 rotations 1" ] || fail "$name: reload or rotation lost"
	fail "$name: the server did not stop cleanly ($RC)"
}
record_settled() {
	local try
	for try in $(seq $SETTLE_TRIES); do
		record "$@" && return 0
		echo "# $1, try $try: a signal interrupted a call before sclog received it, again" >&2
	done
	fail "$1: in $SETTLE_TRIES runs of $SETTLE_TRIES, a signal interrupted calls before sclog received them"
}

# The whole run, with everything the server does later.
record_settled record "ping listen fork thread" "$SCLOG" run -q --backend notify -o "$T/P.json"
python3 - "$T/P.json" "$T/S.json" "$T/Sextra.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for r in p["syscalls"]:
    if r["action"] == "SCMP_ACT_ALLOW":
        r["names"] = [n for n in r["names"] if n not in ("socket", "bind", "listen")]
json.dump(p, open(sys.argv[2], "w"))
p["syscalls"].append({"names": ["ptrace", "kexec_load"], "action": "SCMP_ACT_ALLOW"})
json.dump(p, open(sys.argv[3], "w"))
PY

# Plain enforcement of P: a new listening socket is allowed.
start plain "$SCLOG" enforce -p "$T/P.json" -- "$SERVER"
case $(phase_req "$PORT" listen) in listened*) ;; *) fail "plain enforce -p P: listen refused" ;; esac
phase_stop; [ "$RC" = 0 ] || fail "plain enforce: bad exit"
pass "plain enforce -p P: the server opens a new listening socket on request"

# phased NAME BOUNDARY [OPTION...]: start the server under phased enforcement.
phased() {
	local name=$1 at=$2
	shift 2
	start "$name" "$SCLOG" enforce -p "$T/P.json" --serving "${SERVING:-$T/S.json}" \
		--phase-at "$at" --report "$T/$name.report.json" "$@" -- "$SERVER"
}

# Serving normally, reload and stop, threads and children; the denial once.
phased accept4 accept4
[ "$(phase_req "$PORT" ping)" = pong ] || fail "accept4: ping"
[ "$(phase_req "$PORT" listen)" = "denied 1" ] || fail "accept4: listen after the boundary not denied with EPERM"
[ "$(phase_req "$PORT" listen)" = "denied 1" ] || fail "accept4: second listen not denied"
phase_exercise accept4
phase_stop; [ "$RC" = 0 ] || fail "accept4: the server did not stop cleanly under phased enforcement"
[ "$(grep -c 'after the boundary' "$T/accept4.err")" = 1 ] ||
	{ cat "$T/accept4.err" >&2; fail "accept4: the denial is not said exactly once"; }
grep -q '^sclog: socket by pid [0-9]* (phase_server) after the boundary.*EPERM' "$T/accept4.err" ||
	fail "accept4: the message does not name socket, the pid and EPERM"
r=$T/accept4.report.json
[ "$(report_field "$r" '[(d["name"], d["count"]) for d in r["denials"]]')" = "[('socket', 2)]" ] ||
	fail "accept4: report denials: $(report_field "$r" 'r["denials"]')"
[ "$(report_field "$r" 'r["boundary"]["kind"], r["boundary"]["seconds"] is not None, r["exit_status"]')" = "('syscall', True, 0)" ] ||
	fail "accept4: report boundary or exit: $(cat "$r")"
pass "phased (accept4): serves, forks, threads, reloads, rotates, stops with 0; listen denied (EPERM), said once, counted twice"

# The recorder's own serving policy (run --phase-at --serving-output),
# recorded with a reload, a rotation and a stop but no 'listen' after the
# boundary: enforced, the server survives all three and 'listen' is denied.
record_settled recphase "ping fork thread" "$SCLOG" run -q --backend notify --phase-at accept4 \
	-o "$T/RP.json" --serving-output "$T/RS.json"
start recorded "$SCLOG" enforce -p "$T/RP.json" --serving "$T/RS.json" --phase-at accept4 -- "$SERVER"
[ "$(phase_req "$PORT" listen)" = "denied 1" ] || fail "recorded S: listen not denied"
phase_exercise recorded
phase_stop; [ "$RC" = 0 ] || { cat "$T/recorded.err" >&2; fail "recorded S: the server did not stop cleanly ($RC)"; }
pass "run --phase-at accept4 --serving-output, enforced: serves, forks, threads, reloads, rotates, stops with 0; listen denied"

# The other boundaries.
phased ready ready
[ "$(phase_until "$PORT" listen "denied 1")" = "denied 1" ] || fail "ready: listen not denied"
phase_stop; [ "$RC" = 0 ] || fail "ready: bad exit"
phased timer 0.5 --default-action errno:EACCES
[ "$(phase_req "$PORT" ping)" = pong ] || fail "timer: ping"
[ "$(phase_until "$PORT" listen "denied 13")" = "denied 13" ] || fail "timer: listen not denied with EACCES"
phase_stop; [ "$RC" = 0 ] || fail "timer: bad exit"
[ "$(report_field "$T/timer.report.json" 'r["boundary"]["seconds"] >= 0.5')" = True ] ||
	fail "timer: the boundary came before 0.5 s"
pass "phased (ready, 0.5 s with errno:EACCES): listen denied after the boundary"

# The server's wait, as P recorded it: epoll_wait, or epoll_pwait where the
# architecture has only that (arm64's generic table; glibc calls it there).
wait_call=epoll_pwait
grep -q '"epoll_wait"' "$T/P.json" && wait_call=epoll_wait
phased kill "$wait_call" --default-action kill
[ "$(phase_req "$PORT" ping)" = pong ] || fail "kill: ping"
phase_req "$PORT" listen > /dev/null || true
for _ in $(seq 100); do kill -0 "$SPID" 2> /dev/null || break; sleep 0.1; done
kill -0 "$SPID" 2> /dev/null && fail "kill: the server still runs 10 s after its denied call"
rc=0; wait "$SPID" || rc=$?
[ "$rc" = 137 ] || fail "kill: sclog ended with $rc, not 137 (SIGKILL)"
grep -q 'socket by pid.*process killed (SIGKILL)' "$T/kill.err" || fail "kill: not said"
pass "phased ($wait_call, --default-action kill): the caller is killed with SIGKILL, status 137"

# Negative controls: nothing is denied when S = P, or before the boundary.
SERVING=$T/P.json phased same accept4
case $(phase_req "$PORT" listen) in listened*) ;; *) fail "S = P: listen denied" ;; esac
phase_stop; [ "$RC" = 0 ] || fail "S = P: bad exit"
phased never 3600
case $(phase_req "$PORT" listen) in listened*) ;; *) fail "boundary never reached: listen denied" ;; esac
phase_stop; [ "$RC" = 0 ] || fail "never: bad exit"
[ "$(report_field "$T/never.report.json" 'r["boundary"]["seconds"], r["denials"]')" = "(None, [])" ] ||
	fail "never: the report says a boundary or denials"
pass "negative controls: with S = P, and with the boundary never reached, listen works"

# Refusals, before the command starts (125).
refused() {
	local what=$1 want=$2 rc=0
	shift 2
	"$SCLOG" enforce "$@" -- /bin/true 2> "$T/refused.err" || rc=$?
	[ "$rc" = 125 ] && grep -q "$want" "$T/refused.err" ||
		{ cat "$T/refused.err" >&2; fail "$what: exit $rc"; }
}
refused "S not in P" "allows kexec_load, ptrace, which the whole-run policy does not" \
	-p "$T/P.json" --serving "$T/Sextra.json" --phase-at accept4
refused "boundary not in S" "boundary syscall bind is not in the serving policy" \
	-p "$T/P.json" --serving "$T/S.json" --phase-at bind
refused "--report alone" "applies to phased enforcement" -p "$T/P.json" --report "$T/x.json"
refused "--serving alone" "go together" -p "$T/P.json" --serving "$T/S.json"
pass "refused with 125: S beyond P (names them), a boundary outside S, options without --serving"

# Adversary: another user cannot send READY=1 (the socket's directory is
# sclog's user's, mode 0700).  The server here never sends it itself.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	chmod 755 "$T"
	start noready env TMPDIR="$T" "$SCLOG" enforce -p "$T/P.json" --serving "$T/S.json" \
		--phase-at ready -- env -u NOTIFY_SOCKET "$SERVER"
	sock=$(echo "$T"/sclog-ready-*/notify)
	send_ready='import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1", sys.argv[1])'
	if setpriv --reuid 65534 --regid 65534 --clear-groups python3 -c "$send_ready" "$sock" 2> /dev/null; then
		fail "uid 65534 could send to the NOTIFY_SOCKET"
	fi
	case $(phase_req "$PORT" listen) in listened*) ;; *) fail "noready: listen denied without READY=1" ;; esac
	python3 -c "$send_ready" "$sock"
	[ "$(phase_until "$PORT" listen "denied 1")" = "denied 1" ] || fail "noready: the owner's READY=1 was not the boundary"
	phase_stop; [ "$RC" = 0 ] || fail "noready: bad exit"
	pass "adversary: uid 65534 cannot send READY=1 to the NOTIFY_SOCKET; its owner can"
else
	note "not root (or no setpriv): the NOTIFY_SOCKET's permissions are not tried"
fi
