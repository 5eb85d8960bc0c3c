/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_RUNTIMES_H
#define SCLOG_POLICY_RUNTIMES_H

#include <stddef.h>

#include "sclog/basic/error.h"
#include "sclog/policy/policy.h"

/*
 * What a container runtime itself needs in a policy: the syscalls it makes
 * after installing the container's filter and before the workload's execve,
 * measured per runtime and no-new-privileges setting and kept in
 * policies/runtimes.json:
 *   { "runtimes": { "crun": { "version": …, "measured": …,
 *                             "noNewPrivileges": { "true": [names], "false": [names] } },
 *                   "podman": { "uses": "crun" }, … } }
 */
struct sclog_runtime_needs {
	char **names; /* union of both settings, sorted, NULL-terminated */
	size_t n_names;
	char *description; /* e.g. "crun 1.8.1 (measured 2026-11-28 on Linux …)" */
};

/*
 * Look up @runtime in the data file's text @buf (@len bytes, named @source
 * in errors), following "uses" aliases.  Returns 0 and fills @ret, or
 * -ENOENT (unknown runtime; the message lists the known ones) or -EINVAL.
 */
int sclog_runtime_lookup(const char *buf, size_t len, const char *source, const char *runtime,
			 struct sclog_runtime_needs *ret, struct sclog_error *err);

/*
 * Allow in @p every syscall @needs lists (sclog_policy_allow_names).
 * Returns 0, or -ENOMEM or -EEXIST (@p denies one of them) with @err
 * saying which syscall, which action and what to do.
 */
int sclog_runtime_allow(struct sclog_policy *p, const struct sclog_runtime_needs *needs,
			struct sclog_error *err);

/* Free what @needs holds. */
void sclog_runtime_needs_done(struct sclog_runtime_needs *needs);

#endif
