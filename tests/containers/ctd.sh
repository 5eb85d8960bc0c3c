# SPDX-License-Identifier: GPL-2.0-only
# A private containerd for the ctr tests (t_ctr.sh, t_ctr_bpf.sh); sourced
# after tests/containers/lib.sh.  Its own config, root, state and socket,
# no CRI plugin; started by ctd_start and stopped at exit, by its pid; its
# containers in a namespace of their own.
#
#   ctd_start            starts it; sets the array CTR (ctr with its address
#                        and namespace) and version (containerd's)
#   ctr_io OUT CMD...    CMD with stdin /dev/null, OUT.{out,err,rc}, bounded
#   ctr_run ID OPTS... -- CMD...   the array RUN: ctr run of the root
#                        filesystem, read-only
# The workloads, a threaded python3 and a shell pipeline:
#   ctr_workload NAME    the array ARGS, NAME's command line (python or
#                        pipeline), and DROP, the call it cannot run without
#   ctr_reference NAME   ctr run of ARGS without sclog, in $T/NAME.ref
#   ctr_rerun NAME POLICY
#                        ARGS under ctr run --seccomp-profile POLICY runs as
#                        its reference; under POLICY without DROP it does not

CTD=$T/ctd
NS=sclog-test-$$
CTD_PID=
mkdir -p "$CTD"
cat > "$CTD/config.toml" <<EOF
version = 2
root = "$CTD/root"
state = "$CTD/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTD/c.sock"
[ttrpc]
  address = "$CTD/c.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$CTD/opt"
EOF
CTR=(ctr --address "$CTD/c.sock" --namespace "$NS")

# Stop what this test started, by pid: the shims of our daemon (their
# command line names its socket), then the daemon; runc's state of our
# namespace goes with them.
ctd_stop() {
	local f pid
	for f in /proc/[0-9]*/cmdline; do
		pid=${f#/proc/}
		pid=${pid%/cmdline}
		{ tr '\0' ' ' < "$f"; } 2> /dev/null | grep -qE -- "containerd-shim.* -address $CTD/c.sock( |\$)" &&
			kill -9 "$pid" 2> /dev/null
	done
	if [ -n "$CTD_PID" ]; then
		kill "$CTD_PID" 2> /dev/null
		wait "$CTD_PID" 2> /dev/null
	fi
	ct_unmount_under "$CTD"
	rm -rf "/run/containerd/runc/$NS"
}

# ctr_io OUT CMD...: CMD with stdin /dev/null, OUT.{out,err,rc}, bounded.
ctr_io() {
	local out=$1
	shift
	_rt_io "$out" timeout -k 5 "$RT_TIMEOUT" "$@"
}

# ctr run of the root filesystem, read-only (it is shared): RUN ID OPTIONS...
# -- CMD... as an array.
ctr_run() {
	local id=$1
	shift
	local -a opts=()
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	RUN=("${CTR[@]}" run --rm --read-only "${opts[@]}" --rootfs "$CT_ROOTFS" "$id-$NS" "$@")
}

# The thread's own end (madvise of its stack, exit) races with the
# process's exit_group after join(): the sleep settles it, so that two
# recordings of the workload can be compared.
CTR_PY='import threading, time
out = []
t = threading.Thread(target=out.append, args=(7,))
t.start()
t.join()
time.sleep(0.5)
print("thread said", out[0])
raise SystemExit(3)'

ctr_workload() {
	case $1 in
	python) ARGS=(/usr/bin/python3 -c "$CTR_PY") DROP=clone ;;
	pipeline) ARGS=(/bin/sh -c 'uname -s | tr a-z A-Z | sort; exit 4') DROP=pipe ;;
	esac
}

# Both workloads end with a status of their own, never 0.
ctr_reference() {
	ctr_run "ref-$1" -- "${ARGS[@]}"
	ctr_io "$T/$1.ref" "${RUN[@]}"
	[ "$(cat "$T/$1.ref.rc")" != 0 ] && [ -s "$T/$1.ref.out" ] ||
		fail "$1 without seccomp: $(rt_show "$T/$1.ref")"
}

ctr_rerun() {
	local name=$1 p=$2
	ctr_run "pol-$name" --seccomp --seccomp-profile "$p" -- "${ARGS[@]}"
	ctr_io "$T/$name.pol" "${RUN[@]}"
	rt_same "$T/$name.pol" "$T/$name.ref" || fail "$name with the profile $p: $(rt_show "$T/$name.pol")"
	rt_without "$p" "$p.minus.json" "$DROP"
	ctr_run "minus-$name" --seccomp --seccomp-profile "$p.minus.json" -- "${ARGS[@]}"
	ctr_io "$T/$name.minus" "${RUN[@]}"
	! rt_same "$T/$name.minus" "$T/$name.ref" || fail "$name without $DROP still runs alike"
}

ctd_start() {
	at_exit ctd_stop
	containerd --config "$CTD/config.toml" > "$CTD/log" 2>&1 &
	CTD_PID=$!
	for _ in $(seq 100); do
		"${CTR[@]}" version > /dev/null 2>&1 && break
		kill -0 "$CTD_PID" 2> /dev/null || fail "containerd did not start: $(tail -3 "$CTD/log")"
		sleep 0.2
	done
	"${CTR[@]}" version > /dev/null 2>&1 || fail "containerd did not answer in 20 s: $(tail -3 "$CTD/log")"
	version=$("${CTR[@]}" version | awk '/Server:/ { s = 1 } s && /Version:/ && !n++ { print $2 }')
}

