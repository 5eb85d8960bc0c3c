# SPDX-License-Identifier: GPL-2.0-only
# The exports read by their consumers (or by a checker of the consumer's
# documented format where the consumer cannot run here):
#   oci      the OCI runtime-spec schema (tests/unit/validate_schema.py);
#            crun and runc run them in tests/runtimes;
#   spo      the security-profiles-operator's SeccompProfile CRD schema
#            (../shared/data/spo-seccompprofile-crd, not in the repository);
#   systemd  `systemd-analyze verify` of a unit with the settings;
#   minijail tests/unit/minijail_check.py, minijail0(5)'s grammar (minijail
#            is not packaged in Debian).
# Each check has a negative control: a broken export must be refused.
# A consumer missing here makes the whole test skip (77) with the reason.
# Pure: no kernel, no root, so not this suite's lib.sh and its machine lock.
. "$(dirname "$0")/../lib.sh"
: "${SCLOG:?SCLOG must point to the sclog binary}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
D=$SRCDIR/tests/data/policies
CRD=${SCLOG_SPO_CRD:-$SRCDIR/../shared/data/spo-seccompprofile-crd/seccompprofile.yaml}
require_tool systemd-analyze
[ -f "$CRD" ] || skip "no SeccompProfile CRD at $CRD (see ../shared/data)"
/usr/bin/python3 -c 'import yaml, jsonschema' 2> /dev/null || skip "python3-yaml and python3-jsonschema are needed"
policies=(same-index denylist a b kill allowall multiarch)

# oci: the runtime-spec schema.
for p in "${policies[@]}"; do "$SCLOG" export --format oci "$D/$p.json" > "$T/$p.json"; done
rc=0; (cd "$T" && /usr/bin/python3 "$SRCDIR/tests/unit/validate_schema.py" "${policies[@]/%/.json}") || rc=$?
[ $rc = 0 ] || { [ $rc = 77 ] && skip "OCI schema not available"; } || fail "oci exports do not validate"
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":"read","action":"SCMP_ACT_ALLOW"}]}' > "$T/bad.json"
! /usr/bin/python3 "$SRCDIR/tests/unit/validate_schema.py" "$T/bad.json" > /dev/null 2>&1 || fail "the OCI schema check accepts anything"
pass "oci exports validate against the runtime-spec schema (a broken one does not)"

# spo: the CRD's openAPIV3Schema.
for p in "${policies[@]}"; do "$SCLOG" export --format spo "$D/$p.json" > "$T/$p.yaml" 2> /dev/null; done
(cd "$T" && /usr/bin/python3 "$SRCDIR/tests/unit/validate_spo.py" --crd "$CRD" "${policies[@]/%/.yaml}") ||
	fail "spo exports do not validate against the SeccompProfile CRD"
sed 's/errnoRet: \([0-9]*\)/errnoRet: "\1"/' "$T/denylist.yaml" > "$T/bad.yaml"
! /usr/bin/python3 "$SRCDIR/tests/unit/validate_spo.py" --crd "$CRD" "$T/bad.yaml" 2> /dev/null ||
	fail "the CRD check accepts a string errnoRet"
pass "spo exports validate against the SeccompProfile CRD (a string errnoRet does not)"

# systemd: systemd-analyze verify says nothing about the settings.
for p in "${policies[@]}"; do
	rc=0; "$SCLOG" export --format systemd "$D/$p.json" > "$T/$p.conf" 2> /dev/null || rc=$?
	[ $rc = 0 ] || continue
	{ printf '[Unit]\nDescription=sclog export test\n[Service]\nExecStart=/bin/true\n'; cat "$T/$p.conf"; } > "$T/sclog-$p.service"
	systemd-analyze verify "$T/sclog-$p.service" > "$T/verify" 2>&1 || fail "systemd-analyze verify $p: $(cat "$T/verify")"
	! grep -q "sclog-$p.service" "$T/verify" || fail "systemd-analyze complains about $p: $(cat "$T/verify")"
	[ $p = allowall ] || grep -q "^SystemCallFilter=" "$T/$p.conf" || fail "$p: no SystemCallFilter="
done
printf '[Service]\nExecStart=/bin/true\nSystemCallFilter=read || 1\n' > "$T/sclog-bad.service"
systemd-analyze verify "$T/sclog-bad.service" > "$T/verify" 2>&1 || true
grep -q "sclog-bad.service" "$T/verify" || fail "systemd-analyze says nothing about a broken filter"
pass "systemd exports pass systemd-analyze verify without a complaint (a broken one does not)"

# minijail: the grammar checker.
for p in "${policies[@]}"; do
	rc=0; "$SCLOG" export --format minijail "$D/$p.json" > "$T/$p.policy" 2> /dev/null || rc=$?
	[ $rc = 0 ] || { [ $p = denylist ] || [ $p = allowall ]; } || fail "minijail export of $p: exit $rc"
	[ $rc = 0 ] || continue
	/usr/bin/python3 "$SRCDIR/tests/unit/minijail_check.py" "$T/$p.policy" || fail "minijail export of $p is not valid"
done
printf 'read: 1\npersonality: arg0 == 0 || 1\n' > "$T/bad.policy"
! /usr/bin/python3 "$SRCDIR/tests/unit/minijail_check.py" "$T/bad.policy" 2> /dev/null || fail "the minijail checker accepts '|| 1'"
pass "minijail exports follow minijail0(5)'s grammar (the old '|| 1' form does not)"
