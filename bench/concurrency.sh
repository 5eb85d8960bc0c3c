#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Two sclog runs at once beside an unrelated process under its own RET_LOG
# filter, each making a distinctive syscall, REPEATS times (default 100):
# counts the repetitions whose two profiles are exact (their own syscall
# counted exactly) and free of the others'. Run as root after building:
#   bench/concurrency.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-100}
sclog=${SCLOG:-build/sclog}
progs=${PROGS:-build/tests/integration}
B=$(mktemp -d)
trap 'rm -rf "$B"' EXIT

good=0
for i in $(seq "$repeats"); do
	"$progs/distinct" --log sysinfo 200 500 &
	other=$!
	"$sclog" run -q -o "$B/a.json" --report "$B/a.r" -- "$progs/distinct" getpriority 100 200 &
	a=$!
	"$sclog" run -q -o "$B/b.json" --report "$B/b.r" -- "$progs/distinct" times 100 200 &
	b=$!
	wait "$a" "$b" "$other"
	if python3 - "$B/a.r" "$B/b.r" << 'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
ca = {s["name"]: s["count"] for s in a["syscalls"]}
cb = {s["name"]: s["count"] for s in b["syscalls"]}
ok = (a["complete"] and b["complete"] and ca.get("getpriority") == 100 and cb.get("times") == 100
      and "times" not in ca and "getpriority" not in cb and "sysinfo" not in ca and "sysinfo" not in cb)
sys.exit(0 if ok else 1)
PY
	then good=$((good + 1)); else echo "repetition $i: profiles not exact or not disjoint" >&2; fi
done
echo "concurrency: $good/$repeats repetitions exact and disjoint"
[ "$good" = "$repeats" ]
