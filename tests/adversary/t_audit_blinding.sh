# SPDX-License-Identifier: GPL-2.0-only
# A concurrent administrator blinds an audit-collector run in its middle and
# restores everything before its end, so that the start and the end look
# clean:
#   (a) an exclude rule for the command's seccomp records, added and removed;
#   (b) "log" taken out of actions_logged, and put back;
#   (c) a rate limit that drops the records of a syscall storm, the rate
#       limit restored, then `auditctl --reset-lost` (the lost counter is
#       back where it started).
# Each must end non-zero with `complete: false` and the reason among the
# problems. The command waits for the attacker at each step (files in $T),
# so every change is held for 2.5 s: longer than the 2 s between sclog's
# audit requests while other processes flood the socket with records (the
# window shorter than that is documented in docs/how-it-works.md). Machine-wide
# settings: the lock is held exclusively, and every one is restored on every
# path (auditctl -s, auditctl -l and actions_logged compared before/after).
. "$SRCDIR/tests/integration/lib.sh"
require_kernel
require_tool auditctl
machine_exclusive
[ "$(auditctl -l)" = "No rules" ] || skip "audit rules are already loaded on this machine; not touching them"

AL=/proc/sys/kernel/seccomp/actions_logged
saved_logged=$(cat "$AL")
saved_rate=$(auditctl -s | awk '$1 == "rate_limit" { print $2 }')
# The settings, without the counters that move by themselves.
settings() { auditctl -s | grep -Ev '^(lost|backlog|backlog_wait_time_actual) '; auditctl -l; cat "$AL"; }
settings > "$T/settings.before"
cp "$PROGS/distinct" "$T/target"
rule=(-F msgtype=SECCOMP -F "exe=$T/target")
restore() {
	auditctl -d exclude,always "${rule[@]}" > /dev/null 2>&1 || true
	echo "$saved_logged" > "$AL"
	auditctl -r "$saved_rate" > /dev/null
}
at_exit restore

# The command: tell the attacker it runs, wait for "go", make the calls the
# attack is about, tell it, wait for "done".  It exits 0.
cmd() {
	printf '%s\n' "touch $T/started" \
		"while [ ! -e $T/go ]; do sleep 0.05; done" \
		"$T/target sched_getscheduler $1 0" \
		"touch $T/called" \
		"while [ ! -e $T/done ]; do sleep 0.05; done"
}
await() { for _ in $(seq 300); do [ -e "$1" ] && return 0; sleep 0.05; done; fail "$1 never came"; }

# attack NAME CALLS CHANGE REVERT: run sclog, CHANGE once the command runs,
# hold it 2.5 s, let the command make CALLS sched_getscheduler calls, REVERT, end it.
attack() {
	local name=$1 calls=$2 change=$3 revert=$4
	rm -f "$T/started" "$T/go" "$T/called" "$T/done"
	rc=0
	"$SCLOG" run --backend audit -o "$T/$name.json" --report "$T/$name.report.json" -- \
		/bin/sh -c "$(cmd "$calls")" 2> "$T/$name.err" &
	pid=$!
	await "$T/started"
	eval "$change"
	sleep 1.5
	touch "$T/go"
	await "$T/called"
	sleep 1
	eval "$revert"
	touch "$T/done"
	wait "$pid" || rc=$?
	settings > "$T/settings.after"
	diff -u "$T/settings.before" "$T/settings.after" || fail "$name: the settings were not restored"
}

# expect NAME WORDS: the run failed (125), incomplete, with WORDS in a problem.
expect() {
	local name=$1 words=$2
	[ "$rc" = 125 ] || { cat "$T/$name.err" >&2; fail "$name: exit $rc, want 125"; }
	[ "$(report_field "$T/$name.report.json" 'r["complete"]')" = False ] ||
		{ cat "$T/$name.err" >&2; fail "$name: the report says complete"; }
	problems=$(report_field "$T/$name.report.json" '"\n".join(r["problems"])')
	[[ "$problems" == *"$words"* ]] ||
		fail "$name: no problem says '$words': $problems"
	grep -q "INCOMPLETE" "$T/$name.err" || fail "$name: no warning on stderr"
}

# (a) an exclude rule, added and removed mid-run.
attack rule 200 'auditctl -a exclude,always "${rule[@]}" > /dev/null' \
	'auditctl -d exclude,always "${rule[@]}" > /dev/null'
# The attack itself worked: the target's calls never reached sclog.
policy_names "$T/rule.json" | grep -qx sched_getscheduler && fail "rule: the rule did not blind the run here"
expect rule "exe=$T/target"
pass "(a) an exclude rule added and removed mid-run: exit 125, incomplete, the rule named"

# (b) actions_logged without "log", mid-run.
unlogged=$(echo "$saved_logged" | tr ' ' '\n' | grep -vx log | tr '\n' ' ')
attack logged 200 'echo "$unlogged" > "$AL"' 'echo "$saved_logged" > "$AL"'
policy_names "$T/logged.json" | grep -qx sched_getscheduler && fail "logged: actions_logged did not blind the run here"
expect logged '"log" was missing from /proc/sys/kernel/seccomp/actions_logged'
pass "(b) actions_logged without log mid-run: exit 125, incomplete, said so"

# (c) a rate limit drops records of a storm, is restored, and the lost
# counter is reset (in this order, so that nothing is dropped after it).
# It starts at 0 here, as on a fresh machine: the reset then leaves it
# where the run started, and a check at both ends sees nothing.
auditctl --reset-lost > /dev/null
attack lost 200000 'auditctl -r 50 > /dev/null' \
	'auditctl -r "$saved_rate" > /dev/null; auditctl --reset-lost > /dev/null'
seen=$(report_field "$T/lost.report.json" 'r["records_seen"]')
[ "$seen" -lt 200000 ] || fail "lost: the rate limit dropped nothing here ($seen records)"
expect lost "lost counter was reset"
expect lost "rate limit of 50"
pass "(c) rate limit, storm, --reset-lost mid-run: exit 125, incomplete, reset and rate limit named ($seen records of 200000+ seen)"

# Negative control: the same run with nobody changing anything is complete.
attack clean 200 ':' ':'
[ "$rc" = 0 ] && [ "$(report_field "$T/clean.report.json" 'r["complete"]')" = True ] ||
	{ cat "$T/clean.err" >&2; fail "clean: exit $rc or incomplete without an attack"; }
policy_names "$T/clean.json" | grep -qx sched_getscheduler || fail "clean: sched_getscheduler missing"
pass "without an attack: exit 0, complete, sched_getscheduler recorded"
