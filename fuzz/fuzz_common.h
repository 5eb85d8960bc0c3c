/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the fuzz targets: property failures abort, so that both
 * libFuzzer and the replay main() report them as crashes. */
#ifndef SCLOG_FUZZ_COMMON_H
#define SCLOG_FUZZ_COMMON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/records/pipeline.h"
#include "sclog/records/profile.h"

__attribute__((noreturn, format(printf, 1, 2), unused)) static void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: property violated: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Nonzero unless the two byte strings are equal (NULL equals NULL only). */
static inline int fuzz_bytes_differ(const char *a, size_t an, const char *b, size_t bn)
{
	if (!a || !b)
		return a != b;
	return an != bn || (an && memcmp(a, b, an) != 0);
}

/* Abort unless @a and @b hold the same entries and counts. */
static inline void fuzz_profiles_equal(const struct sclog_profile *a, const struct sclog_profile *b,
				       const char *what)
{
	const struct sclog_syscall **va = NULL, **vb = NULL;
	long na, nb;

	if (a->size != b->size)
		fuzz_fail("%s: %zu syscalls vs %zu", what, a->size, b->size);
	if (a->size == 0)
		return;
	na = sclog_profile_sorted(a, &va);
	nb = sclog_profile_sorted(b, &vb);

	if (na < 0 || nb < 0)
		abort(); /* out of memory: libFuzzer's -rss_limit catches real ones */
	if (na != nb)
		fuzz_fail("%s: %ld syscalls vs %ld", what, na, nb);
	for (long i = 0; i < na; i++) {
		const struct sclog_syscall *x = va[i], *y = vb[i];

		if (x->arch != y->arch || x->nr != y->nr || x->count != y->count ||
		    x->first_pid != y->first_pid)
			fuzz_fail("%s: entry %ld: arch %#x nr %lld count %llu pid %d vs "
				  "arch %#x nr %lld count %llu pid %d",
				  what, i, x->arch, (long long)x->nr, (unsigned long long)x->count,
				  x->first_pid, y->arch, (long long)y->nr,
				  (unsigned long long)y->count, y->first_pid);
		if (fuzz_bytes_differ(x->comm, x->comm_len, y->comm, y->comm_len) ||
		    fuzz_bytes_differ(x->exe, x->exe_len, y->exe, y->exe_len))
			fuzz_fail("%s: entry %ld: comm/exe differ", what, i);
	}
	free(va);
	free(vb);
}

static inline void fuzz_counters_equal(const struct sclog_counters *a,
				       const struct sclog_counters *b, const char *what)
{
	if (a->records != b->records || a->foreign != b->foreign ||
	    a->other_types != b->other_types || a->malformed != b->malformed ||
	    a->bad_frames != b->bad_frames || a->overflow != b->overflow)
		fuzz_fail("%s: counters differ: records %llu/%llu foreign %llu/%llu "
			  "other %llu/%llu malformed %llu/%llu bad_frames %llu/%llu "
			  "overflow %llu/%llu",
			  what, (unsigned long long)a->records, (unsigned long long)b->records,
			  (unsigned long long)a->foreign, (unsigned long long)b->foreign,
			  (unsigned long long)a->other_types, (unsigned long long)b->other_types,
			  (unsigned long long)a->malformed, (unsigned long long)b->malformed,
			  (unsigned long long)a->bad_frames, (unsigned long long)b->bad_frames,
			  (unsigned long long)a->overflow, (unsigned long long)b->overflow);
}

#endif
