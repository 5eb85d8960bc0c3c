// SPDX-License-Identifier: GPL-2.0-only
/* Architectures: names in libseccomp, OCI and systemd; compat pairs. */
#include <ctype.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"

/* Bit that marks an x32 syscall number (arch/x86/include/uapi/asm/unistd.h). */
#define X32_SYSCALL_BIT 0x40000000

/*
 * libseccomp resolves names to tokens but not back: these are its
 * architecture names (the tokens come from libseccomp itself), with
 * systemd's name of each (systemd's src/basic/architecture.c spellings, as
 * SystemCallArchitectures= takes them; NULL where it has none).
 * loongarch64, m68k, sh and sheb are libseccomp 2.6's: an older libseccomp
 * resolves them to 0, and they are then unknown here too.
 */
static const struct {
	const char *name, *systemd;
} arches[] = {
	{ "x86", "x86" },
	{ "x86_64", "x86-64" },
	{ "x32", "x32" },
	{ "arm", "arm" },
	{ "aarch64", "arm64" },
	{ "mips", "mips" },
	{ "mipsel", "mips-le" },
	{ "mips64", "mips64" },
	{ "mipsel64", "mips64-le" },
	{ "mips64n32", "mips64-n32" },
	{ "mipsel64n32", "mips64-le-n32" },
	{ "parisc", "parisc" },
	{ "parisc64", "parisc64" },
	{ "ppc", "ppc" },
	{ "ppc64", "ppc64" },
	{ "ppc64le", "ppc64-le" },
	{ "s390", "s390" },
	{ "s390x", "s390x" },
	{ "riscv64", "riscv64" },
	{ "loongarch64", "loongarch64" },
	{ "m68k", "m68k" },
	{ "sh", "sh" },
	{ "sheb", NULL },
};

/*
 * The kernel's SECCOMP_ARCH_COMPAT of each native architecture
 * (arch/<arch>/include/asm/seccomp.h, Linux 5.10+), plus x32 and the MIPS
 * n32 ABI, which the same kernels run with their own audit arch.  ppc64le
 * has none here: its compat ABI would be little-endian ppc, which
 * libseccomp cannot name.
 */
static const struct {
	uint32_t native, compat;
} compat_pairs[] = {
	{ SCMP_ARCH_X86_64, SCMP_ARCH_X86 },	  { SCMP_ARCH_X86_64, SCMP_ARCH_X32 },
	{ SCMP_ARCH_AARCH64, SCMP_ARCH_ARM },	  { SCMP_ARCH_PPC64, SCMP_ARCH_PPC },
	{ SCMP_ARCH_S390X, SCMP_ARCH_S390 },	  { SCMP_ARCH_PARISC64, SCMP_ARCH_PARISC },
	{ SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS },	  { SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32 },
	{ SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL }, { SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32 },
};

static int arch_index(uint32_t arch)
{
	for (size_t i = 0; arch && i < ELEMENTSOF(arches); i++)
		if (seccomp_arch_resolve_name(arches[i].name) == arch)
			return (int)i;
	return -1;
}

const char *sclog_arch_name(uint32_t arch)
{
	int i = arch_index(arch);

	return i < 0 ? NULL : arches[i].name;
}

const char *sclog_arch_systemd_name(uint32_t arch)
{
	int i = arch_index(arch);

	return i < 0 ? NULL : arches[i].systemd;
}

char *sclog_arch_oci_name(uint32_t arch)
{
	const char *name = sclog_arch_name(arch);
	char *s;

	if (!name || asprintf(&s, "SCMP_ARCH_%s", name) < 0)
		return NULL;
	for (char *c = s; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return s;
}

uint32_t sclog_arch_from_oci_name(const char *name)
{
	char lower[32];
	size_t n;

	if (strncmp(name, "SCMP_ARCH_", 10) != 0 || (n = strlen(name + 10)) == 0 ||
	    n >= sizeof(lower))
		return 0;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)name[10 + i]);
	/* Only names sclog can also print back are accepted. */
	if (!sclog_arch_name(seccomp_arch_resolve_name(lower)))
		return 0;
	return seccomp_arch_resolve_name(lower);
}

size_t sclog_arch_compat(uint32_t native, uint32_t *ret, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < ELEMENTSOF(compat_pairs); i++)
		if (compat_pairs[i].native == native && n < max)
			ret[n++] = compat_pairs[i].compat;
	return n;
}

uint32_t sclog_arch_native_of(uint32_t compat)
{
	for (size_t i = 0; i < ELEMENTSOF(compat_pairs); i++)
		if (compat_pairs[i].compat == compat)
			return compat_pairs[i].native;
	return 0;
}

uint32_t sclog_arch_of(uint32_t arch, int64_t nr)
{
	if (arch == SCMP_ARCH_X86_64 && nr >= 0 && (nr & X32_SYSCALL_BIT))
		return SCMP_ARCH_X32;
	return arch;
}

char *sclog_syscall_name(uint32_t arch, int64_t nr)
{
	if (nr < 0 || nr > INT32_MAX || !sclog_arch_name(sclog_arch_of(arch, nr)))
		return NULL;
	return seccomp_syscall_resolve_num_arch(sclog_arch_of(arch, nr), (int)nr);
}

/* libseccomp's pseudo numbers (seccomp-syscalls.h): -101 to -299 are calls
 * multiplexed through socketcall (-100 - n) and ipc (-200 - n), which it
 * filters; from -10000 down are names the architecture does not have. */
#define PSEUDO_MULTIPLEXED_MIN -300
int sclog_syscall_on_arch(uint32_t arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);

	return nr >= 0 || (nr <= -100 && nr > PSEUDO_MULTIPLEXED_MIN);
}
