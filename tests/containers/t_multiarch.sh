#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A profile of two architectures holds on x86_64 in every runtime here: a
# shell script profiled on the host with `sclog run --for RUNTIME`, its
# aarch64 translation (`sclog export --arch aarch64`), and their merge
# (`sclog merge`, SCMP_ARCH_X86_64 and SCMP_ARCH_AARCH64):
#   - crun and runc run the script under the merged profile with the host's
#     output and status, noNewPrivileges true and false;
#   - podman (with crun and with runc) does too, with the merged profile and
#     with its Docker export (archMap, includes.arches);
# Negative control: the aarch64 translation alone does not run the script
# on x86_64 (the architecture is not covered: the runtimes kill it), in
# each runtime and in podman.  That the merged profile works on arm64 and
# the x86_64 one fails there is the arm64 guest's test (tests/guest).
. "$(dirname "$0")/lib.sh"
require_root
require_sclog for
ct_script_work

# two_arches FOR: $T/FOR.json (recorded), FOR-a64.json (translated),
# FOR-both.json (merged).
two_arches() {
	local p=$T/$1
	rt_profile "$1" "$p.json" "$T/work" -- /bin/sh "$T/work/script.sh"
	rt_same "$p.json.host" "$T/host" || fail "the script under sclog run --for $1 differs from the host"
	"$SCLOG" export --arch aarch64 "$p.json" -o "$p-a64.json" 2> "$p-a64.err" ||
		fail "export --arch aarch64: $(cat "$p-a64.err")"
	"$SCLOG" merge "$p.json" "$p-a64.json" -o "$p-both.json" 2> "$p-both.err" ||
		fail "merge: $(cat "$p-both.err")"
	grep -q 'architecture families (x86_64, aarch64)' "$p-both.err" || fail "merge says nothing of the families"
	"$RT_PY" -c 'import json, sys
a = json.load(open(sys.argv[1]))["architectures"]
assert "SCMP_ARCH_X86_64" in a and "SCMP_ARCH_AARCH64" in a, a' "$p-both.json" ||
		fail "the merged profile does not cover both architectures"
	RT_POLICIES+=("$p-both.json" "$p-a64.json")
}

ran=0
for rt in crun runc; do
	rt_usable "$rt" || continue
	ran=$((ran + 1))
	two_arches "$rt"
	b=$T/bundle-$rt
	rt_bundle "$b"
	for nnp in true false; do
		rt_config "$b" "$T/$rt-both.json" "$nnp" "$T/work" "$T" -- /bin/sh "$T/work/script.sh"
		rt_container "$rt" "$b" "$T/$rt-$nnp"
		rt_same "$T/$rt-$nnp" "$T/host" ||
			fail "$rt (noNewPrivileges $nnp) under the merged profile: $(rt_show "$T/$rt-$nnp")"
	done
	rt_config "$b" "$T/$rt-a64.json" false "$T/work" "$T" -- /bin/sh "$T/work/script.sh"
	rt_container "$rt" "$b" "$T/$rt-a64"
	! rt_same "$T/$rt-a64" "$T/host" || fail "$rt runs the script under the aarch64-only profile"
	pass "$rt runs the script under the x86_64+aarch64 profile, noNewPrivileges true and false; the aarch64 one alone fails ($(rt_show "$T/$rt-a64"))"
done

rt_bundle "$T/hostusr"
podman_script() {
	ct_podman_run "$1" "$3" -- --network none --security-opt "seccomp=$2" \
		-v /usr:/usr:ro -v /etc:/etc:ro -v "$T:$T:ro" -w "$T/work" \
		--env LC_ALL=C --rootfs "$T/hostusr/rootfs" /bin/sh "$T/work/script.sh"
}
if command -v podman > /dev/null; then
	two_arches podman
	"$SCLOG" export -f docker "$T/podman-both.json" -o "$T/podman-both.docker.json"
	"$SCLOG" export -f docker "$T/podman-a64.json" -o "$T/podman-a64.docker.json"
	grep -q '"arm64"\|"amd64"' "$T/podman-both.docker.json" || note "the docker export scopes no name (every name exists on both)"
	for rt in crun runc; do
		ct_podman_usable "$rt" || continue
		ran=$((ran + 1))
		for f in both both.docker; do
			podman_script "$rt" "$T/podman-$f.json" "$T/p-$rt-$f"
			rt_same "$T/p-$rt-$f" "$T/host" || fail "podman with $rt, podman-$f.json: $(rt_show "$T/p-$rt-$f")"
		done
		for f in a64 a64.docker; do
			podman_script "$rt" "$T/podman-$f.json" "$T/p-$rt-$f"
			! rt_same "$T/p-$rt-$f" "$T/host" || fail "podman with $rt runs the script under podman-$f.json"
		done
		pass "podman with $rt runs the script under the merged profile, OCI and Docker forms; the aarch64 one alone fails"
	done
else
	note "podman is not installed: only crun and runc tested"
fi
[ $ran -gt 0 ] || skip "no runtime can run containers here"
rt_validate "${RT_POLICIES[@]}"
