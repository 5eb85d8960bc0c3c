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
	version=$("${CTR[@]}" version | awk '/Server:/ { s = 1 } s && /Version:/ { print $2; exit }')
}

