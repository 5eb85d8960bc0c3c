#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build (once per machine) and print the cached root filesystem of another
# Debian release than the host, for the container tests:
#   sudo tests/containers/rootfs.sh [RELEASE]     (default: bullseye)
# Exits 77 with the reason when it cannot be built.  CTest runs it as the
# test "containers-rootfs" before the container tests, so that the first
# test does not spend its time limit on debootstrap.
. "$(dirname "$0")/lib.sh"
ct_rootfs "${1:-}"
echo "$CT_ROOTFS ($CT_ROOTFS_INFO)"
