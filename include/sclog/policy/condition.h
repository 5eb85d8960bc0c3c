/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_CONDITION_H
#define SCLOG_POLICY_CONDITION_H

#include <stdbool.h>
#include <stdint.h>

/* The argument conditions of a policy's rules: names, order, meaning. */

/* A condition on a syscall argument (OCI "args"). */
struct sclog_arg {
	unsigned int index; /* 0..5 */
	uint64_t value;
	uint64_t value_two;
	int op; /* enum scmp_compare */
};

/*
 * The OCI name of comparison @op ("SCMP_CMP_EQ", …), or NULL; static.
 */
const char *sclog_cmp_oci_name(int op);

/* The comparison of an OCI name: 0 and @ret, or -EINVAL. */
int sclog_cmp_from_oci_name(const char *name, int *ret);

/*
 * Order of two conditions (index, operator, value, second value): <0, 0,
 * >0, as strcmp; the one order that sorting and comparing conditions use.
 */
int sclog_arg_compare(const struct sclog_arg *x, const struct sclog_arg *y);

/*
 * True when argument value @v meets condition @a, compared as the kernel
 * compares 64-bit arguments in libseccomp's filters.
 */
bool sclog_arg_matches(const struct sclog_arg *a, uint64_t v);

#endif
