#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# What `sclog __complete` offers (and so every shell completion) is what the
# code accepts: each verb dispatches, each option is accepted by its verb's
# parser, each value of --default-action, --format and --for works.  A
# made-up option must be refused, or this test could not fail.
. "$(dirname "$0")/lib.sh"

verbs=$("$SCLOG" __complete verbs)
for v in run check enforce merge diff export doctor; do
	grep -qx "$v" <<< "$verbs" || fail "verb $v missing from __complete verbs"
done
# Every command of `sclog --help` is a completed verb, and the reverse.
help_verbs=$("$SCLOG" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]\+\).*/\1/p' | sort)
[ "$help_verbs" = "$(sort <<< "$verbs")" ] ||
	fail "verbs of --help ($(echo $help_verbs)) and __complete ($(echo $verbs)) differ"
pass "verbs: $(echo $verbs)"

sample() { # VERB OPTION METAVAR: a valid argument
	case $3 in
	SECS) echo 1 ;;
	BOUNDARY) echo ready ;;
	BYTES) echo 65536 ;;
	ACT | FMT | COLLECTOR) "$SCLOG" __complete values "$1" "$2" | head -n 1 ;;
	*) echo x ;;
	esac
}
n=0
for v in $verbs; do
	while read -r opt metavar; do
		[ -n "$opt" ] || continue
		args=("$opt")
		[ -z "$metavar" ] || args+=("$(sample "$v" "$opt" "$metavar")")
		"$SCLOG" "$v" "${args[@]}" --help > "$T/out" 2> "$T/err" ||
			fail "sclog $v ${args[*]} --help: $(cat "$T/err")"
		grep -q '^Usage: sclog' "$T/out" || fail "sclog $v ${args[*]} --help printed no usage"
		n=$((n + 1))
	done < <("$SCLOG" __complete options "$v")
done
[ "$n" -ge 30 ] || fail "only $n options offered"
rc=0
"$SCLOG" run --no-such-option --help > /dev/null 2>&1 || rc=$?
[ "$rc" = 125 ] || fail "control: a made-up option was accepted (exit $rc)"
pass "$n options, each accepted by its verb's parser; a made-up one refused"

for a in $("$SCLOG" __complete values run --default-action); do
	"$SCLOG" run --default-action "$a" --help > /dev/null || fail "--default-action $a refused"
done
grep -qx kill-process <("$SCLOG" __complete values run --default-action) || fail "no kill-process"
for f in $("$SCLOG" __complete values check --format); do
	"$SCLOG" check --format "$f" --help > /dev/null || fail "check --format $f refused"
done
for f in $("$SCLOG" __complete values diff --format); do
	rc=0
	"$SCLOG" diff --format "$f" "$POLICY" "$POLICY" > /dev/null || rc=$?
	[ "$rc" = 0 ] || fail "diff --format $f exited $rc"
done
formats=$("$SCLOG" __complete values export --format)
for f in $formats; do
	"$SCLOG" export --format "$f" -o "$T/out.$f" "$POLICY" 2> "$T/err" ||
		fail "export --format $f: $(cat "$T/err")"
done
[ "$(echo $formats)" = "oci docker spo minijail systemd bpf" ] || fail "export formats: $(echo $formats)"
runtimes=$("$SCLOG" __complete values run --for)
for r in $runtimes; do
	"$SCLOG" export --for "$r" "$POLICY" > /dev/null 2> "$T/err" || fail "--for $r: $(cat "$T/err")"
done
grep -qx crun <<< "$runtimes" || fail "crun not among the runtimes"
rc=0
"$SCLOG" __complete values run --output > /dev/null || rc=$?
[ "$rc" = 1 ] || fail "--output has no fixed values, yet __complete said $rc"
pass "values: actions, formats ($(echo $formats)), runtimes ($(echo $runtimes)) all work"
