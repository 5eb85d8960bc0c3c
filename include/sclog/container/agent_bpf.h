/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_AGENT_BPF_H
#define SCLOG_CONTAINER_AGENT_BPF_H

#include <stdint.h>

#include "sclog/basic/error.h"
#include "sclog/policy/policy.h"
#include "sclog/records/profile.h"

/*
 * `sclog listen --backend bpf`: one in-kernel counter (collect/bpf/) for
 * every container, each in a slot of its own.  The runtime loads
 * sclog_container_exec_profile(), which notifies execve and execveat only;
 * the process the kernel names in such a notification is tracked in its
 * container's slot, its children with it, and its call goes on.  In a
 * build without the bpf collector every function refuses.
 */
struct sclog_agent_bpf;

/* Containers counted at once; one more waits with a profile marked
 * incomplete. */
#define SCLOG_AGENT_BPF_SLOTS 64

/*
 * Check what the counter needs as `run --backend bpf` does (BTF, the raw
 * tracepoints, CAP_BPF and CAP_PERFMON), and the host's pid namespace;
 * refuse @base when it has argument conditions; load the program.
 * Returns 0 and the counter in @ret, or a negative errno with @err set.
 */
int sclog_agent_bpf_open(const struct sclog_policy *base, struct sclog_agent_bpf **ret,
			 struct sclog_error *err);

/* Accepts NULL, returns NULL. */
struct sclog_agent_bpf *sclog_agent_bpf_free(struct sclog_agent_bpf *b);

/* A free slot, 1 to SCLOG_AGENT_BPF_SLOTS, or -ENOSPC. */
int sclog_agent_bpf_slot(struct sclog_agent_bpf *b);

/*
 * Answer one notification of @listener: its process is tracked in @slot
 * (with @slot 0, a container that got none, it is not), and its call goes
 * on.  A process that could not be tracked adds one to *@untracked.
 * Returns 0 or -errno.
 */
int sclog_agent_bpf_answer(struct sclog_agent_bpf *b, int listener, int slot, uint64_t *untracked);

/* What a container's slot held. */
struct sclog_agent_bpf_counts {
	uint64_t calls;	    /* counted into the profile */
	uint64_t untracked; /* children the program could not track */
	uint64_t uncounted; /* calls it could not count */
};

/*
 * Add what @slot counted to @profile (calls @known allows left out), then
 * empty the slot and give it back.  Returns 0, or -errno (-ENOSPC: the
 * profile is full).
 */
int sclog_agent_bpf_take(struct sclog_agent_bpf *b, int slot, const struct sclog_policy *known,
			 struct sclog_profile *profile, struct sclog_agent_bpf_counts *ret);

#endif
