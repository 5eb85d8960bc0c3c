/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_PIDSET_H
#define SCLOG_BASIC_PIDSET_H

#include <stddef.h>
#include <stdint.h>

/* Most pids one set holds (a fork storm of a million processes fits). */
#define SCLOG_PIDSET_MAX (4u << 20)

/* A set of pids, each with a few flag bits (open addressing). */
struct sclog_pidset {
	int32_t *pids; /* 0: free slot */
	uint8_t *flags;
	size_t cap, size;
};

/*
 * Set @bits on @pid (> 0), adding it when absent.  Returns 0, -ENOSPC beyond
 * SCLOG_PIDSET_MAX pids, or -ENOMEM.
 */
int sclog_pidset_set(struct sclog_pidset *s, int32_t pid, uint8_t bits);

/* The flags of @pid; 0 when absent. */
uint8_t sclog_pidset_get(const struct sclog_pidset *s, int32_t pid);

/* Free what @s holds; it is empty and usable again. */
void sclog_pidset_done(struct sclog_pidset *s);

#endif
