#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `cmake --install --prefix DIR` gives a tree whose sclog finds its data in
# DIR (no environment variable), still does once the tree is moved, lets
# SCLOG_DATADIR override it, installs man page and completions, and the
# uninstall target removes what was installed.
. "$(dirname "$0")/lib.sh"
: "${PKG_BUILD:?}" "${CMAKE:?}"
[ -x "$PKG_BUILD/sclog" ] || fail "no package build in $PKG_BUILD (install-setup fixture)"

clean() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
# A data file only this tree has: a runtime that exists nowhere else.
add_runtime() { # FILE NAME
	python3 - "$1" "$2" << 'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
d = json.load(open(path))
d["runtimes"][name] = {"uses": "crun"}
json.dump(d, open(path, "w"), indent=1)
PY
}

"$CMAKE" --install "$PKG_BUILD" --prefix "$T/p" > "$T/install.log" || { cat "$T/install.log"; fail "install"; }
for f in bin/sclog share/sclog/runtimes.json share/man/man1/sclog.1 \
	share/bash-completion/completions/sclog share/fish/vendor_completions.d/sclog.fish; do
	[ -e "$T/p/$f" ] || fail "$f not installed"
done
ls "$T"/p/share/zsh/*/_sclog > /dev/null || fail "zsh completion not installed"
# Every data file of policies/ is installed beside runtimes.json.
for f in "$SRCDIR"/policies/*.json; do
	cmp -s "$f" "$T/p/share/sclog/$(basename "$f")" || fail "$(basename "$f") not installed"
done
pass "installed: binary, data files, man page, bash/zsh/fish completions"

# The man page names the configured prefix's data directory (/usr here).
grep -q '^\.I /usr/share/sclog/runtimes.json$' "$T/p/share/man/man1/sclog.1" ||
	fail "man page FILES does not name /usr/share/sclog/runtimes.json"
! grep -q '@[A-Z_]*@' "$T/p/share/man/man1/sclog.1" || fail "man page has unsubstituted @VARIABLES@"
pass "man page FILES: /usr/share/sclog/runtimes.json"

clean "$T/p/bin/sclog" export --for crun -o "$T/crun.json" "$POLICY" 2> "$T/err" ||
	fail "--for crun from the prefix: $(cat "$T/err")"
add_runtime "$T/p/share/sclog/runtimes.json" prefixonly
clean "$T/p/bin/sclog" export --for prefixonly "$POLICY" > /dev/null 2> "$T/err" ||
	fail "the installed sclog does not read its own runtimes.json: $(cat "$T/err")"
# Negative control: the build's binary (other tree) does not know it.
! clean "$SCLOG" export --for prefixonly "$POLICY" > /dev/null 2>&1 ||
	fail "control: the build's sclog knows a runtime only the prefix has"
pass "the installed sclog reads <prefix>/share/sclog with no environment variable"

mv "$T/p" "$T/moved"
clean "$T/moved/bin/sclog" export --for prefixonly "$POLICY" > /dev/null 2> "$T/err" ||
	fail "after moving the tree: $(cat "$T/err")"
pass "the tree still works once moved"

mkdir "$T/override"
cp "$SRCDIR/policies/runtimes.json" "$T/override/"
add_runtime "$T/override/runtimes.json" overrideonly
clean SCLOG_DATADIR="$T/override" "$T/moved/bin/sclog" export --for overrideonly "$POLICY" \
	> /dev/null 2> "$T/err" || fail "SCLOG_DATADIR not used: $(cat "$T/err")"
! clean SCLOG_DATADIR="$T/override" "$T/moved/bin/sclog" export --for prefixonly "$POLICY" \
	> /dev/null 2>&1 || fail "SCLOG_DATADIR did not take precedence"
pass "SCLOG_DATADIR overrides the installed data"

# Uninstall: every file of the manifest goes, and sclog's own directories.
"$CMAKE" --install "$PKG_BUILD" --prefix "$T/u" > /dev/null
"$CMAKE" --build "$PKG_BUILD" --target uninstall > "$T/uninstall.log" ||
	{ cat "$T/uninstall.log"; fail "uninstall target"; }
left=$(find "$T/u" -type f)
[ -z "$left" ] || fail "left after uninstall: $left"
[ ! -e "$T/u/share/sclog" ] && [ ! -e "$T/u/share/doc/sclog" ] || fail "sclog's directories left"
pass "uninstall target removed every installed file"
