#!/bin/sh
# Build a kernel, optionally with a patch series, and boot it in qemu with
# seccomp-log-test as /init.  Exits 0 only if every check passed.
#
# Usage: run.sh [-s SELFTESTS] KERNEL_TREE [SERIES_DIR]
#   KERNEL_TREE  a kernel source directory, or a tarball of one
#                (e.g. /usr/src/linux-source-6.1.tar.xz)
#   SERIES_DIR   a directory with a "series" file and the patches it lists,
#                applied in order with patch -p1 (e.g. kernel-patches/4.9)
#   -s SELFTESTS the tools/testing/selftests directory of a kernel release
#                (v4.14: seccomp/seccomp_bpf.c and kselftest_harness.h).
#                seccomp_bpf is built statically and run in the guest after
#                the checks; every test must pass except those listed for
#                this kernel in selftests-expected.txt, which must fail.
#
# Two boots: the checks (and the selftests, and sclog with SCLOG), then a
# boot with audit=0 on the kernel command line, where the test checks
# that seccomp still works and that no record is produced.
#
# Environment (all optional):
#   SCLOG           a static sclog binary; the guest then also runs
#                   "sclog run" on /hello-static and "sclog enforce" with a
#                   kill-process policy
#   SCLOG_TEST_DIR  a directory whose files are copied to /sclog-tests/
#                   in the initramfs, next to /sclog
#   WORK_DIR        where to build (default: a new mktemp -d directory).
#                   Reusing the WORK_DIR of an earlier run with the same
#                   directory KERNEL_TREE rebuilds incrementally: only the
#                   files whose patched content changed are rewritten, and
#                   .config is kept.  Use one WORK_DIR per tree and series.
#   BUILD_DIR       reuse an already built kernel tree: skip copy, patch
#                   and build (the directory of a previous run's "src")
#   BOOT_TIMEOUT    seconds before qemu is killed, per boot (default 900)
#   JOBS            make -j value (default 2)
#   KMAKEFLAGS      extra arguments for the kernel make, e.g.
#                   'KCFLAGS=-fcommon HOSTCFLAGS=-fcommon'
#   CC              compiler for the guest programs (default gcc)
#   BUILD_ONLY      set: stop after building the kernel
#   NICE            niceness of the kernel build (default 10)
#
# Exit status: 0 PASS, 1 FAIL, 2 usage or build error, 77 missing tools.
set -eu

die() {
	echo "run.sh: $*" >&2
	exit 2
}

selftests=
while getopts s: opt; do
	case $opt in
	s) selftests=$OPTARG ;;
	*) die "usage: run.sh [-s SELFTESTS] KERNEL_TREE [SERIES_DIR]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] && [ $# -le 2 ] ||
	die "usage: run.sh [-s SELFTESTS] KERNEL_TREE [SERIES_DIR]"
tree=$1
series_dir=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=${BOOT_TIMEOUT:-900}
jobs=${JOBS:-2}
cc=${CC:-gcc}

for tool in qemu-system-x86_64 make "$cc" gzip patch timeout flex bison bc \
	cmp; do
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
if [ -n "$selftests" ]; then
	[ -f "$selftests/seccomp/seccomp_bpf.c" ] &&
		[ -f "$selftests/kselftest_harness.h" ] ||
		die "$selftests: want seccomp/seccomp_bpf.c and kselftest_harness.h"
	selftests=$(cd "$selftests" && pwd)
fi

work=${WORK_DIR:-$(mktemp -d /tmp/kernel-patches-run.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
echo "run.sh: working in $work"

series_patches() {
	[ -n "$series_dir" ] || return 0
	grep -v -e '^#' -e '^[[:space:]]*$' "$series_dir/series"
}

# Bring $src to "pristine tree + series" while rewriting only the files
# whose content changes, so that make rebuilds only what depends on them.
# $src/.kp-touched lists the files the last applied series touched.
sync_series() {
	stage=$work/stage
	rm -rf "$stage"
	mkdir -p "$stage"
	for p in $(series_patches); do
		sed -n -e 's|^--- a/||p' -e 's|^+++ b/||p' "$series_dir/$p"
	done > "$work/touched.new"
	sort -u "$work/touched.new" "$src/.kp-touched" > "$work/touched.all"
	while read -r f; do
		if [ -f "$tree/$f" ]; then
			mkdir -p "$stage/$(dirname "$f")"
			cp "$tree/$f" "$stage/$f"
		fi
	done < "$work/touched.all"
	for p in $(series_patches); do
		echo "run.sh: applying $p"
		patch -p1 --batch --forward -d "$stage" \
			< "$series_dir/$p" > "$work/patch.log" 2>&1 ||
			{ cat "$work/patch.log" >&2; die "the series does not apply"; }
	done
	while read -r f; do
		if [ -f "$stage/$f" ]; then
			if ! cmp -s "$stage/$f" "$src/$f"; then
				mkdir -p "$src/$(dirname "$f")"
				cp "$stage/$f" "$src/$f"
				echo "run.sh: updated $f"
			fi
		elif [ -e "$src/$f" ]; then
			rm -f "$src/$f"
			echo "run.sh: removed $f"
		fi
	done < "$work/touched.all"
	sort -u "$work/touched.new" > "$src/.kp-touched"
}

if [ -n "${BUILD_DIR:-}" ]; then
	src=$(cd "$BUILD_DIR" && pwd)
	[ -f "$src/arch/x86/boot/bzImage" ] || die "$src: no bzImage to reuse"
	echo "run.sh: reusing the kernel built in $src"
else
	src=$work/src
	tree_id=$(cd "$(dirname "$tree")" && pwd)/$(basename "$tree")
	if [ -d "$tree" ] && [ -f "$src/.kp-tree" ] &&
		[ "$(cat "$src/.kp-tree")" = "$tree_id" ]; then
		echo "run.sh: reusing $src (incremental build)"
	else
		rm -rf "$src"
		mkdir -p "$src"
		if [ -d "$tree" ]; then
			cp -a "$tree/." "$src/"
		else
			tar -xf "$tree" -C "$src" --strip-components=1
		fi
		echo "$tree_id" > "$src/.kp-tree"
		: > "$src/.kp-touched"
	fi
	if [ -d "$tree" ]; then
		sync_series
	else
		# A tarball: a fresh copy every time, patched in place.
		for p in $(series_patches); do
			echo "run.sh: applying $p"
			patch -p1 --batch --forward -d "$src" \
				< "$series_dir/$p" > "$work/patch.log" 2>&1 ||
				{ cat "$work/patch.log" >&2;
				  die "the series does not apply"; }
		done
	fi

	echo "run.sh: building the kernel (log: $work/build.log)"
	(
		cd "$src"
		if [ ! -f .config ]; then
			# shellcheck disable=SC2086 # KMAKEFLAGS is a list
			make ${KMAKEFLAGS:-} tinyconfig
			sh "$here/kconfig.sh" "$src"
			# shellcheck disable=SC2086
			make ${KMAKEFLAGS:-} olddefconfig
		fi
		# shellcheck disable=SC2086
		nice -n "${NICE:-10}" make ${KMAKEFLAGS:-} -j"$jobs" bzImage
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
		"(listed in $work/warnings.txt; an incremental build only" \
		"shows those of the files it rebuilt)"
fi

if [ -n "${BUILD_ONLY:-}" ]; then
	echo "run.sh: built $src/arch/x86/boot/bzImage (BUILD_ONLY)"
	exit 0
fi

version=$(sed -n -e 's/^VERSION = //p' "$src/Makefile").$(sed -n \
	-e 's/^PATCHLEVEL = //p' "$src/Makefile")
variant=$version
[ -z "$series_dir" ] || variant=$version+series
echo "run.sh: kernel $version, variant $variant"

echo "run.sh: building the guest programs"
root=$work/initramfs
rm -rf "$root"
mkdir -p "$root"
$cc -O2 -Wall -Wextra -static -pthread -o "$root/init" \
	"$here/seccomp-log-test.c"
list=$work/initramfs.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "dir /proc 0755 0 0"
	echo "dir /sys 0755 0 0"
	echo "dir /tmp 01777 0 0"
	echo "file /init $root/init 0755 0 0"
} > "$list"
m32=0
if $cc -m32 -O2 -Wall -Wextra -static -pthread -o "$root/init-32" \
	"$here/seccomp-log-test.c" 2>"$work/m32.log"; then
	m32=1
	echo "file /seccomp-log-test-32 $root/init-32 0755 0 0" >> "$list"
else
	echo "run.sh: no 32-bit static toolchain (gcc-multilib);" \
		"the guest skips the i386 checks" >&2
fi

if [ -n "$selftests" ]; then
	# The 4.14 sources predate gcc 12: keep their warnings out of the way.
	$cc -O2 -static -pthread -w -o "$root/seccomp_bpf" \
		"$selftests/seccomp/seccomp_bpf.c" 2>"$work/selftests-cc.log" ||
		{ cat "$work/selftests-cc.log" >&2;
		  die "cannot build $selftests/seccomp/seccomp_bpf.c"; }
	echo "file /seccomp_bpf $root/seccomp_bpf 0755 0 0" >> "$list"
fi

if [ -n "${SCLOG:-}" ]; then
	[ -x "$SCLOG" ] || die "SCLOG=$SCLOG is not an executable"
	$cc -O2 -Wall -Wextra -static -o "$root/hello-static" \
		"$here/hello-static.c"
	echo "file /sclog $SCLOG 0755 0 0" >> "$list"
	echo "file /hello-static $root/hello-static 0755 0 0" >> "$list"
	if [ "$m32" = 1 ] && $cc -m32 -O2 -Wall -Wextra -static \
		-o "$root/hello-static-32" "$here/hello-static.c" \
		2>>"$work/m32.log"; then
		echo "file /hello-static-32 $root/hello-static-32 0755 0 0" \
			>> "$list"
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

# boot NAME EXTRA_CMDLINE: boot once, serial log in $work/serial-NAME.log.
# no_timer_check: under TCG on a loaded host, 4.4's IO-APIC timer check
# sometimes fails and panics ("IO-APIC + timer doesn't work!").
boot() {
	log=$work/serial-$1.log
	echo "run.sh: boot '$1' (timeout ${timeout_s}s, serial log: $log)"
	start=$(date +%s)
	rc=0
	timeout "$timeout_s" qemu-system-x86_64 -machine q35,accel=tcg \
		-m 256M -nographic -no-reboot \
		-kernel "$src/arch/x86/boot/bzImage" \
		-initrd "$work/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 no_timer_check rdinit=/init $2" \
		< /dev/null > "$log" 2>&1 || rc=$?
	echo "run.sh: boot '$1' took $(($(date +%s) - start)) s (wall)"
	[ "$rc" -eq 124 ] && echo "run.sh: qemu timed out after ${timeout_s}s" >&2
	tr -d '\r' < "$log" > "$log.txt"
}

failed=0
check_result() {
	grep -E '^(PASS|FAIL|SKIP|RESULT): ' "$1" || true
	if ! grep -q '^RESULT: PASS$' "$1"; then
		failed=1
		grep -q '^RESULT: ' "$1" ||
			echo "run.sh: the guest printed no RESULT line; see $1" >&2
	fi
}

boot main ""
check_result "$work/serial-main.log.txt"

# The selftests: compare every test's outcome with selftests-expected.txt.
if [ -n "$selftests" ]; then
	out=$work/serial-main.log.txt
	xfail=$work/xfail.txt
	awk -v v="$variant" '$1 == v { $1 = ""; sub(/^ /, ""); print }' \
		"$here/selftests-expected.txt" > "$xfail"
	sed -n 's/^\[ *OK \] //p' "$out" > "$work/selftests-ok.txt"
	sed -n 's/^\[ *FAIL \] //p' "$out" > "$work/selftests-fail.txt"
	while read -r t; do
		if grep -q "^$t " "$xfail"; then
			echo "FAIL: selftest $t passed, but is listed as an" \
				"expected failure for $variant"
			failed=1
		else
			echo "PASS: selftest $t"
		fi
	done < "$work/selftests-ok.txt"
	while read -r t; do
		reason=$(sed -n "s/^$t //p" "$xfail")
		if [ -n "$reason" ]; then
			echo "XFAIL: selftest $t ($reason)"
		else
			echo "FAIL: selftest $t"
			failed=1
		fi
	done < "$work/selftests-fail.txt"
	while read -r t reason; do
		grep -qx "$t" "$work/selftests-ok.txt" "$work/selftests-fail.txt" ||
			{ echo "FAIL: selftest $t did not run"; failed=1; }
	done < "$xfail"
	summary=$(sed -n 's/^\[==========\] \([0-9]* \/ [0-9]*\) tests passed\.$/\1/p' "$out")
	ran=$(cat "$work/selftests-ok.txt" "$work/selftests-fail.txt" | wc -l)
	if [ -z "$summary" ]; then
		echo "FAIL: the selftests did not finish ($ran reported)"
		failed=1
	else
		echo "run.sh: selftests: $summary passed," \
			"$(wc -l < "$work/selftests-fail.txt") failed," \
			"$(wc -l < "$xfail") expected to fail on $variant"
	fi
fi

boot audit0 "audit=0"
check_result "$work/serial-audit0.log.txt"

[ "$failed" -eq 0 ] && echo "run.sh: PASS" && exit 0
echo "run.sh: FAIL"
exit 1
