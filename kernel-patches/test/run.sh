#!/bin/sh
# Build a kernel, optionally with a patch series, and boot it in qemu with
# seccomp-log-test as /init.  Exits 0 only if the guest printed RESULT: PASS.
#
# Usage: run.sh KERNEL_TREE [SERIES_DIR]
#   KERNEL_TREE  a kernel source directory, or a tarball of one
#                (e.g. /usr/src/linux-source-6.1.tar.xz)
#   SERIES_DIR   a directory with a "series" file and the patches it lists,
#                applied in order with patch -p1 (e.g. kernel-patches/4.9)
#
# Environment (all optional):
#   SCLOG           a static sclog binary; the guest then also runs
#                   "/sclog run -o /tmp/p.json -- /hello-static"
#   SCLOG_TEST_DIR  a directory whose files are copied to /sclog-tests/
#                   in the initramfs, next to /sclog
#   WORK_DIR        where to build (default: a new mktemp -d directory)
#   BUILD_DIR       reuse an already built kernel tree: skip copy, patch
#                   and build (the directory of a previous run's "src")
#   BOOT_TIMEOUT    seconds before qemu is killed (default 300)
#   JOBS            make -j value (default 2)
#   KMAKEFLAGS      extra arguments for the kernel make, e.g.
#                   'KCFLAGS=-fcommon HOSTCFLAGS=-fcommon'
#   CC              compiler for the guest programs (default gcc)
#
# Exit status: 0 PASS, 1 FAIL, 2 usage or build error, 77 missing tools.
set -eu

die() {
	echo "run.sh: $*" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: run.sh KERNEL_TREE [SERIES_DIR]"
tree=$1
series_dir=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=${BOOT_TIMEOUT:-300}
jobs=${JOBS:-2}
cc=${CC:-gcc}

for tool in qemu-system-x86_64 make "$cc" gzip patch timeout flex bison bc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run.sh: $tool not found; see kernel-patches/README.md" >&2
		exit 77
	fi
done
[ -e "$tree" ] || die "$tree: no such kernel tree"
if [ -n "$series_dir" ]; then
	[ -f "$series_dir/series" ] || die "$series_dir/series: no series file"
	series_dir=$(cd "$series_dir" && pwd)
fi

work=${WORK_DIR:-$(mktemp -d /tmp/kernel-patches-run.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
echo "run.sh: working in $work"

if [ -n "${BUILD_DIR:-}" ]; then
	src=$(cd "$BUILD_DIR" && pwd)
	[ -f "$src/arch/x86/boot/bzImage" ] || die "$src: no bzImage to reuse"
	echo "run.sh: reusing the kernel built in $src"
else
	src=$work/src
	rm -rf "$src"
	mkdir -p "$src"
	if [ -d "$tree" ]; then
		cp -a "$tree/." "$src/"
	else
		tar -xf "$tree" -C "$src" --strip-components=1
	fi

	if [ -n "$series_dir" ]; then
		grep -v -e '^#' -e '^[[:space:]]*$' "$series_dir/series" |
		while read -r p; do
			echo "run.sh: applying $p"
			patch -p1 --batch --forward -d "$src" \
				< "$series_dir/$p" > "$work/patch.log" 2>&1 ||
				{ cat "$work/patch.log" >&2; exit 1; }
		done || die "the series does not apply"
	fi

	echo "run.sh: building the kernel (log: $work/build.log)"
	(
		cd "$src"
		# shellcheck disable=SC2086 # KMAKEFLAGS is a list of arguments
		make ${KMAKEFLAGS:-} tinyconfig
		sh "$here/kconfig.sh" "$src"
		# shellcheck disable=SC2086
		make ${KMAKEFLAGS:-} olddefconfig
		# shellcheck disable=SC2086
		nice -n 10 make ${KMAKEFLAGS:-} -j"$jobs" bzImage
	) > "$work/build.log" 2>&1 || {
		tail -40 "$work/build.log" >&2
		die "kernel build failed; see $work/build.log"
	}
	for opt in SECCOMP_FILTER AUDITSYSCALL IA32_EMULATION PROC_SYSCTL; do
		grep -q "^CONFIG_$opt=y" "$src/.config" ||
			echo "run.sh: warning: CONFIG_$opt is not set" >&2
	done
	grep -E 'warning:' "$work/build.log" | sort | uniq -c \
		> "$work/warnings.txt" || true
	echo "run.sh: $(wc -l < "$work/warnings.txt") distinct build warnings" \
		"(listed in $work/warnings.txt)"
fi

echo "run.sh: building the guest programs"
root=$work/initramfs
rm -rf "$root"
mkdir -p "$root"
$cc -O2 -Wall -Wextra -static -o "$root/init" "$here/seccomp-log-test.c"
list=$work/initramfs.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "dir /proc 0755 0 0"
	echo "dir /sys 0755 0 0"
	echo "dir /tmp 01777 0 0"
	echo "file /init $root/init 0755 0 0"
} > "$list"

if [ -n "${SCLOG:-}" ]; then
	[ -x "$SCLOG" ] || die "SCLOG=$SCLOG is not an executable"
	$cc -O2 -Wall -Wextra -static -o "$root/hello-static" \
		"$here/hello-static.c"
	echo "file /sclog $SCLOG 0755 0 0" >> "$list"
	echo "file /hello-static $root/hello-static 0755 0 0" >> "$list"
	if $cc -m32 -O2 -Wall -Wextra -static -o "$root/hello-static-32" \
		"$here/hello-static.c" 2>"$work/m32.log"; then
		echo "file /hello-static-32 $root/hello-static-32 0755 0 0" \
			>> "$list"
	else
		echo "run.sh: no 32-bit static toolchain (gcc-multilib);" \
			"the guest skips the i386 check" >&2
	fi
	if [ -n "${SCLOG_TEST_DIR:-}" ]; then
		echo "dir /sclog-tests 0755 0 0" >> "$list"
		for f in "$SCLOG_TEST_DIR"/*; do
			[ -f "$f" ] || continue
			echo "file /sclog-tests/$(basename "$f") $f 0755 0 0" \
				>> "$list"
		done
	fi
fi

gen=$src/usr/gen_init_cpio
if [ ! -x "$gen" ]; then
	$cc -O2 -o "$work/gen_init_cpio" "$src/usr/gen_init_cpio.c"
	gen=$work/gen_init_cpio
fi
"$gen" "$list" | gzip -9 > "$work/initramfs.cpio.gz"

log=$work/serial.log
echo "run.sh: booting (timeout ${timeout_s}s, serial log: $log)"
rc=0
timeout "$timeout_s" qemu-system-x86_64 -machine q35,accel=tcg -m 256M \
	-nographic -no-reboot \
	-kernel "$src/arch/x86/boot/bzImage" \
	-initrd "$work/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 rdinit=/init" \
	< /dev/null > "$log" 2>&1 || rc=$?
[ "$rc" -eq 124 ] && echo "run.sh: qemu timed out after ${timeout_s}s" >&2

tr -d '\r' < "$log" > "$log.txt"
grep -E '^(PASS|FAIL|RESULT): ' "$log.txt" || true
if grep -q '^RESULT: PASS$' "$log.txt"; then
	exit 0
fi
grep -q '^RESULT: ' "$log.txt" ||
	echo "run.sh: the guest printed no RESULT line; see $log" >&2
exit 1
