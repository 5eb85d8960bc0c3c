#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The attack: signals aimed at a container's process while the notify
# collector answers its calls.  A runtime loads its filter without
# SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, so a signal can end a call's wait
# even after sclog received it: the call then fails with EINTR where the
# handler lacks SA_RESTART (dash's SIGCHLD handler: "Pipe call failed"),
# and such a run used to say complete.  In crun and runc:
#   * sigstorm with a handler lacking SA_RESTART: every getppid that failed
#     with EINTR is accounted, before sclog received it (counters.unreceived)
#     or after (counters.interrupted_late), the run is incomplete, exit 125;
#   * crun is asked for SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV and takes it:
#     no call is interrupted once sclog received it, and every failed call
#     is accounted; runc 1.1 cannot be asked: its late interruptions are
#     counted (counters.interrupted_late), except those whose answer the
#     kernel accepted as the signal came, which no supervisor can see.
. "$(dirname "$0")/lib.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
: "${PROGS:?PROGS must point to the test programs}"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel"

# storm RT NAME [norestart]: record sigstorm in RT; the tally in $T/NAME.out.
storm() {
	local rt=$1 name=$2 b=$T/b-$1
	shift 2
	local -a cmd=("$rt" --root "$T/state-$rt")
	[ "$rt" = crun ] && cmd+=(--cgroup-manager=disabled)
	mkdir -p "$T/state-$rt"
	[ -d "$b" ] || rt_bundle "$b"
	rt_config "$b" none true / "$PROGS" -- "$PROGS/sigstorm" 20000 "$@"
	ct_exec "$rt" "$T/$name" -- "$SCLOG" run --container --backend notify -o "$T/$name.json" \
		--report "$T/$name.report" -- "${cmd[@]}" run -b "$b" "sclog-eintr-$$-$name"
}

# field NAME EXPR: EXPR over the tally t and the report r of run NAME.
field() {
	"$RT_PY" - "$T/$1.out" "$T/$1.report" "$2" <<'PY'
import json, sys
try:
    t = json.loads(open(sys.argv[1]).read())
except ValueError:
    t = {}
r = json.load(open(sys.argv[2]))
print(eval(sys.argv[3]))
PY
}

ran=0
for rt in crun runc; do
	rt_usable "$rt" || continue
	ran=$((ran + 1))
	e=0
	for try in 1 2 3 4 5; do
		n=$rt-nr-$try
		storm "$rt" "$n" norestart
		[ -s "$T/$n.report" ] || fail "$rt: no report: $(rt_show "$T/$n")"
		# A storm without its tally: once, a brk or exit_group that
		# failed with EINTR crashed sigstorm (it now makes neither
		# under the storm, and the handler's return runs unseen).
		# Loud, not lost: the run is incomplete; try again for a tally.
		if ! grep -q '"eintr"' "$T/$n.out"; then
			[ "$(field "$n" 'r["complete"] is False and r["counters"]["unreceived"] > 0' 2> /dev/null)" = True ] ||
				fail "$rt: the storm printed no tally, and the run says complete: $(rt_show "$T/$n")"
			note "$rt: the storm ended without its tally ($(cat "$T/$n.rc")), the run incomplete; again"
			continue
		fi
		read -r e unrec late intr <<< "$(field "$n" 't["eintr"], r["counters"]["unreceived"], r["counters"]["interrupted_late"], r["counters"]["interrupted"]' | tr -d '(),')"
		# Every call that failed is accounted, before sclog received
		# it or after (negative control: sclog before this test
		# counted only the first: 5297 failed, 4309 accounted).  The
		# counts may hold a few more: the storm's other calls
		# (setitimer, stdio's fstat) fail alike, untallied, and runc's
		# init's calls are restarted after Go's SIGURG: 20, and 2% more
		# for the load, which makes the Go runtime preempt more (54 more
		# than 11504 failed at a load of 5.6, with ctest -j3 on 2 cores).
		# Counting each interruption twice would still fail.
		# Under runc's filter (no WAIT_KILLABLE_RECV) the kernel also
		# accepts an answer to a call a signal is ending, and the call
		# still fails: no count can see those (53 to 478 of 2710-6119 in
		# storms here), so there only the bounds hold.
		slack=$((20 + e / 50))
		if [ "$rt" = crun ]; then
			[ $((unrec + late)) -ge "$e" ] && [ $((unrec + late)) -le $((e + slack)) ] ||
				fail "$rt: $e getppid failed with EINTR; sclog accounts $unrec unreceived + $late after receipt"
		else
			[ "$late" -le "$e" ] && [ $((unrec + late)) -le $((e + slack)) ] ||
				fail "$rt: $e getppid failed with EINTR; sclog accounts $unrec unreceived + $late after receipt"
			gap=$((e - unrec - late))
		fi
		[ "$e" -gt 0 ] || continue
		# 125, or the storm's own failure
		[ "$(cat "$T/$n.rc")" != 0 ] && [ "$(field "$n" 'r["complete"]')" = False ] ||
			fail "$rt: $e calls failed with EINTR and the run says complete: $(rt_show "$T/$n")"
		break
	done
	[ "$e" -gt 0 ] || skip "$rt: in 5 storms no signal interrupted a call that then failed with a tally printed"
	case $rt in
	crun)
		# crun loads the filter with WAIT_KILLABLE_RECV, as asked: no
		# call is interrupted once sclog has it.
		[ "$intr" = 0 ] ||
			fail "crun: $intr calls interrupted after sclog received them, under WAIT_KILLABLE_RECV"
		pass "crun: $e calls failed with EINTR, each one accounted ($unrec before sclog received it), none after: the filter has WAIT_KILLABLE_RECV"
		;;
	runc)
		[ "$late" -gt 0 ] || note "runc: no call was interrupted after sclog received it"
		[ "$late" = 0 ] || grep -q "interrupted $late calls\? after sclog received" "$T/$n.err" ||
			fail "runc: stderr does not name the $late calls interrupted after sclog received them: $(rt_show "$T/$n")"
		pass "runc: $e calls failed with EINTR: $unrec before sclog received them, $late after, $((gap > 0 ? gap : 0)) answered as the signal came (unseen); the run is incomplete"
		;;
	esac
done
[ $ran -gt 0 ] || skip "neither crun nor runc can run a container here"
