#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A Docker daemon that says it is Docker Engine 23 or later but drops the
# recording profile's listenerPath: bookworm's real 20.10 daemon
# (tests/containers/docker.sh) behind a client of the test's own that
# answers 23.0.0 to `docker version` and passes every other call to the
# real 20.10 client.  sclog must end the run by itself with 125, naming the
# cause, and leave no container running.  Run under `timeout`: before the
# fix, runc's init waited for ever under the recording profile and the run
# never ended (the negative control: the test then fails on the timeout).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/docker.sh"

require_sclog
ct_rootfs
dk_fetch bookworm
dk_start old
dk_image sclog-bullseye:test

# The client that claims 23: `version` anywhere before `run` is answered.
mkdir -p "$T/fake"
cat > "$T/fake/docker" <<-EOF
	#!/bin/sh
	for a in "\$@"; do
		case \$a in
		version) echo 23.0.0; exit 0 ;;
		run) break ;;
		esac
	done
	exec "${DK[0]}" "\$@"
EOF
chmod +x "$T/fake/docker"
fake=("$T/fake/docker" "${DK[@]:1}")
[ "$("${fake[@]}" version --format '{{.Server.Version}}')" = 23.0.0 ] || fail "the fake client"

limit=120
for rm in --rm ""; do
	t0=$(date +%s)
	_rt_io "$T/dropped" timeout -k 5 "$limit" "$SCLOG" run --container -o /dev/null \
		-- "${fake[@]}" run $rm --network none sclog-bullseye:test true
	t1=$(date +%s)
	rc=$(cat "$T/dropped.rc")
	[ "$rc" != 124 ] && [ "$rc" != 137 ] ||
		fail "docker run${rm:+ $rm}: the run did not end in ${limit}s (runc's init waits for ever): $(rt_show "$T/dropped")"
	[ "$rc" = 125 ] && grep -q "did not pass listenerPath" "$T/dropped.err" &&
		grep -q "Docker Engine 23" "$T/dropped.err" ||
		fail "docker run${rm:+ $rm}: not 125 naming the cause: $(rt_show "$T/dropped")"
	running=$("${DK[@]}" ps -q)
	[ -z "$running" ] || fail "docker run${rm:+ $rm}: containers left running: $running"
	pass "daemon claiming 23, dropping listenerPath, docker run${rm:+ $rm}: exit 125 in $((t1 - t0)) s, the cause named, no container running: $(grep -m1 'listenerPath' "$T/dropped.err" | head -c 200)"
done
