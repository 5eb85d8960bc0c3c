#!/bin/sh
# Configure a minimal x86_64 kernel for the seccomp logging guest test.
# Usage: kconfig.sh KERNEL_BUILD_DIR   (run after "make tinyconfig")
set -eu
cd "$1"
enable="64BIT SECCOMP SECCOMP_FILTER AUDIT AUDITSYSCALL NET UNIX MULTIUSER
	PROC_FS SYSCTL PROC_SYSCTL SYSFS TTY SERIAL_8250 SERIAL_8250_CONSOLE
	PRINTK EARLY_PRINTK BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT
	IA32_EMULATION FUTEX EPOLL SIGNALFD TIMERFD EVENTFD SHMEM TMPFS
	DEVTMPFS DEVTMPFS_MOUNT POSIX_TIMERS FILE_LOCKING INOTIFY_USER
	HIGH_RES_TIMERS UNIX98_PTYS ADVISE_SYSCALLS"
for opt in $enable; do
	scripts/config --enable "$opt"
done
# Keep the build small and warning-free on a modern compiler.
scripts/config --disable STACK_VALIDATION --disable UNWINDER_ORC \
	--disable DEBUG_INFO --disable MODULES --disable WERROR \
	--disable RETPOLINE
