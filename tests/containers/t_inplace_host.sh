#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run --container` in a root filesystem that uses the host's /usr:
# a shell script, a threaded C program (tests/progs/threads.c) and two
# interpreters (python3 with threads, perl with fork), recorded in place in
# crun, runc and podman (with crun and with runc), for both noNewPrivileges
# settings.  The profile runs the same container under the same runtime
# with the same output and exit status; without a syscall the workload
# needs, it fails (tests/containers/inplace.sh, ip_prove_*).
. "$(dirname "$0")/inplace.sh"
require_root
require_sclog
grep -q -- '--container' <<< "$("$SCLOG" run --help 2>&1)" || skip "sclog run has no --container yet"
: "${PROGS:?PROGS must point to the directory holding the threads program}"
[ -x "$PROGS/threads" ] || skip "no threads program in $PROGS"
ip_start
for rt in "${rts[@]}"; do
	ip_prove_oci "$rt" host shell "pipe2 pipe" -- /bin/sh "$IP_WORK/shell.sh"
	ip_prove_oci "$rt" host cthreads "clone3 clone" -- /bin/sh -c "$PROGS/threads 8; echo threads: \$?"
	ip_prove_oci "$rt" host python "clone3 clone" -- /usr/bin/python3 "$IP_WORK/threads.py"
	ip_prove_oci "$rt" host perl "clone" -- /usr/bin/perl "$IP_WORK/fork.pl"
done
for rt in "${prts[@]}"; do
	ip_prove_podman "$rt" host shell "pipe2 pipe" -- /bin/sh "$IP_WORK/shell.sh"
	ip_prove_podman "$rt" host cthreads "clone3 clone" -- /bin/sh -c "$PROGS/threads 8; echo threads: \$?"
	ip_prove_podman "$rt" host python "clone3 clone" -- /usr/bin/python3 "$IP_WORK/threads.py"
done
[ ${#prts[@]} -gt 0 ] || note "podman cannot run a container here: only crun and runc were proven"
rt_validate "${RT_POLICIES[@]}"
