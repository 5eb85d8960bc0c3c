/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_AUDIT_SESSION_H
#define SCLOG_COLLECT_AUDIT_SESSION_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/policy/bpf.h"

/*
 * Fork a child that names itself @comm (PR_SET_NAME), installs @bpf (the
 * marker filter) and calls getppid() once, producing one record with that
 * comm= in sclog's own audit session.  Returns its pid or -errno.
 */
pid_t sclog_audit_marker(const struct sclog_bpf *bpf, const sigset_t *child_mask, const char *comm);

/*
 * In a forked child: start an audit session of its own by writing @auid as
 * its login uid.  Async-signal-safe.  Returns 0 and the session id in
 * @ret_ses, or -errno.
 */
int sclog_audit_session(uint32_t auid, uint32_t *ret_ses);

/*
 * The login uid an audit session of the command gets: sclog's own when set
 * (it stays the same), otherwise the invoking user's (SUDO_UID when sclog
 * runs under sudo, else the real uid), so no root login is invented.
 * Returns it, and sclog's own login uid in @ret_before.
 */
uint32_t sclog_audit_session_auid(uint32_t *ret_before);

#endif
