#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The record pipeline's cost per record with and without a phase boundary
# (--phase-at), in callgrind instruction counts: a real audit stream is
# captured from the audit multicast socket while `sclog run` records a
# storm of CALLS getppid (plus the program's start-up), then replayed through
# the pipeline (bench/replay.c) unordered, as a run without --phase-at reads
# it, and ordered, as a run with one does.  Instruction counts, unlike
# times, do not depend on the other work on the machine.  As root, after
# building:
#   bench/pipeline.sh [CALLS]
# BEFORE=DIR adds the same replay against an earlier tree, DIR holding its
# source in DIR/src and its build in DIR/build (cmake --build DIR/build
# --target sclog_records sclog_basic), whose pipeline had no @ordered.
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-100000}
build=${BUILD:-build}
sclog_bin=${SCLOG:-$build/sclog}
[ -x "$sclog_bin" ] || { echo "build sclog first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
command -v valgrind > /dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
B=$(mktemp -d)
cap=""
cleanup() {
	[ -z "$cap" ] || kill "$cap" 2> /dev/null || true
	rm -rf "$B"
}
trap cleanup EXIT
cc -O2 -o "$B/storm" bench/storm.c
cc -O2 -Iinclude -o "$B/replay" bench/replay.c "$build/src/libsclog_records.a" \
	"$build/src/libsclog_basic.a" -lseccomp
if [ -n "${BEFORE:-}" ]; then
	cc -O2 -DREPLAY_BEFORE_ORDERED -I"$BEFORE/src/include" -o "$B/replay.before" bench/replay.c \
		"$BEFORE/build/src/libsclog_records.a" "$BEFORE/build/src/libsclog_basic.a" -lseccomp
fi

# The capture: every AUDIT_SECCOMP payload of the multicast group, one a
# line, until the storm's run ended and the socket stays quiet for 1 s.
python3 - "$B/stream" "$B/done" "$B/ready" << 'PY' &
import os, socket, struct, sys
out, done, ready = sys.argv[1:4]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)  # NETLINK_AUDIT
s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE
s.bind((0, 1))  # AUDIT_NLGRP_READLOG
s.settimeout(1)
open(ready, "w").close()
with open(out, "wb") as f:
    while True:
        try:
            d = s.recv(1 << 16)
        except socket.timeout:
            if os.path.exists(done):
                break
            continue
        ln, typ = struct.unpack_from("=IH", d)
        if typ == 1326:
            f.write(d[16:ln].rstrip(b"\0\n") + b"\n")
PY
cap=$!
while [ ! -e "$B/ready" ]; do sleep 0.1; done
"$sclog_bin" run -q -o /dev/null -- "$B/storm" "$calls"
touch "$B/done"
wait "$cap"
cap=""
# The storm's session: that of the most frequent record.
ses=$(grep -o ' ses=[0-9]*' "$B/stream" | sort | uniq -c | sort -rn | awk 'NR == 1 { sub("ses=", "", $2); print $2 }')
printf 'stream: %s records (%s bytes), the storm in session %s\n' \
	"$(wc -l < "$B/stream")" "$(wc -c < "$B/stream")" "$ses"

# Ir of sclog_pipeline_text(), everything below it included: ir ORDERED
# [REPLAY].
ir() {
	valgrind --tool=callgrind --callgrind-out-file="$B/cg.$1" "${2:-$B/replay}" "$B/stream" "$ses" \
		"${1%.*}" > "$B/out.$1" 2> /dev/null
	callgrind_annotate --inclusive=yes "$B/cg.$1" 2> /dev/null |
		awk '/sclog_pipeline_text/ && !n++ { gsub(",", "", $1); print $1 }'
}
unordered=$(ir 0)
ordered=$(ir 1)
cmp -s "$B/out.0" "$B/out.1" || { echo "the two replays counted differently" >&2; exit 1; }
records=$(awk '{ print $2 }' "$B/out.0")
echo "replayed: $(cat "$B/out.0")"
awk -v u="$unordered" -v o="$ordered" -v n="$records" 'BEGIN {
	printf "%-34s %14s %12s\n", "sclog_pipeline_text(), inclusive", "instructions", "per record"
	printf "%-34s %14d %12.1f\n", "unordered (no --phase-at)", u, u / n
	printf "%-34s %14d %12.1f\n", "ordered (--phase-at)", o, o / n
	printf "%-34s %14.3f\n", "unordered / ordered", u / o
}'
if [ -n "${BEFORE:-}" ]; then
	before=$(ir 1.before "$B/replay.before")
	cmp -s "$B/out.0" "$B/out.1.before" || { echo "the earlier tree counted differently" >&2; exit 1; }
	awk -v u="$unordered" -v b="$before" -v n="$records" 'BEGIN {
		printf "%-34s %14d %12.1f\n", "before (stamps always read)", b, b / n
		printf "%-34s %14.3f\n", "unordered / before", u / b
	}'
fi
