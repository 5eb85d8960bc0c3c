#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A multi-threaded program (tests/progs/threads.c: 8 threads, a barrier,
# syscalls only the threads make), profiled with `sclog run --for
# crun|runc` and run in crun and runc (through a shell that prints its exit
# status): same output and status as on the host; without clone3
# pthread_create fails (glibc falls back to clone only on ENOSYS).
. "$(dirname "$0")/lib.sh"
require_root
require_sclog for
: "${PROGS:?PROGS must point to the directory holding the threads program}"
[ -x "$PROGS/threads" ] || skip "no threads program in $PROGS"
mkdir -p "$T/work"
cat > "$T/work/threads.sh" <<SH
#!/bin/sh
"$PROGS/threads" 8
echo "threads: \$?"
SH
chmod 755 "$T/work/threads.sh"
rt_prove threads clone3 "$T/work" -- /bin/sh "$T/work/threads.sh"
