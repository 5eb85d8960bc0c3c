# SPDX-License-Identifier: GPL-2.0-only
# Cross-compiling sclog for a guest of tests/guest/run.sh: the environment
# gives the compiler's triple (TRIPLE, e.g. aarch64-linux-gnu) and the
# guest's root filesystem (SYSROOT), whose -dev packages are linked against.
set(CMAKE_SYSTEM_NAME Linux)
string(REGEX REPLACE "-.*" "" CMAKE_SYSTEM_PROCESSOR "$ENV{TRIPLE}")
set(CMAKE_C_COMPILER $ENV{TRIPLE}-gcc)
set(CMAKE_SYSROOT $ENV{SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(ENV{PKG_CONFIG_SYSROOT_DIR} $ENV{SYSROOT})
set(ENV{PKG_CONFIG_LIBDIR}
    "$ENV{SYSROOT}/usr/lib/$ENV{TRIPLE}/pkgconfig:$ENV{SYSROOT}/usr/share/pkgconfig")
# The build runs sclog once (the man page's OPTIONS): through qemu-user, with
# the guest's root filesystem as its library root.  Not
# CMAKE_CROSSCOMPILING_EMULATOR: the tests run in the guest, natively.
if(DEFINED ENV{QEMU_USER})
  set(SCLOG_BUILD_EMULATOR $ENV{QEMU_USER} -L $ENV{SYSROOT})
endif()
