#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run a command in an audit session of its own and record the kernel's
AUDIT_SECCOMP (type 1326) records of that session.

    auditlog.py OUT.jsonl -- CMD [ARG]...

Used by measure.sh to see which syscalls an OCI runtime makes under the
container's own seccomp filter (a filter whose default action is
SCMP_ACT_LOG).  It works the way sclog run does (docs/how-it-works.md), in
miniature:

  * subscribe to the audit multicast group AUDIT_NLGRP_READLOG first
    (needs CAP_AUDIT_READ), with a 64 MiB receive buffer;
  * the child writes its login uid to /proc/self/loginuid (a fresh audit
    session, inherited by every descendant, printed as ses= in each record),
    reports its session id through a pipe, then execs CMD;
  * after CMD ended, a marker child whose libseccomp filter logs only
    getppid() makes one getppid(); when its record arrives, every record of
    the session has been delivered (the kernel queues them in one FIFO);
  * ENOBUFS on the socket (a record dropped) is an error: exit 125.

Each line of OUT is one record of the session, in arrival order, as JSON:
{"serial", "pid", "arch", "nr", "name", "code", "exe", "comm"}.  The exit
status is CMD's (128+N for signal N), 125 for a failure of this script.
"""
import ctypes
import ctypes.util
import errno
import json
import os
import re
import select
import socket
import struct
import sys
import time

NETLINK_AUDIT = 9
AUDIT_NLGRP_READLOG = 1
AUDIT_SECCOMP = 1326
SO_RCVBUFFORCE = 33
SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_ACT_LOG = 0x7FFC0000
DRAIN_TIMEOUT = 10.0

_seccomp = None


def libseccomp():
    global _seccomp
    if _seccomp is None:
        path = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
        lib = ctypes.CDLL(path, use_errno=True)
        lib.seccomp_init.restype = ctypes.c_void_p
        lib.seccomp_init.argtypes = [ctypes.c_uint32]
        lib.seccomp_rule_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32,
                                         ctypes.c_int, ctypes.c_uint]
        lib.seccomp_load.argtypes = [ctypes.c_void_p]
        lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p
        lib.seccomp_syscall_resolve_num_arch.argtypes = [ctypes.c_uint32,
                                                         ctypes.c_int]
        _seccomp = lib
    return _seccomp


_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]


def syscall_name(arch, nr):
    lib = libseccomp()
    p = lib.seccomp_syscall_resolve_num_arch(arch, nr)
    if not p:
        return None
    name = ctypes.cast(p, ctypes.c_char_p).value.decode()
    _libc.free(p)
    return name


FIELD = re.compile(r'(\w+)=("[^"]*"|\S+)')


def parse(text):
    m = re.match(r'audit\((\d+)\.(\d+):(\d+)\): ', text)
    if not m:
        return None
    f = {}
    for k, v in FIELD.findall(text[m.end():]):
        f[k] = v
    def decode(v):
        if v is None:
            return None
        if v.startswith('"'):
            return v[1:-1]
        try:
            return bytes.fromhex(v).decode("utf-8", "replace")
        except ValueError:
            return v
    try:
        arch = int(f["arch"], 16)
        nr = int(f["syscall"])
        return {
            "serial": int(m.group(3)),
            "ses": int(f["ses"]),
            "pid": int(f["pid"]),
            "arch": arch,
            "nr": nr,
            "name": syscall_name(arch, nr),
            "code": f.get("code"),
            "exe": decode(f.get("exe")),
            "comm": decode(f.get("comm")),
        }
    except (KeyError, ValueError):
        return None


SES = re.compile(rb" ses=(\d+) ")
PID = re.compile(rb" pid=(\d+) ")


def records(sock, want):
    """Yield the parsed AUDIT_SECCOMP records of one datagram for which
    want(ses, pid) is true.  Other processes' records (another profiler's
    storm) are only skipped, cheaply, so that the socket keeps up."""
    data = sock.recv(1 << 16)
    off = 0
    while off + 16 <= len(data):
        length, mtype, _flags, _seq, _pid = struct.unpack_from("=IHHII", data, off)
        if length < 16 or off + length > len(data):
            break
        if mtype == AUDIT_SECCOMP:
            raw = data[off + 16:off + length]
            m, n = SES.search(raw), PID.search(raw)
            if m is None or n is None:
                raise RuntimeError("record without ses= or pid=: %r" % raw)
            if not want(int(m.group(1)), int(n.group(1))):
                off += (length + 3) & ~3
                continue
            text = raw.split(b"\0", 1)[0].decode("utf-8", "replace")
            rec = parse(text)
            if rec is None:
                raise RuntimeError("unparseable record: " + text)
            yield rec
        off += (length + 3) & ~3


def marker():
    """Fork a child that logs one getppid(); return its pid."""
    pid = os.fork()
    if pid == 0:
        try:
            lib = libseccomp()
            ctx = lib.seccomp_init(SCMP_ACT_ALLOW)
            nr = lib.seccomp_syscall_resolve_name(b"getppid")
            if not ctx or lib.seccomp_rule_add(ctx, SCMP_ACT_LOG, nr, 0) or lib.seccomp_load(ctx):
                os._exit(1)
            os.getppid()
            os._exit(0)
        except BaseException:
            os._exit(1)
    return pid


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        sys.stderr.write(__doc__)
        return 125
    out_path, cmd = argv[1], argv[3:]
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_AUDIT)
    sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
    sock.bind((0, 1 << (AUDIT_NLGRP_READLOG - 1)))
    sock.setblocking(False)

    rfd, wfd = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            sock.close()
            os.close(rfd)
            with open("/proc/self/loginuid") as f:
                cur = f.read().strip()
            uid = cur if cur != "4294967295" else str(os.getuid())
            with open("/proc/self/loginuid", "w") as f:
                f.write(uid)
            with open("/proc/self/sessionid") as f:
                os.write(wfd, f.read().strip().encode())
            os.close(wfd)
            os.execvp(cmd[0], cmd)
        except BaseException as e:
            sys.stderr.write("auditlog: %s: %s\n" % (cmd[0], e))
            os._exit(127)
    os.close(wfd)
    ses = os.read(rfd, 64).decode()
    os.close(rfd)
    if not ses:
        os.waitpid(child, 0)
        sys.stderr.write("auditlog: child could not start a session\n")
        return 125
    ses = int(ses)

    got = []
    lost = False
    status = None
    mpid = None
    deadline = None
    done = False
    while not done:
        if status is None:
            pid, st = os.waitpid(child, os.WNOHANG)
            if pid == child:
                status = os.waitstatus_to_exitcode(st)
                status = 128 - status if status < 0 else status
                mpid = marker()
                os.waitpid(mpid, 0)
                deadline = time.monotonic() + DRAIN_TIMEOUT
        elif time.monotonic() > deadline:
            sys.stderr.write("auditlog: the marker record never arrived\n")
            return 125
        select.select([sock], [], [], 0.05)
        while True:
            try:
                for rec in records(sock, lambda s, p: s == ses or p == mpid):
                    if rec["ses"] == ses:
                        got.append(rec)
                    elif mpid is not None and rec["pid"] == mpid and rec["name"] == "getppid":
                        done = True
            except BlockingIOError:
                break
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    lost = True
                    continue
                raise
    with open(out_path, "w") as f:
        for rec in got:
            f.write(json.dumps(rec) + "\n")
    if lost:
        sys.stderr.write("auditlog: the socket dropped records (ENOBUFS)\n")
        return 125
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
