// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parts of the bpf collector's cost, one program each (bench/bpfcost.sh
 * loads one at a time with bench/bpfload.c): what any program on the
 * sys_enter tracepoint costs every task of the machine, and what its
 * membership test adds for a task outside the recorded tree.
 */
#include "kernel_types.h" /* src/collect/bpf/ */
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* The collector's maps, tracked and tracked_tasks (src/collect/bpf/). */
#include "maps.h"

char LICENSE[] SEC("license") = "GPL";

/* One bit a thread group id, up to the kernel's PID_MAX_LIMIT (4M). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, (4 << 20) / 64);
	__type(key, __u32);
	__type(value, __u64);
} tracked_bits SEC(".maps");

__u64 hits;

/* (b) The tracepoint alone: the slow path every task takes, and the call. */
SEC("tp_btf/sys_enter")
int BPF_PROG(empty, struct pt_regs *regs, long id)
{
	return 0;
}

/* (c) The collector's test for a task outside the tree: a hash miss. */
SEC("tp_btf/sys_enter")
int BPF_PROG(hash_miss, struct pt_regs *regs, long id)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (bpf_map_lookup_elem(&tracked, &tgid))
		hits++;
	return 0;
}

/* (e) The same test with task local storage (set on fork for the tree). */
SEC("tp_btf/sys_enter")
int BPF_PROG(storage_miss, struct pt_regs *regs, long id)
{
	if (bpf_task_storage_get(&tracked_tasks, bpf_get_current_task_btf(), 0, 0))
		hits++;
	return 0;
}

/* (e) A bit per tgid in an array, which the verifier inlines: the hash is
 * looked up only when the bit is set. */
SEC("tp_btf/sys_enter")
int BPF_PROG(bitmap_miss, struct pt_regs *regs, long id)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32, word = tgid / 64;
	__u64 *bits = bpf_map_lookup_elem(&tracked_bits, &word);

	if (bits && (*bits >> (tgid % 64) & 1) && bpf_map_lookup_elem(&tracked, &tgid))
		hits++;
	return 0;
}

/* Whether the kernel lets a program run on the return of
 * __secure_computing(), the hook only seccomp-filtered tasks reach. */
SEC("fexit/__secure_computing")
int seccomp_exit(__u64 *ctx)
{
	return 0;
}
