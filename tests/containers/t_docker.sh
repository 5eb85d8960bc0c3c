#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run|check --container -- docker run …` against private Docker
# daemons (tests/containers/docker.sh): Debian trixie's Docker Engine 26,
# which passes listenerPath on to runc, and bookworm's 20.10, which drops
# it.  Images are imported from the bullseye root filesystem (another
# userland than the host's).
#
# Round trip: a profile recorded through `docker run` runs the same
# container under `docker run --security-opt seccomp=P` with the same output
# and status, for a threaded interpreter and a shell pipeline; P without a
# syscall the workload needs makes the rerun fail (the negative control).
# --base and check work.  Refused with 125 before anything starts: an
# explicit --backend audit, -d, and the 20.10 daemon (its version named).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/docker.sh"

require_sclog
ct_rootfs
dk_fetch trixie
dk_start new
dk_image sclog-bullseye:test
run=(run --rm --network none sclog-bullseye:test)

# A threaded interpreter (python3 in the rootfs) and a shell pipeline.
threads='import threading
out = []
ts = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
print(sorted(out))
raise SystemExit(3)'
pipeline='seq 1 500 | sort -rn | head -3 | tr "\n" " "; echo; exit 4'

# record OUT POLICY [SCLOG-OPTIONS...] -- DOCKER-RUN-ARGS...: sclog run
# --container --report POLICY.report.json of `docker run ARGS`, again while
# a signal took calls out of their wait before sclog received them (runc's
# Go runtime preempts its threads with SIGURG; such a run is incomplete by
# design, docs/how-it-works.md).  At most 5 tries.
record() {
	local out=$1 p=$2 opts=() try
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	for try in 1 2 3 4 5; do
		rm -f "$p.report.json"
		_rt_io "$out" timeout -k 5 120 "$SCLOG" run --container "${opts[@]}" \
			--report "$p.report.json" -o "$p" -- "${DK[@]}" "$@"
		[ -s "$p.report.json" ] || return 0
		[ "$(report_field "$p.report.json" 'r["counters"]["unreceived"]')" = 0 ] && return 0
		echo "# try $try: a signal took calls out of their wait before sclog received them; again" >&2
	done
	fail "in 5 runs of 5, a signal interrupted calls before sclog received them: $*"
}

# prove NAME DROP... -- CMD...: the round trip of one workload.
prove() {
	local name=$1 drop=() p=$T/$1.json
	shift
	while [ "$1" != -- ]; do drop+=("$1"); shift; done
	shift
	_rt_io "$T/$name.ref" timeout -k 5 60 "${DK[@]}" "${run[@]}" "$@"
	[ -s "$T/$name.ref.out" ] || fail "$name without sclog: $(rt_show "$T/$name.ref")"
	record "$T/$name.rec" "$p" -- "${run[@]}" "$@"
	rt_same "$T/$name.ref" "$T/$name.rec" ||
		fail "$name under sclog: not as without it: $(rt_show "$T/$name.rec") vs $(rt_show "$T/$name.ref")"
	"$RT_PY" - "$p.report.json" <<-'PY' || fail "$name: report $p.report.json"
		import json, sys
		r = json.load(open(sys.argv[1]))
		ct = r.get("container") or {}
		ok = (r.get("collector") == "notify" and r.get("complete") is True
		      and ct.get("runtime") == "docker" and ct.get("exec_seen") is True
		      and "linux.seccomp.listenerPath" in (ct.get("listener") or ""))
		sys.exit(0 if ok else f"not as expected: {r}")
	PY
	_rt_io "$T/$name.again" timeout -k 5 60 "${DK[@]}" run --security-opt "seccomp=$p" \
		"${run[@]:1}" "$@"
	rt_same "$T/$name.ref" "$T/$name.again" ||
		fail "$name under its profile: $(rt_show "$T/$name.again") vs $(rt_show "$T/$name.ref")"
	rt_without "$p" "$p.minus.json" "${drop[@]}"
	_rt_io "$T/$name.minus" timeout -k 5 60 "${DK[@]}" run --security-opt "seccomp=$p.minus.json" \
		"${run[@]:1}" "$@"
	! rt_same "$T/$name.ref" "$T/$name.minus" ||
		fail "$name under its profile without ${drop[*]}: ran as without seccomp"
	pass "docker run, $name (status $(cat "$T/$name.ref.rc")): recorded with the same output and status, complete; the profile reruns it alike; without ${drop[*]} the rerun fails ($(cat "$T/$name.minus.rc"))"
}

prove threads clone clone3 -- python3 -c "$threads"
prove pipeline pipe pipe2 -- sh -c "$pipeline"

# --base: what the base allows is not recorded again; the result reruns.
record "$T/base.rec" "$T/base.json" --base "$T/threads.json" -- "${run[@]}" python3 -c "$threads"
rt_same "$T/threads.ref" "$T/base.rec" && [ "$(report_field "$T/base.json.report.json" 'r["complete"]')" = True ] ||
	fail "--base: $(rt_show "$T/base.rec")"
_rt_io "$T/base.again" "${DK[@]}" run --security-opt "seccomp=$T/base.json" "${run[@]:1}" python3 -c "$threads"
rt_same "$T/threads.ref" "$T/base.again" || fail "--base's profile: $(rt_show "$T/base.again")"
pass "docker run --base: complete, same output; the result reruns the container"

# check: the container runs as without sclog (its status, 3); against its
# own profile no finding, without clone the finding is clone.
for what in own minus; do
	p=$T/threads.json
	[ $what = own ] || p=$T/threads.json.minus.json
	_rt_io "$T/check-$what" timeout -k 5 120 "$SCLOG" check --container --policy "$p" \
		-- "${DK[@]}" "${run[@]}" python3 -c "$threads"
done
[ "$(cat "$T/check-own.rc")" = 3 ] && grep -q "no syscall outside" "$T/check-own.out" ||
	fail "check, its own profile: $(rt_show "$T/check-own")"
# (check prints its findings after the container's output, on stdout)
[ "$(head -1 "$T/check-own.out")" = "$(cat "$T/threads.ref.out")" ] || fail "check changed the container's output"
[ "$(cat "$T/check-minus.rc")" = 3 ] && grep -q "1 syscall outside" "$T/check-minus.out" &&
	grep -q "^  clone " "$T/check-minus.out" || fail "check, without clone: $(rt_show "$T/check-minus")"
pass "sclog check --container -- docker run: the container's status; its own profile: no finding; without clone: the finding is clone"

# refused NAME PATTERN CMD...: CMD exits 125, its message holds PATTERN, and
# no container was created.
refused() {
	local name=$1 pattern=$2 before after
	shift 2
	before=$("${DK[@]}" ps -aq | wc -l)
	_rt_io "$T/$name" "$@"
	after=$("${DK[@]}" ps -aq | wc -l)
	[ "$(cat "$T/$name.rc")" = 125 ] && grep -q -- "$pattern" "$T/$name.err" && [ "$before" = "$after" ] ||
		fail "$name: containers $before -> $after, $(rt_show "$T/$name")"
}
refused audit "through the container's seccomp listener only" \
	"$SCLOG" run --container --backend audit -o /dev/null -- "${DK[@]}" run sclog-bullseye:test true
refused detach "without -d/--detach" \
	"$SCLOG" run --container -o /dev/null -- "${DK[@]}" run -d sclog-bullseye:test true
pass "--backend audit and -d: refused (125), the reason named, no container created"
dk_stop new

# Docker Engine 20.10 drops listenerPath: refused before anything starts.
dk_fetch bookworm
dk_start old
dk_image sclog-bullseye:test
refused old "Docker Engine ${DK_VERSION%%+*}" \
	"$SCLOG" run --container -o "$T/old.json" -- "${DK[@]}" run sclog-bullseye:test true
[ ! -e "$T/old.json" ] || fail "20.10: a profile was written"
pass "Docker Engine $DK_VERSION: refused (125) before anything started, the version named"
