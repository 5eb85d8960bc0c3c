# SPDX-License-Identifier: GPL-2.0-only
# Policies of two architectures, on files alone (no kernel, no root):
#  1. sclog merge of cat recorded on x86_64 (policies/examples) and cat on
#     aarch64 (written by hand, tests/data/multiarch) gives
#     tests/data/policies/multiarch.json: both architectures, the union of
#     names; stderr says OCI gives each the union and names what each
#     architecture gains (x86_64: faccessat; aarch64: nothing, as access and
#     arch_prctl do not exist there).  Negative control: a merge of two
#     x86_64 policies says nothing of families;
#  2. export -f docker of it, loaded as moby's profiles/seccomp loader does
#     (archMap entry and "includes.arches" of the daemon's architecture),
#     gives arm64 exactly the aarch64 recording's names, and amd64 the
#     x86_64 recording's plus what it gained.  Negative control: the OCI
#     export (no includes) loaded the same way gives arm64 access and
#     arch_prctl, and the check says so.  sclog reads the docker form back
#     as the same policy (a scope that would change it is refused:
#     tests/data/bad-policies/includes-arches-widen.json);
#  3. a policy translated with export --arch aarch64 merges with its x86_64
#     original the same way (what the arm64 guest tests use).
set -euo pipefail
: "${SCLOG:?SCLOG must point to the sclog binary}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/sclog-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
D=$SRCDIR/tests/data/multiarch
X=$D/cat-x86_64.json
A=$D/cat-aarch64.json
allowed() { python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["syscalls"]:
    if r["action"] == "SCMP_ACT_ALLOW": print("\n".join(r["names"]))' "$1" | sort -u; }

# 1. The merge.
"$SCLOG" merge "$X" "$A" -o "$T/both.json" 2> "$T/merge.err" || fail "merge: $(cat "$T/merge.err")"
diff -u "$SRCDIR/tests/data/policies/multiarch.json" "$T/both.json" || fail "the merge differs from tests/data/policies/multiarch.json"
grep -q 'the policies cover 2 architecture families (x86_64, aarch64); OCI cannot give a name to one architecture only' "$T/merge.err" ||
	fail "merge does not say it gives each architecture the union: $(cat "$T/merge.err")"
grep -qx 'sclog: x86_64 gains 1 call its own policies did not allow: faccessat' "$T/merge.err" ||
	fail "merge does not name x86_64's gain: $(cat "$T/merge.err")"
grep -qx 'sclog: aarch64 gains 0 calls its own policies did not allow' "$T/merge.err" ||
	fail "merge gives aarch64 a gain: $(cat "$T/merge.err")"
"$SCLOG" merge "$X" "$SRCDIR/policies/examples/true.json" -o "$T/xx.json" 2> "$T/xx.err"
! grep -q 'architecture' "$T/xx.err" || fail "a merge of two x86_64 policies speaks of architectures: $(cat "$T/xx.err")"
pass "merge of x86_64 and aarch64 policies: both architectures, the union, and what each gains (x86_64: faccessat)"

# 2. Docker's form, loaded as moby does on an amd64 and an arm64 daemon.
"$SCLOG" export -f docker "$T/both.json" -o "$T/both.docker.json"
moby() { python3 - "$1" "$2" <<'PY'
import json, sys
p, daemon = json.load(open(sys.argv[1])), sys.argv[2]
native = {"amd64": "SCMP_ARCH_X86_64", "arm64": "SCMP_ARCH_AARCH64"}[daemon]
arches = p.get("architectures") or []
for a in p.get("archMap") or []:
    if a["architecture"] == native:
        arches = [a["architecture"]] + (a.get("subArchitectures") or [])
assert native in arches, f"{daemon}: the profile does not cover {native}"
names = set()
for r in p["syscalls"]:
    inc = (r.get("includes") or {}).get("arches") or []
    if inc and daemon not in inc:
        continue
    if r["action"] == "SCMP_ACT_ALLOW":
        names.update(r["names"])
print("\n".join(sorted(names)))
PY
}
moby "$T/both.docker.json" arm64 > "$T/arm64"
moby "$T/both.docker.json" amd64 > "$T/amd64"
allowed "$A" > "$T/a.own"
{ allowed "$X"; echo faccessat; } | sort -u > "$T/x.own"
diff -u "$T/a.own" "$T/arm64" || fail "Docker on arm64 does not get the aarch64 recording's names"
diff -u "$T/x.own" "$T/amd64" || fail "Docker on amd64 does not get the x86_64 recording's names and its gain"
moby "$T/both.json" arm64 > "$T/arm64-oci"
! diff -q "$T/a.own" "$T/arm64-oci" > /dev/null || fail "the check cannot tell the union from each architecture's own names"
grep -qx arch_prctl "$T/arm64-oci" || fail "the OCI form loaded for arm64 lacks arch_prctl"
"$SCLOG" export "$T/both.docker.json" -o "$T/back.json" || fail "sclog does not read its docker export back"
diff -u "$T/both.json" "$T/back.json" || fail "the docker export read back is another policy"
pass "export -f docker: moby on arm64 gets the aarch64 names, on amd64 the x86_64 ones (the OCI union gives arm64 arch_prctl); sclog reads it back as the same policy"

# 3. A translated policy as the aarch64 input.
"$SCLOG" export --arch aarch64 "$X" -o "$T/x-a64.json" 2> /dev/null
"$SCLOG" merge "$X" "$T/x-a64.json" -o "$T/x-both.json" 2> "$T/x-both.err" || fail "merge with a translated policy: $(cat "$T/x-both.err")"
[ "$(python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["architectures"]))' "$T/x-both.json")" = \
	"SCMP_ARCH_X86_64 SCMP_ARCH_AARCH64" ] || fail "the merge with a translated policy does not cover both architectures"
grep -qx 'sclog: x86_64 gains 1 call its own policies did not allow: faccessat' "$T/x-both.err" ||
	fail "the translation of access (faccessat) is not named as x86_64's gain: $(cat "$T/x-both.err")"
pass "a policy translated with export --arch aarch64 merges with its x86_64 original"
