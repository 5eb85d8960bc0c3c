# SPDX-License-Identifier: GPL-2.0-only
# Private Docker daemons for the Docker tests and bench/docker.sh;
# sourced after tests/containers/lib.sh.  Nothing of the host's Docker is
# used or touched: Debian's docker.io of a release is unpacked (never
# installed) by tools/fetch-docker.sh into /var/cache/sclog-docker, and each
# daemon has its own socket, data and exec roots, pid file and managed
# containerd (bookworm's containerd package, found on PATH), with no
# iptables rules, no bridge and no NAT: no network change on the host.
#
#   dk_fetch RELEASE     sets DK_ROOT (the unpacked package) and DK_VERSION;
#                        skips (77) with the reason when it cannot be had
#   dk_start NAME        starts dockerd of DK_ROOT under $T/NAME (stopped at
#                        exit, by its pid); sets the array DK (the docker
#                        client of that release with its global options) and
#                        DK_PID; fails with dockerd's log when it does not
#                        answer in 60 s
#   dk_stop NAME         stops the daemon NAME and its containerd
#   dk_image NAME:TAG    imports $CT_ROOTFS (ct_rootfs) as an image
#
# Rootless (a daemon of a user the test makes, sclog as that user):
#   dk_rootless NAME     makes the user $DK_USER with a subordinate id range
#                        of its own (both removed at exit), and starts
#                        dockerd-rootless.sh of DK_ROOT as that user under
#                        $T/NAME (rootlesskit: user and mount namespaces,
#                        the host's network); sets DK, DK_PID,
#                        DK_AS (the prefix that runs a command as $DK_USER with
#                        no capability) and DK_OUT (a directory $DK_USER
#                        writes).  Skips (77) when rootlesskit, newuidmap or
#                        unprivileged user namespaces are missing.
#
# The round trip, shared by the rootful and the rootless test (each command
# through "${DK_AS[@]}", the outputs in $DK_OUT):
#   dk_record OUT POLICY [SCLOG-OPTIONS...] -- DOCKER-ARGS...
#   dk_reference NAME CMD...          docker run of CMD, without sclog
#   dk_rerun NAME POLICY DROP... -- CMD...
#                                     rerun under POLICY, and without DROP
#   dk_prove NAME DROP... -- CMD...   record, rerun, rerun without DROP
#   dk_check POLICY [SCLOG-OPTIONS...]
#                                     sclog check of the threads workload

DK=()
DK_AS=()
DK_PID=
DK_OUT=$T
DK_USER=sclog-rootless

dk_fetch() {
	local rel=$1 line
	require_root
	command -v apt-get > /dev/null 2>&1 || skip "no apt-get: cannot fetch Debian's docker.io"
	line=$("$SRCDIR/tools/fetch-docker.sh" "$rel" 2>&1 | tail -1) ||
		skip "cannot fetch $rel's docker.io (tools/fetch-docker.sh): $line"
	DK_ROOT=$(echo "$line" | cut -d' ' -f2)
	DK_VERSION=$(echo "$line" | cut -d' ' -f3)
	[ -x "$DK_ROOT/usr/sbin/dockerd" ] || skip "no dockerd in $DK_ROOT"
}

dk_start() {
	local name=$1 d=$T/$1 i
	require_tool containerd runc
	mkdir -p "$d"
	echo '{}' > "$d/daemon.json"
	# dockerd finds docker-init, docker-proxy, containerd and runc on PATH.
	PATH=$DK_ROOT/usr/bin:$DK_ROOT/usr/sbin:$PATH setsid dockerd \
		--config-file "$d/daemon.json" -H "unix://$d/docker.sock" \
		--data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
		--iptables=false --ip6tables=false --ip-masq=false --bridge=none \
		--userland-proxy=false > "$d/dockerd.log" 2>&1 < /dev/null &
	DK_PID=$!
	at_exit "dk_stop $name"
	echo "$DK_PID" > "$d/pid"
	DK=("$DK_ROOT/usr/bin/docker" --config "$d/client" -H "unix://$d/docker.sock")
	for i in $(seq 120); do
		"${DK[@]}" version > /dev/null 2>&1 && return 0
		kill -0 "$DK_PID" 2> /dev/null || break
		sleep 0.5
	done
	fail "dockerd $DK_VERSION did not start: $(tail -5 "$d/dockerd.log" | tr '\n' '|')"
}

dk_stop() {
	local d=$T/$1 pid ctd dkd i
	[ -f "$d/pid" ] || return 0
	pid=$(cat "$d/pid")
	ctd=$(cat "$d/exec/containerd/containerd.pid" 2> /dev/null || true)
	# dockerd itself (rootless: rootlesskit's child; $pid is rootlesskit).
	dkd=$(cat "$d/dockerd.pid" 2> /dev/null || true)
	kill $dkd "$pid" 2> /dev/null || true
	for i in $(seq 60); do
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.5
	done
	kill -9 "$pid" 2> /dev/null || true
	[ -z "$dkd" ] || [ "$(cat "/proc/$dkd/comm" 2> /dev/null)" != dockerd ] || kill -9 "$dkd"
	[ -z "$ctd" ] || kill -9 "$ctd" 2> /dev/null || true
	# A container stuck under a recording profile outlives its daemon: its
	# shim (named by this daemon's own containerd address) and the shim's
	# children, by pid.
	for pid in $(pgrep -f -- "-address $d/exec/" || true); do
		kill -9 $(pgrep -P "$pid" || true) "$pid" 2> /dev/null || true
	done
	ct_unmount_under "$d"
	rm -f "$d/pid"
}

dk_image() {
	tar -C "$CT_ROOTFS" -c . | "${DK_AS[@]}" "${DK[@]}" import - "$1" > /dev/null ||
		fail "docker import of $CT_ROOTFS failed"
}

# ---------------------------------------------------------------- rootless

# The test's user is made here and removed at exit with its subordinate
# ranges; its name is fixed, so one test at a time holds it (a lock file,
# closed in the daemon).  A user of that name left by a killed run is known
# by its comment and removed first; any other is left alone (skip).
DK_USER_COMMENT="sclog test user (tests/containers/docker.sh)"
_dk_user() {
	local start lock=/run/lock/sclog-rootless.lock
	{ : >> "$lock"; } 2> /dev/null || lock=/tmp/sclog-rootless.lock
	exec {DK_LOCK}>> "$lock"
	flock -w 900 "$DK_LOCK" || skip "another test holds the user $DK_USER for 15 minutes"
	if getent passwd "$DK_USER" > /dev/null; then
		[ "$(getent passwd "$DK_USER" | cut -d: -f5)" = "$DK_USER_COMMENT" ] ||
			skip "a user $DK_USER exists that this test did not make"
		_dk_user_remove
	fi
	# A range no other user's and no uid overlaps: past every range and
	# every uid, at 165536 at the least (SUB_UID_MIN's default is 100000).
	start=$(cat /etc/subuid /etc/subgid /etc/passwd 2> /dev/null | awk -F: '
		NF == 3 && $2 + $3 > m { m = $2 + $3 }
		NF >= 7 && $3 + 1 > m { m = $3 + 1 }
		END { m = m < 165536 ? 165536 : m; print m + (65536 - m % 65536) % 65536 }')
	at_exit _dk_user_remove
	useradd -r -M -d /nonexistent -s /usr/sbin/nologin -U -c "$DK_USER_COMMENT" "$DK_USER" ||
		fail "useradd $DK_USER failed"
	usermod --add-subuids "$start-$((start + 65535))" --add-subgids "$start-$((start + 65535))" \
		"$DK_USER" || fail "usermod --add-subuids failed"
	# The daemon's way in keeps the bounding set: rootlesskit runs
	# newuidmap, set-user-ID root, which needs CAP_SETUID.  sclog and the
	# docker client run with none at all (DK_AS).
	DK_USER_AS=(setpriv --reuid "$(id -u "$DK_USER")" --regid "$(id -g "$DK_USER")" --clear-groups)
	DK_AS=("${DK_USER_AS[@]}" --inh-caps=-all --bounding-set=-all env -i
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin")
}

# Its processes (all started by this test: the user is the test's own), its
# ranges, the user and its group.
_dk_user_remove() {
	local pid
	getent passwd "$DK_USER" > /dev/null || return 0
	for pid in $(pgrep -u "$DK_USER" || true); do
		kill -9 "$pid" 2> /dev/null || true
	done
	sleep 0.2
	sed -i "/^$DK_USER:/d" /etc/subuid /etc/subgid
	userdel "$DK_USER" > /dev/null 2>&1 || userdel -f "$DK_USER" ||
		echo "# userdel $DK_USER failed" >&2
	! getent group "$DK_USER" > /dev/null || groupdel "$DK_USER" || true
}

dk_rootless() {
	local name=$1 d=$T/$1 i n
	require_tool containerd runc rootlesskit newuidmap newgidmap useradd setpriv
	n=$(cat /proc/sys/user/max_user_namespaces 2> /dev/null || echo 0)
	[ "$n" -gt 0 ] || skip "user namespaces are disabled (user.max_user_namespaces = $n)"
	[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2> /dev/null || echo 1)" = 1 ] ||
		skip "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)"
	_dk_user
	chmod 755 "$T"
	mkdir -p "$d/home" "$d/xdg" "$d/out"
	chmod 700 "$d/xdg"
	echo '{}' > "$d/daemon.json"
	chown -R "$DK_USER:" "$d"
	DK_OUT=$d/out
	# dockerd-rootless.sh re-executes itself in rootlesskit, which makes the
	# user and mount namespaces (newuidmap with the subordinate range) and
	# copies /etc and /run up; then dockerd with the rootful test's options:
	# no iptables, no bridge, its own data and exec roots and containerd.
	# The host's network (no network or port driver: the containers run
	# with --network none): slirp4netns needs /dev/net/tun, root's alone
	# (0600) on the test machines.
	"${DK_USER_AS[@]}" env -i HOME="$d/home" XDG_RUNTIME_DIR="$d/xdg" \
		PATH="$DK_ROOT/usr/bin:$DK_ROOT/usr/sbin:/usr/sbin:/usr/bin:/sbin:/bin" \
		DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none \
		setsid "$DK_ROOT/usr/share/docker.io/contrib/dockerd-rootless.sh" \
		--config-file "$d/daemon.json" -H "unix://$d/docker.sock" \
		--data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
		--iptables=false --ip6tables=false --ip-masq=false --bridge=none \
		--userland-proxy=false > "$d/dockerd.log" 2>&1 < /dev/null {DK_LOCK}>&- &
	DK_PID=$!
	at_exit "dk_stop $name"
	echo "$DK_PID" > "$d/pid"
	DK_AS+=(HOME="$d/home" XDG_RUNTIME_DIR="$d/xdg")
	DK=("$DK_ROOT/usr/bin/docker" --config "$d/client" -H "unix://$d/docker.sock")
	# (`docker version` fails with this daemon: see docker_daemon.c)
	for i in $(seq 120); do
		"${DK_AS[@]}" "${DK[@]}" info > /dev/null 2>&1 && return 0
		kill -0 "$DK_PID" 2> /dev/null || break
		sleep 0.5
	done
	fail "rootless dockerd $DK_VERSION did not start: $(tail -5 "$d/dockerd.log" | tr '\n' '|')"
}

# ---------------------------------------------------------------- round trip

# A threaded interpreter (python3 in the rootfs) and a shell pipeline.
# The threads' own ends (madvise of their stacks, exit) race with the
# process's exit_group after join(): the sleep settles them, so that two
# recordings of the workload can be compared.
DK_THREADS='import threading, time
out = []
ts = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
time.sleep(0.5)
print(sorted(out))
raise SystemExit(3)'
DK_PIPELINE='seq 1 500 | sort -rn | head -3 | tr "\n" " "; echo; exit 4'
DK_RUN=(run --rm --network none sclog-bullseye:test)

# dk_record OUT POLICY [SCLOG-OPTIONS...] -- DOCKER-ARGS...: sclog run
# --container --report POLICY.report.json of `docker DOCKER-ARGS`, again
# while a signal took calls out of their wait before sclog received them
# (runc's Go runtime preempts its threads with SIGURG; such a run is
# incomplete by design, docs/how-it-works.md).  At most SETTLE_TRIES tries.
dk_record() {
	local out=$1 p=$2 opts=() try
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	for try in $(seq $SETTLE_TRIES); do
		rm -f "$p.report.json"
		_rt_io "$out" timeout -k 5 120 "${DK_AS[@]}" "$SCLOG" run --container "${opts[@]}" \
			--report "$p.report.json" -o "$p" -- "${DK[@]}" "$@"
		[ -s "$p.report.json" ] || return 0
		undisturbed "$p.report.json" && return 0
		echo "# try $try: a signal took calls out of their wait before sclog received them; again" >&2
	done
	fail "in $SETTLE_TRIES runs of $SETTLE_TRIES, a signal interrupted calls before sclog received them: $*"
}

# dk_reference NAME CMD...: `docker run` of CMD without sclog, in
# $T/NAME.ref; it must print something.
dk_reference() {
	local name=$1
	shift
	_rt_io "$T/$name.ref" timeout -k 5 60 "${DK_AS[@]}" "${DK[@]}" "${DK_RUN[@]}" "$@"
	[ -s "$T/$name.ref.out" ] || fail "$name without sclog: $(rt_show "$T/$name.ref")"
}

# dk_rerun NAME POLICY DROP... -- CMD...: CMD under POLICY runs as its
# reference ($T/NAME.ref); under POLICY without DROP it does not.
dk_rerun() {
	local name=$1 p=$2 drop=()
	shift 2
	while [ "$1" != -- ]; do drop+=("$1"); shift; done
	shift
	_rt_io "$T/$name.again" timeout -k 5 60 "${DK_AS[@]}" "${DK[@]}" run --security-opt "seccomp=$p" \
		"${DK_RUN[@]:1}" "$@"
	rt_same "$T/$name.ref" "$T/$name.again" ||
		fail "$name under its profile: $(rt_show "$T/$name.again") vs $(rt_show "$T/$name.ref")"
	rt_without "$p" "$p.minus.json" "${drop[@]}"
	_rt_io "$T/$name.minus" timeout -k 5 60 "${DK_AS[@]}" "${DK[@]}" run \
		--security-opt "seccomp=$p.minus.json" "${DK_RUN[@]:1}" "$@"
	! rt_same "$T/$name.ref" "$T/$name.minus" ||
		fail "$name under its profile without ${drop[*]}: ran as without seccomp"
}

# dk_prove NAME DROP... -- CMD...: the round trip of one workload; the
# profile is $DK_OUT/NAME.json.
dk_prove() {
	local name=$1 drop=() p=$DK_OUT/$1.json
	shift
	while [ "$1" != -- ]; do drop+=("$1"); shift; done
	shift
	dk_reference "$name" "$@"
	dk_record "$T/$name.rec" "$p" -- "${DK_RUN[@]}" "$@"
	rt_same "$T/$name.ref" "$T/$name.rec" ||
		fail "$name under sclog: not as without it: $(rt_show "$T/$name.rec") vs $(rt_show "$T/$name.ref")"
	ct_report_ok "$p.report.json" notify docker || fail "$name: report $p.report.json"
	dk_rerun "$name" "$p" "${drop[@]}" -- "$@"
	pass "docker run, $name (status $(cat "$T/$name.ref.rc")): recorded with the same output and status, complete; the profile reruns it alike; without ${drop[*]} the rerun fails ($(cat "$T/$name.minus.rc"))"
}

# dk_check POLICY [SCLOG-OPTIONS...]: sclog check of the threads workload
# (its reference $T/threads.ref, POLICY its profile, POLICY.minus.json the
# profile without clone and clone3, as dk_prove threads leaves them): the
# container's status (3); against POLICY no finding, without clone the
# finding is clone.
dk_check() {
	local what p
	for what in own minus; do
		p=$1
		[ $what = own ] || p=$1.minus.json
		_rt_io "$T/check-$what" timeout -k 5 120 "${DK_AS[@]}" "$SCLOG" check --container \
			"${@:2}" --policy "$p" -- "${DK[@]}" "${DK_RUN[@]}" python3 -c "$DK_THREADS"
	done
	[ "$(cat "$T/check-own.rc")" = 3 ] && grep -q "no syscall outside" "$T/check-own.out" ||
		fail "check, its own profile: $(rt_show "$T/check-own")"
	# (check prints its findings after the container's output, on stdout)
	[ "$(head -1 "$T/check-own.out")" = "$(cat "$T/threads.ref.out")" ] ||
		fail "check changed the container's output"
	[ "$(cat "$T/check-minus.rc")" = 3 ] && grep -q "1 syscall outside" "$T/check-minus.out" &&
		grep -q "^  clone " "$T/check-minus.out" ||
		fail "check, without clone: $(rt_show "$T/check-minus")"
	pass "sclog check --container ${*:2} -- docker run: the container's status; its own profile: no finding; without clone: the finding is clone"
}
