#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A lone binary: a static sclog copied on its own (to an old machine, an
# embedded board, an initramfs) runs with the tables compiled into it, and
# its report says so.  The copy sits in an empty directory with no
# share/sclog beside it, SCLOG_DATADIR is unset, the current directory is
# empty, and the source tree's policies/ is hidden under an empty tmpfs.
. "$(dirname "$0")/lib.sh"
: "${CMAKE:?}" "${BUILD_DIR:?}"

require_root "sclog run with the audit collector, a private mount namespace"
require_tool unshare

# A static build (SCLOG_STATIC), kept between runs; the normal binary when
# the static libraries are missing.
static=$BUILD_DIR/tests/install/static
if "$CMAKE" -S "$SRCDIR" -B "$static" -DSCLOG_STATIC=ON -DSCLOG_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo > "$T/static.log" 2>&1 &&
	"$CMAKE" --build "$static" -j2 --target sclog >> "$T/static.log" 2>&1; then
	bin=$static/sclog
	echo "static build: $bin"
else
	tail -5 "$T/static.log"
	echo "no static build (static libseccomp, libaudit, libjson-c, libcap-ng missing?):" \
		"the normal binary instead"
	bin=$SCLOG
fi

mkdir -p "$T/lone/bin" "$T/empty"
cp "$bin" "$T/lone/bin/sclog"
cp "$POLICY" "$T/lone/true.json"

# lone CMD...: run CMD from the empty directory, the source tree's data out
# of reach.
lone() {
	(cd "$T/empty" && env -u SCLOG_DATADIR unshare -m sh -c \
		'mount --make-rprivate / && mount -t tmpfs none "$0/policies" && exec "$@"' \
		"$SRCDIR" "$@")
}

lone "$T/lone/bin/sclog" run -o - -- /bin/true > "$T/run.json" 2> "$T/run.err" ||
	fail "sclog run -o - -- /bin/true: $(cat "$T/run.err")"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))["syscalls"]' "$T/run.json" ||
	fail "no policy on stdout"
pass "a lone sclog runs: sclog run -o - -- /bin/true"

lone "$T/lone/bin/sclog" run -q --for runc --args -o "$T/for.json" --report "$T/for-report.json" \
	-- /bin/true 2> "$T/for.err" || fail "sclog run --for runc --args: $(cat "$T/for.err")"
for table in runtimes.json fallbacks.json args.json; do
	src=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["data_files"].get(sys.argv[2]))' \
		"$T/for-report.json" "$table")
	[ "$src" = embedded ] || fail "the report says $table came from $src, not embedded"
done
grep -q '"arguments"' "$T/for-report.json" || fail "--args recorded nothing"
pass "--for runc and --args use the compiled-in tables, and the report says so"

lone "$T/lone/bin/sclog" export --for runc "$T/lone/true.json" -o "$T/export.json" \
	2> "$T/export.err" || fail "sclog export --for runc: $(cat "$T/export.err")"
grep -q "added .* syscalls for runc" "$T/export.err" || fail "export --for added nothing"
lone "$T/lone/bin/sclog" __complete values run --for > "$T/complete.txt" 2>&1 ||
	fail "completion of --for: $(cat "$T/complete.txt")"
grep -qx runc "$T/complete.txt" || fail "completion of --for does not list runc"
pass "export --for and the completion of --for use the compiled-in runtimes"

printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["open","read"],"action":"SCMP_ACT_ALLOW"}]}' > "$T/lone/open.json"
lone "$T/lone/bin/sclog" export --arch aarch64 "$T/lone/open.json" -o "$T/a64.json" 2> "$T/a64.err" ||
	fail "sclog export --arch aarch64: $(cat "$T/a64.err")"
grep -q 'sclog:   open -> openat' "$T/a64.err" && grep -q '"openat"' "$T/a64.json" ||
	fail "export --arch did not translate open: $(cat "$T/a64.err")"
pass "export --arch aarch64 uses the compiled-in arch-translate.json"

# A file beside the binary still overrides the compiled-in table.
mkdir -p "$T/lone/share/sclog"
python3 - "$SRCDIR/policies/fallbacks.json" "$T/lone/share/sclog/fallbacks.json" <<'PY'
import json, sys
json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"))
PY
lone "$T/lone/bin/sclog" run -q -o /dev/null --report "$T/over.json" -- /bin/true \
	2> "$T/over.err" || fail "with share/sclog beside it: $(cat "$T/over.err")"
[ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["data_files"]["fallbacks.json"])' \
	"$T/over.json")" = "$T/lone/bin/../share/sclog/fallbacks.json" ] ||
	fail "share/sclog beside the binary does not override: $(cat "$T/over.json")"
pass "../share/sclog beside the binary overrides the compiled-in table"
