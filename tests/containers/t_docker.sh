#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run|check --container -- docker run …` against private Docker
# daemons (tests/containers/docker.sh): Debian trixie's Docker Engine 26,
# which passes listenerPath on to runc, and bookworm's 20.10, which drops
# it.  Images are imported from the bullseye root filesystem (another
# userland than the host's).
#
# Round trip: a profile recorded through `docker run` runs the same
# container under `docker run --security-opt seccomp=P` with the same output
# and status, for a threaded interpreter and a shell pipeline; P without a
# syscall the workload needs makes the rerun fail (the negative control).
# --base and check work.  Refused with 125 before anything starts: an
# explicit --backend audit, -d, and the 20.10 daemon (its version named).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/docker.sh"

require_sclog
ct_rootfs
dk_fetch trixie
dk_start new
dk_image sclog-bullseye:test
dk_prove threads clone clone3 -- python3 -c "$DK_THREADS"
dk_prove pipeline pipe pipe2 -- sh -c "$DK_PIPELINE"

# --base: what the base allows is not recorded again; the result reruns.
dk_record "$T/base.rec" "$T/base.json" --base "$T/threads.json" -- "${DK_RUN[@]}" python3 -c "$DK_THREADS"
rt_same "$T/threads.ref" "$T/base.rec" && [ "$(report_field "$T/base.json.report.json" 'r["complete"]')" = True ] ||
	fail "--base: $(rt_show "$T/base.rec")"
_rt_io "$T/base.again" "${DK[@]}" run --security-opt "seccomp=$T/base.json" "${DK_RUN[@]:1}" python3 -c "$DK_THREADS"
rt_same "$T/threads.ref" "$T/base.again" || fail "--base's profile: $(rt_show "$T/base.again")"
pass "docker run --base: complete, same output; the result reruns the container"

dk_check "$DK_OUT/threads.json"

# refused NAME PATTERN CMD...: CMD exits 125, its message holds PATTERN, and
# no container was created.
refused() {
	local name=$1 pattern=$2 before after
	shift 2
	before=$("${DK[@]}" ps -aq | wc -l)
	_rt_io "$T/$name" "$@"
	after=$("${DK[@]}" ps -aq | wc -l)
	[ "$(cat "$T/$name.rc")" = 125 ] && grep -q -- "$pattern" "$T/$name.err" && [ "$before" = "$after" ] ||
		fail "$name: containers $before -> $after, $(rt_show "$T/$name")"
}
refused audit "through the container's seccomp listener only" \
	"$SCLOG" run --container --backend audit -o /dev/null -- "${DK[@]}" run sclog-bullseye:test true
refused detach "without -d/--detach" \
	"$SCLOG" run --container -o /dev/null -- "${DK[@]}" run -d sclog-bullseye:test true
pass "--backend audit and -d: refused (125), the reason named, no container created"
dk_stop new

# Docker Engine 20.10 drops listenerPath: refused before anything starts.
dk_fetch bookworm
dk_start old
dk_image sclog-bullseye:test
refused old "Docker Engine ${DK_VERSION%%+*}" \
	"$SCLOG" run --container -o "$T/old.json" -- "${DK[@]}" run sclog-bullseye:test true
[ ! -e "$T/old.json" ] || fail "20.10: a profile was written"
pass "Docker Engine $DK_VERSION: refused (125) before anything started, the version named"
