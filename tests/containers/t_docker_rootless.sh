#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Rootless Docker: `sclog run|check --container -- docker run …` run as the
# daemon's user, with no capability, against a private rootless Docker
# Engine 26 (tests/containers/docker.sh: a user of the test's own with a
# subordinate id range, removed at exit; dockerd-rootless.sh in rootlesskit's
# user and mount namespaces).  The image is imported from the bullseye root
# filesystem (another userland than the host's).
#
# Round trip: a profile recorded through the rootless daemon's `docker run`
# runs the same container under `docker run --security-opt seccomp=P` of
# that daemon with the same output and status, for a threaded interpreter
# and a shell pipeline; P without a syscall the workload needs makes the
# rerun fail (the negative control).  check works.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/docker.sh"

require_sclog
ct_rootfs
dk_fetch trixie
dk_rootless rootless

# The daemon is rootless (it says so), and what runs sclog has no
# capability: none effective, permitted or inheritable, and an empty
# bounding set, so nothing it executes can gain one.
sec=$("${DK_AS[@]}" "${DK[@]}" info --format '{{json .SecurityOptions}} {{.CgroupDriver}}')
case $sec in *name=rootless*) ;; *) fail "the daemon is not rootless: $sec" ;; esac
caps=$("${DK_AS[@]}" grep '^Cap' /proc/self/status | tr '\t\n' ' ')
grep -Eq '^(Cap[A-Za-z]+: +0+ +){5}$' <<< "$caps" || fail "not without capabilities: $caps"
[ "$("${DK_AS[@]}" id -u)" = "$(id -u "$DK_USER")" ] || fail "DK_AS does not run as $DK_USER"
note "rootless daemon: $sec; sclog runs as $DK_USER (uid $(id -u "$DK_USER")) with $caps"

# Docker 26 fails `docker version` under rootlesskit's host network, and
# sclog asks the version through `docker info` then (docker_daemon.c).
if ! "${DK_AS[@]}" "${DK[@]}" version > "$T/version.out" 2>&1; then
	note "docker version fails with this daemon ($(tail -1 "$T/version.out")): sclog asks docker info"
fi

dk_image sclog-bullseye:test
dk_prove threads clone clone3 -- python3 -c "$DK_THREADS"
[ "$(stat -c %U "$DK_OUT/threads.json")" = "$DK_USER" ] || fail "the profile was not written by $DK_USER"
dk_prove pipeline pipe pipe2 -- sh -c "$DK_PIPELINE"
dk_check "$DK_OUT/threads.json"
pass "rootless Docker: sclog recorded and checked as $DK_USER, with no capability"
