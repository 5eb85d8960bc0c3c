#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Interpreters running a small script: python3 (reads a file, hashes it,
# sleeps, lists a directory, exits 5) and perl (lists a directory, forks a
# child and waits for it, exits 4), profiled with `sclog run --for crun|runc`
# and run in crun and runc: same output and status as on the host; without
# clock_nanosleep python's time.sleep raises PermissionError, without wait4
# perl's waitpid fails and the child's status is lost.
. "$(dirname "$0")/lib.sh"
require_root
require_sclog for
mkdir -p "$T/work/dir"
for f in b a c; do echo "$f" > "$T/work/dir/$f.txt"; done
cat > "$T/work/script.py" <<'PY'
import hashlib, os, sys, time
with open("dir/a.txt", "rb") as f:
    print("sha256", hashlib.sha256(f.read()).hexdigest())
time.sleep(0.01)
print("files", sorted(os.listdir("dir")))
print("sum", sum(i * i for i in range(1000)))
sys.exit(5)
PY
cat > "$T/work/script.pl" <<'PL'
use strict;
use warnings;
$| = 1;
opendir(my $d, "dir") or die "opendir: $!";
my @f = sort grep { !/^\./ } readdir($d);
closedir($d);
print "files @f\n";
my $pid = fork() // die "fork: $!";
if ($pid == 0) {
	print "child ", scalar(@f), "\n";
	exit 7;
}
waitpid($pid, 0);
print "child status ", $? >> 8, "\n";
exit 4;
PL
if [ -x /usr/bin/python3 ]; then
	rt_prove python3 "${DROP_PY:-clock_nanosleep}" "$T/work" -- /usr/bin/python3 -I -S script.py
else
	note "no /usr/bin/python3: python workload not run"
fi
rt_prove perl "${DROP_PERL:-wait4}" "$T/work" -- /usr/bin/perl script.pl
