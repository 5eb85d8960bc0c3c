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
. bench/lib.sh
bench_need "redis-server redis-tools $runtime" redis-server redis-benchmark redis-cli "$runtime"
RT_TIMEOUT=${RT_TIMEOUT:-900}
. tests/containers/lib.sh

bench_redis_load "$T/load.sh"
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
	bench_times "$kind" "$out" "$t0" "$t1"
}

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

declare -A names=([native]="$runtime, no seccomp" [enforced]="$runtime, recorded profile"
	[logged]="$runtime, LOG all, no reader" [sclog]="sclog run --container"
	[base]="  the same, --base profile" [notify]="  --backend notify" [bpf]="  --backend bpf")
echo
bench_table native 28 names "${kinds[@]}"
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
