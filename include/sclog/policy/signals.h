/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_SIGNALS_H
#define SCLOG_POLICY_SIGNALS_H

#include <stdint.h>

#include "sclog/policy/policy.h"

/*
 * The calls a signal handler returns with, implied by the calls that
 * install one.  execve resets every handler, so a handler a recorded
 * command returns from was installed under the recording: whoever allows
 * rt_sigaction (sigaction, signal: the 32-bit ABIs) on an architecture
 * must allow that architecture's return calls (rt_sigreturn; sigreturn on
 * i386 and arm), or the policy kills the command at its first signal.
 * They are implied rather than recorded because no run can promise a
 * signal, and because the notify collector lets them run unseen: one
 * notified while a signal arrives fails with EINTR, and the restorer then
 * returns to no code (SIGSEGV).
 */

/* The return calls, on any architecture (NULL-terminated). */
extern const char *const sclog_signal_returns[];

/* One return call @p must allow on @arch, since it allows @because there. */
struct sclog_implied {
	const char *name;    /* static: one of sclog_signal_returns */
	uint32_t arch;	     /* a libseccomp token */
	const char *because; /* static: the installing call @p allows */
};

/*
 * Every return call (architecture by architecture, as libseccomp knows
 * them) that @p implies: on each architecture @p covers where it allows
 * a call installing a handler, whether or not @p allows the return call.
 * Returns the count and an array the caller frees in @ret, or -ENOMEM.
 */
long sclog_policy_implied(const struct sclog_policy *p, struct sclog_implied **ret);

/*
 * Allow in @p each return call @from implies that @p does not let run on
 * its architecture (@from is @p, or the whole run's policy for one of its
 * phases: a handler installed before a boundary returns after it).  A
 * name another rule of @p gives another action (a --base) keeps it.
 * Returns the number added, listed in @ret_added (sorted, NULL-terminated,
 * caller frees with sclog_strv_free(); NULL when none), or -ENOMEM.
 */
long sclog_policy_add_implied(struct sclog_policy *p, const struct sclog_policy *from,
			      char ***ret_added);

/*
 * The known policy of a collecting filter that lets @names (NULL-
 * terminated) run unseen beside what @known (may be NULL: nothing)
 * allows: @known's default (KILL_PROCESS without it), architectures and
 * rules, the native architecture and its compat ones (a filter without a
 * known policy collects them all), and each of @names allowed unless
 * @known gives it another action (a base or check's policy that denies it
 * keeps its rule: that name is collected as without this).  Returns the
 * policy, or NULL without memory.
 */
struct sclog_policy *sclog_policy_unseen(const struct sclog_policy *known,
					 const char *const *names);

#endif
