/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_BPF_SHARED_H
#define SCLOG_COLLECT_BPF_SHARED_H

/*
 * What the in-kernel counter (src/collect/bpf/sclog.bpf.c) and the bpf
 * collector that loads it agree on: map layouts and values.  Included by
 * both, so it uses only the kernel's fixed-size types (the program
 * declares them in kernel_types.h).
 */
#ifndef __bpf__
#include <linux/types.h>
#endif

/* Syscall numbers of one architecture counted in the dense per-CPU array;
 * others (arm's private calls from 0xf0000 on, or a bogus number) go to
 * the hash of others. */
#define SCLOG_BPF_NR_SLOTS 1024

/* The x32 bit of a syscall number (arch/x86/include/uapi/asm/unistd.h). */
#define SCLOG_BPF_X32_BIT 0x40000000

/* Rows of the dense array: how the kernel entered the call. */
enum sclog_bpf_arch {
	SCLOG_BPF_NATIVE, /* x86_64, aarch64 */
	SCLOG_BPF_COMPAT, /* i386 (int 0x80, sysenter, syscall from 32-bit code), arm */
	SCLOG_BPF_X32,	  /* x32: the x32 bit is set in the number, taken out here */
	SCLOG_BPF_ARCHES,
};

/* Cells of one recording's part of the dense array: SCLOG_BPF_NR_SLOTS a
 * row. */
#define SCLOG_BPF_CELLS (SCLOG_BPF_ARCHES * SCLOG_BPF_NR_SLOTS)

/*
 * Recordings counted apart by one program (`sclog listen`'s containers):
 * each has a slot, which the tracked map's value carries and the fork
 * program hands to children, and its own part of the dense array, of the
 * first callers and of the failure counters.  `sclog run` uses slot 0
 * only; the maps are sized for the slots asked for at the load.
 */
#define SCLOG_BPF_SLOTS_MAX 65

/* Values of the map of tracked thread groups: a state in the low byte,
 * the slot above it. */
enum sclog_bpf_state {
	SCLOG_BPF_PENDING = 1, /* sclog's child: counted from its execve() on */
	SCLOG_BPF_COUNTING = 2,
};
#define SCLOG_BPF_STATE_MASK 0xffu
#define SCLOG_BPF_VALUE(state, slot) ((__u32)(slot) << 8 | (__u32)(state))
#define SCLOG_BPF_SLOT_OF(value) ((value) >> 8)

/* Indexes of the failure counters: each one a call or a process unseen. */
enum sclog_bpf_failure {
	SCLOG_BPF_FAIL_TRACK, /* a child could not be added to the tracked map */
	SCLOG_BPF_FAIL_OTHER, /* a call outside the dense array was not counted */
	SCLOG_BPF_FAILURES,
};

/* Key of the hash of calls outside the dense array. */
struct sclog_bpf_other {
	__u32 arch; /* enum sclog_bpf_arch */
	__u32 slot;
	__s64 nr; /* as the kernel passed it (x32 bit included) */
};

/* The first caller of a dense slot: its thread group and comm. */
struct sclog_bpf_first {
	__u32 pid;
	char comm[16];
};

#endif
