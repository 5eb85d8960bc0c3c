# SPDX-License-Identifier: GPL-2.0-only
# A `ctr` that lies (t_daemon_bpf_pid.sh), for
# `sclog run --container --backend bpf -- ctr run …`:
#   fake_ctr.py VICTIM-MODE ctr-args...
# It reads the profile sclog gave it (--seccomp-profile FILE) and, as a
# runtime would, hands the listener of a filter to FILE's listenerPath with
# an OCI state, then that filter's process executes a program.  VICTIM-MODE
# "other" (a hostile peer): the state's pid names a victim, another process,
# under a filter of its own (allow all), that calls getppid in a loop for 3
# seconds; the filter's process executes /bin/true.  "self" (the positive
# control): the state's pid is the filter's process, which executes a
# python3 that calls getppid in a loop for a second.  FAKE_CALL (environment)
# names another call of Python's os module without arguments for both loops
# (t_listen_bpf.sh: getpgrp, which no runtime's own set holds).
import ctypes, json, os, socket, struct, sys, time

libc = ctypes.CDLL(None, use_errno=True)
SYS_seccomp = 317
PR_SET_NO_NEW_PRIVS = 38
ALLOW, NOTIFY = 0x7FFF0000, 0x7FC00000
NEW_LISTENER = 1 << 3


def load(filters, flags):
    """Load a classic BPF program of (code, jt, jf, k) tuples."""
    raw = b"".join(struct.pack("HBBI", *f) for f in filters)
    buf = ctypes.create_string_buffer(raw)
    prog = struct.pack("HxxxxxxQ", len(filters), ctypes.addressof(buf))
    pbuf = ctypes.create_string_buffer(prog)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    fd = libc.syscall(SYS_seccomp, 1, flags, pbuf)
    if fd < 0:
        sys.exit(f"fake ctr: seccomp: {os.strerror(ctypes.get_errno())}")
    return fd


CALL = os.environ.get("FAKE_CALL", "getppid")


def victim_loop(seconds):
    end = time.time() + seconds
    while time.time() < end:
        getattr(os, CALL)()


mode = sys.argv[1]
args = sys.argv[2:]
profile = json.load(open(args[args.index("--seccomp-profile") + 1]))
path = profile["listenerPath"]

victim = None
if mode == "other":
    victim = os.fork()
    if victim == 0:
        load([(0x06, 0, 0, ALLOW)], 0)
        victim_loop(3)
        os._exit(0)

child = os.fork()
if child == 0:
    # execve (59) notified, everything else allowed.
    fd = load([(0x20, 0, 0, 0), (0x15, 0, 1, 59), (0x06, 0, 0, NOTIFY), (0x06, 0, 0, ALLOW)],
              NEW_LISTENER)
    pid = os.getpid() if mode == "self" else victim
    state = {"ociVersion": "1.0.2", "fds": ["seccompFd"], "pid": pid,
             "state": {"id": "liar", "pid": pid, "status": "creating", "annotations": {}}}
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendmsg([json.dumps(state).encode()],
              [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("i", fd))])
    os.close(fd)
    if mode == "self":
        os.execv(sys.executable, [sys.executable, "-c", "import os, time\n"
                 f"end = time.time() + 1\nwhile time.time() < end: os.{CALL}()"])
    time.sleep(0.5)  # while the victim runs
    os.execv("/bin/true", ["/bin/true"])
os.waitpid(child, 0)
if victim:
    os.waitpid(victim, 0)
