/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_NOTIFY_HANDOFF_H
#define SCLOG_COLLECT_NOTIFY_HANDOFF_H

#include <sys/types.h>

#include "sclog/basic/error.h"
#include "sclog/collect/notify/serve.h"
#include "sclog/policy/bpf.h"

/*
 * How the listener reaches sclog.  It is created in the child's descriptor
 * table by the child's seccomp(), and the child's own next syscall already
 * waits for sclog, so the child cannot pass it on.  A helper cloned from
 * the child just before (CLONE_FILES | CLONE_PARENT) shares that table but
 * not the filter: it sends the listener over a socket and exits.  No
 * pidfd_getfd(), so no ptrace access is needed (Docker's default seccomp
 * profile grants pidfd_getfd() only with CAP_SYS_PTRACE).
 */
struct sclog_notify_handoff {
	int sock[2]; /* [0] sclog's end, [1] the child's; close-on-exec */
};

/* In sclog, before the fork: the socket pair.  Returns 0 or -errno. */
int sclog_notify_handoff_open(struct sclog_notify_handoff *h);
void sclog_notify_handoff_close(struct sclog_notify_handoff *h);

/*
 * In the forked child, before anything else opens a descriptor: start the
 * helper, which waits for the listener at the number it will get (the
 * lowest free one).  Async-signal-safe.  Returns the helper's pid (a child
 * of sclog), or -errno.
 */
pid_t sclog_notify_child_handoff(const struct sclog_notify_handoff *h);

/*
 * In the forked child, the last step before execve(): install @bpf, whose
 * collecting action is SECCOMP_RET_USER_NOTIF, with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER, setting no_new_privs only when the
 * kernel demands it (no CAP_SYS_ADMIN).  From here on every syscall of
 * the child waits until sclog answers.  Async-signal-safe.  Returns the
 * listener (the reserved number), or -errno.
 */
int sclog_notify_child_install(const struct sclog_bpf *bpf);

/* Whether this kernel takes SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19):
 * once sclog has received a call, only a fatal signal ends its wait. */
int sclog_notify_killable_recv(void);

/*
 * In sclog, once child @pid started @helper: receive the listener from the
 * helper (the child's next syscall already waits for an answer, so it
 * never runs ahead) and reap the helper.  Then note whether the child runs
 * with no_new_privs, and with @sync_wake_up ask for
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (6.6+; ignored without it).  Returns
 * 0 with @n->listener set, -ECHILD when the child exited first, or another
 * -errno, with @err set.
 */
int sclog_notify_attach(struct sclog_notify *n, pid_t pid, struct sclog_notify_handoff *h,
			pid_t helper, int sync_wake_up, struct sclog_error *err);

/*
 * Take @fd, a listener another process created and passed to sclog (a
 * container runtime, through linux.seccomp.listenerPath), as @n's
 * listener; @n owns it from here on, also on failure.  With @sync_wake_up
 * as sclog_notify_attach().  Returns 0, or -EBADF when @fd is not a
 * seccomp listener.  The listener counts as interruptible after receipt
 * (@n->interruptible): the caller clears that when the runtime was asked
 * for SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV and took it.
 */
int sclog_notify_adopt(struct sclog_notify *n, int fd, int sync_wake_up);

#endif
