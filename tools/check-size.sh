#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# No source file of src/ over 700 lines, no function over 80 (STYLE.md):
# prints each one over, and exits 1 if there is one.
#   tools/check-size.sh [SOURCE-DIR]
set -eu
cd "${1:-$(dirname "$0")/..}"
find src -name '*.c' | sort | xargs awk -v maxfile=700 -v maxfn=80 '
	FNR == 1 { if (prev && plines > maxfile) { print prev ": " plines " lines (at most " maxfile ")"; bad = 1 } }
	{ prev = FILENAME; plines = FNR }
	# A function body: "{" alone at the start of a line, after its head.
	/^\{/ { start = FNR; name = head }
	/^[a-zA-Z_].*\(/ && !/;[ \t]*$/ { head = $0; sub(/\(.*/, "", head); sub(/.*[ *]/, "", head) }
	/^\}/ && start {
		n = FNR - start + 1
		if (n > maxfn) { print FILENAME ":" start ": " name "() is " n " lines (at most " maxfn ")"; bad = 1 }
		start = 0
	}
	END {
		if (plines > maxfile) { print prev ": " plines " lines (at most " maxfile ")"; bad = 1 }
		exit bad
	}' || exit 1
