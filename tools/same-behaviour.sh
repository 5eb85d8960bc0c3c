#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs two sclog binaries on the same corpus and prints where their outputs
# differ: a check for changes meant to keep behaviour (refactors).  Each
# case's standard output, standard error and exit status are compared;
# the binary's own path is masked.  Recordings need root.
#   tools/same-behaviour.sh OLD-SCLOG NEW-SCLOG
set -u
old=$1 new=$2
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

cases=()
add() { cases+=("$*"); }
verbs="run check enforce merge diff export doctor"
add --help
add --version
add nosuchverb
for v in $verbs; do
	add "$v --help"
	add "__complete options $v"
	add "$v --no-such-option"
done
add "run -o '' -- true"
add "check -o '' -p $src/tests/data/policies/a.json -- true"
add "run"
add "check -- true"
add "export"
add "merge"
add "diff $src/tests/data/policies/a.json"
for p in "$src"/tests/data/policies/*.json "$src"/tests/data/bad-policies/*; do
	for f in oci docker spo minijail systemd; do
		add "export -f $f $p"
	done
	add "export -f bpf -o bpf.out $p"
	add "merge $p $src/tests/data/policies/a.json"
	add "diff $src/tests/data/policies/a.json $p"
done
add "export --for runc $src/tests/data/policies/a.json"
add "export --for podman -f docker $src/tests/data/policies/b.json"
if [ "$(id -u)" = 0 ]; then
	for b in audit notify; do
		add "run -q --backend $b -o - -- /bin/true"
		add "run -q --backend $b -o - -- /bin/sh -c 'exit 3'"
		add "run -q --backend $b -o - -- /nonexistent"
		add "check --backend $b -p $src/tests/data/policies/a.json -- /bin/true"
		add "enforce -p $src/tests/data/policies/allowall.json -- /bin/true"
	done
fi

run_one() { # binary, case, out-prefix
	(eval "\"$1\" $2") > "$3.out" 2> "$3.err" < /dev/null
	echo "exit $?" >> "$3.out"
	[ -f bpf.out ] && { cat bpf.out >> "$3.out"; rm -f bpf.out; }
	# The binary's path, and the pids of the recorded processes.
	sed -i -e "s|$1|SCLOG|g" -e "s/pid [0-9]*/pid N/g" "$3.out" "$3.err"
}

diffs=0
for i in "${!cases[@]}"; do
	c=${cases[$i]}
	run_one "$old" "$c" a
	run_one "$new" "$c" b
	if ! cmp -s a.out b.out || ! cmp -s a.err b.err; then
		diffs=$((diffs + 1))
		echo "== differs: sclog $c"
		diff -u a.out b.out | tail -n +3 | head -20
		diff -u a.err b.err | tail -n +3 | head -20
	fi
done
echo "same-behaviour: ${#cases[@]} cases, $diffs differ"
