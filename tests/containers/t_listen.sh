#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `sclog listen`, the node agent, with runc and crun bundles that carry the
# annotations Kubernetes runtimes set (containerd's CRI, CRI-O), a
# listenerMetadata, or nothing:
#   * containers of each scheme run at once, and again; each is named as
#     docs/kubernetes.md says, and the replicas of one Deployment (two pod
#     names, one in runc, one in crun) and repeated runs merge into one
#     profile whose report counts them;
#   * every written profile runs each of its containers again under runc
#     and under crun with the output and status they have without seccomp;
#   * negative controls: the merged profile without uname (one replica's
#     call, in no runtime's set) fails that replica; another container
#     name is another profile;
#   * --base: the base's calls are allowed by the recording profile and are
#     in every profile;
#   * SIGTERM with a container still running: exit 0, its profile so far
#     written, its report incomplete with the reason.
. "$(dirname "$0")/listen.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel"
rts=()
for rt in runc crun; do rt_usable "$rt" && rts+=("$rt"); done
[ ${#rts[@]} = 2 ] || skip "this test needs both runc and crun to run containers here"

w1=(/bin/sh -c 'uname -s; exit 3')
w2=(/bin/sh -c 'nproc; exit 4')
# The references: each workload without seccomp, in each runtime.
for w in 1 2; do
	declare -n work=w$w
	ls_policy_bundle "$T/ref$w" none -- "${work[@]}"
	for rt in runc crun; do
		ls_run "$rt" "$T/ref$w" "$T/ref$w-$rt" "sclog-listen-$$-ref$w"
		rt_same "$T/ref$w-$rt" "$T/ref$w-runc" || fail "w$w differs between runc and crun without seccomp"
	done
	unset -n work
done
[ "$(cat "$T/ref1-runc.rc")" = 3 ] && [ "$(cat "$T/ref2-runc.rc")" = 4 ] ||
	fail "the workloads without seccomp: $(rt_show "$T/ref1-runc"); $(rt_show "$T/ref2-runc")"

ls_start
# The recording profile is the form both runtimes take.
"$RT_PY" - "$LS/recording.json" "$LS/run/sclog.sock" <<'PY' || fail "recording profile: see above"
import json, sys
p = json.load(open(sys.argv[1]))
acts = {r["action"] for r in p["syscalls"]}
ok = p["listenerPath"] == sys.argv[2] and acts == {"SCMP_ACT_NOTIFY", "SCMP_ACT_ALLOW"}
print(p["defaultAction"], p["listenerPath"], acts, file=sys.stderr)
sys.exit(0 if ok else 1)
PY

# One container of each scheme, at once: two replicas of prod/web (CRI),
# a Job's pod (CRI-O), a listenerMetadata, a bare id.
ls_bundle "$T/web1" cri prod web-7d4b9c8f6d-x2x9z nginx -- "${w1[@]}"
ls_bundle "$T/web2" cri prod web-5f6c8b7d9-q8w7p nginx -- "${w2[@]}"
ls_bundle "$T/job" crio batch backup-hv7kq tar -- "${w1[@]}"
ls_bundle "$T/meta" meta meta-app - - -- "${w2[@]}"
ls_bundle "$T/bare" none - - - -- "${w1[@]}"
ls_at_once "sclog-listen-$$" runc:web1 crun:web2 crun:job runc:meta crun:bare
rt_same "$T/r-web1" "$T/ref1-runc" && rt_same "$T/r-web2" "$T/ref2-runc" &&
	rt_same "$T/r-job" "$T/ref1-runc" && rt_same "$T/r-meta" "$T/ref2-runc" &&
	rt_same "$T/r-bare" "$T/ref1-runc" ||
	fail "a container under the agent differs: web1 $(rt_show "$T/r-web1"); web2 $(rt_show "$T/r-web2"); job $(rt_show "$T/r-job"); meta $(rt_show "$T/r-meta"); bare $(rt_show "$T/r-bare")"
# Again: the Job's pod under the other runtime.
ls_run runc "$T/job" "$T/r-job2" "sclog-listen-$$-job2"
rt_same "$T/r-job2" "$T/ref1-runc" || fail "job, again: $(rt_show "$T/r-job2")"
ls_wait prod_web_nginx 2
ls_wait batch_backup_tar 2
ls_wait meta-app 1
ls_wait "sclog-listen-$$-bare" 1
pass "5 containers at once (runc and crun), then one again: each runs as without seccomp"

# Names and what named them; the replicas and the runs counted.
check_report() {
	local name=$1 n=$2 by=$3 got
	got=$(ls_field "$name" '(r["containers"], sorted({x["named_by"] for x in r["runs"]}))')
	[ "$got" = "($n, ['$by'])" ] || fail "$name: $got, want ($n, ['$by'])"
}
check_report prod_web_nginx 2 "containerd CRI annotations"
check_report batch_backup_tar 2 "CRI-O annotations"
check_report meta-app 1 listenerMetadata
check_report "sclog-listen-$$-bare" 1 "container id"
[ "$(ls "$LS/profiles" | grep -c '\.json$')" = 4 ] || fail "not 4 profiles: $(ls "$LS/profiles")"
names=$(ls_field prod_web_nginx 'sorted(x["runtime"]["comm"] for x in r["runs"])')
[ "$names" = "['crun', 'runc']" ] || fail "prod_web_nginx's runtimes: $names"
pass "names: prod_web_nginx (CRI, 2 replicas: runc and crun), batch_backup_tar (CRI-O, 2 runs), meta-app (listenerMetadata), the bare id; 4 profiles"

# The calls every profile implies (policies.md): in each profile, and in
# the report of the run that added them; the second replica merged into a
# profile that held them already (negative control: nothing added).
for name in prod_web_nginx "sclog-listen-$$-bare"; do
	[ "$(policy_names "$LS/profiles/$name.json" | grep -cxE 'brk|exit|exit_group|rseq')" = 4 ] ||
		fail "$name: the profile lacks brk, exit, exit_group or rseq"
done
got=$(ls_field prod_web_nginx '[x.get("implied_added") for x in r["runs"]]')
python3 -c 'import sys; a = eval(sys.argv[1]); sys.exit(not (a[0] and set(a[0]) <= {"brk", "exit", "exit_group", "rseq", "rt_sigreturn", "sigreturn"} and a[1] is None))' "$got" ||
	fail "prod_web_nginx's implied_added: $got, want the implied calls the first run added, none in the second"
pass "brk, exit, exit_group, rseq in every profile; implied_added in the run that added them"

# The merged profile holds both replicas' calls; each profile runs each of
# its containers under both runtimes as without seccomp.
P=$LS/profiles
rt_names "$P/prod_web_nginx.json" | grep -x uname > /dev/null && rt_names "$P/prod_web_nginx.json" | grep -x sched_getaffinity > /dev/null ||
	fail "prod_web_nginx.json lacks a replica's calls (uname, sched_getaffinity)"
ls_prove "$P/prod_web_nginx.json" "$T/ref1-runc" -- "${w1[@]}"
ls_prove "$P/prod_web_nginx.json" "$T/ref2-runc" -- "${w2[@]}"
ls_prove "$P/batch_backup_tar.json" "$T/ref1-runc" -- "${w1[@]}"
ls_prove "$P/meta-app.json" "$T/ref2-runc" -- "${w2[@]}"
ls_prove "$P/sclog-listen-$$-bare.json" "$T/ref1-runc" -- "${w1[@]}"
pass "every profile runs each of its containers under runc and under crun with the same output and status"

# Negative controls.
rt_without "$P/prod_web_nginx.json" "$T/minus.json" uname
ls_policy_bundle "$T/minus" "$T/minus.json" -- "${w1[@]}"
ls_run runc "$T/minus" "$T/minus-runc" "sclog-listen-$$-minus"
! rt_same "$T/minus-runc" "$T/ref1-runc" || fail "prod_web_nginx.json without uname still runs w1"
ls_bundle "$T/web3" cri prod web-7d4b9c8f6d-zz2kq nginx2 -- "${w1[@]}"
ls_run crun "$T/web3" "$T/r-web3" "sclog-listen-$$-web3"
ls_wait prod_web_nginx2 1
[ "$(ls_field prod_web_nginx 'r["containers"]')" = 2 ] || fail "another container name changed prod_web_nginx"
pass "negative controls: without uname the merged profile fails w1 ($(rt_show "$T/minus-runc")); container name nginx2 is another profile"

# SIGTERM while a container runs: its profile so far, marked incomplete.
ls_stop_running "sclog-listen-$$"
pass "SIGTERM with a container running: exit 0, its profile so far written, the report incomplete: $(ls_field prod_long_sleeper 'r["runs"][-1]["incomplete"]')"

# --base: the profile without uname is the base; the recording profile
# allows its calls (uname stays notified), the result has them all.
rt_without "$P/prod_web_nginx.json" "$T/base.json" uname
rm -rf "$P"
ls_start --base "$T/base.json"
"$RT_PY" - "$LS/recording.json" <<'PY' || fail "--base: the recording profile does not allow the base's calls"
import json, sys
p = json.load(open(sys.argv[1]))
allowed = {n for r in p["syscalls"] if r["action"] == "SCMP_ACT_ALLOW" for n in r["names"]}
notified = {n for r in p["syscalls"] if r["action"] == "SCMP_ACT_NOTIFY" for n in r["names"]}
sys.exit(0 if "sched_getaffinity" in allowed and "uname" in notified else 1)
PY
ls_run runc "$T/web1" "$T/b-web1" "sclog-listen-$$-bweb1"
ls_wait prod_web_nginx 1
ls_stop
diff <(rt_names "$T/base.json" | grep -v '^uname$' || true) <(rt_names "$P/prod_web_nginx.json" | grep -v '^uname$') > /dev/null ||
	note "--base: the profile has calls beyond the base and uname: $(diff <(rt_names "$T/base.json") <(rt_names "$P/prod_web_nginx.json") | tr '\n' ' ')"
rt_names "$P/prod_web_nginx.json" | grep -x uname > /dev/null && rt_names "$P/prod_web_nginx.json" | grep -x sched_getaffinity > /dev/null ||
	fail "--base: the profile lacks uname or the base's sched_getaffinity"
ls_prove "$P/prod_web_nginx.json" "$T/ref1-runc" -- "${w1[@]}"
ls_prove "$P/prod_web_nginx.json" "$T/ref2-runc" -- "${w2[@]}"
pass "--base: the base's calls allowed, not notified; the profile is the base plus uname and runs both replicas under runc and crun"
