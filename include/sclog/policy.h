/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_H
#define SCLOG_POLICY_H

#include <stddef.h>
#include <stdint.h>

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

/*
 * Serialise @p as an OCI runtime-spec `linux.seccomp` allowlist with default
 * action @def: every architecture seen, and one ALLOW rule whose names are
 * sorted.  Syscalls without a name are left out and counted in
 * @ret_unnamed; architectures libseccomp does not know are counted there too.
 * On success returns 0 and a string in @ret_json the caller frees.
 */
int sclog_policy_oci(const struct sclog_profile *p, const struct sclog_action *def,
		     char **ret_json, size_t *ret_unnamed);

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
