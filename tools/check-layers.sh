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

bad=0
# One awk pass over every file: a file's layer is its folder's rank in
# $layers, and each #include "sclog/LAYER/…" must rank at most as high.
files=$(find src include/sclog -mindepth 2 -name '*.[ch]' | sort)
# shellcheck disable=SC2086
awk -v layers="$layers" '
BEGIN { n = split(layers, l, " "); for (i = 1; i <= n; i++) rank[l[i]] = i }
FNR == 1 {
	own = FILENAME; sub(/^(src|include\/sclog)\//, "", own); sub(/\/.*/, "", own)
	if (!(own in rank)) { print FILENAME ": folder \047" own "\047 is not a layer (" layers ")"; bad = 1 }
}
/^#include "sclog\// && (own in rank) {
	inc = $2; sub(/^"sclog\//, "", inc); sub(/\/.*/, "", inc)
	if (!(inc in rank) || rank[inc] > rank[own]) {
		print FILENAME ": layer \047" own "\047 includes layer \047" inc "\047 above it:"
		print "    " FNR ":" $0
		bad = 1
	}
}
END { exit bad }' $files || bad=1
# Every header lives in a layer: a flat include/sclog/x.h would bypass the check.
for f in $(find src include/sclog -maxdepth 1 -name '*.h'); do
	echo "$f: not in a layer folder"
	bad=1
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
