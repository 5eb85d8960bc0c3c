# SPDX-License-Identifier: GPL-2.0-only
"""A stand-in audit daemon for tests: registers itself with the kernel as
the audit daemon (AUDIT_SET, AUDIT_STATUS_PID), reads and drops every record
the kernel sends it, and unregisters on SIGTERM.  Writes nothing anywhere,
changes no other audit setting.  Prints "registered PID" once registered;
exits 3 when a daemon is registered already (it must not be replaced)."""
import errno
import os
import signal
import socket
import struct
import sys

NETLINK_AUDIT = 9
NLMSG_ERROR = 2
AUDIT_SET = 1001
AUDIT_STATUS_PID = 4
NLM_F_REQUEST, NLM_F_ACK = 1, 4


def set_pid(sock, pid):
    # struct audit_status of 6.x is 11 u32; the kernel copies what it gets.
    status = struct.pack("=11I", AUDIT_STATUS_PID, 0, 0, pid, *([0] * 7))
    sock.send(struct.pack("=IHHII", 16 + len(status), AUDIT_SET,
                          NLM_F_REQUEST | NLM_F_ACK, 1, 0) + status)
    while True:
        data = sock.recv(65536)
        length, kind = struct.unpack_from("=IH", data)
        if kind == NLMSG_ERROR:
            return -struct.unpack_from("=i", data, 16)[0]


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_AUDIT)
    sock.bind((0, 0))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    err = set_pid(sock, os.getpid())
    if err:
        print("fake_auditd: AUDIT_SET pid: %s" % os.strerror(err), file=sys.stderr)
        sys.exit(3 if err == errno.EEXIST else 1)
    print("registered", os.getpid(), flush=True)
    sock.settimeout(0.2)
    while not stop:
        try:
            sock.recv(65536)
        except (socket.timeout, InterruptedError):
            pass
    sock.settimeout(None)
    err = set_pid(sock, 0)
    if err:
        print("fake_auditd: unregistering: %s" % os.strerror(err), file=sys.stderr)
        sys.exit(1)


main()
