/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_ARCH_H
#define SCLOG_BASIC_ARCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Architectures and syscall names.  An architecture is a libseccomp token
 * (SCMP_ARCH_*), which equals the kernel's AUDIT_ARCH_* value; names come
 * from libseccomp, never from a table of our own.
 */

/*
 * libseccomp's name of @arch ("x86_64", "x86", …), or NULL when sclog does
 * not know it.  The result is static.
 */
const char *sclog_arch_name(uint32_t arch);

/* systemd's name of @arch ("x86-64", "arm64", …), or NULL; static. */
const char *sclog_arch_systemd_name(uint32_t arch);

/* The SCMP_ARCH_* name of @arch ("SCMP_ARCH_X86_64"), or NULL; caller frees. */
char *sclog_arch_oci_name(uint32_t arch);

/* The token of an OCI architecture name, or 0 when sclog does not know it. */
uint32_t sclog_arch_from_oci_name(const char *name);

/*
 * The compat architectures of @native: the ones whose programs a kernel of
 * @native also runs, each behind its own seccomp arch check.  Fills up to
 * @max tokens into @ret and returns their count (0 when it has none).
 */
size_t sclog_arch_compat(uint32_t native, uint32_t *ret, size_t max);

/* The native architecture @arch is a compat one of, or 0. */
uint32_t sclog_arch_native_of(uint32_t compat);

/*
 * The libseccomp architecture a record of (@arch, @nr) belongs to: x32
 * syscalls arrive with the x86_64 audit arch and the x32 bit in @nr.
 */
uint32_t sclog_arch_of(uint32_t arch, int64_t nr);

/*
 * The name of syscall @nr of @arch (an audit arch as in the record), from
 * libseccomp.  Returns a string the caller frees, or NULL when libseccomp
 * has no name for it.
 */
char *sclog_syscall_name(uint32_t arch, int64_t nr);

/*
 * True when syscall @name exists on @arch (a libseccomp token): libseccomp
 * resolves it to a number there, or to a call it reaches through
 * socketcall or ipc.  libseccomp resolves a name the architecture lacks
 * to a pseudo number (open on aarch64: __PNR_open, -10166), not to
 * __NR_SCMP_ERROR, so that result alone does not say.
 */
int sclog_syscall_on_arch(uint32_t arch, const char *name);

#endif
