#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Measure which syscalls crun, runc, podman and bwrap make themselves under
# the container's own seccomp filter (after installing it, up to and
# including the workload's execve), per path that starts a container, for
# noNewPrivileges true and false, prove each one needed, and write
# policies/runtimes.json.  The paths ("kinds"):
#   crun, runc                `RUNTIME run`
#   crun-create, runc-create  `RUNTIME create` + `RUNTIME start` (what podman's
#                             conmon and containerd's shim do; createstart.py)
#   podman-crun, podman-runc  `podman run --rootfs` with that OCI runtime and
#                             `--security-opt seccomp=` (podman's own config:
#                             its capabilities, rlimits, mounts)
#   bwrap                     `bwrap --seccomp`
#
#   sudo tests/runtimes/measure.sh [-o FILE] [-n RUNS] [-c]
#     -o FILE  where to write the JSON (default: policies/runtimes.json;
#              "-" prints it)
#     -n RUNS  containers per runtime and NNP setting to take the union of
#              (default 20: runc is a Go program, its scheduler's syscalls
#              vary from run to run)
#     -c       skip the cross-check (removal of each syscall)
#     -k KIND  measure only KIND (one of the paths above; repeatable) and
#              print the sets without writing any JSON
#
# Method:
#   1. The workload is exit42 (exit42.c, static, no libc): its only syscall
#      is exit(42), so under a filter everything but that exit is the
#      runtime's, and status 42 proves the container started.
#   2. The container's linux.seccomp is {"defaultAction": "SCMP_ACT_LOG"}
#      (x86_64, x86, x32).  auditlog.py runs the runtime in a fresh audit
#      session and collects the AUDIT_SECCOMP records (type 1326) of that
#      session from the audit multicast group AUDIT_NLGRP_READLOG, with a
#      drain barrier and ENOBUFS as a hard error.  Only processes under the
#      container's filter produce records.  Per process, the syscalls up to
#      and including its first execve/execveat are the runtime's; the union
#      over RUNS runs is the set.
#   3. Cross-check: a policy with default SCMP_ACT_ERRNO (EPERM) that allows
#      the set plus exit and exit_group must start the container (status
#      42) three times in a row (when it does not, RUNS more runs are
#      measured, twice at most: runc's Go runtime makes some calls, such as
#      rt_sigreturn after a preemption signal, in some runs only); the same
#      policy minus any one syscall of the set must not.  When
#      the runtime survives EPERM for a syscall (it ignores a failed close),
#      the removal is tried again with default SCMP_ACT_KILL_PROCESS, the
#      action a strict profile uses: if that stops the container, the syscall
#      is listed under "errno_tolerated"; if not even that does, under
#      "unproven".  A syscall made in some runs only (runc's Go scheduler)
#      gets up to RUNS tries per action before that verdict.  All stay in
#      the set: the runtime makes them.
#   4. bwrap: the same with `bwrap --seccomp 9` and a LOG-everything raw BPF
#      program (bwrap always sets no_new_privs; both keys carry its set).
#   5. In runtimes.json a runtime's "noNewPrivileges" sets (what `--for`
#      adds) are the union over its paths; "paths" keeps each path's own
#      measurement.  podman's entry is the union of podman with crun and with
#      runc (it runs containers with either).
# Runs in about 20 minutes.  Needs root, crun, runc, podman, bwrap, cc,
# libseccomp.
set -euo pipefail
. "$(dirname "$0")/../containers/lib.sh"

OUT=$SRCDIR/policies/runtimes.json
RUNS=20
CROSS=1
KINDS=()
while getopts o:n:ck: opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	n) RUNS=$OPTARG ;;
	c) CROSS=0 ;;
	k) KINDS+=("$OPTARG") ;;
	*) echo "usage: $0 [-o FILE] [-n RUNS] [-c] [-k KIND]..." >&2; exit 2 ;;
	esac
done

require_root
require_tool crun runc podman bwrap cc
RT_TIMEOUT=30 # a runtime that cannot exit (exit_group denied) hangs

# exit42, in the rootfs and in a directory bwrap binds.
mkdir -p "$T/bin"
cc -O2 -static -nostdlib -nostartfiles -fno-stack-protector -o "$T/bin/exit42" "$RT_HERE/exit42.c"
set +e; "$T/bin/exit42"; rc=$?; set -e
[ "$rc" = 42 ] || fail "exit42 exits $rc"

rt_bundle "$T/bundle"
cp "$T/bin/exit42" "$T/bundle/rootfs/exit42"

cat > "$T/log.json" <<'EOF'
{ "defaultAction": "SCMP_ACT_LOG",
  "architectures": [ "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32" ] }
EOF
if [ "$(uname -m)" != x86_64 ]; then
	echo '{ "defaultAction": "SCMP_ACT_LOG" }' > "$T/log.json"
fi

# prefix REC.jsonl: the runtime's syscalls of one run, one a line; fails
# unless some process exec'd and the workload then made only exit.
prefix() {
	"$RT_PY" - "$1" <<'EOF'
import json, sys
done, names, after = set(), set(), set()
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["name"] is None:
        sys.exit("unnamed syscall %d (arch %#x)" % (r["nr"], r["arch"]))
    if r["pid"] in done:
        after.add(r["name"])
        continue
    names.add(r["name"])
    if r["name"] in ("execve", "execveat"):
        done.add(r["pid"])
if not done:
    sys.exit("no execve under the filter")
if after != {"exit"}:
    sys.exit("the workload made more or less than exit: %s" % sorted(after))
print("\n".join(sorted(names)))
EOF
}

# run_one KIND NNP POLICY OUT [WRAP...]: start exit42 in KIND (crun, runc,
# bwrap) under POLICY (OCI JSON) with noNewPrivileges NNP.
run_one() {
	local kind=$1 nnp=$2 policy=$3 out=$4
	shift 4
	RT_WRAP=("$@")
	case $kind in
	bwrap)
		"$RT_PY" "$RT_HERE/ocibpf.py" "$policy" "$out.bpf"
		rt_bwrap "$out.bpf" "$out" / "$T/bin" -- "$T/bin/exit42"
		;;
	podman-*)
		local -a sec=(--security-opt "seccomp=$policy")
		[ "$nnp" = false ] || sec+=(--security-opt no-new-privileges)
		ct_podman_run "${kind#podman-}" "$out" -- --network none "${sec[@]}" \
			--rootfs "$T/bundle/rootfs" /exit42
		;;
	*-create)
		rt_config "$T/bundle" "$policy" "$nnp" / "" -- /exit42
		rt_container "${kind%-create}" "$T/bundle" "$out" create
		;;
	*)
		rt_config "$T/bundle" "$policy" "$nnp" / "" -- /exit42
		rt_container "$kind" "$T/bundle" "$out"
		;;
	esac
	RT_WRAP=()
}

# load_on / load_off: start / stop one busy loop per CPU (our own children,
# killed by pid).
LOAD_PIDS=()
load_on() {
	local n
	[ ${#LOAD_PIDS[@]} = 0 ] || return 0
	for n in $(seq "$(nproc)"); do
		sh -c 'while :; do :; done' &
		LOAD_PIDS+=($!)
	done
}
load_off() {
	local p
	for p in "${LOAD_PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
	for p in "${LOAD_PIDS[@]}"; do wait "$p" 2> /dev/null || true; done
	LOAD_PIDS=()
}
at_exit load_off

# measure KIND NNP [more]: the union of RUNS runs (RUNS more with "more"), in
# $T/set-KIND-NNP, with the number of runs that saw each syscall in
# $T/count-KIND-NNP and the number of runs in $T/runs-KIND-NNP.
measure() {
	local kind=$1 nnp=$2 i r n0=0 n
	if [ "${3:-}" = more ]; then
		n0=$(cat "$T/runs-$kind-$nnp")
	else
		: > "$T/all-$kind-$nnp"
	fi
	n=$((n0 + RUNS))
	for i in $(seq $((n0 + 1)) $n); do
		r=$T/m-$kind-$nnp-$i
		# Every other run competes with busy loops for the CPUs, so that the
		# Go scheduler of runc preempts, signals and parks (futex,
		# rt_sigreturn, ...) as it does on a loaded machine.
		if [ $((i % 2)) = 0 ]; then load_on; else load_off; fi
		for try in 1 2 3 4 5; do
			run_one "$kind" "$nnp" "$T/log.json" "$r" "$RT_PY" "$RT_HERE/auditlog.py" "$r.jsonl" --
			# The multicast socket is shared with every other LOG filter on
			# the machine: a storm elsewhere can overflow it.  Lost records
			# are never ignored: the run is repeated.
			grep -q ENOBUFS "$r.err" || break
			echo "  $kind nnp=$nnp run $i: records lost (ENOBUFS), again" >&2
		done
		[ "$(cat "$r.rc")" = 42 ] || fail "$kind nnp=$nnp run $i under a LOG filter: $(rt_show "$r")"
		prefix "$r.jsonl" >> "$T/all-$kind-$nnp" || fail "$kind nnp=$nnp run $i: see $r.jsonl"
	done
	load_off
	echo $n > "$T/runs-$kind-$nnp"
	sort "$T/all-$kind-$nnp" | uniq -c | awk '{print $2, $1}' > "$T/count-$kind-$nnp"
	cut -d' ' -f1 "$T/count-$kind-$nnp" > "$T/set-$kind-$nnp"
	echo "$kind nnp=$nnp ($n runs; name:runs when not in all): $(awk -v n="$n" '{printf "%s%s ", $1, ($2 == n ? "" : ":" $2)}' "$T/count-$kind-$nnp")" >&2
}

# sufficient KIND NNP: default ERRNO or KILL_PROCESS plus the measured set
# (and exit, exit_group) starts the container three times in a row.  A
# syscall made in some runs only (runc's Go runtime: rt_sigreturn after a
# preemption signal) can be missing from RUNS runs; then measure more.
sufficient() {
	local kind=$1 nnp=$2 act i r
	local -a set
	mapfile -t set < "$T/set-$kind-$nnp"
	# The policy always allows exit (the workload's) and exit_group: a
	# runtime that fails must be able to exit, or it hangs until the
	# timeout (Go's runtime spins when exit_group fails).
	for act in errno kill; do
		deny_policy "$T/full.json" $act "${set[@]}" exit exit_group
		for i in 1 2 3; do
			r=$T/x-$kind-$nnp-full-$act-$i
			run_one "$kind" "$nnp" "$T/full.json" "$r"
			if [ "$(cat "$r.rc")" != 42 ]; then
				echo "  $kind nnp=$nnp: the measured set does not start the container (default $act): $(rt_show "$r")" >&2
				return 1
			fi
		done
	done
}

# deny_policy OUT ACTION NAME...: default ACTION (errno: EPERM; kill:
# KILL_PROCESS), the names allowed.
deny_policy() {
	local out=$1 act=$2
	shift 2
	"$RT_PY" - "$T/log.json" "$out" "$act" "$@" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
if sys.argv[3] == "errno":
    p["defaultAction"] = "SCMP_ACT_ERRNO"
    p["defaultErrnoRet"] = 1
else:
    p["defaultAction"] = "SCMP_ACT_KILL_PROCESS"
p["syscalls"] = [{"names": sorted(set(sys.argv[4:])), "action": "SCMP_ACT_ALLOW"}]
json.dump(p, open(sys.argv[2], "w"), indent=1)
EOF
}

# crosscheck KIND NNP: $T/tolerated-KIND-NNP lists the syscalls whose removal
# stops the container only under a kill action, $T/unproven-KIND-NNP those
# whose removal did not stop it at all.
crosscheck() {
	local kind=$1 nnp=$2 i x r act
	local -a set
	mapfile -t set < "$T/set-$kind-$nnp"
	: > "$T/unproven-$kind-$nnp"
	: > "$T/tolerated-$kind-$nnp"
	runs=$(cat "$T/runs-$kind-$nnp")
	for x in "${set[@]}"; do
		for act in errno kill; do
			if [ "$x" = exit_group ]; then
				deny_policy "$T/minus.json" $act $(grep -vx "$x" "$T/set-$kind-$nnp") exit
			else
				deny_policy "$T/minus.json" $act $(grep -vx "$x" "$T/set-$kind-$nnp") exit exit_group
			fi
			# A syscall made in some runs only gets up to RUNS tries (every
			# other one under load), the others one.
			tries=1
			grep -q "^$x $runs\$" "$T/count-$kind-$nnp" || tries=$RUNS
			for i in $(seq $tries); do
				if [ $((i % 2)) = 0 ]; then load_on; else load_off; fi
				r=$T/x-$kind-$nnp-$x-$act
				run_one "$kind" "$nnp" "$T/minus.json" "$r"
				[ "$(cat "$r.rc")" = 42 ] || break
			done
			load_off
			if [ "$(cat "$r.rc")" != 42 ]; then
				echo "  $kind nnp=$nnp without $x (default $act): fails in try $i ($(cat "$r.rc"): $(head -c 120 "$r.err" | tr '\n' ' '))" >&2
				[ $act = kill ] && echo "$x" >> "$T/tolerated-$kind-$nnp"
				break
			fi
			echo "  $kind nnp=$nnp without $x (default $act): still starts ($tries tries)" >&2
			[ $act = kill ] && echo "$x" >> "$T/unproven-$kind-$nnp"
		done
	done
}

ALL_KINDS=(crun crun-create runc runc-create podman-crun podman-runc bwrap)
[ ${#KINDS[@]} -gt 0 ] || KINDS=("${ALL_KINDS[@]}")
for kind in "${KINDS[@]}"; do
	for nnp in true false; do
		[ "$kind" = bwrap ] && [ "$nnp" = false ] && continue # bwrap always sets no_new_privs
		measure "$kind" "$nnp"
		: > "$T/unproven-$kind-$nnp"
		: > "$T/tolerated-$kind-$nnp"
		[ "$CROSS" = 1 ] || continue
		for round in 1 2 3; do
			sufficient "$kind" "$nnp" && break
			[ $round != 3 ] || fail "$kind nnp=$nnp: the set measured in $(cat "$T/runs-$kind-$nnp") runs does not start the container"
			echo "  $kind nnp=$nnp: measuring $RUNS runs more" >&2
			measure "$kind" "$nnp" more
		done
		crosscheck "$kind" "$nnp"
	done
done
[ ${#KINDS[@]} = ${#ALL_KINDS[@]} ] || exit 0
cp "$T/set-bwrap-true" "$T/set-bwrap-false"
cp "$T/count-bwrap-true" "$T/count-bwrap-false"
cp "$T/runs-bwrap-true" "$T/runs-bwrap-false"
cp "$T/unproven-bwrap-true" "$T/unproven-bwrap-false"
cp "$T/tolerated-bwrap-true" "$T/tolerated-bwrap-false"

crun_v=$(crun --version | sed -n 's/^crun version //p')
runc_v=$(runc --version | sed -n 's/^runc version //p')
bwrap_v=$(bwrap --version | sed -n 's/^bubblewrap //p')
podman_v=$(podman --version | sed -n 's/^podman version //p')

"$RT_PY" - "$T" "$OUT" "$RUNS" "$CROSS" "$(uname -r)" "$(uname -m)" "$(date -u +%F)" \
	"$crun_v" "$runc_v" "$bwrap_v" "$podman_v" <<'EOF'
import json, os, sys
t, out, runs, cross, kernel, machine, day, crun_v, runc_v, bwrap_v, podman_v = sys.argv[1:]
def lines(p):
    return [l.split()[0] for l in open(p) if l.strip()]
def counts(p):
    return {l.split()[0]: int(l.split()[1]) for l in open(p) if l.strip()}
def measured(kind):
    """One path's sets and verdicts."""
    e = {"noNewPrivileges": {}, "runs": {}, "seen_in_runs": {}}
    unproven, tolerated = {}, {}
    for nnp in ("true", "false"):
        e["noNewPrivileges"][nnp] = sorted(lines(os.path.join(t, "set-%s-%s" % (kind, nnp))))
        n = int(open(os.path.join(t, "runs-%s-%s" % (kind, nnp))).read())
        e["runs"][nnp] = n
        c = counts(os.path.join(t, "count-%s-%s" % (kind, nnp)))
        e["seen_in_runs"][nnp] = {s: c[s] for s in sorted(c) if c[s] != n}
        u = sorted(lines(os.path.join(t, "unproven-%s-%s" % (kind, nnp))))
        if cross == "1":
            unproven[nnp] = u
            tolerated[nnp] = sorted(lines(os.path.join(t, "tolerated-%s-%s" % (kind, nnp))))
    if cross == "1":
        e["errno_tolerated"] = tolerated
        e["unproven"] = unproven
    return e
def entry(version, paths, also=()):
    """A runtime: what --for adds is the union over its paths (and the
    paths of the runtimes in 'also', named in "includes")."""
    e = {"version": version, "measured": day, "kernel": kernel, "machine": machine,
         "noNewPrivileges": {}}
    ps = {name: measured(kind) for name, kind in paths.items()}
    for nnp in ("true", "false"):
        e["noNewPrivileges"][nnp] = sorted(set().union(
            *(p["noNewPrivileges"][nnp] for p in ps.values()),
            *(measured(kind)["noNewPrivileges"][nnp] for kind in also)))
    if also:
        e["includes"] = list(also)
    if len(ps) == 1:
        e.update({k: v for k, v in ps.popitem()[1].items() if k != "noNewPrivileges"})
    else:
        e["paths"] = ps
    return e
doc = {
    "comment": " ".join([
        "The syscalls each OCI runtime makes itself under the container's own seccomp filter:",
        "after installing it, up to and including the execve of the container's process.",
        "A profile of the bare program lacks them and the container never starts, so",
        "`sclog run/merge/export --for RUNTIME` adds the union of both noNewPrivileges sets.",
        "Each path that starts a container is measured on its own ('paths'): `RUNTIME run` and",
        "`RUNTIME create` + `RUNTIME start` (what podman's conmon and containerd's shim do; crun",
        "then waits on its exec FIFO under the filter when noNewPrivileges is false), and podman",
        "run --rootfs with crun and with runc as its OCI runtime (podman's own config: its",
        "capabilities, rlimits, mounts). A runtime's 'noNewPrivileges' sets are the union over",
        "its paths; podman's the union over both runtimes and over the create+start sets of",
        "crun and runc ('includes'), which podman runs: a call made in some runs only, such as",
        "runc's rt_sigreturn after a preemption signal, may be missing from podman's own runs.",
        "Measured by tests/runtimes/measure.sh (as root): a static workload whose only syscall",
        "is exit(42) runs 'runs' times per path and setting under linux.seccomp",
        "defaultAction SCMP_ACT_LOG; the AUDIT_SECCOMP records of the runtime's audit session",
        "(multicast group AUDIT_NLGRP_READLOG) up to each process's first execve are the set.",
        "Cross-checked: default ERRNO or KILL_PROCESS plus the set (and exit, exit_group) starts the",
        "container three times (else more runs are measured); the set minus any one syscall does not. 'errno_tolerated': the",
        "runtime survives EPERM for it (e.g. a failed close leaves an fd open in the container)",
        "but a kill default action stops the container; 'unproven': the removal did not stop",
        "the container in 'runs' tries (made in some runs only); all of them stay in the set.",
        "'seen_in_runs' lists syscalls not seen in every run (runc is Go: its scheduler varies).",
        "The sets depend on the config too: crun and runc were measured with process.terminal",
        "false, user 0:0, the three capabilities of `runc spec`, one rlimit, no additionalGids,",
        "no apparmor/selinux; podman with its defaults and --network none.",
        "bwrap always sets no_new_privs before loading --seccomp; both keys hold its one set.",
        "Engines: Docker runs containers with runc by default (containerd's runc shim; Debian 12's",
        "docker.io and containerd depend on runc). Podman usually uses crun (Debian 12's podman",
        "depends on 'crun | runc'; crun is the default of podman's containers.conf where both",
        "exist) but may use runc, hence the union. Kubernetes runs pods through a CRI",
        "runtime; with containerd (the usual one, and what kubeadm, kind, EKS, GKE and AKS use) the",
        "default handler is runc. A CRI-O cluster may use crun: use --for crun there.",
        "A profile recorded on the host holds the host's userland: where the container's",
        "image is another userland (another glibc), record inside it with --container."]),
    "runtimes": {
        "crun": entry(crun_v, {"run": "crun", "create+start": "crun-create"}),
        "runc": entry(runc_v, {"run": "runc", "create+start": "runc-create"}),
        "podman": entry("%s (crun %s, runc %s)" % (podman_v, crun_v, runc_v),
                        {"crun": "podman-crun", "runc": "podman-runc"},
                        also=("crun-create", "runc-create")),
        "bwrap": entry(bwrap_v, {"run": "bwrap"}),
        "docker": {"uses": "runc"},
        "kubernetes": {"uses": "runc"},
    },
}
text = json.dumps(doc, indent=2) + "\n"
if out == "-":
    sys.stdout.write(text)
else:
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.replace(out + ".tmp", out)
    sys.stderr.write("written %s\n" % out)
EOF
