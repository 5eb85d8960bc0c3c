#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run|check --container --backend bpf -- docker run …` against a
# private Docker Engine 26 daemon (tests/containers/docker.sh), images from
# the bullseye root filesystem.  The daemon starts the container, so the
# bpf program cannot follow it from the docker command: runc loads a
# profile that allows everything and notifies execve and execveat, sends
# its listener to sclog, and sclog tracks the process whose execve the
# kernel notifies before letting it go on.
#
# For a threaded interpreter and a shell pipeline:
#   * the same output and status as without sclog; the report names the bpf
#     collector, complete, the listener and the container's execve seen;
#   * the rule against the notify collector's recording of the same
#     container (ct_bpf_compare, tests/containers/lib.sh): the profiles
#     name the same syscalls (run adds the runtime's measured set to both),
#     and bpf's recorded calls hold notify's but for that measured set;
#   * the bpf profile reruns the container alike (the round trip).
# check --backend bpf: its own profile clean, without clone the finding.
# Negative control: SCLOG_BPF_BREAK=handoff (the notifying process is not
# tracked) leaves the workload's calls out: the comparison fails.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/docker.sh"

require_sclog
"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> "$T/bpf.err" ||
	skip "the bpf collector cannot work here: $(head -c 300 "$T/bpf.err")"
ct_rootfs
dk_fetch trixie
dk_start new
dk_image sclog-bullseye:test
run=(run --rm --network none sclog-bullseye:test)

# The threads' own ends (madvise of their stacks, exit) race with the
# process's exit_group after join(): the sleep settles them, so that two
# recordings of the workload can be compared.
threads='import threading, time
out = []
ts = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
time.sleep(0.5)
print(sorted(out))
raise SystemExit(3)'
pipeline='seq 1 500 | sort -rn | head -3 | tr "\n" " "; echo; exit 4'

# record OUT POLICY BACKEND -- DOCKER-RUN-ARGS...: sclog run --container;
# notify is tried again while a signal took calls out of their wait (runc's
# Go runtime, as in t_docker.sh), at most 5 times.
record() {
	local out=$1 p=$2 backend=$3 try
	shift 4
	for try in 1 2 3 4 5; do
		rm -f "$p.report.json"
		_rt_io "$out" timeout -k 5 120 "$SCLOG" run --container --backend "$backend" \
			--report "$p.report.json" -o "$p" -- "${DK[@]}" "$@"
		[ "$backend" = notify ] && [ -s "$p.report.json" ] || return 0
		[ "$(report_field "$p.report.json" 'r["counters"]["unreceived"] + r["counters"]["interrupted_late"]')" = 0 ] && return 0
	done
	fail "in 5 runs of 5, a signal interrupted calls before sclog received them: $*"
}

# recorded REPORT: the names of the calls the collector saw, one a line.
recorded() {
	report_field "$1" '"\n".join(sorted({s["name"] for s in r["syscalls"]}))'
}

# prove NAME DROP... -- CMD...
prove() {
	local name=$1 drop=() p=$T/$1-bpf.json why
	shift
	while [ "$1" != -- ]; do drop+=("$1"); shift; done
	shift
	_rt_io "$T/$name.ref" timeout -k 5 60 "${DK[@]}" "${run[@]}" "$@"
	[ -s "$T/$name.ref.out" ] || fail "$name without sclog: $(rt_show "$T/$name.ref")"
	record "$T/$name.notify" "$T/$name-notify.json" notify -- "${run[@]}" "$@"
	rt_same "$T/$name.ref" "$T/$name.notify" || fail "$name under notify: $(rt_show "$T/$name.notify")"
	record "$T/$name.bpf" "$p" bpf -- "${run[@]}" "$@"
	rt_same "$T/$name.ref" "$T/$name.bpf" ||
		fail "$name under bpf: $(rt_show "$T/$name.bpf") vs $(rt_show "$T/$name.ref")"
	"$RT_PY" - "$p.report.json" <<-'PY' || fail "$name: report $p.report.json"
		import json, sys
		r = json.load(open(sys.argv[1]))
		ct = r.get("container") or {}
		ok = (r.get("collector") == "bpf" and r.get("complete") is True
		      and ct.get("runtime") == "docker" and ct.get("exec_seen") is True
		      and "linux.seccomp.listenerPath" in (ct.get("listener") or ""))
		sys.exit(0 if ok else f"not as expected: {r}")
	PY
	why=$(ct_bpf_compare "$T/$name-notify.json" "$T/$name-bpf.json" docker) || fail "$name: bpf vs notify: $why"
	_rt_io "$T/$name.again" timeout -k 5 60 "${DK[@]}" run --security-opt "seccomp=$p" \
		"${run[@]:1}" "$@"
	rt_same "$T/$name.ref" "$T/$name.again" ||
		fail "$name under its bpf profile: $(rt_show "$T/$name.again")"
	rt_without "$p" "$p.minus.json" "${drop[@]}"
	_rt_io "$T/$name.minus" timeout -k 5 60 "${DK[@]}" run --security-opt "seccomp=$p.minus.json" \
		"${run[@]:1}" "$@"
	! rt_same "$T/$name.ref" "$T/$name.minus" ||
		fail "$name under its bpf profile without ${drop[*]}: ran as without seccomp"
	pass "docker run --backend bpf, $name (status $(cat "$T/$name.ref.rc")): same output, complete, $(rt_names "$p" | wc -l) syscalls as notify's profile, $(recorded "$p.report.json" | wc -l) recorded (notify $(recorded "$T/$name-notify.json.report.json" | wc -l)); reruns alike; without ${drop[*]} it fails"

	# Negative control: the notifying process not tracked.
	SCLOG_BPF_BREAK=handoff record "$T/$name.broken" "$T/$name-bpf.json" bpf -- "${run[@]}" "$@"
	why=$(ct_bpf_compare "$T/$name-notify.json" "$T/$name-bpf.json" docker) && fail "$name: SCLOG_BPF_BREAK=handoff still records as notify"
	pass "negative control, $name: with SCLOG_BPF_BREAK=handoff the comparison fails: $why"
}

prove threads clone clone3 -- python3 -c "$threads"
prove pipeline pipe pipe2 -- sh -c "$pipeline"

# check --backend bpf: the container's status; its own profile: no finding;
# without clone: the finding is clone.
record "$T/threads.bpf" "$T/threads-bpf.json" bpf -- "${run[@]}" python3 -c "$threads"
rt_without "$T/threads-bpf.json" "$T/threads-minus.json" clone clone3
for what in own minus; do
	p=$T/threads-bpf.json
	[ $what = own ] || p=$T/threads-minus.json
	_rt_io "$T/check-$what" timeout -k 5 120 "$SCLOG" check --container --backend bpf --policy "$p" \
		-- "${DK[@]}" "${run[@]}" python3 -c "$threads"
done
[ "$(cat "$T/check-own.rc")" = 3 ] && grep -q "no syscall outside" "$T/check-own.out" ||
	fail "check, its own profile: $(rt_show "$T/check-own")"
[ "$(cat "$T/check-minus.rc")" = 3 ] && grep -q "^  clone " "$T/check-minus.out" ||
	fail "check, without clone: $(rt_show "$T/check-minus")"
pass "check --container --backend bpf -- docker run: status 3; its own profile: no finding; without clone: clone named"
