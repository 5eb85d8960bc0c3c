#!/bin/sh
# Check the form of one or more patch series.
#
# Usage: check-series.sh SERIES_DIR...
#        KERNEL_TREE=/path/to/linux check-series.sh SERIES_DIR
#
# For each SERIES_DIR: the "series" file lists every *.patch of the
# directory exactly once, in numbered order (0001-, 0002-, ...), and every
# patch is a well-formed git format-patch mail: a From line, a Subject, a
# message body, a Signed-off-by before the "---" line, and a diff that git
# can parse.  With KERNEL_TREE set, the patches must also apply in order
# with "patch -p1" to that tree (only the files they touch are copied).
#
# Exit status: 0 if every check passed, 1 otherwise, 2 on usage errors.
set -u

if [ $# -eq 0 ]; then
	echo "usage: check-series.sh SERIES_DIR..." >&2
	exit 2
fi

errors=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
	echo "check-series: $*" >&2
	errors=$((errors + 1))
}

# Print the commit message body of a format-patch mail: the lines after
# the header block and before the "---" line, minus trailers.
message_body() {
	awk '
		!in_body && /^$/ { in_body = 1; next }
		in_body && /^---$/ { exit }
		in_body && !/^[A-Za-z-]+-by: / && !/^[[:space:]]*$/ { print }
	' "$1"
}

check_patch() {
	p=$1
	name=$(basename "$p")

	head -n 1 "$p" | grep -q '^From [0-9a-f]\{40\} ' ||
		fail "$name: does not start with a git format-patch From line"
	grep -q '^From: .*<.*@.*>' "$p" || fail "$name: no From: author"
	subject=$(sed -n 's/^Subject: \(\[PATCH[^]]*\] \)\{0,1\}//p' "$p" |
		head -n 1)
	[ -n "$subject" ] || fail "$name: no subject"
	[ -n "$(message_body "$p")" ] || fail "$name: no commit message body"
	awk '/^---$/ { exit } /^Signed-off-by: .+ <.+@.+>$/ { found = 1 }
	     END { exit !found }' "$p" ||
		fail "$name: no Signed-off-by before the --- line"
	grep -q '^diff --git a/' "$p" || fail "$name: contains no diff"
	# Outside any repository, so that git's ownership checks of the
	# enclosing work tree cannot get in the way.
	(cd "$scratch" && git apply --numstat) < "$p" > /dev/null 2>&1 ||
		fail "$name: git cannot parse the diff (corrupt patch)"
}

apply_series() {
	dir=$1
	tree=$2
	tmp=$(mktemp -d)
	# Copy only the files the series touches, then apply in order.
	for p in $(grep -v -e '^#' -e '^[[:space:]]*$' "$dir/series"); do
		sed -n 's|^--- a/||p' "$dir/$p"
	done | sort -u | while read -r f; do
		if [ -f "$tree/$f" ]; then
			mkdir -p "$tmp/$(dirname "$f")"
			cp "$tree/$f" "$tmp/$f"
		fi
	done
	for p in $(grep -v -e '^#' -e '^[[:space:]]*$' "$dir/series"); do
		if ! patch -p1 --batch --forward --silent -d "$tmp" \
			< "$dir/$p" > "$tmp/.patch.log" 2>&1; then
			fail "$p: does not apply to $tree after the patches before it"
			sed 's/^/    /' "$tmp/.patch.log" >&2
			break
		fi
	done
	rm -rf "$tmp"
}

for dir in "$@"; do
	dir=${dir%/}
	before=$errors
	if [ ! -f "$dir/series" ]; then
		fail "$dir: no series file"
		continue
	fi
	listed=$(grep -v -e '^#' -e '^[[:space:]]*$' "$dir/series")
	[ -n "$listed" ] || fail "$dir/series: lists no patches"

	n=0
	for p in $listed; do
		n=$((n + 1))
		want=$(printf '%04d-' "$n")
		case $p in
		"$want"*) ;;
		*) fail "$dir/series: entry $n is $p, expected $want..." ;;
		esac
		if [ -f "$dir/$p" ]; then
			check_patch "$dir/$p"
		else
			fail "$dir/series: $p does not exist"
		fi
	done

	for f in "$dir"/*.patch; do
		[ -e "$f" ] || continue
		printf '%s\n' "$listed" | grep -qxF "$(basename "$f")" ||
			fail "$dir: $(basename "$f") is not listed in series"
	done

	if [ -n "${KERNEL_TREE:-}" ]; then
		if [ -d "$KERNEL_TREE" ]; then
			apply_series "$dir" "$KERNEL_TREE"
		else
			fail "KERNEL_TREE=$KERNEL_TREE is not a directory"
		fi
	fi

	if [ "$errors" -eq "$before" ]; then
		echo "check-series: $dir: $n patches OK"
	fi
done

[ "$errors" -eq 0 ] || exit 1
exit 0
