#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Dynamic programs that read files: sort (with a key and an output file in
# /tmp it then reads back) and sha256sum, profiled with `sclog run --for
# crun|runc` and run in crun and runc: same output and status as on the host;
# without mmap (sort), pread64 (sha256sum) the dynamic loader fails: both
# programs shrug off a denied lseek, fadvise64, ioctl, munmap, brk, getrandom,
# sysinfo or unlink, and read, openat, fstat are in runc's own set.
. "$(dirname "$0")/lib.sh"
require_root
require_sclog for
mkdir -p "$T/work"
seq 1 2000 | awk '{print ($1 * 7919) % 2003, "row", $1}' > "$T/work/data.txt"
rt_prove sort "${DROP_SORT:-mmap}" "$T/work" -- /usr/bin/sort -n -k1,1 -k3,3 data.txt
rt_prove sha256sum "${DROP_SHA:-pread64}" "$T/work" -- /usr/bin/sha256sum data.txt
