# SPDX-License-Identifier: GPL-2.0-only
# Case 8 of docs/reliability.md: sclog applies the kernel's protected_symlinks
# rule itself, whatever the sysctl says: as root, a nobody-owned symlink in a
# sticky world-writable directory pointing at a root-owned FIFO is not
# written through; one the caller owns is. One file named for both the
# policy and the report, or both on standard output, is an error.
. "$(dirname "$0")/lib.sh"
require_root "to own the FIFO and chown the link to nobody"
require_kernel

sticky="$T/sticky"
mkdir -m 1777 "$sticky"
mkfifo -m 600 "$T/fifo"
ln -s "$T/fifo" "$sticky/planted"
chown -h 65534:65534 "$sticky/planted"

# A reader that would see anything sclog wrote into the FIFO; sclog must
# refuse before it opens the FIFO at all.
rc=0
timeout 60 "$SCLOG" run -q -o "$sticky/planted" -- /bin/true 2> "$T/err" || rc=$?
[ "$rc" = 125 ] || { cat "$T/err" >&2; fail "planted link: exit $rc, want 125"; }
grep -q "protected_symlinks" "$T/err" && grep -q "owned by uid 65534" "$T/err" ||
	{ cat "$T/err" >&2; fail "planted link: the message does not name the rule and the owner"; }
pass "a nobody-owned link in a sticky directory is not followed (exit 125, rule named)"

# Negative control: the same link owned by the caller is followed, and the
# FIFO gets the policy.
ln -s "$T/fifo" "$sticky/mine"
timeout 60 cat "$T/fifo" > "$T/through" &
reader=$!
timeout 60 "$SCLOG" run -q -o "$sticky/mine" -- /bin/true || fail "own link: sclog failed"
wait "$reader" || fail "own link: the reader got nothing"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/through" ||
	fail "own link: the FIFO did not get a policy"
pass "a link the caller owns is followed into the FIFO (negative control)"

# One file for both outputs, under two names; both on standard output.
rc=0
(cd "$T" && "$SCLOG" run -q -o same.json --report ./same.json -- /bin/true) 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q "overwrite" "$T/err" || { cat "$T/err" >&2; fail "-o X --report ./X: exit $rc"; }
[ ! -e "$T/same.json" ] || fail "-o X --report ./X: something was written"
rc=0
"$SCLOG" run -q -o - --report - -- /bin/true > "$T/both" 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q "standard output" "$T/err" || { cat "$T/err" >&2; fail "-o - --report -: exit $rc"; }
[ ! -s "$T/both" ] || fail "-o - --report -: something was written"
"$SCLOG" run -q -o /dev/null --report /dev/null -- /bin/true || fail "-o /dev/null --report /dev/null must work"
pass "-o X --report X and -o - --report - are errors; /dev/null twice is fine"
