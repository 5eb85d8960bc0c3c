#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Portable errors for fallback syscalls (policies/fallbacks.json): glibc
# tries clone3 and statx first and falls back to clone and newfstatat only on
# ENOSYS.  A profile recorded where the older call was used (simulated: the
# host's profile with the newer call replaced by the older one) must run
# where the newer libc tries the newer call.  Policies written by sclog
# return ENOSYS for it: the workload runs under `sclog enforce`, crun and
# runc with both noNewPrivileges settings.  Negative control: the same
# policy written with --no-enosys (plain EPERM) fails, with the libc's own
# error ("can't start new thread", "Operation not permitted").
. "$(dirname "$0")/lib.sh"
require_root
require_sclog for
export SCLOG_DATADIR=$(dirname "$RUNTIMES_JSON")
[ -f "$SCLOG_DATADIR/fallbacks.json" ] || skip "no fallbacks.json beside $RUNTIMES_JSON"
mapfile -t rts < <(rt_runtimes)

# fallback_pair NAME NEW OLD ERROR -- ARGS...
fallback_pair() {
	local name=$1 new=$2 old=$3 error=$4 rt nnp b r pol
	shift 4
	[ "$1" = -- ] && shift
	rt_host "$T/$name.host" / -- "$@"
	[ "$(cat "$T/$name.host.rc")" = 0 ] && [ -s "$T/$name.host.out" ] ||
		fail "$name does not work on the host: $(rt_show "$T/$name.host")"
	for rt in enforce "${rts[@]}"; do
		pol=$T/$name-$rt
		rt_profile "$([ "$rt" = enforce ] && echo none || echo "$rt")" "$pol.json" / -- "$@"
		rt_names "$pol.json" > "$pol.names"
		grep -qx "$new" "$pol.names" ||
			skip "this libc does not call $new for $name: nothing to prove here"
		# What an older libc's profile looks like, as a tool without
		# ENOSYS rules writes it: OLD instead of NEW.
		rt_without "$pol.json" "$pol.old.json" "$new"
		rt_add "$pol.old.json" "$pol.old.json" "$old"
		"$RT_PY" - "$pol.old.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["syscalls"] = [r for r in p["syscalls"] if r.get("errnoRet") != 38]
json.dump(p, open(sys.argv[1], "w"), indent=2)
PY
		"$SCLOG" merge "$pol.old.json" -o "$pol.sclog.json" 2> "$pol.merge.err" ||
			fail "sclog merge: $(cat "$pol.merge.err")"
		grep -q "return ENOSYS.* $new" "$pol.merge.err" || fail "merge did not say it added $new: $(cat "$pol.merge.err")"
		"$SCLOG" merge --no-enosys "$pol.old.json" -o "$pol.plain.json"
		"$RT_PY" - "$pol.sclog.json" "$pol.plain.json" "$new" <<'PY' || fail "ENOSYS rules not as expected"
import json, sys
def enosys(f):
    return {n for r in json.load(open(f))["syscalls"] if r.get("errnoRet") == 38 for n in r["names"]}
assert sys.argv[3] in enosys(sys.argv[1]), enosys(sys.argv[1])
assert not enosys(sys.argv[2]), enosys(sys.argv[2])
PY
		rt_validate "$pol.sclog.json"
		if [ "$rt" = enforce ]; then
			_rt_io "$pol.run" env -C / -i "${RT_ENV[@]}" "$SCLOG" enforce -p "$pol.sclog.json" -- "$@"
			rt_same "$pol.run" "$T/$name.host" ||
				fail "$name under sclog enforce with the sclog policy: $(rt_show "$pol.run")"
			_rt_io "$pol.plain.run" env -C / -i "${RT_ENV[@]}" "$SCLOG" enforce -p "$pol.plain.json" -- "$@"
			! rt_same "$pol.plain.run" "$T/$name.host" && grep -q "$error" "$pol.plain.run.err" ||
				fail "$name under sclog enforce with plain EPERM for $new: $(rt_show "$pol.plain.run")"
			pass "$name under sclog enforce: works with ENOSYS for $new, fails with EPERM ($error)"
			continue
		fi
		b=$T/bundle-$name-$rt
		rt_bundle "$b"
		for nnp in true false; do
			rt_config "$b" "$pol.sclog.json" "$nnp" / "$T" -- "$@"
			r=$pol-$nnp
			rt_container "$rt" "$b" "$r"
			rt_same "$r" "$T/$name.host" ||
				fail "$name in $rt (noNewPrivileges $nnp) with the sclog policy: $(rt_show "$r")"
			rt_config "$b" "$pol.plain.json" "$nnp" / "$T" -- "$@"
			rt_container "$rt" "$b" "$r.plain"
			! rt_same "$r.plain" "$T/$name.host" && grep -q "$error" "$r.plain.err" ||
				fail "$name in $rt (noNewPrivileges $nnp) with plain EPERM for $new: $(rt_show "$r.plain")"
		done
		pass "$name in $rt, noNewPrivileges true and false: works with ENOSYS for $new, fails with EPERM ($error)"
	done
}

fallback_pair threads clone3 clone "can't start new thread" -- /usr/bin/python3 -c \
	'import threading; r = []; t = threading.Thread(target=r.append, args=(1,)); t.start(); t.join(); print("thread ran", r)'
fallback_pair stat statx newfstatat "Operation not permitted" -- /usr/bin/stat -c '%n %F' /usr
[ ${#rts[@]} -gt 0 ] || skip "proven under sclog enforce only: neither crun nor runc can run here"
