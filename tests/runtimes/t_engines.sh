#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The engines map to the runtimes they run containers with (runtimes.json
# "uses": docker -> runc, podman -> crun, kubernetes -> runc): a bare
# profile exported with `sclog export --for ENGINE` holds that runtime's own
# set, and runs in that runtime with noNewPrivileges false (Docker's and
# Kubernetes' default) with the host's output and status.
. "$(dirname "$0")/lib.sh"
need_root
need_sclog export
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
	rt=$("$RT_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["runtimes"][sys.argv[2]]["uses"])' "$RUNTIMES_JSON" "$engine")
	pol=$T/$engine.json
	SCLOG_DATADIR=$(dirname "$RUNTIMES_JSON") "$SCLOG" export --for "$engine" "$T/bare.json" -o "$pol" 2> "$T/$engine.err" ||
		fail "sclog export --for $engine: $(cat "$T/$engine.err")"
	RT_POLICIES+=("$pol")
	rt_names "$pol" > "$pol.names"
	rt_runtime_set "$rt" > "$T/$rt.set"
	missing=$(comm -23 "$T/$rt.set" "$pol.names" | tr '\n' ' ')
	[ -z "$missing" ] || fail "sclog export --for $engine lacks $rt's $missing"
	if ! printf '%s\n' "${rts[@]}" | grep -qx "$rt"; then
		note "$rt is not usable here: the $engine policy is not run"
		continue
	fi
	b=$T/bundle-$engine
	rt_bundle "$b"
	rt_config "$b" "$pol" false "$T/work" "$T" -- /bin/sh "$T/work/script.sh"
	rt_container "$rt" "$b" "$T/$engine-run"
	rt_same "$T/$engine-run" "$T/host" || fail "the --for $engine policy in $rt: $(rt_show "$T/$engine-run")"
	pass "sclog export --for $engine adds $rt's set; the policy runs the workload in $rt (noNewPrivileges false) as on the host"
done
rt_validate "${RT_POLICIES[@]}"
