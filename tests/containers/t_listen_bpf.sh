#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog listen --backend bpf`: the node agent counting in the kernel, one
# program for every container, each in a slot of its own.
#   * runc and crun containers run at once under the notify agent and then
#     under the bpf agent: each bpf profile has the same syscall names as
#     the same container's notify profile, its report says collector
#     "bpf", and it runs its container again under runc and under crun;
#   * a burst of 60 short containers (runc and crun, 8 at a time): 60
#     profiles and reports, each of one complete container with its calls;
#     then SIGTERM with a container running: exit 0, its profile so far,
#     its report incomplete with the reason;
#   * the agent under a seccomp filter of its own (a pod's RuntimeDefault)
#     counts the containers all the same;
#   * a hostile peer (tests/containers/fake_ctr.py) hands over the listener
#     of its own filter with a state naming a victim calling getpgrp: the
#     victim is not counted, the filter's own process is (its calls); positive control:
#     the peer's own process calling it is counted (getpgrp: no runtime's
#     own call, which every profile of the agent allows);
#   * refusals: in a pid namespace of its own, 125 before FILE is written;
#   * negative controls: without the slot inheritance of the fork program
#     (SCLOG_BPF_BREAK=inherit) a container's profile lacks its children's
#     calls (uname, run by the shell's child), so the comparison with the
#     notify profile fails; the profile without uname fails its rerun.
. "$(dirname "$0")/listen.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> "$T/bpf.err" ||
	skip "the bpf collector cannot work here: $(head -c 300 "$T/bpf.err")"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel"
for rt in runc crun; do rt_usable "$rt" || skip "this test needs runc and crun to run containers here"; done

w1=(/bin/sh -c 'uname -s; exit 3')
w2=(/bin/sh -c 'nproc; exit 4')
for w in 1 2; do
	declare -n work=w$w
	ls_policy_bundle "$T/ref$w" none -- "${work[@]}"
	ls_run runc "$T/ref$w" "$T/ref$w" "sclog-lbpf-$$-ref$w"
	unset -n work
done
[ "$(cat "$T/ref1.rc")" = 3 ] && [ "$(cat "$T/ref2.rc")" = 4 ] ||
	fail "the workloads without seccomp: $(rt_show "$T/ref1"); $(rt_show "$T/ref2")"

# Four containers at once, in both runtimes, under the agent started with
# ARGS; the profiles in $LS/profiles.
record_four() { # ARGS...
	local c
	ls_start "$@"
	ls_bundle "$T/web1" cri prod web-7d4b9c8f6d-x2x9z nginx -- "${w1[@]}"
	ls_bundle "$T/web2" cri prod web-5f6c8b7d9-q8w7p nginx2 -- "${w2[@]}"
	ls_bundle "$T/job" crio batch backup-hv7kq tar -- "${w1[@]}"
	ls_bundle "$T/meta" meta meta-app - - -- "${w2[@]}"
	ls_at_once "sclog-lbpf-$$" runc:web1 crun:web2 crun:job runc:meta
	rt_same "$T/r-web1" "$T/ref1" && rt_same "$T/r-web2" "$T/ref2" &&
		rt_same "$T/r-job" "$T/ref1" && rt_same "$T/r-meta" "$T/ref2" ||
		fail "a container under the agent ($*) differs: web1 $(rt_show "$T/r-web1"); web2 $(rt_show "$T/r-web2"); job $(rt_show "$T/r-job"); meta $(rt_show "$T/r-meta")"
	for c in prod_web_nginx prod_web_nginx2 batch_backup_tar meta-app; do ls_wait "$c" 1; done
	ls_stop
	[ "$LS_RC" = 0 ] || fail "sclog listen $*: status $LS_RC"
}
NAMES=(prod_web_nginx prod_web_nginx2 batch_backup_tar meta-app)
# The names of profile DIR/NAME.json that differ from REF/NAME.json.
differs() { # DIR REF NAME
	{ diff <(rt_names "$2/$3.json") <(rt_names "$1/$3.json") || true; } | { grep '^[<>]' || true; } | tr '\n' ' '
}

LS=$T/notify
record_four
NOTIFY=$LS/profiles
LS=$T/bpf
record_four --backend bpf
P=$LS/profiles
grep -q "calls counted by the bpf program" "$LS/agent.log" || fail "the agent does not say it counts: $(cat "$LS/agent.log")"
for c in "${NAMES[@]}"; do
	d=$(differs "$P" "$NOTIFY" "$c")
	[ -z "$d" ] || fail "$c: the bpf profile's names differ from notify's (< notify, > bpf): $d"
	[ "$(ls_field "$c" '(r["complete"], r["runs"][0]["collector"], r["runs"][0]["calls"] > 0)')" = "(True, 'bpf', True)" ] ||
		fail "$c's report: $(cat "$P/reports/$c.json")"
done
pass "4 containers at once (runc and crun): each bpf profile has the notify profile's $(rt_names "$P/prod_web_nginx.json" | wc -l) names (prod_web_nginx), its report complete, collector bpf"

ls_prove "$P/prod_web_nginx.json" "$T/ref1" -- "${w1[@]}"
ls_prove "$P/prod_web_nginx2.json" "$T/ref2" -- "${w2[@]}"
ls_prove "$P/batch_backup_tar.json" "$T/ref1" -- "${w1[@]}"
ls_prove "$P/meta-app.json" "$T/ref2" -- "${w2[@]}"
rt_without "$P/prod_web_nginx.json" "$T/minus.json" uname
ls_policy_bundle "$T/minus" "$T/minus.json" -- "${w1[@]}"
ls_run runc "$T/minus" "$T/minus" "sclog-lbpf-$$-minus"
! rt_same "$T/minus" "$T/ref1" || fail "prod_web_nginx.json without uname still runs w1"
pass "every bpf profile runs its container under runc and under crun; negative control: without uname it fails ($(rt_show "$T/minus"))"

# Negative control: children keep no slot, so uname (the shell's child's
# call) is counted for no container, and the comparison above fails.
LS=$T/broken
SCLOG_BPF_BREAK=inherit record_four --backend bpf
d=$(differs "$LS/profiles" "$NOTIFY" prod_web_nginx)
case " $d " in *"< uname "*) ;; *) fail "negative control: without slot inheritance prod_web_nginx has the notify profile's names ($d)" ;; esac
pass "negative control: without the slot inheritance the bpf profile differs from notify's: $d"

# A burst: 60 short containers, 8 at a time, half in runc, half in crun.
LS=$T/burst
ls_start --backend bpf -q
ls_bundle "$T/burst" none - - - -- "${w1[@]}"
ls_burst 60 8 "$T/burst" "sclog-lbpf-$$-burst" "$T/ref1"
"$RT_PY" - "$LS/profiles" "sclog-lbpf-$$-burst-" "$NOTIFY/prod_web_nginx.json" <<'PY' || fail "burst: see above"
import json, os, sys
d, prefix, ref = sys.argv[1:]
names = lambda p: {n for r in json.load(open(p))["syscalls"] if r["action"] == "SCMP_ACT_ALLOW" for n in r["names"]}
want = names(ref)
bad, n = [], 0
for f in os.listdir(os.path.join(d, "reports")):
    if not f.startswith(prefix):
        continue
    n += 1
    r = json.load(open(os.path.join(d, "reports", f)))
    run = r["runs"][0]
    got = names(os.path.join(d, f))
    if r["containers"] != 1 or not r["complete"] or run["collector"] != "bpf" or got != want:
        bad.append((f, r["containers"], r["complete"], sorted(got ^ want)))
print(n, "reports,", len(bad), "bad:", bad[:3], file=sys.stderr)
sys.exit(1 if bad or n != 60 else 0)
PY
kill -0 "$LS_PID" || fail "the agent died in the burst"
# SIGTERM while a container runs: its profile so far, marked incomplete.
ls_stop_running "sclog-lbpf-$$"
pass "a burst of 60 containers (runc and crun, 8 at a time): 60 complete reports, each profile with prod_web_nginx's notify names; then SIGTERM with a container running: exit 0, its profile so far (uname) written, the report incomplete"

# The agent under a seccomp filter of its own (a pod's RuntimeDefault):
# the containers, no descendants of it, do not have its filter, and are
# counted all the same.
cat > "$T/filtered.py" <<'PY'
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
insn = ctypes.create_string_buffer(struct.pack("HBBI", 0x06, 0, 0, 0x7FFF0000))  # allow
prog = ctypes.create_string_buffer(struct.pack("HxxxxxxQ", 1, ctypes.addressof(insn)))
libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
if libc.syscall(317, 1, 0, prog) < 0:  # seccomp(SET_MODE_FILTER)
    sys.exit("seccomp: " + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])
PY
printf '#!/bin/sh\nexec "%s" "%s" "%s" "$@"\n' "$RT_PY" "$T/filtered.py" "$SCLOG" > "$T/filtered-sclog"
chmod 755 "$T/filtered-sclog"
LS=$T/filtered
SCLOG=$T/filtered-sclog ls_start --backend bpf
grep -x 'Seccomp_filters:	1' "/proc/$LS_PID/status" > /dev/null || fail "the agent is not under a filter of its own"
ls_bundle "$T/web1" cri prod web-7d4b9c8f6d-x2x9z nginx -- "${w1[@]}"
ls_run runc "$T/web1" "$T/f-web1" "sclog-lbpf-$$-fweb1"
ls_wait prod_web_nginx 1
ls_stop
d=$(differs "$LS/profiles" "$NOTIFY" prod_web_nginx)
[ -z "$d" ] || fail "the agent under a filter: prod_web_nginx differs from notify's (< notify, > bpf): $d"
pass "the agent under a seccomp filter of its own: prod_web_nginx has the notify profile's names"

# A hostile peer: its state names a victim, its filter's process execs.
LS=$T/hostile
ls_start --backend bpf
# (the second run's profile merges into the first's: "other" goes first)
n=0
for mode in other self; do
	FAKE_CALL=getpgrp "$RT_PY" "$(dirname "$0")/fake_ctr.py" "$mode" --seccomp-profile "$LS/recording.json" > "$T/fake-$mode.log" 2>&1 ||
		fail "fake_ctr.py $mode: $(cat "$T/fake-$mode.log")"
	ls_wait liar $((n += 1))
	cp "$LS/profiles/liar.json" "$T/liar-$mode.json"
done
ls_stop
calls=$(ls_field liar 'r["runs"][0]["calls"]')
[ "$calls" -gt 0 ] || fail "hostile peer: the filter's process was not tracked (no call counted)"
! rt_names "$T/liar-other.json" | grep -x getpgrp > /dev/null || fail "hostile peer: the victim named by the message's pid was counted"
rt_names "$T/liar-self.json" | grep -x getpgrp > /dev/null || fail "positive control: the filter's own process's getpgrp was not counted"
pass "a lying peer's victim is not counted (no getpgrp), its filter's process is ($calls calls of /bin/true); positive control: its own getpgrp counted"

# Refused before anything is written: a pid namespace of its own.
command -v unshare > /dev/null || skip "no unshare: the pid namespace refusal is untested"
rc=0
unshare -pf --mount-proc "$SCLOG" listen --backend bpf --socket "$T/ns.sock" --dir "$T/ns" \
	--profile "$T/ns.json" 2> "$T/ns.err" || rc=$?
[ $rc = 125 ] && grep -q "host's pid namespace" "$T/ns.err" && [ ! -e "$T/ns.json" ] ||
	fail "in a pid namespace of its own: status $rc, $(cat "$T/ns.err")"
pass "in a pid namespace of its own: refused (125): $(head -c 120 "$T/ns.err")"
