# SPDX-License-Identifier: GPL-2.0-only
# Every real-kernel test holds a shared lock on the machine; a test that
# changes a machine-wide setting (actions_logged, audit rules) takes it
# exclusively with machine_exclusive, so that no other sclog test, from this
# tree or another checkout on the same machine, runs while it is changed.
# A gate lock gives a waiting exclusive taker precedence: new shared takers
# pass the gate first, so a steady stream of them cannot starve it.
SCLOG_MACHINE_LOCK=${SCLOG_MACHINE_LOCK:-/run/lock/sclog-tests.lock}
# (The braces keep "2> /dev/null" to this one redirection: on a bare exec it
# would silence the stderr of the whole test.)
{ exec 9> "$SCLOG_MACHINE_LOCK"; } 2> /dev/null || {
	SCLOG_MACHINE_LOCK=${TMPDIR:-/tmp}/sclog-tests.lock
	exec 9> "$SCLOG_MACHINE_LOCK"
}
exec 8> "$SCLOG_MACHINE_LOCK.gate"
flock -x 8
flock -s 9
flock -u 8
machine_exclusive() { flock -u 9; flock -x 8; flock -x 9; }
