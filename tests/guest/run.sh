#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# sclog on another architecture, or on another kernel of this one, under a
# real kernel: boots Debian's kernel in qemu-system, with a Debian root
# filesystem of the architecture holding sclog, and runs the unit tests and
# the real-kernel tests in the guest.  Run as root:
#   tests/guest/run.sh aarch64   # cross-compiled, 32-bit arm children
#   tests/guest/run.sh x86_64    # built here, i386 and x32 children
# Closing line: "guest ARCH: N passed, M failed, K skipped"; exit 0 when
# none failed, 1 when one did, 2 on a set-up error, 77 when this machine
# cannot run the guest.
#
# Everything downloaded or built is cached in $SCLOG_GUEST_CACHE (default
# /var/cache/sclog-guest), outside the clone: the root filesystem (made once,
# with debootstrap, and qemu-user for a foreign one's second stage), the
# kernel package and qemu-user.  Nothing is installed on the host but
# qemu-system-arm or qemu-system-x86, debootstrap, clang and lld (aarch64),
# Debian's armhf -cross C library and libgcc (aarch64), libbpf-dev and
# bpftool (x86_64); qemu-user runs through a binfmt_misc entry of the
# script's own, removed on exit (and binfmt_misc unmounted if the script
# mounted it).
#
# The x86_64 guest exists for what this machine's kernel may not do: run
# 32-bit (IA32 emulation) and x32 programs.  Debian's amd64 kernel has IA32
# emulation on and x32 compiled in but off unless booted with syscall.x32=y
# (Debian's patch "x86: Make x32 syscall support conditional on a kernel
# parameter"), which the guest is.
#
# Environment: SCLOG_GUEST_TESTS (a ctest -R regex; default: the unit tests
# the real-kernel and the adversary tests), SCLOG_GUEST_EXCLUDE (a ctest -E
# regex; default: the loss and signal storms), SCLOG_GUEST_REPEAT (run each
# test up to N times until it fails: a flaky test's hunt), SCLOG_GUEST_TIMEOUT
# (seconds of the boot, default 3600), SCLOG_GUEST_REFRESH=1 (make the root
# filesystem anew), SCLOG_GUEST_MEM (MiB, default 4096).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
arch=${1:-}
cache=${SCLOG_GUEST_CACHE:-/var/cache/sclog-guest}
release=bookworm
# The unit tests, the real-kernel tests and the attacks on the promise (the
# source checks, such as layers, are the same on every architecture), less
# the storms that measure loss and signal load: under TCG they outlast
# their time limits (SCLOG_GUEST_TESTS='^integration-loss$' runs one).
tests=${SCLOG_GUEST_TESTS:-'^(unit_|integration-|adversary-)'}
exclude=${SCLOG_GUEST_EXCLUDE:-'^integration-(loss|notify_faults)$'}
repeat=${SCLOG_GUEST_REPEAT:-1}
case $repeat in '' | *[!0-9]*) echo "guest: SCLOG_GUEST_REPEAT is a count" >&2; exit 2 ;; esac

die() { echo "guest: $*" >&2; exit 2; }
skip() { echo "guest: skipped: $*"; exit 77; }
case $arch in
aarch64)
	debarch=arm64
	triple=aarch64-linux-gnu
	compat_triple=arm-linux-gnueabihf
	compat_debarch=armhf
	qemu_package=qemu-system-arm
	qemu_system=qemu-system-aarch64
	qemu_args="-M virt -cpu cortex-a57"
	console=ttyAMA0
	append=
	# A foreign root filesystem (qemu-user for debootstrap's second stage)
	# and a cross build.
	foreign=1
	# ELF64, little-endian, EM_AARCH64 (183).
	magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
	mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
	;;
x86_64)
	# sclog is built by this machine's compiler (the same release), for the
	# same architecture: no cross build, no qemu-user.
	[ "$(uname -m)" = x86_64 ] || skip "the x86_64 guest's sclog is built here: needs an x86_64 machine"
	debarch=amd64
	qemu_package=qemu-system-x86
	qemu_system=qemu-system-x86_64
	# TCG (no KVM assumed): "max", every feature TCG emulates.
	qemu_args="-cpu max"
	console=ttyS0
	# x32 system calls, off by default in Debian's kernel.
	append=syscall.x32=y
	foreign=0
	# The tests build their i386 and x32 children in the guest (gcc -m32,
	# -mx32); the bpf collector of the sclog built here needs libbpf.
	guest_packages="gcc-multilib libbpf1"
	;;
*) die "usage: tests/guest/run.sh aarch64|x86_64" ;;
esac
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot, binfmt_misc)"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
apt_lock="-o DPkg::Lock::Timeout=600"
for p in $qemu_package:$qemu_system debootstrap:debootstrap cpio:cpio; do
	command -v "${p#*:}" > /dev/null ||
		apt-get $apt_lock install -y -q --no-install-recommends "${p%%:*}" > /dev/null ||
		skip "cannot install ${p%%:*}"
done
# The packages the root filesystem needs: building sclog and its tests, and
# what the real-kernel tests run.  $packages names the cached root
# filesystem; packages needed since it was made are in $added, installed
# into the cached one when it lacks them (a minute, not a new root
# filesystem).
packages="build-essential cmake pkg-config libseccomp-dev libaudit-dev libjson-c-dev
	libcmocka-dev strace python3 python3-jsonschema perl procps util-linux patch${guest_packages:+ $guest_packages}"
# libbpf-dev: the bpf collector (its program is compiled on the host).
added="libbpf-dev"

mirror() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2> /dev/null |
		awk -v c="$codename" '$2 == c && !n++ { print $1 }' | grep .
}
url=$(mirror) || die "no apt source for the host's release in /etc/apt: cannot tell a mirror"

mkdir -p "$cache"
exec {lock}> "$cache/$arch.lock"
flock -x "$lock"
work=$(mktemp -d "$cache/.run-$arch.XXXXXX")
binfmt=/proc/sys/fs/binfmt_misc
entry=sclog-guest-$arch
mounted_binfmt=0
qemu_pid=
cleanup() {
	if [ -n "$qemu_pid" ]; then kill "$qemu_pid" 2> /dev/null || true; fi
	if [ -e "$binfmt/$entry" ]; then echo -1 > "$binfmt/$entry"; fi
	if [ "$mounted_binfmt" = 1 ]; then umount "$binfmt"; fi
	findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r umount -l || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# apt-get (or apt-cache: APT=apt-cache) for the guest's architecture, with
# lists of its own: the host's dpkg set-up is not changed.
apt_guest() {
	local d=$cache/apt-$debarch
	mkdir -p "$d/lists/partial" "$d/archives/partial"
	[ -f "$d/sources.list" ] || echo "deb [arch=$debarch] $url $release main" > "$d/sources.list"
	${APT:-apt-get} -q -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$d/lists" -o Dir::Cache="$d" \
		-o APT::Architecture="$debarch" -o APT::Architectures::="$debarch" \
		-o Debug::NoLocking=1 "$@"
}

# qemu-user, unpacked from its package (installing it would register it for
# every foreign binary of the machine).
qemu_user=$cache/qemu-$arch-static
if [ "$foreign" = 1 ] && [ ! -x "$qemu_user" ]; then
	(cd "$work" && apt-get download -q qemu-user-static > /dev/null) ||
		die "cannot download qemu-user-static"
	dpkg-deb -x "$work"/qemu-user-static_*.deb "$work/qemu"
	cp "$work/qemu/usr/bin/qemu-$arch-static" "$qemu_user"
fi
binfmt_on() {
	if [ ! -e "$binfmt/register" ]; then
		mount -t binfmt_misc binfmt_misc "$binfmt" || die "cannot mount binfmt_misc"
		mounted_binfmt=1
	fi
	[ -e "$binfmt/$entry" ] ||
		printf ':%s:M::%s:%s:%s:F' "$entry" "$magic" "$mask" "$qemu_user" > "$binfmt/register"
}

# The kernel: the newest linux-image-*-$debarch of the release.
kernel=$cache/vmlinuz-$debarch
if [ ! -f "$kernel" ]; then
	apt_guest update > /dev/null || die "apt-get update for $debarch failed"
	pkg=$(APT=apt-cache apt_guest depends "linux-image-$debarch" 2> /dev/null |
		awk '/Depends: linux-image-[0-9]/ && !n++ { print $2 }')
	[ -n "$pkg" ] || die "no linux-image package for $debarch"
	(cd "$work" && apt_guest download "$pkg" > /dev/null) || die "cannot download $pkg"
	dpkg-deb -x "$work"/linux-image-*.deb "$work/kernel"
	cp "$work"/kernel/boot/vmlinuz-* "$kernel"
	cp "$work"/kernel/boot/config-* "$cache/config-$debarch"
	echo "${pkg}" > "$cache/vmlinuz-$debarch.name"
fi

# The root filesystem, made once: debootstrap's first stage on the host,
# a foreign one's second stage and the packages through qemu-user.
key=$release-$debarch-$(printf '%s' "$packages" | cksum | cut -d' ' -f1)
rootfs=$cache/rootfs-$key
[ "$foreign" = 0 ] || binfmt_on
if [ "${SCLOG_GUEST_REFRESH:-0}" = 1 ] || [ ! -f "$rootfs/.sclog-guest" ]; then
	echo "== guest: making a $release $debarch root filesystem from $url (once per machine)"
	start=$SECONDS
	new=$work/rootfs
	stage=
	[ "$foreign" = 0 ] || stage=--foreign
	# shellcheck disable=SC2086
	debootstrap $stage --arch="$debarch" --variant=minbase "$release" "$new" "$url" \
		> "$work/log" 2>&1 || { tail -5 "$work/log" >&2; die "debootstrap failed"; }
	[ "$foreign" = 0 ] || chroot "$new" /debootstrap/debootstrap --second-stage > "$work/log" 2>&1 ||
		{ tail -5 "$work/log" >&2; die "debootstrap's second stage failed"; }
	cp /etc/resolv.conf "$new/etc/resolv.conf"
	in_new() { chroot "$new" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive "$@"; }
	in_new apt-get update -q > "$work/log" 2>&1 ||
		{ tail -5 "$work/log" >&2; die "apt-get update in the root filesystem failed"; }
	# shellcheck disable=SC2086
	in_new apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-unsafe-io $packages $added > "$work/log" 2>&1 ||
		{ tail -5 "$work/log" >&2; die "apt-get install in the root filesystem failed"; }
	in_new apt-get clean
	touch "$new/.sclog-guest"
	rm -rf "$rootfs"
	mv "$new" "$rootfs"
	echo "   made in $((SECONDS - start)) s"
fi
in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive "$@"; }
missing=
for p in $added; do
	in_root dpkg-query -W -f='${Status}\n' "$p" 2> /dev/null | grep -q 'ok installed$' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== guest: adding$missing to the root filesystem"
	cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
	# shellcheck disable=SC2086
	{ in_root apt-get update -q && in_root apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-unsafe-io $missing && in_root apt-get clean; } \
		> "$work/log" 2>&1 || { tail -5 "$work/log" >&2; die "adding $missing to the root filesystem failed"; }
fi
echo "guest: kernel $(cat "$cache/vmlinuz-$debarch.name"), root filesystem $rootfs"

# sclog and its tests, built on the host: cross-compiled against the guest's
# root filesystem (an overlay of the cached one, which stays as it was), or
# for x86_64 by the host's own compiler and libraries (the same release as
# the guest's, so the same sonames; faster than a build in the guest, and
# the root filesystem needs no clang).  The build sits at /mnt/sclog on both
# sides, the paths ctest records: a private mount namespace gives the host
# that path for the build.
if [ "$foreign" = 1 ]; then
	echo "== guest: cross-compiling sclog for $arch"
	cmake_args="-DCMAKE_TOOLCHAIN_FILE=/mnt/sclog/src/tests/guest/cross.cmake"
	# clang and lld cross-compile against the guest's root filesystem (Debian's
	# gcc-$triple would remove gcc-multilib, which the host's 32-bit tests need).
	command -v clang > /dev/null && command -v ld.lld > /dev/null ||
		apt-get $apt_lock install -y -q --no-install-recommends clang lld > /dev/null ||
		skip "cannot install clang and lld for the cross build"
	# bpftool makes the bpf program's skeleton (its bytecode is the same for
	# every architecture); without it sclog is built without the bpf collector.
	command -v bpftool > /dev/null || [ -x /usr/sbin/bpftool ] ||
		apt-get $apt_lock install -y -q --no-install-recommends bpftool > /dev/null || true
	# A 32-bit child of the guest's native programs, where the C library and
	# libgcc of the compat architecture install (tests/integration/t_compat_arm.sh).
	compat_libgcc=$(clang -print-libgcc-file-name --target=$compat_triple -rtlib=libgcc 2> /dev/null)
	[ -f "$compat_libgcc" ] && [ -d "/usr/$compat_triple/lib" ] ||
		apt-get $apt_lock install -y -q --no-install-recommends "libc6-dev-$compat_debarch-cross" \
			"libgcc-$(gcc -dumpversion | cut -d. -f1)-dev-$compat_debarch-cross" > /dev/null || true
else
	echo "== guest: building sclog for $arch here"
	cmake_args=
	# The bpf collector, whose 32-bit and x32 paths the guest is for.
	pkg-config --exists libbpf && command -v clang > /dev/null && command -v bpftool > /dev/null ||
		apt-get $apt_lock install -y -q --no-install-recommends libbpf-dev clang bpftool > /dev/null ||
		echo "   cannot install libbpf-dev, clang and bpftool: sclog is built without the bpf collector"
fi
mkdir -p "$work/upper" "$work/overwork" "$work/root"
mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$work/upper,workdir=$work/overwork" "$work/root"
# Absolute links of the -dev packages (libaudit.so -> /lib/...) would point
# into the host when cross-linking: made relative, they hold on both sides.
[ "$foreign" = 0 ] || find "$work/root/usr/lib/$triple" -lname '/*' | while read -r l; do
	ln -sfnr "$work/root$(readlink "$l")" "$l"
done
mkdir -p "$work/root/mnt/sclog/src"
git -C "$src" ls-files -z --cached --others --exclude-standard |
	(cd "$src" && xargs -0 tar -cf - --no-recursion 2> /dev/null) | tar -xf - -C "$work/root/mnt/sclog/src"
# The tests' reference data (../shared) where the clone has it.
if [ -d "$src/../shared/data" ]; then
	mkdir -p "$work/root/mnt/sclog/shared"
	cp -r "$src/../shared/data" "$work/root/mnt/sclog/shared/"
fi
start=$SECONDS
if ! env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin SYSROOT="$work/root" TRIPLE=${triple:-} \
	COMPAT_TRIPLE=${compat_triple:-} QEMU_USER="$qemu_user" CMAKE_ARGS="$cmake_args" \
	unshare -m --propagation private sh -c '
	mount -t tmpfs tmpfs /mnt && mkdir /mnt/sclog && mount --bind "$SYSROOT/mnt/sclog" /mnt/sclog &&
	cmake -S /mnt/sclog/src -B /mnt/sclog/build -DSCLOG_WERROR=ON $CMAKE_ARGS &&
	cmake --build /mnt/sclog/build -j2' > "$work/build.log" 2>&1; then
	tail -30 "$work/build.log" >&2
	echo "guest $arch: 0 passed, 1 failed, 0 skipped (the build failed)"
	exit 1
fi
grep -E '^-- sclog:|warning' "$work/build.log" | sed 's/^/   /' || true
echo "   built in $((SECONDS - start)) s"

# The guest's /init: mount what the tests need, run ctest, print the closing
# line, power off.
cat > "$work/root/init" <<INIT
#!/bin/bash
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /run
ln -s /proc/self/fd /dev/fd; ln -s fd/0 /dev/stdin; ln -s fd/1 /dev/stdout; ln -s fd/2 /dev/stderr
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
# The loopback interface starts down, and no init brings it up here: the
# tests that serve on 127.0.0.1 (t_phase_*) met "Network is unreachable".
# SIOCSIFFLAGS with IFF_UP, through python3 (the root filesystem has no ip).
python3 -c 'import fcntl, socket, struct
fcntl.ioctl(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0x8914, struct.pack("16sH22x", b"lo", 1))' ||
	echo "guest note: the loopback interface could not be brought up"
# A line of its own first: the firmware's last escape codes precede it.
echo
echo "== guest: \$(uname -srm), seccomp actions: \$(cat /proc/sys/kernel/seccomp/actions_avail)"
echo "== guest: kernel command line: \$(cat /proc/cmdline)"
cd /mnt/sclog/build
ctest -R '$tests' -E '$exclude' --output-on-failure --timeout 1800 --repeat until-fail:$repeat 2>&1 |
	tee /tmp/ctest.log
# What the tests noted or skipped for (their output is shown only when they
# fail): the measures of the guest, such as what translation missed.
# SCLOG_GUEST_VERBOSE=1: what they passed too.
awk -v v='${SCLOG_GUEST_VERBOSE:-0}' '/^[0-9]+\/[0-9]+ Testing: / { t = \$3 }
     /^(NOTE|SKIP)( \(part\))?: / || (v == 1 && /^PASS: /) { print "guest note: " t ": " \$0 }' \
	Testing/Temporary/LastTest.log
awk '/Test +#[0-9]+:/ { if (/Passed/) p++; else if (/Skipped|Not Run/) s++; else f++ }
     END { printf "guest $arch: %d passed, %d failed, %d skipped\n", p, f, s }' /tmp/ctest.log
echo o > /proc/sysrq-trigger
sleep 10
INIT
chmod +x "$work/root/init"

# The root filesystem as the initramfs: the kernel needs no module for a
# disk or a share.  Documentation and apt's caches stay out.
echo "== guest: packing the initramfs"
(cd "$work/root" && find . -xdev \( -path ./usr/share/doc -o -path ./usr/share/man \
	-o -path ./usr/share/locale -o -path ./var/cache/apt -o -path ./var/lib/apt/lists \) -prune \
	-o -print | cpio -o -H newc --quiet) > "$work/initramfs.cpio"
umount "$work/root"
echo "   $(($(stat -c %s "$work/initramfs.cpio") >> 20)) MiB"

echo "== guest: booting $(cat "$cache/vmlinuz-$debarch.name") in $qemu_system (TCG)"
start=$SECONDS
# Made before qemu starts, so that tail below never starts before its file.
: > "$work/console.log"
# In the background, so that the exit trap can stop it (by its timeout's PID,
# which passes the signal on).
# shellcheck disable=SC2086
timeout "${SCLOG_GUEST_TIMEOUT:-3600}" $qemu_system $qemu_args -smp 2 -m "${SCLOG_GUEST_MEM:-4096}" \
	-nographic -no-reboot -kernel "$kernel" -initrd "$work/initramfs.cpio" \
	-append "console=$console rdinit=/init panic=-1 quiet $append" < /dev/null > "$work/console.log" 2>&1 &
qemu_pid=$!
tail -n +1 --pid="$qemu_pid" -f "$work/console.log" |
	grep --line-buffered -aE '^(== guest|guest | *[0-9]+/[0-9]+ Test)' || true
wait "$qemu_pid" || true
qemu_pid=
echo "   booted and tested in $((SECONDS - start)) s"
closing=$(grep -a "^guest $arch: " "$work/console.log" | tail -1 | tr -d '\r')
case $closing in
*" 0 failed"*) exit 0 ;;
esac
# The console holds the failing tests' output (ctest --output-on-failure):
# it is kept, the work directory is not.
mkdir -p "$cache/logs"
kept=$cache/logs/console-$arch-$(date +%Y%m%d-%H%M%S).log
cp "$work/console.log" "$kept"
echo "guest: the console, with the failing tests' output, is kept in $kept"
[ -n "$closing" ] || { tail -20 "$work/console.log" >&2; echo "guest $arch: 0 passed, 1 failed, 0 skipped (no closing line)"; }
exit 1
