# SPDX-License-Identifier: GPL-2.0-only
# Issue 17, case 1: an output reached through /dev or a /proc fd link is
# written in place, never renamed over.  `-o /dev/stdout` with standard
# output redirected to a file used to replace the machine's /dev/stdout
# symlink with a root-owned regular file (stat followed the link to a
# regular file, so the temporary file was made in /dev and renamed over
# the link) and leave the user's file empty.  Also: `-o link.json`, the
# caller's own relative symlink, is followed (it failed with "too many
# symlinks").
. "$SRCDIR/tests/integration/lib.sh"
require_root "the bug replaced /dev/stdout, which only root can"
require_kernel
[ -L /dev/stdout ] || skip "/dev/stdout is not a symlink on this machine"
# A regression would replace the machine's /dev/stdout under every other test.
machine_exclusive

link_before=$(readlink /dev/stdout)
restore_stdout() {
	# If sclog ever breaks /dev/stdout again, give the machine it back.
	if [ ! -L /dev/stdout ]; then
		rm -f /dev/stdout
		ln -sf "$link_before" /dev/stdout
		note "/dev/stdout was replaced; restored -> $link_before" >&2
	fi
}
at_exit restore_stdout

is_policy() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "syscalls" in d' "$1"; }

# -o /dev/stdout with standard output a file: the file gets the policy,
# /dev/stdout stays the machine's symlink.
rc=0
"$SCLOG" run -q -o /dev/stdout -- /bin/true > "$T/out.json" 2> "$T/err" || rc=$?
[ -L /dev/stdout ] && [ "$(readlink /dev/stdout)" = "$link_before" ] ||
	fail "-o /dev/stdout replaced the /dev/stdout symlink: $(ls -l /dev/stdout)"
[ "$rc" = 0 ] || { cat "$T/err" >&2; fail "-o /dev/stdout > file: exit $rc"; }
is_policy "$T/out.json" || fail "-o /dev/stdout > file: the file did not get the policy"
pass "-o /dev/stdout > file fills the file; /dev/stdout is still a symlink"

# Same for --report, and through /dev/fd/N and /proc/self/fd/N.
"$SCLOG" run -q -o "$T/p.json" --report /dev/stdout -- /bin/true > "$T/rep.json" ||
	fail "--report /dev/stdout > file failed"
[ -L /dev/stdout ] || fail "--report /dev/stdout replaced the /dev/stdout symlink"
report_field "$T/rep.json" "r['complete']" > /dev/null || fail "--report /dev/stdout: no report in the file"
"$SCLOG" run -q -o /proc/self/fd/3 --report /dev/fd/4 -- /bin/true 3> "$T/fd3.json" 4> "$T/fd4.json" ||
	fail "-o /proc/self/fd/3 --report /dev/fd/4 failed"
is_policy "$T/fd3.json" || fail "-o /proc/self/fd/3: no policy in the file"
report_field "$T/fd4.json" "r['complete']" > /dev/null || fail "--report /dev/fd/4: no report in the file"
[ -L /dev/fd ] || [ ! -e /dev/fd ] || fail "/dev/fd was replaced"
pass "--report /dev/stdout, -o /proc/self/fd/3 and --report /dev/fd/4 fill the caller's files"

# The caller's own descriptor is written, as with -o -: the command's
# output comes first, and >> appends.
echo "first line" > "$T/log"
"$SCLOG" run -q -o /dev/stdout -- echo "command output" >> "$T/log" || fail "-o /dev/stdout >> log failed"
[ "$(sed -n 1p "$T/log")" = "first line" ] && [ "$(sed -n 2p "$T/log")" = "command output" ] ||
	{ head -3 "$T/log" >&2; fail "-o /dev/stdout >> log: the earlier lines were overwritten"; }
tail -n +3 "$T/log" | python3 -c 'import json,sys; json.load(sys.stdin)' ||
	fail "-o /dev/stdout >> log: the policy is not appended after the command's output"
pass "-o /dev/stdout >> log appends after the command's output"

# Through a pipe.
"$SCLOG" run -q -o /dev/stdout -- /bin/true | python3 -c 'import json,sys; json.load(sys.stdin)' ||
	fail "-o /dev/stdout | reader: the reader got no policy"
pass "-o /dev/stdout | reader"

# The caller's own relative symlink, in the working directory and in a
# subdirectory, is followed to its target, which gets the policy; the link
# stays a link.
mkdir "$T/d" "$T/d/sub"
ln -s target.json "$T/d/link.json"
ln -s ../target2.json "$T/d/sub/link2.json"
rc=0
(cd "$T/d" && "$SCLOG" run -q -o link.json --report sub/link2.json -- /bin/true) 2> "$T/err" || rc=$?
[ "$rc" = 0 ] || { cat "$T/err" >&2; fail "-o link.json (own relative symlink): exit $rc"; }
[ -L "$T/d/link.json" ] && [ -L "$T/d/sub/link2.json" ] || fail "-o link.json: the link was replaced"
is_policy "$T/d/target.json" || fail "-o link.json: the target did not get the policy"
report_field "$T/d/target2.json" "r['complete']" > /dev/null || fail "--report sub/link2.json: the target did not get the report"
pass "-o link.json and --report sub/link2.json (relative links) write their targets"

# Standard output named twice, as "-" and as /dev/stdout, is one file.
rc=0
"$SCLOG" run -q -o /dev/stdout --report - -- /bin/true > "$T/twice" 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q "same file" "$T/err" || { cat "$T/err" >&2; fail "-o /dev/stdout --report - > file: exit $rc"; }
pass "-o /dev/stdout --report - is one file named twice (exit 125)"
