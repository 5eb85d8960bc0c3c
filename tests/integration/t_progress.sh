#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --progress: on a real pseudo-terminal (script(1)) the status line appears
# on the terminal, never in the command's stderr, is redrawn at most 4 times
# a second and erased before the summary; without a terminal, or without
# --progress, nothing of it is printed.
. "$(dirname "$0")/lib.sh"
require_kernel
require_tool script

# A command that runs about 1.5 s in a few processes and writes to stderr.
work="for i in 1 2 3 4 5 6; do sleep 0.25; done; echo work-stderr >&2"
line_re='sclog: [0-9]+ records?, [0-9]+ syscalls?, [0-9]+ process(es)?, [0-9]+:[0-9]{2}'

# run_on_pty VERB-ARGS...: sclog on a new pty; the command's (and sclog's)
# stderr goes to $T/stderr, the terminal's output to $T/tty.
run_on_pty() {
	local cmd
	printf -v cmd '%q ' "$SCLOG" "$@"
	script -qefc "$cmd 2> $T/stderr" "$T/tty" < /dev/null > /dev/null
}

start=$(date +%s.%N)
run_on_pty run --progress -q -o "$T/p.json" -- sh -c "$work" || fail "sclog run --progress exited $?"
wall=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
grep -aqE "$line_re" "$T/tty" || { cat -v "$T/tty"; fail "no progress line on the terminal"; }
! grep -aqE "$line_re" "$T/stderr" || fail "the progress line went to stderr"
grep -q work-stderr "$T/stderr" || fail "the command's stderr was lost"
pass "progress on the terminal: $(grep -aoE "$line_re" "$T/tty" | tail -n 1)"

# Each redraw is "\r<line>\e[K"; the last thing written is the erasure "\r\e[K".
redraws=$(grep -aoE "$line_re" "$T/tty" | wc -l)
# sclog lived at most $wall seconds (measured around it).
max=$(python3 -c "import math, sys; print(math.floor(float(sys.argv[1]) * 4) + 1)" "$wall")
[ "$redraws" -le "$max" ] || fail "$redraws redraws in $wall s: more than 4 a second"
python3 - "$T/tty" << 'PY' || fail "the progress line is not erased at the end"
import sys
data = open(sys.argv[1], "rb").read()
last_line = data.rfind(b"records")
erase = data.rfind(b"\r\x1b[K")
sys.exit(0 if last_line >= 0 and erase > last_line else 1)
PY
pass "$redraws redraws in at most $wall s (bound $max), erased at the end"

# check --progress as well.
run_on_pty check --progress -q -p "$T/p.json" -- sh -c "$work" ||
	fail "sclog check --progress exited $?"
grep -aqE "$line_re" "$T/tty" || { cat -v "$T/tty"; fail "check: no progress line"; }
pass "check --progress"

# Negative controls: without --progress nothing; without a terminal
# (setsid: no controlling tty) nothing, and the run still works.
run_on_pty run -q -o "$T/p2.json" -- sh -c "$work" || fail "run without --progress"
! grep -aqE "$line_re" "$T/tty" || fail "a progress line without --progress"
setsid -w "$SCLOG" run --progress -q -o "$T/p3.json" -- sh -c "$work" \
	< /dev/null > "$T/out" 2> "$T/err" || fail "run --progress without a terminal exited $?"
! grep -aqE "$line_re" "$T/out" "$T/err" || fail "progress printed without a terminal"
pass "nothing without --progress, nothing without a terminal"
