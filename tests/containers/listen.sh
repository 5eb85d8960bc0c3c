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
#   ls_at_once PREFIX RT:NAME...
#                           the bundles $T/NAME at once, each in its RT
#                           (ls_run: id PREFIX-NAME, output in $T/r-NAME);
#                           returns when all ended
#   ls_wait NAME N          until DIR/reports/NAME.json counts N containers
#   ls_field NAME EXPR      EXPR of r, the report of NAME
#   ls_prove POLICY REF -- ARGS...
#                           the container ARGS under POLICY, once in runc,
#                           once in crun: each like REF (rt_same), or fail
#   ls_burst N K BUNDLE ID REF
#                           N containers of BUNDLE at once, K at a time,
#                           even ones in crun, odd ones in runc, ids ID-1
#                           to ID-N: each like REF, and N reports of ID-*
#                           within 10 s, or fail; LS_TOOK: the runs' ms
#   ls_stop_running PREFIX  SIGTERM to the agent while a container (crun,
#                           CRI prod/long-hv7kq/sleeper, id PREFIX-long)
#                           runs: exit 0, its profile so far (uname)
#                           written, its report incomplete for SIGTERM
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

ls_at_once() {
	local prefix=$1 x
	local -a jobs=()
	shift
	for x; do
		ls_run "${x%%:*}" "$T/${x#*:}" "$T/r-${x#*:}" "$prefix-${x#*:}" &
		jobs+=($!)
	done
	wait "${jobs[@]}"
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

ls_prove() {
	local pol=$1 ref=$2 rt b=$T/prove-$RANDOM
	shift 2
	[ "$1" = -- ] && shift
	ls_policy_bundle "$b" "$pol" -- "$@"
	for rt in runc crun; do
		ls_run "$rt" "$b" "$b-$rt" "sclog-ls-$$-p$RANDOM"
		rt_same "$b-$rt" "$ref" || fail "$(basename "$pol") with $* under $rt: $(rt_show "$b-$rt")"
	done
}

# Each container runs as ls_run would, without sourcing the test library
# N times.
ls_burst() {
	local n=$1 k=$2 b=$3 id=$4 ref=$5 i start
	local -a crunwrap=()
	rt_hybrid_cgroups && crunwrap=(unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' sh)
	mkdir -p "$T/state-runc" "$T/state-crun"
	start=$(date +%s%N)
	seq "$n" | xargs -P "$k" -I{} bash -c '
		i=$1 t=$2 b=$3 id=$4-$1
		shift 4
		if [ $((i % 2)) = 0 ]; then
			set -- "$@" crun --root "$t/state-crun" --cgroup-manager=disabled run -b "$b" "$id"
		else
			set -- runc --root "$t/state-runc" run -b "$b" "$id"
		fi
		{ timeout -k 5 60 "$@" < /dev/null 2> "$t/b-$i.err"; echo $? > "$t/b-$i.rc"; } | cat > "$t/b-$i.out"
	' sh {} "$T" "$b" "$id" "${crunwrap[@]}"
	LS_TOOK=$((($(date +%s%N) - start) / 1000000))
	for i in $(seq "$n"); do
		rt_same "$T/b-$i" "$ref" || fail "burst container $i: $(rt_show "$T/b-$i")"
	done
	for i in $(seq 150); do
		[ "$(ls "$LS/profiles/reports" | grep -c "^$id-")" = "$n" ] && return 0
		sleep 0.2
	done
	fail "burst: $(ls "$LS/profiles/reports" | grep -c "^$id-") reports of $n after 30 s"
}

ls_stop_running() {
	local id=$1-long runner i
	ls_bundle "$T/long" cri prod long-hv7kq sleeper -- /bin/sh -c 'uname -s; exec sleep 60'
	ls_run crun "$T/long" "$T/r-long" "$id" &
	runner=$!
	# Stopped once uname has answered (its output came): a fixed delay was no
	# bound on a loaded machine.
	for i in $(seq 300); do
		grep -qx "$(uname -s)" "$T/r-long.out" 2> /dev/null && break
		sleep 0.1
	done
	grep -qx "$(uname -s)" "$T/r-long.out" 2> /dev/null ||
		fail "the long container did not run uname in 30 s: $(tail -5 "$LS/agent.log")"
	ls_stop
	[ "$LS_RC" = 0 ] || fail "sclog listen after SIGTERM: status $LS_RC"
	[ "$(ls_field prod_long_sleeper '(r["complete"], "SIGTERM" in r["runs"][-1]["incomplete"])')" = "(False, True)" ] ||
		fail "the running container's report: $(cat "$LS/profiles/reports/prod_long_sleeper.json")"
	rt_names "$LS/profiles/prod_long_sleeper.json" | grep -x uname > /dev/null ||
		fail "the running container's profile lacks uname"
	crun --root "$T/state-crun" kill "$id" KILL 2> /dev/null || true
	wait "$runner" || true
}
