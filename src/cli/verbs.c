// SPDX-License-Identifier: GPL-2.0-only
/* What every verb shares: an error printed once, at the top. */
#include <stdio.h>

#include "sclog/cli/verbs.h"
#include "sclog/policy/data.h"
#include "sclog/policy/runtimes.h"

int sclog_verb_fail(const struct sclog_error *err)
{
	fprintf(stderr, "sclog: %s\n", err->msg);
	return SCLOG_EXIT_FAILURE;
}

int sclog_verb_oom(void)
{
	fprintf(stderr, "sclog: " SCLOG_ERROR_OOM_MSG "\n");
	return SCLOG_EXIT_FAILURE;
}

int sclog_verb_add_runtime(struct sclog_policy *p, const char *runtime)
{
	struct sclog_runtime_needs needs = { 0 };
	struct sclog_error err = { 0 };
	int r;

	if (!runtime)
		return 0;
	if (sclog_load_runtime(runtime, &needs, &err) < 0)
		return sclog_verb_fail(&err);
	r = sclog_runtime_allow(p, &needs, &err);
	if (r == 0)
		fprintf(stderr, "sclog: added %zu syscalls for %s\n", needs.n_names,
			needs.description);
	sclog_runtime_needs_done(&needs);
	return r < 0 ? sclog_verb_fail(&err) : 0;
}
