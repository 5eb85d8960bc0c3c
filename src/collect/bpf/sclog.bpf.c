// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bpf collector's counter (collect/bpf/collector.c loads it): on every
 * syscall entry of a task of the recorded tree, the per-CPU counter of its
 * (arch, nr) goes up.  Nothing is queued, so nothing can be dropped; the
 * failures possible (a full map) are counted, and sclog reports them.
 *
 * The raw sys_enter tracepoint runs after seccomp (syscall_trace_enter() of
 * kernel/entry/common.c, and of arch/arm64/kernel/ptrace.c on arm64 before
 * the generic entry: __secure_computing() first, trace_sys_enter() next),
 * so a call a filter refused is not counted: what is counted is what ran,
 * as with the audit collector's records.
 *
 * One source for every architecture: the kernel types come from
 * kernel_types.h (CO-RE), the syscall numbers from sclog (rodata); only the
 * test of a 32-bit call differs, chosen by the __TARGET_ARCH_* the build
 * compiles it with (cmake/bpf.cmake).
 */
#include "kernel_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "maps.h"

#include "sclog/collect/bpf/shared.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by sclog before the load. */
/* --container: count a call only under a seccomp filter beyond sclog's own
 * @base_filters (the runtime installs the recording profile; its set-up
 * before it stays out, as with the audit collector). */
const volatile __u32 only_filtered = 0;
const volatile __s32 base_filters = 0;
/* Tell 32-bit calls from native ones (0 only in a negative-control test). */
const volatile __u32 detect_compat = 1;
/* The native execve and execveat numbers (sclog's own <sys/syscall.h>). */
const volatile __s32 nr_execve = -1;
const volatile __s32 nr_execveat = -1;
/* Test the task's storage before the hash (Linux >= 6.2, see
 * tracked_tasks). */
const volatile __u32 task_gate = 0;
/* Give new threads the storage (0 only in a negative-control test). */
const volatile __u32 gate_threads = 1;
/* Children get their parent's slot (0 only in a negative-control test:
 * they get slot 0, which `sclog listen` gives no container). */
const volatile __u32 inherit_slot = 1;

/* The counters, SCLOG_BPF_CELLS a slot (sclog sizes it for its slots). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SCLOG_BPF_CELLS);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct sclog_bpf_other);
	__type(value, __u64);
} others SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCLOG_BPF_CELLS);
	__type(key, __u32);
	__type(value, struct sclog_bpf_first);
} first SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCLOG_BPF_FAILURES);
	__type(key, __u32);
	__type(value, __u64);
} failures SEC(".maps");

/* SCLOG_BPF_FAILURES a slot. */
static __always_inline void note_failure(__u32 slot, __u32 what)
{
	__u32 idx = slot * SCLOG_BPF_FAILURES + what;
	__u64 *n = bpf_map_lookup_elem(&failures, &idx);

	if (n)
		__sync_fetch_and_add(n, 1);
}

#if defined(__TARGET_ARCH_x86)
/* TS_COMPAT of struct thread_info.status: the task is in a 32-bit syscall
 * (arch/x86/include/asm/thread_info.h; in_ia32_syscall() reads it). */
#define TS_COMPAT 0x0002

static __always_inline int in_compat_syscall(struct task_struct *task, struct pt_regs *regs)
{
	(void)regs;
	if (!detect_compat || !bpf_core_field_exists(task->thread_info.status))
		return 0;
	return (BPF_CORE_READ(task, thread_info.status) & TS_COMPAT) != 0;
}

static __always_inline int is_x32(long id)
{
	return id >= 0 && (id & SCLOG_BPF_X32_BIT);
}
#elif defined(__TARGET_ARCH_arm64)
/* PSR_MODE32_BIT of the saved PSTATE: the call came from AArch32 code
 * (compat_user_mode(), arch/arm64/include/asm/ptrace.h), architectural.  A
 * task runs AArch32 exactly when the kernel marked it TIF_32BIT at its
 * execve, which audit's arch= reads (is_compat_task()); the flag's bit
 * number is the kernel's own and is being renumbered, the PSTATE bit not. */
#define PSR_MODE32_BIT 0x10

static __always_inline int in_compat_syscall(struct task_struct *task, struct pt_regs *regs)
{
	(void)task;
	if (!detect_compat)
		return 0;
	return (BPF_CORE_READ(regs, pstate) & PSR_MODE32_BIT) != 0;
}

/* arm64 has no x32: a number with that bit is only a bogus one. */
static __always_inline int is_x32(long id)
{
	(void)id;
	return 0;
}
#else
#error "sclog.bpf.c: compile with -D__TARGET_ARCH_x86 or -D__TARGET_ARCH_arm64"
#endif

/* SECCOMP_MODE_FILTER (include/uapi/linux/seccomp.h). */
#define MODE_FILTER 2

/*
 * Under a seccomp filter beyond those sclog itself runs under: the
 * runtime's, loaded from the recording profile.  The filter count (Linux
 * >= 5.9, copied on fork by copy_seccomp()) tells it even when sclog runs
 * under a filter of its own (in a container); before 5.9 the mode does,
 * where sclog has none.
 */
static __always_inline int filtered(struct task_struct *task)
{
	if (bpf_core_field_exists(task->seccomp.filter_count))
		return BPF_CORE_READ(task, seccomp.filter_count.counter) > base_filters;
	return BPF_CORE_READ(task, seccomp.mode) == MODE_FILTER;
}

/* The first caller of cell @idx: noted once per CPU at most (the per-CPU
 * counter goes from 0 to 1), kept once by the compare-and-swap. */
static __always_inline void note_first(__u32 idx, __u32 tgid)
{
	struct sclog_bpf_first *f = bpf_map_lookup_elem(&first, &idx);

	if (f && __sync_val_compare_and_swap(&f->pid, 0, tgid) == 0)
		bpf_get_current_comm(f->comm, sizeof(f->comm));
}

static __always_inline void count_other(__u32 slot, __u32 arch, long id)
{
	struct sclog_bpf_other key = { .arch = arch, .slot = slot, .nr = id };
	__u64 one = 1, *n;

	n = bpf_map_lookup_elem(&others, &key);
	if (n) {
		__sync_fetch_and_add(n, 1);
		return;
	}
	if (bpf_map_update_elem(&others, &key, &one, BPF_NOEXIST) == 0)
		return;
	/* Another CPU may have added it meanwhile. */
	n = bpf_map_lookup_elem(&others, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		note_failure(slot, SCLOG_BPF_FAIL_OTHER);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sclog_sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 tgid, arch = SCLOG_BPF_NATIVE, idx, slot, *state;
	__u64 *n;
	long nr = id;

	if (task_gate && !bpf_task_storage_get(&tracked_tasks, task, 0, 0))
		return 0;
	tgid = bpf_get_current_pid_tgid() >> 32;
	state = bpf_map_lookup_elem(&tracked, &tgid);
	if (!state)
		return 0;
	if (in_compat_syscall(task, regs)) {
		arch = SCLOG_BPF_COMPAT;
	} else if (is_x32(id)) {
		arch = SCLOG_BPF_X32;
		nr = id & ~SCLOG_BPF_X32_BIT;
	}
	/* sclog's child between its set-up and the command: from its
	 * execve() on, as when sclog installs the filter just before it. */
	slot = SCLOG_BPF_SLOT_OF(*state);
	if ((*state & SCLOG_BPF_STATE_MASK) == SCLOG_BPF_PENDING) {
		if (arch != SCLOG_BPF_NATIVE || (id != nr_execve && id != nr_execveat))
			return 0;
		*state = SCLOG_BPF_VALUE(SCLOG_BPF_COUNTING, slot);
	}
	if (only_filtered && !filtered(task))
		return 0;
	if (nr < 0 || nr >= SCLOG_BPF_NR_SLOTS) {
		count_other(slot, arch, id);
		return 0;
	}
	/* Past the array sized for the slots (a bogus slot): no cell. */
	idx = slot * SCLOG_BPF_CELLS + arch * SCLOG_BPF_NR_SLOTS + (__u32)nr;
	n = bpf_map_lookup_elem(&counts, &idx);
	if (!n)
		return 0; /* cannot happen: idx is in the array */
	if (!*n)
		note_first(idx, tgid);
	*n += 1;
	return 0;
}

/* A new thread group forked by a tracked one is tracked before it runs,
 * in its parent's slot:
 * the tracepoint fires in kernel_clone() before wake_up_new_task().  A
 * thread (CLONE_THREAD, clone3 too) shares the tgid, tracked already, and
 * gets the task's storage as a new process does.  Daemons and orphans
 * keep their tgid when reparented. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(sclog_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = BPF_CORE_READ(parent, tgid), ctgid = BPF_CORE_READ(child, tgid);
	__u32 *state, v;

	/* The parent is the current task (kernel_clone()). */
	if (task_gate) {
		if (!bpf_task_storage_get(&tracked_tasks, bpf_get_current_task_btf(), 0, 0) ||
		    (ptgid == ctgid && !gate_threads))
			return 0;
		/* The gate is `sclog run`'s only: slot 0. */
		if (!bpf_task_storage_get(&tracked_tasks, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE))
			note_failure(0, SCLOG_BPF_FAIL_TRACK);
	}
	if (ptgid == ctgid)
		return 0;
	state = bpf_map_lookup_elem(&tracked, &ptgid);
	if (!state)
		return 0;
	v = inherit_slot ? *state : *state & SCLOG_BPF_STATE_MASK;
	/* Not "< 0": before Linux 6.4 (d7ba4cc900bf, "bpf: return long from
	 * bpf_map_ops funcs") the verifier turns this call into a direct one
	 * to htab_map_update_elem(), which returned int: -E2BIG comes back
	 * zero-extended (0x00000000fffffff9), positive as a 64-bit value.
	 * Success is 0 on every kernel. */
	if (bpf_map_update_elem(&tracked, &ctgid, &v, BPF_ANY) != 0)
		note_failure(SCLOG_BPF_SLOT_OF(*state), SCLOG_BPF_FAIL_TRACK);
	return 0;
}

/* The last thread of a group is gone: its tgid may be reused by a process
 * outside the tree.  do_exit() decrements signal->live before this
 * tracepoint (kernel/exit.c). */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(sclog_exit, struct task_struct *task)
{
	__u32 tgid = BPF_CORE_READ(task, tgid);

	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	bpf_map_delete_elem(&tracked, &tgid);
	return 0;
}
