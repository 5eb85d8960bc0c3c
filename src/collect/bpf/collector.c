// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bpf collector: an eBPF program (sclog.bpf.c) counts the calls of the
 * command's tree in the kernel, per (arch, nr), on the sys_enter raw
 * tracepoint.  No filter, no record, no round trip: the command runs near
 * native speed.  The tree is tracked in the kernel (fork, by tgid), from
 * the execve() of sclog's child on; sclog reads the counters once the tree
 * has ended.  Nothing is queued, so nothing can be in flight or dropped;
 * a full map is counted, and makes the run incomplete.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <seccomp.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/bpf/shared.h"
#include "sclog/collect/collector.h"
#include "sclog/records/profile.h"
#include "sclog/records/record.h"

#include "sclog_counter.skel.h"

struct bpf_collector {
	struct sclog_collector_config cfg;
	struct sclog_counter *skel;
	struct sclog_profile *profile;
	int ncpu;
	uint64_t *values; /* one per possible CPU, for the per-CPU reads */
	uint64_t records; /* counted, after account */
	uint64_t failures[SCLOG_BPF_FAILURES];
	int read_error;
	int task_gate; /* the program tests the task's storage first */
};

/* The arch token and number of a row of the dense array (shared.h). */
static uint32_t row_arch(uint32_t row)
{
	return row == SCLOG_BPF_COMPAT ? SCMP_ARCH_X86 : SCMP_ARCH_X86_64;
}

static int64_t row_nr(uint32_t row, int64_t nr)
{
	return row == SCLOG_BPF_X32 ? nr | SCLOG_BPF_X32_BIT : nr;
}

/* Effective capabilities: CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN. */
static int capable_bpf(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };
	uint64_t eff;

	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	return (eff >> CAP_SYS_ADMIN & 1) ||
	       ((eff >> 39 /* CAP_BPF */ & 1) && (eff >> 38 /* CAP_PERFMON */ & 1));
}

static size_t bpf_probe(struct sclog_check *checks, size_t max, const sigset_t *child_mask)
{
	static const char *const hooks[] = { "btf_trace_sys_enter", "btf_trace_sched_process_fork",
					     "btf_trace_sched_process_exit" };
	struct sclog_check *c = checks;
	struct btf *btf = NULL;
	size_t n = 0;

	(void)child_mask;
	if (max < 3)
		return 0;
	c[n] = (struct sclog_check){ .name = "bpf: BTF", .fatal = 1 };
	libbpf_set_print(NULL);
	btf = btf__load_vmlinux_btf();
	c[n].ok = btf != NULL;
	snprintf(c[n].detail, sizeof(c[n].detail),
		 btf ? "the kernel's BTF is readable" :
		       "the kernel's BTF (/sys/kernel/btf/vmlinux) cannot be read (%s): the bpf "
		       "collector needs a kernel built with CONFIG_DEBUG_INFO_BTF",
		 strerror(errno));
	n++;
	c[n] = (struct sclog_check){ .name = "bpf: tracepoints", .fatal = 1, .ok = -1 };
	snprintf(c[n].detail, sizeof(c[n].detail), "not checked");
	if (btf) {
		c[n].ok = 1;
		snprintf(
			c[n].detail, sizeof(c[n].detail),
			"the raw tracepoints sys_enter, sched_process_fork and sched_process_exit");
		for (size_t i = 0; i < ELEMENTSOF(hooks); i++)
			if (btf__find_by_name_kind(btf, hooks[i], BTF_KIND_TYPEDEF) < 0) {
				c[n].ok = 0;
				snprintf(c[n].detail, sizeof(c[n].detail),
					 "the kernel has no raw tracepoint %s (no %s in its BTF)",
					 hooks[i] + strlen("btf_trace_"), hooks[i]);
				break;
			}
	}
	n++;
	btf__free(btf);
	c[n] = (struct sclog_check){ .name = "bpf: privilege", .fatal = 1 };
	c[n].ok = capable_bpf();
	snprintf(c[n].detail, sizeof(c[n].detail),
		 c[n].ok ? "CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)" :
			   "loading a tracing program needs CAP_BPF and CAP_PERFMON, or "
			   "CAP_SYS_ADMIN: run sclog as root, or use --backend notify");
	return n + 1;
}

static void bpf_done(void *state)
{
	struct bpf_collector *b = state;

	if (!b)
		return;
	sclog_counter__destroy(b->skel);
	sclog_profile_free(b->profile);
	free(b->values);
	free(b);
}

/* SCLOG_BPF_BREAK=fork,compat,track1,filtered,threads: the negative
 * controls of the tests (tests/integration/t_bpf*.sh,
 * tests/containers/t_inplace_bpf.sh) turn a part of the program off
 * (filtered: --container's gate on the runtime's filter; threads: the
 * task storage of new threads), or leave room for one tracked process
 * only. */
static int broken(const char *part)
{
	const char *v = getenv("SCLOG_BPF_BREAK");

	return v && strstr(v, part);
}

/* Any argument condition: the program counts calls, it does not see
 * their arguments. */
static int conditional(const struct sclog_policy *p)
{
	for (size_t i = 0; p && i < p->n_rules; i++)
		if (p->rules[i].n_args)
			return 1;
	return 0;
}

/* The running kernel is Linux @major.@minor or later. */
static int kernel_at_least(int major, int minor)
{
	struct utsname u;
	int a = 0, b = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &a, &b) != 2)
		return 0;
	return a > major || (a == major && b >= minor);
}

static int bpf_prepare(const struct sclog_collector_config *cfg, void **ret_state,
		       struct sclog_error *err)
{
	struct bpf_collector *b;
	long filters = 0;
	int r;

	if (cfg->args)
		return sclog_error_set(err, -EINVAL,
				       "--args records arguments, which the bpf "
				       "collector does not see: use --backend notify or audit");
	if (conditional(cfg->known))
		return sclog_error_set(err, -EINVAL,
				       "the policy has argument conditions, which "
				       "the bpf collector cannot evaluate: use --backend notify "
				       "or audit");
	b = calloc(1, sizeof(*b));
	if (!b)
		return sclog_error_oom(err);
	b->cfg = *cfg;
	b->ncpu = libbpf_num_possible_cpus();
	b->profile = sclog_profile_new();
	b->values = b->ncpu > 0 ? calloc((size_t)b->ncpu, sizeof(*b->values)) : NULL;
	if (!b->profile || !b->values) {
		bpf_done(b);
		return sclog_error_oom(err);
	}
	libbpf_set_print(NULL);
	b->skel = sclog_counter__open();
	if (!b->skel) {
		r = -errno;
		bpf_done(b);
		return sclog_error_set(err, r, "cannot open the bpf program: %s", strerror(-r));
	}
	/* --container: only calls under a filter beyond sclog's own count;
	 * the runtime installs the recording profile. */
	if (cfg->mode == SCLOG_LAUNCH_RUNTIME_FILTER) {
		if (sclog_status_field("/proc/self/status", "Seccomp_filters:", 0, &filters) < 0)
			filters = 0;
		b->skel->rodata->only_filtered = !broken("filtered");
		b->skel->rodata->base_filters = (int32_t)filters;
	}
	b->skel->rodata->detect_compat = !broken("compat");
	/* The cheap test of a task outside the tree, where a lookup of task
	 * storage cannot fail for a task that has it (sclog.bpf.c). */
	b->task_gate = kernel_at_least(6, 2);
	b->skel->rodata->task_gate = b->task_gate;
	b->skel->rodata->gate_threads = !broken("threads");
	if (broken("fork"))
		bpf_program__set_autoattach(b->skel->progs.sclog_fork, false);
	r = broken("track1") ? bpf_map__set_max_entries(b->skel->maps.tracked, 1) : 0;
	if (r >= 0)
		r = sclog_counter__load(b->skel);
	if (r >= 0)
		r = sclog_counter__attach(b->skel);
	if (r < 0) {
		r = r == -1 ? -errno : r;
		bpf_done(b);
		return sclog_error_set(err, r,
				       "cannot load the bpf program onto the sys_enter raw "
				       "tracepoint: %s (it needs root, or CAP_BPF and CAP_PERFMON, "
				       "and a kernel with BTF; 'sclog doctor' checks)",
				       strerror(-r));
	}
	*ret_state = b;
	return 0;
}

/*
 * In the child, before the command: track its thread group.  The program
 * counts it from its execve() on (SCLOG_BPF_PENDING), so what the child
 * does before (--user's switch) stays out, as under sclog's filter.  With
 * --container the runtime's filter marks the start instead.  The task's
 * storage, which the program tests first, is set through a pidfd of the
 * child.  Map updates and pidfd_open() are system calls:
 * async-signal-safe.
 */
static int bpf_child_setup(void *state, struct sclog_child_report *report)
{
	struct bpf_collector *b = state;
	uint32_t tgid = (uint32_t)getpid();
	uint32_t v =
		b->cfg.mode == SCLOG_LAUNCH_RUNTIME_FILTER ? SCLOG_BPF_COUNTING : SCLOG_BPF_PENDING;
	int pidfd, r;

	if (bpf_map_update_elem(bpf_map__fd(b->skel->maps.tracked), &tgid, &v, BPF_ANY) < 0 ||
	    (b->task_gate && (pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0)) < 0)) {
		report->what = "adding the command to the bpf program's tracked processes";
		return -errno;
	}
	if (!b->task_gate)
		return 0;
	r = bpf_map_update_elem(bpf_map__fd(b->skel->maps.tracked_tasks), &pidfd, &v, BPF_ANY);
	r = r < 0 ? -errno : 0;
	close(pidfd);
	if (r < 0)
		report->what = "adding the command to the bpf program's tracked tasks";
	return r;
}

/* No filter: the program counts from the execve() on. */
static int bpf_child_filter(void *state)
{
	(void)state;
	return 0;
}

/* Nothing to poll: the counters are read when the tree has ended. */
static int bpf_fd(void *state)
{
	(void)state;
	return -1;
}

static int bpf_on_readable(void *state)
{
	(void)state;
	return 0;
}

/* The program counted each call on entry, before the call ran: once the
 * tree is reaped nothing is in flight. */
static int bpf_drain(void *state)
{
	(void)state;
	return 1;
}

/* The total over the CPUs of slot @idx of the dense array. */
static int read_slot(struct bpf_collector *b, uint32_t idx, uint64_t *ret)
{
	uint64_t sum = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.counts), &idx, b->values) < 0)
		return -errno;
	for (int i = 0; i < b->ncpu; i++)
		sum += b->values[i];
	*ret = sum;
	return 0;
}

/* Count @n calls of (@arch, @nr) in the profile, with the first caller. */
static int add(struct bpf_collector *b, uint32_t arch, int64_t nr, uint64_t n,
	       const struct sclog_bpf_first *f)
{
	struct sclog_record rec = { .arch = arch, .nr = nr };
	const struct sclog_policy *known = b->cfg.known;
	int r;

	if (known) {
		_cleanup_free_ char *name = sclog_syscall_name(arch, nr);
		int cond = 0;

		/* Allowed without condition (conditions were refused): not
		 * recorded, as under the other collectors' filters. */
		if (name && sclog_policy_allows(known, sclog_arch_of(arch, nr), name, &cond) &&
		    !cond)
			return 0;
	}
	if (f && f->pid) {
		rec.pid = (int32_t)f->pid;
		rec.comm = (struct sclog_span){ .ptr = f->comm,
						.quoted = 1,
						.len = strnlen(f->comm, sizeof(f->comm)) };
		rec.fields |= SCLOG_FIELD_COMM;
	}
	r = sclog_profile_add(b->profile, &rec);
	if (r >= 0 && n > 1)
		r = sclog_profile_add_count(b->profile, arch, nr, n - 1);
	if (r >= 0)
		b->records += n;
	return r;
}

/* The counters into the profile; once, when the tree has ended. */
static int collect(struct bpf_collector *b)
{
	int first = bpf_map__fd(b->skel->maps.first), others = bpf_map__fd(b->skel->maps.others);
	struct sclog_bpf_other key, next, *prev = NULL;
	int r = 0;

	for (uint32_t idx = 0; idx < SCLOG_BPF_SLOTS && r >= 0; idx++) {
		uint32_t row = idx / SCLOG_BPF_NR_SLOTS;
		struct sclog_bpf_first f = { 0 };
		uint64_t n = 0;

		r = read_slot(b, idx, &n);
		if (r < 0 || !n)
			continue;
		bpf_map_lookup_elem(first, &idx, &f);
		r = add(b, row_arch(row), row_nr(row, idx % SCLOG_BPF_NR_SLOTS), n, &f);
	}
	/* Numbers outside the array: as the kernel passed them. */
	while (r >= 0 && bpf_map_get_next_key(others, prev, &next) == 0) {
		uint64_t n = 0;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(others, &key, &n) < 0)
			continue;
		r = add(b, row_arch(key.arch), key.nr, n, NULL);
	}
	for (uint32_t i = 0; i < SCLOG_BPF_FAILURES && r >= 0; i++)
		if (bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.failures), &i, &b->failures[i]) <
		    0)
			r = -errno;
	return r;
}

static void bpf_account(void *state, struct sclog_account *acc)
{
	struct bpf_collector *b = state;
	int r;

	/* Detached first: nothing counts any more while the maps are read. */
	sclog_counter__detach(b->skel);
	r = collect(b);
	if (r == -ENOSPC)
		acc->counters.overflow++;
	else if (r == -ENOMEM)
		acc->counters.alloc_failures++;
	else if (r < 0 && !b->read_error)
		b->read_error = r;
	acc->profile = b->profile;
	acc->counters.records = b->records;
	acc->drained = 1;
	acc->untracked = b->failures[SCLOG_BPF_FAIL_TRACK];
	acc->uncounted = b->failures[SCLOG_BPF_FAIL_OTHER];
	if (b->read_error && !acc->read_error)
		acc->read_error = b->read_error;
}

const struct sclog_collector_ops sclog_collector_bpf = {
	.name = "bpf",
	.no_filter = 1,
	.probe = bpf_probe,
	.prepare = bpf_prepare,
	.child_setup = bpf_child_setup,
	.child_filter = bpf_child_filter,
	.fd = bpf_fd,
	.on_readable = bpf_on_readable,
	.drain = bpf_drain,
	.account = bpf_account,
	.done = bpf_done,
};
