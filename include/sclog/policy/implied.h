/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_IMPLIED_H
#define SCLOG_POLICY_IMPLIED_H

#include <stdint.h>

#include "sclog/policy/policy.h"

/*
 * The calls every recorded policy implies, whether a run saw them or not,
 * and the notify collector lets run unseen: one notified while a signal
 * arrives fails with EINTR before sclog receives it, and these are the
 * calls whose failure crashes the command rather than reaching its code.
 *
 * - brk, exit, exit_group: always.  Every process that ends normally
 *   calls exit_group (glibc's _exit falls back on exit, then halts: a
 *   general protection fault when both fail), and malloc starts with brk
 *   (glibc takes brk's -EINTR for the new break and writes past the heap).
 * - rseq: always.  glibc (2.35+) registers it in every new thread and
 *   aborts when that fails ("rseq registration failed").  pthread_create
 *   starts the thread with every signal blocked, but does not check that
 *   rt_sigprocmask, which a signal can fail too (glibc 2.36: 20 storms of
 *   2000 threads of 20 aborted with rseq notified).  Always rather than
 *   where the policy allows clone or clone3: audit and bpf see every
 *   glibc process register its main thread at start, notify none.
 * - rt_sigreturn (sigreturn on i386 and arm): where the policy allows a
 *   call installing a handler, rt_sigaction (sigaction, signal: the 32-bit
 *   ABIs).  execve resets every handler, so a handler a recorded command
 *   returns from was installed under the recording; a return that fails
 *   goes back to no code (SIGSEGV).  They are implied rather than recorded
 *   because no run can promise a signal.
 */

/* One implied call: allowed wherever @when allows one of its calls, or
 * always when @when is NULL. */
struct sclog_implied_call {
	const char *name;
	const char *const *when; /* NULL-terminated, or NULL: always */
};

/* The implied calls, on any architecture, sorted by name; the last one's
 * name is NULL. */
extern const struct sclog_implied_call sclog_implied_calls[];

/* One implied call @p must allow on @arch. */
struct sclog_implied {
	const char *name;    /* static: one of sclog_implied_calls */
	uint32_t arch;	     /* a libseccomp token */
	const char *because; /* static: the installing call @p allows, or NULL: always */
};

/*
 * Every implied call (architecture by architecture, as libseccomp knows
 * them) of @p: on each architecture @p covers, each call implied always
 * and, where @p allows a call installing a handler, the return calls;
 * whether or not @p allows them.  Returns the count and an array the
 * caller frees in @ret, or -ENOMEM.
 */
long sclog_policy_implied(const struct sclog_policy *p, struct sclog_implied **ret);

/*
 * Allow in @p each call @from implies that @p does not let run on its
 * architecture (@from is @p, or the whole run's policy for one of its
 * phases: a handler installed before a boundary returns after it).  A
 * name another rule of @p gives another action (a --base) keeps it.
 * Returns the number added, listed in @ret_added (sorted, NULL-terminated,
 * caller frees with sclog_strv_free(); NULL when none), or -ENOMEM.
 */
long sclog_policy_add_implied(struct sclog_policy *p, const struct sclog_policy *from,
			      char ***ret_added);

/*
 * The known policy of a notifying filter that lets the implied calls and
 * @names (NULL-terminated; may be NULL) run unseen beside what @known (may
 * be NULL: nothing) allows: @known's default (KILL_PROCESS without it),
 * architectures and rules, the native architecture and its compat ones (a
 * filter without a known policy collects them all), and each of those
 * names allowed unless @known gives it another action (a base or check's
 * policy that denies it keeps its rule: that name is collected as without
 * this).  Returns the policy, or NULL without memory.
 */
struct sclog_policy *sclog_policy_unseen(const struct sclog_policy *known,
					 const char *const *names);

#endif
