/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_BPF_COUNTER_H
#define SCLOG_COLLECT_BPF_COUNTER_H

#include <stdint.h>

#include "sclog/basic/error.h"
#include "sclog/collect/bpf/shared.h"
#include "sclog/policy/policy.h"
#include "sclog/records/profile.h"

/*
 * The in-kernel counter (sclog.bpf.c), loaded and read: one program for
 * one recording (`sclog run --backend bpf`, slot 0) or for many at once
 * (`sclog listen --backend bpf`, a slot a container).  Only in a build
 * with SCLOG_HAVE_BPF.
 */
struct sclog_bpf_counter;

struct sclog_bpf_counter_config {
	uint32_t slots;	      /* slots 0 .. @slots - 1, at most SCLOG_BPF_SLOTS_MAX */
	int only_filtered;    /* count a call only under a filter beyond... */
	int32_t base_filters; /* ...these many (sclog's own) */
	int task_gate;	      /* test the task's storage first (Linux >= 6.2) */
};

/*
 * Open, size, load and attach the program for @cfg, with the parts that
 * SCLOG_BPF_BREAK names turned off (sclog_bpf_broken()).  Returns 0 and
 * the counter in @ret (free with sclog_bpf_counter_free()), or -errno with
 * @err saying what to do.
 */
int sclog_bpf_counter_open(const struct sclog_bpf_counter_config *cfg,
			   struct sclog_bpf_counter **ret, struct sclog_error *err);

/* Detaches and frees @c; accepts NULL, returns NULL. */
struct sclog_bpf_counter *sclog_bpf_counter_free(struct sclog_bpf_counter *c);

/* Nothing counts any more (the maps stay readable). */
void sclog_bpf_counter_detach(struct sclog_bpf_counter *c);

/*
 * Track thread group @tgid with the tracked map's value @value
 * (SCLOG_BPF_VALUE()), and with @pidfd >= 0 its task's storage too.  Only
 * system calls: safe in a forked child.  Returns 0 or -errno; on failure
 * *@ret_what says which map.
 */
int sclog_bpf_counter_track(struct sclog_bpf_counter *c, uint32_t tgid, int pidfd, uint32_t value,
			    const char **ret_what);

/*
 * Receive one notification of the seccomp @listener (of a filter that
 * notifies execve and execveat only), track the process the kernel names
 * in it in @slot (counted from this call on, its children with it), and
 * let its call go on.  The process is tracked only while its notification
 * is still valid (SECCOMP_IOCTL_NOTIF_ID_VALID), so the pid cannot be a
 * reused one; a process tracked already keeps its slot.  With a @slot
 * beyond @c's, the call goes on and nothing is tracked.  A process that
 * could not be tracked adds one to *@untracked.  Returns 0, or -errno when
 * the listener fails.
 */
int sclog_bpf_counter_answer(struct sclog_bpf_counter *c, int listener, uint32_t slot,
			     uint64_t *untracked);

/* What a slot's counters held. */
struct sclog_bpf_counts {
	uint64_t calls;			       /* counted into the profile */
	uint64_t failures[SCLOG_BPF_FAILURES]; /* enum sclog_bpf_failure */
};

/*
 * Add what @slot counted to @profile (calls @known allows without
 * condition left out, as under the other collectors' filters), with the
 * first caller of each syscall, and its failure counts to @ret.  With
 * @clear, the slot is emptied for its next recording: counters, first
 * callers, failures, and any thread group still tracked in it.  Returns 0,
 * or -errno (-ENOSPC: the profile is full).
 */
int sclog_bpf_counter_take(struct sclog_bpf_counter *c, uint32_t slot,
			   const struct sclog_policy *known, struct sclog_profile *profile,
			   int clear, struct sclog_bpf_counts *ret);

/*
 * Whether sclog runs in the host's pid namespace: 0, or -EOPNOTSUPP with
 * @err saying why following a daemon's container needs it (the program
 * sees the kernel's pids, a notification names a process in sclog's).
 */
int sclog_bpf_host_pid_namespace(struct sclog_error *err);

/*
 * SCLOG_BPF_BREAK=fork,compat,track1,filtered,handoff,threads,inherit: the
 * negative controls of the tests turn a part of the program off.  Whether
 * @part is named.
 */
int sclog_bpf_broken(const char *part);

#endif
