#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The C sources follow .clang-format (run by .ci/run).  clang-format's output
# differs between its versions, so the check is pinned to one: version 14,
# Debian 12's.  Exits 77 without it.
#   tools/check-format.sh          check, print the files that differ
#   tools/check-format.sh --fix    format them in place
set -eu
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || true)
if [ -z "$cf" ]; then
	echo "check-format: skipped: clang-format-14 is not installed (apt-get install clang-format-14)"
	exit 77
fi
files=$(git ls-files '*.c' '*.h' | grep -v '^kernel-patches/')
if [ "${1:-}" = --fix ]; then
	$cf -i $files
	exit 0
fi
bad=0
for f in $files; do
	if ! $cf --dry-run --Werror "$f" > /dev/null 2>&1; then
		echo "$f: not formatted (tools/check-format.sh --fix)"
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "check-format: $(echo "$files" | wc -l) files follow .clang-format"
exit "$bad"
