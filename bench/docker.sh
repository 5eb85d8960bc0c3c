#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The cost of recording a container Docker starts (`sclog run --container --
# docker run`) for a syscall-heavy server under a client load: redis-server
# in a container of a private Docker Engine (tests/containers/docker.sh:
# Debian trixie's docker.io, unpacked, with its own socket, data root and
# containerd, no bridge), on the host's network (`--network host`) on a
# private port, and the host's redis-benchmark (REQUESTS requests of SET and
# GET, 50 clients) driving it.  The image is a Debian bullseye root
# filesystem with redis-server, made and cached by tests/containers/lib.sh
# (ct_rootfs, its own package set) and imported into the daemon.  Side by
# side in one run, REPEATS times each, the order turned each round:
#   * no seccomp (`--security-opt seccomp=unconfined`),
#   * Docker's default profile (no option),
#   * the profile P sclog recorded (`--security-opt seccomp=P`),
#   * a first recording (`sclog run --container -- docker run …`: the
#     notify collector, every call of the container a round trip to sclog),
#   * `--base P`: the recording that only looks at what P lacks,
#   * `sclog check --container --policy P`: the CI smoke test of the image.
# Prints the machine's load, the median wall time of the load (timed on the
# host around redis-benchmark) and of the whole `docker run` (start, load,
# shutdown), their ratios to no seccomp, and the calls each recording was
# notified of (the round trips).  As root, from the repository, with
# redis-tools installed:
#   bench/docker.sh [REQUESTS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-100000}
repeats=${2:-3}
. bench/lib.sh
bench_need redis-tools redis-benchmark redis-cli
. tests/containers/lib.sh
. tests/containers/docker.sh
require_root

# The image: bullseye with redis-server (another package set, so another
# cache directory than the tests' python3 one).
CT_PACKAGES=redis-server
ct_rootfs bullseye
dk_fetch trixie
dk_start bench
dk_image sclog-redis:bench
port=$((20000 + $$ % 20000))
server=(redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no
	--daemonize no --loglevel warning)
run=(run --rm --network host)

# one KIND N: one container under a load of N requests; prints "LOAD TOTAL"
# (seconds).  The container runs attached, in the background; redis-cli's
# shutdown ends it, and with it docker run (and sclog).
one() {
	local kind=$1 n=$2 out=$T/run-$1 t0 t1 l0 l1 pid i rc
	local -a cmd=()
	case $kind in
	unconfined) cmd=("${DK[@]}" "${run[@]}" --security-opt seccomp=unconfined) ;;
	default) cmd=("${DK[@]}" "${run[@]}") ;;
	enforced) cmd=("${DK[@]}" "${run[@]}" --security-opt "seccomp=$T/profile.json") ;;
	first)
		cmd=("$SCLOG" run -q --container -o "$T/first.json" --report "$T/first.report.json"
			-- "${DK[@]}" "${run[@]}")
		;;
	base)
		cmd=("$SCLOG" run -q --container --base "$T/profile.json" -o "$T/base.json"
			--report "$T/base.report.json" -- "${DK[@]}" "${run[@]}")
		;;
	check)
		cmd=("$SCLOG" check -q --container --policy "$T/profile.json"
			--report "$T/check.report.json" -- "${DK[@]}" "${run[@]}")
		;;
	esac
	# sclog's own CPU time (user + system, its children's included: the
	# docker client's), to tell its share from the container's.
	[ "${cmd[0]}" != "$SCLOG" ] || cmd=(/usr/bin/time -f '%U %S' -o "$out.cpu" "${cmd[@]}")
	t0=$(date +%s.%N)
	"${cmd[@]}" sclog-redis:bench "${server[@]}" < /dev/null > "$out.out" 2> "$out.err" &
	pid=$!
	for i in $(seq 1200); do
		redis-cli -p "$port" ping > /dev/null 2>&1 && break
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.05
	done
	redis-cli -p "$port" ping > /dev/null 2>&1 || {
		kill "$pid" 2> /dev/null || true
		echo "$kind: redis-server did not answer: $(tail -3 "$out.err")" >&2
		exit 1
	}
	l0=$(date +%s.%N)
	redis-benchmark -h 127.0.0.1 -p "$port" -n "$n" -c 50 -t set,get -q > "$out.bench" 2>&1
	l1=$(date +%s.%N)
	redis-cli -p "$port" shutdown nosave > /dev/null 2>&1 || true
	rc=0
	wait "$pid" || rc=$?
	t1=$(date +%s.%N)
	# A recording a Go preemption signal disturbed is incomplete (125):
	# it still timed the load, and is counted apart.
	if [ "$rc" = 125 ] && grep -q INCOMPLETE "$out.err"; then
		echo "$kind: $(grep -A2 INCOMPLETE "$out.err" | tail -n +2 | tr '\n' ' ')" >> "$T/incomplete"
	elif [ "$rc" != 0 ] && ! { [ "$kind" = check ] && [ "$rc" = 1 ]; }; then
		echo "$kind run failed ($rc): $(tail -5 "$out.err")" >&2
		exit 1
	fi
	[ -s "$out.cpu" ] && awk '{ printf "%.2f\n", $1 + $2 }' "$out.cpu" >> "$T/$kind.cpu"
	rm -f "$out.cpu"
	awk -v l0="$l0" -v l1="$l1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.3f %.3f\n", l1 - l0, t1 - t0 }'
}

calls() { "$RT_PY" -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(r["records_seen"], r["complete"], r["counters"].get("unreceived", 0))' "$1"; }

# P: recorded once under a short load, again while a signal disturbed it.
for try in 1 2 3 4 5; do
	rm -f "$T/incomplete"
	one first 2000 > /dev/null
	[ -s "$T/incomplete" ] || break
done
[ ! -s "$T/incomplete" ] || { echo "no complete first recording in 5 tries" >&2; exit 1; }
cp "$T/first.json" "$T/profile.json"
rm -f "$T/first.cpu"

printf 'machine: %s, %s cores, kernel %s, load %s; Docker Engine %s, runc %s; redis-server %s (bullseye) in the container, redis-benchmark %s on the host; %s requests (SET, GET), 50 clients, median of %s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$DK_VERSION" \
	"$(runc --version | head -1 | awk '{print $NF}')" \
	"$(chroot "$CT_ROOTFS" redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')" \
	"$(redis-benchmark --version | awk '{print $2}')" "$requests" "$repeats"
kinds=(unconfined default enforced first base check)
for i in $(seq "$repeats"); do
	for k in $(seq 0 $((${#kinds[@]} - 1))); do
		kind=${kinds[$(((i + k) % ${#kinds[@]}))]}
		one "$kind" "$requests" >> "$T/$kind.times"
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A names=([unconfined]="docker run, no seccomp" [default]="docker run, Docker's default"
	[enforced]="docker run, recorded profile P" [first]="sclog run --container (first)"
	[base]="  the same, --base P" [check]="sclog check --container --policy P")
echo
bench_table unconfined 34 names "${kinds[@]}"
echo
echo "calls notified (round trips to sclog), complete, interrupted by a signal, last run:"
for kind in first base check; do
	echo "  $kind: $(calls "$T/$kind.report.json")"
done
echo "  P names $(policy_names "$T/profile.json" | wc -l) syscalls"
echo "CPU seconds of sclog and the docker client (median): first $(median < "$T/first.cpu"), base $(median < "$T/base.cpu"), check $(median < "$T/check.cpu")"
echo "every sample (load seconds):"
for kind in "${kinds[@]}"; do
	echo "  $kind: $(cut -d' ' -f1 "$T/$kind.times" | tr '\n' ' ')"
done
if [ -s "$T/incomplete" ]; then
	echo "recordings sclog called incomplete: $(wc -l < "$T/incomplete")"
	sed 's/^/  /' "$T/incomplete"
fi
echo "goal: sclog run --container --base P <= 1.10x docker run without seccomp (load)"
