#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Configure, build (warnings are errors) and run the whole test suite.
# Run as root: the real-kernel tests need it and skip (exit 77) without it.
#   tools/test.sh              normal build in build/
#   SANITIZE=1 tools/test.sh   also an ASan+UBSan build in build-asan/
# Tests run in parallel (at least 2 at a time); those that change a
# machine-wide setting run alone (RESOURCE_LOCK machine, tests/CMakeLists.txt).
# Every skipped test's reason is printed after the run (ctest's
# --output-on-failure shows the output of failures only).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2> /dev/null || echo 2)
[ "$jobs" -ge 2 ] || jobs=2

# ctest in @1, then the reason of every test that skipped.
run_ctest() {
	rc=0
	ctest --test-dir "$1" --output-on-failure -j"$jobs" || rc=$?
	echo "== skipped tests in $1, and why"
	awk '/^[0-9]+\/[0-9]+ Testing: / { name = $3 }
	     /^SKIP|: skipping/ { print "  " name ": " $0; n++ }
	     END { if (!n) print "  none" }' "$1/Testing/Temporary/LastTest.log"
	return "$rc"
}

cmake -S . -B build -DSCLOG_WERROR=ON
cmake --build build -j"$jobs"
run_ctest build

if [ "${SANITIZE:-0}" = 1 ]; then
	cmake -S . -B build-asan -DSCLOG_WERROR=ON -DSCLOG_SANITIZE=ON
	cmake --build build-asan -j"$jobs"
	export ASAN_OPTIONS=detect_leaks=1
	run_ctest build-asan
fi
