# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the runtime tests (tests/runtimes/t_*.sh) and of measure.sh,
# on top of tests/lib.sh (each holds the machine lock shared): build a
# rootfs without any download, write an OCI config.json around a seccomp
# policy, and run a workload on the host, in crun, in runc and in bwrap with
# the same stdio, environment, working directory and paths, so that "same
# output and exit status" is a meaningful comparison.
#
# How a container runs here, as root, without an engine:
#   * process.terminal false (no console socket);
#   * runc 1.1.5: `runc --root STATE run -b BUNDLE ID` as it is (cgroupfs v1);
#   * crun 1.8.1 refuses a cgroup v1/v2 hybrid ("cgroups in hybrid mode not
#     supported, drop all controllers from cgroupv2"), even with
#     --cgroup-manager=disabled; it runs in a private mount namespace
#     (unshare -m, private propagation: the host's mounts are untouched) in
#     which /sys/fs/cgroup/unified is unmounted, with --cgroup-manager=disabled
#     so that it creates no cgroup either;
#   * bwrap 0.8.0 runs as root as it is.
# A runtime that cannot run even a container without seccomp here (nested in
# an unprivileged container, say) is left out with a note; a test with none
# left skips.
# Env: SCLOG (sclog binary), PROGS (dir of the built test programs), SRCDIR
# (repo root), RUNTIMES_JSON (default policies/runtimes.json).
# SCLOG_RT_FALLBACK=1 makes the policy steps that need `sclog run --for` and
# `sclog export --format bpf` use stand-ins (runtimes.json sets added by a
# script, libseccomp export through ctypes): for checking the harness itself
# against an sclog without them.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
machine_shared

RT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=${SRCDIR:-$(cd "$RT_HERE/../.." && pwd)}
# The runtimes' own sets; sclog is pointed at the same file (SCLOG_DATADIR).
RUNTIMES_JSON=${RUNTIMES_JSON:-$SRCDIR/policies/runtimes.json}
RT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The same environment on the host and in the container.
RT_ENV=("PATH=$RT_PATH" "HOME=/root" "LC_ALL=C")
# The bound of one container run: it guards against a hang, not slowness.
# Under the audit collector a task that logs while the kernel's audit
# backlog is full sleeps until kauditd wakes it, one waiter per pass and
# none that queued itself after the pass, for up to backlog_wait_time
# (kernel/audit.c, audit_log_start(): 60 s by default, 15000 jiffies at HZ
# 250), so the bound is more than twice that.  _rt_watch notes what a run
# that reaches it waits for.
RT_TIMEOUT=${RT_TIMEOUT:-150}

# A private python3 for the harness's own scripts: the one first in PATH (it
# may be a pyenv shim); workloads always use /usr/bin/python3.
RT_PY=${RT_PY:-python3}

chmod 755 "$T"
rt_cleanup() {
	# Containers still registered in our private state dirs (after a
	# timeout): kill and delete them, by their own id only.
	local d id
	# tests/containers/lib.sh: podman's containers first.
	if declare -F ct_cleanup > /dev/null; then ct_cleanup || true; fi
	for d in "$T"/state-*; do
		[ -d "$d" ] || continue
		case $d in
		*-crun) for id in $(ls "$d" 2>/dev/null); do crun --root "$d" delete -f "$id" > /dev/null 2>&1 || true; done ;;
		*-runc) for id in $(ls "$d" 2>/dev/null); do runc --root "$d" delete -f "$id" > /dev/null 2>&1 || true; done ;;
		esac
	done
}
at_exit rt_cleanup

# require_sclog WHAT...: skip until sclog implements what the test needs:
# "for" (`sclog run --for`), "bpf" (`sclog export --format bpf`), "export".
require_sclog() {
	: "${SCLOG:?SCLOG must point to the sclog binary}"
	[ -x "$SCLOG" ] || skip "no sclog binary at $SCLOG"
	[ "${SCLOG_RT_FALLBACK:-0}" = 1 ] && return 0
	local w help runhelp exphelp
	help=$("$SCLOG" --help 2>&1 || true)
	for w in "$@"; do
		case $w in
		for)
			runhelp=$("$SCLOG" run --help 2>&1 || true)
			grep -q -- '--for' <<< "$runhelp" || skip "sclog run has no --for yet"
			;;
		export | bpf)
			grep -qE '^[[:space:]]+export\b' <<< "$help" || skip "sclog has no export command yet"
			if [ "$w" = bpf ]; then
				exphelp=$("$SCLOG" export --help 2>&1 || true)
				grep -q 'bpf' <<< "$exphelp" || skip "sclog export has no bpf format yet"
			fi
			;;
		esac
	done
	"$SCLOG" doctor > /dev/null 2>&1 || skip "sclog doctor says this kernel cannot profile"
}

# ---------------------------------------------------------------- rootfs

# rt_bundle DIR: an OCI bundle directory whose rootfs holds only mount points
# and the host's top-level usr-merge symlinks (bin -> usr/bin, ...).  /usr and
# /etc are bind-mounted read-only by the config (rt_config), so the container
# sees the host's programs and libraries without a copy or a download.
rt_bundle() {
	local b=$1 r=$1/rootfs d
	mkdir -p "$r"
	for d in usr etc proc dev sys tmp root run; do mkdir -p "$r/$d"; done
	for d in bin sbin lib lib32 lib64 libx32; do
		if [ -L "/$d" ]; then
			ln -sfn "$(readlink "/$d")" "$r/$d"
		elif [ -d "/$d" ]; then
			mkdir -p "$r/$d" # not usr-merged: bind-mounted by rt_config
		fi
	done
}

# rt_config BUNDLE POLICY NNP CWD BINDS -- ARGS...
#   POLICY: an OCI seccomp JSON file, or "none" (no linux.seccomp)
#   NNP:    true|false (process.noNewPrivileges)
#   BINDS:  colon-separated host paths bind-mounted read-only at the same
#           path (the workload's files and programs), may be empty
rt_config() {
	local bundle=$1 policy=$2 nnp=$3 cwd=$4 binds=$5
	shift 5
	[ "$1" = -- ] && shift
	"$RT_PY" - "$bundle" "$policy" "$nnp" "$cwd" "$binds" "${RT_ENV[@]}" -- "$@" <<'EOF'
import json, os, sys
bundle, policy, nnp, cwd, binds = sys.argv[1:6]
rest = sys.argv[6:]
sep = rest.index("--")
env, args = rest[:sep], rest[sep + 1:]
caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
mounts = [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
     "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
     "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
    {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
     "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/sys", "type": "sysfs", "source": "sysfs",
     "options": ["nosuid", "noexec", "nodev", "ro"]},
    {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "nodev", "mode=1777"]},
    {"destination": "/usr", "type": "bind", "source": "/usr", "options": ["rbind", "ro"]},
    {"destination": "/etc", "type": "bind", "source": "/etc", "options": ["rbind", "ro"]},
]
for d in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
    if os.path.isdir("/" + d) and not os.path.islink("/" + d):
        mounts.append({"destination": "/" + d, "type": "bind", "source": "/" + d,
                       "options": ["rbind", "ro"]})
for b in filter(None, binds.split(":")):
    mounts.append({"destination": b, "type": "bind", "source": b, "options": ["rbind", "ro"]})
config = {
    "ociVersion": "1.0.2",
    "process": {
        "terminal": False,
        "user": {"uid": 0, "gid": 0},
        "args": args,
        "env": env,
        "cwd": cwd,
        "capabilities": {k: caps for k in ("bounding", "effective", "permitted", "ambient")},
        "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
        "noNewPrivileges": nnp == "true",
    },
    "root": {"path": "rootfs", "readonly": True},
    "hostname": "sclog-rt",
    "mounts": mounts,
    "linux": {
        "resources": {"devices": [{"allow": False, "access": "rwm"}]},
        "namespaces": [{"type": t} for t in ("pid", "network", "ipc", "uts", "mount")],
        "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                        "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                        "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
        "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                          "/proc/sysrq-trigger"],
    },
}
config["process"]["capabilities"]["inheritable"] = []
if policy != "none":
    with open(policy) as f:
        config["linux"]["seccomp"] = json.load(f)
with open(os.path.join(bundle, "config.json"), "w") as f:
    json.dump(config, f, indent=1)
    f.write("\n")
EOF
}

# ---------------------------------------------------------------- running

# _rt_io OUT CMD...: run CMD with stdin /dev/null, stdout and stderr pipes
# (stdout is a pipe, as runc makes it for a non-terminal container: glibc
# behaves differently on a terminal or /dev/null) into OUT.out, stderr into
# OUT.err, the status into OUT.rc.  Never fails.  CMD is a `timeout
# [-k N] BOUND ...` (else BOUND is RT_TIMEOUT): a watch notes in OUT.stuck,
# shortly before that bound, what each process left is waiting for, which
# rt_show prints.
_rt_io() {
	local out=$1 pid watch bound=$RT_TIMEOUT
	shift
	[ "$1" != timeout ] || bound=$(_rt_bound "${@:2}")
	rm -f "$out.stuck"
	set +e
	{
		"$@" < /dev/null 2> "$out.err" &
		pid=$!
		_rt_watch "$pid" "$out.stuck" "$bound" < /dev/null > /dev/null 2>&1 &
		watch=$!
		wait "$pid"
		echo $? > "$out.rc"
		kill "$watch" 2> /dev/null
		wait "$watch"
	} | cat > "$out.out"
	set -e
	return 0
}

# _rt_bound ARGS...: the DURATION of `timeout ARGS...` in whole seconds.
_rt_bound() {
	while :; do
		case $1 in
		-k | -s | --kill-after | --signal) shift 2 ;;
		-*) shift ;;
		*) break ;;
		esac
	done
	echo "${1%s}"
}

# _rt_watch PID FILE BOUND: once PID has run BOUND - 3 seconds, write to FILE
# each process of its tree: state, wait channel and the kernel stack's top
# frames, its threads' wait channels; and the audit backlog, since a task
# can sleep there for up to backlog_wait_time (60 s at HZ 250).  A hang then
# names its cause: a lock, a pipe, a seccomp notification, the backlog.
_rt_watch() {
	local pid=$1 file=$2 left=$(($3 - 3)) p
	while [ "$left" -gt 0 ]; do
		kill -0 "$pid" 2> /dev/null || return 0
		sleep 1
		left=$((left - 1))
	done
	kill -0 "$pid" 2> /dev/null || return 0
	{
		echo "after $(($3 - 3)) s: audit $(auditctl -s 2> /dev/null | grep -E '^backlog' | tr '\n' ' ')"
		for p in $(_rt_tree "$pid"); do _rt_proc "$p"; done
	} > "$file.tmp" 2>&1
	mv "$file.tmp" "$file"
}

# _rt_tree PID: PID and its descendants, one a line.
_rt_tree() {
	local -a todo=("$1")
	local p c
	while [ ${#todo[@]} -gt 0 ]; do
		p=${todo[0]}
		todo=("${todo[@]:1}")
		echo "$p"
		for c in $(cat /proc/"$p"/task/*/children 2> /dev/null); do todo+=("$c"); done
	done
}

# _rt_proc PID: one line: pid, comm, state, wait channel, kernel stack,
# and its threads' wait channels counted.
_rt_proc() {
	local d=/proc/$1 stat stack threads
	stat=$(cat "$d/stat" 2> /dev/null) || return 0
	stat=${stat#*) }
	stack=$(sed -n '1,4s/^\[<[0-9a-f]*>\] \([^+]*\).*/\1/p' "$d/stack" 2> /dev/null | tr '\n' '<')
	threads=$(for t in "$d"/task/*/wchan; do echo "$(cat "$t" 2> /dev/null)"; done | sort | uniq -c |
		awk 'NF == 2 { printf "%s%s*%s", s, $2, $1; s = " " }')
	echo "pid $1 ($(cat "$d/comm")) ${stat%% *} wchan $(cat "$d/wchan" 2> /dev/null) stack ${stack%<} threads: $threads"
}

rt_hybrid_cgroups() {
	[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] &&
		[ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" != cgroup2fs ]
}

_rt_id=0
# rt_container RUNTIME BUNDLE OUT [MODE]: run the bundle's container in crun
# or runc; stdout, stderr, status in OUT.{out,err,rc}.  MODE "run" (default)
# is `RUNTIME run`; "create" is `RUNTIME create` then `RUNTIME start`, as
# engines (podman's conmon, containerd's shim) do (createstart.py).  The
# array RT_WRAP, when set, is a command prefix for the runtime (measure.sh:
# auditlog.py OUT --).
RT_WRAP=()
rt_container() {
	local rt=$1 bundle=$2 out=$3 mode=${4:-run} id state
	_rt_id=$((_rt_id + 1))
	id=sclog-rt-$BASHPID-$_rt_id
	state=$T/state-$rt
	mkdir -p "$state"
	local -a cmd
	case $rt in
	crun) cmd=(crun --root "$state" --cgroup-manager=disabled) ;;
	runc) cmd=(runc --root "$state") ;;
	*) fail "unknown runtime $rt" ;;
	esac
	case $mode in
	run) cmd+=(run -b "$bundle" "$id") ;;
	create) cmd=("$RT_PY" "$RT_HERE/createstart.py" "${cmd[@]}" -- "$bundle" "$id") ;;
	*) fail "unknown mode $mode" ;;
	esac
	if [ "$rt" = crun ] && rt_hybrid_cgroups; then
		_rt_io "$out" timeout -k 5 "$RT_TIMEOUT" "${RT_WRAP[@]}" unshare -m --propagation private sh -c \
			'umount /sys/fs/cgroup/unified && exec "$@"' sh "${cmd[@]}"
	else
		_rt_io "$out" timeout -k 5 "$RT_TIMEOUT" "${RT_WRAP[@]}" "${cmd[@]}"
	fi
	case $(cat "$out.rc") in
	124 | 137) # timed out: the runtime was killed, its container may not be
		"$rt" --root "$state" delete -f "$id" > /dev/null 2>&1 || true ;;
	esac
	return 0
}

# rt_host OUT CWD -- ARGS...: run the workload on the host, same conditions.
rt_host() {
	local out=$1 cwd=$2
	shift 2
	[ "$1" = -- ] && shift
	_rt_io "$out" env -C "$cwd" -i "${RT_ENV[@]}" "$@"
}

# rt_bwrap_args CWD BINDS: the bwrap sandbox that mirrors rt_config's
# container (read-only /usr and /etc, fresh /proc, /dev, /tmp, new
# namespaces) on stdout, one argument per line.
rt_bwrap_args() {
	local cwd=$1 binds=$2 d b
	printf '%s\n' --ro-bind /usr /usr --ro-bind /etc /etc
	for d in bin sbin lib lib32 lib64 libx32; do
		if [ -L "/$d" ]; then
			printf '%s\n' --symlink "$(readlink "/$d")" "/$d"
		elif [ -d "/$d" ]; then
			printf '%s\n' --ro-bind "/$d" "/$d"
		fi
	done
	printf '%s\n' --proc /proc --dev /dev --tmpfs /tmp --dir /root
	local IFS=:
	for b in $binds; do
		[ -n "$b" ] && printf '%s\n' --ro-bind "$b" "$b"
	done
	printf '%s\n' --unshare-pid --unshare-ipc --unshare-uts --unshare-net \
		--hostname sclog-rt --die-with-parent --clearenv --chdir "$cwd"
	for b in "${RT_ENV[@]}"; do
		printf '%s\n' --setenv "${b%%=*}" "${b#*=}"
	done
}

# rt_bwrap BPF OUT CWD BINDS -- ARGS...: run ARGS in bwrap with the raw BPF
# program BPF (or "none") on `--seccomp 9`.
rt_bwrap() {
	local bpf=$1 out=$2 cwd=$3 binds=$4
	shift 4
	[ "$1" = -- ] && shift
	local -a a
	mapfile -t a < <(rt_bwrap_args "$cwd" "$binds")
	if [ "$bpf" = none ]; then
		_rt_io "$out" timeout -k 5 "$RT_TIMEOUT" "${RT_WRAP[@]}" bwrap "${a[@]}" -- "$@"
	else
		_rt_io "$out" timeout -k 5 "$RT_TIMEOUT" "${RT_WRAP[@]}" bwrap "${a[@]}" --seccomp 9 -- "$@" 9< "$bpf"
	fi
}

# rt_same A B: A.{out,rc} equal B.{out,rc}.
rt_same() {
	cmp -s "$1.out" "$2.out" && cmp -s "$1.rc" "$2.rc"
}

# rt_show OUT: a short description of a run, for failure messages.
rt_show() {
	local stuck=""
	[ ! -s "$1.stuck" ] || stuck="; still running: $(head -c 2000 "$1.stuck" | tr '\n' '|')"
	echo "status $(cat "$1.rc"); stdout $(head -c 300 "$1.out" | tr '\n' '|'); stderr $(head -c 600 "$1.err" | tr '\n' '|')$stuck"
}

# ---------------------------------------------------------------- policies

# rt_names POLICY: allowed syscall names, one a line, sorted.
rt_names() {
	"$RT_PY" -c '
import json, sys
p = json.load(open(sys.argv[1]))
print("\n".join(sorted({n for r in p.get("syscalls", []) if r["action"] == "SCMP_ACT_ALLOW" for n in r["names"]})))' "$1"
}

# rt_runtime_set RUNTIME: the runtime's own syscalls (both NNP settings) from
# policies/runtimes.json, following "uses", one a line.
rt_runtime_set() {
	"$RT_PY" - "$RUNTIMES_JSON" "$1" <<'EOF'
import json, sys
rts = json.load(open(sys.argv[1]))["runtimes"]
name = sys.argv[2]
while "uses" in rts[name]:
    name = rts[name]["uses"]
print("\n".join(sorted(set().union(*rts[name]["noNewPrivileges"].values()))))
EOF
}

# rt_without IN OUT NAME...: IN without the named syscalls.
# rt_add IN OUT NAME...: IN with the named syscalls added to its allow list.
rt_without() { _rt_edit drop "$@"; }
rt_add() { _rt_edit add "$@"; }
_rt_edit() {
	"$RT_PY" - "$@" <<'EOF'
import json, sys
how, src, dst = sys.argv[1:4]
names = set(sys.argv[4:])
p = json.load(open(src))
if how == "drop":
    for r in p.get("syscalls", []):
        r["names"] = [n for n in r["names"] if n not in names]
    p["syscalls"] = [r for r in p.get("syscalls", []) if r["names"]]
else:
    for r in p.setdefault("syscalls", []):
        if r["action"] == "SCMP_ACT_ALLOW" and not r.get("args"):
            r["names"] = sorted(set(r["names"]) | names)
            break
    else:
        p["syscalls"].append({"names": sorted(names), "action": "SCMP_ACT_ALLOW"})
with open(dst, "w") as f:
    json.dump(p, f, indent=2)
    f.write("\n")
EOF
}

# rt_profile FOR POLICY CWD -- ARGS...: profile the workload on the host with
# `sclog run --for FOR` (FOR "none": plain `sclog run`), with the stdio,
# environment and directory of rt_host.  The workload's own output goes to
# POLICY.host.{out,err,rc}; sclog's status must be the workload's.
rt_profile() {
	local for=$1 policy=$2 cwd=$3
	shift 3
	[ "$1" = -- ] && shift
	local -a forarg=()
	if [ "$for" != none ] && [ "${SCLOG_RT_FALLBACK:-0}" != 1 ]; then
		forarg=(--for "$for")
	fi
	local try
	for try in 1 2 3; do
		_rt_io "$policy.host" env -C "$cwd" -i "${RT_ENV[@]}" \
			SCLOG_DATADIR="$(dirname "$RUNTIMES_JSON")" "$SCLOG" run -q "${forarg[@]}" \
			-o "$policy" --report "$policy.report.json" -- "$@"
		# The audit multicast socket is shared with every LOG filter on the
		# machine; a storm elsewhere can make a profile incomplete (sclog
		# then says so and exits 125).  Profile again rather than fail.
		grep -qi incomplete "$policy.host.err" || break
		note "profile of $* incomplete (records lost elsewhere?), again: $(head -c 300 "$policy.host.err")"
	done
	[ -s "$policy" ] || fail "sclog run wrote no policy: $(rt_show "$policy.host")"
	if [ "$for" != none ] && [ "${SCLOG_RT_FALLBACK:-0}" = 1 ]; then
		mapfile -t _rs < <(rt_runtime_set "$for")
		rt_add "$policy" "$policy" "${_rs[@]}"
	fi
}

# rt_export_bpf POLICY BPF: raw classic BPF for `bwrap --seccomp`.
rt_export_bpf() {
	if [ "${SCLOG_RT_FALLBACK:-0}" = 1 ]; then
		"$RT_PY" "$RT_HERE/ocibpf.py" "$1" "$2"
	else
		"$SCLOG" export --format bpf "$1" -o "$2" || fail "sclog export --format bpf $1 failed"
	fi
	[ -s "$2" ] || fail "empty BPF export of $1"
}

# rt_validate POLICY...: validate OCI policies against the runtime-spec
# schema with tests/unit/validate_schema.py when it exists.
rt_validate() {
	local v=$SRCDIR/tests/unit/validate_schema.py rc
	if [ ! -f "$v" ]; then
		note "no tests/unit/validate_schema.py yet: schema validation not done"
		return 0
	fi
	set +e
	"$RT_PY" "$v" "$@" > "$T/validate.log" 2>&1
	rc=$?
	set -e
	case $rc in
	0) pass "schema: $# OCI policies valid" ;;
	77) note "schema validation skipped: $(tail -1 "$T/validate.log")" ;;
	*) cat "$T/validate.log" >&2; fail "schema validation of $* failed" ;;
	esac
}

# ---------------------------------------------------------------- proofs

# rt_usable KIND: KIND (crun, runc, bwrap) is installed and runs /bin/true
# in a sandbox without seccomp here.
rt_usable() {
	local kind=$1 b=$T/probe-$1
	command -v "$kind" > /dev/null 2>&1 || return 1
	if [ "$kind" = bwrap ]; then
		rt_bwrap none "$b" / "" -- /bin/true
	else
		rt_bundle "$b"
		rt_config "$b" none true / "" -- /bin/true
		rt_container "$kind" "$b" "$b"
	fi
	[ "$(cat "$b.rc")" = 0 ] && return 0
	note "$kind is installed but cannot run a container here: $(rt_show "$b")"
	return 1
}

# rt_runtimes: the OCI runtimes usable here (crun, runc), one a line.
rt_runtimes() {
	local r
	for r in crun runc; do
		rt_usable "$r" >&2 && echo "$r"
	done
	return 0
}

RT_POLICIES=() # every OCI policy a proof emitted, for rt_validate

# rt_prove NAME DROP CWD -- ARGS...: the proof of a workload against every
# installed OCI runtime RT:
#   1. `sclog run --for RT` profiles ARGS on the host; under sclog the
#      workload prints and exits as without it, and the profile holds RT's
#      own set from policies/runtimes.json;
#   2. in an RT container with that policy, noNewPrivileges true and false,
#      ARGS prints the same stdout and exits with the same status as on the
#      host;
#   3. the same policy without DROP (a syscall the workload needs, outside
#      RT's own set) makes the container fail (other status or output), with
#      both noNewPrivileges settings;
#   4. the bare profile (plain `sclog run`) does not start an RT container
#      with noNewPrivileges false: the runtime's own syscalls are needed.
# The workload sees the same paths as on the host: $T and $PROGS are
# bind-mounted read-only at their own paths.
rt_prove() {
	local name=$1 drop=$2 cwd=$3 rt nnp pol b r n
	shift 3
	[ "$1" = -- ] && shift
	local binds=$T
	[ -n "${PROGS:-}" ] && [ -d "$PROGS" ] && binds=$binds:$PROGS
	local -a rts
	mapfile -t rts < <(rt_runtimes)
	[ ${#rts[@]} -gt 0 ] || skip "neither crun nor runc is installed and usable here"

	rt_host "$T/$name.host" "$cwd" -- "$@"
	echo "$name on the host: $(rt_show "$T/$name.host")"
	[ -s "$T/$name.host.out" ] || fail "$name prints nothing on the host: a weak comparison"

	rt_profile none "$T/$name-bare.json" "$cwd" -- "$@"
	rt_same "$T/$name-bare.json.host" "$T/$name.host" ||
		fail "$name under sclog run differs from the host: $(rt_show "$T/$name-bare.json.host")"
	RT_POLICIES+=("$T/$name-bare.json")

	for rt in "${rts[@]}"; do
		pol=$T/$name-$rt.json
		b=$T/bundle-$name-$rt
		rt_bundle "$b"
		rt_profile "$rt" "$pol" "$cwd" -- "$@"
		RT_POLICIES+=("$pol")
		rt_same "$pol.host" "$T/$name.host" ||
			fail "$name under sclog run --for $rt differs from the host: $(rt_show "$pol.host")"
		rt_names "$pol" > "$pol.names"
		rt_runtime_set "$rt" > "$T/$rt.set"
		for n in $(cat "$T/$rt.set"); do
			grep -qx "$n" "$pol.names" || fail "sclog run --for $rt: $n (in $rt's own set) is not in the policy"
		done

		for nnp in true false; do
			rt_config "$b" "$pol" "$nnp" "$cwd" "$binds" -- "$@"
			r=$T/$name-$rt-$nnp
			rt_container "$rt" "$b" "$r"
			rt_same "$r" "$T/$name.host" ||
				fail "$name in $rt (noNewPrivileges $nnp) with its --for $rt profile: $(rt_show "$r")"
		done
		pass "$name in $rt with the sclog run --for $rt profile ($(wc -l < "$pol.names") syscalls), noNewPrivileges true and false: same output and status as on the host"

		grep -qx "$drop" "$pol.names" || fail "$name: $drop is not in the profile; choose another syscall to drop"
		rt_runtime_set "$rt" > "$T/$rt.set"
		! grep -qx "$drop" "$T/$rt.set" || fail "$name: $drop is in $rt's own set; choose another"
		rt_without "$pol" "$pol.minus-$drop.json" "$drop"
		RT_POLICIES+=("$pol.minus-$drop.json")
		for nnp in true false; do
			rt_config "$b" "$pol.minus-$drop.json" "$nnp" "$cwd" "$binds" -- "$@"
			r=$T/$name-$rt-$nnp-minus
			rt_container "$rt" "$b" "$r"
			! rt_same "$r" "$T/$name.host" ||
				fail "$name in $rt (noNewPrivileges $nnp) without $drop still succeeds: the policy is not enforced?"
		done
		pass "$name in $rt without $drop: fails ($(rt_show "$r"))"

		rt_config "$b" "$T/$name-bare.json" false "$cwd" "$binds" -- "$@"
		r=$T/$name-$rt-bare
		rt_container "$rt" "$b" "$r"
		! rt_same "$r" "$T/$name.host" ||
			fail "$name in $rt (noNewPrivileges false) with the bare profile succeeds: is $rt's own set needed at all?"
		pass "$name in $rt with the bare profile, noNewPrivileges false: does not start ($(rt_show "$r"))"
	done
	rt_validate "${RT_POLICIES[@]}"
	RT_POLICIES=()
}

# rt_prove_bwrap NAME DROP CWD -- ARGS...: the same proof with `bwrap
# --seccomp` and the raw BPF export: the bare profile plus bwrap's own set
# (runtimes.json "bwrap") exported with `sclog export --format bpf` runs ARGS
# in bwrap with the host's output and status; without DROP it fails.
rt_prove_bwrap() {
	local name=$1 drop=$2 cwd=$3 pol r
	shift 3
	[ "$1" = -- ] && shift
	local binds=$T
	[ -n "${PROGS:-}" ] && [ -d "$PROGS" ] && binds=$binds:$PROGS
	rt_host "$T/$name.host" "$cwd" -- "$@"
	[ -s "$T/$name.host.out" ] || fail "$name prints nothing on the host: a weak comparison"
	pol=$T/$name-bwrap.json
	rt_profile none "$pol" "$cwd" -- "$@"
	rt_same "$pol.host" "$T/$name.host" || fail "$name under sclog run differs from the host"
	rt_names "$pol" > "$T/$name-bwrap-bare.names"
	local -a bs
	mapfile -t bs < <(rt_runtime_set bwrap)
	rt_add "$pol" "$pol" "${bs[@]}"
	RT_POLICIES+=("$pol")
	rt_export_bpf "$pol" "$pol.bpf"
	r=$T/$name-bwrap
	rt_bwrap "$pol.bpf" "$r" "$cwd" "$binds" -- "$@"
	rt_same "$r" "$T/$name.host" || fail "$name in bwrap --seccomp with its profile: $(rt_show "$r")"
	pass "$name in bwrap --seccomp with the profile plus bwrap's own set ($(rt_names "$pol" | wc -l) syscalls, $(stat -c %s "$pol.bpf")-byte BPF): same output and status as on the host"

	rt_names "$pol" > "$pol.names"
	rt_runtime_set bwrap > "$T/bwrap.set"
	grep -qx "$drop" "$pol.names" || fail "$name: $drop is not in the profile"
	! grep -qx "$drop" "$T/bwrap.set" || fail "$name: $drop is in bwrap's own set; choose another"
	rt_without "$pol" "$pol.minus.json" "$drop"
	RT_POLICIES+=("$pol.minus.json")
	rt_export_bpf "$pol.minus.json" "$pol.minus.bpf"
	r=$T/$name-bwrap-minus
	rt_bwrap "$pol.minus.bpf" "$r" "$cwd" "$binds" -- "$@"
	! rt_same "$r" "$T/$name.host" || fail "$name in bwrap without $drop still succeeds"
	pass "$name in bwrap without $drop: fails ($(rt_show "$r"))"

	# bwrap's own set is needed: the pid-1 init waits for the command under
	# the same filter, so a profile without wait4 breaks the sandbox.
	if ! grep -qx wait4 "$T/$name-bwrap-bare.names" 2> /dev/null; then
		rt_without "$pol" "$pol.nowait4.json" wait4
		rt_export_bpf "$pol.nowait4.json" "$pol.nowait4.bpf"
		r=$T/$name-bwrap-nowait4
		rt_bwrap "$pol.nowait4.bpf" "$r" "$cwd" "$binds" -- "$@"
		! rt_same "$r" "$T/$name.host" || fail "$name in bwrap without bwrap's wait4 still succeeds"
		pass "$name's bare profile lacks bwrap's wait4; without it bwrap fails ($(rt_show "$r"))"
	fi
}
