/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The smallest workload: a static program with no libc whose only syscall
 * is exit(42).  Under a seccomp filter the kernel sees execve (made
 * by the runtime) and then exit, nothing else, so every other syscall
 * logged in a container is the runtime's own; exit status 42 proves the
 * container started.  It uses exit, not exit_group, so that exit_group (which
 * runtimes and bwrap's pid 1 make) can be cross-checked separately.
 */
void _start(void)
{
#if defined(__x86_64__)
	__asm__ volatile("mov $60, %eax\n\tmov $42, %edi\n\tsyscall");
#elif defined(__aarch64__)
	__asm__ volatile("mov x8, #93\n\tmov x0, #42\n\tsvc #0");
#else
#error "exit42.c: add this architecture's exit"
#endif
	for (;;)
		;
}
