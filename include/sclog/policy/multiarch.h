/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_MULTIARCH_H
#define SCLOG_POLICY_MULTIARCH_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/policy/policy.h"

/*
 * Policies of several architecture families (x86_64 with x86 and x32,
 * aarch64 with arm): which names belong to which family.  A policy file
 * does not say which architecture a name was recorded on (OCI cannot scope
 * a name), so a name belongs to the families libseccomp knows it on.
 */

/* A native architecture and the architectures of its family a policy covers. */
struct sclog_arch_family {
	uint32_t native;
	uint32_t arches[4];
	size_t n_arches;
};

#define SCLOG_MULTIARCH_MAX 8

/*
 * The families of the architectures @p covers (sclog_policy_arches()), in
 * the order of their native tokens; at most SCLOG_MULTIARCH_MAX.  Returns
 * their count, or -ENOMEM.
 */
long sclog_multiarch_families(const struct sclog_policy *p, struct sclog_arch_family *ret);

/*
 * The families among @fam (@n of them) on one of whose architectures
 * libseccomp knows @name: bit i for @fam[i].
 */
unsigned sclog_multiarch_scope(const struct sclog_arch_family *fam, size_t n, const char *name);

/*
 * moby's name of @arch in a profile's "includes": {"arches": […]} (its
 * Go-side names: "amd64", "x86", "x32", "arm64", "arm", …), or NULL when
 * moby has none.  Static.
 */
const char *sclog_arch_docker_name(uint32_t arch);

/*
 * Whether a rule of names @names (@n_names) scoped with moby's
 * "includes": {"arches": @arches} (@n_arches moby names) means the same in
 * @p without the scope: each name is unknown on every architecture @p
 * covers whose family's native architecture is not listed (moby compares
 * the list with the daemon's native architecture), so runtimes drop it
 * there anyway.  This is what sclog_export_docker_write() writes.  Returns
 * 0, -EINVAL with the first name and architecture that would widen in
 * @ret_name and @ret_arch, or -ENOENT with the unknown moby name in
 * @ret_name.
 */
int sclog_multiarch_scope_check(const struct sclog_policy *p, char *const *names, size_t n_names,
				const char *const *arches, size_t n_arches, const char **ret_name,
				uint32_t *ret_arch);

/* What each family's inputs of a merge allowed (sclog merge). */
struct sclog_multiarch_inputs;

/*
 * Note input @p of a merge: the names it allows on each of its families.
 * *@m is created on the first call.  Returns 0 or -ENOMEM.
 */
int sclog_multiarch_note(struct sclog_multiarch_inputs **m, const struct sclog_policy *p);

/*
 * What family @native gains in @merged: the names @merged allows on
 * @native (libseccomp knows them there) that no noted input of that family
 * allowed.  Returns their count and the sorted names (NULL-terminated;
 * caller frees with sclog_strv_free()) in @ret, or -ENOMEM.
 */
long sclog_multiarch_gains(const struct sclog_multiarch_inputs *m,
			   const struct sclog_policy *merged, uint32_t native, char ***ret);

/* Free @m (NULL is fine); returns NULL. */
struct sclog_multiarch_inputs *sclog_multiarch_inputs_free(struct sclog_multiarch_inputs *m);

#endif
