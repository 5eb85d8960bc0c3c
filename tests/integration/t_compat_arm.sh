# SPDX-License-Identifier: GPL-2.0-only
# A 32-bit arm child of a 64-bit program on aarch64 is logged under
# SCMP_ARCH_ARM, never killed, and its calls carry arm's names; with the
# bpf collector (where it loads) the same arm names as with audit.  Negative
# control: bpf without its compat test (SCLOG_BPF_BREAK=compat) puts the
# child's calls under aarch64 names, and the check fails.
. "$(dirname "$0")/lib.sh"
require_kernel
[ "$(uname -m)" = aarch64 ] || skip "32-bit arm children need an aarch64 host"
[ -x "$PROGS/hello32-arm" ] ||
	skip "no 32-bit arm test program (build with arm-linux-gnueabihf-gcc found: tests/guest/run.sh does)"
if ! "$PROGS/hello32-arm" > /dev/null 2>&1; then
	skip "this kernel or CPU cannot run 32-bit arm programs (CONFIG_COMPAT, AArch32 EL0)"
fi

# child BACKEND NAME [ENV...]: record the child; the policy must list arm
# with the child's calls; the arm names of the report into $T/NAME.arm.
child() {
	local backend=$1 name=$2
	shift 2
	env "$@" "$SCLOG" run -q --backend "$backend" -o "$T/$name.json" \
		--report "$T/$name.report.json" -- /bin/sh -c "\"$PROGS/hello32-arm\"" > "$T/out" ||
		{ echo "sclog run --backend $backend failed" >&2; return 1; }
	grep -q "hello from a 32-bit child" "$T/out" || { echo "the 32-bit child did not run ($backend)" >&2; return 1; }
	python3 - "$T/$name.json" "$T/$name.report.json" > "$T/$name.arm" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
arm = sorted({s["name"] for s in r["syscalls"] if s["arch"] == "arm"})
assert "SCMP_ARCH_ARM" in p["architectures"], "architectures %s, arm names %s" % (p["architectures"], arm)
assert "SCMP_ARCH_AARCH64" in p["architectures"]
# write and exit_group of the 32-bit child (arm has them under these names).
assert "write" in arm and "exit_group" in arm, arm
print(" ".join(arm))
PY
}

for backend in audit notify; do
	child $backend $backend || fail "policy lacks the arm architecture or its calls ($backend)"
done
pass "32-bit arm child profiled under SCMP_ARCH_ARM with audit and notify: $(cat "$T/audit.arm")"

if ! bpf_works; then
	echo "SKIP (part): the bpf collector cannot work here: $(head -c 300 "$T/bpf.err")"
	exit 0
fi
child bpf bpf || fail "bpf: the policy lacks the arm architecture or its calls"
[ "$(cat "$T/bpf.arm")" = "$(cat "$T/audit.arm")" ] ||
	fail "bpf counted other arm calls than audit logged: bpf '$(cat "$T/bpf.arm")', audit '$(cat "$T/audit.arm")'"
pass "bpf: the 32-bit arm child counted under SCMP_ARCH_ARM, the same arm names as audit"
! child bpf bpf_nc SCLOG_BPF_BREAK=compat 2> "$T/nc.err" ||
	fail "negative control: without its compat test bpf still puts the child under SCMP_ARCH_ARM"
# What the arm calls became: aarch64 names the real run does not have.
gained=$(python3 - "$T/bpf.report.json" "$T/bpf_nc.report.json" << 'PY'
import json, sys
# A number aarch64 has no name for (arm's set_tls, 0xf0005) as #NR.
names = [{s["name"] or "#%d" % s["nr"] for s in json.load(open(f))["syscalls"] if s["arch"] == "aarch64"}
         for f in sys.argv[1:]]
print(" ".join(sorted(names[1] - names[0])))
PY
)
pass "negative control: without its compat test no SCMP_ARCH_ARM; the arm calls pass for aarch64 ones: $gained"
# Shown by tests/guest/run.sh as a guest note.
note "bpf counted the arm child as audit logged it: $(cat "$T/bpf.arm"); without its compat test it became aarch64's: $gained"
