// SPDX-License-Identifier: GPL-2.0-only
/* Argument conditions: their OCI names, their order, what they mean. */
#include <errno.h>
#include <seccomp.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/policy/condition.h"

static const struct {
	int op;
	const char *name;
} cmps[] = {
	{ SCMP_CMP_NE, "SCMP_CMP_NE" },
	{ SCMP_CMP_LT, "SCMP_CMP_LT" },
	{ SCMP_CMP_LE, "SCMP_CMP_LE" },
	{ SCMP_CMP_EQ, "SCMP_CMP_EQ" },
	{ SCMP_CMP_GE, "SCMP_CMP_GE" },
	{ SCMP_CMP_GT, "SCMP_CMP_GT" },
	{ SCMP_CMP_MASKED_EQ, "SCMP_CMP_MASKED_EQ" },
};

const char *sclog_cmp_oci_name(int op)
{
	for (size_t i = 0; i < ELEMENTSOF(cmps); i++)
		if (cmps[i].op == op)
			return cmps[i].name;
	return NULL;
}

int sclog_cmp_from_oci_name(const char *name, int *ret)
{
	for (size_t i = 0; i < ELEMENTSOF(cmps); i++)
		if (strcmp(cmps[i].name, name) == 0) {
			*ret = cmps[i].op;
			return 0;
		}
	return -EINVAL;
}

int sclog_arg_compare(const struct sclog_arg *x, const struct sclog_arg *y)
{
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if (x->value_two != y->value_two)
		return x->value_two < y->value_two ? -1 : 1;
	return 0;
}

bool sclog_arg_matches(const struct sclog_arg *a, uint64_t v)
{
	switch (a->op) {
	case SCMP_CMP_NE:
		return v != a->value;
	case SCMP_CMP_LT:
		return v < a->value;
	case SCMP_CMP_LE:
		return v <= a->value;
	case SCMP_CMP_EQ:
		return v == a->value;
	case SCMP_CMP_GE:
		return v >= a->value;
	case SCMP_CMP_GT:
		return v > a->value;
	case SCMP_CMP_MASKED_EQ:
		return (v & a->value) == a->value_two;
	}
	return false;
}
