# SPDX-License-Identifier: GPL-2.0-only
# check reports exactly what a policy lacks; enforce denies and kills as the
# policy says; run --base adds only what is new.
. "$(dirname "$0")/lib.sh"
require_kernel

# A real profile, then the same with three of its syscalls deleted.
"$SCLOG" run -q -o "$T/ls.json" -- /bin/ls -l /usr > /dev/null
python3 - "$T/ls.json" "$T/ls-cut.json" "$T/cut" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
names = p["syscalls"][0]["names"]
cut = [n for n in ("openat", "getdents64", "fstat", "newfstatat", "close") if n in names][:3]
assert len(cut) == 3, names
p["syscalls"][0]["names"] = [n for n in names if n not in cut]
json.dump(p, open(sys.argv[2], "w"), indent=2)
open(sys.argv[3], "w").write("\n".join(sorted(cut)) + "\n")
PY
rc=0
"$SCLOG" check -q -p "$T/ls.json" -- /bin/ls -l /usr > "$T/clean.txt" || rc=$?
[ "$rc" = 0 ] || { cat "$T/clean.txt"; fail "check with the complete policy: exit $rc, want 0"; }
grep -q "no syscall outside" "$T/clean.txt" || fail "check: no 'clean' statement"
pass "check with a complete policy: exit 0, nothing reported"

rc=0
"$SCLOG" check -q -p "$T/ls-cut.json" --format json -o "$T/v.json" --report "$T/v.report.json" -- /bin/ls -l /usr > /dev/null || rc=$?
[ "$rc" = 1 ] || fail "check with a cut policy: exit $rc, want 1"
python3 -c 'import json,sys; print("\n".join(sorted(v["name"] for v in json.load(open(sys.argv[1]))["violations"])))' "$T/v.json" > "$T/reported"
diff -u "$T/cut" "$T/reported" || fail "check did not report exactly the deleted syscalls"
[ "$(report_field "$T/v.report.json" 'r["complete"] and len(r["syscalls"])')" = 3 ] || fail "check --report"
pass "check reports exactly the deleted syscalls: $(tr '\n' ' ' < "$T/cut")"

"$SCLOG" check -q -p "$T/ls-cut.json" --format github -- /bin/ls -l /usr > "$T/gh" || true
[ "$(grep -c '^::error title=seccomp violation::' "$T/gh")" = 3 ] || { cat "$T/gh"; fail "github format: want 3 annotations"; }
pass "github format: one ::error:: annotation per violation"

# A deny-list: check logs exactly what it denies, nothing else.
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["getpriority"],"action":"SCMP_ACT_ERRNO"}]}' > "$T/deny.json"
rc=0
"$SCLOG" check -q -p "$T/deny.json" --format json -o "$T/d.json" --report "$T/d.report" -- "$PROGS/distinct" getpriority 10 0 || rc=$?
[ "$rc" = 1 ] || fail "check with a deny-list: exit $rc, want 1"
[ "$(python3 -c 'import json,sys; print(" ".join(v["name"] + ":" + str(v["count"]) for v in json.load(open(sys.argv[1]))["violations"]))' "$T/d.json")" = "getpriority:10" ] ||
	fail "check with a deny-list reported $(cat "$T/d.json")"
[ "$(report_field "$T/d.report" 'r["records_seen"]')" = 10 ] || fail "check with a deny-list logged more than the denied calls"
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[]}' > "$T/allowall.json"
rc=0; "$SCLOG" check -q -p "$T/allowall.json" -- "$PROGS/distinct" getpriority 10 0 > /dev/null || rc=$?
[ "$rc" = 0 ] || fail "check with an allow-all policy: exit $rc, want 0"
pass "check with a deny-list logs exactly the 10 denied calls; allow-all reports none"

# The command's own failure wins.
rc=0
"$SCLOG" check -q -p "$T/ls-cut.json" -- /bin/sh -c 'ls -l /usr > /dev/null; exit 4' > /dev/null || rc=$?
[ "$rc" = 4 ] || fail "check: failing command gives $rc, want 4"
pass "check: the command's failure status wins"

# enforce: same output under the full policy; errno, kill-process and trap
# when a needed syscall is missing.
"$SCLOG" run -q -o "$T/cat.json" -- /bin/cat /etc/hostname > /dev/null
"$SCLOG" enforce -p "$T/cat.json" -- /bin/cat /etc/hostname > "$T/out"
cmp -s "$T/out" /etc/hostname || fail "enforce: different output under the full policy"
python3 - "$T/cat.json" "$T" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
# cat needs write once loaded; the loader itself never writes.
p["syscalls"][0]["names"] = [n for n in p["syscalls"][0]["names"] if n != "write"]
for name, action in (("errno", "SCMP_ACT_ERRNO"), ("kill", "SCMP_ACT_KILL_PROCESS"), ("trap", "SCMP_ACT_TRAP"), ("log", "SCMP_ACT_LOG")):
    q = dict(p, defaultAction=action)
    if action != "SCMP_ACT_ERRNO":
        q.pop("defaultErrnoRet", None)
    json.dump(q, open(f"{sys.argv[2]}/cat-{name}.json", "w"))
PY
rc=0; "$SCLOG" enforce -p "$T/cat-errno.json" -- /bin/cat /etc/hostname > "$T/out" 2>&1 || rc=$?
[ "$rc" = 1 ] && [ ! -s "$T/out" ] || fail "errno policy: exit $rc, want 1 and no output (write denied)"
rc=0; "$SCLOG" enforce -p "$T/cat-kill.json" -- /bin/cat /etc/hostname > /dev/null 2>&1 || rc=$?
[ "$rc" = 159 ] || fail "kill-process policy: exit $rc, want 159 (SIGSYS)"
rc=0; "$SCLOG" enforce -p "$T/cat-trap.json" -- /bin/cat /etc/hostname > /dev/null 2>&1 || rc=$?
[ "$rc" = 159 ] || fail "trap policy: exit $rc, want 159 (SIGSYS)"
"$SCLOG" enforce -p "$T/cat-log.json" -- /bin/cat /etc/hostname > "$T/out" || fail "log policy broke cat"
cmp -s "$T/out" /etc/hostname || fail "log policy changed the output"
pass "enforce: errno denies write, kill-process and trap kill (SIGSYS), log lets it run"

python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
p["syscalls"][0]["names"].remove("execve")
json.dump(p, open(sys.argv[2], "w"))' "$T/cat.json" "$T/noexec.json"
rc=0; "$SCLOG" enforce -p "$T/noexec.json" -- /bin/cat /etc/hostname 2> "$T/err" || rc=$?
[ "$rc" = 125 ] && grep -q "does not allow execve" "$T/err" || fail "policy without execve: exit $rc"
pass "enforce refuses a policy without execve (125)"

# run --base: the base's syscalls are not logged; only new ones are added.
"$SCLOG" run -q -o "$T/base.json" -- "$PROGS/distinct" getpriority 10 0
"$SCLOG" run -o "$T/more.json" --report "$T/more.report" --base "$T/base.json" -- "$PROGS/distinct" times 10 0 2> "$T/err"
grep -q "1 new beyond" "$T/err" || fail "--base: summary should say 1 new: $(cat "$T/err")"
[ "$(report_field "$T/more.report" 'r["records_seen"]')" = 10 ] ||
	fail "--base: only the 10 new calls should have been logged, saw $(report_field "$T/more.report" 'r["records_seen"]')"
rc=0; "$SCLOG" diff "$T/base.json" "$T/more.json" > "$T/d" || rc=$?
[ "$rc" = 1 ] && [ "$(sed 1,2d "$T/d")" = "+ $(uname -m) times" ] || fail "--base output is not base + times: $(cat "$T/d")"
pass "run --base: 10 records (only the new syscall), output = base + times"

# run --base with a base that denies what the command uses: the command
# wins, with a warning, and the output gives the syscall one action.
python3 - "$T/base.json" "$T/base-kill.json" << 'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["syscalls"].append({"names": ["times"], "action": "SCMP_ACT_KILL"})
json.dump(p, open(sys.argv[2], "w"))
PY
"$SCLOG" run -q -o "$T/over.json" --base "$T/base-kill.json" -- "$PROGS/distinct" times 3 0 2> "$T/err"
grep -q "denies times" "$T/err" || fail "--base over a deny rule: no warning: $(cat "$T/err")"
"$SCLOG" export "$T/over.json" > /dev/null || fail "--base produced a policy sclog cannot read"
[ "$(python3 -c 'import json,sys; print(sorted(r["action"] for r in json.load(open(sys.argv[1]))["syscalls"] if "times" in r["names"]))' "$T/over.json")" = "['SCMP_ACT_ALLOW']" ] ||
	fail "--base: times should have one ALLOW rule: $(cat "$T/over.json")"
pass "run --base over a deny rule: the used syscall is allowed, with a warning, no conflict"
