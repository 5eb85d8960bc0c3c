/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_FILTER_H
#define SCLOG_FILTER_H

#include <linux/filter.h>
#include <stddef.h>

#include "sclog/error.h"

/* A compiled classic-BPF seccomp program (the kernel caps it at 4096). */
struct sclog_bpf {
	struct sock_filter insns[BPF_MAXINSNS];
	unsigned short len;
};

/*
 * Compile the profiling filter with libseccomp: default action
 * SECCOMP_RET_LOG for the native architecture and its compat ones (so an
 * i386 child is logged, not killed; the bad-arch action is LOG too), with
 * ALLOW for each syscall named in @allow (@n_allow names, may be 0).
 * Returns 0 and fills @ret, or a negative errno with @err set.
 */
int sclog_filter_build(const char *const *allow, size_t n_allow, struct sclog_bpf *ret,
		       struct sclog_error *err);

/*
 * Compile the end-of-run marker filter: ALLOW everything but getppid(),
 * which is LOGged.  Returns as sclog_filter_build().
 */
int sclog_filter_build_marker(struct sclog_bpf *ret, struct sclog_error *err);

/*
 * Install @bpf on the calling thread with the seccomp() syscall, setting
 * no_new_privs only when the caller lacks CAP_SYS_ADMIN.  Makes no other
 * syscall on success, so it can be the last step before execve().
 * Async-signal-safe.  Returns 0 or -errno.
 */
int sclog_filter_install(const struct sclog_bpf *bpf);

#endif
