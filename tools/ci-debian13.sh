#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# CI on Debian 13 (trixie) from a Debian host: build sclog with warnings as
# errors under gcc (14) and trixie's newest clang inside a trixie root
# filesystem, and run there the unit tests, the fuzz corpora and a few
# real-kernel tests.  Run as root:
#   tools/ci-debian13.sh
# The root filesystem is made once per machine with debootstrap, from the
# Debian mirror apt already uses, and cached in $SCLOG_CI_CACHE (default
# /var/cache/sclog-ci); it is never written to: every run works in an overlay
# on it, in a private mount namespace, so nothing stays mounted after the run.
# Environment: SCLOG_CI_RELEASE (default trixie), SCLOG_CI_TESTS (a ctest -R
# regex of the real-kernel tests to run), SCLOG_CI_REFRESH=1 (make the root
# filesystem anew).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cache=${SCLOG_CI_CACHE:-/var/cache/sclog-ci}
release=${SCLOG_CI_RELEASE:-trixie}
# Real-kernel tests that cover the audit path, the notify path, enforcement,
# policy files and the emitted files, in a few minutes; none of them needs
# the machine to itself (machine_exclusive), so they do not wait for other
# test runs on the machine.
tests=${SCLOG_CI_TESTS:-'^integration-(exit_status|output|check_enforce|policy_files|export_golden|notify_args)$'}
# What building and testing needs (tools/install-deps.sh's required list,
# less what a chroot cannot use); the newest clang is added afterwards, since
# its name carries its version.
packages="build-essential cmake pkg-config libseccomp-dev libaudit-dev libjson-c-dev
	libcmocka-dev strace python3 python3-jsonschema perl procps util-linux patch
	libbpf-dev bpftool"

die() { echo "ci-debian13: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root: debootstrap and chroot need it"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
command -v debootstrap > /dev/null ||
	apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends debootstrap > /dev/null ||
	die "cannot install debootstrap (apt-get install debootstrap)"

# The mirror: the URI apt uses for the host's own release (sources.list or
# sources.list.d, one-line or deb822 format alike).
mirror() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2> /dev/null |
		awk -v c="$codename" '$2 == c && !n++ { print $1 }' | grep .
}

# The root filesystem, made under an exclusive lock (a second CI run waits)
# in a temporary directory renamed into place only once complete.
arch=$(dpkg --print-architecture)
key=$release-$arch-$(printf '%s' "$packages" | cksum | cut -d' ' -f1)
rootfs=$cache/rootfs-$key
mkdir -p "$cache"
exec {lock}> "$cache/rootfs-$key.lock"
flock -x "$lock"
if [ "${SCLOG_CI_REFRESH:-0}" = 1 ] || [ ! -f "$rootfs/.sclog-ci" ]; then
	url=$(mirror) || die "no apt source for the host's release in /etc/apt: cannot tell debootstrap a mirror"
	tmp=$(mktemp -d "$cache/.build-$key.XXXXXX")
	trap 'findmnt -rn -o TARGET | grep "^$tmp/" | sort -r | xargs -r umount -l; rm -rf "$tmp"' EXIT
	echo "== ci-debian13: making a $release root filesystem from $url (once per machine)"
	start=$SECONDS
	debootstrap --variant=minbase "$release" "$tmp/rootfs" "$url" > "$tmp/log" 2>&1 ||
		{ tail -5 "$tmp/log" >&2; die "debootstrap $release from $url failed (log above)"; }
	cp /etc/resolv.conf "$tmp/rootfs/etc/resolv.conf"
	# The packages by apt inside, not by debootstrap --include: apt
	# downloads in parallel, and unsafe-io spares dpkg an fsync per file
	# (a crash leaves a temporary directory, never a cached rootfs).
	in_root() { chroot "$tmp/rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive "$@"; }
	in_root apt-get update -q > "$tmp/log" 2>&1 ||
		{ tail -5 "$tmp/log" >&2; die "apt-get update in the $release root filesystem failed"; }
	# The newest clang of the release, by the version in its name.
	clang=$(in_root apt-cache pkgnames clang- | grep -E '^clang-[0-9]+$' | sort -V | tail -1)
	[ -n "$clang" ] || die "no clang-N package in $release"
	# shellcheck disable=SC2086
	in_root apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io \
		$packages "$clang" > "$tmp/log" 2>&1 ||
		{ tail -5 "$tmp/log" >&2; die "apt-get install in the $release root filesystem failed"; }
	in_root apt-get clean
	echo "CLANG=$clang" > "$tmp/rootfs/.sclog-ci"
	echo "   made in $((SECONDS - start)) s"
	rm -rf "$rootfs"
	mv "$tmp/rootfs" "$rootfs"
	rm -rf "$tmp"
	trap - EXIT
fi
# Shared while the run uses it: a refresh waits for the runs.
flock -s "$lock"
clang=$(sed -n 's/^CLANG=//p' "$rootfs/.sclog-ci")

# One run: an overlay on the cached root filesystem, the source tree
# read-only at /sclog/src (and shared/, for the OCI schema, beside it), the
# host's /proc, /sys, /dev and machine lock directory.  The mount namespace
# is private, so its mounts end with the run whatever happens; the trap
# removes the overlay's writable layer.
work=$(mktemp -d "$cache/run.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/upper" "$work/work" "$work/root"
shared=
[ -d "$src/../shared/data" ] && shared=$(cd "$src/../shared" && pwd)
SECONDS=0
unshare --mount --propagation private -- /bin/bash -euo pipefail -s \
	"$rootfs" "$work" "$src" "$shared" "$clang" "$tests" <<'EOF'
rootfs=$1 work=$2 src=$3 shared=$4 clang=$5 tests=$6
root=$work/root
mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$work/upper,workdir=$work/work" "$root"
for d in proc sys dev; do mount --rbind "/$d" "$root/$d"; done
mkdir -p "$root/sclog/src" "$root/run/lock"
mount --bind -o ro "$src" "$root/sclog/src"
mount --bind /run/lock "$root/run/lock"
if [ -n "$shared" ]; then
	mkdir -p "$root/sclog/shared"
	mount --bind -o ro "$shared" "$root/sclog/shared"
fi
mount -t tmpfs tmpfs "$root/tmp"
exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	CLANG="$clang" TESTS="$tests" /bin/bash -euo pipefail -c '
cd /sclog
. /etc/os-release
echo "== ci-debian13: $PRETTY_NAME, $(gcc --version | head -1), $($CLANG --version | head -1)"
echo "   libseccomp $(dpkg-query -W -f "\${Version}" libseccomp-dev), json-c $(dpkg-query -W -f "\${Version}" libjson-c-dev)"
build() {
	local dir=$1 cc=$2 t=$SECONDS
	CC=$cc cmake -S src -B "$dir" -DSCLOG_WERROR=ON > "$dir.log" 2>&1 &&
		cmake --build "$dir" -j"$(nproc)" >> "$dir.log" 2>&1 ||
		{ tail -40 "$dir.log"; echo "ci-debian13: the $cc build with -DSCLOG_WERROR=ON failed" >&2; return 1; }
	echo "   $cc build, warnings as errors: $((SECONDS - t)) s"
}
echo "== ci-debian13: builds"
build build-gcc gcc
build build-clang "$CLANG"
echo "== ci-debian13: unit tests and fuzz corpora (gcc build), then the same under $CLANG"
ctest --test-dir build-gcc --output-on-failure -R "^(unit_|fuzz_)" -LE known_bug
ctest --test-dir build-clang --output-on-failure -R "^(unit_|fuzz_)" -LE known_bug
echo "== ci-debian13: real-kernel tests"
ctest --test-dir build-gcc --output-on-failure -R "$TESTS" | tee /tmp/kernel-tests.log
# As root on a real kernel these run: a skip here is a failure of this CI.
if grep -E "Skipped|Not Run|No tests were found" /tmp/kernel-tests.log; then
	echo "ci-debian13: a real-kernel test did not run in the $ID $VERSION_ID root filesystem" >&2
	exit 1
fi
'
EOF
echo "== ci-debian13: passed in $SECONDS s"
