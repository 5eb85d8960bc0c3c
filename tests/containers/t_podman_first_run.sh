#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A user's first rootless podman run under sclog: podman starts its pause
# process (it keeps the user namespace, and lives for ever) from inside the
# command sclog waits for.  It never runs under the recording profile (no
# seccomp filter), so sclog leaves it running, says so on stderr and in the
# report (container.helpers_not_waited_for), and the run is complete.  It
# used to wait for it until interrupted, and then said INCOMPLETE.
# Negative control: the pause process is still there after sclog ended (it
# was left, not killed), and the container's own processes were waited for
# (a container that sleeps 2 s makes the run take 2 s or more).
. "$(dirname "$0")/lib.sh"
require_root
require_sclog
require_tool podman crun
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> /dev/null || skip "no notify collector here"

# A fresh podman state for uid 65534 (no pause process yet), as in
# t_listener.sh's rootless part.
U=$T/nobody
ct_upod crun
upod=("${CT_UPOD[@]}")
[ ! -e "$U/tmp/pause.pid" ] || fail "the podman state is not fresh"

RT_TIMEOUT=60
start=$(date +%s)
ct_rootless "$T/first" "$SCLOG" run --container --backend notify -o "$U/p.json" --report "$U/p.report" -- \
	"${upod[@]}" run --rm --network none -v /usr:/usr:ro -v /etc:/etc:ro --rootfs "$U/rootfs" /bin/sleep 2
took=$(($(date +%s) - start))
rc=$(cat "$T/first.rc")
# 124, 137: timed out, as sclog waited for the pause process.
case $rc in
0 | 124 | 137) ;;
*) grep -q "INCOMPLETE" "$T/first.err" && fail "exit $rc, incomplete: $(rt_show "$T/first")"
	skip "rootless podman cannot run a container here: $(rt_show "$T/first")" ;;
esac
[ "$rc" = 0 ] || fail "the first rootless podman run under sclog: exit $rc after $took s: $(rt_show "$T/first")"
pid=$(cat "$U/tmp/pause.pid" 2> /dev/null) || fail "podman started no pause process (no pause.pid): nothing was tested"
kill -0 "$pid" 2> /dev/null || fail "the pause process $pid is gone: sclog must leave it running"
[ "$took" -ge 2 ] || fail "the run took $took s: sclog did not wait for the container's sleep 2"
grep -q "not waiting for 1 process of podman without a seccomp filter" "$T/first.err" ||
	fail "stderr does not say which helper was left running: $(cat "$T/first.err")"
python3 - "$U/p.report" "$pid" <<'PY' || fail "the report does not say the run is complete with the pause process left running"
import json, sys
r = json.load(open(sys.argv[1]))
left = r["container"]["helpers_not_waited_for"]
assert r["complete"], r["problems"]
assert left["count"] == 1 and left["first"].startswith("pid %s " % sys.argv[2]), left
PY
pass "first rootless podman run: complete in $took s, podman's pause process (pid $pid) left running and named"
