/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_BPF_KERNEL_TYPES_H
#define SCLOG_COLLECT_BPF_KERNEL_TYPES_H

/*
 * The kernel types sclog.bpf.c reads, with only the fields it reads, in
 * place of a vmlinux.h dumped from some machine's BTF.  Each is declared
 * with preserve_access_index: every field access becomes a CO-RE
 * relocation, which libbpf resolves by name against the running kernel's
 * BTF when sclog loads the program.  So the layouts here do not matter
 * (offsets are the kernel's), the same source builds for every
 * architecture, and a cross build needs no BTF of its target.  A field a
 * kernel lacks is tested with bpf_core_field_exists() before it is read.
 */

/* The fixed-size types the program and libbpf's headers use. */
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

/* The map types and update flags the program uses (include/uapi/linux/bpf.h:
 * kernel ABI, fixed). */
enum {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_TASK_STORAGE = 29,
};
enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
};
enum {
	BPF_F_NO_PREALLOC = 1,
};
enum {
	BPF_LOCAL_STORAGE_GET_F_CREATE = 1,
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

typedef struct {
	int counter;
} atomic_t;

/*
 * The registers a syscall entered with (the sys_enter tracepoint's first
 * argument).  arm64: pstate is the saved PSTATE, whose bit 4 (nRW) says
 * the task was executing AArch32 code (compat_user_mode() in
 * arch/arm64/include/asm/ptrace.h).  x86 reads nothing of it.
 */
struct pt_regs {
	__u64 pstate;
};

/* x86: status holds TS_COMPAT while the task is in a 32-bit syscall. */
struct thread_info {
	__u32 status;
};

/* filter_count: Linux >= 5.9; mode: every kernel with seccomp. */
struct seccomp {
	int mode;
	atomic_t filter_count;
};

struct signal_struct {
	atomic_t live;
};

struct task_struct {
	struct thread_info thread_info;
	int tgid;
	struct signal_struct *signal;
	struct seccomp seccomp;
};

#pragma clang attribute pop

#endif
