# SPDX-License-Identifier: GPL-2.0-only
# merge, diff, export and the strict policy reader: no privileges needed.
. "$(dirname "$0")/../lib.sh" # pure: no machine lock
D="$SRCDIR/tests/data"

# Every bad policy: exit 125, a message naming the file and the reason.
while read -r file want; do
	rc=0
	"$SCLOG" export "$D/bad-policies/$file" > "$T/out" 2> "$T/err" || rc=$?
	[ "$rc" = 125 ] || fail "$file: exit $rc, want 125"
	grep -qF "$D/bad-policies/$file" "$T/err" || fail "$file: the message does not name the file: $(cat "$T/err")"
	# json-c 0.17 and later refuse a raw control character in a string
	# themselves, before sclog's own check (Debian 13).
	grep -qF -- "$want" "$T/err" ||
		{ [ "$file" = control-char.json ] && grep -qF "malformed JSON: invalid string sequence" "$T/err"; } ||
		fail "$file: want '$want' in: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "$file: wrote output"
done << 'TABLE'
not-json.json          malformed JSON
truncated.json         unexpected end of input
trailing.json          1:37: malformed JSON
array-root.json        $: expected an object, found array
empty.json             malformed JSON
no-default.json        missing "defaultAction"
unknown-key.json       unknown key "defaultActoin"
unknown-action.json    unknown action "SCMP_ACT_EXPLODE"
trace-action.json      needs a tracer
action-type.json       $.defaultAction: expected a string, found int
errno-on-kill.json     $.defaultErrnoRet: an errno is only meaningful with SCMP_ACT_ERRNO
errno-type.json        $.defaultErrnoRet: expected an integer, found string
errno-range.json       $.defaultErrnoRet: integer out of range
errno-4095.json        $.syscalls[0].errnoRet: integer out of range (0..4094)
unknown-arch.json      $.architectures[0]: unknown architecture "SCMP_ARCH_Z80"
arch-type.json         $.architectures: expected an array, found string
syscalls-type.json     $.syscalls: expected an array, found object
rule-type.json         $.syscalls[0]: expected an object, found string
unknown-syscall.json   $.syscalls[0].names[1]: unknown syscall "raed"
name-type.json         $.syscalls[0].names[1]: expected a string, found int
no-names.json          needs at least one syscall
no-action.json         $.syscalls[0]: missing "action"
rule-errno-on-allow.json $.syscalls[0].errnoRet: an errno is only meaningful with SCMP_ACT_ERRNO
arg-index.json         $.syscalls[0].args[0].index: integer out of range
arg-op.json            unknown operator "SCMP_CMP_LIKE"
arg-negative.json      $.syscalls[0].args[0].value: integer out of range
flags.json             $.flags: seccomp filter flags are not supported
listener.json          $.listenerPath
docker-includes.json   "includes"/"excludes"
config-no-seccomp.json an OCI config without linux.seccomp
nul-byte.json          contains NUL bytes
duplicate-key.json     $.defaultAction: duplicate key "defaultAction"
nul-in-name.json       $.syscalls[0].names[0]: a string contains a NUL character
nul-in-key.json        $.syscalls[0]: a key contains a NUL character
arg-above-uint64.json  $.syscalls[0].args[0].value: integer 18446744073709551616 is out of range
arg-below-int64.json   $.syscalls[0].args[0].value: integer -18446744073709551616 is out of range (below -2^63)
errno-zero.json        $.defaultErrnoRet: errno 0 would make the syscall return success
conflicting-actions.json $.syscalls[1]: "ptrace" gets SCMP_ACT_KILL here but SCMP_ACT_ALLOW in $.syscalls[0]
includes-arches-widen.json $.syscalls[0]: "includes": "read" exists on x86_64, which the scope leaves out
includes-arches-unknown.json $.syscalls[0]: "includes": unknown architecture "z80"
nan.json               $.defaultErrnoRet: NaN and Infinity are not JSON numbers
infinity.json          $.defaultErrnoRet: NaN and Infinity are not JSON numbers
double-overflow.json   $.defaultErrnoRet: number 1e999 is out of range
not-utf8.json          1:62: not valid UTF-8 (byte 0xff)
control-char.json      $.syscalls[0].names[0]: a string contains a raw control character (U+0009)
lone-surrogate.json    $.syscalls[0].names[0]: a string contains an unpaired surrogate (\ud800)
too-deep.json          malformed JSON: nested deeper than 32 levels
escaped-duplicate-key.json $.defaultAction: duplicate key "defaultAction"
TABLE
pass "$(ls "$D/bad-policies" | wc -l) bad policies: exit 125 with file, path and reason"
"$SCLOG" export "$T/does-not-exist.json" 2> "$T/err" && fail "missing file accepted"
grep -q "No such file" "$T/err" || fail "missing file: no reason"
"$SCLOG" export "$T" 2> "$T/err" && fail "a directory accepted"
pass "missing files and directories refused"

# merge/diff round trip: diff (merge A B) A shows exactly what B adds.
"$SCLOG" merge "$D/policies/a.json" "$D/policies/b.json" -o "$T/ab.json"
rc=0; "$SCLOG" diff "$T/ab.json" "$D/policies/a.json" > "$T/diff" || rc=$?
[ "$rc" = 1 ] || fail "diff of different policies: exit $rc, want 1"
# (the + and - lines: the ENOSYS rules merge adds show as "~" lines)
grep "^[-+] " "$T/diff" | sort > "$T/got"
python3 - "$D/policies/a.json" "$D/policies/b.json" > "$T/want" << 'PY'
# What B adds to A, computed independently of sclog. An OCI policy has one
# name list for all its architectures, so the union allows every name of
# A and B on every architecture of A and B.
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
def names(p):
    return {n for r in p["syscalls"] if r["action"] == "SCMP_ACT_ALLOW" for n in r["names"]}
def allowed(arches, ns, arch):
    return ns if arch in arches else set()
union_arches = set(a["architectures"]) | set(b["architectures"])
label = {"SCMP_ARCH_X86_64": "x86_64", "SCMP_ARCH_X86": "x86"}
for arch in sorted(union_arches):
    for n in sorted(allowed(union_arches, names(a) | names(b), arch) - allowed(a["architectures"], names(a), arch)):
        print("-", label[arch], n)
PY
sort -o "$T/want" "$T/want"
diff -u "$T/want" "$T/got" || fail "diff (merge A B) A is not exactly what B adds"
rc=0; "$SCLOG" diff "$T/ab.json" "$T/ab.json" > /dev/null || rc=$?
[ "$rc" = 0 ] || fail "diff of a policy with itself: exit $rc"
"$SCLOG" diff --format json "$T/ab.json" "$D/policies/a.json" > "$T/diff.json" || true
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["differ"] and "openat" in d["architectures"]["x86"]["removed"]' "$T/diff.json" ||
	fail "diff --format json"
pass "merge/diff round trip, exit codes, JSON form"

# Deny-lists: the one evaluation answers diff and the exports.
rc=0; "$SCLOG" diff "$D/policies/allowall.json" "$D/policies/denylist.json" > "$T/diff" || rc=$?
[ "$rc" = 1 ] && grep -qx -- "- $(uname -m) ptrace" "$T/diff" && grep -qx -- "- $(uname -m) kexec_load" "$T/diff" &&
	[ "$(sed 1,2d "$T/diff" | wc -l)" = 2 ] || fail "diff allowall denylist: $(cat "$T/diff")"
rc=0; "$SCLOG" diff "$D/policies/denylist.json" "$D/policies/denylist.json" > "$T/diff" || rc=$?
[ "$rc" = 0 ] && [ ! -s "$T/diff" ] || fail "diff of identical policies printed something or exit $rc"
rc=0; "$SCLOG" export --format minijail "$D/policies/denylist.json" > "$T/out" 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q "allow-lists" "$T/err" && [ ! -s "$T/out" ] ||
	fail "minijail export of a deny-list: exit $rc: $(cat "$T/err")"
"$SCLOG" export --format systemd "$D/policies/denylist.json" > "$T/x.conf"
grep -qx "SystemCallFilter=~kexec_load ptrace:EPERM" "$T/x.conf" || fail "systemd deny-list: $(cat "$T/x.conf")"
pass "deny-lists: diff, minijail (refused), systemd (~list)"

# Same-index conditions: OR'ed rules, compiled by every export.
"$SCLOG" export --format minijail "$D/policies/same-index.json" > "$T/x.policy" 2> "$T/err"
grep -qx "personality: arg0 == 0 || arg0 == 8" "$T/x.policy" || fail "minijail same-index: $(cat "$T/x.policy")"
grep -q "fcntl: minijail cannot express" "$T/err" && ! grep -q "^fcntl" "$T/x.policy" ||
	fail "minijail: no per-rule warning for MASKED_EQ it cannot express"
"$SCLOG" export --format bpf -o "$T/x.bpf" "$D/policies/same-index.json" || fail "bpf of same-index conditions"
"$SCLOG" export --format oci "$D/policies/same-index.json" > "$T/x.json"
[ "$(grep -c '"personality"' "$T/x.json")" = 2 ] || fail "oci: same-index rule not split"
pass "same-index conditions: split into OR'ed rules; minijail, bpf, oci compile them"

# Conflicting actions across inputs of merge name both.
rc=0; "$SCLOG" merge "$D/policies/denylist.json" "$D/policies/allowall.json" > /dev/null 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "merge of compatible deny-lists: exit $rc"
python3 -c 'import json; print(json.dumps({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace"],"action":"SCMP_ACT_LOG"}]}))' > "$T/logptrace.json"
rc=0; "$SCLOG" merge "$D/policies/denylist.json" "$T/logptrace.json" > /dev/null 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q "ptrace" "$T/err" && grep -q "logptrace.json" "$T/err" ||
	fail "merge conflict not refused: exit $rc: $(cat "$T/err")"
pass "conflicting actions for one syscall refused, naming both"

# One recording's ENOSYS stub for a fallback call (clone3) and another's
# clone3 merge: the call is allowed, the stub made anew only where still
# needed.  With --no-enosys no stub is made anew, so the two still conflict.
python3 -c 'import json; print(json.dumps({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"},{"names":["clone3","statx"],"action":"SCMP_ACT_ERRNO","errnoRet":38}]}))' > "$T/stub.json"
python3 -c 'import json; print(json.dumps({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["clone3"],"action":"SCMP_ACT_ALLOW"}]}))' > "$T/clone3.json"
"$SCLOG" merge "$T/stub.json" "$T/clone3.json" -o "$T/sc.json" 2> "$T/err" ||
	fail "merge of an ENOSYS stub and an allowed clone3: $(cat "$T/err")"
python3 - "$T/sc.json" << 'PY' || fail "stub + clone3: clone3 not allowed alone, or statx's stub lost"
import json, sys
p = json.load(open(sys.argv[1]))
act = {n: (s["action"], s.get("errnoRet")) for s in p["syscalls"] for n in s["names"]}
sys.exit(not (act["clone3"] == ("SCMP_ACT_ALLOW", None) and act["statx"] == ("SCMP_ACT_ERRNO", 38)))
PY
rc=0; "$SCLOG" merge --no-enosys "$T/stub.json" "$T/clone3.json" > /dev/null 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q clone3 "$T/err" || fail "merge --no-enosys: the stub's conflict not refused: exit $rc"
pass "an ENOSYS stub gives way to an input that makes the call; not with --no-enosys"

# Conflicting default actions need --default-action.
rc=0; "$SCLOG" merge "$D/policies/a.json" "$D/policies/kill.json" > /dev/null 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q -- "--default-action" "$T/err" || fail "conflicting defaults not refused"
"$SCLOG" merge --default-action kill-process "$D/policies/a.json" "$D/policies/kill.json" > "$T/m.json"
grep -q SCMP_ACT_KILL_PROCESS "$T/m.json" || fail "--default-action not applied"
pass "conflicting default actions refused unless --default-action decides"

# Exports: OCI and Docker read back to the same policy; the others have their form.
for fmt in oci docker; do
	"$SCLOG" export --format "$fmt" "$T/ab.json" > "$T/x.$fmt.json"
	"$SCLOG" diff "$T/ab.json" "$T/x.$fmt.json" > /dev/null || fail "$fmt export does not read back the same"
done
grep -q '"archMap"' "$T/x.docker.json" && ! grep -q '"architectures"' "$T/x.docker.json" || fail "docker export form"
grep -q '"SCMP_ARCH_X86"' "$T/x.docker.json" || fail "docker export lost x86"
"$SCLOG" export --format spo --name my-app "$T/ab.json" > "$T/x.yaml"
grep -qx "kind: SeccompProfile" "$T/x.yaml" && grep -qx "  name: my-app" "$T/x.yaml" && grep -qx "    - openat" "$T/x.yaml" ||
	fail "spo export"
# minijail writes the native architecture's rules only: the same merge for
# it (a policy without "architectures" is the native architecture's), so
# that the check holds on aarch64 too.
for f in a b; do
	python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); del p["architectures"]; json.dump(p, sys.stdout)' \
		"$D/policies/$f.json" > "$T/$f-native.json"
done
"$SCLOG" merge "$T/a-native.json" "$T/b-native.json" -o "$T/ab-native.json" 2> /dev/null
"$SCLOG" export --format minijail "$T/ab-native.json" > "$T/x.policy"
grep -qx "openat: 1" "$T/x.policy" && grep -qx "personality: arg0 == 0" "$T/x.policy" || fail "minijail export"
# systemd names the architectures other than the native one (in the order
# of their audit numbers).
other="x86"
[ "$(uname -m)" = x86_64 ] || other="x86 x86-64"
"$SCLOG" export --format systemd "$T/ab.json" > "$T/x.conf"
grep -qx "SystemCallArchitectures=native $other" "$T/x.conf" && grep -q "^SystemCallFilter=.*openat" "$T/x.conf" &&
	grep -qx "SystemCallErrorNumber=EPERM" "$T/x.conf" || fail "systemd export"
"$SCLOG" export --format bpf -o "$T/x.bpf" "$T/ab.json"
size=$(stat -c %s "$T/x.bpf")
[ "$size" -gt 0 ] && [ $((size % 8)) = 0 ] || fail "bpf export: $size bytes is not a BPF program"
pass "exports: oci, docker read back equal; spo, minijail, systemd, bpf have their forms"

# Emitted OCI policies are valid against the runtime-spec schema.
if [ -f "$SRCDIR/tests/unit/validate_schema.py" ]; then
	rc=0
	python3 "$SRCDIR/tests/unit/validate_schema.py" "$T/ab.json" "$T/x.oci.json" "$T/m.json" || rc=$?
	[ "$rc" = 0 ] && pass "merged and exported policies validate against the OCI schema" ||
		{ [ "$rc" = 77 ] && echo "schema not available: not validated"; } || fail "schema validation"
fi

# Warnings of many items are summarised: 200 rules of 20 names, each with
# six MASKED_EQ conditions minijail cannot express (4000 warnings), and 20
# names systemd cannot condition: at most 3 of each kind, then the count.
python3 - "$T/masked.json" << 'PY'
import json, sys
names = ["read", "write", "openat", "close", "mmap", "munmap", "brk", "ioctl", "fcntl",
         "pread64", "pwrite64", "readv", "writev", "lseek", "dup", "dup3", "pipe2",
         "socket", "connect", "sendto"]
rules = [{"names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW"}]
for i in range(200):
    rules.append({"names": names, "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": a, "value": 0xff << a, "valueTwo": (i * 7 + a) & 0xff,
                            "op": "SCMP_CMP_MASKED_EQ"} for a in range(6)]})
# The native architecture's (minijail writes its rules only): names that
# x86_64 and aarch64 both have.
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": rules}, open(sys.argv[1], "w"))
PY
"$SCLOG" export --format minijail -o "$T/m.policy" "$T/masked.json" 2> "$T/err"
[ "$(wc -l < "$T/err")" = 4 ] && grep -q "minijail cannot express the conditions" "$T/err" &&
	grep -qx "sclog: WARNING: minijail: … and 3997 more like this" "$T/err" ||
	fail "minijail warnings not summarised: $(wc -l < "$T/err") lines: $(head -c 2000 "$T/err")"
"$SCLOG" export --format systemd -o "$T/m.conf" "$T/masked.json" 2> "$T/err"
[ "$(wc -l < "$T/err")" = 4 ] && grep -qx "sclog: WARNING: systemd: … and 17 more like this" "$T/err" ||
	fail "systemd warnings not summarised: $(cat "$T/err")"
pass "4000 warnings of one kind: 3 shown, then '… and 3997 more like this'"
