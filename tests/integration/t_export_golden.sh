# SPDX-License-Identifier: GPL-2.0-only
# Golden files of every export format: `sclog export --format F` of the
# policies in tests/data/policies equals tests/golden/exports/POLICY.F
# byte for byte (bpf as a hex dump, x86_64 only: the program is the native
# architecture's), and so do the per-rule notes on stderr (POLICY.F.notes).
# After a deliberate change: SCLOG_UPDATE_GOLDEN=1, then review the diff.
# Pure: no kernel, no root, so not this suite's lib.sh and its machine lock.
. "$(dirname "$0")/../lib.sh"
: "${SCLOG:?SCLOG must point to the sclog binary}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
G=$SRCDIR/tests/golden/exports
D=$SRCDIR/tests/data/policies
[ "$(uname -m)" = x86_64 ] || skip "the golden files are of x86_64 (native architecture in minijail, systemd, bpf)"
n=0
for p in same-index denylist a allowall multiarch; do
	for f in oci docker spo minijail systemd bpf; do
		rc=0
		if [ $f = bpf ]; then
			"$SCLOG" export --format bpf -o "$T/out.bin" "$D/$p.json" 2> "$T/err" || rc=$?
			[ $rc != 0 ] || od -An -tx1 -v "$T/out.bin" > "$T/out"
		else
			"$SCLOG" export --format $f "$D/$p.json" > "$T/out" 2> "$T/err" || rc=$?
		fi
		if [ $rc != 0 ]; then
			# A format that cannot express the policy says why, writes nothing.
			[ $rc = 125 ] || fail "$p.$f: exit $rc"
			sed "s|$D/||" "$T/err" > "$T/out"
			f=$f.error
		elif [ -s "$T/err" ]; then
			cp "$T/err" "$T/notes"
			if [ "${SCLOG_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$T/notes" "$G/$p.$f.notes"; fi
			diff -u "$G/$p.$f.notes" "$T/notes" || fail "$p.$f: the notes differ from the golden file"
		fi
		if [ "${SCLOG_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$T/out" "$G/$p.$f"; fi
		[ -f "$G/$p.$f" ] || fail "no golden file $G/$p.$f (SCLOG_UPDATE_GOLDEN=1 makes it)"
		diff -u "$G/$p.$f" "$T/out" || fail "$p.$f differs from the golden file"
		n=$((n + 1))
	done
done
pass "$n exports equal their golden files"
