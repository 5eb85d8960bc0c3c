#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# sclog run|enforce --container --phase-at BOUNDARY (issue 23, item 6): the
# test server (tests/progs/phase_server) in a crun and a runc container.
#   * `run --container --phase-at accept4 -o P --serving-output S` records
#     it in place, with its requests, a reload, a rotation and a stop: S
#     lacks the start-up's socket, bind and listen.
#   * Under plain `RT run` with P, a 'listen' request opens a new listening
#     socket.
#   * Under `enforce --container -- RT run` (the runtime loads the phased
#     profile and hands its listener to sclog) the server serves, forks,
#     threads, reloads on SIGHUP and stops with 0 on SIGTERM (both sent to
#     sclog, which forwards them to the runtime); 'listen' after the
#     boundary (accept4) is denied with EPERM, said once, in the report.
#   * The same after a timer's boundary (--phase-at 1).
#   * Negative control: with S = P nothing is denied and 'listen' works.
#   * podman run (crun): recorded and enforced the same way.
#   * Refusals (125): ready (run and enforce), --container without
#     --serving, runc's form without write.
# The container shares the host's network (the test talks to 127.0.0.1) and
# pid namespace (the server's pid file names it for SIGUSR1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../phase.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
SERVER=$PROGS/phase_server
[ -x "$SERVER" ] || skip "no $SERVER (build the tests)"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel"

# bundle RT NAME POLICY: a bundle running the server with its files in
# $T/srv-NAME (read-write), in the host's network and pid namespaces.
bundle() {
	local rt=$1 name=$2 policy=$3 b=$T/b-$2 srv=$T/srv-$2
	mkdir -p "$srv"
	echo 'workers 1' > "$srv/server.conf"
	rt_bundle "$b"
	rt_config "$b" "$policy" true / "$PROGS" -- "$SERVER" -c "$srv/server.conf" -l "$srv/log" \
		-P "$srv/port" -p "$srv/pid" 0
	"$RT_PY" - "$b/config.json" "$srv" <<-'EOF'
		import json, sys
		c = json.load(open(sys.argv[1]))
		c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"]
		                            if n["type"] not in ("network", "pid")]
		c["mounts"].append({"destination": sys.argv[2], "type": "bind",
		                    "source": sys.argv[2], "options": ["rbind", "rw"]})
		json.dump(c, open(sys.argv[1], "w"), indent=1)
	EOF
}

# start RT NAME PREFIX...: `PREFIX RT run` of bundle NAME in the background;
# waits for the server's port: $SPID (PREFIX's pid, or the runtime's), $PORT,
# $SERVER_PID.
_id=0
start() {
	local rt=$1 name=$2 srv=$T/srv-$2 id state=$T/state-$1
	shift 2
	_id=$((_id + 1))
	id=sclog-phase-$$-$_id
	mkdir -p "$state"
	local -a g=(--root "$state")
	[ "$rt" = crun ] && g+=(--cgroup-manager=disabled)
	rm -f "$srv/port" "$srv/pid"
	ct_wrap "$rt"
	"${CT_WRAP[@]}" "$@" "$rt" "${g[@]}" run -b "$T/b-$name" "$id" < /dev/null \
		> "$T/$name.out" 2> "$T/$name.err" &
	SPID=$!
	at_exit "kill -KILL $SPID 2> /dev/null || true; $rt --root $state delete -f $id > /dev/null 2>&1 || true"
	started "$name" "$srv" 15
}

# started NAME SRV SECONDS: phase_wait for the server whose files are in
# SRV.  A runtime killed with sclog leaves its container running: the
# server's pid is the host's (no pid namespace), killed at exit only while
# it still is this test's server.
started() {
	phase_wait "$1" "$2/port" "$2/pid" "$3"
	at_exit "grep -qs '$2' /proc/$SERVER_PID/cmdline && kill -KILL $SERVER_PID 2> /dev/null || true"
}

report() {
	"$RT_PY" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"
}

ran=0
for rt in ${PHASE_CT_RUNTIMES:-crun runc}; do
	rt_usable "$rt" || continue
	ran=$((ran + 1))
	P=$T/$rt-P.json S=$T/$rt-S.json

	# P and S: the container recorded in place in two phases, with what
	# the server does later, but no 'listen' after the boundary.
	bundle "$rt" "$rt-rec" none
	# PHASE_CT_BACKEND=notify: recorded by the notify collector instead.
	start "$rt" "$rt-rec" "$SCLOG" run -q --container --backend "${PHASE_CT_BACKEND:-audit}" \
		--phase-at accept4 -o "$P" \
		--serving-output "$S" --report "$T/$rt-rec.report.json"
	[ "$(phase_req "$PORT" ping)" = pong ] || fail "$rt recording: ping"
	phase_exercise "$rt-rec"
	phase_stop
	[ "$RC" = 0 ] || { cat "$T/$rt-rec.err" >&2; fail "$rt recording: exit $RC"; }
	for n in socket bind listen; do
		rt_names "$S" | grep -x "$n" > /dev/null && fail "$rt recording: $n is in the serving phase"
		rt_names "$P" | grep -x "$n" > /dev/null || fail "$rt recording: $n is not in the whole run"
	done
	rt_names "$S" | grep -x accept4 > /dev/null || fail "$rt recording: accept4 is not in the serving phase"
	pass "$rt run --container --phase-at accept4: $(rt_names "$P" | wc -l) syscalls in the whole run, $(rt_names "$S" | wc -l) in the serving phase, without socket, bind, listen"

	# Plain RT run with P: the late listening socket works.
	bundle "$rt" "$rt-plain" "$P"
	start "$rt" "$rt-plain"
	case $(phase_req "$PORT" listen) in listened*) ;; *) fail "$rt run with P: listen refused" ;; esac
	phase_stop
	[ "$RC" = 0 ] || { cat "$T/$rt-plain.err" >&2; fail "$rt run with P: exit $RC"; }

	# Phased: P until the first accept4, S after it.
	bundle "$rt" "$rt-phased" none
	# PHASE_CT_SERVING=P: the negative control of this part (nothing dropped).
	serving=$S
	[ "${PHASE_CT_SERVING:-}" = P ] && serving=$P
	start "$rt" "$rt-phased" "$SCLOG" enforce --container -p "$P" --serving "$serving" \
		--phase-at accept4 --report "$T/$rt.report.json" --
	[ "$(phase_req "$PORT" ping)" = pong ] || fail "$rt phased: ping"
	[ "$(phase_req "$PORT" listen)" = "denied 1" ] ||
		{ cat "$T/$rt-phased.err" >&2; fail "$rt phased: listen after the boundary not denied with EPERM"; }
	[ "$(phase_req "$PORT" listen)" = "denied 1" ] || fail "$rt phased: second listen not denied"
	phase_exercise "$rt-phased"
	phase_stop
	[ "$RC" = 0 ] || { cat "$T/$rt-phased.err" >&2; fail "$rt phased: exit $RC"; }
	[ "$(grep -c 'after the boundary' "$T/$rt-phased.err")" = 1 ] &&
		grep -q '^sclog: socket by pid [0-9]* (phase_server) after the boundary.*EPERM' "$T/$rt-phased.err" ||
		{ cat "$T/$rt-phased.err" >&2; fail "$rt phased: the denial of socket is not said once"; }
	r=$T/$rt.report.json
	[ "$(report "$r" '[(d["name"], d["count"]) for d in r["denials"]]')" = "[('socket', 2)]" ] ||
		fail "$rt phased: report denials: $(report "$r" 'r["denials"]')"
	[ "$(report "$r" 'r["boundary"]["seconds"] is not None, r["exit_status"]')" = "(True, 0)" ] ||
		fail "$rt phased: report boundary or exit: $(cat "$r")"
	pass "$rt run under enforce --container --phase-at accept4: serves, forks, threads, reloads, rotates, stops with 0; listen denied (EPERM), said once, counted twice; under plain $rt run with P it works"

	# A timer's boundary: 1 s after the runtime command started.
	start "$rt" "$rt-phased" "$SCLOG" enforce --container -p "$P" --serving "$S" --phase-at 1 \
		--report "$T/$rt.timer.json" --
	[ "$(phase_req "$PORT" ping)" = pong ] || fail "$rt timer: ping"
	[ "$(phase_until "$PORT" listen "denied 1")" = "denied 1" ] || fail "$rt timer: listen after 1 s not denied"
	phase_stop
	[ "$RC" = 0 ] || { cat "$T/$rt-phased.err" >&2; fail "$rt timer: exit $RC"; }
	[ "$(report "$T/$rt.timer.json" 'r["boundary"]["kind"], r["boundary"]["seconds"] >= 1')" = "('seconds', True)" ] ||
		fail "$rt timer: report: $(cat "$T/$rt.timer.json")"
	pass "$rt --phase-at 1: listen denied after the timer's boundary"

	# Negative control: S = P drops nothing.
	start "$rt" "$rt-phased" "$SCLOG" enforce --container -p "$P" --serving "$P" --phase-at accept4 --
	case $(phase_req "$PORT" listen) in listened*) ;; *) fail "$rt, S = P: listen denied" ;; esac
	phase_stop
	[ "$RC" = 0 ] || fail "$rt, S = P: exit $RC"
	pass "$rt negative control: with S = P, listen after the boundary works"
done
[ $ran -gt 0 ] || skip "neither crun nor runc can run a container here"

# podman run with crun as its runtime, which gets runc's form of the
# profile (podman's runtime is not known beforehand): recorded and
# enforced in phases the same way.
if command -v podman > /dev/null && rt_usable crun; then
	ct_podman crun
	ct_wrap crun
	srv=$T/srv-podman
	mkdir -p "$srv"
	echo 'workers 1' > "$srv/server.conf"
	rt_bundle "$T/podman-root"
	pargs=(--network host --pid host -v /usr:/usr:ro -v /etc:/etc:ro -v "$PROGS:$PROGS:ro"
		-v "$srv:$srv" --rootfs "$T/podman-root/rootfs" "$SERVER" -c "$srv/server.conf"
		-l "$srv/log" -P "$srv/port" -p "$srv/pid" 0)
	# pstart NAME SCLOG-ARGS...: as start, for podman run.
	pstart() {
		local name=$1
		shift
		rm -f "$srv/port" "$srv/pid"
		"${CT_WRAP[@]}" "$SCLOG" "$@" -- "${CT_PODMAN[@]}" run --rm "${pargs[@]}" \
			< /dev/null > "$T/$name.out" 2> "$T/$name.err" &
		SPID=$!
		at_exit "kill -KILL $SPID 2> /dev/null || true"
		started "$name" "$srv" 30
	}
	P=$T/podman-P.json S=$T/podman-S.json
	pstart podman-rec run -q --container --phase-at accept4 -o "$P" --serving-output "$S"
	phase_exercise podman-rec
	phase_stop
	[ "$RC" = 0 ] || { cat "$T/podman-rec.err" >&2; fail "podman recording: exit $RC"; }
	rt_names "$S" | grep -x listen > /dev/null && fail "podman recording: listen in the serving phase"
	pstart podman-phased enforce --container -p "$P" --serving "$S" --phase-at accept4
	[ "$(phase_req "$PORT" ping)" = pong ] || fail "podman phased: ping"
	[ "$(phase_req "$PORT" listen)" = "denied 1" ] ||
		{ cat "$T/podman-phased.err" >&2; fail "podman phased: listen after the boundary not denied"; }
	phase_exercise podman-phased
	phase_stop
	[ "$RC" = 0 ] || { cat "$T/podman-phased.err" >&2; fail "podman phased: exit $RC"; }
	pass "podman run (crun) under run|enforce --container --phase-at accept4: serves, forks, threads, reloads, rotates, stops with 0; listen denied"
else
	note "podman or crun is not usable here: podman is not tried"
fi

# Refusals, before anything starts (125).
refused() {
	local what=$1 want=$2 rc=0
	shift 2
	"$SCLOG" enforce "$@" 2> "$T/refused.err" || rc=$?
	[ "$rc" = 125 ] && grep -q "$want" "$T/refused.err" ||
		{ cat "$T/refused.err" >&2; fail "$what: exit $rc"; }
}
refused "ready" "ready does not apply to --container" --container -p "$P" --serving "$S" \
	--phase-at ready -- crun run -b "$T/b-x" x
rc=0
"$SCLOG" run --container --phase-at ready -o "$T/x.json" --serving-output "$T/y.json" \
	-- crun run -b "$T/b-x" x 2> "$T/refused.err" || rc=$?
[ "$rc" = 125 ] && grep -q "ready does not apply to --container" "$T/refused.err" ||
	{ cat "$T/refused.err" >&2; fail "run --container --phase-at ready: exit $rc"; }
refused "no --serving" "security-opt seccomp=POLICY" --container -p "$P" -- crun run -b "$T/b-x" x
"$RT_PY" - "$P" "$T/nowrite.json" <<-'EOF'
	import json, sys
	p = json.load(open(sys.argv[1]))
	for r in p["syscalls"]:
	    r["names"] = [n for n in r["names"] if n != "write"]
	json.dump(p, open(sys.argv[2], "w"))
EOF
mkdir -p "$T/b-x"
echo '{"ociVersion": "1.0.2", "process": {"args": ["/bin/true"]}, "root": {"path": "rootfs"}, "linux": {}}' > "$T/b-x/config.json"
refused "runc without write" "does not allow write" --container -p "$T/nowrite.json" \
	--serving "$T/nowrite.json" --phase-at accept4 -- runc run -b "$T/b-x" x
pass "refused with 125: ready (run and enforce), --container without --serving, runc's form without write"
