// SPDX-License-Identifier: GPL-2.0-only
/*
 * Policies made from others: merged, a base under what a run saw, the
 * names a runtime needs, ENOSYS for fallback syscalls, a profile's.  Only
 * through the model's functions (policy.h).
 */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/compose.h"

/* The action of @p's rules for @name (they have one), or NULL when none names it. */
static const struct sclog_action *action_of(const struct sclog_policy *p, const char *name)
{
	const uint32_t *rules;

	return sclog_policy_rules_of(p, name, &rules) > 0 ? &p->rules[rules[0]].action : NULL;
}

int sclog_policy_allow_names(struct sclog_policy *p, char *const *names,
			     struct sclog_conflict *ret_conflict)
{
	for (char *const *n = names; n && *n; n++) {
		struct sclog_rule one = { .names = (char **)n,
					  .n_names = 1,
					  .action = { .kind = SCLOG_ACT_ALLOW } };
		struct sclog_conflict c;
		int r = sclog_policy_add_rule(p, &one, &c);

		if (r == -EEXIST && c.existing.kind == SCLOG_ACT_ERRNO &&
		    c.existing.errno_ret == ENOSYS) {
			sclog_policy_forget(p, *n);
			r = sclog_policy_add_rule(p, &one, &c);
		}
		if (r < 0) {
			if (r == -EEXIST && ret_conflict)
				*ret_conflict = c;
			return r;
		}
	}
	return 0;
}

int sclog_policy_merge(struct sclog_policy *into, const struct sclog_policy *from,
		       struct sclog_conflict *ret_conflict)
{
	for (size_t i = 0; i < from->n_arches; i++)
		if (sclog_policy_add_arch(into, from->arches[i]) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < from->n_rules; i++) {
		int r = sclog_policy_add_rule(into, &from->rules[i], ret_conflict);

		if (r < 0)
			return r;
	}
	return 0;
}

long sclog_policy_merge_base(struct sclog_policy *observed, struct sclog_policy *base,
			     char ***ret_overridden)
{
	char **names = NULL;
	long n = sclog_policy_names(observed, &names), w = 0;
	int r;

	if (n < 0)
		return n;
	for (long i = 0; i < n; i++) {
		const struct sclog_action *mine = action_of(observed, names[i]),
					  *theirs = action_of(base, names[i]);

		if (theirs && !sclog_action_equal(mine, theirs)) {
			sclog_policy_forget(base, names[i]);
			names[w++] = names[i];
		} else {
			free(names[i]);
		}
	}
	names[w] = NULL;
	r = sclog_policy_merge(observed, base, NULL);
	if (r < 0) {
		sclog_strv_free(names);
		return r;
	}
	*ret_overridden = names;
	return w;
}

long sclog_policy_add_enosys(struct sclog_policy *p, char *const *names, char ***ret_added)
{
	const struct sclog_action enosys = { .kind = SCLOG_ACT_ERRNO, .errno_ret = ENOSYS };
	_cleanup_free_ uint32_t *arches = NULL;
	long n_arches = sclog_policy_arches(p, &arches), n = 0;
	char **added = NULL;

	if (n_arches < 0)
		return n_arches;
	if (sclog_action_permits(&p->default_action) ||
	    sclog_action_equal(&p->default_action, &enosys))
		n_arches = 0;
	for (char *const *name = names; name && *name; name++) {
		int known = 0;

		if (action_of(p, *name))
			continue;
		/* Not on any of the policy's architectures (a time64 call
		 * on x86_64): the rule would say nothing. */
		for (long a = 0; a < n_arches && !known; a++)
			known = seccomp_syscall_resolve_name_arch(arches[a], *name) >= 0;
		if (!known)
			continue;
		struct sclog_rule rule = { .names = (char **)name, .n_names = 1, .action = enosys };

		if (sclog_policy_add_rule(p, &rule, NULL) < 0 ||
		    sclog_strv_appendf(&added, "%s", *name) < 0) {
			sclog_strv_free(added);
			return -ENOMEM;
		}
		n++;
	}
	*ret_added = added;
	return n;
}

void sclog_policy_drop_enosys(struct sclog_policy *p, char *const *names)
{
	const struct sclog_action enosys = { .kind = SCLOG_ACT_ERRNO, .errno_ret = ENOSYS };

	for (char *const *name = names; name && *name; name++) {
		const struct sclog_action *a = action_of(p, *name);

		if (a && sclog_action_equal(a, &enosys))
			sclog_policy_forget_unconditional(p, *name);
	}
}

int sclog_policy_from_profile(const struct sclog_profile *prof, const struct sclog_action *def,
			      struct sclog_policy **ret, size_t *ret_unnamed)
{
	const struct sclog_syscall **v = NULL;
	struct sclog_policy *p = sclog_policy_new(def);
	size_t unnamed = 0;
	long n;

	if (!p)
		return -ENOMEM;
	n = sclog_profile_sorted(prof, &v);
	if (n < 0) {
		sclog_policy_free(p);
		return (int)n;
	}
	for (long i = 0; i < n; i++) {
		uint32_t arch = sclog_arch_of(v[i]->arch, v[i]->nr);
		_cleanup_free_ char *name = sclog_syscall_name(v[i]->arch, v[i]->nr);

		if (!name) {
			unnamed++;
			continue;
		}
		if (sclog_policy_add_arch(p, arch) < 0 || sclog_policy_allow(p, name) < 0) {
			free(v);
			sclog_policy_free(p);
			return -ENOMEM;
		}
	}
	free(v);
	*ret = p;
	*ret_unnamed = unnamed;
	return 0;
}
