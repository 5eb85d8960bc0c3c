#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run --container --backend bpf -- ctr run ...`: containerd starts
# the container, out of the command's tree; runc loads a profile that
# allows everything and notifies execve and execveat, sends its listener
# to sclog, and sclog tracks the process whose execve the kernel notifies
# before letting it go on.  A private containerd (tests/containers/ctd.sh),
# the bullseye root filesystem.  For a threaded python3 and a shell
# pipeline:
#   * the same output and status as without sclog; the report names the bpf
#     collector, complete, the container's execve seen;
#   * against the notify collector's recording of the same container: the
#     rule of ct_bpf_compare (tests/containers/lib.sh), runc's measured set
#     being the runtime's calls before the execve that bpf does not count;
#   * the bpf profile runs the container again alike under
#     `ctr run --seccomp --seccomp-profile P`; without clone (the thread) or
#     pipe (the pipeline) the rerun differs.
# Negative control: SCLOG_BPF_BREAK=handoff (the notifying process is not
# tracked): the comparison fails.
. "$(dirname "$0")/lib.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
require_tool ctr containerd containerd-shim-runc-v2 runc
"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> "$T/bpf.err" ||
	skip "the bpf collector cannot work here: $(head -c 300 "$T/bpf.err")"
ct_rootfs
. "$(dirname "$0")/ctd.sh"
ctd_start

# record NAME BACKEND: sclog run --container of NAME's workload.
record() {
	local pol=$T/$1-$2.json
	ctr_run "$2-$1" -- "${ARGS[@]}"
	ct_settled "$pol.report.json" ctr_io "$T/$1.$2" "$SCLOG" run --container --backend "$2" \
		-o "$pol" --report "$pol.report.json" -- "${RUN[@]}"
	rt_same "$T/$1.$2" "$T/$1.ref" || fail "$1 under $2: $(rt_show "$T/$1.$2")"
}

for name in python pipeline; do
	ctr_workload "$name"
	pol=$T/$name-bpf.json
	ctr_reference "$name"
	record "$name" notify
	record "$name" bpf
	ct_report_ok "$pol.report.json" bpf ctr || fail "$name: report $pol.report.json"
	why=$(ct_bpf_compare "$T/$name-notify.json" "$T/$name-bpf.json" runc) || fail "$name: bpf vs notify: $why"
	ctr_rerun "$name" "$pol"
	pass "containerd $version, $name: recorded with bpf through ctr run (status $(cat "$T/$name.ref.rc")), complete; $(rt_names "$pol" | wc -l) syscalls as notify's profile, $(ct_recorded "$pol.report.json" | wc -l) recorded (notify $(ct_recorded "$T/$name-notify.json.report.json" | wc -l)); reruns alike under ctr --seccomp-profile; without $DROP: $(rt_show "$T/$name.minus")"

	SCLOG_BPF_BREAK=handoff record "$name" bpf
	why=$(ct_bpf_compare "$T/$name-notify.json" "$T/$name-bpf.json" runc) && fail "$name: SCLOG_BPF_BREAK=handoff still records as notify"
	pass "negative control, $name: with SCLOG_BPF_BREAK=handoff the comparison fails: $why"
done
