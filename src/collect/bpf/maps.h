/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_BPF_MAPS_H
#define SCLOG_COLLECT_BPF_MAPS_H

/*
 * The maps of the tree's membership, shared by the collector's program
 * (sclog.bpf.c) and the programs that measure its cost
 * (bench/bpfcost.bpf.c), so that the benchmark tests the same maps.
 * Included after kernel_types.h and <bpf/bpf_helpers.h>.
 */

/* Thread groups of the trees: tgid -> SCLOG_BPF_VALUE(state, slot). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32768);
	__type(key, __u32);
	__type(value, __u32);
} tracked SEC(".maps");

/*
 * The tasks of the tree, threads included: a test of membership for every
 * syscall of the machine cheaper than the hash (a task outside the tree
 * has no storage of this map, and the lookup ends there).  Set for sclog's
 * child by sclog, for each clone of a tracked task by sclog_fork; freed
 * with the task.  The value is unused.  Only with sclog.bpf.c's
 * @task_gate: before Linux 6.2 a lookup failed while another task-storage
 * operation was under way on the CPU, which would have lost a call without
 * a trace.
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u32);
} tracked_tasks SEC(".maps");

#endif
