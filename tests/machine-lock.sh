# SPDX-License-Identifier: GPL-2.0-only
# Every real-kernel test holds a shared lock on the machine; a test that
# changes a machine-wide setting (actions_logged, audit rules) takes it
# exclusively with machine_exclusive, so that no other sclog test, from this
# tree or another checkout on the same machine, runs while it is changed.
SCLOG_MACHINE_LOCK=${SCLOG_MACHINE_LOCK:-/run/lock/sclog-tests.lock}
# (The braces keep "2> /dev/null" to this one redirection: on a bare exec it
# would silence the stderr of the whole test.)
{ exec 9> "$SCLOG_MACHINE_LOCK"; } 2> /dev/null || exec 9> "${TMPDIR:-/tmp}/sclog-tests.lock"
flock -s 9
machine_exclusive() { flock -u 9; flock -x 9; }
