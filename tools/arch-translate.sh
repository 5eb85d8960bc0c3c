#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Checks policies/arch-translate.json against the kernel's syscall tables as
# libseccomp knows them, and lists what it finds:
#   mapped   NAME -> TARGETS    an x86_64 name aarch64 lacks, and its targets
#   dropped  NAME: WHY          the same, left out with the reason
#   UNMAPPED NAME               the same, in neither: the table is incomplete
#   BADTARGET NAME -> T         a target aarch64 does not have
#   unused   NAME               an entry for a name aarch64 has (a newer
#                               libseccomp knows it there): translation
#                               keeps it as it is
# Exit 1 when a name is UNMAPPED or a target bad; 0 otherwise.  Run it after
# a libseccomp or kernel update, and add what it lists to the table.
# Usage: tools/arch-translate.sh [TABLE]   (default policies/arch-translate.json)
# Needs cc, libseccomp's headers (libseccomp-dev) and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
table=${1:-$here/../policies/arch-translate.json}
t=$(mktemp -d "${TMPDIR:-/tmp}/sclog-arch.XXXXXX")
trap 'rm -rf "$t"' EXIT
cc -o "$t/arch-names" "$here/arch-names.c" -lseccomp
read -r from to < <(python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))
print(t["from"][len("SCMP_ARCH_"):].lower(), t["to"][len("SCMP_ARCH_"):].lower())' "$table")
"$t/arch-names" "$from" | sort -u > "$t/from"
"$t/arch-names" "$to" | sort -u > "$t/to"
comm -23 "$t/from" "$t/to" > "$t/missing"
python3 - "$table" "$t/missing" "$t/to" "$from" "$to" <<'PY'
import json, sys
table = json.load(open(sys.argv[1]))
missing = open(sys.argv[2]).read().split()
on_to = set(open(sys.argv[3]).read().split())
src, dst = sys.argv[4], sys.argv[5]
bad = 0
for name in missing:
    if name in table["map"]:
        print(f"mapped   {name} -> {' '.join(table['map'][name])}")
    elif name in table["drop"]:
        print(f"dropped  {name}: {table['drop'][name]}")
    else:
        print(f"UNMAPPED {name}: on {src}, not on {dst}; add it to \"map\" or \"drop\"")
        bad += 1
for name, targets in sorted(table["map"].items()):
    for target in targets:
        if target not in on_to:
            print(f"BADTARGET {name} -> {target}: {target} is not a syscall on {dst}")
            bad += 1
for name in sorted(set(table["map"]) | set(table["drop"])):
    if name in on_to:
        print(f"unused   {name}: {dst} has it (kept as it is)")
print(f"{len(missing)} {src} names missing on {dst}, {bad} problem(s)")
sys.exit(1 if bad else 0)
PY
