#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Stand-in for `sclog export --format bpf` (used only with
SCLOG_RT_FALLBACK=1): compile an OCI seccomp policy (names, no argument
conditions) with libseccomp and write the raw classic BPF program that
`bwrap --seccomp FD` loads.

    ocibpf.py POLICY.json OUT.bpf
"""
import ctypes
import ctypes.util
import json
import os
import sys

ACTIONS = {
    "SCMP_ACT_KILL": 0x00000000, "SCMP_ACT_KILL_THREAD": 0x00000000,
    "SCMP_ACT_KILL_PROCESS": 0x80000000, "SCMP_ACT_TRAP": 0x00030000,
    "SCMP_ACT_LOG": 0x7FFC0000, "SCMP_ACT_ALLOW": 0x7FFF0000,
}
ARCHES = {
    "SCMP_ARCH_X86": 0x40000003, "SCMP_ARCH_X86_64": 0xC000003E,
    "SCMP_ARCH_X32": 0x4000003E, "SCMP_ARCH_AARCH64": 0xC00000B7,
    "SCMP_ARCH_ARM": 0x40000028,
}


def action(name, errno_ret):
    if name == "SCMP_ACT_ERRNO":
        return 0x00050000 | (errno_ret & 0xFFFF)
    return ACTIONS[name]


def main(src, dst):
    p = json.load(open(src))
    lib = ctypes.CDLL(ctypes.util.find_library("seccomp") or "libseccomp.so.2")
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_arch_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    lib.seccomp_arch_exist.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    default = action(p["defaultAction"], p.get("defaultErrnoRet", 1))
    ctx = lib.seccomp_init(default)
    for a in p.get("architectures", []):
        if lib.seccomp_arch_exist(ctx, ARCHES[a]) != 0:
            if lib.seccomp_arch_add(ctx, ARCHES[a]) != 0:
                sys.exit("cannot add " + a)
    for r in p.get("syscalls", []):
        act = action(r["action"], r.get("errnoRet", 1))
        if act == default:
            continue
        for n in r["names"]:
            nr = lib.seccomp_syscall_resolve_name(n.encode())
            if nr == -1:
                continue  # unknown here: dropped, as runc and crun do
            rc = lib.seccomp_rule_add(ctx, act, nr, 0)
            if rc != 0:
                sys.exit("cannot add rule for %s: %d" % (n, rc))
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    if lib.seccomp_export_bpf(ctx, fd) != 0:
        sys.exit("seccomp_export_bpf failed")
    os.close(fd)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
