# SPDX-License-Identifier: GPL-2.0-only
# The notify collector inside `unshare -Urn` (root of a new user and network
# namespace, started by uid 65534): exactly the syscall set strace -f sees
# there.  The audit collector cannot work in such a namespace.
. "$(dirname "$0")/lib.sh"
require_notify
require_tool strace
"${NOBODY[@]}" unshare -Urn true 2> /dev/null || skip "no unprivileged user namespaces here"

notify_workloads userns "${NOBODY[@]}" unshare -Urn
