#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run|check --container -- ctr run ...`: containerd starts the
# container (ctr -> containerd -> containerd-shim-runc-v2 -> runc), which is
# no descendant of ctr; runc sends the listener of the recording profile to
# sclog's socket (linux.seccomp.listenerPath, passed on by containerd 1.6).
# A private containerd only (its own config, root, state and socket, no CRI
# plugin; started here and stopped at exit), its containers in a namespace
# of their own, run from the cached root filesystem of another Debian
# release (--rootfs, read-only):
#   * a threaded python3 and a shell pipeline, each recorded through ctr run:
#     the same output and status as without sclog; the profile runs the
#     same container under `ctr run --seccomp --seccomp-profile P` alike;
#     negative control: without clone (the thread) or pipe (the pipeline)
#     the rerun differs;
#   * --base (the profile without that call): 1 new syscall, the profile back;
#   * check --container with the profile: clean; without pipe: named, status 1;
#   * refused before anything starts (125): --backend audit, --detach;
#   * containerd not there: ctr's status, the missing listener named with
#     containerd.
. "$(dirname "$0")/lib.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
require_tool ctr containerd containerd-shim-runc-v2 runc
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel"
ct_rootfs

. "$(dirname "$0")/ctd.sh"
ctd_start

# check_report REPORT: the notify collector ran, chosen for containerd, and
# the listener came from the runtime containerd's shim runs.
check_report() {
	"$RT_PY" - "$1" <<'PY' || fail "report $1: see above"
import json, sys
r = json.load(open(sys.argv[1]))
ct = r.get("container") or {}
ok = (r.get("collector") == "notify" and r.get("complete") is True
      and "daemon starts the container" in (r.get("collector_reason") or "")
      and ct.get("runtime") == "ctr" and "containerd" in (ct.get("path") or "")
      and ct.get("noNewPrivileges") is True
      and "linux.seccomp.listenerPath" in (ct.get("listener") or ""))
if not ok:
    print("collector", r.get("collector"), r.get("collector_reason"), "complete",
          r.get("complete"), "problems", r.get("problems"), "container", ct, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# ---------------------------------------------------------------- round trips

for name in python pipeline; do
	ctr_workload "$name"
	pol=$T/$name.json
	ctr_reference "$name"
	ctr_run "rec-$name" -- "${ARGS[@]}"
	ct_settled "$pol.report" ctr_io "$T/$name.rec" "$SCLOG" run --container -o "$pol" \
		--report "$pol.report" -- "${RUN[@]}"
	rt_same "$T/$name.rec" "$T/$name.ref" || fail "$name under sclog: $(rt_show "$T/$name.rec")"
	check_report "$pol.report"
	rt_names "$pol" | grep -x "$DROP" > /dev/null ||
		fail "$name: $DROP is not in the recorded profile"
	ctr_rerun "$name" "$pol"
	pass "containerd $version, $name ($CT_ROOTFS_INFO): recorded through ctr run (status $(cat "$T/$name.ref.rc"), $(rt_names "$pol" | wc -l) syscalls), the profile runs the container alike under ctr --seccomp-profile; without $DROP: $(rt_show "$T/$name.minus")"
done

# --base: only the call left out is new, and the profile is whole again.
ctr_workload pipeline
pol=$T/pipeline.json
ctr_run base -- "${ARGS[@]}"
ct_settled "$T/base.report" ctr_io "$T/base" "$SCLOG" run --container --base "$pol.minus.json" \
	-o "$T/base.json" --report "$T/base.report" -- "${RUN[@]}"
rt_same "$T/base" "$T/pipeline.ref" || fail "--base under sclog: $(rt_show "$T/base")"
new=$("$RT_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["base"]["new_syscalls"])' "$T/base.report")
[ "$new" = 1 ] || fail "--base: $new new syscalls, want 1 (pipe)"
diff <(rt_names "$pol") <(rt_names "$T/base.json") > /dev/null ||
	fail "--base: the profile is not the full recording's"
pass "ctr run with --base (the profile without pipe): 1 new syscall, the full profile back"

# check: clean with the profile; without pipe, pipe is named (status 1).
ARGS=(/bin/sh -c 'uname -s | tr a-z A-Z | sort')
ctr_run check1 -- "${ARGS[@]}"
ct_settled "$T/check1.report" ctr_io "$T/check1" "$SCLOG" check --container --policy "$pol" \
	--report "$T/check1.report" -- "${RUN[@]}"
[ "$(cat "$T/check1.rc")" = 0 ] && grep -q "no syscall outside" "$T/check1.out" ||
	fail "check with the recorded profile: $(rt_show "$T/check1")"
ctr_run check2 -- "${ARGS[@]}"
ct_settled "$T/check2.report" ctr_io "$T/check2" "$SCLOG" check --container --policy "$pol.minus.json" \
	--report "$T/check2.report" -- "${RUN[@]}"
[ "$(cat "$T/check2.rc")" = 1 ] && grep -q "^  pipe " "$T/check2.out" ||
	fail "check without pipe: $(rt_show "$T/check2")"
pass "check --container -- ctr run: clean with the profile; without pipe, pipe named (status 1)"

# ---------------------------------------------------------------- refusals

# refused NAME PATTERN CMD...: 125, PATTERN in the message, no container left.
refused() {
	local name=$1 pattern=$2
	shift 2
	ctr_io "$T/$name" "$@"
	[ "$(cat "$T/$name.rc")" = 125 ] && grep -q -- "$pattern" "$T/$name.err" ||
		fail "$name: $(rt_show "$T/$name")"
	[ -z "$("${CTR[@]}" containers list -q)" ] || fail "$name: a container was created"
}
ctr_run audit -- /bin/true
refused audit "containerd starts the container" "$SCLOG" run --container --backend audit \
	-o "$T/x.json" -- "${RUN[@]}"
RUN=("${CTR[@]}" run -d --rootfs "$CT_ROOTFS" "detach-$NS" /bin/true)
refused detach "foreground" "$SCLOG" run --container -o "$T/x.json" -- "${RUN[@]}"
pass "refused (125) before anything starts: --backend audit, ctr run --detach"

# No containerd at the address: ctr fails, its status is sclog's, and the
# missing listener is named with what starts the container.
ctr_io "$T/gone" "$SCLOG" run --container -o "$T/x.json" -- ctr --address "$CTD/none.sock" \
	--connect-timeout 1s run --rm --rootfs "$CT_ROOTFS" "gone-$NS" /bin/true
rc=$(cat "$T/gone.rc")
[ "$rc" != 0 ] && [ "$rc" != 125 ] && grep -q "never sent its seccomp listener" "$T/gone.err" &&
	grep -q "containerd-shim-runc-v2" "$T/gone.err" || fail "no containerd: $(rt_show "$T/gone")"
pass "no containerd at ctr's address: status $rc (ctr's), the missing listener named with containerd"
