/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_LAUNCH_H
#define SCLOG_RUN_LAUNCH_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/basic/error.h"
#include "sclog/collect/collector.h"

/* A started target. */
struct sclog_target {
	pid_t pid;
};

/*
 * Find @name the way execvp() would (PATH, or as given when it holds a
 * slash).  Returns 0 and a path the caller frees in @ret_path; -ENOENT when
 * nothing is found, -EACCES when only non-executable matches exist.
 */
int sclog_launch_resolve(const char *name, char **ret_path);

struct sclog_user;

/* What to start, and how. */
struct sclog_launch_params {
	const char *path;	       /* the resolved executable */
	char *const *argv;	       /* NULL-terminated */
	char *const *envp;	       /* NULL: the current environment */
	const struct sclog_user *user; /* --user, or NULL */
	enum sclog_launch_mode mode;
	const struct sclog_collector *collector;
	const sigset_t *child_mask; /* the child's signal mask */
};

/*
 * Fork a child that (1) restores @params->child_mask as its signal mask,
 * (2) asks for SIGKILL should sclog die, (3) runs the collector's
 * child_setup (the audit collector starts a fresh audit session there),
 * (4) switches to @params->user's groups, gid and uid unless it is NULL,
 * (5) with SCLOG_LAUNCH_OWN_FILTER runs the collector's child_filter, and
 * (6) execs @params->path with @params->argv and @params->envp.  Returns
 * 0 once the exec succeeded and the collector's started operation
 * accepted the child, filling @ret; otherwise a negative errno (the errno
 * of a failed execve(), or of a failed step) with @err set, the child
 * reaped.
 */
int sclog_launch(const struct sclog_launch_params *params, struct sclog_target *ret,
		 struct sclog_error *err);

#endif
