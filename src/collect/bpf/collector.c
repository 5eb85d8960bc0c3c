// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bpf collector: an eBPF program (sclog.bpf.c) counts the calls of the
 * command's tree in the kernel, per (arch, nr), on the sys_enter raw
 * tracepoint.  No filter, no record, no round trip: the command runs near
 * native speed.  The tree is tracked in the kernel (fork, by tgid), from
 * the execve() of sclog's child on; sclog reads the counters once the tree
 * has ended.  Nothing is queued, so nothing can be in flight or dropped;
 * a full map is counted, and makes the run incomplete.
 *
 * A container a daemon starts (docker, ctr) is no descendant of the
 * command: its runtime loads sclog_container_exec_profile(), which notifies
 * execve and execveat only, and sends sclog that filter's listener.  The
 * process that notifies is under the container's filter, and the kernel
 * names it (the notification's pid, in sclog's pid namespace): sclog
 * tracks its thread group, then lets its execve go on, so the container's
 * program is counted from its execve, and its children from their fork.
 * The pid of the runtime's message is not used: a peer could name any
 * process there.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
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
#include "sclog/collect/bpf/counter.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/records/profile.h"
#include "sclog/records/record.h"

struct bpf_collector {
	struct sclog_collector_config cfg;
	struct sclog_bpf_counter *counter;
	struct sclog_profile *profile;
	struct sclog_bpf_counts counts; /* after account */
	int read_error;
	/* A daemon's container: the runtime's hand-over, the listener it
	 * sent (polled for the execve notifications and the hang-up at the
	 * container's end). */
	int daemon;
	struct sclog_listener_conn rt;
	int listener, ended;
	uint64_t untracked; /* notifying processes that could not be tracked */
	int task_gate;	    /* the program tests the task's storage first */
};

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
	sclog_bpf_counter_free(b->counter);
	closep(&b->rt.conn);
	closep(&b->listener);
	sclog_profile_free(b->profile);
	free(b);
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

/* The filters sclog itself runs under, in a container. */
static int32_t own_filters(void)
{
	long filters = 0;

	if (sclog_status_field("/proc/self/status", "Seccomp_filters", 0, &filters) < 0)
		filters = 0;
	return (int32_t)filters;
}

static int bpf_prepare(const struct sclog_collector_config *cfg, void **ret_state,
		       struct sclog_error *err)
{
	struct sclog_bpf_counter_config cc = { .slots = 1 };
	struct bpf_collector *b;
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
	b->rt = (struct sclog_listener_conn){ .sock = cfg->runtime_socket, .conn = -1 };
	b->listener = -1;
	b->daemon = cfg->mode == SCLOG_LAUNCH_RUNTIME_FILTER && cfg->runtime_socket >= 0;
	b->profile = sclog_profile_new();
	if (!b->profile) {
		bpf_done(b);
		return sclog_error_oom(err);
	}
	r = b->daemon ? sclog_bpf_host_pid_namespace(err) : 0;
	/* --container: only calls under a filter beyond sclog's own count;
	 * the runtime installs the recording profile. */
	cc.only_filtered = cfg->mode == SCLOG_LAUNCH_RUNTIME_FILTER;
	cc.base_filters = cc.only_filtered ? own_filters() : 0;
	/* The cheap test of a task outside the tree, where a lookup of task
	 * storage cannot fail for a task that has it (sclog.bpf.c).  Not for a
	 * daemon's container: its first process comes as a notifying thread,
	 * which a pidfd names only from Linux 6.9 on (PIDFD_THREAD), so the
	 * hash alone decides there. */
	cc.task_gate = b->task_gate = !b->daemon && kernel_at_least(6, 2);
	if (r == 0)
		r = sclog_bpf_counter_open(&cc, &b->counter, err);
	if (r < 0) {
		bpf_done(b);
		return r;
	}
	*ret_state = b;
	return 0;
}

/*
 * In the child, before the command: track its thread group.  The program
 * counts it from its execve() on (SCLOG_BPF_PENDING), so what the child
 * does before (--user's switch) stays out, as under sclog's filter.  With
 * --container the runtime's filter marks the start instead; a daemon's
 * container is no descendant of the command, which is not tracked then.
 * The task's storage, which the program tests first, is set through a
 * pidfd of the child.  Map updates and pidfd_open() are system calls:
 * async-signal-safe.
 */
static int bpf_child_setup(void *state, struct sclog_child_report *report)
{
	struct bpf_collector *b = state;
	uint32_t v = SCLOG_BPF_VALUE(
		b->cfg.mode == SCLOG_LAUNCH_RUNTIME_FILTER ? SCLOG_BPF_COUNTING : SCLOG_BPF_PENDING,
		0);
	int pidfd = -1, r;

	if (b->daemon)
		return 0;
	if (b->task_gate && (pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0)) < 0) {
		report->what = "adding the command to the bpf program's tracked tasks";
		return -errno;
	}
	r = sclog_bpf_counter_track(b->counter, (uint32_t)getpid(), pidfd, v, &report->what);
	if (pidfd >= 0)
		close(pidfd);
	return r;
}

/* No filter: the program counts from the execve() on. */
static int bpf_child_filter(void *state)
{
	(void)state;
	return 0;
}

/* Nothing to poll, but a daemon's hand-over and its listener: the
 * counters are read when the tree has ended. */
static int bpf_fd(void *state)
{
	struct bpf_collector *b = state;

	if (!b->daemon || b->ended)
		return -1;
	if (!b->rt.received)
		return sclog_listener_conn_fd(&b->rt);
	return b->listener;
}

/* The runtime's connection, then its message with the listener. */
static int handover_step(struct bpf_collector *b)
{
	int fd = -1, r = sclog_listener_conn_step(&b->rt, &fd);

	if (r > 0)
		b->listener = fd;
	else if (r == 0 && b->rt.received)
		b->ended = 1; /* closed without one: the runtime failed */
	return r < 0 ? r : 0;
}

static int bpf_on_readable(void *state)
{
	struct bpf_collector *b = state;
	struct pollfd p = { .fd = b->listener, .events = POLLIN };
	int r;

	if (!b->daemon || b->ended)
		return 0;
	if (!b->rt.received) {
		r = handover_step(b);
	} else {
		/* A receive on an empty listener would block; a hang-up says
		 * every process under the filter is gone. */
		if (poll(&p, 1, 0) < 0 || !(p.revents & POLLIN)) {
			b->ended = !!(p.revents & (POLLHUP | POLLERR | POLLNVAL));
			return 0;
		}
		r = sclog_bpf_counter_answer(b->counter, b->listener, 0, &b->untracked);
	}
	if (r < 0 && !b->read_error)
		b->read_error = r;
	return r;
}

/* The program counted each call on entry, before the call ran: once the
 * tree is reaped nothing is in flight. */
static int bpf_drain(void *state)
{
	(void)state;
	return 1;
}

static void bpf_account(void *state, struct sclog_account *acc)
{
	struct bpf_collector *b = state;
	int r;

	/* Detached first: nothing counts any more while the maps are read. */
	sclog_bpf_counter_detach(b->counter);
	r = sclog_bpf_counter_take(b->counter, 0, b->cfg.known, b->profile, 0, &b->counts);
	if (r == -ENOSPC)
		acc->counters.overflow++;
	else if (r == -ENOMEM)
		acc->counters.alloc_failures++;
	else if (r < 0 && !b->read_error)
		b->read_error = r;
	acc->profile = b->profile;
	acc->counters.records = b->counts.calls;
	acc->drained = 1;
	acc->untracked = b->counts.failures[SCLOG_BPF_FAIL_TRACK] + b->untracked;
	acc->no_listener = b->daemon && b->listener < 0;
	acc->uncounted = b->counts.failures[SCLOG_BPF_FAIL_OTHER];
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
