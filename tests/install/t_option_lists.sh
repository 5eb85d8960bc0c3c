#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# For every verb, `sclog VERB --help`, `sclog __complete options VERB` and
# the man page's OPTIONS list the same options (each name with its
# argument), as all three are made from the verb's option table.  The help
# and the man page are read as a reader sees them, by their layout, so an
# option written into either by hand, or left out of one, shows.
. "$(dirname "$0")/lib.sh"

MAN=${MAN_PAGE:-$BUILD_DIR/sclog.1}
[ -f "$MAN" ] || fail "no man page at $MAN (it is built with sclog)"

# "-o, --output FILE" (a help line, a man page tag) -> "-o FILE", "--output FILE".
split_names() {
	awk '{
		n = split($0, w, ", "); arg = ""
		if (match(w[n], / /)) { arg = substr(w[n], RSTART); w[n] = substr(w[n], 1, RSTART - 1) }
		for (k = 1; k <= n; k++) print w[k] arg
	}'
}
# The options of VERB's --help: the lines that start with an option name,
# up to the two spaces before the text.
help_options() {
	"$SCLOG" "$1" --help | awk '/^ +-(-[a-z]|[a-zA-Z])/ {
		sub(/^ +/, ""); i = index($0, "  "); print i ? substr($0, 1, i - 1) : $0
	}' | split_names | sort
}
# The options the man page's OPTIONS give VERB: the tags of the subsections
# whose heading names it ("run and check") or every command.
man_options() {
	awk -v verb="$1" '
		/^\.SH / { in_options = $0 == ".SH OPTIONS"; next }
		!in_options { next }
		/^\.SS / { h = $0; sub(/^\.SS "?/, "", h); sub(/"$/, "", h)
			   gsub(/ and /, ", ", h); mine = h == "Every command"
			   n = split(h, v, ", "); for (k = 1; k <= n; k++) mine = mine || v[k] == verb
			   next }
		/^\.TP/ { tag = 1; next }
		tag { tag = 0; if (mine) { gsub(/\\f[BIPR]/, ""); gsub(/\\-/, "-"); print } }
	' "$MAN" | split_names | sort
}

verbs=$("$SCLOG" __complete verbs)
n=0
for v in $verbs; do
	complete=$("$SCLOG" __complete options "$v" | sort)
	if [ -z "$complete" ]; then
		# A verb without options: --help, if it has one, lists none.
		case $v in run | check | enforce | merge | diff | export | doctor) fail "$v: __complete lists no options" ;; esac
		continue
	fi
	help=$(help_options "$v")
	[ "$help" = "$complete" ] ||
		fail "$v: --help and __complete differ: $(diff <(echo "$help") <(echo "$complete") | grep '^[<>]' | tr '\n' ' ')"
	man=$(man_options "$v")
	[ "$man" = "$complete" ] ||
		fail "$v: the man page and __complete differ: $(diff <(echo "$man") <(echo "$complete") | grep '^[<>]' | tr '\n' ' ')"
	n=$((n + $(wc -l <<< "$complete")))
	pass "$v: $(wc -l <<< "$complete") option names, the same in --help, __complete and the man page"
done
[ "$n" -ge 40 ] || fail "only $n option names in all"

# Each option the man page details (by its long name) is an option of some verb.
all=$(for v in $verbs; do "$SCLOG" __complete options "$v"; done | awk '{ print $1 }' | sort -u)
detailed=$(awk '/^\.SH / { on = $0 == ".SH OPTIONS IN DETAIL"; next } on && /^\.TP/ { getline; print }' "$MAN" |
	sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
[ "$(wc -l <<< "$detailed")" -ge 8 ] || fail "the man page details only: $(echo $detailed)"
for opt in $detailed; do
	grep -qx -- "$opt" <<< "$all" || fail "the man page details $opt, which no verb has"
done
pass "the $(wc -l <<< "$detailed") options the man page details all exist"
