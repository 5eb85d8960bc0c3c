#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Real servers recorded with a phase boundary, then enforced in phases
# (issue 23, docs/phases.md "Real servers").  For each server, a private
# instance on 127.0.0.1 (its own directory, config and port) is recorded by
#   sclog run --phase-at B -o P.json --serving-output S.json
# under a real client load, with a reload, a log rotation (where the server
# has one) and a graceful stop (SIGTERM) during the recording; then the same
# load, reload, rotation and stop run under
#   sclog enforce -p P.json --serving S.json --phase-at B
# and must succeed: the server serves, survives the reload, exits 0 on
# SIGTERM, and the enforcement report lists no denial.  Prints a table of
# the name counts of P and S and what S drops.  As root, after building:
#   bench/phases.sh [SERVER...]   phase_server nginx redis memcached (default)
# Environment: SCLOG (build/sclog), PROGS (build/tests/integration, for
# phase_server), SCLOG_BACKEND (the recording's collector), LOAD (requests
# per round, 5000), KEEP (a directory that keeps each server's profiles,
# reports and logs), PHASES_AT_<SERVER> (another boundary for SERVER),
# PHASES_RECORDINGS (recordings per server, their phases united; 1),
# PHASES_RECORD_RELOAD=0 (record without the reload and the rotation: the
# negative control, whose enforcement must fail).
# Exit status: 0 all passed, 1 a check failed, 77 no server could run.
set -euo pipefail
cd "$(dirname "$0")/.."
sclog=${SCLOG:-build/sclog}
progs=${PROGS:-build/tests/integration}
load=${LOAD:-5000}
# The interpreter itself, not a version manager's shim: a shim's start-up
# took 1.7 s a call on a loaded machine.
py=$(python3 -c 'import sys; print(sys.executable)')
client=("$py" "$PWD/tests/integration/phase_client.py")
[ -x "$sclog" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (the audit collector; the servers' setuid)"; exit 77; }
"$sclog" run --help 2>&1 | grep -q -- --phase-at || { echo "SKIP: this sclog has no run --phase-at"; exit 77; }
"$sclog" enforce --help 2>&1 | grep -q -- --serving || { echo "SKIP: this sclog has no enforce --serving"; exit 77; }
# 0711: the servers' workers drop to nobody and must reach their files.
B=$(mktemp -d "${TMPDIR:-/tmp}/sclog-phases.XXXXXX")
chmod 711 "$B"
started=()
stop_all() {
	local p
	for p in "${started[@]}"; do
		kill -TERM "$p" 2> /dev/null || true
	done
	for p in "${started[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2> /dev/null || true
	done
	started=()
}
trap 'stop_all; rm -rf "$B"' EXIT

free_port() {
	"$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
names() { # POLICY: its allowed syscall names, sorted
	"$py" -c '
import json, sys
p = json.load(open(sys.argv[1]))
print("\n".join(sorted({n for r in p["syscalls"]
                        if r["action"] in ("SCMP_ACT_ALLOW", "SCMP_ACT_LOG") for n in r["names"]})))' "$1"
}
# union OUT POLICY...: the union of recordings of one command.  Not `sclog
# merge`, which refuses a syscall that one recording allows and another
# answers with the ENOSYS stub of an unseen newer call (clone3 when a
# thread started on the other side of the boundary): here the allow wins.
union() {
	"$py" - "$@" << 'EOF'
import json, sys
out, inputs = sys.argv[1], [json.load(open(f)) for f in sys.argv[2:]]
allowed, stubs = set(), set()
for p in inputs:
    for r in p["syscalls"]:
        stub = r["action"] == "SCMP_ACT_ERRNO" and r.get("errnoRet") == 38
        if (r["action"] != "SCMP_ACT_ALLOW" and not stub) or r.get("args"):
            sys.exit(f"union: {r} is neither an allow nor an ENOSYS stub")
        (stubs if stub else allowed).update(r["names"])
merged = dict(inputs[0])
merged["syscalls"] = [{"names": sorted(allowed), "action": "SCMP_ACT_ALLOW"}]
if stubs - allowed:
    merged["syscalls"].append({"names": sorted(stubs - allowed), "action": "SCMP_ACT_ERRNO",
                               "errnoRet": 38})
json.dump(merged, open(out, "w"), indent=2)
EOF
}
# wait_pid FILE: the pid the server wrote to FILE, once it has.
wait_pid() {
	for _ in $(seq 100); do
		[ -s "$1" ] && { cat "$1"; return 0; }
		sleep 0.1
	done
	echo "no pid in $1" >&2
	return 1
}

# Each server NAME: NAME_ok (installed), NAME_setup (sets CMD, AT the
# boundary, PIDFILE, DENIED the denials expected under enforcement, from D
# its directory and PORT), NAME_load, NAME_reload, NAME_rotate, NAME_check
# (the reload and rotation happened) and, optionally, NAME_denied (a request
# the serving phase must deny).  A reload or rotation the server does not
# have is `:`.
phase_server_ok() { [ -x "$progs/phase_server" ]; }
phase_server_setup() {
	AT=accept4
	DENIED=socketx1
	PIDFILE=$D/pid
	echo "greeting pong" > "$D/conf"
	CMD=("$progs/phase_server" -c "$D/conf" -p "$PIDFILE" -l "$D/log" "$PORT")
}
phase_server_load() {
	local n=$((load / 50)) out
	# shellcheck disable=SC2046
	out=$("${client[@]}" line "$PORT" $(yes ping | head -n "$n") fork thread)
	[ "$(grep -c '^pong$' <<< "$out")" = "$n" ] && grep -q '^forked' <<< "$out" &&
		grep -q '^threaded$' <<< "$out"
}
phase_server_reload() { kill -HUP "$(cat "$PIDFILE")"; sleep 0.5; }
phase_server_rotate() {
	mv "$D/log" "$D/log.1"
	kill -USR1 "$(cat "$PIDFILE")"
	sleep 0.5
}
phase_server_check() { # after a reload and a rotation
	[ "$("${client[@]}" line "$PORT" status)" = "reloads 1 rotations 1" ] && [ -s "$D/log" ]
}
# Enforced only: a new listening socket is what the serving phase denies.
phase_server_denied() { [[ $("${client[@]}" line "$PORT" listen) == "denied "* ]]; }

nginx_ok() { command -v nginx > /dev/null; }
nginx_setup() {
	AT=${PHASES_AT_NGINX:-accept4}
	PIDFILE=$D/nginx.pid
	mkdir -p "$D/html"
	echo hello > "$D/html/index.html"
	chmod -R a+rX "$D/html"
	cat > "$D/nginx.conf" <<- EOF
		worker_processes 2;
		pid $PIDFILE;
		error_log $D/error.log notice;
		events { worker_connections 256; }
		http {
			access_log $D/access.log;
			client_body_temp_path $D/body;
			proxy_temp_path $D/proxy;
			fastcgi_temp_path $D/fastcgi;
			uwsgi_temp_path $D/uwsgi;
			scgi_temp_path $D/scgi;
			server { listen 127.0.0.1:$PORT; root $D/html; }
		}
	EOF
	CMD=(nginx -p "$D" -c "$D/nginx.conf" -g 'daemon off;')
}
nginx_load() { "${client[@]}" http "$PORT" "$load" 4; }
# The master starts new workers and ends the old ones: wait for that.
nginx_reload() {
	kill -HUP "$(cat "$PIDFILE")"
	for _ in $(seq 50); do
		grep -q 'gracefully shutting down' "$D/error.log" && break
		sleep 0.1
	done
	sleep 0.5
}
nginx_rotate() {
	mv "$D/access.log" "$D/access.log.1"
	kill -USR1 "$(cat "$PIDFILE")"
	sleep 0.5
}
nginx_check() { [ -s "$D/access.log" ] && grep -q reconfiguring "$D/error.log"; }

redis_ok() { command -v redis-server > /dev/null && command -v redis-benchmark > /dev/null; }
redis_setup() {
	# Not `ready`: its background threads start while it says READY=1, and
	# their first calls (rt_sigprocmask, prctl) fall on either side of the
	# boundary, run by run; a serving phase recorded without them then
	# denies them (docs/phases.md).  PHASES_AT_REDIS=ready shows it.
	AT=${PHASES_AT_REDIS:-accept4}
	PIDFILE=$D/redis.pid
	CMD=(redis-server --port "$PORT" --bind 127.0.0.1 --supervised systemd --daemonize no
		--save '' --appendonly no --dir "$D" --pidfile "$PIDFILE" --logfile "$D/redis.log")
}
redis_load() {
	local out
	out=$(redis-benchmark -p "$PORT" -n "$load" -c 8 -q -t set,get,incr,lpush,lpop,hset 2>&1)
	[ "$(grep -c 'requests per second' <<< "$out")" = 6 ] || { echo "$out" >&2; return 1; }
	[ "$(redis-cli -p "$PORT" ping)" = PONG ]
}
# redis ignores SIGHUP; what it does later is a background save: a fork.
redis_reload() {
	kill -HUP "$(cat "$PIDFILE")"
	redis-cli -p "$PORT" bgsave > /dev/null
	for _ in $(seq 50); do
		redis-cli -p "$PORT" info persistence | grep -q 'rdb_bgsave_in_progress:0' && break
		sleep 0.1
	done
}
redis_rotate() { :; }
redis_check() { redis-cli -p "$PORT" info persistence | grep -q 'rdb_last_bgsave_status:ok'; }

memcached_ok() { command -v memcached > /dev/null && command -v memcslap > /dev/null; }
memcached_setup() {
	# Its worker threads wait in epoll_wait before it listens: accept4.
	AT=${PHASES_AT_MEMCACHED:-accept4}
	PIDFILE=$D/memcached.pid
	chmod 1777 "$D"
	CMD=(memcached -l 127.0.0.1 -p "$PORT" -U 0 -u nobody -t 4 -P "$PIDFILE")
}
memcached_load() {
	memcslap -s "127.0.0.1:$PORT" -c 4 -e "$load" -t set > /dev/null &&
		memcslap -s "127.0.0.1:$PORT" -c 4 -e "$load" -t get > /dev/null &&
		"${client[@]}" memcache "$PORT" $((load / 5)) 4
}
memcached_reload() { kill -HUP "$(cat "$PIDFILE")"; sleep 0.5; }
memcached_rotate() { :; }
memcached_check() { :; }

# exercise NAME TAG SCLOG-ARGS...: run the server under `sclog SCLOG-ARGS
# -- CMD`; load, reload, load, rotate, load, check, SIGTERM.  Appends what
# failed to $problems; $D/TAG.status is sclog's exit status.
exercise() {
	local name=$1 tag=$2 sp pid status
	shift 2
	"$sclog" "$@" -- "${CMD[@]}" > "$D/$tag.out" 2> "$D/$tag.err" &
	sp=$!
	started+=("$sp")
	if ! "${client[@]}" listening "$PORT" 30 || ! pid=$(wait_pid "$PIDFILE"); then
		problems+=" $tag:start"
		stop_all
		return 0
	fi
	# The boundary's first call must not race the server's own start-up.
	sleep 0.5
	"${name}_load" || problems+=" $tag:load"
	# PHASES_RECORD_RELOAD=0, the negative control: the recording has no
	# reload nor rotation, which the enforcement then does.
	if [ "$tag" = enforce ] || [ "${PHASES_RECORD_RELOAD:-1}" = 1 ]; then
		"${name}_reload" || problems+=" $tag:reload"
		"${name}_load" || problems+=" $tag:load-after-reload"
		"${name}_rotate" || problems+=" $tag:rotation"
		"${name}_load" || problems+=" $tag:load-after-rotation"
		"${name}_check" || problems+=" $tag:reload-or-rotation-not-done"
	fi
	if [ "$tag" = enforce ] && declare -F "${name}_denied" > /dev/null; then
		"${name}_denied" || problems+=" enforce:not-denied"
	fi
	kill -TERM "$pid" || problems+=" $tag:gone-before-stop"
	for _ in $(seq 300); do kill -0 "$sp" 2> /dev/null || break; sleep 0.1; done
	kill -0 "$sp" 2> /dev/null && problems+=" $tag:no-stop"
	status=0
	wait "$sp" || status=$?
	started=()
	echo "$status" > "$D/$tag.status"
	[ "$status" = 0 ] || problems+=" $tag:exit-$status"
}

# phase_facts REPORT: when the boundary came, in ms after the start.
phase_facts() {
	"$py" -c '
import json, sys
p = json.load(open(sys.argv[1])).get("phase", {})
print(p.get("ms_after_start", "?") if p.get("seen", True) else "never")' "$1"
}
# denials REPORT: the calls the enforcement denied, "name×count" each.
denials() {
	"$py" -c '
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("no-report"); sys.exit()
d = r.get("denials") or r.get("phase", {}).get("denials") or []
print(" ".join("%sx%s" % (x.get("name"), x.get("count", 1)) for x in d))' "$1"
}

servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(phase_server nginx redis memcached)
rows=() failed=0 ran=0
for name in "${servers[@]}"; do
	if ! "${name}_ok"; then
		echo "$name: not installed (tools/install-deps.sh), skipped" >&2
		continue
	fi
	D=$B/$name DENIED=""
	mkdir -p "$D"
	PORT=$(free_port)
	"${name}_setup"
	problems=""
	recordings=${PHASES_RECORDINGS:-1}
	for i in $(seq "$recordings"); do
		exercise "$name" "record$i" run -q ${SCLOG_BACKEND:+--backend "$SCLOG_BACKEND"} \
			--phase-at "$AT" -o "$D/P$i.json" --serving-output "$D/S$i.json" \
			--report "$D/R$i.json"
		rm -f "$PIDFILE"
	done
	# Several recordings: the union of each phase (docs/phases.md).
	if ls "$D"/P[0-9]*.json "$D"/S[0-9]*.json > /dev/null 2>&1; then
		union "$D/P.json" "$D"/P[0-9]*.json &&
			union "$D/S.json" "$D"/S[0-9]*.json || problems+=" record:union"
	fi
	if [ -s "$D/P.json" ] && [ -s "$D/S.json" ]; then
		names "$D/P.json" > "$D/P.names"
		names "$D/S.json" > "$D/S.names"
		rm -f "$PIDFILE" "$D/access.log" "$D/log" "$D/error.log"
		exercise "$name" enforce enforce -p "$D/P.json" --serving "$D/S.json" \
			--phase-at "$AT" --report "$D/E.json"
		# Only the request made to be denied may be: phase_server's listen.
		denied=$(denials "$D/E.json")
		[ "$denied" = "$DENIED" ] || problems+=" enforce:denied($denied)"
		dropped=$(comm -23 "$D/P.names" "$D/S.names" | tr '\n' ' ')
		rows+=("| $name | \`$AT\` at $(phase_facts "$D/R1.json") ms | $recordings | $(wc -l < "$D/P.names") | $(wc -l < "$D/S.names") | $(comm -23 "$D/P.names" "$D/S.names" | wc -l) | ${problems:-ok} |")
		echo "$name: the serving phase drops: $dropped" >&2
	else
		problems+=" record:no-profiles"
		rows+=("| $name | \`$AT\` | $recordings | - | - | - | $problems |")
	fi
	[ -z "$problems" ] || { failed=1; echo "$name: FAILED:$problems (see $D/*.err)" >&2; sed -n 1,20p "$D"/*.err >&2 || true; }
	ran=$((ran + 1))
	[ -z "${KEEP:-}" ] || { mkdir -p "$KEEP/$name"; cp -r "$D"/. "$KEEP/$name/"; }
done
[ "$ran" -gt 0 ] || { echo "SKIP: no server installed (tools/install-deps.sh)"; exit 77; }
printf 'machine: %s, %s cores, kernel %s; collector %s; %s requests a round\n\n' \
	"$(uname -m)" "$(nproc)" "$(uname -r)" "${SCLOG_BACKEND:-audit}" "$load"
echo "| server | boundary | recordings | whole run | serving phase | dropped | enforced: load, reload, rotation, stop |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
