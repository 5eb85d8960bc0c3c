#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fixture of the package tests: configure the source tree for prefix /usr in
# $PKG_BUILD, build sclog, and make the .deb and .tar.gz with CPack.
set -euo pipefail
: "${PKG_BUILD:?}" "${SRCDIR:?}" "${CMAKE:?}" "${CPACK:?}"

rm -rf "$PKG_BUILD"
"$CMAKE" -S "$SRCDIR" -B "$PKG_BUILD" -DCMAKE_INSTALL_PREFIX=/usr -DSCLOG_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo > "$PKG_BUILD.log" 2>&1 || { cat "$PKG_BUILD.log"; exit 1; }
"$CMAKE" --build "$PKG_BUILD" -j2 --target sclog >> "$PKG_BUILD.log" 2>&1 ||
	{ cat "$PKG_BUILD.log"; exit 1; }
if command -v dpkg-shlibdeps > /dev/null && command -v dpkg-deb > /dev/null; then
	(cd "$PKG_BUILD" && "$CPACK" -G "DEB;TGZ") >> "$PKG_BUILD.log" 2>&1 ||
		{ cat "$PKG_BUILD.log"; exit 1; }
else
	echo "no dpkg-shlibdeps/dpkg-deb (dpkg-dev): making the .tar.gz only"
	(cd "$PKG_BUILD" && "$CPACK" -G TGZ) >> "$PKG_BUILD.log" 2>&1 ||
		{ cat "$PKG_BUILD.log"; exit 1; }
fi
ls "$PKG_BUILD"/*.deb "$PKG_BUILD"/*.tar.gz 2> /dev/null
