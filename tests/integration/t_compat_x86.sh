# SPDX-License-Identifier: GPL-2.0-only
# 32-bit x86 (i386) and x32 children of a 64-bit program, under each
# collector that works here: their calls are listed under SCMP_ARCH_X86 or
# SCMP_ARCH_X32 (the report's arch x86 or x32), never killed; the other
# collectors name the same calls of that architecture as audit, and the bpf
# collector counts them as often; the profile recorded runs the child again
# under enforce.  Negative controls: the bpf program without compat
# detection (SCLOG_BPF_BREAK=compat) puts the i386 calls under x86_64;
# enforce of the profile without the child's architecture kills the child.
# Each kind runs where the kernel runs it: i386 with IA32 emulation, x32
# with x32 system calls on (Debian's amd64 kernel: booted with
# syscall.x32=y, as tests/guest/run.sh x86_64 does).
. "$(dirname "$0")/lib.sh"
require_kernel
[ "$(uname -m)" = x86_64 ] || skip "i386 and x32 children need an x86_64 machine"

kinds=()
for kind in i386 x32; do
	case $kind in
	i386) flag=-m32 needs="IA32 emulation (CONFIG_IA32_EMULATION, ia32_emulation=on)" ;;
	x32) flag=-mx32 needs="x32 system calls (CONFIG_X86_X32_ABI; Debian's kernel: syscall.x32=y)" ;;
	esac
	if ! gcc $flag -static -O2 -o "$T/hello-$kind" "$SRCDIR/tests/progs/hello32.c" 2> "$T/cc.log"; then
		echo "SKIP (part): $kind: gcc $flag cannot build it (gcc-multilib): $(head -1 "$T/cc.log")"
	elif ! "$T/hello-$kind" > /dev/null 2>&1; then
		echo "SKIP (part): $kind: this kernel does not run it: it needs $needs"
	else
		kinds+=("$kind")
	fi
done
[ "${#kinds[@]}" -gt 0 ] || skip "this kernel runs neither i386 nor x32 programs, or gcc cannot build them"

collectors=(audit)
if "$SCLOG" run -q --backend notify -o /dev/null -- /bin/true 2> "$T/notify.err"; then
	collectors+=(notify)
else
	echo "SKIP (part): the notify collector does not work here: $(head -c 200 "$T/notify.err")"
fi
if bpf_works; then
	collectors+=(bpf)
else
	echo "SKIP (part): the bpf collector does not work here: $(head -c 200 "$T/bpf.err")"
fi

# record KIND COLLECTOR NAME [ENV...]: the child run by a 64-bit shell.
record() {
	local kind=$1 collector=$2 name=$3
	shift 3
	env "$@" "$SCLOG" run -q --backend "$collector" -o "$T/$name.json" --report "$T/$name.report.json" \
		-- /bin/sh -c "\"$T/hello-$kind\"" > "$T/$name.out"
}
# calls REPORT ARCH: "name count" of each call of ARCH in REPORT, sorted.
calls() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print("\n".join(sorted("%s %d" % (s["name"], s["count"]) for s in r["syscalls"] if s["arch"] == sys.argv[2])))' "$1" "$2"
}

for kind in "${kinds[@]}"; do
	case $kind in
	i386) arch=x86 token=SCMP_ARCH_X86 ;;
	x32) arch=x32 token=SCMP_ARCH_X32 ;;
	esac
	for c in "${collectors[@]}"; do
		record "$kind" "$c" "$kind-$c" || fail "$kind child under $c: sclog run failed"
		grep -q "hello from a 32-bit child" "$T/$kind-$c.out" || fail "$kind child under $c: it did not run"
		python3 - "$T/$kind-$c.json" "$token" << 'PY' || fail "$kind child under $c: the profile lacks $token"
import json, sys
p = json.load(open(sys.argv[1]))
assert sys.argv[2] in p["architectures"] and "SCMP_ARCH_X86_64" in p["architectures"], p["architectures"]
PY
		calls "$T/$kind-$c.report.json" "$arch" > "$T/$kind-$c.calls"
		grep -q "^write " "$T/$kind-$c.calls" && grep -q "^exit_group " "$T/$kind-$c.calls" ||
			{ cat "$T/$kind-$c.calls"; fail "$kind child under $c: no write and exit_group under $arch"; }
		[ "$(report_field "$T/$kind-$c.report.json" 'r["complete"]')" = True ] ||
			fail "$kind child under $c: the report says incomplete"
		pass "$kind child under $c: $token; under $arch: $(tr '\n' ' ' < "$T/$kind-$c.calls")"
	done
	# bpf counts as audit does; notify may see a call audit's record misses
	# or the reverse only by a bug, but its counts are not compared here.
	for c in "${collectors[@]}"; do
		case $c in
		audit) continue ;;
		bpf) diff -u "$T/$kind-audit.calls" "$T/$kind-$c.calls" ||
			fail "$kind child: bpf does not count the $arch calls as audit does"
			pass "$kind child: bpf counts the same $arch calls as audit, as many times" ;;
		*) diff -u <(cut -d' ' -f1 "$T/$kind-audit.calls") <(cut -d' ' -f1 "$T/$kind-$c.calls") ||
			fail "$kind child: $c does not name the $arch calls audit names"
			pass "$kind child: $c names the same $arch calls as audit" ;;
		esac
	done

	# The profile recorded runs the child again under enforce; without the
	# child's architecture, the same profile kills it.
	"$SCLOG" enforce --policy "$T/$kind-audit.json" -- /bin/sh -c "\"$T/hello-$kind\"" > "$T/e.out" 2> "$T/e.err" ||
		{ cat "$T/e.err" >&2; fail "$kind child under enforce of its profile: exit $?"; }
	grep -q "hello from a 32-bit child" "$T/e.out" || fail "$kind child under enforce: it did not run"
	pass "$kind child runs under enforce of the profile recorded from it"
	python3 - "$T/$kind-audit.json" "$token" > "$T/$kind-noarch.json" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["architectures"].remove(sys.argv[2])
print(json.dumps(p))
PY
	rc=0
	"$SCLOG" enforce --policy "$T/$kind-noarch.json" -- /bin/sh -c "\"$T/hello-$kind\"" > "$T/e.out" 2> /dev/null || rc=$?
	[ "$rc" != 0 ] && [ "$rc" != 125 ] && ! grep -q "hello from a 32-bit child" "$T/e.out" ||
		fail "negative control: the profile without $token still runs the $kind child"
	pass "negative control: without $token the profile kills the $kind child (exit $rc)"
done

# The bpf program tells i386 calls by the task's compat state: without it,
# they pass for x86_64 calls of the same numbers (some of which x86_64 does
# not have: sclog may then fail the run, naming them).
if [ -f "$T/i386-bpf.calls" ]; then
	rc=0
	record i386 bpf i386-nocompat SCLOG_BPF_BREAK=compat 2> "$T/nocompat.err" || rc=$?
	[ -f "$T/i386-nocompat.report.json" ] || { cat "$T/nocompat.err" >&2; fail "negative control: no report"; }
	[ -z "$(calls "$T/i386-nocompat.report.json" x86)" ] ||
		fail "negative control: without compat detection the i386 calls are still under x86"
	pass "negative control: without compat detection no call is under x86 (exit $rc$(
		grep -m1 . "$T/nocompat.err" | cut -c1-160 | sed 's/^/: /'))"
fi
