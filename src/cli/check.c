// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "sclog/collect/collector.h"
#include "sclog/container/container_setup.h"
#include "sclog/policy/data.h"
#include "sclog/policy/findings.h"
#include "sclog/cli/options.h"
#include "sclog/basic/outfile.h"
#include "sclog/policy/policy.h"
#include "sclog/collect/probe.h"
#include "sclog/run/progress.h"
#include "sclog/run/recording.h"
#include "sclog/run/report.h"
#include "sclog/cli/verbs.h"

#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"

int sclog_verb_check(int argc, char **argv)
{
	struct sclog_check_options opt;
	struct sclog_recording r = { 0 };
	struct sclog_progress progress = { .fd = -1 };
	struct sclog_outfile out = { .fd = -1, .dirfd = -1 },
			     report_out = { .fd = -1, .dirfd = -1 };
	struct sclog_error err = { 0 };
	struct sclog_policy *policy = NULL;
	struct sclog_container_run cr = { .no_new_privileges = -1, .socket = -1 };
	_cleanup_free_ char *findings = NULL;
	char release[128];
	int rc, violations, status, listener;

	rc = sclog_check_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "check", sclog_check_usage);
	if (sclog_outfile_distinct(opt.output, opt.report, &err) < 0)
		return sclog_verb_fail(&err);
	if (sclog_load_policy(opt.policy, &policy, &err) < 0)
		return sclog_verb_fail(&err);
	r.argv = opt.argv;
	r.mode = SCLOG_LAUNCH_OWN_FILTER;
	r.known = policy;
	r.drain_timeout = opt.drain_timeout;
	r.rcvbuf = opt.rcvbuf;
	r.quiet = opt.quiet;
	rc = 0;
	/* --container without --backend: the collector decides what the
	 * runtime is handed, so it is chosen first (as run chooses). */
	if (opt.container && !opt.backend && sclog_recording_choose_container(&r))
		opt.backend = "notify";
	listener = opt.container && opt.backend && strcmp(opt.backend, "notify") == 0;
	if (opt.container && opt.backend && strcmp(opt.backend, "bpf") == 0)
		rc = sclog_verb_fail(&(struct sclog_error){ .msg = "--container --backend bpf is "
				     "not supported yet: use --backend audit or notify" });
	else if (opt.container) {
		/* The recording profile allows what the policy allows. */
		if (sclog_container_setup(opt.argv, policy, opt.policy, listener, &cr, &err) < 0)
			rc = sclog_verb_fail(&err);
		else if (cr.write_unseen)
			/* runc's form of the listener profile allows write. */
			rc = sclog_verb_fail(&(struct sclog_error){ .msg = "--container --backend "
					  "notify with runc or podman: runc refuses SCMP_ACT_NOTIFY "
					  "for write and the policy does not allow write, so a write "
					  "would go unseen; check with crun, or with --backend audit "
					  "as root" });
		else
			sclog_container_run_warn(&cr);
		r.argv = cr.argv;
		r.runtime_socket = cr.socket;
		r.mode = SCLOG_LAUNCH_RUNTIME_FILTER;
	}
	if (opt.backend || opt.container)
		r.collector_ops = sclog_collector_find(opt.backend ? opt.backend : "audit");
	r.user_spec = opt.user;

	if (rc == 0)
		rc = sclog_recording_prepare(&r);
	if (rc == 0 && (sclog_outfile_open(&out, opt.output, &err) < 0 ||
			(opt.report && sclog_outfile_open(&report_out, opt.report, &err) < 0)))
		rc = sclog_verb_fail(&err);
	if (rc == 0) {
		sclog_progress_attach(&progress, &r, opt.progress);
		rc = sclog_recording_execute(&r);
		sclog_progress_end(&progress); /* if the command never started */
	}
	if (rc)
		goto done;
	violations = sclog_check_findings(sclog_recording_profile(&r), opt.policy, opt.format,
					  r.problems.n == 0, &findings);
	sclog_probe_release(release, sizeof(release));
	if (violations < 0) {
		rc = sclog_verb_fail(&(struct sclog_error){ .msg = "out of memory" });
		goto done;
	}
	if (opt.report) {
		struct sclog_run_info info = sclog_recording_info(&r, release);

		sclog_container_run_info(&cr, &info);
		rc = sclog_recording_write_report(&r, &info, &report_out);
		if (rc)
			goto done;
	}
	if (sclog_outfile_commit(&out, findings, strlen(findings), &err) < 0) {
		rc = sclog_verb_fail(&err);
		goto done;
	}
	/* One summary line: the text findings on stdout start with theirs. */
	if (!r.quiet && (opt.format != SCLOG_FORMAT_TEXT || strcmp(opt.output, "-") != 0))
		fprintf(stderr, "sclog: %d syscall%s outside %s, %llu record%s (%llu ENOBUFS/lost) "
			"in %.2f s\n", violations, violations == 1 ? "" : "s",
			sclog_quoted_path(opt.policy),
			(unsigned long long)r.acc.counters.records,
			r.acc.counters.records == 1 ? "" : "s",
			(unsigned long long)(r.acc.overflows + r.acc.records_lost), r.duration);
	sclog_recording_print_problems(&r);
	status = sclog_recording_exit_status(&r);
	if (status != 0)
		rc = status;
	else if (r.problems.n)
		rc = SCLOG_EXIT_FAILURE; /* cannot vouch for a clean result */
	else
		rc = violations ? 1 : 0;
done:
	sclog_outfile_done(&out);
	sclog_outfile_done(&report_out);
	sclog_policy_free(policy);
	sclog_recording_done(&r);
	sclog_container_run_done(&cr);
	return rc;
}
