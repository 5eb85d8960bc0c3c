#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Download Debian's docker.io of RELEASE (trixie: Docker Engine 26, which
# passes linux.seccomp.listenerPath on to runc; bookworm: 20.10, which drops
# it) and unpack it, never installed, into the cache the Docker tests use:
#   sudo tools/fetch-docker.sh [RELEASE...]      (default: trixie bookworm)
# prints one line per release, "RELEASE DIR VERSION".  The package lists are
# fetched into a private directory with a private sources list, so the
# host's apt set-up is not changed.  The mirror is the one apt already uses.
# Exits 1 with the reason when a release cannot be fetched.
set -eu
cache=${SCLOG_DOCKER_CACHE:-/var/cache/sclog-docker}
arch=$(dpkg --print-architecture)
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2> /dev/null |
	awk '$1 ~ /debian\/?$/ && $2 !~ /-/ { print $1; exit }')
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian/
mkdir -p "$cache"
# One fetcher at a time (install-deps.sh and a test may race on a new machine).
exec 9> "$cache/.lock"
flock -x 9
for rel in ${*:-trixie bookworm}; do
	dir=$cache/$rel-$arch
	if [ ! -f "$dir/.sclog-docker" ]; then
		tmp=$(mktemp -d "$cache/.fetch-$rel.XXXXXX")
		mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
		echo "deb $mirror $rel main" > "$tmp/sources.list"
		set -- -q -o Dir::Etc::sourcelist="$tmp/sources.list" \
			-o Dir::Etc::sourceparts=- -o Dir::State::Lists="$tmp/lists" \
			-o Dir::Cache::archives="$tmp/archives" -o APT::Get::List-Cleanup=0
		if ! apt-get "$@" update > "$tmp/log" 2>&1 ||
			! (cd "$tmp" && apt-get "$@" download docker.io >> "$tmp/log" 2>&1); then
			echo "fetch-docker.sh: cannot download $rel's docker.io from $mirror:" >&2
			grep -E '^(E|W):' "$tmp/log" | tail -3 >&2
			rm -rf "$tmp"
			exit 1
		fi
		# trixie ships the client apart (docker-cli); bookworm has none.
		(cd "$tmp" && apt-get "$@" download docker-cli >> "$tmp/log" 2>&1) || true
		for deb in "$tmp"/*.deb; do
			dpkg-deb -x "$deb" "$tmp/root"
		done
		if [ ! -x "$tmp/root/usr/bin/docker" ] || [ ! -x "$tmp/root/usr/sbin/dockerd" ]; then
			echo "fetch-docker.sh: $rel's packages have no docker or dockerd" >&2
			rm -rf "$tmp"
			exit 1
		fi
		dpkg-deb -f "$tmp"/docker.io_*.deb Version > "$tmp/root/.sclog-docker"
		rm -rf "$dir"
		mv "$tmp/root" "$dir"
		rm -rf "$tmp"
	fi
	echo "$rel $dir $(cat "$dir/.sclog-docker")"
done
