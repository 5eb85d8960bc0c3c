// SPDX-License-Identifier: GPL-2.0-only
/* The calls every policy implies: always, or since it allows a handler. */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/implied.h"

/* signal and sigaction exist on the 32-bit ABIs only (i386, arm). */
static const char *const installers[] = { "rt_sigaction", "sigaction", "signal", NULL };

/* Sorted: sclog_policy_add_implied() lists them in this order. */
const struct sclog_implied_call sclog_implied_calls[] = {
	{ "brk", NULL },
	{ "exit", NULL },
	{ "exit_group", NULL },
	{ "rseq", NULL },
	{ "rt_sigreturn", installers },
	{ "sigreturn", installers },
	{ NULL, NULL },
};

/* The first of @when that @p allows on @arch, or NULL. */
static const char *allowed_of(const struct sclog_policy *p, uint32_t arch, const char *const *when)
{
	for (const char *const *i = when; *i; i++)
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
	v = calloc((size_t)n_arches * ELEMENTSOF(sclog_implied_calls) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (long a = 0; a < n_arches; a++)
		for (const struct sclog_implied_call *c = sclog_implied_calls; c->name; c++) {
			const char *because = c->when ? allowed_of(p, arches[a], c->when) : NULL;

			if ((!c->when || because) && sclog_syscall_on_arch(arches[a], c->name))
				v[n++] = (struct sclog_implied){ .name = c->name,
								 .arch = arches[a],
								 .because = because };
		}
	*ret = v;
	return n;
}

/* Whether @p lacks @v's call where it could add it. */
static int to_add(const struct sclog_policy *p, const struct sclog_implied *v)
{
	/* A phase's policy may cover fewer architectures. */
	return sclog_policy_covers(p, v->arch) && !sclog_policy_allows(p, v->arch, v->name, NULL);
}

long sclog_policy_add_implied(struct sclog_policy *p, const struct sclog_policy *from,
			      char ***ret_added)
{
	_cleanup_free_ struct sclog_implied *v = NULL;
	long n = sclog_policy_implied(from, &v), added = 0;
	char **names = NULL;

	if (n < 0)
		return n;
	/* Name by name, so that the list is sorted. */
	for (const struct sclog_implied_call *c = sclog_implied_calls; c->name; c++) {
		char *one[2] = { (char *)c->name, NULL };
		long i = 0;
		int r;

		while (i < n && (strcmp(v[i].name, c->name) != 0 || !to_add(p, &v[i])))
			i++;
		if (i == n)
			continue;
		r = sclog_policy_allow_names(p, one, NULL);
		if (r == -EEXIST)
			continue;
		if (r < 0 || sclog_strv_appendf(&names, "%s", c->name) < 0) {
			sclog_strv_free(names);
			return -ENOMEM;
		}
		added++;
	}
	*ret_added = names;
	return added;
}

/* Allow @name in @p unless a rule gives it another action: 0 or -ENOMEM. */
static int allow_unseen(struct sclog_policy *p, const char *name)
{
	char *one[2] = { (char *)name, NULL };

	return sclog_policy_allow_names(p, one, NULL) == -ENOMEM ? -ENOMEM : 0;
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
	for (const struct sclog_implied_call *c = sclog_implied_calls; c->name; c++)
		if (allow_unseen(p, c->name) < 0)
			return sclog_policy_free(p);
	for (const char *const *u = names; u && *u; u++)
		if (allow_unseen(p, *u) < 0)
			return sclog_policy_free(p);
	return p;
}
