# SPDX-License-Identifier: GPL-2.0-only
# The attack: the container's bundle (or podman's command line, or the
# environment) carries crun's run.oci.seccomp* annotations.
# run.oci.seccomp_bpf_data makes crun load other BPF instead of the
# recording profile: 0 records, "complete", exit 0.  seccomp.receiver and
# seccomp.plugins hand the listener to someone else.  sclog must leave them
# out (warning, report's container.left_out) and record the container.
# And whatever else keeps the program from running under the recording
# profile (here a "crun" that ignores linux.seccomp), a run without the
# workload's execve recorded is incomplete.
. "$SRCDIR/tests/containers/inplace.sh"
report_field() { python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
require_root
require_tool crun
rt_usable crun || skip "crun cannot run a container here"
# Another user's program would do; an allow-everything filter is enough.
BPF_ALLOW=$(python3 -c 'import base64, struct; print(base64.b64encode(struct.pack("<HBBI", 6, 0, 0, 0x7fff0000)).decode())')

b=$T/bundle
rt_bundle "$b"
rt_config "$b" none true / "" -- /bin/true
python3 - "$b/config.json" "$BPF_ALLOW" "$T/receiver.sock" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["annotations"] = {"run.oci.seccomp_bpf_data": sys.argv[2],
                    "run.oci.seccomp.receiver": sys.argv[3],
                    "run.oci.seccomp.plugins": "/nonexistent/plugin.so",
                    "org.example.kept": "1"}
json.dump(c, open(sys.argv[1], "w"))
PY
for be in audit notify; do
	export RUN_OCI_SECCOMP_RECEIVER=$T/env-receiver.sock
	ct_exec crun "$T/$be" -- "$SCLOG" run -q --backend "$be" -o "$T/$be.json" --report "$T/$be.report.json" \
		--container -- crun --root "$T/state" --cgroup-manager=disabled run -b "$b" "c-$be"
	unset RUN_OCI_SECCOMP_RECEIVER
	[ "$(cat "$T/$be.rc")" = 0 ] || fail "$be: exit $(cat "$T/$be.rc"): $(rt_show "$T/$be")"
	for a in run.oci.seccomp_bpf_data run.oci.seccomp.receiver run.oci.seccomp.plugins RUN_OCI_SECCOMP_RECEIVER; do
		grep -q "warning: .*$a.* left out" "$T/$be.err" || fail "$be: no warning that $a is left out: $(cat "$T/$be.err")"
		[ "$(report_field "$T/$be.report.json" "'$a' in r['container']['left_out']")" = True ] ||
			fail "$be: the report's container.left_out lacks $a"
	done
	! grep -q org.example.kept "$T/$be.err" || fail "$be: an unrelated annotation was left out"
	[ "$(report_field "$T/$be.report.json" 'r["complete"] and r["container"]["exec_seen"]')" = True ] ||
		fail "$be: the report is not complete, or the workload's execve was not seen: $(cat "$T/$be.report.json")"
	rt_names "$T/$be.json" > "$T/$be.names"
	grep -qx execve "$T/$be.names" || fail "$be: the profile lacks the workload's execve"
	pass "$be: run.oci.seccomp* annotations and RUN_OCI_SECCOMP_RECEIVER left out, with a warning; $(wc -l < "$T/$be.names") syscalls recorded"
done

# podman's --annotation, when podman runs here.
if ct_podman_usable crun; then
	pb=$T/podman-rootfs
	rt_bundle "$pb"
	ct_podman crun
	ct_exec crun "$T/pod" -- "$SCLOG" run -q --backend audit -o "$T/pod.json" --report "$T/pod.report.json" \
		--container -- "${CT_PODMAN[@]}" run --rm --network none -v /usr:/usr:ro -v /etc:/etc:ro \
		--annotation "run.oci.seccomp_bpf_data=$BPF_ALLOW" --rootfs "$pb/rootfs" /bin/true
	[ "$(cat "$T/pod.rc")" = 0 ] || fail "podman: exit $(cat "$T/pod.rc"): $(rt_show "$T/pod")"
	grep -q "warning: --annotation run.oci.seccomp_bpf_data=.* left out" "$T/pod.err" ||
		fail "podman: no warning that --annotation run.oci.seccomp_bpf_data is left out: $(cat "$T/pod.err")"
	[ "$(report_field "$T/pod.report.json" 'r["complete"] and r["container"]["exec_seen"]')" = True ] ||
		fail "podman: the report is not complete, or the workload's execve was not seen"
	pass "podman --annotation run.oci.seccomp_bpf_data: left out, the container recorded"
else
	note "podman cannot run a container here: its --annotation was not tried"
fi

# Anything else that keeps the program from its filter: a "crun" that
# ignores the bundle and runs the program unfiltered.
mkdir -p "$T/fake"
printf '#!/bin/sh\nexec /bin/true\n' > "$T/fake/crun"
chmod 755 "$T/fake/crun"
rc=0
"$SCLOG" run -q --backend audit -o "$T/fake.json" --report "$T/fake.report.json" --container -- \
	"$T/fake/crun" run -b "$b" c-fake 2> "$T/fake.err" || rc=$?
[ "$rc" = 125 ] || fail "a runtime that never loaded the recording profile: exit $rc, want 125: $(cat "$T/fake.err")"
grep -q "no execve was recorded" "$T/fake.err" || fail "no reason on stderr: $(cat "$T/fake.err")"
[ "$(report_field "$T/fake.report.json" 'r["complete"] == False and r["container"]["exec_seen"] == False')" = True ] ||
	fail "the report of a program that never ran under the recording profile says complete"
pass "a runtime that ignores linux.seccomp: incomplete (no execve recorded), exit 125"
