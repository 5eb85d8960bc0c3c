/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_ACTION_H
#define SCLOG_BASIC_ACTION_H

#include <stddef.h>
#include <stdint.h>

/* What a seccomp filter does with a syscall (OCI's SCMP_ACT_*). */
/* The largest errno an ERRNO action may return: libseccomp (2.5.4
 * measured), and so runc and crun, refuse 4095 and above. */
#define SCLOG_ERRNO_MAX 4094

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

/* The command-line name of @kind ("errno", "kill-process", …); static. */
const char *sclog_action_cli_name(enum sclog_action_kind kind);

/* The OCI name of @kind ("SCMP_ACT_ERRNO", …); static. */
const char *sclog_action_oci_name(enum sclog_action_kind kind);

/*
 * The action of an OCI action name (SCMP_ACT_*): 0 and @ret, -EINVAL if
 * unknown, -EOPNOTSUPP for TRACE and NOTIFY, which sclog cannot enforce.
 */
int sclog_action_from_oci_name(const char *name, enum sclog_action_kind *ret);

/* True when @a and @b are the same action (and errno, for ERRNO). */
int sclog_action_equal(const struct sclog_action *a, const struct sclog_action *b);

/* True for the actions that let the syscall run (ALLOW, LOG). */
int sclog_action_permits(const struct sclog_action *a);

/*
 * @a for a message: "SCMP_ACT_ERRNO(13)" or "SCMP_ACT_KILL"; written into
 * @buf of @size bytes, which is returned.
 */
const char *sclog_action_describe(const struct sclog_action *a, char *buf, size_t size);

#endif
