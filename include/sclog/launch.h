/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_LAUNCH_H
#define SCLOG_LAUNCH_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/error.h"
#include "sclog/bpf.h"

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

/*
 * Who installs the recording filter of a profiled command.
 */
enum sclog_launch_mode {
	/* sclog installs the collector's filter in the child, then execs the
	 * command: `sclog run -- CMD`. */
	SCLOG_LAUNCH_OWN_FILTER,
	/* The command is a container runtime that installs the recording
	 * profile it was handed; sclog installs no filter and only starts the
	 * command as the collector needs it (a fresh audit session).  Not yet
	 * selectable: the container launch builds on it. */
	SCLOG_LAUNCH_RUNTIME_FILTER,
};

struct sclog_collector;
struct sclog_user;

/*
 * Fork a child that (1) restores @child_mask as its signal mask, (2) asks
 * for SIGKILL should sclog die, (3) runs the collector's child_setup (the
 * audit collector starts a fresh audit session there), (4) switches to
 * @user's groups, gid and uid unless @user is NULL, (5) with
 * SCLOG_LAUNCH_OWN_FILTER runs its child_filter, and (6) execs @path with
 * @argv and @envp (NULL: the current environment).  Returns 0 once the exec succeeded and
 * the collector's started operation accepted the child, filling @ret;
 * otherwise a negative errno (the errno of a failed execve(), or of a failed
 * step) with @err set, the child reaped.
 */
int sclog_launch(const char *path, char *const argv[], char *const envp[],
		 const struct sclog_user *user, enum sclog_launch_mode mode,
		 const struct sclog_collector *collector, const sigset_t *child_mask,
		 struct sclog_target *ret, struct sclog_error *err);

/*
 * Fork a child that names itself @comm (PR_SET_NAME), installs @bpf (the
 * marker filter) and calls getppid() once, producing one record with that
 * comm= in sclog's own audit session.  Returns its pid or -errno.
 */
pid_t sclog_launch_marker(const struct sclog_bpf *bpf, const sigset_t *child_mask,
			  const char *comm);

/*
 * Install @bpf on the calling thread with the seccomp() syscall, setting
 * no_new_privs only when the kernel demands it (no CAP_SYS_ADMIN).  Makes
 * no other syscall on success, so it can be the last step before execve().
 * Async-signal-safe.  Returns 0 or -errno.
 */
int sclog_launch_install_filter(const struct sclog_bpf *bpf);

/*
 * In a forked child: start an audit session of its own by writing @auid as
 * its login uid.  Async-signal-safe.  Returns 0 and the session id in
 * @ret_ses, or -errno.
 */
int sclog_launch_session(uint32_t auid, uint32_t *ret_ses);

/*
 * The login uid an audit session of the command gets: sclog's own when set
 * (it stays the same), otherwise the invoking user's (SUDO_UID when sclog
 * runs under sudo, else the real uid), so no root login is invented.
 * Returns it, and sclog's own login uid in @ret_before.
 */
uint32_t sclog_launch_session_auid(uint32_t *ret_before);

#endif
