#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check a minijail seccomp policy file against minijail0(5)'s grammar.

minijail is not packaged in Debian, so `sclog export --format minijail` is
checked with this reading of the documented syntax (minijail0(5), "SECCOMP
FILTER POLICY" and "SECCOMP FILTER SYNTAX"):

    line       := blank | "#" comment | "@include" path | "@frequency" path
                | syscall ":" action
    action     := "1" | "return" errno | expression [";" "return" errno]
    expression := and-list ("||" and-list)*      (&& binds tighter)
    and-list   := atom ("&&" atom)*
    atom       := "arg"[0-5] op value
    op         := "==" | "!=" | "<" | "<=" | ">" | ">=" | "&" | "in"
    value      := number (decimal, 0x hex, 0 octal) or constant ("|" ...)

The syscall must be a name libseccomp knows on the native architecture, and
a syscall appears on one line only.  Usage: minijail_check.py FILE...; exit
0 when every file is valid, 1 (with the reasons) otherwise.
"""
import ctypes
import re
import sys

_lib = ctypes.CDLL("libseccomp.so.2")
_lib.seccomp_arch_native.restype = ctypes.c_uint32
_lib.seccomp_syscall_resolve_name_arch.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
NATIVE = _lib.seccomp_arch_native()

ATOM = re.compile(r"^arg[0-5]\s*(==|!=|<=|>=|<|>|&|in)\s*(\S+)$")
NUMBER = re.compile(r"^(0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$")
CONSTANT = re.compile(r"^[A-Z_][A-Z0-9_]*$")
ERRNO = re.compile(r"^([0-9]+|E[A-Z0-9]+)$")


def value_ok(v):
    return all(NUMBER.match(p) or CONSTANT.match(p) for p in v.split("|"))


def check_action(action):
    """The reason why @action is not valid, or None."""
    action = action.strip()
    if action == "1":
        return None
    if action.startswith("return"):
        e = action[len("return"):].strip()
        return None if ERRNO.match(e) else "bad errno %r" % e
    expr, sep, ret = action.partition(";")
    if sep:
        ret = ret.strip()
        if not ret.startswith("return") or not ERRNO.match(ret[len("return"):].strip()):
            return "bad '; return ERRNO' part %r" % ret
    for alternative in expr.split("||"):
        for atom in alternative.split("&&"):
            atom = atom.strip()
            m = ATOM.match(atom)
            if not m:
                return "bad condition %r" % atom
            if not value_ok(m.group(2)):
                return "bad value %r" % m.group(2)
    return None


def check(path):
    errors, seen = [], set()
    for n, line in enumerate(open(path), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@include ") or line.startswith("@frequency "):
            continue
        name, sep, action = line.partition(":")
        name = name.strip()
        if not sep or not re.match(r"^[a-z0-9_]+$", name):
            errors.append("%s:%d: not 'syscall: action': %r" % (path, n, line))
            continue
        if _lib.seccomp_syscall_resolve_name_arch(NATIVE, name.encode()) < 0:
            errors.append("%s:%d: %r is not a syscall of the native architecture" % (path, n, name))
        if name in seen:
            errors.append("%s:%d: %s appears twice" % (path, n, name))
        seen.add(name)
        reason = check_action(action)
        if reason:
            errors.append("%s:%d: %s: %s" % (path, n, name, reason))
    return errors


def main():
    errors = [e for f in sys.argv[1:] for e in check(f)]
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
