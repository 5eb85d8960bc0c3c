#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run --container --backend bpf`: the runtime gets an allow-all
# profile, which marks where the container starts; the program counts only
# the calls of tasks under that filter.  In the root filesystem of another
# Debian release (bullseye), with crun, runc and podman (with each runtime
# it can use): the profile holds none of the runtime's set-up, names the
# same syscalls as the audit collector's recording of the same container,
# and runs the container again with the same output and status.
# Negative control: with the gate on the runtime's filter off
# (SCLOG_BPF_BREAK=filtered) the runtime's set-up (mount, pivot_root...)
# is counted, and the profile check fails.
. "$(dirname "$0")/inplace.sh"
require_root
require_sclog
"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> "$T/bpf.err" ||
	skip "the bpf collector cannot work here: $(head -c 300 "$T/bpf.err")"
ct_rootfs
echo "foreign root filesystem: $CT_ROOTFS ($CT_ROOTFS_INFO)"
ip_start
ARGS=(/bin/sh "$IP_WORK/shell.sh")

collector() { # REPORT
	"$RT_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["collector"])' "$1"
}

# prove WHAT REF RT ENFORCE-CMD... -- RECORD-CMD...: record RECORD-CMD with
# audit and with bpf, compare, then run ENFORCE-CMD (which takes the
# profile from $PROFILE) and compare with REF.
prove() {
	local what=$1 ref=$2 rt=$3 a=$T/$1-audit b=$T/$1-bpf n=$T/$1-nobreak
	shift 3
	IP_RUN_BACKEND=audit ip_record "$rt" "$a" "$a.json" -- "$@"
	rt_same "$a" "$ref" || fail "$what under --backend audit: $(rt_show "$a")"
	IP_RUN_BACKEND=bpf ip_record "$rt" "$b" "$b.json" -- "$@"
	rt_same "$b" "$ref" || fail "$what under --backend bpf: $(rt_show "$b"); without sclog: $(rt_show "$ref")"
	[ "$(collector "$b.json.report.json")" = bpf ] || fail "$what: the report names the $(collector "$b.json.report.json") collector"
	ip_assert_profile "$b.json"
	rt_names "$a.json" > "$a.names"
	diff "$a.names" "$b.json.names" > "$T/$what.diff" ||
		fail "$what: bpf and audit name different syscalls (< audit only, > bpf only): $(tr '\n' ' ' < "$T/$what.diff")"
	pass "$what: --backend bpf names the same $(wc -l < "$a.names") syscalls as audit, none of the runtime's set-up"

	SCLOG_BPF_BREAK=filtered IP_RUN_BACKEND=bpf ip_record "$rt" "$n" "$n.json" -- "$@"
	rt_same "$n" "$ref" || fail "$what, negative control: the container failed: $(rt_show "$n")"
	! (ip_assert_profile "$n.json") 2> /dev/null ||
		fail "$what, negative control: without the gate on the runtime's filter the set-up still stays out"
	pass "negative control: without the gate the profile holds the runtime's set-up ($(grep -xE "${IP_SETUP_ONLY// /|}" "$n.json.names" | tr '\n' ' '))"
	RT_POLICIES+=("$b.json")
}

for rt in "${rts[@]}"; do
	bd=$T/b-$rt
	ip_config "$bd" foreign none true -- "${ARGS[@]}"
	ip_oci "$rt" "$bd" "$bd.ref"
	[ -s "$bd.ref.out" ] || fail "the workload in $rt prints nothing without seccomp: $(rt_show "$bd.ref")"
	g=(--root "$T/state-$rt")
	[ "$rt" = crun ] && g+=(--cgroup-manager=disabled)
	prove "$rt" "$bd.ref" "$rt" "$rt" "${g[@]}" run -b "$bd" "sclog-bpf-$BASHPID"
	ip_config "$bd" foreign "$T/$rt-bpf.json" true -- "${ARGS[@]}"
	ip_oci "$rt" "$bd" "$bd.enf"
	rt_same "$bd.enf" "$bd.ref" || fail "$rt with its bpf profile: $(rt_show "$bd.enf"); without seccomp: $(rt_show "$bd.ref")"
	pass "$rt: the bpf profile runs the container again (status $(cat "$bd.ref.rc"))"
done
for rt in "${prts[@]}"; do
	read -r -a base <<< "$(ip_podman_args foreign)"
	ct_podman "$rt"
	ct_podman_run "$rt" "$T/pb-$rt.ref" -- "${base[@]}" "${ARGS[@]}"
	[ -s "$T/pb-$rt.ref.out" ] || fail "the workload in podman/$rt prints nothing: $(rt_show "$T/pb-$rt.ref")"
	prove "podman-$rt" "$T/pb-$rt.ref" "$rt" "${CT_PODMAN[@]}" run --rm "${base[@]}" "${ARGS[@]}"
	ct_podman_run "$rt" "$T/pb-$rt.enf" -- --security-opt seccomp="$T/podman-$rt-bpf.json" "${base[@]}" "${ARGS[@]}"
	rt_same "$T/pb-$rt.enf" "$T/pb-$rt.ref" ||
		fail "podman/$rt with its bpf profile: $(rt_show "$T/pb-$rt.enf"); with podman's default: $(rt_show "$T/pb-$rt.ref")"
	pass "podman/$rt: the bpf profile runs the container again (status $(cat "$T/pb-$rt.ref.rc"))"
done
rt_validate "${RT_POLICIES[@]}"
