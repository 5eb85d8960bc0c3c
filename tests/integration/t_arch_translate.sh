# SPDX-License-Identifier: GPL-2.0-only
# sclog export --arch aarch64 and its table, policies/arch-translate.json:
#  1. the table is complete: tools/arch-translate.sh finds every x86_64 name
#     libseccomp does not know on aarch64 mapped or dropped; negative
#     controls: the table without "open", and with a target aarch64 lacks,
#     are refused (and sclog refuses the second as a data file);
#  2. a policy allowing every one of those names translates to names that
#     all exist on aarch64, architectures SCMP_ARCH_AARCH64 only, and stderr
#     lists each name once, mapped or left out, and says "not recorded";
#  3. the cases of the table: open -> openat, a conditional rule left out, a
#     deny-list's mkdir becoming mkdirat (moby#45125), x86 and x32 left out,
#     and a policy whose open and openat would give openat two actions
#     refused (exit 125, nothing written);
#  4. without "open" in the table (SCLOG_DATADIR), open is left out and says
#     why; --arch x86_64 is refused.
# Pure: no kernel, no root, so not lib.sh and its machine lock.
set -euo pipefail
: "${SCLOG:?SCLOG must point to the sclog binary}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/sclog-test.XXXXXX")
chmod 700 "$T"
trap 'rm -rf "$T"' EXIT
TABLE=$SRCDIR/policies/arch-translate.json
command -v cc > /dev/null || skip "no C compiler for tools/arch-names.c"
names() { python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["syscalls"]:
    print("\n".join(r["names"]))' "$1" | sort -u; }

# 1. Complete, and its negative controls.
"$SRCDIR/tools/arch-translate.sh" > "$T/check" || fail "the table is incomplete: $(grep -E 'UNMAPPED|BADTARGET' "$T/check")"
grep -q '^mapped   open -> openat$' "$T/check" || fail "the check does not list open -> openat"
python3 -c 'import json, sys
t = json.load(open(sys.argv[1])); del t["map"]["open"]; json.dump(t, open(sys.argv[2], "w"))' "$TABLE" "$T/no-open.json"
! "$SRCDIR/tools/arch-translate.sh" "$T/no-open.json" > "$T/check-no-open" ||
	fail "the check passes a table without open"
grep -q '^UNMAPPED open' "$T/check-no-open" || fail "the check does not name open: $(tail -1 "$T/check-no-open")"
mkdir "$T/bad" "$T/no-open"
python3 -c 'import json, sys
t = json.load(open(sys.argv[1])); t["map"]["open"] = ["open"]; json.dump(t, open(sys.argv[2], "w"))' "$TABLE" "$T/bad/arch-translate.json"
! "$SRCDIR/tools/arch-translate.sh" "$T/bad/arch-translate.json" > "$T/check-bad" || fail "the check passes open -> open"
grep -q '^BADTARGET open -> open' "$T/check-bad" || fail "the check does not name the bad target"
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}' > "$T/read.json"
rc=0; SCLOG_DATADIR=$T/bad "$SCLOG" export --arch aarch64 "$T/read.json" > /dev/null 2> "$T/bad.err" || rc=$?
[ $rc = 125 ] && grep -q '"open" is not a syscall libseccomp knows on aarch64' "$T/bad.err" ||
	fail "sclog reads a table mapping to a name aarch64 lacks: exit $rc, $(cat "$T/bad.err")"
pass "the table maps or drops all $(grep -c '^mapped\|^dropped' "$T/check") x86_64 names aarch64 lacks (without open, or with a bad target, it is refused)"

# 2. Every missing name at once.
awk '/^(mapped|dropped)/ { print $2 }' "$T/check" | sed 's/:$//' > "$T/missing"
python3 -c 'import json, sys
names = open(sys.argv[1]).read().split() + ["read", "openat"]
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
           "syscalls": [{"names": names, "action": "SCMP_ACT_ALLOW"}]}, open(sys.argv[2], "w"))' "$T/missing" "$T/all.json"
"$SCLOG" export --arch aarch64 "$T/all.json" -o "$T/all-a64.json" 2> "$T/all.err" || fail "export --arch: $(cat "$T/all.err")"
cc -o "$T/arch-names" "$SRCDIR/tools/arch-names.c" -lseccomp
"$T/arch-names" aarch64 | sort -u > "$T/aarch64"
names "$T/all-a64.json" > "$T/out-names"
extra=$(comm -23 "$T/out-names" "$T/aarch64" | tr '\n' ' ')
[ -z "$extra" ] || fail "the translation writes names aarch64 lacks: $extra"
[ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["architectures"])' "$T/all-a64.json")" = "['SCMP_ARCH_AARCH64']" ] ||
	fail "the translation's architectures are not SCMP_ARCH_AARCH64 alone"
grep -q 'not recorded' "$T/all.err" || fail "export --arch does not say the output is not recorded"
while read -r n; do
	[ "$(grep -cE "^sclog:   $n( ->|: left out)" "$T/all.err")" = 1 ] || fail "stderr does not list $n once: $(grep -E " $n\b" "$T/all.err")"
done < "$T/missing"
grep -qx 'read' "$T/out-names" && grep -qx 'openat' "$T/out-names" || fail "read or openat did not stay"
! grep -qE '^sclog:   (read|openat)\b' "$T/all.err" || fail "names aarch64 has are listed as translated"
pass "all $(wc -l < "$T/missing") names translate to aarch64 names ($(wc -l < "$T/out-names") out), each listed once on stderr"

# 3. The cases.
cat > "$T/x.json" <<'J'
{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],
 "syscalls":[{"names":["open","stat","read","arch_prctl","rmdir","unlink"],"action":"SCMP_ACT_ALLOW"},
 {"names":["open"],"action":"SCMP_ACT_ALLOW","args":[{"index":1,"value":0,"op":"SCMP_CMP_EQ"}]}]}
J
"$SCLOG" export --arch aarch64 "$T/x.json" -o "$T/x-a64.json" 2> "$T/x.err"
[ "$(names "$T/x-a64.json" | tr '\n' ' ')" = "newfstatat openat read unlinkat " ] ||
	fail "translated names: $(names "$T/x-a64.json" | tr '\n' ' ')"
for line in 'open -> openat' 'stat -> newfstatat' 'rmdir -> unlinkat' 'arch_prctl: left out, x86 only' \
	'open: left out, its argument conditions' 'architecture x86: left out' 'architecture x32: left out'; do
	grep -qF "sclog:   $line" "$T/x.err" || fail "stderr lacks '$line': $(cat "$T/x.err")"
done
cat > "$T/deny.json" <<'J'
{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}
J
"$SCLOG" export --arch aarch64 "$T/deny.json" 2> /dev/null > "$T/deny-a64.json"
python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))
assert p["syscalls"] == [{"names": ["mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}], p["syscalls"]' "$T/deny-a64.json" ||
	fail "a deny-list's mkdir does not become mkdirat"
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["open"],"action":"SCMP_ACT_ALLOW"},{"names":["openat"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}' > "$T/two.json"
rc=0; "$SCLOG" export --arch aarch64 "$T/two.json" > "$T/two.out" 2> "$T/two.err" || rc=$?
[ $rc = 125 ] && [ ! -s "$T/two.out" ] && grep -q 'openat would have two actions' "$T/two.err" ||
	fail "open allowed and openat denied: exit $rc, $(cat "$T/two.err")"
pass "open -> openat, a conditional rule and arch_prctl left out, a deny-list's mkdir denies mkdirat; open allowed with openat denied is refused"

# 4. A table without open; another architecture.
cp "$T/no-open.json" "$T/no-open/arch-translate.json"
SCLOG_DATADIR=$T/no-open "$SCLOG" export --arch aarch64 "$T/x.json" 2> "$T/no-open.err" > "$T/x-no-open.json"
grep -q 'sclog:   open: left out, not a syscall on aarch64 and not in arch-translate.json' "$T/no-open.err" ||
	fail "without open in the table, open is not reported: $(cat "$T/no-open.err")"
! names "$T/x-no-open.json" | grep -qx openat || fail "openat without open in the table"
rc=0; "$SCLOG" export --arch x86_64 "$T/x.json" > /dev/null 2> "$T/x86.err" || rc=$?
[ $rc = 125 ] && grep -q 'translates names to aarch64 only' "$T/x86.err" || fail "--arch x86_64: exit $rc, $(cat "$T/x86.err")"
pass "without open in the table, open is left out and said so; --arch x86_64 is refused"
