// SPDX-License-Identifier: GPL-2.0-only
/*
 * The in-kernel counter (sclog.bpf.c): loaded with the slots asked for,
 * fed the processes to follow, read a slot at a time.  One recording uses
 * slot 0 (the maps are then the size they always were, so `sclog run`
 * pays nothing for the others); `sclog listen` gives each container its
 * own, read and emptied when the container ends.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <seccomp.h>

#include "sclog/basic/arch.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/collect/bpf/counter.h"
#include "sclog/records/record.h"

#include "sclog_counter.skel.h"

struct sclog_bpf_counter {
	struct sclog_counter *skel;
	uint32_t slots;
	int ncpu;
	uint64_t *values; /* one per possible CPU, for the per-CPU reads */
};

/* The initial pid namespace's inode (include/linux/proc_ns.h). */
#define PROC_PID_INIT_INO 0xEFFFFFFCU

/* The program sees the kernel's pids, and a notification names a process
 * in sclog's pid namespace: they are the same ones in the host's only. */
int sclog_bpf_host_pid_namespace(struct sclog_error *err)
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

int sclog_bpf_broken(const char *part)
{
	const char *v = getenv("SCLOG_BPF_BREAK");

	return v && strstr(v, part);
}

struct sclog_bpf_counter *sclog_bpf_counter_free(struct sclog_bpf_counter *c)
{
	if (c) {
		sclog_counter__destroy(c->skel);
		free(c->values);
		free(c);
	}
	return NULL;
}

void sclog_bpf_counter_detach(struct sclog_bpf_counter *c)
{
	sclog_counter__detach(c->skel);
}

/* The maps sized for @c's slots, the parts SCLOG_BPF_BREAK names off. */
static int size_and_load(struct sclog_bpf_counter *c, const struct sclog_bpf_counter_config *cfg)
{
	struct sclog_counter *s = c->skel;
	int r;

	s->rodata->only_filtered = cfg->only_filtered && !sclog_bpf_broken("filtered");
	s->rodata->base_filters = cfg->base_filters;
	s->rodata->detect_compat = !sclog_bpf_broken("compat");
	s->rodata->nr_execve = SYS_execve;
	s->rodata->nr_execveat = SYS_execveat;
	s->rodata->task_gate = cfg->task_gate;
	s->rodata->gate_threads = !sclog_bpf_broken("threads");
	s->rodata->inherit_slot = !sclog_bpf_broken("inherit");
	if (sclog_bpf_broken("fork"))
		bpf_program__set_autoattach(s->progs.sclog_fork, false);
	r = bpf_map__set_max_entries(s->maps.counts, c->slots * SCLOG_BPF_CELLS);
	if (r >= 0)
		r = bpf_map__set_max_entries(s->maps.first, c->slots * SCLOG_BPF_CELLS);
	if (r >= 0)
		r = bpf_map__set_max_entries(s->maps.failures, c->slots * SCLOG_BPF_FAILURES);
	if (r >= 0 && sclog_bpf_broken("track1"))
		r = bpf_map__set_max_entries(s->maps.tracked, 1);
	if (r >= 0)
		r = sclog_counter__load(s);
	if (r >= 0)
		r = sclog_counter__attach(s);
	return r == -1 ? -errno : r;
}

int sclog_bpf_counter_open(const struct sclog_bpf_counter_config *cfg,
			   struct sclog_bpf_counter **ret, struct sclog_error *err)
{
	struct sclog_bpf_counter *c;
	int r;

	if (!cfg->slots || cfg->slots > SCLOG_BPF_SLOTS_MAX)
		return sclog_error_set(err, -EINVAL, "the bpf program counts 1 to %d recordings",
				       SCLOG_BPF_SLOTS_MAX);
	c = calloc(1, sizeof(*c));
	if (!c)
		return sclog_error_oom(err);
	c->slots = cfg->slots;
	c->ncpu = libbpf_num_possible_cpus();
	c->values = c->ncpu > 0 ? calloc((size_t)c->ncpu, sizeof(*c->values)) : NULL;
	if (!c->values) {
		sclog_bpf_counter_free(c);
		return sclog_error_oom(err);
	}
	libbpf_set_print(NULL);
	c->skel = sclog_counter__open();
	if (!c->skel) {
		r = -errno;
		sclog_bpf_counter_free(c);
		return sclog_error_set(err, r, "cannot open the bpf program: %s", strerror(-r));
	}
	r = size_and_load(c, cfg);
	if (r < 0) {
		sclog_bpf_counter_free(c);
		return sclog_error_set(err, r,
				       "cannot load the bpf program onto the sys_enter raw "
				       "tracepoint: %s (it needs root, or CAP_BPF and CAP_PERFMON, "
				       "and a kernel with BTF; 'sclog doctor' checks)",
				       strerror(-r));
	}
	*ret = c;
	return 0;
}

int sclog_bpf_counter_track(struct sclog_bpf_counter *c, uint32_t tgid, int pidfd, uint32_t value,
			    const char **ret_what)
{
	if (bpf_map_update_elem(bpf_map__fd(c->skel->maps.tracked), &tgid, &value, BPF_ANY) < 0) {
		*ret_what = "adding the command to the bpf program's tracked processes";
		return -errno;
	}
	if (pidfd >= 0 && bpf_map_update_elem(bpf_map__fd(c->skel->maps.tracked_tasks), &pidfd,
					      &value, BPF_ANY) < 0) {
		*ret_what = "adding the command to the bpf program's tracked tasks";
		return -errno;
	}
	return 0;
}

/* The process behind the notification @req, tracked in @slot (already, or
 * now): 0, or -1 when it could not be. */
static int track_notifier(struct sclog_bpf_counter *c, int listener,
			  const struct seccomp_notif *req, uint32_t slot)
{
	uint32_t v = SCLOG_BPF_VALUE(SCLOG_BPF_COUNTING, slot);
	char path[64];
	long tgid;

	/* 0: the task is gone (killed while it waited). */
	if (!req->pid || sclog_bpf_broken("handoff"))
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)req->pid);
	if (sclog_status_field(path, "Tgid", 0, &tgid) < 0)
		return 0;
	/* Still waiting, so @path was still its: a pid is reused only once
	 * the task is gone, and with it the notification. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0)
		return 0;
	if (bpf_map_update_elem(bpf_map__fd(c->skel->maps.tracked), &(uint32_t){ (uint32_t)tgid },
				&v, BPF_NOEXIST) < 0 &&
	    errno != EEXIST)
		return -1;
	return 0;
}

int sclog_bpf_counter_answer(struct sclog_bpf_counter *c, int listener, uint32_t slot,
			     uint64_t *untracked)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -errno;
	if (slot < c->slots && track_notifier(c, listener, &req, slot) < 0)
		(*untracked)++;
	resp = (struct seccomp_notif_resp){ .id = req.id,
					    .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

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

/* The total over the CPUs of cell @idx of the dense array. */
static int read_cell(struct sclog_bpf_counter *c, uint32_t idx, uint64_t *ret)
{
	uint64_t sum = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(c->skel->maps.counts), &idx, c->values) < 0)
		return -errno;
	for (int i = 0; i < c->ncpu; i++)
		sum += c->values[i];
	*ret = sum;
	return 0;
}

/* Count @n calls of (@arch, @nr) in @profile, with the first caller. */
static int add(struct sclog_profile *profile, const struct sclog_policy *known, uint32_t arch,
	       int64_t nr, uint64_t n, const struct sclog_bpf_first *f, uint64_t *calls)
{
	struct sclog_record rec = { .arch = arch, .nr = nr };
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
	r = sclog_profile_add(profile, &rec);
	if (r >= 0 && n > 1)
		r = sclog_profile_add_count(profile, arch, nr, n - 1);
	if (r >= 0)
		*calls += n;
	return r;
}

/* The dense array's cells of @slot. */
static int take_cells(struct sclog_bpf_counter *c, uint32_t slot, const struct sclog_policy *known,
		      struct sclog_profile *profile, int clear, uint64_t *calls)
{
	int first = bpf_map__fd(c->skel->maps.first), counts = bpf_map__fd(c->skel->maps.counts);
	int r = 0;

	for (uint32_t cell = 0; cell < SCLOG_BPF_CELLS && r >= 0; cell++) {
		uint32_t row = cell / SCLOG_BPF_NR_SLOTS, idx = slot * SCLOG_BPF_CELLS + cell;
		struct sclog_bpf_first f = { 0 };
		uint64_t n = 0;

		r = read_cell(c, idx, &n);
		if (r < 0 || !n)
			continue;
		bpf_map_lookup_elem(first, &idx, &f);
		r = add(profile, known, row_arch(row), row_nr(row, cell % SCLOG_BPF_NR_SLOTS), n,
			&f, calls);
		if (clear) {
			memset(c->values, 0, (size_t)c->ncpu * sizeof(*c->values));
			f = (struct sclog_bpf_first){ 0 };
			if (bpf_map_update_elem(counts, &idx, c->values, BPF_ANY) < 0 ||
			    bpf_map_update_elem(first, &idx, &f, BPF_ANY) < 0)
				r = r < 0 ? r : -errno;
		}
	}
	return r;
}

/* Whether key @key of hash @fd belongs to @slot. */
typedef int (*of_slot_fn)(int fd, const void *key, uint32_t slot);

static int other_of_slot(int fd, const void *key, uint32_t slot)
{
	(void)fd;
	return ((const struct sclog_bpf_other *)key)->slot == slot;
}

static int tracked_of_slot(int fd, const void *key, uint32_t slot)
{
	uint32_t v;

	return bpf_map_lookup_elem(fd, key, &v) == 0 && SCLOG_BPF_SLOT_OF(v) == slot;
}

/* The keys (@size bytes each, @max at most) of hash @fd that belong to
 * @slot, in a new array: gathered first, since changing a hash while
 * walking it would restart the walk.  Returns how many, or -ENOMEM. */
static long keys_of_slot(int fd, size_t size, size_t max, of_slot_fn of_slot, uint32_t slot,
			 char **ret)
{
	_cleanup_free_ char *cur = malloc(size), *next = malloc(size);
	char *keys = calloc(max, size);
	int walking = 0;
	size_t n = 0;

	if (!cur || !next || !keys) {
		free(keys);
		return -ENOMEM;
	}
	while (n < max && bpf_map_get_next_key(fd, walking ? cur : NULL, next) == 0) {
		memcpy(cur, next, size);
		walking = 1;
		if (of_slot(fd, cur, slot))
			memcpy(keys + n++ * size, cur, size);
	}
	*ret = keys;
	return (long)n;
}

/* The hash of calls outside the dense array: @slot's keys. */
static int take_others(struct sclog_bpf_counter *c, uint32_t slot, const struct sclog_policy *known,
		       struct sclog_profile *profile, int clear, uint64_t *calls)
{
	int fd = bpf_map__fd(c->skel->maps.others);
	_cleanup_free_ char *keys = NULL;
	long n = keys_of_slot(fd, sizeof(struct sclog_bpf_other),
			      bpf_map__max_entries(c->skel->maps.others), other_of_slot, slot,
			      &keys);
	int r = n < 0 ? (int)n : 0;

	for (long i = 0; i < n && r >= 0; i++) {
		struct sclog_bpf_other *key = (struct sclog_bpf_other *)keys + i;
		uint64_t count = 0;

		if (bpf_map_lookup_elem(fd, key, &count) < 0)
			continue;
		/* Numbers outside the array: as the kernel passed them. */
		r = add(profile, known, row_arch(key->arch), key->nr, count, NULL, calls);
		if (clear)
			bpf_map_delete_elem(fd, key);
	}
	return r;
}

/* Thread groups still tracked in @slot: none should be, once its
 * recording has ended, but a tgid the kernel gives again must not count
 * for the slot's next recording. */
static int forget_tracked(struct sclog_bpf_counter *c, uint32_t slot)
{
	int fd = bpf_map__fd(c->skel->maps.tracked);
	_cleanup_free_ char *keys = NULL;
	long n = keys_of_slot(fd, sizeof(uint32_t), bpf_map__max_entries(c->skel->maps.tracked),
			      tracked_of_slot, slot, &keys);

	for (long i = 0; i < n; i++)
		bpf_map_delete_elem(fd, (uint32_t *)keys + i);
	return n < 0 ? (int)n : 0;
}

int sclog_bpf_counter_take(struct sclog_bpf_counter *c, uint32_t slot,
			   const struct sclog_policy *known, struct sclog_profile *profile,
			   int clear, struct sclog_bpf_counts *ret)
{
	int fd = bpf_map__fd(c->skel->maps.failures);
	int r;

	*ret = (struct sclog_bpf_counts){ 0 };
	if (slot >= c->slots)
		return -EINVAL;
	r = clear ? forget_tracked(c, slot) : 0;
	if (r >= 0)
		r = take_cells(c, slot, known, profile, clear, &ret->calls);
	if (r >= 0)
		r = take_others(c, slot, known, profile, clear, &ret->calls);
	for (uint32_t i = 0; i < SCLOG_BPF_FAILURES && r >= 0; i++) {
		uint32_t idx = slot * SCLOG_BPF_FAILURES + i;

		if (bpf_map_lookup_elem(fd, &idx, &ret->failures[i]) < 0 ||
		    (clear && bpf_map_update_elem(fd, &idx, &(uint64_t){ 0 }, BPF_ANY) < 0))
			r = -errno;
	}
	return r;
}
