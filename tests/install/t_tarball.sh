#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The .tar.gz of CPack holds the install tree; unpacked anywhere, its sclog
# runs and finds its data files.
. "$(dirname "$0")/lib.sh"
: "${PKG_BUILD:?}"

tgz=$(ls "$PKG_BUILD"/sclog-*.tar.gz 2> /dev/null | head -n 1 || true)
[ -n "$tgz" ] || fail "no .tar.gz in $PKG_BUILD (install-setup fixture)"
tar -xzf "$tgz" -C "$T"
top=$(ls -d "$T"/sclog-*/)
for f in bin/sclog share/sclog/runtimes.json share/man/man1/sclog.1; do
	[ -e "$top/$f" ] || fail "$f not in $(basename "$tgz")"
done
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$top/bin/sclog" --version > "$T/version" ||
	fail "--version from the tarball"
grep -q '^libseccomp ' "$T/version" || fail "--version: $(cat "$T/version")"
# The tree's own runtimes.json is read (a runtime only it has).
python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d["runtimes"]["tarballonly"] = {"uses": "runc"}
json.dump(d, open(sys.argv[1], "w"))' "$top/share/sclog/runtimes.json"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$top/bin/sclog" export --for tarballonly "$POLICY" \
	> /dev/null 2> "$T/err" || fail "--for from the unpacked tree: $(cat "$T/err")"
pass "$(basename "$tgz"): unpacked anywhere, sclog runs and reads its own data"
