#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The zsh completion parses (zsh -n) and, in a real interactive zsh on a
# pseudo-terminal (zpty), completes `sclog ex<TAB>` to export and option
# values.
. "$(dirname "$0")/lib.sh"

require_tool zsh
zsh -n "$SRCDIR/completions/_sclog" || fail "zsh -n: syntax error"
pass "zsh -n"

mkdir -p "$T/bin" "$T/fpath"
ln -s "$SCLOG" "$T/bin/sclog"
cp "$SRCDIR/completions/_sclog" "$T/fpath/"
# Type each line with a <TAB> into an interactive zsh and have it print the
# edited buffer: compinit finds _sclog through $fpath.
cat > "$T/drive.zsh" << 'SCRIPT'
zmodload zsh/zpty
zpty -b z "PATH=$T/bin:\$PATH HOME=$T TERM=dumb zsh -f -i"
zpty -w z "fpath=($FP \$fpath); autoload -U compinit; compinit -u -D; PS1='> '"
zpty -w z 'print -r -- READY-$((6*7))'
zpty -r -m z out '*READY-42*' || exit 3
integer n=0
for line in "sclog ex" "sclog export --format sp" "sclog run --for cr"; do
	n+=1
	zpty -w -n z "$line"$'\t'"; print -r -- DONE-\$((100+$n))"$'\n'
	zpty -r -m z out "*DONE-10$n*" || exit 4
	print -r -- "$out"
done
zpty -d z
SCRIPT
mkdir "$T/empty"
cd "$T/empty" # no file named like a verb to complete instead
# drive FPATH-DIR: the echoed command lines into $T/lines, without the
# prompt, the bracketed-paste switches, and the space the completion added
# then took back (" \b") when ";" was typed.
drive() {
	FP=$1 T=$T timeout 60 zsh -f "$T/drive.zsh" > "$T/screen" 2>&1 ||
		{ cat -v "$T/screen"; fail "zsh driver failed"; }
	perl -pe 's/\r//g; s/\e\[\?2004[hl]//g; s/ \x08//g; s/.*> //' "$T/screen" > "$T/lines"
}
# Negative control: without _sclog in $fpath nothing completes to export.
drive "$T/empty"
! grep -aq "^sclog export *; print" "$T/lines" || fail "control: export completed without _sclog"
drive "$T/fpath"
check() { # TYPED WANT
	grep -aq -- "^$2 *; print -r -- DONE" "$T/lines" ||
		{ cat -v "$T/screen"; fail "zsh: '$1<TAB>' did not become '$2'"; }
	pass "zsh: '$1<TAB>' -> '$2'"
}
check "sclog ex" "sclog export"
check "sclog export --format sp" "sclog export --format spo"
check "sclog run --for cr" "sclog run --for crun"
