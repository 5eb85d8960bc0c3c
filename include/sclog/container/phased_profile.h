/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_PHASED_PROFILE_H
#define SCLOG_CONTAINER_PHASED_PROFILE_H

#include "sclog/basic/error.h"
#include "sclog/container/command_line.h"
#include "sclog/policy/policy.h"

/* What the profile of `enforce --container --serving` is made of. */
struct sclog_container_phased {
	const struct sclog_policy *p; /* the whole run's policy */
	const struct sclog_policy *s; /* the serving phase's, a part of @p */
	const char *boundary;	      /* the boundary syscall, or NULL */
	const char *policy;	      /* @p's file name, for messages */
};

/*
 * The runtime's crun's init calls after its filter, only when it sends a
 * listener (it waits for, then kills, the helper that sent it): the
 * profile notifies them when the whole run's policy lacks them, and the
 * gate lets them through only before the container's first execve.
 * NULL-terminated.
 */
extern const char *const sclog_container_handover_calls[];

/*
 * The profile a runtime gets for phased enforcement of its container, as
 * OCI JSON naming the unix socket @socket as linux.seccomp.listenerPath:
 * @ph->s's rules allowed; @ph->p's other allowed rules, execve, the
 * boundary syscall and sclog_container_handover_calls @ph->p lacks as
 * SCMP_ACT_NOTIFY; @ph->p's default action and its denials.  @ph must
 * have passed sclog_filter_build_phased().  runc 1.1 refuses NOTIFY for
 * write, and its Go init returns from signals and wakes threads before the
 * listener is sent (sclog_container_runc_unseen): for every runtime but
 * crun those names are allowed even when @ph->s lacks them, and
 * -EOPNOTSUPP with why in @err when @ph->p lacks one.
 * Returns 0 and a string the caller frees in @ret_json, or -errno.
 */
int sclog_container_phased_profile(enum sclog_container_runtime runtime, const char *socket,
				   const struct sclog_container_phased *ph, char **ret_json,
				   struct sclog_error *err);

#endif
