// SPDX-License-Identifier: GPL-2.0-only
/* Architecture families of a policy, and what a merge of several gives each. */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/policy/multiarch.h"

/*
 * moby's profiles/seccomp/seccomp_linux.go compares "includes.arches"
 * with the daemon's own architecture in libseccomp-golang's spelling
 * (nativeToSeccomp; its default.json also writes "x32").
 */
static const struct {
	uint32_t arch;
	const char *name;
} docker_names[] = {
	{ SCMP_ARCH_X86_64, "amd64" },	    { SCMP_ARCH_X86, "x86" },
	{ SCMP_ARCH_X32, "x32" },	    { SCMP_ARCH_AARCH64, "arm64" },
	{ SCMP_ARCH_ARM, "arm" },	    { SCMP_ARCH_PPC, "ppc" },
	{ SCMP_ARCH_PPC64, "ppc64" },	    { SCMP_ARCH_PPC64LE, "ppc64le" },
	{ SCMP_ARCH_S390, "s390" },	    { SCMP_ARCH_S390X, "s390x" },
	{ SCMP_ARCH_MIPSEL, "mipsle" },	    { SCMP_ARCH_MIPS64, "mips64" },
	{ SCMP_ARCH_MIPSEL64, "mipsel64" }, { SCMP_ARCH_MIPS64N32, "mips64n32" },
	{ SCMP_ARCH_RISCV64, "riscv64" },
};

const char *sclog_arch_docker_name(uint32_t arch)
{
	for (size_t i = 0; i < ELEMENTSOF(docker_names); i++)
		if (docker_names[i].arch == arch)
			return docker_names[i].name;
	return NULL;
}

long sclog_multiarch_families(const struct sclog_policy *p, struct sclog_arch_family *ret)
{
	_cleanup_free_ uint32_t *arches = NULL;
	long n = sclog_policy_arches(p, &arches);
	size_t n_fam = 0;

	if (n < 0)
		return -ENOMEM;
	/* arches[] is sorted, so families come in one order every time. */
	for (long i = 0; i < n; i++) {
		uint32_t native = sclog_arch_native_of(arches[i]) ?: arches[i];
		size_t f = 0;

		while (f < n_fam && ret[f].native != native)
			f++;
		if (f == n_fam) {
			if (n_fam == SCLOG_MULTIARCH_MAX)
				continue;
			ret[n_fam++] = (struct sclog_arch_family){ .native = native };
		}
		if (ret[f].n_arches == ELEMENTSOF(ret[f].arches))
			continue;
		/* The native architecture first: it names the family. */
		if (arches[i] == native) {
			memmove(ret[f].arches + 1, ret[f].arches,
				ret[f].n_arches * sizeof(*arches));
			ret[f].arches[0] = native;
			ret[f].n_arches++;
		} else
			ret[f].arches[ret[f].n_arches++] = arches[i];
	}
	return (long)n_fam;
}

unsigned sclog_multiarch_scope(const struct sclog_arch_family *fam, size_t n, const char *name)
{
	unsigned mask = 0;

	for (size_t f = 0; f < n; f++)
		for (size_t a = 0; a < fam[f].n_arches; a++)
			if (sclog_syscall_on_arch(fam[f].arches[a], name))
				mask |= 1u << f;
	return mask;
}

int sclog_multiarch_scope_check(const struct sclog_policy *p, char *const *names, size_t n_names,
				const char *const *arches, size_t n_arches, const char **ret_name,
				uint32_t *ret_arch)
{
	_cleanup_free_ uint32_t *covered = NULL;
	long n = sclog_policy_arches(p, &covered);

	if (n < 0)
		return -ENOMEM;
	/* moby: an empty list scopes nothing. */
	if (n_arches == 0)
		return 0;
	for (size_t a = 0; a < n_arches; a++) {
		size_t k = 0;

		while (k < ELEMENTSOF(docker_names) && strcmp(docker_names[k].name, arches[a]) != 0)
			k++;
		if (k == ELEMENTSOF(docker_names)) {
			*ret_name = arches[a];
			return -ENOENT;
		}
	}
	for (long i = 0; i < n; i++) {
		uint32_t native = sclog_arch_native_of(covered[i]) ?: covered[i];
		const char *own = sclog_arch_docker_name(covered[i]);
		const char *family = sclog_arch_docker_name(native);
		int listed = 0;

		/* The family's name, as the daemon of its native architecture
		 * compares it, or the architecture's own (a profile of x86
		 * without x86_64). */
		for (size_t a = 0; a < n_arches && !listed; a++)
			listed = (own && strcmp(arches[a], own) == 0) ||
				 (family && strcmp(arches[a], family) == 0);
		for (size_t k = 0; !listed && k < n_names; k++)
			if (sclog_syscall_on_arch(covered[i], names[k])) {
				*ret_name = names[k];
				*ret_arch = covered[i];
				return -EINVAL;
			}
	}
	return 0;
}

struct sclog_multiarch_inputs {
	uint32_t native[SCLOG_MULTIARCH_MAX];
	char **names[SCLOG_MULTIARCH_MAX]; /* allowed by the family's inputs */
	size_t n;
};

struct sclog_multiarch_inputs *sclog_multiarch_inputs_free(struct sclog_multiarch_inputs *m)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		sclog_strv_free(m->names[i]);
	free(m);
	return NULL;
}

int sclog_multiarch_note(struct sclog_multiarch_inputs **m, const struct sclog_policy *p)
{
	struct sclog_arch_family fam[SCLOG_MULTIARCH_MAX];
	long n = sclog_multiarch_families(p, fam);

	if (n < 0 || (!*m && !(*m = calloc(1, sizeof(**m)))))
		return -ENOMEM;
	for (long f = 0; f < n; f++) {
		struct sclog_multiarch_inputs *in = *m;
		char **allowed = NULL;
		long k = sclog_policy_allowed_names(p, fam[f].native, &allowed);
		size_t i = 0;

		if (k < 0)
			return -ENOMEM;
		while (i < in->n && in->native[i] != fam[f].native)
			i++;
		if (i == in->n && in->n < SCLOG_MULTIARCH_MAX)
			in->native[in->n++] = fam[f].native;
		for (char **a = allowed; i < in->n && *a; a++)
			if (!sclog_strv_contains(in->names[i], *a) &&
			    sclog_strv_appendf(&in->names[i], "%s", *a) < 0) {
				sclog_strv_free(allowed);
				return -ENOMEM;
			}
		sclog_strv_free(allowed);
	}
	return 0;
}

long sclog_multiarch_gains(const struct sclog_multiarch_inputs *m,
			   const struct sclog_policy *merged, uint32_t native, char ***ret)
{
	char **allowed = NULL, **gains = NULL;
	long k = sclog_policy_allowed_names(merged, native, &allowed), n = 0;
	size_t i = 0;

	if (k < 0)
		return -ENOMEM;
	while (m && i < m->n && m->native[i] != native)
		i++;
	/* allowed is sorted, and so are the gains. */
	for (char **a = allowed; *a; a++) {
		/* sclog_policy_allowed_names() takes libseccomp's pseudo numbers
		 * for names: a name @native lacks gains it nothing. */
		if (!sclog_syscall_on_arch(native, *a) ||
		    (m && i < m->n && sclog_strv_contains(m->names[i], *a)))
			continue;
		if (sclog_strv_appendf(&gains, "%s", *a) < 0) {
			sclog_strv_free(allowed);
			sclog_strv_free(gains);
			return -ENOMEM;
		}
		n++;
	}
	sclog_strv_free(allowed);
	if (!gains && !(gains = calloc(1, sizeof(*gains))))
		return -ENOMEM;
	*ret = gains;
	return n;
}
