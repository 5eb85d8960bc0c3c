# SPDX-License-Identifier: GPL-2.0-only
# sclog run mirrors the command's status and uses 125/126/127 like env,
# timeout and docker run.
. "$(dirname "$0")/lib.sh"

expect() {
	local want=$1 what=$2; shift 2
	local got=0
	"$@" > "$T/out" 2> "$T/err" || got=$?
	[ "$got" = "$want" ] || { cat "$T/err" >&2; fail "$what: exit $got, want $want"; }
	pass "$what: exit $want"
}

# Usage errors need no privileges.
expect 125 "unknown option" "$SCLOG" run --bogus -- /bin/true
grep -q "unknown option '--bogus'" "$T/err" || fail "unknown option: no clear message"
expect 125 "missing command" "$SCLOG" run -o "$T/x.json"
grep -q "no command given" "$T/err" || fail "missing command: no clear message"
expect 125 "bad default action" "$SCLOG" run --default-action explode -- /bin/true
expect 125 "unknown verb" "$SCLOG" frobnicate
expect 0 "--help" "$SCLOG" --help
expect 0 "--version" "$SCLOG" --version
grep -qE '^sclog [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" || fail "--version output"
expect 127 "command not found" "$SCLOG" run -o "$T/x.json" -- sclog-no-such-command
grep -q "command not found" "$T/err" || fail "not found: no clear message"
printf '#!/bin/sh\nexit 0\n' > "$T/noexec"
chmod 0644 "$T/noexec"
expect 126 "not executable" "$SCLOG" run -o "$T/x.json" -- "$T/noexec"
expect 126 "a directory" "$SCLOG" run -o "$T/x.json" -- /
[ ! -e "$T/x.json" ] || fail "a policy was written although nothing ran"

require_kernel
expect 0 "success" "$SCLOG" run -q -o "$T/a.json" -- /bin/true
expect 7 "exit status" "$SCLOG" run -q -o "$T/a.json" -- /bin/sh -c 'exit 7'
expect 137 "killed by SIGKILL" "$SCLOG" run -q -o "$T/a.json" -- /bin/sh -c 'kill -KILL $$'
grep -qx kill <(policy_names "$T/a.json") || fail "the killed command's profile lacks kill"
pass "profile written for a killed command"
expect 126 "ENOEXEC (no shebang, not ELF)" bash -c "printf 'garbage\n' > '$T/garbage'; chmod +x '$T/garbage'; '$SCLOG' run -q -o '$T/g.json' -- '$T/garbage'"

# An unwritable output path fails before the command starts.
expect 125 "unwritable output" "$SCLOG" run -q -o "$T/no/such/dir/p.json" -- /bin/touch "$T/started"
[ ! -e "$T/started" ] || fail "the command started although the output path is unwritable"
grep -q "cannot write" "$T/err" || fail "unwritable output: no clear message"
pass "unwritable output refused before the command started"
