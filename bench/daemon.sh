#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The first recording of a container a daemon starts, collector against
# collector: redis-server and redis-benchmark (REQUESTS requests of SET and
# GET, 50 clients) inside one runc container started by `ctr run` through a
# private containerd (tests/containers/ctd.sh; the host's /usr and /etc,
# read-only, the host's network on a private port), REPEATS times each,
# interleaved:
#   * the container without seccomp,
#   * the container with the profile the bpf recording wrote (enforced),
#   * `sclog run --container --backend notify -- ctr run …` (every call a
#     round trip to sclog, runc's own calls allowed unseen),
#   * `sclog run --container --backend bpf -- ctr run …` (an allow-all
#     profile that notifies execve only; the calls counted in the kernel).
# Prints the median wall time of the load (timed inside the container) and
# of the whole command, and the ratios to the first.  As root, from the
# repository, with redis-server and redis-tools, containerd and runc:
#   bench/daemon.sh [REQUESTS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-200000}
repeats=${2:-5}
. bench/lib.sh
bench_need "" redis-server redis-benchmark redis-cli ctr containerd runc
RT_TIMEOUT=${RT_TIMEOUT:-900}
. tests/containers/lib.sh
. tests/containers/ctd.sh
ctd_start
port=$((20000 + $$ % 20000))

mkdir -p "$T/load" "$T/rootfs"/{usr,etc,tmp,proc,dev,sys,load}
for l in bin lib lib64 sbin; do ln -s "usr/$l" "$T/rootfs/$l"; done
bench_redis_load "$T/load/load.sh"
mounts=(--mount type=bind,src=/usr,dst=/usr,options=rbind:ro
	--mount type=bind,src=/etc,dst=/etc,options=rbind:ro
	--mount "type=bind,src=$T/load,dst=/load,options=rbind:ro")

# one KIND N: one run; prints "LOAD-SECONDS TOTAL-SECONDS"
one() {
	local kind=$1 n=$2 out=$T/run-$1 t0 t1
	local -a pre=() sec=()
	case $kind in
	enforced) sec=(--seccomp --seccomp-profile "$T/profile-bpf.json") ;;
	notify) pre=("$SCLOG" run -q --container --backend notify -o "$T/profile-notify.json" --) ;;
	bpf) pre=("$SCLOG" run -q --container --backend bpf -o "$T/profile-bpf.json"
		--report "$T/report-bpf.json" --) ;;
	esac
	t0=$(date +%s.%N)
	_rt_io "$out" timeout -k 5 "$RT_TIMEOUT" "${pre[@]}" "${CTR[@]}" run --rm --net-host \
		"${sec[@]}" "${mounts[@]}" --rootfs "$T/rootfs" "bench-$kind-$NS" \
		/bin/sh /load/load.sh "$n" "$port"
	t1=$(date +%s.%N)
	bench_times "$kind" "$out" "$t0" "$t1"
}

# The profile to enforce: recorded once, with a short load.
one bpf 2000 > /dev/null
printf 'machine: %s, %s cores, kernel %s; containerd %s, runc %s; redis %s; %s requests (SET, GET), 50 clients, median of %s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$version" "$(runc --version | head -1 | awk '{print $NF}')" \
	"$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')" "$requests" "$repeats"
kinds=(native enforced notify bpf)
for i in $(seq "$repeats"); do
	for kind in "${kinds[@]}"; do
		one "$kind" "$requests" >> "$T/$kind.times"
	done
done

declare -A names=([native]="ctr run, no seccomp" [enforced]="ctr run, the recorded profile"
	[notify]="first recording, --backend notify" [bpf]="first recording, --backend bpf")
echo
bench_table native 34 names "${kinds[@]}"
echo
echo "last bpf recording: calls counted, complete: $("$RT_PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["records_seen"], r["complete"])' "$T/report-bpf.json")"
echo "goal: a first recording with --backend bpf <= 1.2x the container without seccomp (load)"
