#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Each layer of src/ (and its headers in include/sclog/) may include only its
# own folder and the layers below it (docs/ARCHITECTURE.md), and only cli/
# prints errors.  Prints every include that points up and every write to
# stderr below cli/, and exits 1 if there is one.
#   tools/check-layers.sh [SOURCE-DIR]
set -eu
cd "${1:-$(dirname "$0")/..}"
layers="basic records policy collect run container cli"

rank() {
	i=0
	for l in $layers; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo unknown
}

bad=0
for dir in src include/sclog; do
	for f in $(find "$dir" -mindepth 2 -name '*.[ch]' | sort); do
		own=${f#"$dir"/}
		own=${own%%/*}
		r=$(rank "$own")
		if [ "$r" = unknown ]; then
			echo "$f: folder '$own' is not a layer ($layers)"
			bad=1
			continue
		fi
		for inc in $(sed -n 's|^#include "sclog/\([a-z_]*\)/.*|\1|p' "$f" | sort -u); do
			ir=$(rank "$inc")
			if [ "$ir" = unknown ] || [ "$ir" -gt "$r" ]; then
				echo "$f: layer '$own' includes layer '$inc' above it:"
				grep -n "^#include \"sclog/$inc/" "$f" | sed 's/^/    /'
				bad=1
			fi
		done
	done
	# Every header lives in a layer: a flat include/sclog/x.h would bypass the check.
	for f in $(find "$dir" -maxdepth 1 -name '*.h'); do
		echo "$f: not in a layer folder"
		bad=1
	done
done
# Below cli/, errors travel up in a struct sclog_error and what a run says
# while it runs goes through sclog_warn() (basic/error.c): nothing else
# there writes to stderr.
for f in $(find src -mindepth 2 -name '*.c' ! -path 'src/cli/*' ! -path src/basic/error.c |
	   sort); do
	# Code lines only: a comment may say "stderr".
	hits=$(grep -nE '\<(stderr|perror)\>|STDERR_FILENO' "$f" | grep -vE '^[0-9]+:[[:space:]]*(/?\*|//)' || true)
	if [ -n "$hits" ]; then
		echo "$f: below cli/, writes to stderr (return a struct sclog_error, or sclog_warn()):"
		echo "$hits" | sed 's/^/    /'
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "layers: every include points down ($layers); only sclog_warn() writes to stderr below cli/"
exit "$bad"
