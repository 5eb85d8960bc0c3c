#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A shell script with children (subshells, pipelines, command substitution,
# external programs), profiled with `sclog run --for crun|runc` and run in
# crun and runc with that policy: same output and status as on the host;
# without clone (fork) it fails.
# No `cmd & wait`: dash as a container's pid 1 hung in `wait` twice in about
# fifteen runs (crun once, runc once) with the complete output printed, while
# 130 runs under a LOG-default copy of the same policy logged no syscall
# outside it — a pid-1 shell problem, not a policy one, so it is left out.
. "$(dirname "$0")/lib.sh"
require_root
require_sclog for
mkdir -p "$T/work"
printf 'pear\napple\nfig\n' > "$T/work/fruit.txt"
cat > "$T/work/script.sh" <<'SH'
#!/bin/sh
set -e
echo "start"
for i in 1 2 3; do
	( echo "child $i" )
done
sort fruit.txt | tr a-z A-Z
n=$(wc -l < fruit.txt)
echo "lines: $n"
cat fruit.txt | head -n 1
exit 3
SH
chmod 755 "$T/work/script.sh"
rt_prove shell clone "$T/work" -- /bin/sh "$T/work/script.sh"
