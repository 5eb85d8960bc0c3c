#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Configure, build (warnings are errors) and run the whole test suite.
# Run as root: the real-kernel tests need it and skip (exit 77) without it.
#   tools/test.sh              normal build in build/
#   SANITIZE=1 tools/test.sh   also an ASan+UBSan build in build-asan/
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2> /dev/null || echo 2)

cmake -S . -B build -DSCLOG_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j1

if [ "${SANITIZE:-0}" = 1 ]; then
	cmake -S . -B build-asan -DSCLOG_WERROR=ON -DSCLOG_SANITIZE=ON
	cmake --build build-asan -j"$jobs"
	ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan --output-on-failure -j1
fi
