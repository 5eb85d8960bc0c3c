#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run an OCI container the way engines do, with `create` then `start`,
and wait for it like `run` does.

    createstart.py RUNTIME [GLOBAL-OPTION]... -- BUNDLE ID

podman (through conmon) and containerd's shim call `RUNTIME create`, which
leaves the container's process waiting (crun and runc both wait on an exec
FIFO) and exits, then `RUNTIME start`, which releases it.  The container's
process is then nobody's child: this script is a child subreaper
(PR_SET_CHILD_SUBREAPER), so it inherits it and reaps it.  Its stdio is this
script's (process.terminal false).  Exit status: the container process's
(128+N for signal N); 125 when create, state or start fail.  The container
is deleted at the end.
"""
import ctypes
import json
import os
import subprocess
import sys

PR_SET_CHILD_SUBREAPER = 36


def main(argv):
    if "--" not in argv or len(argv) - argv.index("--") != 3:
        sys.exit("usage: createstart.py RUNTIME [GLOBAL-OPTION]... -- BUNDLE ID")
    sep = argv.index("--")
    rt, (bundle, cid) = argv[:sep], argv[sep + 1:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("prctl(PR_SET_CHILD_SUBREAPER): %s" % os.strerror(ctypes.get_errno()))
    if subprocess.call(rt + ["create", "--bundle", bundle, cid]) != 0:
        print("createstart: %s create failed" % rt[0], file=sys.stderr)
        return 125
    try:
        state = json.loads(subprocess.check_output(rt + ["state", cid]))
        pid = int(state["pid"])
        if subprocess.call(rt + ["start", cid], stdin=subprocess.DEVNULL) != 0:
            print("createstart: %s start failed" % rt[0], file=sys.stderr)
            os.kill(pid, 9)
        while True:
            got, status = os.wait()
            if got == pid:
                break
        return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) \
            else 128 + os.WTERMSIG(status)
    finally:
        subprocess.call(rt + ["delete", "--force", cid], stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
