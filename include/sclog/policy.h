/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_H
#define SCLOG_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/action.h"
#include "sclog/profile.h"

/*
 * The policy model: a seccomp policy as OCI describes it (default action,
 * architectures, rules of an action for some syscall names, maybe with
 * argument conditions), and the operations on it.  Pure: no I/O.  Readers
 * (policy_parse.c) and writers (export_*.c) depend on it, never the
 * reverse.
 */

/* A condition on a syscall argument (OCI "args"). */
struct sclog_arg {
	unsigned int index;  /* 0..5 */
	uint64_t value;
	uint64_t value_two;
	int op;              /* enum scmp_compare */
};

/*
 * The OCI name of comparison @op ("SCMP_CMP_EQ", …), or NULL; static.
 */
const char *sclog_cmp_oci_name(int op);

/* The comparison of an OCI name: 0 and @ret, or -EINVAL. */
int sclog_cmp_from_oci_name(const char *name, int *ret);

/* One OCI rule: an action for some syscall names, maybe with conditions. */
struct sclog_rule {
	char **names;
	size_t n_names;
	struct sclog_action action;
	struct sclog_arg *args;
	size_t n_args;
};

/* A seccomp policy as OCI describes it. */
struct sclog_policy {
	struct sclog_action default_action;
	uint32_t *arches;    /* SCMP_ARCH_* tokens, sorted, unique */
	size_t n_arches;
	struct sclog_rule *rules;
	size_t n_rules;
};

/* A new empty policy with default action @def, or NULL without memory. */
struct sclog_policy *sclog_policy_new(const struct sclog_action *def);

/* Free @p (NULL is fine); returns NULL. */
struct sclog_policy *sclog_policy_free(struct sclog_policy *p);

/* Add architecture @arch (a libseccomp token). Returns 0 or -ENOMEM. */
int sclog_policy_add_arch(struct sclog_policy *p, uint32_t arch);

/*
 * Allow @name unconditionally (it joins the policy's argument-less ALLOW
 * rule). Returns 0 or -ENOMEM.
 */
int sclog_policy_allow(struct sclog_policy *p, const char *name);

/* Allow every name of the NULL-terminated @names (NULL is fine). */
int sclog_policy_allow_names(struct sclog_policy *p, char *const *names);

/*
 * Add a copy of @rule: an argument-less rule joins the policy's rule of the
 * same action (names stay unique), a conditional rule is appended unless an
 * identical one is there.  Returns 0 or -ENOMEM.
 */
int sclog_policy_add_rule(struct sclog_policy *p, const struct sclog_rule *rule);

/*
 * True when @name is allowed on @arch, unconditionally or by a rule with
 * argument conditions (@ret_conditional says which, may be NULL).  A policy
 * without architectures covers the native one only, as libseccomp does.
 */
int sclog_policy_allows(const struct sclog_policy *p, uint32_t arch, const char *name,
			int *ret_conditional);

/*
 * The policy of a profile: default action @def, every architecture seen, an
 * ALLOW rule for every syscall seen.  Syscalls and architectures libseccomp
 * cannot name are left out and counted in @ret_unnamed.
 */
int sclog_policy_from_profile(const struct sclog_profile *prof, const struct sclog_action *def,
			      struct sclog_policy **ret, size_t *ret_unnamed);

/*
 * Add @from's architectures and rules to @into (the union of the
 * allowlists). Default actions are the caller's to reconcile. Returns 0 or
 * -ENOMEM.
 */
int sclog_policy_merge(struct sclog_policy *into, const struct sclog_policy *from);

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
 * Every syscall name libseccomp knows on @arch that @p allows (sorted).
 * Returns the count and a NULL-terminated array the caller frees with
 * sclog_strv_free(), or -ENOMEM.
 */
long sclog_policy_allowed_names(const struct sclog_policy *p, uint32_t arch, char ***ret);

/* Free a NULL-terminated string array (NULL is fine). */
void sclog_strv_free(char **v);

#endif
