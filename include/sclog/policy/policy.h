/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_POLICY_H
#define SCLOG_POLICY_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/action.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/policy/condition.h"

/*
 * The policy model: a seccomp policy as OCI describes it (default action,
 * architectures, rules of an action for some syscall names, maybe with
 * argument conditions), and the operations on it.  Pure: no I/O.  Readers
 * (policy_parse.c) and writers (export_*.c) depend on it, never the
 * reverse.
 */

/* One OCI rule: an action for some syscall names, maybe with conditions. */
struct sclog_rule {
	char **names; /* in a policy, its own copies, shared by its rules */
	size_t n_names;
	struct sclog_action action;
	struct sclog_arg *args;
	size_t n_args;
};

struct sclog_policy_index;

/*
 * A seccomp policy as OCI describes it, normalised as it is built (only
 * through the functions below; read the fields, never write them):
 *  - all argument-less rules of one action are one rule, names unique;
 *  - a rule with two conditions on one argument is split into one rule per
 *    condition, OR'ed, as crun and runc do (libseccomp cannot compile
 *    such a rule);
 *  - an identical conditional rule is kept once;
 *  - every syscall name has one action: rules giving it two are refused
 *    (sclog_policy_add_rule() says which), so rule order never matters.
 * Rules may have no names left after sclog_policy_forget(); writers skip
 * them.
 */
struct sclog_policy {
	struct sclog_action default_action;
	uint32_t *arches; /* SCMP_ARCH_* tokens, sorted, unique */
	size_t n_arches;
	struct sclog_rule *rules;
	size_t n_rules;
	struct sclog_policy_index *index; /* private: name -> rules */
};

/* Why a rule was refused: @name already has action @existing. */
struct sclog_conflict {
	const char *name; /* valid while the policy is unchanged */
	struct sclog_action existing, added;
	size_t existing_rule; /* index in rules[] of a rule giving @existing */
};

/* A new empty policy with default action @def, or NULL without memory. */
struct sclog_policy *sclog_policy_new(const struct sclog_action *def);

/* Free @p (NULL is fine); returns NULL. */
struct sclog_policy *sclog_policy_free(struct sclog_policy *p);
SCLOG_DEFINE_CLEANUP(struct sclog_policy *, sclog_policy_free)

/* Add architecture @arch (a libseccomp token). Returns 0 or -ENOMEM. */
int sclog_policy_add_arch(struct sclog_policy *p, uint32_t arch);

/*
 * Allow @name unconditionally (it joins the policy's argument-less ALLOW
 * rule). Returns 0 or -ENOMEM.
 */
int sclog_policy_allow(struct sclog_policy *p, const char *name);

/*
 * Add a copy of @rule, normalised (see struct sclog_policy).  Returns 0,
 * -ENOMEM, or -EEXIST when one of its names already has another action in
 * @p: then @p is unchanged by this name onwards and @ret_conflict (may be
 * NULL) says which name and actions.
 */
int sclog_policy_add_rule(struct sclog_policy *p, const struct sclog_rule *rule,
			  struct sclog_conflict *ret_conflict);

/*
 * Remove @name from every rule of @p, so that it falls to the default
 * action.  Returns 1 when some rule named it, else 0.
 */
int sclog_policy_forget(struct sclog_policy *p, const char *name);

/*
 * Remove @name from its argument-less rule only (its conditional rules
 * stay).  Returns 1 when it had one, else 0.
 */
int sclog_policy_forget_unconditional(struct sclog_policy *p, const char *name);

/*
 * The one evaluation of a policy, which every consumer uses: the action @p
 * takes for syscall @name on @arch, as runc and crun compile it with
 * libseccomp.
 *  - @arch not covered: KILL_THREAD (libseccomp's bad-arch action);
 *  - @name unknown on @arch, or in no rule: the default action;
 *  - @args (the six argument values) given: the rules' action when one of
 *    the rules naming @name has all its conditions true, else the default;
 *  - @args NULL and the answer depends on them: returns 1 with the rules'
 *    action in @ret (taken when their conditions hold; the default
 *    otherwise).
 * Returns 0 (or 1, as said) and fills @ret.
 */
int sclog_policy_eval(const struct sclog_policy *p, uint32_t arch, const char *name,
		      const uint64_t *args, struct sclog_action *ret);

/*
 * True when sclog_policy_eval() lets @name run (ALLOW or LOG) on @arch, at
 * least for some arguments (@ret_conditional, may be NULL, says whether it
 * depends on them).  Works for allow-lists and deny-lists alike.
 */
int sclog_policy_allows(const struct sclog_policy *p, uint32_t arch, const char *name,
			int *ret_conditional);

/*
 * True when @p covers @arch: it lists it, or it lists none and @arch is
 * the native one (as libseccomp does).
 */
int sclog_policy_covers(const struct sclog_policy *p, uint32_t arch);

/*
 * The architectures a policy covers: its own list, or the native one when
 * it lists none.  Returns the count and an array the caller frees in @ret.
 */
long sclog_policy_arches(const struct sclog_policy *p, uint32_t **ret);

/*
 * Every syscall name some rule of @p names (sorted).  Returns the count and
 * a NULL-terminated array the caller frees with sclog_strv_free(), or
 * -ENOMEM.
 */
long sclog_policy_names(const struct sclog_policy *p, char ***ret);

/*
 * The names of sclog_policy_names() that @p allows on @arch (sorted): for
 * an allow-list, everything it allows.
 * Returns the count and a NULL-terminated array the caller frees with
 * sclog_strv_free(), or -ENOMEM.
 */
long sclog_policy_allowed_names(const struct sclog_policy *p, uint32_t arch, char ***ret);

/*
 * The rules of @p that name @name: their count, and in @ret their indexes
 * in rules[] (ascending; valid while @p is unchanged).  All have one
 * action.
 */
long sclog_policy_rules_of(const struct sclog_policy *p, const char *name, const uint32_t **ret);

#endif
