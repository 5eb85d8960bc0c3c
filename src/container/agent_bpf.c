// SPDX-License-Identifier: GPL-2.0-only
/*
 * `sclog listen --backend bpf`: the containers' slots of one in-kernel
 * counter.  A slot is taken when a runtime hands a container's listener
 * over, read and emptied when the listener hangs up (no task of the
 * container's filter is left), and given to the next container.
 */
#include <errno.h>
#include <stdlib.h>

#include "sclog/basic/macro.h"
#include "sclog/container/agent_bpf.h"

#ifdef SCLOG_HAVE_BPF
#include "sclog/collect/bpf/counter.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/probe.h"

_Static_assert(SCLOG_AGENT_BPF_SLOTS < SCLOG_BPF_SLOTS_MAX, "slot 0 is no container's");

struct sclog_agent_bpf {
	struct sclog_bpf_counter *counter;
	uint64_t used; /* bit N - 1: slot N is a container's */
};

/* The checks of `run --backend bpf` that stop a run (collector probe). */
static int probe(struct sclog_error *err)
{
	struct sclog_check checks[8];
	size_t n = sclog_collector_bpf.probe(checks, ELEMENTSOF(checks), NULL);

	for (size_t i = 0; i < n; i++)
		if (checks[i].fatal && checks[i].ok == 0)
			return sclog_error_set(err, -EOPNOTSUPP, "--backend bpf: %s",
					       checks[i].detail);
	return 0;
}

int sclog_agent_bpf_open(const struct sclog_policy *base, struct sclog_agent_bpf **ret,
			 struct sclog_error *err)
{
	struct sclog_bpf_counter_config cc = { .slots = SCLOG_AGENT_BPF_SLOTS + 1,
					       .only_filtered = 1 };
	struct sclog_agent_bpf *b;
	int r;

	for (size_t i = 0; base && i < base->n_rules; i++)
		if (base->rules[i].n_args)
			return sclog_error_set(err, -EINVAL,
					       "--base has argument conditions, which the bpf "
					       "collector cannot evaluate: use --backend notify");
	r = probe(err);
	if (r == 0)
		r = sclog_bpf_host_pid_namespace(err);
	if (r < 0)
		return r;
	/* Only calls under a filter count: a tracked process is under the
	 * recording profile's from its execve on.  No base of the agent's own
	 * filters (a pod's RuntimeDefault): containers are no descendants of
	 * the agent and do not inherit them. */
	b = calloc(1, sizeof(*b));
	if (!b)
		return sclog_error_oom(err);
	r = sclog_bpf_counter_open(&cc, &b->counter, err);
	if (r < 0) {
		free(b);
		return r;
	}
	*ret = b;
	return 0;
}

struct sclog_agent_bpf *sclog_agent_bpf_free(struct sclog_agent_bpf *b)
{
	if (b) {
		sclog_bpf_counter_free(b->counter);
		free(b);
	}
	return NULL;
}

int sclog_agent_bpf_slot(struct sclog_agent_bpf *b)
{
	for (int slot = 1; slot <= SCLOG_AGENT_BPF_SLOTS; slot++)
		if (!(b->used >> (slot - 1) & 1)) {
			b->used |= UINT64_C(1) << (slot - 1);
			return slot;
		}
	return -ENOSPC;
}

int sclog_agent_bpf_answer(struct sclog_agent_bpf *b, int listener, int slot, uint64_t *untracked)
{
	/* Slot 0 is beyond what the counter tracks in: the call goes on. */
	return sclog_bpf_counter_answer(b->counter, listener,
					slot > 0 ? (uint32_t)slot : SCLOG_BPF_SLOTS_MAX, untracked);
}

int sclog_agent_bpf_take(struct sclog_agent_bpf *b, int slot, const struct sclog_policy *known,
			 struct sclog_profile *profile, struct sclog_agent_bpf_counts *ret)
{
	struct sclog_bpf_counts counts;
	int r;

	*ret = (struct sclog_agent_bpf_counts){ 0 };
	if (slot <= 0 || slot > SCLOG_AGENT_BPF_SLOTS)
		return 0;
	r = sclog_bpf_counter_take(b->counter, (uint32_t)slot, known, profile, 1, &counts);
	/* Given back even when it could not be read whole: the next
	 * container's recording starts from an emptied slot or none. */
	b->used &= ~(UINT64_C(1) << (slot - 1));
	ret->calls = counts.calls;
	ret->untracked = counts.failures[SCLOG_BPF_FAIL_TRACK];
	ret->uncounted = counts.failures[SCLOG_BPF_FAIL_OTHER];
	return r;
}

#else

int sclog_agent_bpf_open(const struct sclog_policy *base, struct sclog_agent_bpf **ret,
			 struct sclog_error *err)
{
	(void)base;
	(void)ret;
	return sclog_error_set(err, -EOPNOTSUPP,
			       "--backend bpf: this sclog was built without the bpf collector "
			       "(libbpf, clang and bpftool; tools/install-deps.sh)");
}

struct sclog_agent_bpf *sclog_agent_bpf_free(struct sclog_agent_bpf *b)
{
	(void)b;
	return NULL;
}

int sclog_agent_bpf_slot(struct sclog_agent_bpf *b)
{
	(void)b;
	return -ENOSPC;
}

int sclog_agent_bpf_answer(struct sclog_agent_bpf *b, int listener, int slot, uint64_t *untracked)
{
	(void)b, (void)listener, (void)slot, (void)untracked;
	return -EOPNOTSUPP;
}

int sclog_agent_bpf_take(struct sclog_agent_bpf *b, int slot, const struct sclog_policy *known,
			 struct sclog_profile *profile, struct sclog_agent_bpf_counts *ret)
{
	(void)b, (void)slot, (void)known, (void)profile;
	*ret = (struct sclog_agent_bpf_counts){ 0 };
	return -EOPNOTSUPP;
}

#endif
