# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the in-place recording tests (`sclog run --container`, `sclog
# check --container`): the workloads, a bundle for either root filesystem,
# and the proof that a profile recorded in place runs the same container.
#
#   IP_WORK                 the workloads' directory, bind-mounted read-only
#                           into every container at its own path
#   ip_write_work           writes the workloads into IP_WORK
#   ip_start                ip_write_work, and the arrays rts (the OCI
#                           runtimes usable here) and prts (those podman can
#                           use); skips when there is none of either
#   ip_config BUNDLE KIND POLICY NNP -- ARGS...
#                           config.json for KIND "host" (the host's /usr and
#                           /etc, read-only) or "foreign" (the cached root
#                           filesystem of another release, CT_ROOTFS)
#   ip_oci RT BUNDLE OUT [PREFIX...]
#                           `RT run` of the bundle, as RT runs here, with
#                           PREFIX before the runtime (sclog run --container)
#   ip_podman_args KIND     the podman run options of that root filesystem
#   ip_prove_oci RT KIND NAME DROP -- ARGS...
#   ip_prove_podman RT KIND NAME DROP -- ARGS...
#                           the proofs, described at each function
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IP_WORK=$T/work

# The syscalls of the runtimes' set-up before the filter: a profile
# recorded in place holds none of them (the workloads make none).
IP_SETUP_ONLY="mount pivot_root sethostname umount2 unshare setns"

ip_write_work() {
	mkdir -p "$IP_WORK"
	chmod 755 "$IP_WORK"
	# A shell script: a pipeline, a command substitution, a subshell's
	# status, a background job; exits 3.  The job outlives the moment the
	# shell waits for it, always: a shell that waits for a job still running
	# makes calls (rt_sigsuspend) one that finds it ended does not, and a
	# profile holds only the path its recording took.
	cat > "$IP_WORK/shell.sh" <<-'SH'
		#!/bin/sh
		for i in 3 1 2; do echo "line $i"; done | sort
		x=$(echo sub | tr a-z A-Z)
		echo "$x"
		(exit 7)
		echo "subshell: $?"
		sleep 0.5 &
		wait
		echo "done"
		exit 3
	SH
	# An interpreter with threads: each thread prints after a barrier.
	cat > "$IP_WORK/threads.py" <<-'PY'
		import sys, threading
		out = []
		lock = threading.Lock()
		b = threading.Barrier(4)
		def work(n):
		    b.wait()
		    with lock:
		        out.append(n * n)
		ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
		for t in ts:
		    t.start()
		for t in ts:
		    t.join()
		print("threads:", sorted(out))
		sys.exit(5)
	PY
	# Another interpreter, which forks and waits.
	cat > "$IP_WORK/fork.pl" <<-'PL'
		my $pid = fork();
		if ($pid == 0) { print "child\n"; exit 4; }
		waitpid($pid, 0);
		print "parent saw ", $? >> 8, "\n";
	PL
	chmod 644 "$IP_WORK"/*
}

ip_config() {
	local bundle=$1 kind=$2 policy=$3 nnp=$4
	shift 4
	[ "$1" = -- ] && shift
	rt_bundle "$bundle"
	rt_config "$bundle" "$policy" "$nnp" "$IP_WORK" "$IP_WORK${PROGS:+:$PROGS}" -- "$@"
	[ "$kind" = host ] && return 0
	: "${CT_ROOTFS:?ct_rootfs first}"
	# The other release's own userland: its root filesystem, none of the
	# host's directories.
	"$RT_PY" - "$bundle/config.json" "$CT_ROOTFS" "${PROGS:-}" <<-'EOF'
		import json, sys
		path, rootfs, progs = sys.argv[1:4]
		c = json.load(open(path))
		c["root"] = {"path": rootfs, "readonly": True}
		host = {"/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", progs}
		c["mounts"] = [m for m in c["mounts"] if m["destination"] not in host]
		with open(path, "w") as f:
		    json.dump(c, f, indent=1)
	EOF
}

# ip_seccomp BUNDLE POLICY: put POLICY into the bundle's linux.seccomp.
ip_seccomp() {
	"$RT_PY" - "$1/config.json" "$2" <<-'EOF'
		import json, sys
		c = json.load(open(sys.argv[1]))
		c["linux"]["seccomp"] = json.load(open(sys.argv[2]))
		with open(sys.argv[1], "w") as f:
		    json.dump(c, f, indent=1)
	EOF
}

_ip_id=0
ip_oci() {
	local rt=$1 bundle=$2 out=$3 id state=$T/state-$1
	shift 3
	_ip_id=$((_ip_id + 1))
	id=sclog-ip-$BASHPID-$_ip_id
	mkdir -p "$state"
	local -a g=(--root "$state")
	[ "$rt" = crun ] && g+=(--cgroup-manager=disabled)
	ct_exec "$rt" "$out" -- "$@" "$rt" "${g[@]}" run -b "$bundle" "$id"
	case $(cat "$out.rc") in
	124 | 137) "$rt" --root "$state" delete -f "$id" > /dev/null 2>&1 || true ;;
	esac
	return 0
}

ip_podman_args() {
	case $1 in
	host) echo --network none -v /usr:/usr:ro -v /etc:/etc:ro -v "$IP_WORK:$IP_WORK:ro" \
		${PROGS:+-v "$PROGS:$PROGS:ro"} -w "$IP_WORK" --rootfs "$T/podman-rootfs/rootfs" ;;
	foreign) echo --network none -v "$IP_WORK:$IP_WORK:ro" -w "$IP_WORK" --rootfs "$CT_ROOTFS:O" ;;
	esac
}

# ip_record RT OUT POLICY [check POLICY-TO-CHECK] -- CMD...: run CMD (a
# runtime command) under `sclog run --container` (or `sclog check
# --container --policy`), the way RT runs here; the container's output in
# OUT.{out,err,rc}.  Records again when sclog says the profile is
# incomplete: the audit socket is shared with every test on the machine.
# IP_RUN_BACKEND, when set, is run's --backend.
ip_record() {
	local rt=$1 out=$2 policy=$3 try
	shift 3
	local -a verb=(run -q -o "$policy" --report "$policy.report.json"
		${IP_RUN_BACKEND:+--backend "$IP_RUN_BACKEND"})
	if [ "$1" = check ]; then
		verb=(check -q --policy "$2" --format json -o "$policy" --report "$policy.report.json")
		[ -n "${IP_CHECK_BACKEND:-}" ] && verb+=(--backend "$IP_CHECK_BACKEND")
		shift 2
	fi
	[ "$1" = -- ] && shift
	for try in 1 2 3; do
		ct_exec "$rt" "$out" -- "$SCLOG" "${verb[@]}" --container -- "$@"
		grep -qi incomplete "$out.err" || return 0
		note "recording incomplete (records lost elsewhere?), again: $(head -c 300 "$out.err")"
	done
}

# ip_assert_profile POLICY: a profile written by --container holds nothing of
# the runtime's set-up before its filter.
ip_assert_profile() {
	local n
	[ -s "$1" ] || fail "no profile written: $1"
	rt_names "$1" > "$1.names"
	for n in $IP_SETUP_ONLY; do
		! grep -qx "$n" "$1.names" || fail "$1 holds $n: the runtime's set-up leaked into the profile"
	done
}

# ip_pick_drop POLICY CANDIDATE...: the first candidate the profile holds.
ip_pick_drop() {
	local p=$1 c
	shift
	for c in "$@"; do
		grep -qx "$c" "$p.names" && { echo "$c"; return 0; }
	done
	fail "none of $* is in $p"
}

# ip_prove_oci RT KIND NAME DROPS -- ARGS...: for noNewPrivileges true and
# false, in RT (crun or runc) with root filesystem KIND:
#   1. the container without seccomp prints something (the reference);
#   2. `sclog run --container -- RT run -b BUNDLE ID`, where BUNDLE's
#      config.json holds a seccomp policy that would break the container
#      (default ERRNO), prints and exits as the reference, warns that it
#      replaces that linux.seccomp, leaves config.json as it was, and writes
#      a profile without the runtime's set-up syscalls;
#   3. the container with that profile as linux.seccomp prints and exits as
#      the reference;
#   4. the profile without one of DROPS (space-separated candidates, the
#      first the profile holds) makes the container fail.
ip_prove_oci() {
	local rt=$1 kind=$2 name=$3 drops=$4 nnp b r pol sum drop
	shift 4
	[ "$1" = -- ] && shift
	echo '{"defaultAction": "SCMP_ACT_ERRNO"}' > "$T/deny-all.json"
	for nnp in true false; do
		b=$T/b-$rt-$kind-$name-$nnp
		r=$T/r-$rt-$kind-$name-$nnp
		pol=$T/p-$rt-$kind-$name-$nnp.json
		ip_config "$b" "$kind" none "$nnp" -- "$@"
		ip_oci "$rt" "$b" "$r.ref"
		[ -s "$r.ref.out" ] || fail "$name in $rt ($kind, noNewPrivileges $nnp) prints nothing without seccomp: $(rt_show "$r.ref")"

		ip_seccomp "$b" "$T/deny-all.json"
		sum=$(sha256sum < "$b/config.json")
		ip_record "$rt" "$r.rec" "$pol" -- "$rt" --root "$T/state-$rt" \
			$([ "$rt" = crun ] && echo --cgroup-manager=disabled) run -b "$b" "sclog-ip-$BASHPID-rec"
		rt_same "$r.rec" "$r.ref" ||
			fail "$name under sclog run --container -- $rt run ($kind, noNewPrivileges $nnp): $(rt_show "$r.rec"); without sclog: $(rt_show "$r.ref")"
		grep -q "warning: linux.seccomp of $b/config.json" "$r.rec.err" ||
			fail "no warning that the bundle's linux.seccomp is replaced: $(head -c 600 "$r.rec.err")"
		[ "$(sha256sum < "$b/config.json")" = "$sum" ] || fail "sclog changed $b/config.json"
		ip_assert_profile "$pol"
		grep -q "\"path\": \"$rt run\"" "$pol.report.json" || fail "the report does not name '$rt run'"

		ip_config "$b" "$kind" "$pol" "$nnp" -- "$@"
		ip_oci "$rt" "$b" "$r.enf"
		rt_same "$r.enf" "$r.ref" ||
			fail "$name in $rt ($kind, noNewPrivileges $nnp) with its in-place profile: $(rt_show "$r.enf"); without seccomp: $(rt_show "$r.ref")"

		# shellcheck disable=SC2086
		drop=$(ip_pick_drop "$pol" $drops)
		rt_without "$pol" "$pol.minus.json" "$drop"
		ip_config "$b" "$kind" "$pol.minus.json" "$nnp" -- "$@"
		ip_oci "$rt" "$b" "$r.minus"
		! rt_same "$r.minus" "$r.ref" ||
			fail "$name in $rt ($kind, noNewPrivileges $nnp) without $drop still succeeds: is the profile enforced?"
		RT_POLICIES+=("$pol")
		pass "$name in $rt ($kind rootfs, noNewPrivileges $nnp): recorded in place ($(wc -l < "$pol.names") syscalls, none of the set-up), same output and status $(cat "$r.ref.rc") with the profile; without $drop: $(rt_show "$r.minus" | cut -c1-120)"
	done
}

# ip_prove_podman RT KIND NAME DROPS -- ARGS...: the same with `podman
# --runtime RT run`, the profile given as --security-opt seccomp=FILE, and
# noNewPrivileges set with --security-opt no-new-privileges or not.  The
# recorded command line holds --security-opt seccomp=unconfined, which sclog
# must replace with a warning.
ip_prove_podman() {
	local rt=$1 kind=$2 name=$3 drops=$4 nnp r pol drop
	shift 4
	[ "$1" = -- ] && shift
	local -a base nnpopt
	read -r -a base <<< "$(ip_podman_args "$kind")"
	[ "$kind" = host ] && rt_bundle "$T/podman-rootfs"
	ct_podman "$rt"
	for nnp in true false; do
		nnpopt=()
		[ "$nnp" = true ] && nnpopt=(--security-opt no-new-privileges)
		r=$T/pr-$rt-$kind-$name-$nnp
		pol=$T/pp-$rt-$kind-$name-$nnp.json
		ct_podman_run "$rt" "$r.ref" -- "${nnpopt[@]}" "${base[@]}" "$@"
		[ -s "$r.ref.out" ] || fail "$name in podman/$rt ($kind, noNewPrivileges $nnp) prints nothing: $(rt_show "$r.ref")"

		ip_record "$rt" "$r.rec" "$pol" -- "${CT_PODMAN[@]}" run --rm --security-opt seccomp=unconfined \
			"${nnpopt[@]}" "${base[@]}" "$@"
		rt_same "$r.rec" "$r.ref" ||
			fail "$name under sclog run --container -- podman run ($rt, $kind, noNewPrivileges $nnp): $(rt_show "$r.rec"); without sclog: $(rt_show "$r.ref")"
		grep -q "warning: --security-opt seccomp=unconfined is replaced" "$r.rec.err" ||
			fail "no warning that --security-opt seccomp=unconfined is replaced: $(head -c 600 "$r.rec.err")"
		ip_assert_profile "$pol"
		grep -q "podman run -> conmon -> $rt create + start" "$pol.report.json" ||
			fail "the report does not name podman's path through $rt"

		ct_podman_run "$rt" "$r.enf" -- --security-opt seccomp="$pol" "${nnpopt[@]}" "${base[@]}" "$@"
		rt_same "$r.enf" "$r.ref" ||
			fail "$name in podman/$rt ($kind, noNewPrivileges $nnp) with its in-place profile: $(rt_show "$r.enf"); with podman's default: $(rt_show "$r.ref")"

		# shellcheck disable=SC2086
		drop=$(ip_pick_drop "$pol" $drops)
		rt_without "$pol" "$pol.minus.json" "$drop"
		ct_podman_run "$rt" "$r.minus" -- --security-opt seccomp="$pol.minus.json" "${nnpopt[@]}" "${base[@]}" "$@"
		! rt_same "$r.minus" "$r.ref" ||
			fail "$name in podman/$rt ($kind, noNewPrivileges $nnp) without $drop still succeeds"
		RT_POLICIES+=("$pol")
		pass "$name in podman/$rt ($kind rootfs, noNewPrivileges $nnp): recorded in place ($(wc -l < "$pol.names") syscalls), same output and status $(cat "$r.ref.rc") with --security-opt seccomp=PROFILE; without $drop: fails"
	done
}

# ip_runtimes: the OCI runtimes usable here, one a line (crun, runc).
ip_runtimes() {
	rt_runtimes
}

# ip_podman_runtimes: the runtimes podman can use here, one a line.
ip_podman_runtimes() {
	local r
	command -v podman > /dev/null 2>&1 || return 0
	for r in crun runc; do
		ct_podman_usable "$r" >&2 && echo "$r"
	done
	return 0
}

# ip_start: the start of every in-place test that runs containers (above).
ip_start() {
	ip_write_work
	mapfile -t rts < <(ip_runtimes)
	mapfile -t prts < <(ip_podman_runtimes)
	[ ${#rts[@]} -gt 0 ] || [ ${#prts[@]} -gt 0 ] ||
		skip "neither crun, runc nor podman can run a container here"
}
