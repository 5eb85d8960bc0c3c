#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install what building and testing sclog needs on Debian or Ubuntu.
set -eu
packages="
	build-essential cmake pkg-config
	libseccomp-dev libaudit-dev libjson-c-dev libcmocka-dev
	gcc-multilib strace python3 python3-jsonschema perl
	clang libclang-rt-14-dev
	crun runc bubblewrap
	procps util-linux patch git
"
if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: run as root (sudo $0)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages
