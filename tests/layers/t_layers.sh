#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The layering of src/ holds (tools/check-layers.sh), and the check itself
# catches an include that points up: the same tree with one added must fail.
. "$(dirname "$0")/../lib.sh"
src=${SRCDIR:?}
"$src/tools/check-layers.sh" "$src"

cp -r "$src/src" "$src/include" "$T/"
sed -i '0,/^#include "sclog\/basic\//s||#include "sclog/cli/verbs.h"\n&|' "$T/src/basic/strv.c"
if "$src/tools/check-layers.sh" "$T" > "$T/out"; then
	fail "an include from basic/ up to cli/ was not caught"
fi
grep -q "src/basic/strv.c: layer 'basic' includes layer 'cli'" "$T/out" ||
	{ cat "$T/out"; fail "the check did not name the upward include (above)"; }
pass "includes point down; an upward one is caught"
