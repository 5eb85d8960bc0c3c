#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A shell script with children (subshells, a pipeline, command substitution,
# external programs), profiled with `sclog run --for crun|runc` and run in
# crun and runc with that policy: same output and status as on the host;
# without clone (fork) it fails.
. "$(dirname "$0")/lib.sh"
need_root
need_sclog for
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
head -n 1 fruit.txt &
wait
exit 3
SH
chmod 755 "$T/work/script.sh"
rt_prove shell clone "$T/work" -- /bin/sh "$T/work/script.sh"
