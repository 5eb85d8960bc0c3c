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
# The commands' stdout is a file in /var/tmp, not in /tmp: cat copies
# /etc/os-release with copy_file_range, which fails across filesystems
# (EXDEV) where /tmp is a tmpfs of its own (Debian 13, the guests of
# tests/guest/run.sh), and cat then writes instead.  /var/tmp is on /etc's
# filesystem on the usual layouts.
tmp=$(mktemp -d -p /var/tmp)
trap 'rm -rf "$tmp"' EXIT
[ "$check" = 1 ] && out=$tmp

# The syscall set depends on the environment: glibc calls futex in cat,
# sort and sha256sum only with a UTF-8 locale, ioctl(TCGETS) only when stdout
# is a terminal or /dev/null. So the examples are made, and checked, in one
# fixed environment whatever the caller's, recorded in ENVIRONMENT.
env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin)
if [ "$check" = 0 ]; then
	{
		echo "# The environment policies/examples/ were made in (tools/regen-examples.sh)."
		echo "environment: ${env[*]} (no LANG, no HOME)"
		echo "stdin: /dev/null; stdout: a regular file in /var/tmp"
		echo "libc: $(ldd --version 2>&1 | head -1)"
		echo "arch: $(uname -m)"
	} > "$out/ENVIRONMENT"
fi

status=0
while IFS='|' read -r name cmd; do
	case "$name" in ''|'#'*) continue ;; esac
	eval "set -- $cmd"
	"${env[@]}" "$sclog" run -q -o "$out/$name.json" -- "$@" < /dev/null > "$tmp/stdout"
	if [ "$check" = 1 ]; then
		if ! "$sclog" diff policies/examples/"$name.json" "$out/$name.json" > "$tmp/diff"; then
			echo "policies/examples/$name.json differs from a fresh profile of: $cmd"
			cat "$tmp/diff"
			status=1
		fi
	fi
done < policies/examples/COMMANDS
exit $status
