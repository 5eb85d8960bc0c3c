#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The bash completion: registered for sclog once sourced, and what a <TAB>
# gives for verbs, options, option values, files and the command after --.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/bin" "$T/files"
ln -s "$SCLOG" "$T/bin/sclog"
touch "$T/files/seccomp.json" "$T/files/second.json"

# complete WORDS...: the candidates bash offers for the last word, as the
# shell would compute them for the line WORDS<TAB>.
cat > "$T/complete.sh" << 'SCRIPT'
. "$SRCDIR/completions/sclog.bash"
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_sclog
printf '%s\n' "${COMPREPLY[@]}" | sort -u
SCRIPT
complete() { PATH="$T/bin:$PATH" SRCDIR=$SRCDIR bash --norc --noprofile "$T/complete.sh" "$@"; }
expect() { # WANT WORDS...
	local want=$1 got
	shift
	got=$(complete "$@" | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "'$*<TAB>' gave '$got', want '$want'"
	pass "'$*<TAB>' -> $got"
}

# Negative control: nothing is registered before the script is sourced.
! bash --norc --noprofile -c 'complete -p sclog' > /dev/null 2>&1 ||
	fail "control: sclog completion registered without the script"
reg=$(bash --norc --noprofile -c ". '$SRCDIR/completions/sclog.bash'; complete -p sclog")
grep -q -- '-F _sclog sclog$' <<< "$reg" || fail "complete -p sclog: $reg"
pass "complete -p sclog: $reg"

expect "export" sclog ex
expect "check" sclog ch
expect "bpf docker minijail oci spo systemd" sclog export --format ""
expect "crun" sclog run --for cr
expect "kill kill-process" sclog run --default-action kil
expect "--policy" sclog check --pol
expect "--default-action --drain-timeout" sclog run --d
expect "json text" sclog diff -f ""
expect "$T/files/seccomp.json $T/files/second.json" sclog check -p "$T/files/s"
expect "$T/files/seccomp.json" sclog export "$T/files/secc"
expect "listen" sclog lis
expect "--socket" sclog listen --so
expect "$T/files/seccomp.json" sclog listen --profile "$T/files/secc"
mkdir -p "$T/files/sdir"
expect "$T/files/sdir" sclog listen --dir "$T/files/s"
got=$(complete sclog run -o x -- tru)
grep -qx true <<< "$got" || fail "'sclog run -o x -- tru<TAB>' did not offer true: $got"
pass "the command after -- completes as a command"
