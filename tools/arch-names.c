// SPDX-License-Identifier: GPL-2.0-only
/*
 * The syscall names libseccomp knows on one architecture, one a line:
 * `arch-names aarch64`.  Built and run by tools/arch-translate.sh; the
 * kernel's syscall tables reach sclog through libseccomp, never through a
 * table of its own.
 */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	uint32_t arch = argc == 2 ? seccomp_arch_resolve_name(argv[1]) : 0;

	if (!arch) {
		fprintf(stderr,
			"usage: arch-names ARCH (a libseccomp name: x86_64, aarch64, ...)\n");
		return 2;
	}
	/* Every number a kernel table has is below 1024 (x32's bit aside). */
	for (int nr = 0; nr < 1024; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(arch, nr);

		if (name)
			puts(name);
		free(name);
	}
	return 0;
}
