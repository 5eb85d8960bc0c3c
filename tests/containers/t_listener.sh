#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog run --container --backend notify`: the runtime sends the listener of
# the recording profile it loads to sclog's socket (linux.seccomp.listenerPath)
# and the notify collector answers every call.  For crun and runc (`run -b`,
# noNewPrivileges true and false), podman with crun and with runc, and crun
# as uid 65534 in a user namespace of its own (no privilege at all):
#   * under sclog the container prints and exits as without it, and the report
#     says the notify collector ran and how the listener came;
#   * the recorded profile runs the same container with the same output and
#     status;
#   * negative control: without uname (the workload's, in no runtime's own
#     set) the container fails.
# As root on a machine whose crun needs a private mount namespace (this
# cgroup v1/v2 hybrid), that namespace is made by root before the switch to
# uid 65534; crun itself, and sclog, then run without any privilege.
. "$(dirname "$0")/lib.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel"

# One child, and no fork after it ended: a SIGCHLD that reaches dash while
# its next fork() waits for sclog fails that fork ("Cannot fork", dash's
# handler lacks SA_RESTART; docs/how-it-works.md), more often under ASan.
work=(/bin/sh -c 'uname -s; exit 3')
drop=uname

# check_report REPORT RUNTIME: the notify collector ran, the listener came.
check_report() {
	"$RT_PY" - "$1" "$2" <<'PY' || fail "report $1: see above"
import json, sys
r = json.load(open(sys.argv[1]))
ct = r.get("container") or {}
ok = (r.get("collector") == "notify" and r.get("complete") is True
      and ct.get("runtime") == sys.argv[2]
      and "linux.seccomp.listenerPath" in (ct.get("listener") or "")
      # The runtime installs the recording profile: not a filter of the
      # container's own.
      and r.get("own_filters") == [])
if not ok:
    print("collector", r.get("collector"), "complete", r.get("complete"),
          "problems", r.get("problems"), "container", ct,
          "own_filters", r.get("own_filters"), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# record_bundle RT NNP: record the workload's container in RT, then prove
# its profile (same output and status; fails without $drop).
record_bundle() {
	local rt=$1 nnp=$2 b=$T/b-$1-$2 state=$T/state-$1 pol=$T/$1-$2.json
	local -a cmd
	rt_bundle "$b"
	rt_config "$b" none "$nnp" / "" -- "${work[@]}"
	rt_container "$rt" "$b" "$T/$rt-$nnp.ref"
	[ "$(cat "$T/$rt-$nnp.ref.rc")" = 3 ] || fail "$rt without seccomp: $(rt_show "$T/$rt-$nnp.ref")"
	mkdir -p "$state"
	cmd=("$rt" --root "$state")
	[ "$rt" = crun ] && cmd+=(--cgroup-manager=disabled)
	ct_settled "$pol.report" ct_exec "$rt" "$T/$rt-$nnp.rec" -- "$SCLOG" run --container --backend notify -o "$pol" \
		--report "$pol.report" -- "${cmd[@]}" run -b "$b" "sclog-listener-$$-$rt-$nnp"
	rt_same "$T/$rt-$nnp.rec" "$T/$rt-$nnp.ref" ||
		fail "$rt (noNewPrivileges $nnp) under sclog: $(rt_show "$T/$rt-$nnp.rec")"
	check_report "$pol.report" "$rt"
	rt_config "$b" "$pol" "$nnp" / "" -- "${work[@]}"
	rt_container "$rt" "$b" "$T/$rt-$nnp.pol"
	rt_same "$T/$rt-$nnp.pol" "$T/$rt-$nnp.ref" ||
		fail "$rt (noNewPrivileges $nnp) with the recorded profile: $(rt_show "$T/$rt-$nnp.pol")"
	rt_names "$pol" | grep -x "$drop" > /dev/null || fail "$rt: $drop is not in the recorded profile"
	# The same profile as the audit collector's: crun's hand-over calls
	# (wait4, kill in its init before the exec) are counted, not recorded
	# (negative control: recorded, kill is one name more).
	ct_exec "$rt" "$T/$rt-$nnp.audit" -- "$SCLOG" run --container --backend audit -o "$pol.audit" \
		-- "${cmd[@]}" run -b "$b" "sclog-listener-$$-a-$rt-$nnp"
	diff <(rt_names "$pol.audit") <(rt_names "$pol") > "$pol.diff" ||
		fail "$rt (noNewPrivileges $nnp): the notify and audit profiles differ (< audit, > notify): $(tr '\n' ' ' < "$pol.diff")"
	handover=$("$RT_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["container"]["handover_calls"])' "$pol.report")
	if [ "$rt" = crun ]; then
		[ "$handover" -gt 0 ] || fail "crun: no hand-over call counted, yet the profiles agree?"
	else
		[ "$handover" = 0 ] || fail "$rt: $handover hand-over calls counted; only crun's init makes them"
	fi
	rt_without "$pol" "$pol.minus.json" "$drop"
	rt_config "$b" "$pol.minus.json" "$nnp" / "" -- "${work[@]}"
	rt_container "$rt" "$b" "$T/$rt-$nnp.minus"
	! rt_same "$T/$rt-$nnp.minus" "$T/$rt-$nnp.ref" ||
		fail "$rt (noNewPrivileges $nnp) without $drop still succeeds"
	pass "$rt run, noNewPrivileges $nnp: recorded through the listener ($(rt_names "$pol" | wc -l) syscalls, as the audit collector's; $handover hand-over calls left out), the profile runs the container alike; without $drop it fails ($(rt_show "$T/$rt-$nnp.minus"))"
}

ran=0
for rt in crun runc; do
	rt_usable "$rt" || continue
	ran=$((ran + 1))
	for nnp in true false; do
		record_bundle "$rt" "$nnp"
	done
done
[ $ran -gt 0 ] || skip "neither crun nor runc can run a container here"

# --base: the profile without uname is allowed, only uname is notified and
# new; the result runs the container again (crun and runc's forms).
for rt in crun runc; do
	pol=$T/$rt-true.json
	[ -s "$pol.minus.json" ] || continue
	cmd=("$rt" --root "$T/state-$rt")
	[ "$rt" = crun ] && cmd+=(--cgroup-manager=disabled)
	ct_settled "$pol.based.report" ct_exec "$rt" "$T/$rt.base" -- "$SCLOG" run --container --backend notify --base "$pol.minus.json" \
		-o "$pol.based" --report "$pol.based.report" -- "${cmd[@]}" run -b "$T/b-$rt-true" sclog-listener-$$-base-$rt
	rt_same "$T/$rt.base" "$T/$rt-true.ref" || fail "$rt with --base under sclog: $(rt_show "$T/$rt.base")"
	new=$("$RT_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["base"]["new_syscalls"])' "$pol.based.report")
	[ "$new" = 1 ] || fail "$rt --base: $new new syscalls, want 1 (uname)"
	diff <(rt_names "$pol") <(rt_names "$pol.based") > /dev/null ||
		fail "$rt --base: the profile is not the full recording's"
	pass "$rt --backend notify --base (the profile without uname): 1 new syscall, the full profile back"
done

# The container's own kill, after the exec, is recorded: only the calls of
# crun's init before it are the hand-over's.
if rt_usable crun; then
	b=$T/b-kill
	rt_bundle "$b"
	rt_config "$b" none true / "" -- /bin/sh -c 'kill -0 $$; exit 3'
	ct_settled "$T/kill.report" ct_exec crun "$T/kill" -- "$SCLOG" run --container --backend notify -o "$T/kill.json" \
		--report "$T/kill.report" -- crun --root "$T/state-crun" --cgroup-manager=disabled \
		run -b "$b" sclog-listener-$$-kill
	[ "$(cat "$T/kill.rc")" = 3 ] || fail "crun, kill -0: $(rt_show "$T/kill")"
	rt_names "$T/kill.json" | grep -x kill > /dev/null ||
		fail "crun: the container's own kill is not in the profile"
	pass "crun: the container's own kill after its exec is recorded"
fi

# podman with each runtime: the listener comes from the runtime podman's
# conmon starts.  The container sees the host's /usr and /etc.
if command -v podman > /dev/null 2>&1; then
	rt_bundle "$T/hostusr"
	podargs=(--network none -v /usr:/usr:ro -v /etc:/etc:ro --rootfs "$T/hostusr/rootfs")
	for rt in crun runc; do
		ct_podman_usable "$rt" || continue
		pol=$T/podman-$rt.json
		ct_podman_run "$rt" "$T/podman-$rt.ref" -- "${podargs[@]}" "${work[@]}"
		[ "$(cat "$T/podman-$rt.ref.rc")" = 3 ] || fail "podman with $rt: $(rt_show "$T/podman-$rt.ref")"
		ct_podman "$rt"
		ct_settled "$pol.report" ct_exec "$rt" "$T/podman-$rt.rec" -- "$SCLOG" run --container --backend notify -o "$pol" \
			--report "$pol.report" -- "${CT_PODMAN[@]}" run --rm "${podargs[@]}" "${work[@]}"
		rt_same "$T/podman-$rt.rec" "$T/podman-$rt.ref" ||
			fail "podman with $rt under sclog: $(rt_show "$T/podman-$rt.rec")"
		check_report "$pol.report" podman
		ct_podman_run "$rt" "$T/podman-$rt.pol" -- --security-opt seccomp="$pol" "${podargs[@]}" "${work[@]}"
		rt_same "$T/podman-$rt.pol" "$T/podman-$rt.ref" ||
			fail "podman with $rt and the recorded profile: $(rt_show "$T/podman-$rt.pol")"
		rt_without "$pol" "$pol.minus.json" "$drop"
		ct_podman_run "$rt" "$T/podman-$rt.minus" -- --security-opt seccomp="$pol.minus.json" "${podargs[@]}" "${work[@]}"
		! rt_same "$T/podman-$rt.minus" "$T/podman-$rt.ref" ||
			fail "podman with $rt without $drop still succeeds"
		pass "podman with $rt: recorded through the listener, the profile runs the container alike; without $drop it fails"
	done
else
	note "podman is not installed: its part is not run"
fi

# Rootless: crun as uid 65534, the container in a user namespace of its own
# (its root mapped to 65534), sclog as the same user.
if rt_usable crun; then
	b=$T/b-rootless
	rt_bundle "$b"
	rt_config "$b" none true / "" -- "${work[@]}"
	"$RT_PY" - "$b/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 65534, "size": 1}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 65534, "size": 1}]
c["linux"].pop("resources", None)  # no cgroup to set anything in
c["process"]["rlimits"] = []
for m in c["mounts"]:  # devpts: gid 5 is not mapped
    m["options"] = [o for o in m.get("options", []) if not o.startswith("gid=")]
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
	mkdir -p "$T/nobody" && chown 65534:65534 "$T/nobody"
	ucmd=(crun --root "$T/nobody/state" --cgroup-manager=disabled run -b "$b")
	ct_rootless "$T/rootless.ref" "${ucmd[@]}" sclog-listener-$$-u1
	if [ "$(cat "$T/rootless.ref.rc")" != 3 ]; then
		note "crun cannot run a rootless container here ($(rt_show "$T/rootless.ref")): the rootless part is not run"
	else
		pol=$T/nobody/rootless.json
		ct_settled "$pol.report" ct_rootless "$T/rootless.rec" "$SCLOG" run --container --backend notify -o "$pol" \
			--report "$pol.report" -- "${ucmd[@]}" sclog-listener-$$-u2
		rt_same "$T/rootless.rec" "$T/rootless.ref" ||
			fail "rootless crun under sclog: $(rt_show "$T/rootless.rec")"
		check_report "$pol.report" crun
		"$RT_PY" - "$b/config.json" "$pol" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["linux"]["seccomp"] = json.load(open(sys.argv[2]))
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
		ct_rootless "$T/rootless.pol" "${ucmd[@]}" sclog-listener-$$-u3
		rt_same "$T/rootless.pol" "$T/rootless.ref" ||
			fail "rootless crun with the recorded profile: $(rt_show "$T/rootless.pol")"
		pass "crun as uid 65534 in its own user namespace: recorded by sclog as uid 65534 through the listener; the profile runs the container alike"
		# No --backend: the audit collector cannot work as uid 65534, so
		# sclog picks notify by itself and says why.
		ct_settled "$pol.auto.report" ct_rootless "$T/rootless.auto" "$SCLOG" run --container -o "$pol.auto" \
			--report "$pol.auto.report" -- "${ucmd[@]}" sclog-listener-$$-u4
		rt_same "$T/rootless.auto" "$T/rootless.ref" && check_report "$pol.auto.report" crun &&
			grep -q "using the notify collector (the audit collector cannot work here" "$T/rootless.auto.err" &&
			"$RT_PY" -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1])).get("collector_reason") else 1)' "$pol.auto.report" ||
			fail "rootless --container without --backend: $(rt_show "$T/rootless.auto")"
		pass "rootless --container without --backend: the notify collector is chosen and named"
	fi
fi

# Rootless podman (uid 65534, no subuid range: podman maps that uid alone),
# with crun and with runc: `sclog run --container --backend notify -- podman
# run ...` without root, the profile proven the same way, as the same user.
if command -v podman > /dev/null 2>&1 && [ -d "$T/nobody" ]; then
	for rt in crun runc; do
		command -v "$rt" > /dev/null 2>&1 || continue
		ct_upod "$rt"
		upod=("${CT_UPOD[@]}")
		uargs=(--network none -v /usr:/usr:ro -v /etc:/etc:ro --rootfs "$T/nobody/rootfs" "${work[@]}")
		pol=$T/nobody/podman-$rt.json
		ct_rootless "$T/upod-$rt.ref" "${upod[@]}" run --rm "${uargs[@]}"
		if [ "$(cat "$T/upod-$rt.ref.rc")" != 3 ]; then
			note "rootless podman with $rt cannot run a container here ($(rt_show "$T/upod-$rt.ref"))"
			continue
		fi
		ct_settled "$pol.report" ct_rootless "$T/upod-$rt.rec" "$SCLOG" run --container --backend notify -o "$pol" \
			--report "$pol.report" -- "${upod[@]}" run --rm "${uargs[@]}"
		rt_same "$T/upod-$rt.rec" "$T/upod-$rt.ref" ||
			fail "rootless podman with $rt under sclog: $(rt_show "$T/upod-$rt.rec")"
		check_report "$pol.report" podman
		ct_rootless "$T/upod-$rt.pol" "${upod[@]}" run --rm --security-opt seccomp="$pol" "${uargs[@]}"
		rt_same "$T/upod-$rt.pol" "$T/upod-$rt.ref" ||
			fail "rootless podman with $rt and the recorded profile: $(rt_show "$T/upod-$rt.pol")"
		rt_without "$pol" "$pol.minus.json" "$drop"
		chown 65534 "$pol.minus.json"
		ct_rootless "$T/upod-$rt.minus" "${upod[@]}" run --rm --security-opt seccomp="$pol.minus.json" "${uargs[@]}"
		! rt_same "$T/upod-$rt.minus" "$T/upod-$rt.ref" ||
			fail "rootless podman with $rt without $drop still succeeds"
		pass "rootless podman with $rt (uid 65534): recorded by sclog as uid 65534 through the listener; the profile runs the container alike; without $drop it fails"
	done
fi

# What sclog refuses, with its own status.
# refused NAME PATTERN CMD...: CMD exits 125 before anything starts, and
# its message matches PATTERN.
refused() {
	local name=$1 pattern=$2 rc=0
	shift 2
	"$@" > /dev/null 2> "$T/$name.err" < /dev/null || rc=$?
	[ $rc = 125 ] && grep -q -- "$pattern" "$T/$name.err" ||
		fail "$name: status $rc, $(cat "$T/$name.err")"
}
refused args "--args" "$SCLOG" run --container --backend notify --args -o /dev/null -- \
	crun run -b "$T/b-crun-true" x
pass "--container --backend notify --args: refused (125)"

# runc's form allows write unseen, which is exact only while runc's measured
# set holds write: with a runtimes.json without it, sclog refuses (125)
# before anything starts.
if rt_usable runc; then
	mkdir -p "$T/data"
	cp "$SRCDIR"/policies/*.json "$T/data/"
	"$RT_PY" - "$T/data/runtimes.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items()}
    if isinstance(o, list):
        return [strip(v) for v in o if v != "write"]
    return o
d["runtimes"]["runc"] = strip(d["runtimes"]["runc"])
json.dump(d, open(sys.argv[1], "w"))
PY
	refused nowrite "SCMP_ACT_NOTIFY for write" env SCLOG_DATADIR="$T/data" "$SCLOG" run \
		--container --backend notify -o "$T/nowrite.json" -- \
		runc --root "$T/state-runc" run -b "$T/b-runc-true" sclog-listener-$$-nowrite
	pass "runc's measured set without write: --backend notify refused (125), the reason named"
fi

# check with runc's form: a policy without write would let the
# container's writes go unseen, so sclog refuses (125) before anything runs.
if rt_usable runc && [ -s "$T/runc-true.json" ]; then
	rt_without "$T/runc-true.json" "$T/nowrite-policy.json" write
	refused check-nowrite "policy does not allow write" "$SCLOG" check --container \
		--backend notify --policy "$T/nowrite-policy.json" -o /dev/null -- \
		runc --root "$T/state-runc" run -b "$T/b-runc-true" sclog-listener-$$-cw
	pass "check --container --backend notify, runc, a policy without write: refused (125), the reason named"
fi

# A runtime that fails before it loads the profile never sends the listener:
# sclog ends with the runtime's status and says the profile is incomplete.
b=$T/b-broken
rt_bundle "$b"
rt_config "$b" none true / "" -- "${work[@]}"
"$RT_PY" - "$b/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["root"]["path"] = "no-such-rootfs"
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
ct_exec crun "$T/broken" -- "$SCLOG" run --container --backend notify -o "$T/broken.json" -- \
	crun --root "$T/state-crun" --cgroup-manager=disabled run -b "$b" sclog-listener-$$-broken
rc=$(cat "$T/broken.rc")
[ "$rc" != 0 ] && [ "$rc" != 125 ] && grep -q "never sent its seccomp listener" "$T/broken.err" ||
	fail "crun failing before its filter: $(rt_show "$T/broken")"
pass "crun failing before its filter: status $rc (crun's), the missing listener named"
