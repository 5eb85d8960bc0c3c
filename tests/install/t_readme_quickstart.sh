#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The README's quick start, run as written: in a root shell with no sudo
# anywhere on PATH, and in a user's shell where sudo exists.  The build
# steps (install-deps, cmake) are stubs that record how they were called;
# the final `build/sclog run -o - -- /bin/true` is the real sclog.
. "$(dirname "$0")/lib.sh"
require_root "the quick start's last step profiles a command"
machine_shared # a real-kernel run
"$SCLOG" doctor > /dev/null 2>&1 || skip "sclog doctor says this kernel cannot profile"

# The first sh block of the "Quick start" section.
awk '/^## Quick start/ { q = 1; next } /^## / { q = 0 }
	q && /^```sh$/ && !done { b = 1; next } b && /^```$/ { b = 0; done = 1 } b' \
	"$SRCDIR/README.md" > "$T/quickstart.sh"
[ "$(wc -l < "$T/quickstart.sh")" -ge 2 ] || fail "no quick start block found in README.md"
grep -q 'SUDO' "$T/quickstart.sh" || fail "the quick start does not use \$SUDO: $(cat "$T/quickstart.sh")"
grep -q 'build/sclog run' "$T/quickstart.sh" || fail "the quick start does not run sclog"

# A tree where the quick start can run: stubbed install-deps and cmake.
setup() { # DIR
	mkdir -p "$1/tree/tools" "$1/bin"
	printf '#!/bin/sh\necho "install-deps uid=$(id -u)" >> %s/log\n' "$1" > "$1/tree/tools/install-deps.sh"
	cat > "$1/bin/cmake" << EOF
#!/bin/sh
echo "cmake \$*" >> $1/log
if [ "\$1" = --build ]; then mkdir -p "\$2" && ln -sf "$SCLOG" "\$2/sclog"; fi
EOF
	chmod +x "$1/tree/tools/install-deps.sh" "$1/bin/cmake"
	for c in sh id nproc mkdir ln dirname cat env; do ln -s "$(command -v "$c")" "$1/bin/$c"; done
}

# 1. A root shell without sudo: PATH holds no sudo at all.
setup "$T/root"
(cd "$T/root/tree" && env -i PATH="$T/root/bin" /bin/sh "$T/quickstart.sh") \
	> "$T/root/out" 2> "$T/root/err" || fail "as root without sudo: $(cat "$T/root/err")"
grep -q '"defaultAction"' "$T/root/out" || fail "as root without sudo: no policy printed"
! grep -q 'sudo' "$T/root/err" || fail "as root: $(cat "$T/root/err")"
grep -q 'install-deps uid=0' "$T/root/log" || fail "install-deps did not run"
pass "root shell without sudo: the quick start printed the policy of /bin/true"

# 2. A user's shell: id -u says 1000, and a sudo exists (here it records
# what it is asked to run, and runs it).
setup "$T/user"
rm "$T/user/bin/id"
printf '#!/bin/sh\n[ "$1" = -u ] && echo 1000 || exec %s "$@"\n' "$(command -v id)" > "$T/user/bin/id"
printf '#!/bin/sh\necho "sudo $*" >> %s/log\nexec "$@"\n' "$T/user" > "$T/user/bin/sudo"
chmod +x "$T/user/bin/id" "$T/user/bin/sudo"
(cd "$T/user/tree" && env -i PATH="$T/user/bin" /bin/sh "$T/quickstart.sh") \
	> "$T/user/out" 2> "$T/user/err" || fail "as a user with sudo: $(cat "$T/user/err")"
grep -q '"defaultAction"' "$T/user/out" || fail "as a user: no policy printed"
grep -q '^sudo tools/install-deps.sh' "$T/user/log" || fail "install-deps not run with sudo"
grep -q '^sudo build/sclog run' "$T/user/log" || fail "sclog run not run with sudo"
! grep -q '^sudo cmake' "$T/user/log" || fail "cmake run with sudo"
pass "user shell: install-deps and sclog run with sudo, the build without"
