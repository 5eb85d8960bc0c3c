#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the crafted part of the seed corpus (fuzz/corpus/<target>/c-*).

The kernel-captured datagrams (corpus/fuzz_nlframe/k-*.bin) and their
payloads (corpus/fuzz_record/k-*.txt) were recorded from Linux 6.18 with a
RET_LOG filter on processes that renamed themselves to hostile names and ran
from a path with spaces; the policies (corpus/fuzz_policy/t-*) are copies of
tests/data and tests/golden.  This script only adds hand-made inputs in the
kernel's formats; run it from anywhere, it is idempotent.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def out(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("latin-1")
    with open(os.path.join(d, "c-" + name), "wb") as f:
        f.write(data)


def rec(syscall=12, arch="c000003e", pid=2492, ses=4294967295, comm='"true"',
        exe='"/usr/bin/true"', compat=0, serial=3, extra="", code="0x7ffc0000"):
    return (f"audit(1795888670.875:{serial}): auid=4294967295 uid=0 gid=0 ses={ses}"
            f"{extra} pid={pid} comm={comm} exe={exe} sig=0 arch={arch} "
            f"syscall={syscall} compat={compat} ip=0x7f394eda8c47 code={code}")


def nlmsg(payload, mtype=1326, flags=0, seq=0, pid=0, length=None):
    if isinstance(payload, str):
        payload = payload.encode("latin-1")
    n = 16 + len(payload) if length is None else length
    return struct.pack("=IHHII", n, mtype, flags, seq, pid) + payload


def pad(b):
    return b + b"\0" * (-len(b) % 4)


# ---- records (text) ----
R = "fuzz_record"
out(R, "x86_64.txt", rec())
out(R, "i386.txt", rec(syscall=20, arch="40000003", compat=1))
out(R, "x32.txt", rec(syscall=0x40000000 + 39))
out(R, "aarch64.txt", rec(syscall=172, arch="c00000b7"))
out(R, "comm-hex.txt", rec(comm="6120622063"))
out(R, "comm-hex-quotes.txt", rec(comm="22225C5C0A"))
out(R, "comm-invalid-utf8.txt", rec(comm="C3FFFE80"))
out(R, "exe-null.txt", rec(exe="(null)"))
out(R, "exe-hex-space.txt", rec(exe="2F746D702F612062"))
out(R, "subj.txt", rec(extra=" subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023"))
out(R, "ses.txt", rec(ses=7))
out(R, "marker.txt", rec(pid=4242))
out(R, "kill.txt", rec(code="0x80000000"))
out(R, "errno.txt", rec(code="0x50001"))
out(R, "audit-log.txt", "type=SECCOMP msg=" + rec() + "\n")
out(R, "kernel-log.txt", "[ 12.345678] audit: type=1326 " + rec() + "\n")
out(R, "enriched.txt", "type=SECCOMP msg=" + rec() +
    "\x1dAUID=\"unset\" UID=\"root\" GID=\"root\" ARCH=x86_64 SYSCALL=getpid SIG=0\n")
out(R, "dup-field.txt", rec() + " pid=1")
out(R, "missing-arch.txt", rec().replace("arch=c000003e ", ""))
out(R, "trailing-nul.txt", rec() + "\0\n")
out(R, "crlf.txt", rec() + "\r\n")
out(R, "negative.txt", rec(syscall=-1))
out(R, "unterminated-quote.txt", rec(comm='"tr'))
out(R, "big-numbers.txt", rec(syscall=18446744073709551615, pid=2147483648))
out(R, "mixed-log.txt",
    "type=SYSCALL msg=audit(1795888670.875:2): arch=c000003e syscall=59 success=yes\n"
    "type=SECCOMP msg=" + rec(serial=3) + "\n"
    "type=SECCOMP msg=" + rec(serial=4, syscall=231) + "\n"
    "random kernel line without a header\n"
    "[ 1.0] audit: type=1326 " + rec(serial=5, syscall=20, arch="40000003", compat=1) + "\n"
    "type=PROCTITLE msg=audit(1795888670.875:6): proctitle=74727565\n"
    + rec(serial=7, pid=4242) + "\n"
    + rec(serial=8, ses=9) + "\n"
    "\n"
    + rec(serial=9, comm="6E6C0A78") + "\n"
    + rec(serial=10, syscall=231)[:60])
out(R, "type-in-value.txt", "type=SYSCALL " + rec(comm='"type=SECCOMP"') + "\n")

# ---- datagrams ----
N = "fuzz_nlframe"
out(N, "one.bin", nlmsg(rec()))
out(N, "one-nul.bin", nlmsg(rec() + "\0"))
out(N, "i386.bin", nlmsg(rec(syscall=20, arch="40000003", compat=1)))
out(N, "x32.bin", nlmsg(rec(syscall=0x40000000 + 39)))
out(N, "hostile-names.bin", nlmsg(rec(comm="22225C5C0AFF", exe="2F612062")))
out(N, "multi.bin", pad(nlmsg(rec(serial=3))) + pad(nlmsg(rec(serial=4, syscall=231)))
    + pad(nlmsg("audit(1795888670.875:5): arch=c000003e syscall=59", mtype=1300))
    + nlmsg(b"", mtype=3))
out(N, "foreign-and-marker.bin", pad(nlmsg(rec(ses=7))) + nlmsg(rec(pid=4242)))
out(N, "unknown-arch.bin", nlmsg(rec(arch="12345678", syscall=3)))
out(N, "huge-nr.bin", nlmsg(rec(syscall=2147483647)))
out(N, "other-type.bin", nlmsg("op=set audit_enabled=1 old=0", mtype=1305))
out(N, "nlmsg-error.bin", nlmsg(struct.pack("=i", -1) + nlmsg(b"")[:16], mtype=2))
out(N, "short-header.bin", nlmsg(rec())[:10])
out(N, "len-too-big.bin", nlmsg(rec(), length=4096))
out(N, "len-too-small.bin", nlmsg(rec(), length=8))
out(N, "truncated-second.bin", pad(nlmsg(rec())) + nlmsg(rec())[:40])
out(N, "malformed.bin", nlmsg(rec().replace("syscall=12", "syscall=x")))
out(N, "empty.bin", b"")

# ---- policies ----
P = "fuzz_policy"
out(P, "docker.json", """{
  "defaultAction": "SCMP_ACT_ERRNO",
  "defaultErrnoRet": 1,
  "archMap": [
    { "architecture": "SCMP_ARCH_X86_64",
      "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
    { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"] }
  ],
  "syscalls": [
    { "names": ["accept", "read", "write"], "action": "SCMP_ACT_ALLOW", "args": [],
      "comment": "", "includes": {}, "excludes": {} },
    { "names": ["personality"], "action": "SCMP_ACT_ALLOW",
      "args": [ { "index": 0, "value": 131072, "valueTwo": 0, "op": "SCMP_CMP_EQ" } ] },
    { "names": ["clone"], "action": "SCMP_ACT_ALLOW",
      "args": [ { "index": 0, "value": 2114060288, "valueTwo": 0,
                  "op": "SCMP_CMP_MASKED_EQ" } ] },
    { "names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38 }
  ]
}
""")
out(P, "config.json", """{
  "ociVersion": "1.0.2",
  "process": { "args": ["sh"] },
  "linux": { "seccomp": {
    "defaultAction": "SCMP_ACT_KILL_PROCESS",
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
    "flags": [],
    "syscalls": [ { "name": "read", "action": "SCMP_ACT_LOG" },
                  { "names": ["write", "write", "exit_group"], "action": "SCMP_ACT_ALLOW" },
                  { "names": ["socketcall"], "action": "SCMP_ACT_ALLOW" } ] } }
}
""")
out(P, "all-actions.json", """{
  "defaultAction": "SCMP_ACT_TRAP",
  "architectures": ["SCMP_ARCH_S390X", "SCMP_ARCH_S390", "SCMP_ARCH_PPC64LE",
                    "SCMP_ARCH_RISCV64", "SCMP_ARCH_MIPSEL64N32"],
  "syscalls": [
    { "names": ["read"], "action": "SCMP_ACT_KILL" },
    { "names": ["write"], "action": "SCMP_ACT_KILL_THREAD" },
    { "names": ["open"], "action": "SCMP_ACT_KILL_PROCESS" },
    { "names": ["close"], "action": "SCMP_ACT_TRAP" },
    { "names": ["mmap"], "action": "SCMP_ACT_ERRNO", "errnoRet": 4094 },
    { "names": ["brk"], "action": "SCMP_ACT_LOG" },
    { "names": ["getpid", "read"], "action": "SCMP_ACT_ALLOW" },
    { "names": ["getppid"], "action": "SCMP_ACT_ALLOW" },
    { "names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
      "args": [ { "index": 1, "value": 21505, "op": "SCMP_CMP_NE" },
                { "index": 5, "value": 9223372036854775807, "valueTwo": 1,
                  "op": "SCMP_CMP_GE" } ] }
  ]
}
""")
out(P, "minimal.json", '{"defaultAction":"SCMP_ACT_LOG"}')
out(P, "null-members.json",
    '{"defaultAction":"SCMP_ACT_KILL","architectures":null,"syscalls":null,"flags":null}')
out(P, "comment.json", '{"comment":"x","defaultAction":"SCMP_ACT_ERRNO","syscalls":[]}')

# ---- runtimes data file ----
T = "fuzz_runtimes"
out(T, "runtimes.json", """{
  "runtimes": {
    "crun": { "version": "1.8.1", "measured": "2026-11-28",
              "noNewPrivileges": { "true": ["close", "execve", "prctl"],
                                   "false": ["close", "execve", "capset", "prctl"] } },
    "runc": { "version": "1.1.5", "measured": "2026-11-28",
              "noNewPrivileges": { "true": ["futex", "execve"], "false": ["futex"] } },
    "podman": { "uses": "crun" },
    "docker": { "uses": "runc" },
    "kubernetes": { "uses": "docker" }
  }
}
""")
out(T, "empty.json", '{"runtimes":{}}')

# ---- the JSON reader: each limit just inside and just past ----
J = "fuzz_json"
out(J, "config.json", """{
  "ociVersion": "1.0.2",
  "process": { "terminal": false, "user": { "uid": 0, "gid": 0 },
               "args": [ "sh", "-c", "echo \\u00e9\\ud83d\\ude00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t" ],
               "noNewPrivileges": true },
  "root": { "path": "rootfs", "readonly": true },
  "annotations": { "io.kubernetes.cri.sandbox-namespace": "default" },
  "linux": { "seccomp": { "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
                          "syscalls": [ { "names": [ "read" ], "action": "SCMP_ACT_ALLOW" } ] } }
}
""")
out(J, "numbers.json", "[0, -0, 1.5, -2.5e-3, 1e308, 18446744073709551615, "
    "-9223372036854775808, true, false, null]")
out(J, "null.json", "null")
out(J, "deep-32.json", "[" * 32 + "]" * 32)
out(J, "deep-33.json", "[" * 33 + "]" * 33)
out(J, "dup-key.json", '{"a": {"b": 1, "c": [], "b": 2}}')
out(J, "dup-escaped.json", '{"\\u00e9": 1, "\u00e9": 2}'.encode("utf-8").decode("latin-1"))
out(J, "big-int.json", "[18446744073709551616, -9223372036854775809]")
out(J, "nan.json", "[NaN, Infinity, -Infinity, 1e999]")
out(J, "leading-zero.json", "[00]")
out(J, "bad-utf8.json", '["\xc0\xaf", "\xed\xa0\x80", "\xff"]')
out(J, "nul.json", '["a\\u0000b", "a\x00b"]')
out(J, "surrogates.json", '["\\ud800", "\\udc00", "\\ud800\\u0041"]')
out(J, "control.json", '["a\tb"]')
out(J, "trailing.json", '{"a": 1} {"b": 2}')
