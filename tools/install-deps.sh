#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install what building and testing sclog needs on Debian or Ubuntu.
# Required packages must all install; optional ones (the bpf collector,
# fuzzing, 32-bit, container-runtime and zsh/fish completion tests, which
# skip without them) are taken when the distribution has them.  Without
# libbpf-dev, clang or bpftool (Ubuntu ships bpftool in linux-tools-*), sclog
# builds without the bpf collector and CMake says so.
set -eu
required="
	build-essential cmake pkg-config
	libseccomp-dev libaudit-dev libjson-c-dev libcmocka-dev
	strace python3 python3-jsonschema perl procps util-linux patch git
"
optional="libbpf-dev bpftool gcc-multilib clang libclang-rt-14-dev clang-format-14 crun runc bubblewrap podman debootstrap
	rootlesskit uidmap
	zsh fish bash-completion"
if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: run as root (sudo $0)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg (an unattended upgrade, a parallel job) instead
# of failing at once on its lock.
apt_lock="-o DPkg::Lock::Timeout=600"
apt-get $apt_lock update -q
# shellcheck disable=SC2086
apt-get $apt_lock install -y -q --no-install-recommends $required
if ! apt-get $apt_lock install -y -q --no-install-recommends $optional; then
	for p in $optional; do
		apt-get $apt_lock install -y -q --no-install-recommends "$p" ||
			echo "install-deps.sh: optional package $p is not available; its tests will skip" >&2
	done
fi
# auditctl, for the tests of audit exclude rules (they skip without it), comes
# with the auditd package; its daemon must neither run nor start at boot: it
# would log every RET_LOG record of every run (docs/reliability.md, case 5).
# The real servers of bench/phases.sh (docs/phases.md) run only as the
# harness's own instances, on loopback with private configs: no system
# instance may run either.  A policy-rc.d that refuses every start keeps the
# packages' scripts from starting them (and loading Debian's audit rules) at
# all while they install.
no_start=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	no_start=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' > "$no_start" && chmod 755 "$no_start"
	trap 'rm -f "$no_start"' EXIT
fi
auditd_ok=1
apt-get $apt_lock install -y -q --no-install-recommends auditd || auditd_ok=0
# The servers of the benchmarks and of the phase tests (bench/servers.sh,
# bench/container.sh, bench/phases.sh), and containerd for the ctr tests:
# they start their own, on loopback or private sockets, with private
# directories, so the packages' system services must not run beside them.  A server that was here before keeps its service as
# its owner set it; one this run installs is stopped and disabled.
services="nginx redis-server memcached postgresql containerd"
new_services=
for service in $services; do
	dpkg -s "$service" > /dev/null 2>&1 || new_services="$new_services $service"
done
servers="nginx wrk redis-server redis-tools memcached libmemcached-tools postgresql containerd"
# shellcheck disable=SC2086
if ! apt-get $apt_lock install -y -q --no-install-recommends $servers; then
	for p in $servers; do
		apt-get $apt_lock install -y -q --no-install-recommends "$p" ||
			echo "install-deps.sh: optional package $p is not available; the benchmarks skip its server" >&2
	done
fi
[ -z "$no_start" ] || rm -f "$no_start"
# stop_service NAME: stop and disable a service a package started.
stop_service() {
	systemctl stop "$1.service" 2> /dev/null || service "$1" stop 2> /dev/null || true
	systemctl disable "$1.service" 2> /dev/null || true
	update-rc.d "$1" disable 2> /dev/null || true
}
for service in $new_services; do
	! dpkg -s "$service" > /dev/null 2>&1 || stop_service "$service"
done
if [ "$auditd_ok" = 1 ]; then
	! pidof auditd > /dev/null || stop_service auditd
	systemctl disable auditd.service 2> /dev/null || true
	update-rc.d auditd disable 2> /dev/null || true
else
	echo "install-deps.sh: optional package auditd is not available; its tests will skip" >&2
fi
# Docker Engine for tests/containers/t_docker.sh and t_docker_rootless.sh
# (which needs rootlesskit and uidmap, above): Debian's docker.io of
# trixie (26, passes listenerPath on) and bookworm (20.10, drops it),
# downloaded and unpacked into a cache, never installed.
"$(dirname "$0")/fetch-docker.sh" trixie bookworm ||
	echo "install-deps.sh: Docker Engine could not be fetched; the Docker tests will skip" >&2
