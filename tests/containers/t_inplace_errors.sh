#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# What `sclog run --container` refuses, with exit status 125, a message that
# says why and what to use instead, nothing started and nothing left behind:
# docker run against a daemon older than Docker Engine 23 (it would drop
# the listener; a client of our own plays that daemon's answer), a runtime
# sclog does not know, a runtime verb other than run, a bundle without config.json, a
# config.json that is not JSON; and --for with --container.
. "$(dirname "$0")/inplace.sh"
require_root
require_sclog
grep -q -- '--container' <<< "$("$SCLOG" run --help 2>&1)" || skip "sclog run has no --container yet"
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR" "$T/empty-bundle" "$T/bad-bundle"
echo '{"ociVersion": ' > "$T/bad-bundle/config.json"

# refused WHAT MESSAGE -- ARGS...: sclog ARGS exits 125, says MESSAGE, starts
# nothing (the marker file stays absent) and leaves no temporary directory.
refused() {
	local what=$1 msg=$2
	shift 2
	[ "$1" = -- ] && shift
	_rt_io "$T/refused" "$SCLOG" "$@"
	[ "$(cat "$T/refused.rc")" = 125 ] || fail "$what: exit $(cat "$T/refused.rc"), not 125: $(rt_show "$T/refused")"
	grep -qF -- "$msg" "$T/refused.err" || fail "$what: the message lacks '$msg': $(cat "$T/refused.err")"
	[ ! -e "$T/started" ] || fail "$what: the command was started"
	[ -z "$(ls -A "$TMPDIR")" ] || fail "$what: left $(ls "$TMPDIR") behind"
	pass "$what: exit 125, $(head -c 160 "$T/refused.err" | tr '\n' ' ')"
}

# An old daemon, as its client reports it: every other call of the client
# would start something (the marker).
mkdir -p "$T/old"
printf '#!/bin/sh\n[ "$1" = version ] && { echo 20.10.24; exit 0; }\ntouch "%s"\n' "$T/started" > "$T/old/docker"
chmod +x "$T/old/docker"
refused "docker run, Docker 20.10" "Docker Engine 20.10.24: --container -- docker run needs Docker Engine 23" -- run --container -o "$T/p.json" -- "$T/old/docker" run --rm debian true
refused "docker container run, Docker 20.10" "Record the same image with 'podman run'" -- run --container -- "$T/old/docker" container run debian true
refused "an unknown runtime" "'podman run', 'docker run', 'crun run', 'runc run' and 'ctr run'" -- run --container -- touch "$T/started"
refused "crun create" "must be created and started by the command" -- run --container -- crun create -b "$T/empty-bundle" c1
refused "runc run without an id" "needs a container id" -- run --container -- runc run -b "$T/empty-bundle"
refused "a bundle without config.json" "$T/empty-bundle is not a bundle: it has no config.json" -- run --container -- runc run -b "$T/empty-bundle" c1
refused "a config.json that is not JSON" "config.json:2:1: malformed JSON: unexpected end of input" -- run --container -- crun run -b "$T/bad-bundle" c1
refused "check, docker run, Docker 20.10" "needs Docker Engine 23" -- check --container --policy "$SRCDIR/policies/examples/true.json" -- "$T/old/docker" run debian true
refused "--for with --container" "leave out --for" -- run --container --for runc -- runc run -b "$T/empty-bundle" c1
[ ! -e "$T/p.json" ] || fail "a policy was written for a refused command"
