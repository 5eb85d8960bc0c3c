#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The layering of src/ holds (tools/check-layers.sh), and the check itself
# catches an include that points up: the same tree with one added must fail.
set -eu
src=${SRCDIR:?}
"$src/tools/check-layers.sh" "$src"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/src" "$src/include" "$tmp/"
sed -i '0,/^#include "sclog\/basic\//s||#include "sclog/cli/verbs.h"\n&|' "$tmp/src/basic/strv.c"
if "$src/tools/check-layers.sh" "$tmp" > "$tmp/out"; then
	echo "FAIL: an include from basic/ up to cli/ was not caught"
	exit 1
fi
grep -q "src/basic/strv.c: layer 'basic' includes layer 'cli'" "$tmp/out" ||
	{ echo "FAIL: the check did not name the upward include:"; cat "$tmp/out"; exit 1; }
echo "PASS: includes point down; an upward one is caught"
