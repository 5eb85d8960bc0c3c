# SPDX-License-Identifier: GPL-2.0-only
# Attacker: whoever writes a policy sclog reads (a pull request changing
# seccomp/app.json, checked in CI).  Promise: nothing of the policy reaches
# sclog's output raw.  A name "read\n::error::pwned" must not start a line
# (GitHub's runner reads a line "::error::…" as a command), an ESC must not
# reach a terminal, and bytes that are not UTF-8 or that reorder text must
# not pass.  Every verb that reads a policy, every place a string of the
# policy can reach a message, and the policy's file name.
. "$(dirname "$0")/../integration/lib.sh"
D="$SRCDIR/tests/data/policies"

# The payload: a newline, a workflow command, an ANSI colour, a byte that
# is not UTF-8 (written raw into the file) and a right-to-left override.
python3 - "$T" << 'PY'
import json, os, sys
t = sys.argv[1]
evil = "\n::error::pwned\x1b[31m\u202e"
def dump(name, obj, raw=False):
    text = json.dumps(obj, ensure_ascii=False)
    data = text.encode()
    if raw:  # a byte that is not UTF-8, inside the first string
        data = data.replace(b"PWN", b"\xff")
    open(os.path.join(t, name), "wb").write(data)
base = {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
        "syscalls": [{"names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}
def rule(**kw):
    r = {"names": ["read"], "action": "SCMP_ACT_ALLOW"}
    r.update(kw)
    return dict(base, syscalls=base["syscalls"] + [r])
dump("name.json", rule(names=["read" + evil]))
dump("name-raw.json", rule(names=["PWN" + evil]), raw=True)
dump("action.json", rule(action="SCMP_ACT_ALLOW" + evil))
dump("arch.json", dict(base, architectures=["SCMP_ARCH_X86_64" + evil]))
dump("op.json", rule(args=[{"index": 0, "value": 1, "op": "SCMP_CMP_EQ" + evil}]))
dump("key.json", dict(base, **{evil: 1}))
# Duplicate keys are found by a scanner of the text, which names the path.
open(os.path.join(t, "dup.json"), "w").write(
    '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"%s": 1, "%s": 2}]}'
    % ((json.dumps(evil)[1:-1],) * 2))
open(os.path.join(t, "dup-path.json"), "w").write(
    '{"defaultAction": "SCMP_ACT_ERRNO", "%s": {"a": 1, "a": 2}}' % json.dumps(evil)[1:-1])
# The file's own name, with a policy that is bad so that it is named.
open(os.path.join(t, "bad" + evil + ".json"), "w").write('{"defaultAction": 1}')
PY
cp "$D/a.json" "$T/good.json"

# clean FILE...: no line starts with "::", no ESC, no byte that is not
# UTF-8, no character that reorders or breaks a line.
clean() {
	python3 - "$@" << 'PY'
import sys
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit(f"{path}: not UTF-8: {e}")
    for bad in ("\x1b", "\u202e", "\u2028", "\u2029", "\x85", "\r"):
        if bad in text:
            sys.exit(f"{path}: contains {bad!r}: {text!r}")
    for line in text.split("\n"):
        if line.startswith("::"):
            sys.exit(f"{path}: a line starts with '::': {line!r}")
PY
}

# attack FILE ARGS...: sclog ARGS (F stands for FILE) refuses the policy
# and prints nothing of it raw.
n=0
attack() {
	local f=$1 rc=0 a args=()
	shift
	for a in "$@"; do
		[ "$a" = F ] && args+=("$f") || args+=("$a")
	done
	"$SCLOG" "${args[@]}" > "$T/out" 2> "$T/err" || rc=$?
	[ "$rc" = 125 ] || fail "sclog $*: exit $rc, want 125 (the policy is bad): $(cat "$T/err")"
	grep -q . "$T/err" || fail "sclog $*: no message"
	clean "$T/out" "$T/err" || fail "sclog $*: the policy's text reached the output raw"
	n=$((n + 1))
}
for f in "$T"/name.json "$T"/name-raw.json "$T"/action.json "$T"/arch.json "$T"/op.json \
	"$T"/key.json "$T"/dup.json "$T"/dup-path.json "$T"/bad*.json; do
	for fmt in oci docker spo minijail systemd; do
		attack "$f" export -f "$fmt" F
	done
	attack "$f" export -f bpf -o "$T/x.bpf" F
	attack "$f" merge F
	attack "$f" merge "$T/good.json" F
	attack "$f" diff F "$T/good.json"
	attack "$f" diff "$T/good.json" F
	attack "$f" diff -f json F "$T/good.json"
	if [ "$(id -u)" = 0 ]; then
		attack "$f" check --format github -p F -- /bin/true
		attack "$f" enforce -p F -- /bin/true
		attack "$f" run -q --base F -o "$T/run.json" -- /bin/true
	fi
done
# The message still says what it is about, escaped and quoted.
"$SCLOG" export "$T/name.json" 2> "$T/err" || true
grep -qF 'unknown syscall "read\n::error::pwned\x1b[31m\u202e"' "$T/err" ||
	fail "the name is not shown escaped: $(cat "$T/err")"
"$SCLOG" export "$T"/bad*.json 2> "$T/err" || true
grep -qF 'bad\n::error::pwned\x1b[31m\u202e.json"' "$T/err" ||
	fail "the file name is not shown escaped: $(cat "$T/err")"
pass "$n runs of policy verbs on hostile names, keys, actions, architectures, operators and file names: nothing raw"
