#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `--container --backend bpf` for a daemon's container tracks the process
# the kernel names in the execve notification of the handed-over listener,
# never the pid of the runtime's message.  A `ctr` that lies
# (fake_ctr.py, first on PATH) hands sclog the listener of a filter of its
# own, with a state whose pid names a victim: another process, under a
# filter of its own, calling getppid in a loop while the recording runs.
#   * the profile has no getppid (the victim was not tracked), and has the
#     execve of the filter's process (it was);
#   * positive control: the same, with the filter's own process calling
#     getppid after its execve: getppid is in the profile, so the test sees
#     a victim's calls when they are counted;
#   * in a pid namespace of its own sclog refuses (125) before the runtime
#     starts.
. "$(dirname "$0")/lib.sh"
require_root
: "${SCLOG:?SCLOG must point to the sclog binary}"
"$SCLOG" run -q --backend bpf -o /dev/null -- /bin/true 2> "$T/bpf.err" ||
	skip "the bpf collector cannot work here: $(head -c 300 "$T/bpf.err")"
mkdir -p "$T/bin"
printf '#!/bin/sh\nexec python3 %s "$FAKE_MODE" "$@"\n' "$(cd "$(dirname "$0")" && pwd)/fake_ctr.py" > "$T/bin/ctr"
chmod 755 "$T/bin/ctr"

for mode in other self; do
	FAKE_MODE=$mode PATH=$T/bin:$PATH _rt_io "$T/$mode" timeout -k 5 60 "$SCLOG" run --container \
		--backend bpf -o "$T/$mode.json" --report "$T/$mode.report.json" -- ctr run img liar
	[ "$(cat "$T/$mode.rc")" = 0 ] && [ -s "$T/$mode.json" ] || fail "$mode: $(rt_show "$T/$mode")"
done
names() { report_field "$1" '" ".join(sorted({s["name"] for s in r["syscalls"]}))'; }
other=$(names "$T/other.report.json")
self=$(names "$T/self.report.json")
case " $other " in *" execve "*) ;; *) fail "hostile peer: the filter's process was not tracked: $other" ;; esac
case " $other " in *" getppid "*) fail "hostile peer: the victim named by the message's pid was counted: $other" ;; esac
case " $self " in *" getppid "*) ;; *) fail "positive control: getppid of the tracked process not counted: $self" ;; esac
pass "a lying runtime's pid is not tracked (no getppid of the victim; $(echo "$other" | wc -w) syscalls of the filter's own process, execve among them); positive control: the tracked process's getppid counted"

# Outside the host's pid namespace the notification's pid is not the
# program's: refused before the runtime starts.
command -v unshare > /dev/null || skip "no unshare: the pid namespace case is untested"
FAKE_MODE=self PATH=$T/bin:$PATH _rt_io "$T/ns" timeout -k 5 60 unshare -pf --mount-proc \
	"$SCLOG" run --container --backend bpf -o "$T/ns.json" -- ctr run img liar
[ "$(cat "$T/ns.rc")" = 125 ] && grep -q "host's pid namespace" "$T/ns.err" && [ ! -e "$T/ns.json" ] ||
	fail "in a pid namespace of its own: $(rt_show "$T/ns")"
pass "in a pid namespace of its own: refused (125) before the runtime started"
