#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The layering of src/ holds (tools/check-layers.sh), and the check itself
# catches an include that points up, and a write to stderr below cli/: the
# same tree with one of either added must fail.
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

# A library layer that prints instead of returning its error.
rm -rf "$T/src" "$T/include"
cp -r "$src/src" "$src/include" "$T/"
sed -i '0,/^}/s||\tfprintf(stderr, "sclog: printed below cli\\n");\n}|' "$T/src/run/supervisor.c"
if "$src/tools/check-layers.sh" "$T" > "$T/out"; then
	fail "a write to stderr in run/ was not caught"
fi
grep -q "src/run/supervisor.c: below cli/, writes to stderr" "$T/out" ||
	{ cat "$T/out"; fail "the check did not name the write to stderr (above)"; }
pass "includes point down, only sclog_warn() prints below cli/; an upward include and a print are caught"
