# SPDX-License-Identifier: GPL-2.0-only
# Policy and report files: -o -, default name, atomic replacement, hostile
# names in the report.
. "$(dirname "$0")/lib.sh"
require_kernel

# -o - prints the policy after the command's own output, never inside it.
"$SCLOG" run -q -o - -- /bin/echo "command output" > "$T/stdout"
head -1 "$T/stdout" | grep -qx "command output" || fail "-o -: the command's output should come first"
tail -n +2 "$T/stdout" | python3 -c 'import json,sys; json.load(sys.stdin)' || fail "-o -: the rest is not one JSON policy"
pass "-o - prints the policy after the command's output"

# A device is written in place, never replaced by a regular file.
"$SCLOG" run -q -o /dev/null -- /bin/true
[ -c /dev/null ] || { rm -f /dev/null; mknod -m 666 /dev/null c 1 3; fail "-o /dev/null replaced the device"; }
pass "-o /dev/null writes to the device"

# The default output name, in the current directory.
(cd "$T" && "$SCLOG" run -q -- /bin/true) && [ -s "$T/seccomp.json" ] || fail "no default seccomp.json"
pass "default output seccomp.json"

# A failed run leaves an existing policy untouched.
echo '{"old": true}' > "$T/keep.json"
"$SCLOG" run -q -o "$T/keep.json" -- sclog-no-such-command 2> /dev/null && fail "should fail"
grep -q '"old"' "$T/keep.json" || fail "a failed run clobbered the existing policy"
pass "a failed run keeps the old policy"

# Hostile comm (quote, backslash, newline, invalid UTF-8) and an exe path
# with spaces and quotes: the report is strict JSON and round-trips them.
dir="$T/dir with \"quotes\" and spaces"
mkdir -p "$dir"
cp "$PROGS/rename" "$dir/re name"
comm_hex=225c0aff41   # "  \  newline  0xff  A
"$SCLOG" run -q -o "$T/h.json" --report "$T/h.report.json" -- "$dir/re name" "$comm_hex" ||
	fail "hostile run failed"
python3 - "$T/h.report.json" "$dir/re name" "$comm_hex" << 'PY' || fail "hostile names do not round-trip"
import json, sys
raw = open(sys.argv[1], "rb").read()
r = json.loads(raw.decode("utf-8", errors="strict"))
s = [s for s in r["syscalls"] if s["name"] == "getpriority"][0]
assert s["comm_hex"] == sys.argv[3], s
assert s["exe"] == sys.argv[2], (s["exe"], sys.argv[2])
PY
pass "hostile comm and exe round-trip through a strict JSON parser"

# An exe path that is not UTF-8 comes back byte for byte as exe_hex.
bad=$(printf "$T/bad\\377dir")
mkdir -p "$bad"
cp "$PROGS/rename" "$bad/prog"
"$SCLOG" run -q -o "$T/u.json" --report "$T/u.report.json" -- "$bad/prog" 41 || fail "non-UTF-8 path run failed"
python3 - "$T/u.report.json" "$bad/prog" << 'PY' || fail "non-UTF-8 exe does not round-trip"
import json, os, sys
r = json.loads(open(sys.argv[1], "rb").read().decode("utf-8", errors="strict"))
s = [s for s in r["syscalls"] if s["name"] == "getpriority"][0]
assert bytes.fromhex(s["exe_hex"]) == os.fsencode(sys.argv[2]), s
PY
pass "a non-UTF-8 exe path round-trips as exe_hex"
