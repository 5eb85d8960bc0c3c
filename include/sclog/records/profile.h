/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RECORDS_PROFILE_H
#define SCLOG_RECORDS_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/macro.h"
#include "sclog/records/record.h"

/* Most distinct (arch, nr) pairs one profile holds; real programs use a few
 * hundred, so reaching it means the input is hostile or broken. */
#define SCLOG_PROFILE_MAX 65536

/* What was seen of one syscall of one architecture. */
struct sclog_syscall {
	uint32_t arch;
	int64_t nr;
	uint64_t count;
	int32_t first_pid;
	char *exe; /* raw bytes of the first caller's exe=, not NUL-safe */
	size_t exe_len;
	char *comm;
	size_t comm_len;
	/* The order of its records, for a phase cut (run/phase.h): serials
	 * (audit's, or notify's sequence) and realtime ms, first and last;
	 * only when @stamped. */
	uint64_t first_serial, last_serial;
	uint64_t first_ms, last_ms;
	int stamped;
	int used;
};

/* The aggregate of a run: per-(arch, nr) counts; records are never stored. */
struct sclog_profile {
	struct sclog_syscall *slots;
	size_t cap;
	size_t size;
};

/* Returns a new empty profile, or NULL when out of memory. */
struct sclog_profile *sclog_profile_new(void);

/* Frees @p (NULL is fine); returns NULL. */
struct sclog_profile *sclog_profile_free(struct sclog_profile *p);
SCLOG_DEFINE_CLEANUP(struct sclog_profile *, sclog_profile_free)

/*
 * Count @r in @p.  The first record of each (arch, nr) also records its pid,
 * exe and comm.  Returns 0, -ENOSPC when SCLOG_PROFILE_MAX distinct syscalls
 * are already held, or -ENOMEM.
 */
int sclog_profile_add(struct sclog_profile *p, const struct sclog_record *r);

/*
 * Count @count calls of (@arch, @nr) without caller details (used to merge
 * and to seed profiles).  Returns as sclog_profile_add().
 */
int sclog_profile_add_count(struct sclog_profile *p, uint32_t arch, int64_t nr, uint64_t count);

/*
 * Note a record of (@arch, @nr), already counted, at @serial and @ms (see
 * struct sclog_syscall); nothing when the entry does not exist.
 */
void sclog_profile_stamp(struct sclog_profile *p, uint32_t arch, int64_t nr, uint64_t serial,
			 uint64_t ms);

/*
 * Take back one count of (@arch, @nr): a call that was announced but did
 * not run (a signal ended its wait for the notify collector's answer).
 * The entry stays: the program did attempt the call.
 */
void sclog_profile_uncount(struct sclog_profile *p, uint32_t arch, int64_t nr);

/* Look up (@arch, @nr); NULL when never seen. */
const struct sclog_syscall *sclog_profile_get(const struct sclog_profile *p, uint32_t arch,
					      int64_t nr);

/*
 * Return in @ret an array of pointers to every entry, sorted by arch then nr.
 * The caller frees the array (not the entries).  Returns the count or -ENOMEM.
 */
long sclog_profile_sorted(const struct sclog_profile *p, const struct sclog_syscall ***ret);

#endif
