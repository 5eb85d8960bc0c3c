#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The fish completion parses (fish -n) and completes verbs, option values
# and files (fish's own `complete -C`).
. "$(dirname "$0")/lib.sh"

require_tool fish
fish -n "$SRCDIR/completions/sclog.fish" || fail "fish -n: syntax error"
pass "fish -n"

mkdir -p "$T/bin" "$T/files"
ln -s "$SCLOG" "$T/bin/sclog"
touch "$T/files/seccomp.json"
fc() { HOME=$T PATH="$T/bin:$PATH" fish --no-config -c "source '$SRCDIR/completions/sclog.fish'; complete -C '$1'" | cut -f1; }
# Negative control: without the script fish knows no sclog verbs.
! HOME=$T PATH="$T/bin:$PATH" fish --no-config -c "complete -C 'sclog ex'" | grep -qx export ||
	fail "control: fish completes sclog without the script"
[ "$(fc 'sclog ex')" = export ] || fail "sclog ex<TAB>: $(fc 'sclog ex')"
fc 'sclog export --format ' | grep -qx bpf || fail "--format values: $(fc 'sclog export --format ')"
[ "$(fc 'sclog run --for cr')" = crun ] || fail "--for cr<TAB>: $(fc 'sclog run --for cr')"
fc 'sclog check --' | grep -qx -- --policy || fail "check options"
[ "$(fc "sclog check -p $T/files/sec")" = "$T/files/seccomp.json" ] || fail "files: $(fc "sclog check -p $T/files/sec")"
pass "fish: verbs, options, --format, --for and files"
