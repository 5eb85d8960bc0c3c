#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Test docs-links: every relative link of README.md and docs/*.md resolves
# (tools/check-doc-links.sh), and the check itself catches a dead file link
# and a dead #anchor: the same tree with one of each must fail, naming both.
set -eu
src=${SRCDIR:?}
"$src/tools/check-doc-links.sh" "$src"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The tree as it is, but README.md and docs/ copies that can be broken.
for f in "$src"/* "$src"/.[!.]*; do
	[ -e "$f" ] && ln -s "$f" "$tmp/"
done
rm "$tmp/README.md" "$tmp/docs"
cp "$src/README.md" "$tmp/"
cp -r "$src/docs" "$tmp/"
sed -i '0,/](docs\/exit-status.md)/s||](docs/exit-statuses.md)|' "$tmp/README.md"
sed -i '0,/](exit-status.md)/s||](exit-status.md#no-such-heading)|' "$tmp/docs/ci.md"
if "$src/tools/check-doc-links.sh" "$tmp" > "$tmp/out"; then
	echo "FAIL: a dead link was not caught"
	exit 1
fi
grep -q "^README.md: (docs/exit-statuses.md): no such file" "$tmp/out" ||
	{ echo "FAIL: the dead file link was not named:"; cat "$tmp/out"; exit 1; }
grep -q "^docs/ci.md: (exit-status.md#no-such-heading): no heading" "$tmp/out" ||
	{ echo "FAIL: the dead anchor was not named:"; cat "$tmp/out"; exit 1; }
echo "PASS: the docs' links resolve; a dead file and a dead anchor are caught"
