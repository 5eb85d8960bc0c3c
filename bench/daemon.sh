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
SCLOG=${SCLOG:-$PWD/build/sclog}
[ -x "$SCLOG" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
for t in redis-server redis-benchmark redis-cli ctr containerd runc; do
	command -v "$t" > /dev/null || { echo "$t is not installed" >&2; exit 1; }
done
RT_TIMEOUT=${RT_TIMEOUT:-900}
. tests/containers/lib.sh
. tests/containers/ctd.sh
ctd_start
port=$((20000 + $$ % 20000))

mkdir -p "$T/load" "$T/rootfs"/{usr,etc,tmp,proc,dev,sys,load}
for l in bin lib lib64 sbin; do ln -s "usr/$l" "$T/rootfs/$l"; done
cat > "$T/load/load.sh" <<'SH'
#!/bin/sh
# redis-server in the background, the load, a clean shutdown.
n=$1 port=$2
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
	--daemonize no --loglevel warning > /dev/null 2>&1 &
sleep 0.2
i=0
until redis-cli -p "$port" ping > /dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 400 ] || { echo "redis-server did not start" >&2; exit 1; }
	sleep 0.05
done
t0=$(date +%s.%N)
redis-benchmark -h 127.0.0.1 -p "$port" -n "$n" -c 50 -t set,get -q > /tmp/bench.out 2>&1 || exit 1
t1=$(date +%s.%N)
redis-cli -p "$port" shutdown nosave > /dev/null 2>&1
wait
echo "load $t0 $t1"
SH
chmod 755 "$T/load/load.sh"
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
	grep -q '^load ' "$out.out" || { echo "$kind run failed: $(rt_show "$out")" >&2; exit 1; }
	awk -v t0="$t0" -v t1="$t1" '/^load / { printf "%.3f %.3f\n", $3 - $2, t1 - t0 }' "$out.out"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

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

echo
printf '%-34s %10s %8s %10s %8s\n' "" "load (s)" "ratio" "total (s)" "ratio"
base_load=$(cut -d' ' -f1 "$T/native.times" | median)
base_total=$(cut -d' ' -f2 "$T/native.times" | median)
for kind in "${kinds[@]}"; do
	l=$(cut -d' ' -f1 "$T/$kind.times" | median)
	t=$(cut -d' ' -f2 "$T/$kind.times" | median)
	case $kind in
	native) name="ctr run, no seccomp" ;;
	enforced) name="ctr run, the recorded profile" ;;
	notify) name="first recording, --backend notify" ;;
	bpf) name="first recording, --backend bpf" ;;
	esac
	awk -v n="$name" -v l="$l" -v t="$t" -v bl="$base_load" -v bt="$base_total" \
		'BEGIN { printf "%-34s %10.3f %7.2fx %10.3f %7.2fx\n", n, l, l / bl, t, t / bt }'
done
echo
echo "last bpf recording: calls counted, complete: $("$RT_PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["records_seen"], r["complete"])' "$T/report-bpf.json")"
echo "goal: a first recording with --backend bpf <= 1.2x the container without seccomp (load)"
