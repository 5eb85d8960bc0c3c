// SPDX-License-Identifier: GPL-2.0-only
/* The calls a signal handler returns with, implied by those installing one. */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/signals.h"

/* Sorted: sclog_policy_add_implied() lists them in this order. */
const char *const sclog_signal_returns[] = { "rt_sigreturn", "sigreturn", NULL };

/* signal and sigaction exist on the 32-bit ABIs only (i386, arm). */
static const char *const installers[] = { "rt_sigaction", "sigaction", "signal", NULL };

/* The first call installing a handler that @p allows on @arch, or NULL. */
static const char *installer_allowed(const struct sclog_policy *p, uint32_t arch)
{
	for (const char *const *i = installers; *i; i++)
		if (sclog_syscall_on_arch(arch, *i) && sclog_policy_allows(p, arch, *i, NULL))
			return *i;
	return NULL;
}

long sclog_policy_implied(const struct sclog_policy *p, struct sclog_implied **ret)
{
	_cleanup_free_ uint32_t *arches = NULL;
	long n_arches = sclog_policy_arches(p, &arches), n = 0;
	struct sclog_implied *v;

	if (n_arches < 0)
		return n_arches;
	v = calloc((size_t)n_arches * ELEMENTSOF(sclog_signal_returns) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (long a = 0; a < n_arches; a++) {
		const char *because = installer_allowed(p, arches[a]);

		for (const char *const *r = sclog_signal_returns; because && *r; r++)
			if (sclog_syscall_on_arch(arches[a], *r))
				v[n++] = (struct sclog_implied){ .name = *r,
								 .arch = arches[a],
								 .because = because };
	}
	*ret = v;
	return n;
}

long sclog_policy_add_implied(struct sclog_policy *p, const struct sclog_policy *from,
			      char ***ret_added)
{
	_cleanup_free_ struct sclog_implied *v = NULL;
	long n = sclog_policy_implied(from, &v), added = 0;
	char **names = NULL;

	if (n < 0)
		return n;
	for (long i = 0; i < n; i++) {
		char *one[2] = { (char *)v[i].name, NULL };
		int r;

		/* A phase's policy may cover fewer architectures. */
		if (!sclog_policy_covers(p, v[i].arch) ||
		    sclog_policy_allows(p, v[i].arch, v[i].name, NULL) ||
		    sclog_strv_contains(names, v[i].name))
			continue;
		r = sclog_policy_allow_names(p, one, NULL);
		if (r == -EEXIST)
			continue;
		if (r < 0 || sclog_strv_appendf(&names, "%s", v[i].name) < 0) {
			sclog_strv_free(names);
			return -ENOMEM;
		}
		added++;
	}
	*ret_added = names;
	return added;
}

struct sclog_policy *sclog_policy_unseen(const struct sclog_policy *known, const char *const *names)
{
	const struct sclog_action kill = { .kind = SCLOG_ACT_KILL_PROCESS };
	struct sclog_policy *p = sclog_policy_new(known ? &known->default_action : &kill);
	uint32_t arches[8];
	size_t n;

	if (!p || (known && sclog_policy_merge(p, known, NULL) < 0))
		return sclog_policy_free(p);
	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	for (size_t i = 0; i < n; i++)
		if (sclog_policy_add_arch(p, arches[i]) < 0)
			return sclog_policy_free(p);
	for (const char *const *u = names; u && *u; u++) {
		char *one[2] = { (char *)*u, NULL };

		if (sclog_policy_allow_names(p, one, NULL) == -ENOMEM)
			return sclog_policy_free(p);
	}
	return p;
}
