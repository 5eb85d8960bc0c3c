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
#include "sclog/collect/bpf/shared.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/notify/listener.h"
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
	/* A daemon's container: the runtime's socket, its connection, the
	 * listener it sent (polled for the execve notifications and the hang-up
	 * at the container's end). */
	int daemon;
	int conn, listener;
	int received, ended;
	uint64_t untracked; /* notifying processes that could not be tracked */
	int task_gate;	    /* the program tests the task's storage first */
};

/* The arch token and number of a row of the dense array (shared.h): the
 * native architecture, or its first compat one (x86 of x86_64, arm of
 * aarch64); x32 calls keep x86_64's token and the x32 bit, as in audit's
 * records. */
static uint32_t row_arch(uint32_t row)
{
	uint32_t native = seccomp_arch_native(), compat = 0;

	if (row == SCLOG_BPF_COMPAT && sclog_arch_compat(native, &compat, 1) == 1)
		return compat;
	return native;
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
	closep(&b->conn);
	closep(&b->listener);
	sclog_profile_free(b->profile);
	free(b->values);
	free(b);
}

/* SCLOG_BPF_BREAK=fork,compat,track1,filtered,handoff,threads: the
 * negative controls of the tests (tests/integration/t_bpf*.sh,
 * tests/containers/t_inplace_bpf.sh, t_docker.sh, t_ctr.sh) turn a part of
 * the program off (filtered: --container's gate on the runtime's filter;
 * handoff: tracking a daemon's container at its execve; threads: the task
 * storage of new threads), or leave room for one tracked process only. */
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

/* The initial pid namespace's inode (include/linux/proc_ns.h). */
#define PROC_PID_INIT_INO 0xEFFFFFFCU

/* The program sees the kernel's pids, and a notification names a process
 * in sclog's pid namespace: they are the same ones in the host's only. */
static int host_pid_namespace(struct sclog_error *err)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) < 0 || st.st_ino == PROC_PID_INIT_INO)
		return 0;
	return sclog_error_set(err, -EOPNOTSUPP,
			       "the bpf collector follows a daemon's container by the pid the "
			       "kernel gives its process, which is the host's: run sclog in "
			       "the host's pid namespace (hostPID: true in a pod), or use "
			       "--backend notify");
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
	b->conn = b->listener = -1;
	b->daemon = cfg->mode == SCLOG_LAUNCH_RUNTIME_FILTER && cfg->runtime_socket >= 0;
	b->ncpu = libbpf_num_possible_cpus();
	b->profile = sclog_profile_new();
	b->values = b->ncpu > 0 ? calloc((size_t)b->ncpu, sizeof(*b->values)) : NULL;
	if (!b->profile || !b->values) {
		bpf_done(b);
		return sclog_error_oom(err);
	}
	r = b->daemon ? host_pid_namespace(err) : 0;
	if (r < 0) {
		bpf_done(b);
		return r;
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
		if (sclog_status_field("/proc/self/status", "Seccomp_filters", 0, &filters) < 0)
			filters = 0;
		b->skel->rodata->only_filtered = !broken("filtered");
		b->skel->rodata->base_filters = (int32_t)filters;
	}
	b->skel->rodata->detect_compat = !broken("compat");
	b->skel->rodata->nr_execve = SYS_execve;
	b->skel->rodata->nr_execveat = SYS_execveat;
	/* The cheap test of a task outside the tree, where a lookup of task
	 * storage cannot fail for a task that has it (sclog.bpf.c).  Not for a
	 * daemon's container: its first process comes as a notifying thread,
	 * which a pidfd names only from Linux 6.9 on (PIDFD_THREAD), so the
	 * hash alone decides there. */
	b->task_gate = !b->daemon && kernel_at_least(6, 2);
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
 * --container the runtime's filter marks the start instead; a daemon's
 * container is no descendant of the command, which is not tracked then.
 * The task's storage, which the program tests first, is set through a
 * pidfd of the child.  Map updates and pidfd_open() are system calls:
 * async-signal-safe.
 */
static int bpf_child_setup(void *state, struct sclog_child_report *report)
{
	struct bpf_collector *b = state;
	uint32_t tgid = (uint32_t)getpid();
	uint32_t v =
		b->cfg.mode == SCLOG_LAUNCH_RUNTIME_FILTER ? SCLOG_BPF_COUNTING : SCLOG_BPF_PENDING;
	int pidfd, r;

	if (b->daemon)
		return 0;
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

/* Nothing to poll, but a daemon's hand-over and its listener: the
 * counters are read when the tree has ended. */
static int bpf_fd(void *state)
{
	struct bpf_collector *b = state;

	if (!b->daemon || b->ended)
		return -1;
	if (!b->received)
		return b->conn >= 0 ? b->conn : b->cfg.runtime_socket;
	return b->listener;
}

/* The runtime's connection, then its message with the listener. */
static int handover_step(struct bpf_collector *b)
{
	int fd = -1, r;

	if (b->conn < 0) {
		r = sclog_listener_accept(b->cfg.runtime_socket);
		if (r >= 0)
			b->conn = r;
		return r == -EAGAIN || r == -EINTR || r >= 0 ? 0 : r;
	}
	r = sclog_listener_receive(b->conn, &fd);
	if (r == -EAGAIN)
		return 0;
	if (r < 0)
		return r;
	b->received = 1;
	if (r == 0)
		b->ended = 1; /* closed without one: the runtime failed */
	else
		b->listener = fd;
	return 0;
}

/* The process behind the notification @req, tracked (already, or now). */
static void track_notifier(struct bpf_collector *b, const struct seccomp_notif *req)
{
	uint32_t v = SCLOG_BPF_COUNTING;
	char path[64];
	long tgid;

	/* 0: the task is gone (killed while it waited). */
	if (!req->pid || broken("handoff"))
		return;
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)req->pid);
	if (sclog_status_field(path, "Tgid", 0, &tgid) < 0)
		return;
	/* Still waiting, so @path was still its: a pid is reused only once
	 * the task is gone, and with it the notification. */
	if (ioctl(b->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0)
		return;
	if (bpf_map_update_elem(bpf_map__fd(b->skel->maps.tracked), &(uint32_t){ (uint32_t)tgid },
				&v, BPF_NOEXIST) < 0 &&
	    errno != EEXIST)
		b->untracked++;
}

/* One execve notification: track its process, then let the call go on. */
static int answer(struct bpf_collector *b)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(b->listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	track_notifier(b, &req);
	resp = (struct seccomp_notif_resp){ .id = req.id,
					    .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	if (ioctl(b->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int bpf_on_readable(void *state)
{
	struct bpf_collector *b = state;
	struct pollfd p = { .fd = b->listener, .events = POLLIN };
	int r;

	if (!b->daemon || b->ended)
		return 0;
	if (!b->received) {
		r = handover_step(b);
	} else {
		/* A receive on an empty listener would block; a hang-up says
		 * every process under the filter is gone. */
		if (poll(&p, 1, 0) < 0 || !(p.revents & POLLIN)) {
			b->ended = !!(p.revents & (POLLHUP | POLLERR | POLLNVAL));
			return 0;
		}
		r = answer(b);
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
	acc->untracked = b->failures[SCLOG_BPF_FAIL_TRACK] + b->untracked;
	acc->no_listener = b->daemon && b->listener < 0;
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
