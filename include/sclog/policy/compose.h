/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_COMPOSE_H
#define SCLOG_POLICY_COMPOSE_H

#include "sclog/policy/policy.h"
#include "sclog/records/profile.h"

/* Policies made from others, through the model's functions. */

/*
 * Allow every name of the NULL-terminated @names (NULL is fine): what a
 * container runtime is measured to need (--for).  A name that @p answers
 * with ERRNO(ENOSYS), the rule sclog writes for a libc fallback syscall the
 * command did not make, is allowed instead: the runtime makes it.  Returns
 * 0, -ENOMEM, or -EEXIST when @p gives a name another action; then
 * @ret_conflict (may be NULL) says which name and actions.
 */
int sclog_policy_allow_names(struct sclog_policy *p, char *const *names,
			     struct sclog_conflict *ret_conflict);

/*
 * The policy of a profile: default action @def, every architecture seen, an
 * ALLOW rule for every syscall seen.  Syscalls and architectures libseccomp
 * cannot name are left out and counted in @ret_unnamed.
 */
int sclog_policy_from_profile(const struct sclog_profile *prof, const struct sclog_action *def,
			      struct sclog_policy **ret, size_t *ret_unnamed);

/*
 * Add @from's architectures and rules to @into. Default actions are the
 * caller's to reconcile. Returns 0, -ENOMEM or -EEXIST (a name with two
 * actions, see sclog_policy_add_rule()).
 */
int sclog_policy_merge(struct sclog_policy *into, const struct sclog_policy *from,
		       struct sclog_conflict *ret_conflict);

/*
 * Merge @base into @observed, a policy of what a run saw (--base): a name
 * @observed has a rule for wins over @base's rules for it, which are
 * removed from @base (so @base is modified), and the result has no
 * conflict.  Returns the number of names @base gave another action, listed
 * in @ret_overridden (sorted, NULL-terminated, caller frees with
 * sclog_strv_free()), or -ENOMEM.
 */
long sclog_policy_merge_base(struct sclog_policy *observed, struct sclog_policy *base,
			     char ***ret_overridden);

/*
 * Portable errors for fallback syscalls: for each of @names (NULL-
 * terminated) that no rule of @p names and that libseccomp knows on one of
 * @p's architectures, add a rule returning ENOSYS, so that a C library that
 * tries it first falls back (glibc and musl fall back on ENOSYS only, never
 * on EPERM).  Nothing is added when the default action lets calls run or
 * is ERRNO(ENOSYS) already.  Returns the number added, listed in
 * @ret_added (NULL-terminated, caller frees with sclog_strv_free()), or
 * -ENOMEM.
 */
long sclog_policy_add_enosys(struct sclog_policy *p, char *const *names, char ***ret_added);

/*
 * The reverse, for inputs about to be merged: remove the argument-less
 * ERRNO(ENOSYS) rule of each of @names (the fallback syscalls), so that one
 * input's stub does not conflict with another input that allows the call;
 * sclog_policy_add_enosys() on the union puts back those still needed.
 */
void sclog_policy_drop_enosys(struct sclog_policy *p, char *const *names);

#endif
