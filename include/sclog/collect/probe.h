/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_PROBE_H
#define SCLOG_COLLECT_PROBE_H

#include <stddef.h>

#include "sclog/collect/audit/audit.h"

/* The result of one check of what profiling needs from the kernel. */
struct sclog_check {
	const char *name;
	int ok;		   /* 1 passed, 2 passed with a warning, 0 failed,
			    * -1 not run (an earlier check failed) */
	int fatal;	   /* a failure stops `sclog run` before the command starts;
			    * otherwise the run goes on and is incomplete */
	char detail[1536]; /* what was found, and on failure what to do */
};

/*
 * Run the checks that need no audit socket of the caller's: seccomp,
 * SECCOMP_RET_LOG (SECCOMP_GET_ACTION_AVAIL and actions_avail),
 * actions_logged, the audit netlink socket and multicast group, the audit
 * status, and an audit session of the command's own (tested in a forked
 * child, so nothing of the caller changes).  Fills at most @max entries of
 * @checks and returns how many.
 */
size_t sclog_probe_kernel(struct sclog_check *checks, size_t max);

/*
 * Whether the running kernel has SECCOMP_RET_LOG, checked as `doctor` does
 * (seccomp, SECCOMP_GET_ACTION_AVAIL and actions_avail): 1 yes, 0 no.
 * @c says what was found.
 */
int sclog_probe_ret_log(struct sclog_check *c);

/* The kernel release (uname -r) into @buf. */
void sclog_probe_release(char *buf, size_t size);

#endif
