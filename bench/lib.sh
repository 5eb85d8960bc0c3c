# SPDX-License-Identifier: GPL-2.0-only
# What the benchmarks share, sourced from the repository.  The container
# benchmarks (bench/container.sh, daemon.sh, docker.sh) need
# tests/containers/lib.sh (rt_show, $T) for bench_redis_load, bench_times
# and bench_table.
#
#   bench_need HINT TOOL...
#                          sets SCLOG (default build/sclog); exits 1, saying
#                          what to do, unless it is built and every TOOL is
#                          installed (HINT: the packages, or "")
#   bench_best N CMD...    the best of N runs of CMD in wall seconds, its
#                          stdout discarded; when it fails, its stderr
#                          ($B/last.err, $B the caller's scratch directory)
#                          is shown and 1 returned
#   bench_getppid REPORT   "COUNT COMPLETE COLLECTOR" of a run's report:
#                          its getppid calls, its completeness, its
#                          collector
#   bench_redis_load FILE  writes FILE, the shell script run in the
#                          container: `FILE N [PORT]` starts redis-server
#                          on 127.0.0.1:PORT (6379), runs redis-benchmark's
#                          N requests of SET and GET (50 clients), shuts the
#                          server down, and prints "load T0 T1" (the times
#                          around the load) and its requests per second
#   bench_times KIND OUT T0 T1
#                          "LOAD-SECONDS TOTAL-SECONDS" of the run of KIND
#                          whose output is OUT.out (from bench_redis_load's
#                          script), T0 and T1 the times around the whole
#                          command; exits 1 when the run printed no load
#   median                 the median of the numbers on stdin, one a line
#   bench_table BASE WIDTH NAMES KIND...
#                          the median load and total seconds of each KIND
#                          ($T/KIND.times, lines of "LOAD TOTAL") and their
#                          ratios to BASE's, one row each named by the
#                          associative array NAMES, WIDTH columns for names

bench_need() {
	local hint=$1 t
	shift
	SCLOG=${SCLOG:-$PWD/build/sclog}
	[ -x "$SCLOG" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
	for t; do
		command -v "$t" > /dev/null || { echo "$t is not installed${hint:+ (apt-get install $hint)}" >&2; exit 1; }
	done
}

bench_best() {
	local n=$1 best="" t0 t1
	shift
	for _ in $(seq "$n"); do
		t0=$(date +%s.%N)
		"$@" > /dev/null 2> "$B/last.err" || { cat "$B/last.err" >&2; return 1; }
		t1=$(date +%s.%N)
		best=$(echo "$t0 $t1 ${best:-}" | awk '{d=$2-$1; if ($3 == "" || d < $3) print d; else print $3}')
	done
	echo "$best"
}

bench_getppid() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(s["count"] for s in r["syscalls"] if s["name"]=="getppid"), r["complete"], r.get("collector"))' "$1"
}

bench_redis_load() {
	cat > "$1" <<'SH'
#!/bin/sh
# redis-server in the background, the load, a clean shutdown.
n=$1 port=${2:-6379}
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
	--daemonize no --loglevel warning > /dev/null 2>&1 &
# Always sleep once first: whether the loop sleeps must not depend on how
# fast redis starts, or a profile recorded when it did not would lack what
# sleep needs (here clock_gettime: the vDSO falls back to the syscall).
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
# dash's wait suspends (rt_sigsuspend) only while a child still runs:
# whether redis has exited by then must not decide what the profile holds,
# or a run under a profile recorded when it had loops on EPERM.  So one
# wait always suspends.
sleep 0.1 &
wait $!
redis-cli -p "$port" shutdown nosave > /dev/null 2>&1
wait
echo "load $t0 $t1"
tr '\r' '\n' < /tmp/bench.out | grep -E '^(SET|GET):.*requests per second' | sed 's/ *$//'
SH
	chmod 755 "$1"
}

bench_times() {
	grep -q '^load ' "$2.out" || { echo "$1 run failed: $(rt_show "$2")" >&2; exit 1; }
	awk -v t0="$3" -v t1="$4" '/^load / { printf "%.3f %.3f\n", $3 - $2, t1 - t0 }' "$2.out"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

bench_table() {
	local base=$1 width=$2 kind bl bt l t
	local -n _bench_names=$3
	shift 3
	printf "%-${width}s %10s %8s %10s %8s\n" "" "load (s)" "ratio" "total (s)" "ratio"
	bl=$(cut -d' ' -f1 "$T/$base.times" | median)
	bt=$(cut -d' ' -f2 "$T/$base.times" | median)
	for kind; do
		l=$(cut -d' ' -f1 "$T/$kind.times" | median)
		t=$(cut -d' ' -f2 "$T/$kind.times" | median)
		awk -v n="${_bench_names[$kind]}" -v l="$l" -v t="$t" -v bl="$bl" -v bt="$bt" -v w="$width" \
			'BEGIN { printf "%-" w "s %10.3f %7.2fx %10.3f %7.2fx\n", n, l, l / bl, t, t / bt }'
	done
}
