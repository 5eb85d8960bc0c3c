/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_BPF_H
#define SCLOG_POLICY_BPF_H

#include <linux/filter.h>

/* A compiled classic-BPF seccomp program (the kernel caps it at 4096). */
struct sclog_bpf {
	struct sock_filter insns[BPF_MAXINSNS];
	unsigned short len;
};

#endif
