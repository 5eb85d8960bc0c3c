# SPDX-License-Identifier: GPL-2.0-only
# The test server of the phase tests (tests/progs/phase_server), driven from
# a script: integration/t_phase_enforce.sh (the server under sclog) and
# containers/t_phase_container.sh (in a container).  Sourced after
# tests/lib.sh.  The caller starts the server in the background with its
# port and pid files (-P, -p), $SPID the pid it signals (sclog's, or the
# runtime's), its stderr in $T/NAME.err.
#
#   phase_req PORT LINE       sends one request, prints the first line of
#                             its answer (empty when the server closed)
#   phase_until PORT LINE WANT
#                             sends LINE again until the answer is WANT, for
#                             at most 90 s: what a signal or a boundary
#                             sets off happens at the server's and sclog's
#                             pace (a loaded machine, ASan, a sleep of up
#                             to 60 s on a full audit backlog), which no
#                             fixed delay bounds; prints the last answer
#   phase_wait NAME PORTFILE PIDFILE SECONDS
#                             waits for the server's files: $PORT and
#                             $SERVER_PID; fails when $SPID ends first or
#                             after SECONDS
#   phase_stop                SIGTERM to $SPID (sclog forwards it); its exit
#                             status in $RC
#   phase_exercise NAME       what the server does later: fork and thread
#                             requests, a reload (SIGHUP to $SPID, which
#                             forwards it) and a rotation (SIGUSR1 to the
#                             server: sclog does not forward it); fails
#                             unless the server counted both

phase_req() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.argv[2].encode() + b"\n")
try:
    print(s.makefile().readline().strip())
except OSError:
    print("")
PY
}

phase_until() {
	local got end=$((SECONDS + 90))
	while :; do
		got=$(phase_req "$1" "$2")
		if [ "$got" = "$3" ] || [ "$SECONDS" -ge "$end" ]; then
			break
		fi
		sleep 0.1
	done
	printf '%s\n' "$got"
}

phase_wait() {
	local name=$1 port=$2 pid=$3 seconds=$4
	for _ in $(seq $((seconds * 10))); do
		[ -s "$port" ] && [ -s "$pid" ] && break
		kill -0 "$SPID" 2> /dev/null || { cat "$T/$name.err" >&2; fail "$name: did not start"; }
		sleep 0.1
	done
	[ -s "$port" ] || { cat "$T/$name.err" >&2; fail "$name: no port after $seconds s"; }
	PORT=$(cat "$port")
	SERVER_PID=$(cat "$pid")
}

phase_stop() {
	RC=0
	kill -TERM "$SPID"
	wait "$SPID" || RC=$?
}

phase_exercise() {
	case $(phase_req "$PORT" fork) in forked*) ;; *) fail "$1: fork" ;; esac
	[ "$(phase_req "$PORT" thread)" = threaded ] || fail "$1: thread"
	kill -HUP "$SPID"
	kill -USR1 "$SERVER_PID"
	[ "$(phase_until "$PORT" status "reloads 1 rotations 1")" = "reloads 1 rotations 1" ] ||
		{ cat "$T/$1.err" >&2; fail "$1: reload or rotation lost"; }
}
