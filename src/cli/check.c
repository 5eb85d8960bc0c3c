// SPDX-License-Identifier: GPL-2.0-only
/* `sclog check`: record a command and report what it did outside a policy. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/cli/options.h"
#include "sclog/cli/record.h"
#include "sclog/cli/verbs.h"
#include "sclog/policy/data.h"
#include "sclog/policy/findings.h"
#include "sclog/policy/policy.h"

static const struct sclog_option check_options[] = {
	{ "policy", 'p', "FILE", "the policy to check against (required)", SCLOG_OPT_POLICY },
	{ "format", 0, "FMT",
	  "text (default), json, or github (::error:: annotations for GitHub Actions)",
	  SCLOG_OPT_FORMAT },
	{ "output", 'o', "FILE", "findings file (default: stdout, after COMMAND)",
	  SCLOG_OPT_OUTPUT },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_check_options *o = opts;

	switch (id) {
	case SCLOG_OPT_POLICY:
		o->policy = arg;
		return 0;
	case SCLOG_OPT_FORMAT:
		return sclog_options_parse_format(arg, 1, &o->format, err);
	}
	return sclog_options_apply_recording(&o->rec, id, arg, err);
}

const struct sclog_cli sclog_check_cli = {
	.verb = "check",
	.usage = "Usage: sclog check --policy POLICY [OPTIONS] [--] COMMAND [ARG]...\n"
		 "\n"
		 "Run COMMAND with POLICY's syscalls allowed and every other one logged,\n"
		 "watch its whole process tree, and report each syscall outside POLICY.\n"
		 "The run is never broken by the check.\n"
		 "\n"
		 "Options:\n",
	.tail = "\n"
		"Exit status: COMMAND's status if it failed; otherwise 1 when there were\n"
		"violations, 0 when there were none; 125 if sclog failed or could not\n"
		"watch everything; 126/127 as for run.\n",
	.groups = { check_options, sclog_options_recording, sclog_options_help },
	.in_order = 1,
	.apply = apply,
};

int sclog_check_options_parse(int argc, char **argv, struct sclog_check_options *ret,
			      struct sclog_error *err)
{
	struct sclog_check_options o = { .rec = { .output = "-", .drain_timeout = 10 } };
	int first, rc;

	rc = sclog_options_parse(&sclog_check_cli, argc, argv, &o, &first, err);
	if (rc == 0 && !o.policy)
		rc = sclog_error_set(err, -EINVAL, "--policy is required");
	if (rc == 0)
		rc = sclog_options_command(&sclog_check_cli, argc, argv, first, &o.rec.argv, err);
	if (rc == 0)
		rc = sclog_options_check_recording(&o.rec, err);
	if (rc >= 0)
		*ret = o;
	return rc;
}

/* One summary line: the text findings on stdout start with theirs. */
static void print_summary(const struct sclog_check_options *opt, const struct sclog_recording *r,
			  int violations)
{
	if (r->quiet || (opt->format == SCLOG_FORMAT_TEXT && strcmp(opt->rec.output, "-") == 0))
		return;
	fprintf(stderr,
		"sclog: %d syscall%s outside %s, %llu record%s (%llu ENOBUFS/lost) in "
		"%.2f s\n",
		violations, violations == 1 ? "" : "s", sclog_quoted_path(opt->policy),
		(unsigned long long)r->acc.counters.records,
		r->acc.counters.records == 1 ? "" : "s",
		(unsigned long long)(r->acc.overflows + r->acc.records_lost), r->duration);
}

int sclog_verb_check(int argc, char **argv)
{
	struct sclog_check_options opt;
	struct sclog_cli_recording rec = SCLOG_CLI_RECORDING_INIT;
	struct sclog_error err = { 0 };
	struct sclog_policy *policy = NULL;
	struct sclog_run_info info;
	_cleanup_free_ char *findings = NULL;
	int rc, violations = 0;

	rc = sclog_check_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, &sclog_check_cli);
	if (sclog_outfile_distinct(opt.rec.output, opt.rec.report, &err) < 0 ||
	    sclog_load_policy(opt.policy, &policy, &err) < 0)
		return sclog_verb_fail(&err);
	rc = sclog_cli_record(&rec, &opt.rec, policy, opt.policy, NULL, NULL);
	if (rc == 0) {
		violations =
			sclog_check_findings(sclog_recording_profile(&rec.r), policy, opt.policy,
					     opt.format, rec.r.problems.n == 0, &findings);
		if (violations < 0)
			rc = sclog_verb_oom();
	}
	if (rc == 0) {
		info = sclog_cli_recording_info(&rec);
		rc = sclog_cli_recording_commit(&rec, &info, findings);
	}
	if (rc == 0) {
		print_summary(&opt, &rec.r, violations);
		rc = sclog_cli_recording_status(&rec);
		if (rc == 0)
			rc = violations ? 1 : 0;
	}
	sclog_cli_recording_done(&rec);
	sclog_policy_free(policy);
	return rc;
}
