#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The client of the phase tests (tests/progs/phase_server.c) and of the
real servers of bench/phases.sh, on 127.0.0.1:

  phase_client.py wait PORT [SECONDS]   until PORT accepts a connection
  phase_client.py listening PORT [SECONDS]
                                        until a socket listens on PORT,
                                        without connecting (a server's
                                        first accept4 stays the client's)
  phase_client.py line PORT REQUEST...  send each request on one connection,
                                        print each answer line
  phase_client.py http PORT N [CONC]    N GET / over CONC keep-alive
                                        connections; every answer a 200
  phase_client.py memcache PORT N [CONC]
                                        N set+get pairs over CONC
                                        connections; every value read back

Exits 0 when every answer was the expected one, 1 (saying which) if not.
"""
import http.client
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def wait(port, seconds=10.0):
    end = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return 0
        except OSError as e:
            if time.monotonic() > end:
                print(f"phase_client: {HOST}:{port} not reachable: {e}", file=sys.stderr)
                return 1
            time.sleep(0.05)


def is_listening(port):
    # /proc/net/tcp: "sl local_address rem_address st ...", 0A is LISTEN.
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.readlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def listening(port, seconds=10.0):
    end = time.monotonic() + seconds
    while not is_listening(port):
        if time.monotonic() > end:
            print(f"phase_client: nothing listens on port {port}", file=sys.stderr)
            return 1
        time.sleep(0.05)
    return 0


def line(port, requests):
    with socket.create_connection((HOST, port), timeout=10) as s:
        f = s.makefile("rw")
        for r in requests:
            f.write(r + "\n")
            f.flush()
            answer = f.readline()
            if not answer:
                print(f"phase_client: no answer to {r!r}", file=sys.stderr)
                return 1
            print(answer.rstrip("\n"))
    return 0


def http_get(conn):
    conn.request("GET", "/")
    r = conn.getresponse()
    r.read()
    return r.status


def http_worker(port, n, errors):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    for _ in range(n):
        try:
            status = http_get(conn)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # A server may close an idle keep-alive connection (nginx's old
            # workers do after a reload): retry the GET once on a new one,
            # as HTTP clients do.
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            status = http_get(conn)
        if status != 200:
            errors.append(f"GET / answered {status}")
    conn.close()


def memcache_worker(port, n, errors, tag):
    with socket.create_connection((HOST, port), timeout=10) as s:
        f = s.makefile("rwb")
        for i in range(n):
            key, value = f"k{tag}-{i % 100}".encode(), f"v{i}".encode()
            f.write(b"set %s 0 0 %d\r\n%s\r\n" % (key, len(value), value))
            f.flush()
            stored = f.readline()
            f.write(b"get %s\r\n" % key)
            f.flush()
            header, data, end = f.readline(), f.readline(), f.readline()
            if stored != b"STORED\r\n" or not header.startswith(b"VALUE") \
                    or data != value + b"\r\n" or end != b"END\r\n":
                errors.append(f"set/get {key!r}: {stored!r} {header!r} {data!r}")
                return


def load(worker, port, n, conc):
    errors, threads = [], []
    for t in range(conc):
        share = n // conc + (1 if t < n % conc else 0)
        args = (port, share, errors) + ((t,) if worker is memcache_worker else ())
        threads.append(threading.Thread(target=lambda a=args: run(worker, a, errors)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in errors[:5]:
        print(f"phase_client: {e}", file=sys.stderr)
    return 1 if errors else 0


def run(worker, args, errors):
    try:
        worker(*args)
    except (OSError, http.client.HTTPException) as e:
        errors.append(f"{type(e).__name__}: {e}")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    mode, port = argv[1], int(argv[2])
    if mode == "wait":
        return wait(port, float(argv[3]) if len(argv) > 3 else 10.0)
    if mode == "listening":
        return listening(port, float(argv[3]) if len(argv) > 3 else 10.0)
    if mode == "line":
        return line(port, argv[3:])
    n = int(argv[3])
    conc = int(argv[4]) if len(argv) > 4 else 4
    if mode == "http":
        return load(http_worker, port, n, conc)
    if mode == "memcache":
        return load(memcache_worker, port, n, conc)
    print(f"phase_client: unknown mode {mode}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
