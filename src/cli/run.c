// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "sclog/policy/args.h"
#include "sclog/collect/collector.h"
#include "sclog/container/container_setup.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/data.h"
#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/basic/outfile.h"
#include "sclog/policy/policy.h"
#include "sclog/collect/probe.h"
#include "sclog/run/progress.h"
#include "sclog/basic/quote.h"
#include "sclog/run/recording.h"
#include "sclog/run/report.h"
#include "sclog/policy/runtimes.h"
#include "sclog/basic/strv.h"
#include "sclog/cli/verbs.h"

int sclog_verb_run(int argc, char **argv)
{
	struct sclog_run_options opt;
	struct sclog_recording r = { 0 };
	struct sclog_progress progress = { .fd = -1 };
	struct sclog_outfile policy_out = { .fd = -1, .dirfd = -1 },
			     report_out = { .fd = -1, .dirfd = -1 };
	struct sclog_error err = { 0 };
	struct sclog_policy *base = NULL, *out = NULL;
	struct sclog_runtime_needs needs = { 0 };
	struct sclog_container_run cr = { .no_new_privileges = -1, .socket = -1 };
	struct sclog_args_spec *args = NULL;
	_cleanup_free_ char *policy = NULL;
	char release[128];
	size_t unnamed = 0, new_syscalls = 0;
	int ret = SCLOG_EXIT_FAILURE, rc, listener, listener_write = 0;
	char **fallbacks = NULL, **enosys = NULL;
	long n_enosys = 0;

	rc = sclog_run_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "run", sclog_run_usage);
	if (sclog_outfile_distinct(opt.output, opt.report, &err) < 0)
		return sclog_verb_fail(&err);
	if ((opt.base && sclog_load_policy(opt.base, &base, &err) < 0) ||
	    (opt.runtime && sclog_load_runtime(opt.runtime, &needs, &err) < 0) ||
	    (!opt.no_enosys && sclog_load_fallbacks(&fallbacks, &err) < 0) ||
	    (opt.args && sclog_load_args(&args, &err) < 0)) {
		sclog_policy_free(base);
		sclog_strv_free(fallbacks);
		sclog_runtime_needs_done(&needs);
		return sclog_verb_fail(&err);
	}
	r.argv = opt.argv;
	r.mode = SCLOG_LAUNCH_OWN_FILTER;
	r.known = base;
	r.drain_timeout = opt.drain_timeout;
	r.rcvbuf = opt.rcvbuf;
	r.quiet = opt.quiet;
	/* --container without --backend: the collector decides what the
	 * runtime is handed, so it is chosen before (as run chooses); what
	 * notify cannot do with --container stays with audit and its checks. */
	if (opt.container && !opt.backend && !opt.args && sclog_recording_choose_container(&r))
		opt.backend = "notify";
	/* With notify the runtime sends sclog the listener of the profile it
	 * installs (linux.seccomp.listenerPath); nothing else differs. */
	listener = opt.container && opt.backend && strcmp(opt.backend, "notify") == 0;
	if (opt.container && opt.backend && strcmp(opt.backend, "bpf") == 0) {
		rc = sclog_verb_fail(&(struct sclog_error){ .msg = "--container --backend bpf is "
						  "not supported yet: use --backend audit or notify" });
		goto done;
	}
	if (opt.container && opt.args) {
		rc = sclog_verb_fail(&(struct sclog_error){ .msg = "--container records through the profile "
						  "the runtime installs: not with --args" });
		goto done;
	}
	if (opt.container) {
		/* The runtime installs the recording profile; its own calls after
		 * its filter vary from run to run (runc, in Go, takes signals at
		 * any point: rt_sigreturn), so its measured set joins the
		 * recording. */
		if (sclog_container_setup(opt.argv, base, opt.base, listener, &cr, &err) < 0 ||
		    sclog_load_runtime(sclog_container_runtime_name(&cr.cmd), &needs, &err) < 0) {
			rc = sclog_verb_fail(&err);
			goto done;
		}
		/* runc's form of the listener profile may allow write unseen:
		 * exact only while the runtime's own set holds write. */
		for (char **n = needs.names; cr.write_unseen && n && *n; n++)
			listener_write |= strcmp(*n, "write") == 0;
		if (cr.write_unseen && !listener_write) {
			rc = sclog_verb_fail(&(struct sclog_error){ .msg = "--container --backend "
					  "notify with runc or podman: runc refuses SCMP_ACT_NOTIFY "
					  "for write, and write is not in the runtime's measured set "
					  "(runtimes.json), so the profile could miss it; record with "
					  "crun, or with --backend audit as root" });
			goto done;
		}
		r.runtime_socket = cr.socket;
		sclog_container_run_warn(&cr);
		r.argv = cr.argv;
		r.mode = SCLOG_LAUNCH_RUNTIME_FILTER;
	}
	if (opt.backend || opt.container)
		r.collector_ops = sclog_collector_find(opt.backend ? opt.backend : "audit");
	r.args = args;
	r.user_spec = opt.user;

	rc = sclog_recording_prepare(&r);
	if (rc)
		goto done;
	if (sclog_outfile_open(&policy_out, opt.output, &err) < 0 ||
	    (opt.report && sclog_outfile_open(&report_out, opt.report, &err) < 0)) {
		rc = sclog_verb_fail(&err);
		goto done;
	}
	sclog_progress_attach(&progress, &r, opt.progress);
	rc = sclog_recording_execute(&r);
	sclog_progress_end(&progress); /* if the command never started */
	if (rc)
		goto done;

	if (!opt.has_default_action && base)
		opt.default_action = base->default_action;
	/* Unnamed syscalls are among the recording's problems already. */
	if (sclog_policy_from_profile(sclog_recording_profile(&r), &opt.default_action, &out,
				      &unnamed) < 0)
		goto oom;
	if (base) {
		/* With a base, only what it lacks was logged: all of it is new. */
		for (size_t i = 0; i < out->n_rules; i++)
			new_syscalls += out->rules[i].n_names;
		char **overridden = NULL;
		long n_over = sclog_policy_merge_base(out, base, &overridden);

		if (n_over < 0)
			goto oom;
		/* What the command did wins over what the base forbade. */
		for (long i = 0; i < n_over; i++)
			fprintf(stderr, "sclog: WARNING: %s denies %s, which the command used; the "
				"policy allows it\n", sclog_quoted_path(opt.base), overridden[i]);
		sclog_strv_free(overridden);
	}
	/* --args: the values seen instead of the bare names (a base allows
	 * none of them, or they would not have been recorded). */
	if (args && r.acc.args_seen && sclog_args_apply(args, r.acc.args_seen, out, NULL) < 0)
		goto oom;
	if (sclog_runtime_allow(out, &needs, &err) < 0) {
		rc = sclog_verb_fail(&err);
		goto done;
	}
	n_enosys = sclog_policy_add_enosys(out, fallbacks, &enosys);
	if (n_enosys < 0 || sclog_export_oci(out, &policy) < 0)
		goto oom;

	sclog_probe_release(release, sizeof(release));
	if (opt.report) {
		struct sclog_run_info info = sclog_recording_info(&r, release);

		info.base = opt.base;
		info.new_syscalls = new_syscalls;
		info.runtime = needs.description;
		info.runtime_names = needs.names;
		sclog_container_run_info(&cr, &info);
		info.enosys_names = enosys;
		info.data_sources = sclog_data_sources();
		rc = sclog_recording_write_report(&r, &info, &report_out);
		if (rc)
			goto done;
	}
	if (sclog_outfile_commit(&policy_out, policy, strlen(policy), &err) < 0) {
		rc = sclog_verb_fail(&err);
		goto done;
	}
	if (!r.quiet || r.problems.n) {
		size_t n = sclog_recording_profile(&r)->size;
		uint64_t records = r.acc.counters.records;

		fprintf(stderr, "sclog: %zu syscall%s from %llu record%s (%llu ENOBUFS/lost) in %.2f s",
			n, n == 1 ? "" : "s", (unsigned long long)records, records == 1 ? "" : "s",
			(unsigned long long)(r.acc.overflows + r.acc.records_lost), r.duration);
		if (base)
			fprintf(stderr, "; %zu new beyond %s", new_syscalls,
				sclog_quoted_path(opt.base));
		if (needs.description)
			fprintf(stderr, "; %zu added for %s", needs.n_names, needs.description);
		if (n_enosys)
			fprintf(stderr, "; %ld newer syscall%s return ENOSYS (--no-enosys)", n_enosys,
				n_enosys == 1 ? "" : "s");
		if (strcmp(opt.output, "-") != 0)
			fprintf(stderr, "; policy written to %s", opt.output);
		fputc('\n', stderr);
	}
	sclog_recording_print_problems(&r);
	ret = sclog_recording_exit_status(&r);
	if (r.problems.n && ret == 0)
		ret = SCLOG_EXIT_FAILURE;
	goto out;
oom:
	rc = sclog_verb_fail(&(struct sclog_error){ .msg = "out of memory" });
done:
	ret = rc;
out:
	sclog_outfile_done(&policy_out);
	sclog_outfile_done(&report_out);
	sclog_policy_free(base);
	sclog_policy_free(out);
	sclog_strv_free(fallbacks);
	sclog_strv_free(enosys);
	sclog_runtime_needs_done(&needs);
	sclog_recording_done(&r);
	sclog_container_run_done(&cr);
	sclog_args_spec_free(args);
	return ret;
}
