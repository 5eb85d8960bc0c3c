#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The cost of recording a container in place (`sclog run --container`) for a
# syscall-heavy server under a realistic client load: redis-server and
# redis-benchmark (REQUESTS requests of SET and GET, 50 clients) on
# 127.0.0.1 inside one container (the host's /usr, read-only), run by
# RUNTIME (runc, or crun), measured side by side in one run, REPEATS times
# each, interleaved:
#   * the container without seccomp (what the runtime costs alone),
#   * the container with the profile sclog recorded (the allowlist enforced),
#   * the container under a bare "default SCMP_ACT_LOG" profile that nobody
#     reads: what the kernel's audit record per syscall costs by itself, the
#     floor for any recording from audit records,
#   * the container under `sclog run --container` (the recording),
#   * the same with `--base` the profile of an earlier recording, the way a
#     profile is refined (what it already allows is not logged).
#   * the container under `sclog run --container --backend notify` (the
#     runtime sends its listener to sclog; no audit records).
#   * the container under `sclog run --container --backend bpf` (an
#     allow-all profile, the calls counted in the kernel), where it loads.
# Prints the median wall time of the load (timed inside the container) and
# of the whole runtime command, and the ratios to the first.  As root, from
# the repository, with redis-server and redis-tools installed:
#   bench/container.sh [REQUESTS] [REPEATS] [RUNTIME]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-200000}
repeats=${2:-5}
runtime=${3:-runc}
SCLOG=${SCLOG:-$PWD/build/sclog}
[ -x "$SCLOG" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
for t in redis-server redis-benchmark redis-cli "$runtime"; do
	command -v "$t" > /dev/null || { echo "$t is not installed (apt-get install redis-server redis-tools $runtime)" >&2; exit 1; }
done
RT_TIMEOUT=${RT_TIMEOUT:-900}
. tests/containers/lib.sh

cat > "$T/load.sh" <<'SH'
#!/bin/sh
# redis-server in the background, the load, a clean shutdown.
n=$1
redis-server --port 6379 --bind 127.0.0.1 --save '' --appendonly no \
	--daemonize no --loglevel warning > /dev/null 2>&1 &
# Always sleep once first: whether the loop sleeps must not depend on how
# fast redis starts, or a profile recorded when it did not would lack what
# sleep needs (here clock_gettime: the vDSO falls back to the syscall).
sleep 0.2
i=0
until redis-cli -p 6379 ping > /dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 400 ] || { echo "redis-server did not start" >&2; exit 1; }
	sleep 0.05
done
t0=$(date +%s.%N)
redis-benchmark -h 127.0.0.1 -p 6379 -n "$n" -c 50 -t set,get -q > /tmp/bench.out 2>&1 || exit 1
t1=$(date +%s.%N)
redis-cli -p 6379 shutdown nosave > /dev/null 2>&1
wait
echo "load $t0 $t1"
tr '\r' '\n' < /tmp/bench.out | grep -E '^(SET|GET):.*requests per second' | sed 's/ *$//'
SH
chmod 755 "$T/load.sh"
mkdir -p "$T/state"
b=$T/bundle
rt_bundle "$b"
g=(--root "$T/state")
[ "$runtime" = crun ] && g+=(--cgroup-manager=disabled)

# one KIND N: one run; prints "LOAD-SECONDS TOTAL-SECONDS"
one() {
	local kind=$1 n=$2 out=$T/run-$1 t0 t1
	local -a pre=()
	case $kind in
	native) rt_config "$b" none true / "$T" -- /bin/sh "$T/load.sh" "$n" ;;
	enforced) rt_config "$b" "$T/profile.json" true / "$T" -- /bin/sh "$T/load.sh" "$n" ;;
	logged) rt_config "$b" "$T/logall.json" true / "$T" -- /bin/sh "$T/load.sh" "$n" ;;
	sclog)
		rt_config "$b" none true / "$T" -- /bin/sh "$T/load.sh" "$n"
		pre=("$SCLOG" run -q --container -o "$T/profile.json" --report "$T/report.json" --)
		;;
	base)
		rt_config "$b" none true / "$T" -- /bin/sh "$T/load.sh" "$n"
		pre=("$SCLOG" run -q --container --base "$T/profile.json" -o "$T/profile2.json" --)
		;;
	notify)
		rt_config "$b" none true / "$T" -- /bin/sh "$T/load.sh" "$n"
		pre=("$SCLOG" run -q --container --backend notify -o "$T/profile-notify.json" --)
		;;
	bpf)
		rt_config "$b" none true / "$T" -- /bin/sh "$T/load.sh" "$n"
		pre=("$SCLOG" run -q --container --backend bpf -o "$T/profile-bpf.json"
			--report "$T/report-bpf.json" --)
		;;
	esac
	t0=$(date +%s.%N)
	ct_exec "$runtime" "$out" -- "${pre[@]}" "$runtime" "${g[@]}" run -b "$b" "sclog-bench-$BASHPID"
	t1=$(date +%s.%N)
	# A recording sclog calls incomplete (the kernel dropped a record: its
	# audit backlog overflowed) still timed the load; it is counted.
	if [ "$(cat "$out.rc")" = 125 ] && grep -q INCOMPLETE "$out.err"; then
		echo "$kind: $(grep -A3 INCOMPLETE "$out.err" | tail -n +2 | tr '\n' ' ')" >> "$T/incomplete"
	elif [ "$(cat "$out.rc")" != 0 ]; then
		echo "$kind run failed: $(rt_show "$out")" >&2
		exit 1
	fi
	grep -q '^load ' "$out.out" || { echo "$kind run failed: $(rt_show "$out")" >&2; exit 1; }
	awk -v t0="$t0" -v t1="$t1" '/^load / { printf "%.3f %.3f\n", $3 - $2, t1 - t0 }' "$out.out"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The profile to enforce: recorded once, with a short load.
one sclog 2000 > /dev/null
# The kernel's floor: every syscall logged, no reader (the same arches).
"$RT_PY" -c 'import json, sys; p = json.load(open(sys.argv[1]))
json.dump({"defaultAction": "SCMP_ACT_LOG", "architectures": p.get("architectures", []),
           "syscalls": []}, open(sys.argv[2], "w"))' "$T/profile.json" "$T/logall.json"
printf 'machine: %s, %s cores, kernel %s; %s %s; redis %s; %s requests (SET, GET), 50 clients, median of %s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$runtime" "$("$runtime" --version | head -1 | awk '{print $NF}')" \
	"$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')" "$requests" "$repeats"
kinds=(native enforced logged sclog base notify)
"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> /dev/null && kinds+=(bpf) ||
	echo "(the bpf collector does not load here: no bpf row)"
for i in $(seq "$repeats"); do
	for kind in "${kinds[@]}"; do
		one "$kind" "$requests" >> "$T/$kind.times"
	done
done
recs=$("$RT_PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["records_seen"], r["records_lost"], r["complete"])' "$T/report.json")

echo
printf '%-28s %10s %8s %10s %8s\n' "" "load (s)" "ratio" "total (s)" "ratio"
base_load=$(cut -d' ' -f1 "$T/native.times" | median)
base_total=$(cut -d' ' -f2 "$T/native.times" | median)
for kind in "${kinds[@]}"; do
	l=$(cut -d' ' -f1 "$T/$kind.times" | median)
	t=$(cut -d' ' -f2 "$T/$kind.times" | median)
	case $kind in
	native) name="$runtime, no seccomp" ;;
	enforced) name="$runtime, recorded profile" ;;
	logged) name="$runtime, LOG all, no reader" ;;
	sclog) name="sclog run --container" ;;
	base) name="  the same, --base profile" ;;
	notify) name="  --backend notify" ;;
	bpf) name="  --backend bpf" ;;
	esac
	awk -v n="$name" -v l="$l" -v t="$t" -v bl="$base_load" -v bt="$base_total" \
		'BEGIN { printf "%-28s %10.3f %7.2fx %10.3f %7.2fx\n", n, l, l / bl, t, t / bt }'
done
echo
echo "last recording: records seen, lost, complete: $recs"
[ ! -f "$T/report-bpf.json" ] ||
	echo "last bpf recording: calls counted, complete: $("$RT_PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["records_seen"], r["complete"])' "$T/report-bpf.json")"
if [ -s "$T/incomplete" ]; then
	echo "recordings sclog called incomplete: $(wc -l < "$T/incomplete") of $((2 * repeats + 1))"
	sed 's/^/  /' "$T/incomplete"
fi
echo "audit: $(auditctl -s 2> /dev/null | grep -E '^(backlog_limit|backlog_wait_time|lost) ' | tr '\n' ' ')"
echo "goal: sclog run --container <= 1.10x the container without seccomp (load); --backend bpf <= 1.2x"
echo "(\"LOG all, no reader\" is the kernel's own cost of one audit record per syscall:"
echo " no recording from audit records can be cheaper than that row)"
