#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# bubblewrap and the raw BPF export: each workload of the other tests
# (a shell script with children, sort and sha256sum, the threads program,
# python3 and perl), profiled with plain `sclog run`, plus bwrap's own set
# from policies/runtimes.json, exported with `sclog export --format bpf` and
# loaded by `bwrap --seccomp 9`: same output and status as on the host;
# without one syscall the workload needs it fails.
#
# What bwrap needs (measured by measure.sh, bwrap 0.8.0): it sets
# no_new_privs and loads the program last, then execvp()s the command
# (execve); with --unshare-pid its pid-1 init process runs under the same
# filter and makes wait4, write and exit_group.  Without wait4 the sandbox
# fails ("init wait(): Operation not permitted"); the rest are in every
# workload's profile anyway.  The workload itself runs under no_new_privs,
# as under sclog run it does not: a setuid program would behave differently.
. "$(dirname "$0")/lib.sh"
require_root
require_tool bwrap
require_sclog bpf
rt_usable bwrap || skip "bwrap cannot run a sandbox here"
mkdir -p "$T/work/dir"
printf 'pear\napple\nfig\n' > "$T/work/fruit.txt"
for f in b a c; do echo "$f" > "$T/work/dir/$f.txt"; done
seq 1 2000 | awk '{print ($1 * 7919) % 2003, "row", $1}' > "$T/work/data.txt"
cat > "$T/work/script.sh" <<'SH'
#!/bin/sh
set -e
echo "start"
for i in 1 2 3; do
	( echo "child $i" )
done
sort fruit.txt | tr a-z A-Z
echo "lines: $(wc -l < fruit.txt)"
exit 3
SH
cat > "$T/work/script.py" <<'PY'
import hashlib, os, sys, time
with open("dir/a.txt", "rb") as f:
    print("sha256", hashlib.sha256(f.read()).hexdigest())
time.sleep(0.01)
print("files", sorted(os.listdir("dir")))
sys.exit(5)
PY
rt_prove_bwrap shell clone "$T/work" -- /bin/sh "$T/work/script.sh"
rt_prove_bwrap sort mmap "$T/work" -- /usr/bin/sort -n -k1,1 -k3,3 data.txt
rt_prove_bwrap sha256sum pread64 "$T/work" -- /usr/bin/sha256sum data.txt
if [ -n "${PROGS:-}" ] && [ -x "$PROGS/threads" ]; then
	printf '#!/bin/sh\n"%s/threads" 8\necho "threads: $?"\n' "$PROGS" > "$T/work/threads.sh"
	rt_prove_bwrap threads clone3 "$T/work" -- /bin/sh "$T/work/threads.sh"
else
	note "no threads program in PROGS: threads workload not run"
fi
if [ -x /usr/bin/python3 ]; then
	rt_prove_bwrap python3 clock_nanosleep "$T/work" -- /usr/bin/python3 -I -S script.py
fi
rt_validate "${RT_POLICIES[@]}"
