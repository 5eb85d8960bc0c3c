#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The engines' sets: docker and kubernetes use runc's (runtimes.json
# "uses"), podman has its own, measured through podman with crun and runc.
# A bare profile exported with `sclog export --for ENGINE` holds that set,
# and runs in the engine's default runtime (docker, kubernetes: runc;
# podman: crun) with noNewPrivileges false (the engines' default) with the
# host's output and status.  tests/containers/t_for_podman.sh runs the
# --for podman profile in real podman containers.
. "$(dirname "$0")/lib.sh"
require_root
require_sclog export
mapfile -t rts < <(rt_runtimes)
[ ${#rts[@]} -gt 0 ] || skip "neither crun nor runc is installed and usable here"
mkdir -p "$T/work"
printf 'b\na\n' > "$T/work/in.txt"
cat > "$T/work/script.sh" <<'SH'
#!/bin/sh
sort in.txt
( echo sub )
exit 6
SH
rt_host "$T/host" "$T/work" -- /bin/sh "$T/work/script.sh"
rt_profile none "$T/bare.json" "$T/work" -- /bin/sh "$T/work/script.sh"
rt_same "$T/bare.json.host" "$T/host" || fail "the workload under sclog run differs from the host"
RT_POLICIES+=("$T/bare.json")
for engine in docker podman kubernetes; do
	case $engine in podman) rt=crun ;; *) rt=runc ;; esac
	pol=$T/$engine.json
	SCLOG_DATADIR=$(dirname "$RUNTIMES_JSON") "$SCLOG" export --for "$engine" "$T/bare.json" -o "$pol" 2> "$T/$engine.err" ||
		fail "sclog export --for $engine: $(cat "$T/$engine.err")"
	RT_POLICIES+=("$pol")
	rt_names "$pol" > "$pol.names"
	rt_runtime_set "$engine" > "$T/$engine.set"
	missing=$(comm -23 "$T/$engine.set" "$pol.names" | tr '\n' ' ')
	[ -z "$missing" ] || fail "sclog export --for $engine lacks $engine's $missing"
	if ! grep -qx "$rt" <<< "$(printf '%s\n' "${rts[@]}")"; then
		note "$rt is not usable here: the $engine policy is not run"
		continue
	fi
	b=$T/bundle-$engine
	rt_bundle "$b"
	rt_config "$b" "$pol" false "$T/work" "$T" -- /bin/sh "$T/work/script.sh"
	rt_container "$rt" "$b" "$T/$engine-run"
	rt_same "$T/$engine-run" "$T/host" || fail "the --for $engine policy in $rt: $(rt_show "$T/$engine-run")"
	pass "sclog export --for $engine adds $engine's set; the policy runs the workload in $rt (noNewPrivileges false) as on the host"
done
rt_validate "${RT_POLICIES[@]}"
