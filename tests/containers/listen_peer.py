# SPDX-License-Identifier: GPL-2.0-only
# A peer of `sclog listen` that is not a runtime (t_listen_hostile.sh):
#   listen_peer.py SOCKET KIND
# KIND: connect (connect and send a complete message, no descriptor),
# garbage, nofd, pipe (a pipe's end instead of a listener), malformed
# (a complete object, with a pipe, without "state"), oversized (2 MiB with a
# pipe), half (half a message, then close), stall SECONDS (connect, send
# nothing).  Prints what happened to the connection.
import json, os, socket, sys, time

path, kind = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
state = {"ociVersion": "1.0.2", "fds": ["seccompFd"], "pid": 1,
         "state": {"id": "hostile", "pid": 1, "annotations": {}}}
msg = json.dumps(state).encode()
r, w = os.pipe()
try:
    if kind in ("connect", "nofd"):
        s.sendall(msg)
    elif kind == "garbage":
        s.sendall(b"\x00\xffGET / HTTP/1.0\r\n\r\n")
    elif kind == "pipe":
        s.sendmsg([msg], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, bytes(memoryview(
            __import__("array").array("i", [r]))))])
    elif kind == "malformed":
        s.sendmsg([b'{"ociVersion": 5, "state": 7}'], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                  bytes(memoryview(__import__("array").array("i", [r]))))])
    elif kind == "oversized":
        big = b'{"metadata": "' + b"x" * (2 << 20) + b'", "state": {"id": "big"}}'
        s.sendmsg([big[:65536]], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                  bytes(memoryview(__import__("array").array("i", [r]))))])
        s.sendall(big[65536:])
    elif kind == "half":
        s.sendall(msg[: len(msg) // 2])
    elif kind == "stall":
        time.sleep(float(sys.argv[3]))
    s.settimeout(10)
    try:
        got = s.recv(1)
        print("closed by the agent" if got == b"" else "data from the agent?")
    except socket.timeout:
        print("still open after 10 s")
except (BrokenPipeError, ConnectionResetError) as e:
    print("closed by the agent:", e)
