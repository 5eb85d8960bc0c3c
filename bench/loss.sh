#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Forced loss, REPEATS times (default 20): a 4 KiB receive buffer, a storm,
# and the reader stopped for half a second mid-storm. Counts the runs in
# which sclog noticed (exit 125, report incomplete, and a socket overflow
# (ENOBUFS) or records the kernel lost counted).
#   bench/loss.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-20}
sclog=${SCLOG:-build/sclog}
progs=${PROGS:-build/tests/integration}
B=$(mktemp -d)
trap 'rm -rf "$B"' EXIT

noticed=0
for _ in $(seq "$repeats"); do
	rc=0
	"$sclog" run -q -o "$B/p.json" --report "$B/r.json" --rcvbuf 4096 -- \
		"$progs/distinct" getppid 300000 0 2> /dev/null &
	pid=$!
	sleep 0.2; kill -STOP "$pid"; sleep 0.5; kill -CONT "$pid"
	wait "$pid" || rc=$?
	if [ "$rc" = 125 ] && python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if not r["complete"] and (r["overflows"] > 0 or (r["records_lost"] or 0) > 0) else 1)' "$B/r.json"; then
		noticed=$((noticed + 1))
	fi
done
echo "loss detection: $noticed/$repeats forced-loss runs reported as incomplete"
[ "$noticed" = "$repeats" ]
