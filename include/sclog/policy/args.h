/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_ARGS_H
#define SCLOG_POLICY_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/error.h"
#include "sclog/basic/macro.h"
#include "sclog/policy/policy.h"

/*
 * Argument recording (--args): which arguments of which syscalls are worth
 * recording (a data file, policies/args.json), the values a run saw, and
 * the OCI argument conditions that allow exactly those values.  Pure: no
 * I/O beyond the bytes handed in, names and numbers from libseccomp.
 */

#define SCLOG_ARGS_MAX_FIELDS 2	  /* recorded positions of one syscall */
#define SCLOG_ARGS_MAX_VALUES 256 /* distinct value tuples kept per syscall */

/* One recorded argument position. */
struct sclog_args_field {
	unsigned int index; /* 0..5 */
	uint64_t mask;	    /* 0: the whole value (SCMP_CMP_EQ), else SCMP_CMP_MASKED_EQ */
};

/* One syscall whose arguments are recorded. */
struct sclog_args_entry {
	char name[40];
	struct sclog_args_field fields[SCLOG_ARGS_MAX_FIELDS];
	size_t n_fields;
	/* The flags live in a struct in the target's memory (clone3): they
	 * are recorded and reported, never turned into a condition. */
	int from_struct;
	uint32_t arches[8]; /* only on these architectures; none: on all */
	size_t n_arches;
};

/* The parsed data file, resolved to syscall numbers of some architectures. */
struct sclog_args_spec {
	struct sclog_args_entry *entries;
	size_t n_entries;
	struct sclog_args_key {
		uint32_t arch;
		int64_t nr;
		size_t entry;
	} * keys;
	size_t n_keys;
};

/*
 * Parse the data file @buf (@len bytes; @source names it in errors):
 *   {"syscalls": [{"name": "socket", "args": [{"index": 0},
 *                  {"index": 1, "mask": "0xf"}]}, ...]}
 * An entry may also carry "struct": "clone_args.flags" (instead of "args",
 * with an optional "mask"), "arches" (libseccomp names) and "comment".
 * Syscall names and architectures libseccomp does not know, unknown keys,
 * indexes outside 0..5 and bad masks are errors.  The entries are resolved
 * for @arches (libseccomp tokens, @n_arches of them).  Returns 0 and a
 * spec the caller frees with sclog_args_spec_free(), or -EINVAL/-ENOMEM
 * with @err set.
 */
int sclog_args_spec_parse(const char *buf, size_t len, const char *source, const uint32_t *arches,
			  size_t n_arches, struct sclog_args_spec **ret, struct sclog_error *err);

/* Free @spec (NULL is fine); returns NULL. */
struct sclog_args_spec *sclog_args_spec_free(struct sclog_args_spec *spec);
SCLOG_DEFINE_CLEANUP(struct sclog_args_spec *, sclog_args_spec_free)

/*
 * The entry whose arguments a notification of (@arch, @nr) records
 * (@arch as the kernel reports it, an AUDIT_ARCH token), or -1.
 */
long sclog_args_lookup(const struct sclog_args_spec *spec, uint32_t arch, int64_t nr);

/*
 * The distinct syscall names of @spec, NULL-terminated, for a filter that
 * must notify them (clone3's included: its flags are read from the waiting
 * caller's memory); the caller frees the array, not the strings (they live
 * in @spec).
 */
const char **sclog_args_names(const struct sclog_args_spec *spec);

/* The value tuples seen per entry. */
struct sclog_args_seen {
	struct sclog_args_values {
		uint64_t (*tuples)[SCLOG_ARGS_MAX_FIELDS];
		size_t n, cap;
		uint64_t dropped; /* distinct tuples beyond SCLOG_ARGS_MAX_VALUES */
	} * per_entry;
	size_t n_entries;
};

/* A new empty set for @spec, or NULL without memory. */
struct sclog_args_seen *sclog_args_seen_new(const struct sclog_args_spec *spec);

/* Free @seen (NULL is fine); returns NULL. */
struct sclog_args_seen *sclog_args_seen_free(struct sclog_args_seen *seen);
SCLOG_DEFINE_CLEANUP(struct sclog_args_seen *, sclog_args_seen_free)

/*
 * Record a call of entry @entry with the raw arguments @args (6 values;
 * for a from_struct entry, args[0] holds the struct's field).  Each field
 * is masked as the spec says.  Returns 0 or -ENOMEM.
 */
int sclog_args_seen_add(struct sclog_args_seen *seen, const struct sclog_args_spec *spec,
			size_t entry, const uint64_t args[6]);

/*
 * Turn @p's unconditional ALLOW of each recorded syscall into one ALLOW
 * rule per value tuple seen (OR'ed, as runtimes and libseccomp require:
 * one rule holds at most one condition per argument), with SCMP_CMP_EQ or
 * SCMP_CMP_MASKED_EQ conditions.  Entries read from a struct, and entries
 * with more distinct tuples than SCLOG_ARGS_MAX_VALUES, stay unconditional
 * (counted in @ret_unconditional, may be NULL).  Returns 0 or -ENOMEM.
 */
int sclog_args_apply(const struct sclog_args_spec *spec, const struct sclog_args_seen *seen,
		     struct sclog_policy *p, size_t *ret_unconditional);

#endif
