#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog check --container --policy P -- RUNTIME-COMMAND`: the container runs
# as without sclog (check never breaks it), with P's rules allowed and
# everything else logged.  P = the profile `sclog run --container` recorded:
# no finding, exit 0.  P without a syscall the workload makes: exit 1 and
# the finding names it.  For each of crun, runc, podman with crun and podman
# with runc that runs here, in a root filesystem of the host's /usr.
# With IP_CHECK_BACKEND set (t_inplace_check_notify.sh), check runs with
# that --backend.
. "$(dirname "$0")/inplace.sh"
require_root
require_sclog
grep -q -- '--container' <<< "$("$SCLOG" check --help 2>&1)" || skip "sclog check has no --container yet"
[ -z "${IP_CHECK_BACKEND:-}" ] || "$SCLOG" run -q --backend "$IP_CHECK_BACKEND" -o /dev/null -- /bin/true ||
	skip "the $IP_CHECK_BACKEND collector does not work on this kernel"
ip_start
ARGS=(/usr/bin/perl "$IP_WORK/fork.pl")

# findings F: the names of the violations in check's JSON findings F.
findings() {
	"$RT_PY" -c 'import json, sys; print(" ".join(sorted(v["name"] for v in json.load(open(sys.argv[1]))["violations"])))' "$1"
}

report_collector() {
	"$RT_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["collector"])' "$1"
}

# prove_check WHAT REF CMD...: CMD is the runtime command of the container
# whose run without sclog is REF.{out,err,rc}; check it against its own
# in-place profile and against that profile without clone.
prove_check() {
	local what=$1 ref=$2 rt=$3 p=$T/check-$1.json
	shift 3
	ip_record "$rt" "$T/check-$what.rec" "$p" -- "$@"
	rt_same "$T/check-$what.rec" "$ref" || fail "$what under sclog run --container: $(rt_show "$T/check-$what.rec")"
	grep -qx clone <(rt_names "$p") || fail "$what: clone is not in the profile"
	rt_without "$p" "$p.minus.json" clone

	ip_record "$rt" "$T/check-$what.ok" "$T/check-$what.ok.json" check "$p" -- "$@"
	rt_same "$T/check-$what.ok" "$ref" ||
		[ "$(cat "$T/check-$what.ok.out")" = "$(cat "$ref.out")" ] ||
		fail "$what under sclog check --container changed the container's output: $(rt_show "$T/check-$what.ok")"
	[ "$(cat "$T/check-$what.ok.rc")" = 0 ] || fail "$what: sclog check against its own profile exits $(cat "$T/check-$what.ok.rc"), not 0: $(head -c 600 "$T/check-$what.ok.err") findings: $(findings "$T/check-$what.ok.json")"
	[ -z "$(findings "$T/check-$what.ok.json")" ] || fail "$what: findings against its own profile: $(findings "$T/check-$what.ok.json")"

	ip_record "$rt" "$T/check-$what.minus" "$T/check-$what.minus.json" check "$p.minus.json" -- "$@"
	[ "$(cat "$T/check-$what.minus.out")" = "$(cat "$ref.out")" ] ||
		fail "$what under sclog check --container (policy without clone) changed the container's output: $(rt_show "$T/check-$what.minus")"
	[ "$(cat "$T/check-$what.minus.rc")" = 1 ] || fail "$what: sclog check against the profile without clone exits $(cat "$T/check-$what.minus.rc"), not 1"
	[ "$(findings "$T/check-$what.minus.json")" = clone ] ||
		fail "$what: findings without clone: '$(findings "$T/check-$what.minus.json")', not 'clone'"
	grep -q '"container"' "$T/check-$what.minus.json.report.json" || fail "$what: the check report does not name the container"
	[ "$(report_collector "$T/check-$what.minus.json.report.json")" = "${IP_CHECK_BACKEND:-audit}" ] ||
		fail "$what: the check report names the $(report_collector "$T/check-$what.minus.json.report.json") collector"
	pass "sclog check --container${IP_CHECK_BACKEND:+ --backend $IP_CHECK_BACKEND}, $what: its own profile: exit 0, no finding; without clone: exit 1, the finding is clone; the container's output unchanged"
}

for rt in "${rts[@]}"; do
	b=$T/cb-$rt
	ip_config "$b" host none true -- "${ARGS[@]}"
	ip_oci "$rt" "$b" "$b.ref"
	g=(--root "$T/state-$rt")
	[ "$rt" = crun ] && g+=(--cgroup-manager=disabled)
	prove_check "$rt" "$b.ref" "$rt" "$rt" "${g[@]}" run -b "$b" "sclog-check-$BASHPID"
done
for rt in "${prts[@]}"; do
	read -r -a base <<< "$(ip_podman_args host)"
	rt_bundle "$T/podman-rootfs"
	ct_podman "$rt"
	ct_podman_run "$rt" "$T/pc-$rt.ref" -- "${base[@]}" "${ARGS[@]}"
	prove_check "podman-$rt" "$T/pc-$rt.ref" "$rt" "${CT_PODMAN[@]}" run --rm "${base[@]}" "${ARGS[@]}"
done
