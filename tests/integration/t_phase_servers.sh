#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Issue 23's proof on real servers (docs/phases.md, "Real servers"): bench/phases.sh
# records the test server, nginx, redis and memcached, each under a real
# client load with a reload, a log rotation and a SIGTERM, with a phase
# boundary; then the same under phased enforcement, which must serve,
# survive the reload and stop with status 0, denying nothing but the test
# server's request for a new listening socket.  Servers not installed
# (tools/install-deps.sh) are left out.  Negative control: recorded without
# the reload and the rotation, the test server's serving phase lacks openat,
# and the harness must see the reload fail under enforcement.
. "$(dirname "$0")/lib.sh"
require_kernel
require_notify

run_harness() { # NAME ENV... -- SERVER...: bench/phases.sh; its status
	local name=$1 status=0
	shift
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" SCLOG="$SCLOG" PROGS="$PROGS" LOAD=500 KEEP="$T/$name" \
		bash "$SRCDIR/bench/phases.sh" "$@" > "$T/$name.out" 2>&1 || status=$?
	return "$status"
}

status=0
run_harness servers -- phase_server nginx redis memcached || status=$?
[ "$status" != 77 ] || skip "$(sed -n 's/^SKIP: //p' "$T/servers.out")"
cat "$T/servers.out"
[ "$status" = 0 ] || fail "phased enforcement of a recorded server failed (above)"
ran=$(grep -c '^| [a-z_]* | `' "$T/servers.out" || true)
pass "$ran servers recorded and enforced in phases: load, reload, rotation and stop survived"
grep -q '^| phase_server | .* | ok |$' "$T/servers.out" ||
	fail "the test server's row is not ok"
pass "the test server's new listening socket was denied after the boundary, and only it"

status=0
run_harness noreload PHASES_RECORD_RELOAD=0 -- phase_server || status=$?
[ "$status" = 1 ] || { cat "$T/noreload.out"; fail "a recording without the reload: harness status $status, not 1"; }
grep -q 'enforce:reload-or-rotation-not-done' "$T/noreload.out" &&
	grep -q 'enforce:denied(openat' "$T/noreload.out" ||
	{ cat "$T/noreload.out"; fail "a recording without the reload: the reload's openat was not denied"; }
pass "negative control: recorded without a reload, the serving phase denies the reload's openat and the harness fails"
