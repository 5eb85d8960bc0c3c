# SPDX-License-Identifier: GPL-2.0-only
# sclog run --phase-at BOUNDARY --serving-output S.json (docs/phases.md):
# with each collector, tests/progs/phased's serving phase (accept4, write,
# exit_group) is in S and its start-up (socket, bind, listen, openat) is
# not, for a syscall, a time and a READY=1 boundary; P holds both.
# Negative controls: a boundary never reached (a syscall the command never
# makes, "ready" from a command that never says it) writes no S and exits
# 125; a boundary at the first call (execve, 0 s) gives S == P.  A READY=1
# from outside the tree counts (the documented choice).
# The call right after READY=1 (a clock_nanosleep) is in S whatever the
# audit records' coarse clock says: under audit a time boundary is cut by
# serial (the report's "cut"), never by that clock, which lagged READY=1's
# by more than its 4 ms tick on a loaded machine and lost the call; for
# READY=1, at the serial of its sendto (the socket() before it is out).
. "$(dirname "$0")/lib.sh"
require_root "to record with the audit and the notify collector"

backends=()
"$SCLOG" doctor > /dev/null 2>&1 && backends+=(audit) ||
	echo "SKIP (part): the audit collector does not work here"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> /dev/null && backends+=(notify) ||
	echo "SKIP (part): the notify collector does not work here"
[ "${#backends[@]}" -gt 0 ] || skip "neither the audit nor the notify collector works here"

PH="$PROGS/phased"

# has FILE NAME...: the policy FILE allows every NAME; lacks: none of them.
has() {
	local f=$1 n
	shift
	for n; do grep -qx "$n" <(policy_names "$f") || fail "$f: $n missing"; done
}
lacks() {
	local f=$1 n
	shift
	for n; do ! grep -qx "$n" <(policy_names "$f") || fail "$f: $n should not be there"; done
}

# record NAME BOUNDARY CMD...: P in $T/NAME.P.json, S in $T/NAME.S.json,
# the report in $T/NAME.r.json, stderr in $T/NAME.err; sets $rc.
record() {
	local name=$1 at=$2
	shift 2
	rc=0
	"$SCLOG" run --backend "$b" --phase-at "$at" -o "$T/$name.P.json" \
		--serving-output "$T/$name.S.json" --report "$T/$name.r.json" -- "$@" \
		> /dev/null 2> "$T/$name.err" || rc=$?
}

# cut_is NAME: the report's cut of a time boundary: by serial under audit,
# by the time of receipt (no margin) under notify.
cut_is() {
	local want="('serial', 0)"
	[ "$b" = audit ] || want="('time', 0)"
	[ "$(report_field "$T/$1.r.json" '(r["phase"]["cut"], r["phase"]["margin_ms"])')" = "$want" ] ||
		fail "$1: the cut: $(report_field "$T/$1.r.json" 'r["phase"]')"
}

for b in "${backends[@]}"; do
	# A syscall: its first call starts the serving phase and is in it.
	record "sys-$b" accept4 "$PH" 300
	[ "$rc" = 0 ] || { cat "$T/sys-$b.err" >&2; fail "sys-$b: exit $rc"; }
	has "$T/sys-$b.S.json" accept4 write exit_group
	lacks "$T/sys-$b.S.json" socket bind listen openat execve
	has "$T/sys-$b.P.json" accept4 write exit_group socket bind listen openat execve
	[ "$(report_field "$T/sys-$b.r.json" '(r["phase"]["seen"], r["phase"]["kind"], "bind" in r["phase"]["only_before"], "accept4" in r["phase"]["only_before"])')" = "(True, 'syscall', True, False)" ] ||
		fail "sys-$b: the report's phase: $(report_field "$T/sys-$b.r.json" 'r["phase"]')"
	grep -q "boundary accept4 after .* only before it:.* bind" "$T/sys-$b.err" ||
		fail "sys-$b: the summary does not name the boundary and the calls before it"
	pass "sys-$b: accept4 cuts: S has accept4 write exit_group, not socket bind listen openat"

	# A time: start-up done well before 1.0 s, serving from 1.2 s on.
	# On a loaded machine the serving phase of a seconds boundary may
	# hold start-up calls (docs/phases.md): under audit those sclog had
	# not read before it, under notify those made after it.  Such a
	# run is made again, at most SETTLE_TRIES times.
	for try in $(seq $SETTLE_TRIES); do
		record "time-$b" 1.0 "$PH" 1200
		[ "$rc" = 0 ] || { cat "$T/time-$b.err" >&2; fail "time-$b: exit $rc"; }
		grep -qxE 'socket|bind|listen|openat|execve' <(policy_names "$T/time-$b.S.json") || break
		echo "# try $try: start-up calls came (or were read) after 1.0 s; again" >&2
	done
	has "$T/time-$b.S.json" accept4 write exit_group
	lacks "$T/time-$b.S.json" socket bind listen openat execve
	ms=$(report_field "$T/time-$b.r.json" 'r["phase"]["ms_after_start"]')
	[ "$ms" = 1000 ] || fail "time-$b: boundary at $ms ms, want 1000"
	cut_is "time-$b"
	pass "time-$b: 1.0 s cuts the same way"

	# READY=1 on sclog's NOTIFY_SOCKET, which replaces an inherited one.  The
	# sendto that says it is on either side, as the cut allows (docs/phases.md).
	rc=0
	NOTIFY_SOCKET=/run/no-such-manager "$SCLOG" run --backend "$b" --phase-at ready \
		-o "$T/ready-$b.P.json" --serving-output "$T/ready-$b.S.json" \
		--report "$T/ready-$b.r.json" -- "$PH" 300 ready > /dev/null 2> "$T/ready-$b.err" || rc=$?
	[ "$rc" = 0 ] || { cat "$T/ready-$b.err" >&2; fail "ready-$b: exit $rc"; }
	has "$T/ready-$b.S.json" accept4 write exit_group clock_nanosleep
	lacks "$T/ready-$b.S.json" bind listen openat execve
	cut_is "ready-$b"
	# Under audit the cut is the serial of the sendto that said READY=1,
	# found in the records whenever sclog read them: the socket() made just
	# before it is out (notify: in or out, by the millisecond).
	[ "$b" != audit ] || lacks "$T/ready-$b.S.json" socket
	grep -q "NOTIFY_SOCKET=/run/no-such-manager replaced" "$T/ready-$b.err" ||
		fail "ready-$b: no note that the inherited NOTIFY_SOCKET was replaced"
	[ -z "$(ls /tmp/sclog-ready-* 2> /dev/null)" ] || note "ready-$b: a sclog-ready directory is left in /tmp (another run's?)"
	pass "ready-$b: READY=1 cuts after listen; the inherited NOTIFY_SOCKET replaced with a note"

	# Negative controls: never reached.
	record "never-$b" mount "$PH" 0
	[ "$rc" = 125 ] || fail "never-$b: exit $rc, want 125"
	[ ! -e "$T/never-$b.S.json" ] || fail "never-$b: S written for a boundary never reached"
	[ -s "$T/never-$b.P.json" ] || fail "never-$b: P not written"
	grep -q "boundary mount never came" "$T/never-$b.err" || fail "never-$b: no message"
	[ "$(report_field "$T/never-$b.r.json" 'r["phase"]["seen"]')" = False ] ||
		fail "never-$b: the report says the boundary came"
	record "noready-$b" ready "$PH" 0
	[ "$rc" = 125 ] && [ ! -e "$T/noready-$b.S.json" ] ||
		fail "noready-$b: a command that never says READY=1: exit $rc, want 125 and no S"
	record "never3-$b" mount sh -c 'exit 3'
	[ "$rc" = 3 ] || fail "never3-$b: exit $rc, want the command's 3"
	pass "never-$b: a boundary never reached writes P, no S, exits 125 (the command's own failure wins)"

	# Negative controls: a boundary at the first call leaves nothing out.
	for at in execve 0; do
		record "first-$b" "$at" "$PH" 0
		[ "$rc" = 0 ] || { cat "$T/first-$b.err" >&2; fail "first-$b $at: exit $rc"; }
		diff <(policy_names "$T/first-$b.P.json") <(policy_names "$T/first-$b.S.json") > /dev/null ||
			fail "first-$b: --phase-at $at: S differs from P"
	done
	pass "first-$b: --phase-at execve and 0: S == P"
done

# A READY=1 from outside the tree counts too (docs/phases.md: only root or
# the command's user can reach the socket, and either could call anything);
# the socket and its directory are gone after the run.
b=${backends[0]}
rc=0
"$SCLOG" run -q --backend "$b" --phase-at ready -o "$T/out.P.json" --serving-output "$T/out.S.json" \
	--report "$T/out.r.json" -- sh -c 'echo "$NOTIFY_SOCKET" > "$0"
		for _ in $(seq 300); do [ -e "$0.sent" ] && exit; sleep 0.1; done' "$T/path" &
pid=$!
at_exit "kill $pid 2> /dev/null"
for _ in $(seq 300); do [ -s "$T/path" ] && break; sleep 0.1; done
# The command waits for the sender (up to 30 s): a loaded machine may take
# seconds to start python.
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1", sys.argv[1])' "$(cat "$T/path")" ||
	fail "outside: cannot send READY=1 to $(cat "$T/path")"
touch "$T/path.sent"
wait "$pid" || rc=$?
[ "$rc" = 0 ] && [ "$(report_field "$T/out.r.json" 'r["phase"]["seen"]')" = True ] ||
	fail "outside-$b: a READY=1 from outside the tree was not taken (exit $rc)"
[ ! -e "$(cat "$T/path")" ] && [ ! -e "$(dirname "$(cat "$T/path")")" ] ||
	fail "outside-$b: the NOTIFY_SOCKET or its directory is left behind"
pass "outside-$b: a READY=1 from outside the tree counts; the socket and its directory are removed"

# Refusals, before anything runs.
expect125() {
	local what=$1 rc=0
	shift
	"$SCLOG" run "$@" -- /bin/true > /dev/null 2> "$T/refused.err" || rc=$?
	[ "$rc" = 125 ] || fail "$what: exit $rc, want 125"
	pass "$what: refused ($(head -1 "$T/refused.err"))"
}
expect125 "--phase-at alone" --phase-at accept4 -o "$T/x.json"
expect125 "--serving-output alone" --serving-output "$T/s.json" -o "$T/x.json"
expect125 "an unknown boundary" --phase-at no_such_call --serving-output "$T/s.json" -o "$T/x.json"
expect125 "S and P one file" --phase-at accept4 --serving-output "$T/x.json" -o "$T/x.json"
expect125 "bpf" --backend bpf --phase-at accept4 --serving-output "$T/s.json" -o "$T/x.json"
[ ! -e "$T/s.json" ] || fail "a refused run wrote S"
