# SPDX-License-Identifier: GPL-2.0-only
# On an aarch64 kernel (tests/guest/run.sh aarch64), with a workload
# recorded there (sh running cat, sort and sha256sum in a pipeline):
#  1. the x86_64 recording of the same commands (policies/examples) alone
#     does not run it: its architectures do not cover aarch64;
#  2. merged with the aarch64 recording, it runs it with the same output;
#  3. export --arch aarch64 of the x86_64 recordings, against the real
#     aarch64 recording: what translation misses is printed, and the
#     translated profile merged with the recording runs the workload.
. "$(dirname "$0")/lib.sh"
require_kernel
[ "$(uname -m)" = aarch64 ] || skip "needs an aarch64 kernel (tests/guest/run.sh aarch64)"
E=$SRCDIR/policies/examples
printf 'b\na\nc\n' > "$T/in"
work() { /bin/sh -c 'cat "$1" | sort | sha256sum' sh "$T/in"; }
want=$(work)

"$SCLOG" run -q -o "$T/native.json" -- /bin/sh -c 'cat "$1" | sort | sha256sum' sh "$T/in" \
	> "$T/out" || fail "recording on aarch64 failed"
[ "$(cat "$T/out")" = "$want" ] || fail "the recorded run's output differs"
"$SCLOG" merge "$E/sh-pipeline.json" "$E/cat.json" "$E/sort.json" "$E/sha256sum.json" \
	-o "$T/x86.json" 2> /dev/null || fail "merging the x86_64 examples failed"

# 1. x86_64 only: refused or killed, never the workload's output.
rc=0; "$SCLOG" enforce -p "$T/x86.json" -- /bin/sh -c 'cat "$1" | sort | sha256sum' sh "$T/in" \
	> "$T/out" 2> "$T/err" || rc=$?
[ "$rc" != 0 ] && [ "$(cat "$T/out")" != "$want" ] ||
	fail "the x86_64-only profile ran the workload on aarch64 (exit $rc)"
note "the x86_64 recording alone on aarch64: exit $rc: $(head -1 "$T/err")"
pass "the x86_64 recording alone does not run the workload on aarch64"

# 2. Merged with the aarch64 recording: the same output.
"$SCLOG" merge "$T/x86.json" "$T/native.json" -o "$T/both.json" 2> "$T/merge.err" ||
	fail "merge: $(cat "$T/merge.err")"
out=$("$SCLOG" enforce -p "$T/both.json" -- /bin/sh -c 'cat "$1" | sort | sha256sum' sh "$T/in") ||
	fail "the merged profile did not run the workload"
[ "$out" = "$want" ] || fail "under the merged profile the output differs"
pass "merged with the aarch64 recording, the profile runs it: $(grep -c . "$T/merge.err") lines said by merge"

# 3. Translation against the recording.
"$SCLOG" export --arch aarch64 "$T/x86.json" -o "$T/tr.json" 2> "$T/tr.err" ||
	fail "export --arch aarch64: $(cat "$T/tr.err")"
rc=0; "$SCLOG" diff "$T/tr.json" "$T/native.json" > "$T/diff" || rc=$?
missed=$(sed -n 's/^+ aarch64 //p' "$T/diff" | tr '\n' ' ')
extra=$(sed -n 's/^- aarch64 //p' "$T/diff" | tr '\n' ' ')
note "translation missed (recorded on aarch64, not in the translated profile): ${missed:-none}"
note "translation allowed names the aarch64 recording did not use: ${extra:-none}"
rc=0; out=$("$SCLOG" enforce -p "$T/tr.json" -- /bin/sh -c 'cat "$1" | sort | sha256sum' sh "$T/in" 2> /dev/null) || rc=$?
if [ "$rc" = 0 ] && [ "$out" = "$want" ]; then
	note "the translated profile alone runs the workload"
else
	note "the translated profile alone does not run the workload (exit $rc): record on aarch64"
fi
"$SCLOG" merge "$T/tr.json" "$T/native.json" -o "$T/trn.json" 2> /dev/null || fail "merge of translation and recording"
out=$("$SCLOG" enforce -p "$T/trn.json" -- /bin/sh -c 'cat "$1" | sort | sha256sum' sh "$T/in") ||
	fail "translated + recorded did not run the workload"
[ "$out" = "$want" ] || fail "translated + recorded: the output differs"
pass "export --arch aarch64 compared with a real aarch64 recording of the same workload"
