# SPDX-License-Identifier: GPL-2.0-only
# Cross-compiling sclog for a guest of tests/guest/run.sh: the environment
# gives the target's triple (TRIPLE, e.g. aarch64-linux-gnu) and the
# guest's root filesystem (SYSROOT), whose -dev packages, C library and
# libgcc are linked against.  clang and lld, not Debian's gcc-TRIPLE: that
# package conflicts with gcc-multilib, which the 32-bit x86 tests need on
# the same host.  COMPAT_TRIPLE (arm-linux-gnueabihf) builds the 32-bit
# child of tests/integration/t_compat_arm.sh against Debian's -cross C
# library.
set(CMAKE_SYSTEM_NAME Linux)
string(REGEX REPLACE "-.*" "" CMAKE_SYSTEM_PROCESSOR "$ENV{TRIPLE}")
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET $ENV{TRIPLE})
set(CMAKE_EXE_LINKER_FLAGS_INIT -fuse-ld=lld)
set(CMAKE_SHARED_LINKER_FLAGS_INIT -fuse-ld=lld)
set(CMAKE_SYSROOT $ENV{SYSROOT})
if(DEFINED ENV{COMPAT_TRIPLE})
  set(SCLOG_ARM32_CC clang --target=$ENV{COMPAT_TRIPLE} -fuse-ld=lld)
endif()
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
