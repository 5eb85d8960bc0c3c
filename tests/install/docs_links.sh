#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Test docs-links: every relative link of README.md and docs/*.md resolves
# (tools/check-doc-links.sh), and the check itself catches a dead file link
# and a dead #anchor: the same tree with one of each must fail, naming both.
. "$(dirname "$0")/../lib.sh"
src=${SRCDIR:?}
"$src/tools/check-doc-links.sh" "$src"

# The tree as it is, but README.md and docs/ copies that can be broken.
for f in "$src"/* "$src"/.[!.]*; do
	[ -e "$f" ] && ln -s "$f" "$T/"
done
rm "$T/README.md" "$T/docs"
cp "$src/README.md" "$T/"
cp -r "$src/docs" "$T/"
sed -i '0,/](docs\/exit-status.md)/s||](docs/exit-statuses.md)|' "$T/README.md"
sed -i '0,/](exit-status.md)/s||](exit-status.md#no-such-heading)|' "$T/docs/ci.md"
if "$src/tools/check-doc-links.sh" "$T" > "$T/out"; then
	fail "a dead link was not caught"
fi
grep -q "^README.md: (docs/exit-statuses.md): no such file" "$T/out" ||
	{ cat "$T/out"; fail "the dead file link was not named (above)"; }
grep -q "^docs/ci.md: (exit-status.md#no-such-heading): no heading" "$T/out" ||
	{ cat "$T/out"; fail "the dead anchor was not named (above)"; }
pass "the docs' links resolve; a dead file and a dead anchor are caught"
