# SPDX-License-Identifier: GPL-2.0-only
# The notify collector (seccomp user notification) sees exactly the syscalls
# strace -f sees: as root, as uid 65534 without capabilities, and as root of
# an unprivileged user namespace (unshare -Urn); it gives the same profile as
# the audit collector; the report names the collector; sclog picks notify by
# itself when audit cannot work, and says why.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root (to drop to uid 65534 and compare with the audit collector)"
command -v strace > /dev/null || skip "strace is not installed"
command -v setpriv > /dev/null || skip "setpriv (util-linux) is not installed"
"$SCLOG" run -q --backend notify -o /dev/null -- /bin/true ||
	skip "the notify collector does not work on this kernel: $("$SCLOG" doctor 2>&1 | grep -i notif || true)"

# Programs and outputs must be reachable by uid 65534.
chmod 755 "$T"
NOBODY=(setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all --bounding-set=-all)

# notify_same_as_strace NAME PREFIX... -- CMD...: under PREFIX (empty, a
# setpriv, an unshare), profile CMD with the notify collector and check its
# syscall set equals the one strace -f sees under the same PREFIX.
notify_same_as_strace() {
	local name=$1 prefix=()
	shift
	while [ "$1" != -- ]; do prefix+=("$1"); shift; done
	shift
	"${prefix[@]}" "$SCLOG" run -q --backend notify -o "$T/$name.json" \
		--report "$T/$name.report.json" -- "$@" > /dev/null ||
		fail "$name: sclog run --backend notify failed"
	"${prefix[@]}" strace -f -qq -o "$T/$name.strace" "$@" > /dev/null
	strace_names "$T/$name.strace" > "$T/$name.want"
	policy_names "$T/$name.json" > "$T/$name.got"
	if ! diff -u "$T/$name.want" "$T/$name.got" > "$T/$name.diff"; then
		cat "$T/$name.diff" >&2
		fail "$name: notify profile differs from strace -f (- strace only, + sclog only)"
	fi
	[ "$(report_field "$T/$name.report.json" 'r["complete"] and r["collector"]')" = notify ] ||
		fail "$name: report is incomplete or does not name the notify collector"
	pass "$name: $(wc -l < "$T/$name.got") syscalls, same set as strace -f"
}

PIPELINE='echo hello | tr a-z A-Z | wc -c > /dev/null; (/bin/true &); /bin/true & wait'
for who in root nobody userns; do
	case $who in
	root) prefix=() ;;
	nobody) prefix=("${NOBODY[@]}") ;;
	userns)
		unshare -Urn true 2> /dev/null || { echo "SKIP (part): no unprivileged user namespaces here"; continue; }
		prefix=("${NOBODY[@]}" unshare -Urn)
		;;
	esac
	notify_same_as_strace "true-$who" "${prefix[@]}" -- /bin/true
	notify_same_as_strace "pipeline-$who" "${prefix[@]}" -- /bin/sh -c "$PIPELINE"
	notify_same_as_strace "threads-$who" "${prefix[@]}" -- "$PROGS/threads" 16
	notify_same_as_strace "forks-$who" "${prefix[@]}" -- "$PROGS/forkstorm" 20 4 5
	[ "$(report_field "$T/threads-$who.report.json" '[s["count"] for s in r["syscalls"] if s["name"] == "sched_getaffinity"][0]')" = 16 ] ||
		fail "threads-$who: sched_getaffinity should be counted once per thread (16)"
done

# A 32-bit child, where the kernel runs one.
if gcc -m32 -static -O2 -o "$T/hello32" "$SRCDIR/tests/progs/hello32.c" 2> /dev/null && "$T/hello32" > /dev/null 2>&1; then
	chmod 755 "$T/hello32"
	notify_same_as_strace "i386-nobody" "${NOBODY[@]}" -- /bin/sh -c "$T/hello32; /bin/true"
	python3 - "$T/i386-nobody.json" << 'PY' || fail "i386: the profile does not list SCMP_ARCH_X86"
import json, sys
assert "SCMP_ARCH_X86" in json.load(open(sys.argv[1]))["architectures"]
PY
else
	echo "SKIP (part): this kernel cannot run 32-bit programs or gcc -m32 is missing"
fi

# Without root, sclog picks the notify collector by itself and says why.
rc=0
"${NOBODY[@]}" "$SCLOG" run -o "$T/auto.json" --report "$T/auto.report.json" -- /bin/true 2> "$T/auto.err" || rc=$?
[ "$rc" = 0 ] || { cat "$T/auto.err" >&2; fail "uid 65534 without --backend: exit $rc"; }
grep -q "notify collector" "$T/auto.err" || { cat "$T/auto.err" >&2; fail "no word on which collector ran"; }
[ "$(report_field "$T/auto.report.json" 'r["collector"]')" = notify ] || fail "auto: report names another collector"
pass "uid 65534 without --backend: notify chosen and announced ($(grep -m1 'notify collector' "$T/auto.err"))"

# Same profiles from both collectors, as root (where audit works).
if "$SCLOG" doctor > /dev/null 2>&1; then
	for w in true pipeline threads; do
		case $w in
		true) cmd=(/bin/true) ;;
		pipeline) cmd=(/bin/sh -c "$PIPELINE") ;;
		threads) cmd=("$PROGS/threads" 16) ;;
		esac
		"$SCLOG" run -q --backend audit -o "$T/$w.audit.json" --report "$T/$w.audit.report.json" -- "${cmd[@]}" > /dev/null
		"$SCLOG" run -q --backend notify -o "$T/$w.notify.json" -- "${cmd[@]}" > /dev/null
		cmp "$T/$w.audit.json" "$T/$w.notify.json" || { diff "$T/$w.audit.json" "$T/$w.notify.json" >&2; fail "$w: audit and notify profiles differ"; }
		[ "$(report_field "$T/$w.audit.report.json" 'r["collector"]')" = audit ] || fail "$w: audit report names another collector"
	done
	pass "audit and notify collectors: byte-identical policies (true, pipeline, threads)"
else
	echo "SKIP (part): the audit collector does not work here, nothing to compare"
fi

# Exit statuses and signals as in audit mode, -o untouched on failure.
for spec in "0:exit 0" "3:exit 3" "143:kill -TERM \$\$" "137:kill -KILL \$\$"; do
	want=${spec%%:*}
	rc=0
	"${NOBODY[@]}" "$SCLOG" run -q --backend notify -o "$T/st.json" -- /bin/sh -c "${spec#*:}" || rc=$?
	[ "$rc" = "$want" ] || fail "notify: '${spec#*:}' gave $rc, want $want"
done
rc=0
"$SCLOG" run -q --backend notify -o "$T/nf.json" -- /nonexistent/prog 2> /dev/null || rc=$?
[ "$rc" = 127 ] && [ ! -e "$T/nf.json" ] || fail "notify: a missing command gave $rc, want 127 and no policy"
pass "notify: exit statuses 0, 3, 143, 137, 127 as in audit mode"
