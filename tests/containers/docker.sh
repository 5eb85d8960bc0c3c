# SPDX-License-Identifier: GPL-2.0-only
# Private Docker daemons for the Docker tests and bench/docker-redis.sh;
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

DK=()
DK_PID=

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
	local d=$T/$1 pid ctd i
	[ -f "$d/pid" ] || return 0
	pid=$(cat "$d/pid")
	ctd=$(cat "$d/exec/containerd/containerd.pid" 2> /dev/null || true)
	kill "$pid" 2> /dev/null || true
	for i in $(seq 60); do
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.5
	done
	kill -9 "$pid" 2> /dev/null || true
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
	tar -C "$CT_ROOTFS" -c . | "${DK[@]}" import - "$1" > /dev/null ||
		fail "docker import of $CT_ROOTFS failed"
}
