#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run --for podman` starts real podman containers: a shell script
# profiled on the host, with podman's own set from policies/runtimes.json
# added, runs in `podman run --security-opt seccomp=PROFILE` with crun and
# with runc as podman's OCI runtime, noNewPrivileges false (podman's
# default) and true, with the host's output and status.  The container uses
# the host's /usr (a host-recorded profile is only meant for that; see
# --container for another userland).
# Negative controls: the bare profile (no --for) does not start the
# container; neither does the --for podman profile without pselect6, which
# crun makes on podman's create+start path (waiting on its exec FIFO after
# loading the filter) and which a set measured with `crun run` lacks.
# The same profile exported in Docker's format (`export --format docker`:
# archMap) is read by podman too, which takes Docker's profiles as they are;
# the bare profile in that format fails like the OCI one.
. "$(dirname "$0")/lib.sh"
require_root
require_tool podman
require_sclog for
ct_script_work
rt_profile podman "$T/podman.json" "$T/work" -- /bin/sh "$T/work/script.sh"
rt_same "$T/podman.json.host" "$T/host" || fail "the script under sclog run --for podman differs from the host"
rt_profile none "$T/bare.json" "$T/work" -- /bin/sh "$T/work/script.sh"
RT_POLICIES+=("$T/podman.json" "$T/bare.json")
rt_names "$T/podman.json" > "$T/podman.names"
rt_runtime_set podman > "$T/podman.set"
missing=$(comm -23 "$T/podman.set" "$T/podman.names" | tr '\n' ' ')
[ -z "$missing" ] || fail "sclog run --for podman lacks podman's $missing"
rt_without "$T/podman.json" "$T/nopselect.json" pselect6
for p in podman bare; do
	"$SCLOG" export --format docker "$T/$p.json" -o "$T/$p.docker.json" ||
		fail "sclog export --format docker $p.json"
done
grep -q '"archMap"' "$T/podman.docker.json" || fail "the docker export has no archMap"
RT_POLICIES+=("$T/nopselect.json")

rt_bundle "$T/hostusr"
# podman_script RUNTIME POLICY NNP OUT: the script in a podman container.
podman_script() {
	local -a sec=(--security-opt "seccomp=$2")
	[ "$3" = false ] || sec+=(--security-opt no-new-privileges)
	ct_podman_run "$1" "$4" -- --network none "${sec[@]}" \
		-v /usr:/usr:ro -v /etc:/etc:ro -v "$T:$T:ro" -w "$T/work" \
		--env LC_ALL=C --rootfs "$T/hostusr/rootfs" /bin/sh "$T/work/script.sh"
}
ran=0
for rt in crun runc; do
	ct_podman_usable "$rt" || continue
	ran=$((ran + 1))
	for nnp in false true; do
		podman_script "$rt" "$T/podman.json" "$nnp" "$T/$rt-$nnp"
		rt_same "$T/$rt-$nnp" "$T/host" ||
			fail "podman with $rt (noNewPrivileges $nnp), --for podman profile: $(rt_show "$T/$rt-$nnp")"
	done
	pass "podman with $rt runs the script under the --for podman profile ($(wc -l < "$T/podman.names") syscalls), noNewPrivileges false and true: same output and status as on the host"
	podman_script "$rt" "$T/podman.docker.json" false "$T/$rt-docker"
	rt_same "$T/$rt-docker" "$T/host" ||
		fail "podman with $rt, the --for podman profile in Docker's format: $(rt_show "$T/$rt-docker")"
	podman_script "$rt" "$T/bare.docker.json" false "$T/$rt-docker-bare"
	! rt_same "$T/$rt-docker-bare" "$T/host" || fail "podman with $rt starts the bare profile in Docker's format"
	pass "podman with $rt reads the docker export: the --for podman profile runs the script, the bare one fails"
	podman_script "$rt" "$T/bare.json" false "$T/$rt-bare"
	! rt_same "$T/$rt-bare" "$T/host" || fail "podman with $rt starts the script under the bare profile: is podman's set needed at all?"
	pass "podman with $rt under the bare profile: fails ($(rt_show "$T/$rt-bare"))"
	if [ "$rt" = crun ]; then
		podman_script crun "$T/nopselect.json" false "$T/crun-nopselect"
		! rt_same "$T/crun-nopselect" "$T/host" || fail "podman with crun starts without pselect6"
		pass "podman with crun without pselect6 (not in a crun run measurement): fails ($(rt_show "$T/crun-nopselect"))"
	fi
done
[ $ran -gt 0 ] || skip "podman can run containers with neither crun nor runc here"
rt_validate "${RT_POLICIES[@]}"
