// SPDX-License-Identifier: GPL-2.0-only
/* `sclog merge`: the union of policies. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/policy/export/export.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/data.h"
#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/basic/quote.h"
#include "sclog/cli/verbs.h"

/* ENOSYS for the fallback syscalls the policy does not allow, and say so. */
static int add_enosys(struct sclog_policy *p)
{
	struct sclog_error err = { 0 };
	char **names = NULL, **added = NULL;
	long n;

	if (sclog_load_fallbacks(&names, &err) < 0)
		return sclog_verb_fail(&err);
	n = sclog_policy_add_enosys(p, names, &added);
	sclog_strv_free(names);
	if (n < 0)
		return sclog_verb_oom();
	if (n) {
		fprintf(stderr, "sclog: %ld newer syscall%s return ENOSYS so that C libraries fall "
			"back (--no-enosys):", n, n == 1 ? "" : "s");
		for (char **a = added; *a; a++)
			fprintf(stderr, " %s", *a);
		fputc('\n', stderr);
	}
	sclog_strv_free(added);
	return 0;
}

int sclog_verb_merge(int argc, char **argv)
{
	struct sclog_merge_options opt;
	struct sclog_error err = { 0 };
	struct sclog_policy *merged = NULL;
	int rc;

	rc = sclog_merge_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "merge", sclog_merge_usage);
	for (char **in = opt.inputs; *in; in++) {
		struct sclog_policy *p = NULL;
		struct sclog_conflict conflict;
		char a[64], b[64];

		if (sclog_load_policy(*in, &p, &err) < 0) {
			sclog_policy_free(merged);
			return sclog_verb_fail(&err);
		}
		if (!merged) {
			merged = p;
			continue;
		}
		if (!opt.has_default_action && !sclog_action_equal(&merged->default_action, &p->default_action)) {
			fprintf(stderr, "sclog: %s has default action %s, %s has %s; choose one "
				"with --default-action\n", sclog_quoted_path(opt.inputs[0]),
				sclog_action_describe(&merged->default_action, a, sizeof(a)),
				sclog_quoted_path(*in),
				sclog_action_describe(&p->default_action, b, sizeof(b)));
			sclog_policy_free(p);
			sclog_policy_free(merged);
			return SCLOG_EXIT_FAILURE;
		}
		rc = sclog_policy_merge(merged, p, &conflict);
		if (rc == -EEXIST)
			fprintf(stderr, "sclog: %s gives %s %s but an earlier input gives it %s; a "
				"syscall must have one action: remove it from one policy\n",
				sclog_quoted_path(*in), sclog_quoted(conflict.name), sclog_action_describe(&conflict.added, a, sizeof(a)),
				sclog_action_describe(&conflict.existing, b, sizeof(b)));
		sclog_policy_free(p);
		if (rc < 0) {
			sclog_policy_free(merged);
			return rc == -EEXIST ? SCLOG_EXIT_FAILURE : sclog_verb_oom();
		}
	}
	if (opt.has_default_action)
		merged->default_action = opt.default_action;
	rc = sclog_verb_add_runtime(merged, opt.runtime);
	if (rc == 0 && !opt.no_enosys)
		rc = add_enosys(merged);
	if (rc == 0) {
		struct sclog_error werr = { 0 };

		if (sclog_write_policy(opt.output, sclog_export_oci_write, merged, &werr) < 0)
			rc = sclog_verb_fail(&werr);
	}
	sclog_policy_free(merged);
	return rc;
}
