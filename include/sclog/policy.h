/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_H
#define SCLOG_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/error.h"
#include "sclog/pipeline.h"
#include "sclog/profile.h"

enum sclog_action_kind {
	SCLOG_ACT_KILL_PROCESS,
	SCLOG_ACT_KILL_THREAD,
	SCLOG_ACT_TRAP,
	SCLOG_ACT_ERRNO,
	SCLOG_ACT_LOG,
	SCLOG_ACT_ALLOW,
};

struct sclog_action {
	enum sclog_action_kind kind;
	uint32_t errno_ret; /* SCLOG_ACT_ERRNO only */
};

/*
 * Parse a command-line action: "errno" (EPERM), "errno:N", "errno:ENAME",
 * "kill" (the thread, OCI's SCMP_ACT_KILL), "kill-process", "trap", "log".
 * Returns 0 and fills @ret, or -EINVAL.
 */
int sclog_action_parse(const char *text, struct sclog_action *ret);

/* The OCI name of @kind ("SCMP_ACT_ERRNO", …). */
const char *sclog_action_oci_name(enum sclog_action_kind kind);

/*
 * libseccomp's name of the architecture whose AUDIT_ARCH/SCMP_ARCH token is
 * @arch ("x86_64", "x86", …), or NULL when libseccomp does not know it.
 * The result is static.
 */
const char *sclog_arch_name(uint32_t arch);

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

/* A condition on a syscall argument (OCI "args"). */
struct sclog_arg {
	unsigned int index;  /* 0..5 */
	uint64_t value;
	uint64_t value_two;
	int op;              /* enum scmp_compare */
};

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
 * Parse and strictly validate a policy: an OCI `linux.seccomp` object, a
 * whole OCI config.json (its linux.seccomp), or a Docker/moby profile
 * (archMap).  Unknown keys, syscall names or architectures, wrong types,
 * an errno on a non-errno action, TRACE/NOTIFY actions and Docker's
 * includes/excludes are errors whose message names @source, the JSON path
 * and the reason (a syntax error names line and column).  Returns 0 and a
 * policy the caller frees, or -EINVAL/-ENOMEM with @err set.
 */
int sclog_policy_parse(const char *buf, size_t len, const char *source,
		       struct sclog_policy **ret, struct sclog_error *err);

/*
 * Serialise @p as OCI JSON, normalised: argument-less rules with the same
 * action merged, names sorted and unique, architectures sorted; rules with
 * conditions kept in order.  Returns 0 and a string the caller frees.
 */
int sclog_policy_to_oci(const struct sclog_policy *p, char **ret_json);

/*
 * Serialise @p as a Docker (moby) profile: like OCI but with "archMap"
 * grouping each native architecture with its compat ones.
 */
int sclog_policy_to_docker(const struct sclog_policy *p, char **ret_json);

/*
 * Add @from's architectures and rules to @into (the union of the
 * allowlists). Default actions are the caller's to reconcile. Returns 0 or
 * -ENOMEM.
 */
int sclog_policy_merge(struct sclog_policy *into, const struct sclog_policy *from);

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

/*
 * Convenience for a run: sclog_policy_from_profile() then
 * sclog_policy_to_oci().
 */
int sclog_policy_oci(const struct sclog_profile *p, const struct sclog_action *def,
		     char **ret_json, size_t *ret_unnamed);

/* The SCMP_ARCH_* name of @arch ("SCMP_ARCH_X86_64"), or NULL; caller frees. */
char *sclog_arch_oci_name(uint32_t arch);

/* The token of an OCI architecture name, or 0 when libseccomp does not know it. */
uint32_t sclog_arch_from_oci_name(const char *name);

/* The action of an OCI action name (SCMP_ACT_*); -EINVAL if unknown, -EOPNOTSUPP for
 * TRACE and NOTIFY, which sclog cannot enforce. */
int sclog_action_from_oci_name(const char *name, enum sclog_action_kind *ret);

/* What a report says about the run besides the profile itself. */
struct sclog_run_info {
	const char *version;
	const char *kernel_release;
	char *const *argv;        /* the command, NULL-terminated */
	double duration;          /* seconds */
	int exited;               /* 1: exited with @status; 0: killed by @status */
	int status;
	uint32_t ses;
	uint64_t lost_enobufs;    /* ENOBUFS seen on the audit socket */
	uint64_t lost_kernel;     /* growth of the kernel's audit lost counter */
	int complete;
	const char *const *problems; /* why it is incomplete, if it is */
	size_t n_problems;
	long max_rss_kib;         /* sclog's own peak resident set */
	const char *base;         /* --base policy, or NULL */
	size_t new_syscalls;      /* names the base did not allow */
	const char *runtime;      /* --for: description of the runtime, or NULL */
	char *const *runtime_names; /* what was added for it, NULL-terminated */
};

/*
 * Serialise the run report: per syscall its arch, name, number, count, first
 * pid, exe and comm (as "exe_hex"/"comm_hex" when not valid UTF-8), the
 * counters, and @info.  Returns 0 and a string in @ret_json the caller frees,
 * or -ENOMEM.
 */
int sclog_report_json(const struct sclog_profile *p, const struct sclog_counters *c,
		      const struct sclog_run_info *info, char **ret_json);

/* True when @s (@len bytes) is valid UTF-8 without NUL bytes. */
int sclog_utf8_valid(const char *s, size_t len);

#endif
