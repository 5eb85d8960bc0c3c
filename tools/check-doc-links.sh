#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every relative link of README.md and docs/*.md must lead somewhere: the
# file (or directory) must exist, and a #fragment must be a heading of the
# page it points into, spelled as GitHub spells heading anchors. Links to
# web addresses are not followed. Prints each dead link; exits 1 if any.
#   tools/check-doc-links.sh [SRCDIR]     (default: the tree this script is in)
set -euo pipefail
export LC_ALL=C
SRCDIR=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$SRCDIR"

# The text of a markdown file without fenced code blocks and inline code,
# where a "](x)" is not a link.
prose() {
	awk '/^[ \t]*```/ { f = !f; next } !f' "$1" | sed 's/`[^`]*`//g'
}

# The anchors GitHub gives a page's headings: lower case, punctuation
# dropped, spaces made hyphens; a repeated one gets -1, -2...
anchors() {
	awk '/^[ \t]*```/ { f = !f; next } !f && /^#+ /' "$1" |
		sed 's/^#* *//; s/ *#* *$//' | tr 'A-Z' 'a-z' |
		sed 's/[^a-z0-9 _-]//g; s/ /-/g' |
		awk '{ n = seen[$0]++; print n ? $0 "-" n : $0 }'
}

# Each page's anchors, computed once.
declare -A cache
has_anchor() { # FILE ANCHOR
	[ -n "${cache[$1]+set}" ] || cache[$1]=$'\n'$(anchors "$1")$'\n'
	[[ ${cache[$1]} == *$'\n'"$2"$'\n'* ]]
}

dead=0
for page in README.md docs/*.md; do
	dir=$(dirname "$page")
	while IFS= read -r target; do
		case $target in
		http://* | https://* | mailto:*) continue ;;
		esac
		path=${target%%#*}
		frag=
		[ "$path" = "$target" ] || frag=${target#*#}
		file=$page
		[ -z "$path" ] || file=$dir/$path
		if [ ! -e "$file" ]; then
			echo "$page: ($target): no such file: $file"
			dead=$((dead + 1))
		elif [ -n "$frag" ] && ! has_anchor "$file" "$frag"; then
			echo "$page: ($target): no heading with anchor #$frag in $file"
			dead=$((dead + 1))
		fi
	done < <(prose "$page" | grep -o '\]([^) ]*)' | sed 's/^](//; s/)$//')
done
if [ "$dead" != 0 ]; then
	echo "$dead dead link(s)"
	exit 1
fi
echo "every relative link of README.md and docs/*.md resolves"
