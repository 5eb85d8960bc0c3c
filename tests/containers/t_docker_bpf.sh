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

# prove NAME DROP... -- CMD...: CMD recorded by notify and by bpf, compared;
# the bpf profile reruns it; the negative control.
prove() {
	local name=$1 drop=() p=$T/$1-bpf.json why
	shift
	while [ "$1" != -- ]; do drop+=("$1"); shift; done
	shift
	dk_reference "$name" "$@"
	dk_record "$T/$name.notify" "$T/$name-notify.json" --backend notify -- "${DK_RUN[@]}" "$@"
	rt_same "$T/$name.ref" "$T/$name.notify" || fail "$name under notify: $(rt_show "$T/$name.notify")"
	dk_record "$T/$name.bpf" "$p" --backend bpf -- "${DK_RUN[@]}" "$@"
	rt_same "$T/$name.ref" "$T/$name.bpf" ||
		fail "$name under bpf: $(rt_show "$T/$name.bpf") vs $(rt_show "$T/$name.ref")"
	ct_report_ok "$p.report.json" bpf docker || fail "$name: report $p.report.json"
	why=$(ct_bpf_compare "$T/$name-notify.json" "$T/$name-bpf.json" docker) || fail "$name: bpf vs notify: $why"
	dk_rerun "$name" "$p" "${drop[@]}" -- "$@"
	pass "docker run --backend bpf, $name (status $(cat "$T/$name.ref.rc")): same output, complete, $(rt_names "$p" | wc -l) syscalls as notify's profile, $(ct_recorded "$p.report.json" | wc -l) recorded (notify $(ct_recorded "$T/$name-notify.json.report.json" | wc -l)); reruns alike; without ${drop[*]} it fails"

	# Negative control: the notifying process not tracked.
	SCLOG_BPF_BREAK=handoff dk_record "$T/$name.broken" "$T/$name-bpf.json" --backend bpf -- "${DK_RUN[@]}" "$@"
	why=$(ct_bpf_compare "$T/$name-notify.json" "$T/$name-bpf.json" docker) && fail "$name: SCLOG_BPF_BREAK=handoff still records as notify"
	pass "negative control, $name: with SCLOG_BPF_BREAK=handoff the comparison fails: $why"
}

prove threads clone clone3 -- python3 -c "$DK_THREADS"
prove pipeline pipe pipe2 -- sh -c "$DK_PIPELINE"

# check --backend bpf (the negative control replaced the threads' profile:
# recorded again): the container's status; its own profile: no finding;
# without clone: the finding is clone.
dk_record "$T/threads.bpf" "$T/threads-bpf.json" --backend bpf -- "${DK_RUN[@]}" python3 -c "$DK_THREADS"
rt_without "$T/threads-bpf.json" "$T/threads-bpf.json.minus.json" clone clone3
dk_check "$T/threads-bpf.json" --backend bpf
