/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_FILTER_H
#define SCLOG_POLICY_FILTER_H

#include <stdint.h>

#include "sclog/basic/error.h"
#include "sclog/policy/bpf.h"
#include "sclog/policy/policy.h"

/*
 * Compile the profiling filter with libseccomp: default action
 * SECCOMP_RET_LOG for the native architecture and its compat ones (so an
 * i386 child is logged, not killed; the bad-arch action is LOG too).  When
 * @known is given, the filter is @known itself with every action that lets
 * a call run (ALLOW, LOG) made ALLOW and every other one (its default
 * included) made LOG, on @known's architectures (others fall to the bad-arch
 * action, LOG): exactly what @known would stop reaches the audit path, for
 * allow-lists and deny-lists alike.  Returns 0 and fills @ret, or a negative
 * errno with @err set.
 */
int sclog_filter_build_profile(const struct sclog_policy *known, struct sclog_bpf *ret,
			       struct sclog_error *err);

/*
 * The same with @collect (SCMP_ACT_LOG or SCMP_ACT_NOTIFY) as the
 * collecting action.  seccomp() is always collected, even where @known
 * allows it (sclog_filter_seccomp_known()).  With SCMP_ACT_LOG, the syscalls of @notify
 * (NULL-terminated, may be NULL) get SCMP_ACT_NOTIFY, unless @known allows
 * them: the hybrid filter of --args with the audit collector.  With a
 * listener (SCMP_ACT_NOTIFY, or @notify given) execve always reaches it,
 * even when @known allows it: the child's execve must wait until sclog
 * holds the listener.
 */
int sclog_filter_build_collect(const struct sclog_policy *known, uint32_t collect,
			       const char *const *notify, struct sclog_bpf *ret,
			       struct sclog_error *err);

/*
 * True when @known (may be NULL) allows execve unconditionally: the
 * collecting filter's listener then receives execve only so that the
 * child waits, and the collector must not count it.
 */
int sclog_filter_execve_known(const struct sclog_policy *known);

/*
 * True when @known (may be NULL) allows seccomp() unconditionally: the
 * collecting filter still sends it to sclog, which looks for the
 * command's own filters (ownfilter.h), and the collector must not count
 * it.  (Allowed only for some arguments, it is left to @known's rules.)
 */
int sclog_filter_seccomp_known(const struct sclog_policy *known);

/*
 * Compile @p as a runtime would: its default action, its architectures, its
 * rules.  Names absent on one architecture are skipped there, and rules
 * whose action equals the default are redundant, as in runc and crun.
 */
int sclog_filter_build_enforce(const struct sclog_policy *p, struct sclog_bpf *ret,
			       struct sclog_error *err);

/*
 * Compile the filter of phased enforcement: @p (the whole run) until a
 * boundary, @s (the serving phase) after it.  @s's calls are allowed (with
 * their own action and conditions); @p's that @s lacks get
 * SECCOMP_RET_USER_NOTIF, for sclog to let through before the boundary and
 * deny after it; so do execve (the first must wait until sclog holds the
 * listener) and @boundary (NULL: none), whose first call is the boundary;
 * everything else gets @p's default action, @p's other actions stay.
 * Refused with -EINVAL and why in @err: a default action that lets calls
 * run, names @s allows and @p does not, a @boundary @s does not allow,
 * conditions on execve or @boundary, or conditions that differ between
 * @p and @s for a name both allow.  Returns 0 and fills @ret, or -errno.
 */
int sclog_filter_build_phased(const struct sclog_policy *p, const struct sclog_policy *s,
			      const char *boundary, struct sclog_bpf *ret, struct sclog_error *err);

/*
 * Compile the end-of-run marker filter: ALLOW everything but getppid(),
 * which is LOGged.  Returns as sclog_filter_build_profile().
 */
int sclog_filter_build_marker(struct sclog_bpf *ret, struct sclog_error *err);

/*
 * Install @bpf on the calling thread with the seccomp() syscall, setting
 * no_new_privs only when the kernel demands it (no CAP_SYS_ADMIN).  Makes
 * no other syscall on success, so it can be the last step before execve().
 * Async-signal-safe.  Returns 0 or -errno.
 */
int sclog_filter_install(const struct sclog_bpf *bpf);

#endif
