#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The .deb: its Depends come from dpkg-shlibdeps; `dpkg -i` installs it, the
# installed sclog runs (--version, doctor, --for with /usr/share/sclog, the
# bash completion), and purging it leaves the machine as it was.
. "$(dirname "$0")/lib.sh"
: "${PKG_BUILD:?}"

deb=$(ls "$PKG_BUILD"/sclog_*.deb 2> /dev/null | head -n 1 || true)
[ -n "$deb" ] || skip "no .deb was built (needs dpkg-dev: dpkg-deb, dpkg-shlibdeps)"
require_root "dpkg -i"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libseccomp2 libaudit1 libjson-c5 libc6; do
	grep -qE "(^|, )$lib \(>= [^)]+\)" <<< "$depends" || fail "Depends lacks $lib: $depends"
done
pass "Depends (from dpkg-shlibdeps): $depends"

# The package is installed machine-wide (/usr/bin/sclog, /usr/share/sclog),
# and doctor uses the kernel: the machine to this test alone.
machine_exclusive
if dpkg -s sclog > /dev/null 2>&1; then
	skip "a sclog package is already installed here; not touching it"
fi
files=$(dpkg-deb -c "$deb" | awk '{ print substr($6, 2) }' | grep -v '/$')
for f in $files; do
	[ ! -e "$f" ] || skip "$f exists already; not overwriting it"
done
state_before=$(dpkg-query -W -f '${binary:Package} ${Version} ${Status}\n' | sort | md5sum)

# dpkg takes its lock without waiting: retry while another dpkg/apt runs.
dpkg_retry() {
	local i
	for i in $(seq 1 60); do
		if dpkg "$@" > "$T/dpkg.log" 2>&1; then return 0; fi
		grep -q 'lock' "$T/dpkg.log" || { cat "$T/dpkg.log"; return 1; }
		sleep 2
	done
	cat "$T/dpkg.log"
	return 1
}
at_exit 'if dpkg -s sclog > /dev/null 2>&1; then dpkg_retry --purge sclog; fi'

dpkg_retry -i "$deb" || fail "dpkg -i $(basename "$deb")"
dpkg -s sclog | grep -q '^Status: install ok installed' || fail "dpkg -s: not installed"
clean() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
[ "$(clean sh -c 'command -v sclog')" = /usr/bin/sclog ] || fail "sclog is not /usr/bin/sclog on PATH"
clean sclog --version > "$T/version" || fail "sclog --version exited $?"
cat "$T/version"
grep -q '^libseccomp ' "$T/version" || fail "--version has no libseccomp line"
rc=0
clean sclog doctor > "$T/doctor" 2>&1 || rc=$?
cat "$T/doctor"
[ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "sclog doctor exited $rc"
if [ "$rc" = 1 ] && "$SCLOG" doctor > /dev/null 2>&1; then
	fail "the installed sclog's doctor fails where the build's passes"
fi
strace -f -qq -y -e trace=openat -o "$T/strace" sclog export --for crun "$POLICY" > /dev/null 2>&1 ||
	clean sclog export --for crun "$POLICY" > /dev/null || fail "--for crun from the package"
if [ -s "$T/strace" ]; then
	# sclog opens the directory, then the table relative to it (-y names the
	# descriptor's file).
	grep -q '</usr/share/sclog/runtimes.json>$' "$T/strace" ||
		fail "the package's sclog did not read /usr/share/sclog/runtimes.json"
fi
if [ -r /usr/share/bash-completion/bash_completion ]; then
	reg=$(bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion;
		_completion_loader sclog; complete -p sclog')
	grep -q -- '-F _sclog sclog$' <<< "$reg" || fail "bash-completion does not load sclog's: $reg"
fi
pass "installed: --version, doctor (exit $rc), --for from /usr/share/sclog, bash completion"

dpkg_retry --purge sclog || fail "dpkg --purge sclog"
! dpkg -s sclog > /dev/null 2>&1 || fail "dpkg -s sclog: still known after purge"
for f in $files; do
	[ ! -e "$f" ] || fail "$f left after purge"
done
[ ! -e /usr/share/sclog ] || fail "/usr/share/sclog left after purge"
state_after=$(dpkg-query -W -f '${binary:Package} ${Version} ${Status}\n' | sort | md5sum)
[ "$state_before" = "$state_after" ] || fail "the package database differs from before"
pass "purged: no file left, dpkg's database as before"
