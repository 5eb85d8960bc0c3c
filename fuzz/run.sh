#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the libFuzzer targets with clang in a temporary directory and run
# each over its seed corpus (and fixed reproducers) for SECONDS seconds
# (default 30; CI calls it with a smaller figure).  New corpus entries stay
# in the temporary directory: the committed corpus only changes by hand.
#
#   fuzz/run.sh [SECONDS]        exit 0: no crash, 1: a crash (the input is
#                                kept and its path printed), 77: no clang
#
# Environment: CC (default clang), SCLOG_FUZZ_TARGETS (default: all five
# targets),
# SCLOG_FUZZ_KEEP=1 keeps the temporary directory, FUZZ_JOBS (build jobs).
set -u
seconds=${1:-30}
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
cc=${CC:-clang}
targets=${SCLOG_FUZZ_TARGETS:-"fuzz_nlframe fuzz_record fuzz_policy fuzz_runtimes fuzz_translate fuzz_json"}

case $seconds in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
if ! command -v "$cc" > /dev/null 2>&1 || ! "$cc" --version 2>/dev/null | grep -q clang; then
	echo "fuzz/run.sh: no clang ($cc), skipping" >&2
	exit 77
fi
# libFuzzer ships in compiler-rt; without it clang cannot link -fsanitize=fuzzer.
probe=$(mktemp -d)
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' > "$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2> /dev/null; then
	rm -rf "$probe"
	echo "fuzz/run.sh: $cc cannot link libFuzzer (install libclang-rt-dev), skipping" >&2
	exit 77
fi
rm -rf "$probe"

work=$(mktemp -d /tmp/sclog-fuzz.XXXXXX)
if [ "${SCLOG_FUZZ_KEEP:-0}" != 1 ]; then
	trap 'rm -rf "$work"' EXIT
fi
build=$work/build
echo "== building libFuzzer targets in $build"
if ! CC=$cc cmake -S "$src" -B "$build" -DSCLOG_FUZZ=ON -DSCLOG_TESTS=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo > "$work/configure.log" 2>&1; then
	cat "$work/configure.log" >&2
	exit 1
fi
libfuzzer_targets=
for t in $targets; do libfuzzer_targets="$libfuzzer_targets $t-libfuzzer"; done
# shellcheck disable=SC2086
if ! cmake --build "$build" -j"${FUZZ_JOBS:-$(nproc)}" --target $libfuzzer_targets \
	> "$work/build.log" 2>&1; then
	tail -50 "$work/build.log" >&2
	exit 1
fi

failed=0
for t in $targets; do
	corpus=$work/corpus-$t
	mkdir -p "$corpus" "$work/artifacts-$t"
	dirs=("$corpus" "$here/corpus/$t")
	# Fixed reproducers only: open-* ones are known to fail.
	if [ -d "$here/regressions/$t" ]; then
		mkdir -p "$work/regressions-$t"
		for f in "$here/regressions/$t"/*; do
			case $(basename "$f") in open-*) ;; *) cp "$f" "$work/regressions-$t/" ;; esac
		done
		dirs+=("$work/regressions-$t")
	fi
	echo "== $t: $seconds s"
	"$build/fuzz/$t-libfuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=5 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/artifacts-$t/" "${dirs[@]}" > "$work/$t.log" 2>&1
	rc=$?
	grep -E '^stat::number_of_executed_units|^Done|^#[0-9]+ +DONE' "$work/$t.log" | tail -2
	if [ $rc != 0 ] || ls "$work/artifacts-$t"/* > /dev/null 2>&1; then
		failed=1
		tail -60 "$work/$t.log" >&2
		for a in "$work/artifacts-$t"/*; do
			[ -e "$a" ] || continue
			mkdir -p "$src/build-fuzz-artifacts"
			cp "$a" "$src/build-fuzz-artifacts/$t-$(basename "$a")"
			echo "fuzz/run.sh: $t failed; input kept as build-fuzz-artifacts/$t-$(basename "$a")" >&2
		done
		[ $rc != 0 ] && echo "fuzz/run.sh: $t exited with $rc" >&2
	fi
done
exit $failed
