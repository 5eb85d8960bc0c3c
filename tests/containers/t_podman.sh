#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The container infrastructure itself (lib.sh): podman runs rootful
# containers here with crun and with runc as its OCI runtime, from the
# cached root filesystem of another Debian release, whose own glibc the
# workload then uses; the shared rootfs is left unchanged.
# Negative controls: the same workload in a rootfs of the host's /usr
# reports the host's glibc (the comparison can fail), and without the
# containers.conf ulimits podman with crun cannot start a container.
. "$(dirname "$0")/lib.sh"
require_root
require_tool podman
ct_rootfs
echo "rootfs: $CT_ROOTFS ($CT_ROOTFS_INFO)"
foreign=${CT_ROOTFS_INFO##* }
host=$(ldd --version | sed -n '1s/.* //p')
[ -n "$foreign" ] && [ "$foreign" != "$host" ] || fail "the rootfs's glibc ($foreign) is not another than the host's ($host)"
touch "$T/stamp"
prog='import platform, threading
t = threading.Thread(target=lambda: print("thread", platform.libc_ver()[1]))
t.start(); t.join()'
ran=0
for rt in crun runc; do
	if ! ct_podman_usable "$rt"; then
		continue
	fi
	ran=$((ran + 1))
	ct_podman_run "$rt" "$T/$rt-foreign" -- --network none --rootfs "$CT_ROOTFS:O" /usr/bin/python3 -c "$prog"
	[ "$(cat "$T/$rt-foreign.rc")" = 0 ] && [ "$(cat "$T/$rt-foreign.out")" = "thread $foreign" ] ||
		fail "podman with $rt in the $CT_ROOTFS_INFO rootfs: $(rt_show "$T/$rt-foreign")"
	pass "podman with $rt runs a threaded python3 of the rootfs (glibc $foreign)"
	rt_bundle "$T/hostusr"
	ct_podman_run "$rt" "$T/$rt-host" -- --network none -v /usr:/usr:ro -v /etc:/etc:ro \
		--rootfs "$T/hostusr/rootfs" /usr/bin/python3 -c "$prog"
	[ "$(cat "$T/$rt-host.out")" = "thread $host" ] ||
		fail "podman with $rt in the host's /usr: $(rt_show "$T/$rt-host")"
	pass "podman with $rt in a rootfs of the host's /usr: glibc $host (control)"
done
[ $ran -gt 0 ] || skip "podman can run containers with neither crun nor runc here"
find "$CT_ROOTFS" -xdev -newer "$T/stamp" > "$T/changed"
changed=$(head -5 "$T/changed" | tr '\n' ' ')
[ -z "$changed" ] || fail "the containers wrote into the shared rootfs: $changed"
pass "the shared rootfs is unchanged"

if ct_podman_usable crun > /dev/null; then
	printf '[engine]\ncgroup_manager = "cgroupfs"\nlock_type = "file"\n' > "$T/no-ulimits.conf"
	CONTAINERS_CONF=$T/no-ulimits.conf
	ct_wrap crun
	_rt_io "$T/crun-noulimit" timeout -k 5 "$RT_TIMEOUT" "${CT_WRAP[@]}" "${CT_PODMAN[@]}" run --rm \
		--network none --rootfs "$CT_ROOTFS:O" /bin/true
	[ "$(cat "$T/crun-noulimit.rc")" != 0 ] ||
		note "podman with crun ran without the default_ulimits of containers.conf here"
	[ "$(cat "$T/crun-noulimit.rc")" = 0 ] ||
		pass "without default_ulimits podman with crun fails: $(head -c 200 "$T/crun-noulimit.err" | tr '\n' ' ')"
fi
