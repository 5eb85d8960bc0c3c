#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Regenerate the example policies in policies/examples/ (or, with --check,
# regenerate into a temporary directory and compare). Run as root.
#   tools/regen-examples.sh [--check] [SCLOG]
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = --check ] && { check=1; shift; }
sclog=${1:-build/sclog}
out=policies/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ "$check" = 1 ] && out=$tmp

status=0
while IFS='|' read -r name cmd; do
	case "$name" in ''|'#'*) continue ;; esac
	eval "set -- $cmd"
	"$sclog" run -q -o "$out/$name.json" -- "$@" < /dev/null > "$tmp/stdout"
	if [ "$check" = 1 ]; then
		if ! "$sclog" diff policies/examples/"$name.json" "$out/$name.json" > "$tmp/diff"; then
			echo "policies/examples/$name.json differs from a fresh profile of: $cmd"
			cat "$tmp/diff"
			status=1
		fi
	fi
done < policies/examples/COMMANDS
exit $status
