/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_NOTIFY_TARGET_H
#define SCLOG_COLLECT_NOTIFY_TARGET_H

#include <stdint.h>
#include <sys/types.h>

#include "sclog/collect/notify/serve.h"

/*
 * The notified process as sclog reads it while its call waits: its
 * memory (/proc/PID/mem) and its /proc files.  Private to the notify
 * collector (serve.c, handoff.c).
 */

struct seccomp_notif;

/*
 * Read @len bytes at @addr of thread @pid, which waits in notification
 * @id of @n's listener.  Returns the bytes read, -ESRCH when the call no
 * longer waits (the bytes may then belong to another call), or -errno.
 */
ssize_t sclog_notify_read_target(const struct sclog_notify *n, pid_t pid, uint64_t id,
				 uint64_t addr, void *buf, size_t len);

/* sclog_status_field() of /proc/@pid/status. */
int sclog_notify_read_status(pid_t pid, const char *field, int nth, long *ret);

/*
 * @req is an execve() (@at 0) or execveat() (@at 1) under no_new_privs:
 * count in @n->counters.setuid_lost a program that would have gained
 * privileges, and keep the first one's name in @n->setuid_example.
 */
void sclog_notify_check_setid_exec(struct sclog_notify *n, const struct seccomp_notif *req, int at);

/*
 * Add @req, the first call of its syscall, to @n's profile with who made
 * it (process id, comm, exe), as audit records do.  Returns what
 * sclog_profile_add() returns.
 */
int sclog_notify_add_first(struct sclog_notify *n, const struct seccomp_notif *req);

/*
 * What the filter program a seccomp() or prctl() call of @req at @fprog
 * hands the kernel can answer (sclog_ownfilter_actions()), read while the
 * call waits; 0 when it cannot be read.
 */
unsigned sclog_notify_program_actions(const struct sclog_notify *n, const struct seccomp_notif *req,
				      uint64_t fprog);

#endif
