# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the `sclog listen` tests (t_listen*.sh): the agent started in
# the background (stopped at exit, by its pid), and runc and crun bundles
# that load its recording profile and carry the annotations a Kubernetes
# runtime sets (containerd's CRI, CRI-O), as the agent would see them on a
# node.  Kubernetes itself does not run here: these bundles play its part.
#
#   ls_start [ARGS...]      start `sclog listen` on $LS/run/sclog.sock
#                           (--dir $LS/profiles, --profile $LS/recording.json,
#                           ARGS added), its stderr in $LS/agent.log, its pid
#                           in LS_PID; waits until it listens
#   ls_stop                 SIGTERM, wait; its status in LS_RC
#   ls_bundle DIR SCHEME NS POD CTR -- ARGS...
#                           a bundle (the host's /usr and /etc) whose
#                           linux.seccomp is the recording profile; SCHEME
#                           cri, crio (the three annotations), meta (NS is
#                           the listenerMetadata) or none
#   ls_policy_bundle DIR POLICY -- ARGS...
#                           the same container under POLICY (or none)
#   ls_run RT BUNDLE OUT ID one `RT run` (rt_container's way), output in
#                           OUT.{out,err,rc}
#   ls_wait NAME N          until DIR/reports/NAME.json counts N containers
#   ls_field NAME EXPR      EXPR of r, the report of NAME
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LS=$T/agent
LS_PID=
ls_start() {
	mkdir -p "$LS/run"
	chmod 700 "$LS" "$LS/run"
	rm -f "$LS/recording.json"
	"$SCLOG" listen --socket "$LS/run/sclog.sock" --dir "$LS/profiles" \
		--profile "$LS/recording.json" "$@" 2>> "$LS/agent.log" &
	LS_PID=$!
	local i
	for i in $(seq 100); do
		[ -S "$LS/run/sclog.sock" ] && [ -s "$LS/recording.json" ] && return 0
		kill -0 "$LS_PID" 2> /dev/null || fail "sclog listen did not start: $(cat "$LS/agent.log")"
		sleep 0.1
	done
	fail "sclog listen does not listen after 10 s: $(cat "$LS/agent.log")"
}
_ls_cleanup() {
	[ -n "$LS_PID" ] && kill -9 "$LS_PID" 2> /dev/null || true
}
at_exit _ls_cleanup

ls_stop() {
	kill -TERM "$LS_PID"
	LS_RC=0
	wait "$LS_PID" || LS_RC=$?
	LS_PID=
}

ls_bundle() {
	local b=$1 scheme=$2 ns=$3 pod=$4 ctr=$5
	shift 5
	[ "$1" = -- ] && shift
	rt_bundle "$b"
	rt_config "$b" "$LS/recording.json" true / "" -- "$@"
	"$RT_PY" - "$b/config.json" "$scheme" "$ns" "$pod" "$ctr" <<'PY'
import json, sys
path, scheme, ns, pod, ctr = sys.argv[1:]
c = json.load(open(path))
keys = {"cri": ("io.kubernetes.cri.sandbox-namespace", "io.kubernetes.cri.sandbox-name",
                "io.kubernetes.cri.container-name"),
        "crio": ("io.kubernetes.pod.namespace", "io.kubernetes.pod.name",
                 "io.kubernetes.container.name")}
if scheme in keys:
    c["annotations"] = dict(zip(keys[scheme], (ns, pod, ctr)))
elif scheme == "meta":
    c["linux"]["seccomp"]["listenerMetadata"] = ns
json.dump(c, open(path, "w"), indent=1)
PY
}

ls_policy_bundle() {
	local b=$1 pol=$2
	shift 2
	[ "$1" = -- ] && shift
	rt_bundle "$b"
	rt_config "$b" "$pol" true / "" -- "$@"
}

ls_run() {
	local rt=$1 b=$2 out=$3 id=$4 state=$T/state-$1
	local -a cmd
	mkdir -p "$state"
	case $rt in
	crun) cmd=(crun --root "$state" --cgroup-manager=disabled run -b "$b" "$id") ;;
	runc) cmd=(runc --root "$state" run -b "$b" "$id") ;;
	esac
	ct_exec "$rt" "$out" -- "${cmd[@]}"
}

ls_field() {
	report_field "$LS/profiles/reports/$1.json" "$2"
}

ls_wait() {
	local name=$1 n=$2 i
	for i in $(seq 300); do
		if [ -s "$LS/profiles/reports/$name.json" ] &&
			[ "$(ls_field "$name" 'r["containers"]')" -ge "$n" ]; then
			return 0
		fi
		sleep 0.1
	done
	fail "no report of $n containers named $name after 30 s: $(ls "$LS/profiles/reports" 2>&1 | tr '\n' ' '); agent: $(tail -5 "$LS/agent.log")"
}
