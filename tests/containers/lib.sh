# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers of the container tests: podman configured to run rootful
# containers here (with crun or runc as its OCI runtime), and a root
# filesystem of another Debian release than the host, built once per machine
# with debootstrap and cached outside the clone.  Sources
# tests/runtimes/lib.sh (and so tests/lib.sh): skip/fail/pass, $T, _rt_io,
# rt_bundle, rt_config, rt_container ... are all there.
#
# Root filesystem of another release:
#   ct_rootfs [RELEASE]     sets CT_ROOTFS (and CT_ROOTFS_INFO, "RELEASE
#                           glibc X.Y"); builds it first when it is not in
#                           the cache; skips (77) with the reason when it
#                           cannot be built.  RELEASE defaults to
#                           $SCLOG_CT_RELEASE or bullseye.
#   The cache is $SCLOG_TEST_CACHE (default /var/cache/sclog-tests), one
#   directory per release, architecture and package list, built under an
#   exclusive flock (concurrent builders wait for the first one) into a temp
#   directory renamed into place only when complete.  The mirror is the
#   Debian registry apt already uses for the host's own release.  The rootfs
#   is shared: never write into it.  Give it to podman as `--rootfs DIR:O`
#   (a private overlay) and to crun/runc with "root": {"readonly": true}.
#
# Podman (rootful, private state under $T, nothing of the host's store used):
#   ct_podman RUNTIME       sets the array CT_PODMAN: `podman` with the global
#                           options for crun or runc as its OCI runtime
#                           (private --root/--runroot/--tmpdir, vfs storage,
#                           cgroupfs, file events), and exports CONTAINERS_CONF
#                           (default_ulimits nofile/nproc 20000).  Skips when
#                           podman or RUNTIME is not installed.
#   ct_exec RUNTIME OUT -- CMD...
#                           run CMD (podman itself, or `sclog run --container
#                           -- podman ...`) the way RUNTIME can run here: for
#                           crun on this cgroup v1/v2 hybrid, in a private
#                           mount namespace without /sys/fs/cgroup/unified;
#                           stdin /dev/null, stdout (a pipe), stderr, status
#                           in OUT.{out,err,rc} as rt_container does; the
#                           array RT_WRAP, when set, goes first (measure.sh).
#   ct_podman_run RUNTIME OUT -- RUN-ARGS...
#                           ct_exec of `podman run --rm RUN-ARGS...`.
#   ct_settled REPORT CMD...
#                           CMD, a recording with --backend notify --report
#                           REPORT, again (SETTLE_TRIES at most) while the report
#                           counts calls a signal took out of their wait
#                           before sclog received them (runc's Go runtime).
#
# A workload:
#   ct_script_work          $T/work/script.sh (sort of in.txt, a subshell, a
#                           pipeline; exits 6), $T open to every user, and
#                           its run on the host in $T/host (rt_host), which
#                           must exit 6
#   Containers left behind (a timeout) are removed at exit (rt_cleanup).
#
# A container a daemon started (docker run, ctr run), notify against bpf:
#   ct_recorded REPORT      the names of the calls the collector saw
#   ct_report_ok REPORT COLLECTOR RUNTIME
#                           the report says COLLECTOR, complete, RUNTIME, the
#                           container's execve seen, the listener
#   ct_bpf_compare NOTIFY-POLICY BPF-POLICY RUNTIME
#                           the rule between the two recordings
. "$(dirname "${BASH_SOURCE[0]}")/../runtimes/lib.sh"

CT_CACHE=${SCLOG_TEST_CACHE:-/var/cache/sclog-tests}
CT_RELEASE=${SCLOG_CT_RELEASE:-bullseye}
# What the container workloads need beyond debootstrap's minbase (which has
# dash, bash, coreutils, perl-base): an interpreter that runs threads.
CT_PACKAGES=python3
CT_DEBOOTSTRAP_TIMEOUT=${CT_DEBOOTSTRAP_TIMEOUT:-1200}

# ---------------------------------------------------------------- rootfs

# ct_mirror: the URI apt uses for the host's own Debian release.
ct_mirror() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || return 1
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2> /dev/null |
		awk -v c="$codename" '$2 == c && !n++ { print $1 }' | grep .
}

# ct_unmount_under DIR: unmount whatever is mounted below DIR (a failed
# debootstrap can leave its /proc and /sys mounts behind), deepest first.
ct_unmount_under() {
	local m
	findmnt -rn -o TARGET 2> /dev/null | awk -v p="$1/" 'index($0, p) == 1' | sort -r | while read -r m; do
		umount -l "$m" 2> /dev/null || true
	done
}

ct_rootfs() {
	local rel=${1:-$CT_RELEASE} arch key dir fd tmp mirror host glibc rc
	require_root
	host=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ "$rel" != "$host" ] || fail "ct_rootfs: $rel is the host's own release; the point is another one"
	command -v debootstrap > /dev/null 2>&1 ||
		skip "debootstrap is not installed (tools/install-deps.sh): no $rel root filesystem"
	arch=$(dpkg --print-architecture)
	key=$rel-$arch-$(printf '%s' "$CT_PACKAGES" | cksum | cut -d' ' -f1)
	dir=$CT_CACHE/rootfs-$key
	mkdir -p "$CT_CACHE" 2> /dev/null || skip "cannot create the cache directory $CT_CACHE"
	exec {fd}> "$CT_CACHE/rootfs-$key.lock"
	flock -x "$fd"
	if [ ! -f "$dir/.sclog-rootfs" ]; then
		mirror=$(ct_mirror) || { exec {fd}>&-; skip "no apt source for the host's release: cannot tell debootstrap a mirror"; }
		tmp=$(mktemp -d "$CT_CACHE/.build-$key.XXXXXX")
		echo "ct_rootfs: building a $rel root filesystem from $mirror into $dir (once per machine)" >&2
		set +e
		timeout -k 10 "$CT_DEBOOTSTRAP_TIMEOUT" debootstrap --variant=minbase \
			--include="${CT_PACKAGES// /,}" "$rel" "$tmp/rootfs" "$mirror" > "$tmp/log" 2>&1
		rc=$?
		set -e
		if [ $rc = 0 ] && chroot "$tmp/rootfs" /bin/true; then
			# The files podman bind-mounts over must exist: it would
			# create them in the (shared) rootfs otherwise.
			touch "$tmp/rootfs/etc/hosts" "$tmp/rootfs/etc/hostname" "$tmp/rootfs/etc/resolv.conf"
			rm -f "$tmp/rootfs"/var/cache/apt/archives/*.deb
			glibc=$(chroot "$tmp/rootfs" /usr/bin/ldd --version 2> /dev/null | sed -n '1s/.* //p')
			echo "$rel glibc $glibc" > "$tmp/rootfs/.sclog-rootfs"
			ct_unmount_under "$tmp"
			rm -rf "$dir"
			mv "$tmp/rootfs" "$dir"
			rm -rf "$tmp"
		else
			local why
			why=$(grep -E '^(E|W):' "$tmp/log" | tail -2 | tr '\n' ' ' || true)
			[ -n "$why" ] || why=$(tail -2 "$tmp/log" | tr '\n' ' ')
			[ $rc != 124 ] || why="timed out after ${CT_DEBOOTSTRAP_TIMEOUT}s; $why"
			ct_unmount_under "$tmp"
			rm -rf "$tmp"
			exec {fd}>&-
			skip "cannot build a $rel root filesystem with debootstrap from $mirror: $why"
		fi
	fi
	exec {fd}>&-
	CT_ROOTFS=$dir
	CT_ROOTFS_INFO=$(cat "$dir/.sclog-rootfs")
}

# ---------------------------------------------------------------- podman

CT_PODMAN=()
ct_podman() {
	require_root
	require_tool podman "$1"
	ct_podman_cmd "$1"
}

# ct_podman_cmd RUNTIME: CT_PODMAN and CONTAINERS_CONF as ct_podman, unchecked.
ct_podman_cmd() {
	local rt=$1
	mkdir -p "$T/podman"
	if [ ! -f "$T/podman/containers.conf" ]; then
		# Without default_ulimits crun fails: "setrlimit RLIMIT_NPROC:
		# Operation not permitted" (podman asks for the host's limits).
		# lock_type "file" keeps the containers' locks in our --tmpdir:
		# the default, "shm", is one segment (/dev/shm/libpod_lock) that
		# every rootful podman on the machine shares whatever its --root,
		# so that the tests running side by side and the host's own
		# containers would wait on each other's locks.
		cat > "$T/podman/containers.conf" <<-'EOF'
			[containers]
			default_ulimits = ["nofile=20000:20000", "nproc=20000:20000"]
			[engine]
			cgroup_manager = "cgroupfs"
			events_logger = "file"
			lock_type = "file"
		EOF
	fi
	export CONTAINERS_CONF=$T/podman/containers.conf
	CT_PODMAN=(podman --root "$T/podman/root" --runroot "$T/podman/run"
		--tmpdir "$T/podman/tmp" --storage-driver vfs
		--cgroup-manager cgroupfs --events-backend file --runtime "$rt")
}

# ct_wrap RUNTIME: the array CT_WRAP, a prefix that runs a command as RUNTIME
# needs it here (see tests/runtimes/lib.sh for why crun needs its own mount
# namespace).  The namespace's mounts die with the command.
CT_WRAP=()
ct_wrap() {
	CT_WRAP=()
	if [ "$1" = crun ] && rt_hybrid_cgroups; then
		CT_WRAP=(unshare -m --propagation private sh -c
			'umount /sys/fs/cgroup/unified && exec "$@"' sh)
	fi
}

ct_exec() {
	local rt=$1 out=$2
	shift 2
	[ "$1" = -- ] && shift
	ct_wrap "$rt"
	_rt_io "$out" timeout -k 5 "$RT_TIMEOUT" "${RT_WRAP[@]}" "${CT_WRAP[@]}" "$@"
}

ct_podman_run() {
	local rt=$1 out=$2
	shift 2
	[ "$1" = -- ] && shift
	ct_podman "$rt"
	ct_exec "$rt" "$out" -- "${CT_PODMAN[@]}" run --rm "$@"
}

# A signal that reaches a call waiting for sclog before sclog received it
# ends that call (and after it too, under runc's filter, which lacks
# WAIT_KILLABLE_RECV): such a run is incomplete by design (docs/how-it-works.md),
# and runc's Go runtime preempts its threads with signals (on this 2-core
# machine under a load of 14, half the recordings through containerd were
# disturbed so).  The comparisons need an undisturbed run.
ct_settled() {
	local report=$1 try
	shift
	for try in $(seq $SETTLE_TRIES); do
		rm -f "$report"
		"$@"
		[ -s "$report" ] || return 0
		undisturbed "$report" && return 0
		echo "# try $try: a signal took calls out of their wait; again" >&2
	done
	fail "in $SETTLE_TRIES runs of $SETTLE_TRIES, a signal interrupted calls waiting for sclog: $*"
}

# ct_podman_usable RUNTIME: podman with RUNTIME runs /bin/true here (in a
# rootfs of the host's /usr), else a note and status 1.
ct_podman_usable() {
	local rt=$1 b=$T/ct-probe-$1
	command -v podman > /dev/null 2>&1 && command -v "$rt" > /dev/null 2>&1 || return 1
	rt_bundle "$b"
	ct_podman_run "$rt" "$b" -- --network none -v /usr:/usr:ro -v /etc:/etc:ro \
		--rootfs "$b/rootfs" /bin/true
	[ "$(cat "$b.rc")" = 0 ] && return 0
	note "podman with $rt cannot run a container here: $(rt_show "$b")"
	return 1
}

# ---------------------------------------------------------------- rootless

# Rootless runs, as uid 65534 with a private state in $T/nobody (HOME
# $T/nobody/home, XDG_RUNTIME_DIR $T/nobody):
#   ct_rootless OUT CMD...  CMD as uid 65534, the way ct_exec runs crun.
#   ct_upod RUNTIME         sets the array CT_UPOD: rootless podman with
#                           RUNTIME, its store under $T/nobody (no subuid
#                           range: podman maps uid 65534 alone); makes its
#                           containers.conf and a root filesystem
#                           $T/nobody/rootfs.  Podman keeps a pause process
#                           (its user namespace) after the run: it is killed
#                           at exit, by the pid podman wrote.
ct_rootless() {
	local out=$1
	shift
	ct_exec crun "$out" -- setpriv --reuid 65534 --regid 65534 --clear-groups \
		env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$T/nobody" HOME="$T/nobody/home" \
		CONTAINERS_CONF="$T/nobody/containers.conf" "$@"
}

CT_UPOD=()
ct_upod() {
	local u=$T/nobody
	if [ ! -f "$u/containers.conf" ]; then
		chmod 755 "$T"
		mkdir -p "$u/home"
		rt_bundle "$u/ub" && mv "$u/ub/rootfs" "$u/rootfs"
		printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\nlock_type = "file"\n' \
			> "$u/containers.conf"
		chown -R 65534:65534 "$u"
		at_exit _ct_upod_cleanup
	fi
	CT_UPOD=(podman --root "$u/home/root" --runroot "$u/rr" --tmpdir "$u/tmp" --storage-driver vfs
		--cgroup-manager cgroupfs --events-backend file --runtime "$1")
}

_ct_upod_cleanup() {
	local pid
	pid=$(cat "$T/nobody/tmp/pause.pid" 2> /dev/null) || return 0
	[ -n "$pid" ] && kill -9 "$pid" 2> /dev/null || true
}

# ---------------------------------------------------------------- workload

ct_script_work() {
	mkdir -p "$T/work"
	printf 'b\na\n' > "$T/work/in.txt"
	cat > "$T/work/script.sh" <<-'SH'
		#!/bin/sh
		sort in.txt
		( echo sub )
		echo piped | tr a-z A-Z
		exit 6
	SH
	chmod -R a+rX "$T"
	rt_host "$T/host" "$T/work" -- /bin/sh "$T/work/script.sh"
	[ "$(cat "$T/host.rc")" = 6 ] || fail "the script on the host: $(rt_show "$T/host")"
}

# Called by rt_cleanup (at exit): remove the containers of our private
# podman store (ours only), then anything podman left mounted under $T.
ct_cleanup() {
	[ -d "$T/podman/root" ] || return 0
	# podman knows each container's runtime; crun's namespace suits runc too.
	ct_podman_cmd crun
	ct_wrap crun
	timeout -k 5 60 "${CT_WRAP[@]}" "${CT_PODMAN[@]}" rm -af -t 0 > /dev/null 2>&1 || true
	ct_unmount_under "$T"
}

# ct_bpf_compare NOTIFY-POLICY BPF-POLICY RUNTIME: the rule between the
# notify and the bpf collectors' recordings of one container a daemon
# started (docs/containers.md), each with its POLICY.report.json:
#   * the profiles name the same syscalls;
#   * bpf's recorded calls hold notify's, but for RUNTIME's measured set
#     (runtimes.json): the runtime's calls after its filter and before the
#     container's execve, which bpf does not count (it tracks the process
#     from that execve on) and run adds to both profiles.
# Prints what breaks the rule and returns 1, or returns 0.
ct_bpf_compare() {
	local n=$1 b=$2 rt=$3 diff missing
	diff=$(diff <(rt_names "$n") <(rt_names "$b") | grep '^[<>]' | tr '\n' ' ' || true)
	[ -z "$diff" ] || { echo "profiles differ (< notify, > bpf): $diff"; return 1; }
	missing=$(comm -23 <(ct_recorded "$n.report.json") <(ct_recorded "$b.report.json") |
		grep -vxF -f <(rt_runtime_set "$rt") | tr "\n" " " || true)
	[ -z "$missing" ] || { echo "recorded by notify, not by bpf: $missing"; return 1; }
}

# ct_recorded REPORT: the names of the calls the collector saw, one a line.
ct_recorded() {
	report_field "$1" '"\n".join(sorted({s["name"] for s in r["syscalls"]}))'
}

# ct_report_ok REPORT COLLECTOR RUNTIME: the report of a recording of a
# container a daemon started says COLLECTOR, complete, RUNTIME, the
# container's execve seen and the listener; else it is printed, status 1.
ct_report_ok() {
	"$RT_PY" - "$@" <<-'PY'
		import json, sys
		r = json.load(open(sys.argv[1]))
		ct = r.get("container") or {}
		ok = (r.get("collector") == sys.argv[2] and r.get("complete") is True
		      and ct.get("runtime") == sys.argv[3] and ct.get("exec_seen") is True
		      and "linux.seccomp.listenerPath" in (ct.get("listener") or ""))
		sys.exit(0 if ok else f"not as expected: {r}")
	PY
}
