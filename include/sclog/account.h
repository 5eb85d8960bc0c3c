/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_ACCOUNT_H
#define SCLOG_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/pipeline.h"
#include "sclog/profile.h"

/*
 * Everything that decides whether a profile is complete, filled by the
 * collector's account operation and by the run loop.
 * sclog_account_problems() is the one place that turns it into problems.
 */
struct sclog_account {
	const struct sclog_profile *profile; /* the records, owned by the collector */
	struct sclog_counters counters;
	uint32_t ses;            /* audit session of the tree, 0: none */
	uint64_t enobufs;        /* audit socket overflows (records lost: unknown) */
	uint64_t lost_kernel;    /* growth of the kernel's audit lost counter */
	int status_error;        /* the kernel's lost counter could not be read: */
	char status_msg[1024];   /* why */
	int drained;             /* 1: the drain proved nothing is in flight */
	double drain_timeout;    /* seconds the drain waited */
	int drain_error;         /* -errno of a failed drain, 0 */
	int read_error;          /* -errno of a failed read during the run, 0 */
	int abandoned;           /* sclog stopped waiting for a running tree */
	const char *collector;   /* the collector's name, for messages */
	/* The notify collector (and the audit collector's --args listener). */
	uint64_t own_listener;   /* the command's seccomp(NEW_LISTENER) calls: EBUSY */
	uint64_t setuid_lost;    /* set-id programs executed under no_new_privs */
	char setuid_example[256]; /* the first of them */
	uint64_t interrupted;    /* waits a signal ended */
	const struct sclog_args_seen *args_seen; /* --args: values seen, or NULL */
};

#define SCLOG_PROBLEMS_MAX 16

/* Why a profile is incomplete, as sentences for stderr and the report. */
struct sclog_problems {
	const char *list[SCLOG_PROBLEMS_MAX];
	char buf[SCLOG_PROBLEMS_MAX][1100];
	size_t n;
};

/* Append a problem (beyond SCLOG_PROBLEMS_MAX they are dropped). */
void sclog_problems_add(struct sclog_problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Append to @out every reason @acc gives to doubt the profile.  Returns the
 * number of problems added; 0 means the profile is complete.
 */
size_t sclog_account_problems(const struct sclog_account *acc, struct sclog_problems *out);

#endif
