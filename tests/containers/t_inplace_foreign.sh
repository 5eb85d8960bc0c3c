#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run --container` in the root filesystem of another Debian release
# (tests/containers/lib.sh, ct_rootfs: bullseye, glibc 2.31, built once with
# debootstrap and cached): a shell script, python3 with threads and perl
# with fork, each in its own userland, recorded in place in crun, runc and
# podman (with crun and with runc), for both noNewPrivileges settings.  The
# profile runs the same container with the same output and exit status;
# without a syscall the workload needs, it fails (ip_prove_*).
# Negative control: the profile of the same workload recorded on the host
# with `sclog run --for RUNTIME` does not run it in that root filesystem
# (the other glibc makes calls the host's never made), where the one
# recorded in place does.
. "$(dirname "$0")/inplace.sh"
require_root
require_sclog for
grep -q -- '--container' <<< "$("$SCLOG" run --help 2>&1)" || skip "sclog run has no --container yet"
ct_rootfs
echo "foreign root filesystem: $CT_ROOTFS ($CT_ROOTFS_INFO)"
ip_start

SHELL_ARGS=(/bin/sh "$IP_WORK/shell.sh")
PY_ARGS=(/usr/bin/python3 "$IP_WORK/threads.py")
PERL_ARGS=(/usr/bin/perl "$IP_WORK/fork.pl")
for rt in "${rts[@]}"; do
	ip_prove_oci "$rt" foreign shell "pipe2 pipe" -- "${SHELL_ARGS[@]}"
	ip_prove_oci "$rt" foreign python "clone3 clone" -- "${PY_ARGS[@]}"
	ip_prove_oci "$rt" foreign perl "clone" -- "${PERL_ARGS[@]}"

	# The host-recorded profile, for the same runtime, in the same
	# container: it fails where the in-place profile above worked.
	for w in shell python; do
		if [ $w = shell ]; then args=("${SHELL_ARGS[@]}"); else args=("${PY_ARGS[@]}"); fi
		h=$T/host-$rt-$w.json
		rt_profile "$rt" "$h" "$IP_WORK" -- "${args[@]}"
		for nnp in true false; do
			b=$T/hb-$rt-$w-$nnp
			ip_config "$b" foreign "$h" "$nnp" -- "${args[@]}"
			ip_oci "$rt" "$b" "$b.run"
			! rt_same "$b.run" "$T/r-$rt-foreign-$w-$nnp.ref" ||
				fail "$w in $rt ($CT_ROOTFS_INFO, noNewPrivileges $nnp) runs with the profile recorded on the host: the negative control does not hold"
			rt_same "$T/r-$rt-foreign-$w-$nnp.enf" "$T/r-$rt-foreign-$w-$nnp.ref" ||
				fail "the in-place profile of $w in $rt did not work"
		done
		pass "$w in $rt ($CT_ROOTFS_INFO): the host-recorded --for $rt profile fails ($(rt_show "$b.run" | cut -c1-100)), the in-place one works"
	done
done
for rt in "${prts[@]}"; do
	ip_prove_podman "$rt" foreign shell "pipe2 pipe" -- "${SHELL_ARGS[@]}"
	ip_prove_podman "$rt" foreign python "clone3 clone" -- "${PY_ARGS[@]}"
done
[ ${#prts[@]} -gt 0 ] || note "podman cannot run a container here: only crun and runc were proven"
rt_validate "${RT_POLICIES[@]}"
