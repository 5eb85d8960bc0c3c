#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Real servers on the host under a client load, the server recorded (the
# client outside the tree, as a user records a service): nginx under wrk,
# redis-server under redis-benchmark, postgres under pgbench.  Each server
# runs natively, under `sclog run --backend bpf` and under `--backend
# audit`, REPEATS times each, interleaved, on 127.0.0.1 with a private
# directory and port; prints the median throughput and its ratio to native
# (native / recorded: 1.05x is 5 % slower), and whether each recording was
# complete.  With SCLOG_OLD (another build of sclog, say the one before a
# change) a fourth mode, bpfold, records with it, interleaved too.  As
# root, from the repository, with nginx, wrk, redis-server, redis-tools and
# postgresql installed (tools/install-deps.sh):
#   [SCLOG_OLD=OTHER/sclog] [SPLIT=1] bench/servers.sh [SECONDS] [REPEATS] [SERVERS...]
# SERVERS: nginx redis postgres (default all three).  With SPLIT=1 the
# server (and sclog) run on CPU 0 and the client on the other CPUs, as a
# load generator on another machine would: the client then no longer
# competes with the server for the cores, though it still pays the slow
# syscall path the tracepoint puts on every task.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
repeats=${2:-3}
shift $(($# < 2 ? $# : 2))
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(nginx redis postgres)
SCLOG=${SCLOG:-$PWD/build/sclog}
[ -x "$SCLOG" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
PG=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
B=$(mktemp -d)
chmod 755 "$B"
SERVER=
stop_server() {
	if [ -n "$SERVER" ]; then
		kill -TERM "$SERVER" 2> /dev/null || true
		wait "$SERVER" 2> /dev/null || true
	fi
	SERVER=
}
trap 'stop_server; rm -rf "$B"' EXIT
port=$((20000 + $$ % 20000))
srv_pin=()
cli_pin=()
split_note=
if [ "${SPLIT:-0}" = 1 ]; then
	split_note="; server on CPU 0, client on the others"
	[ "$(nproc)" -ge 2 ] || { echo "SPLIT=1 needs 2 CPUs at least" >&2; exit 1; }
	srv_pin=(taskset -c 0)
	cli_pin=(taskset -c "1-$(($(nproc) - 1))")
fi

# up CMD...: wait until CMD succeeds (the server answers), at most 20 s.
up() {
	local i
	for i in $(seq 400); do
		"$@" > /dev/null 2>&1 && return 0
		kill -0 "$SERVER" 2> /dev/null || { echo "the server exited: $(tail -3 "$B/server.err")" >&2; return 1; }
		sleep 0.05
	done
	echo "the server did not answer: $*" >&2
	return 1
}

# start MODE CMD...: the server, natively or under sclog run --backend MODE
# (as the user $AS, when set).
start() {
	local mode=$1
	shift
	local -a pre=()
	case $mode in
	native) ;;
	bpfold) pre=("$SCLOG_OLD" run -q --backend bpf ${AS:+--user "$AS"} -o "$B/$S-$mode.json"
			--report "$B/$S-$mode.report.json" --) ;;
	*) pre=("$SCLOG" run -q --backend "$mode" ${AS:+--user "$AS"} -o "$B/$S-$mode.json"
			--report "$B/$S-$mode.report.json" --) ;;
	esac
	"${srv_pin[@]}" "${pre[@]}" "$@" > /dev/null 2> "$B/server.err" &
	SERVER=$!
}

# Each server: set-up once; then run MODE prints the throughput of one load.
nginx_setup() {
	mkdir -p "$B/nginx/www" "$B/nginx/tmp"
	head -c 4096 /dev/urandom | base64 > "$B/nginx/www/index.html"
	cat > "$B/nginx/nginx.conf" <<-EOF
		daemon off;
		worker_processes 2;
		pid $B/nginx/nginx.pid;
		error_log $B/nginx/error.log;
		events { worker_connections 1024; }
		http {
		    access_log off;
		    client_body_temp_path $B/nginx/tmp; proxy_temp_path $B/nginx/tmp;
		    fastcgi_temp_path $B/nginx/tmp; uwsgi_temp_path $B/nginx/tmp; scgi_temp_path $B/nginx/tmp;
		    server { listen 127.0.0.1:$port; root $B/nginx/www; }
		}
	EOF
}
nginx_run() {
	start "$1" nginx -c "$B/nginx/nginx.conf" -e "$B/nginx/error.log"
	up curl -sf "http://127.0.0.1:$port/"
	"${cli_pin[@]}" wrk -t 2 -c 50 -d "${secs}s" "http://127.0.0.1:$port/" | awk '/^Requests\/sec:/ { print $2 }'
	nginx -c "$B/nginx/nginx.conf" -e "$B/nginx/error.log" -s quit
	wait "$SERVER"
	SERVER=
}

redis_setup() { mkdir -p "$B/redis"; }
redis_run() {
	local t0 t1 n=$((secs * 20000))
	start "$1" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
		--dir "$B/redis" --daemonize no --loglevel warning
	up redis-cli -p "$port" ping
	t0=$(date +%s.%N)
	"${cli_pin[@]}" redis-benchmark -h 127.0.0.1 -p "$port" -n "$n" -c 50 -t set,get -q > /dev/null
	t1=$(date +%s.%N)
	redis-cli -p "$port" shutdown nosave > /dev/null 2>&1 || true
	wait "$SERVER" || true
	SERVER=
	awk -v n="$n" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f\n", 2 * n / (t1 - t0) }'
}

postgres_setup() {
	mkdir -p "$B/pg"
	chown postgres: "$B/pg"
	runuser -u postgres -- "$PG/initdb" -D "$B/pg/data" -A trust > /dev/null
	start native runuser -u postgres -- "$PG/postgres" -D "$B/pg/data" -k "$B/pg" -h 127.0.0.1 -p "$port"
	up "$PG/pg_isready" -h 127.0.0.1 -p "$port"
	"$PG/pgbench" -h 127.0.0.1 -p "$port" -U postgres -i -s 2 -q postgres > /dev/null 2>&1
	stop_server
}
postgres_run() {
	local -a pg=("$PG/postgres" -D "$B/pg/data" -k "$B/pg" -h 127.0.0.1 -p "$port")
	# Recorded, the command is postgres itself (sclog run --user), not runuser.
	if [ "$1" = native ]; then
		start native runuser -u postgres -- "${pg[@]}"
	else
		AS=postgres start "$1" "${pg[@]}"
	fi
	up "$PG/pg_isready" -h 127.0.0.1 -p "$port"
	"${cli_pin[@]}" "$PG/pgbench" -h 127.0.0.1 -p "$port" -U postgres -c 8 -j 2 -T "$secs" postgres 2> /dev/null |
		awk '/^tps = / { print $3 }'
	runuser -u postgres -- "$PG/pg_ctl" -D "$B/pg/data" stop -m fast > /dev/null
	wait "$SERVER" || true
	SERVER=
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf 'machine: %s, %s cores, kernel %s, load %s; %s s of load (redis: %s requests), median of %s%s\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$secs" "$((secs * 20000))" "$repeats" \
	"$split_note"
printf '%-10s %14s %14s %8s %14s %8s  %s\n' server native bpf ratio audit ratio "complete (bpf, audit)"
for S in "${servers[@]}"; do
	case $S in
	nginx) for t in nginx wrk curl; do command -v $t > /dev/null || { echo "$S: $t missing" >&2; continue 2; }; done ;;
	redis) for t in redis-server redis-benchmark redis-cli; do command -v $t > /dev/null || { echo "$S: $t missing" >&2; continue 2; }; done ;;
	postgres) [ -x "$PG/postgres" ] || { echo "$S: postgresql missing" >&2; continue; } ;;
	*) echo "unknown server $S" >&2; continue ;;
	esac
	"${S}_setup"
	# The order turns each round: after an audit run the kernel's audit
	# thread is still busy with the records' backlog for a while, and
	# whatever runs next pays for it.
	modes=(native bpf audit ${SCLOG_OLD:+bpfold})
	for i in $(seq "$repeats"); do
		for k in "${!modes[@]}"; do
			mode=${modes[$(((i + k) % ${#modes[@]}))]}
			"${S}_run" "$mode" >> "$B/$S-$mode.rate"
			sleep 2
		done
	done
	n=$(median < "$B/$S-native.rate")
	b=$(median < "$B/$S-bpf.rate")
	a=$(median < "$B/$S-audit.rate")
	c=$(for m in bpf audit; do
		python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["complete"])' "$B/$S-$m.report.json"
	done | tr '\n' ' ')
	awk -v s="$S" -v n="$n" -v b="$b" -v a="$a" -v c="$c" 'BEGIN {
		printf "%-10s %14.1f %14.1f %7.3fx %14.1f %7.3fx  %s\n", s, n, b, n / b, a, n / a, c }'
	if [ -n "${SCLOG_OLD:-}" ]; then
		o=$(median < "$B/$S-bpfold.rate")
		awk -v n="$n" -v o="$o" 'BEGIN { printf "%-10s %14s %14.1f %7.3fx  (bpf of SCLOG_OLD)\n", "", "", o, n / o }'
	fi
	for m in "${modes[@]}"; do
		echo "$S $m $(tr '\n' ' ' < "$B/$S-$m.rate")"
	done >> "$B/samples"
done
echo "every sample:"
sed 's/^/  /' "$B/samples"
echo "(throughput: requests/s for nginx and redis, transactions/s for postgres;"
echo " ratio = native / recorded; goal for bpf: <= 1.05x)"
