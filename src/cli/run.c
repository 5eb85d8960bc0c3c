// SPDX-License-Identifier: GPL-2.0-only
/* `sclog run`: record a command and write its policy. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/exit.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/strv.h"
#include "sclog/cli/options.h"
#include "sclog/cli/record.h"
#include "sclog/cli/verbs.h"
#include "sclog/policy/args.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/data.h"
#include "sclog/policy/export/export.h"
#include "sclog/policy/implied.h"
#include "sclog/policy/policy.h"
#include "sclog/policy/runtimes.h"

static const struct sclog_option run_options[] = {
	{ "output", 'o', "FILE",
	  "policy file (default: " SCLOG_DEFAULT_OUTPUT "); \"-\" prints it on stdout after "
	  "COMMAND ends",
	  SCLOG_OPT_OUTPUT },
	{ "default-action", 0, "ACT",
	  "action for syscalls not in the list: errno[:ERRNO] (default errno:EPERM), kill, "
	  "kill-process, trap, log",
	  SCLOG_OPT_DEFAULT_ACTION },
	{ "base", 0, "POLICY",
	  "syscalls of POLICY are allowed (they cost nothing); the output is POLICY plus what "
	  "is new",
	  SCLOG_OPT_BASE },
	{ "for", 0, "RUNTIME",
	  "add what the runtime itself needs: runc, crun, docker, podman, kubernetes or bwrap",
	  SCLOG_OPT_FOR },
	{ "no-enosys", 0, NULL,
	  "do not make the syscalls C libraries fall back from (clone3, statx...) return "
	  "ENOSYS when the policy does not allow them",
	  SCLOG_OPT_NO_ENOSYS },
	{ "args", 0, NULL,
	  "record the arguments listed in args.json (socket family, namespace flags, ioctl "
	  "request...) and allow only the values seen",
	  SCLOG_OPT_ARGS },
	{ "phase-at", 0, "BOUNDARY",
	  "also write the policy of the serving phase: the calls from BOUNDARY on, which is a "
	  "syscall's first call (accept4), \"ready\" (sd_notify READY=1 on the NOTIFY_SOCKET "
	  "sclog sets) or seconds after the start (2.5); needs --serving-output",
	  SCLOG_OPT_PHASE_AT },
	{ "serving-output", 0, "FILE",
	  "the serving phase's policy file (with --phase-at); not written, and the exit status "
	  "125, when the boundary never came",
	  SCLOG_OPT_SERVING_OUTPUT },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_run_options *o = opts;

	switch (id) {
	case SCLOG_OPT_DEFAULT_ACTION:
		o->has_default_action = 1;
		return sclog_options_parse_action(arg, &o->default_action, err);
	case SCLOG_OPT_BASE:
		o->base = arg;
		return 0;
	case SCLOG_OPT_FOR:
		o->runtime = arg;
		return 0;
	case SCLOG_OPT_NO_ENOSYS:
		o->no_enosys = 1;
		return 0;
	case SCLOG_OPT_ARGS:
		o->args = 1;
		return 0;
	case SCLOG_OPT_PHASE_AT:
		return sclog_phase_parse(arg, &o->phase, err);
	case SCLOG_OPT_SERVING_OUTPUT:
		o->serving_output = arg;
		return 0;
	}
	return sclog_options_apply_recording(&o->rec, id, arg, err);
}

const struct sclog_cli sclog_run_cli = {
	.verb = "run",
	.usage = "Usage: sclog run [OPTIONS] [--] COMMAND [ARG]...\n"
		 "\n"
		 "Run COMMAND under a seccomp filter that records every syscall of its whole\n"
		 "process tree (SECCOMP_RET_LOG and audit records, or seccomp user\n"
		 "notification) and write a minimal OCI seccomp allowlist.\n"
		 "\n"
		 "Options:\n",
	.tail = "\n"
		"Exit status: COMMAND's status (128+N if signal N killed it); 125 if sclog\n"
		"failed, or the profile is incomplete or the --phase-at boundary never\n"
		"came while COMMAND succeeded; 126 if COMMAND cannot be executed; 127 if\n"
		"it is not found.\n",
	.groups = { run_options, sclog_options_recording, sclog_options_help },
	.in_order = 1,
	.apply = apply,
};

int sclog_run_options_parse(int argc, char **argv, struct sclog_run_options *ret,
			    struct sclog_error *err)
{
	struct sclog_run_options o = {
		.rec = { .output = SCLOG_DEFAULT_OUTPUT, .drain_timeout = 10 },
		.default_action = { .kind = SCLOG_ACT_ERRNO, .errno_ret = EPERM },
	};
	int first, rc;

	rc = sclog_options_parse(&sclog_run_cli, argc, argv, &o, &first, err);
	if (rc == 0)
		rc = sclog_options_command(&sclog_run_cli, argc, argv, first, &o.rec.argv, err);
	if (rc == 0 && o.rec.container && o.runtime)
		rc = sclog_error_set(err, -EINVAL,
				     "--container adds the measured set of the "
				     "runtime it records by itself: leave out --for");
	if (rc == 0 && o.rec.container && o.args)
		rc = sclog_error_set(err, -EINVAL,
				     "--container records through the profile the "
				     "runtime installs: not with --args");
	if (rc == 0 && (o.phase.kind != SCLOG_PHASE_NONE) != !!o.serving_output)
		rc = sclog_error_set(err, -EINVAL, "--phase-at and --serving-output go together");
	if (rc == 0 && o.rec.container && o.phase.kind == SCLOG_PHASE_READY)
		rc = sclog_error_set(err, -EINVAL,
				     "--phase-at ready does not apply to --container: the "
				     "NOTIFY_SOCKET sclog gives the command would reach the "
				     "runtime, which proxies it into the container and keeps "
				     "READY=1 for itself; use a syscall or SECONDS");
	if (rc == 0)
		rc = sclog_options_check_recording(&o.rec, err);
	if (rc >= 0)
		*ret = o;
	return rc;
}

/* One run: its options, what it reads, the recording and the policy it makes. */
struct run {
	struct sclog_run_options opt;
	struct sclog_cli_recording rec;
	struct sclog_policy *base, *out;
	struct sclog_runtime_needs needs;
	struct sclog_args_spec *args;
	char **fallbacks, **enosys, **implied;
	long n_enosys, n_implied;
	size_t new_syscalls;
	char *text;	    /* the policy, OCI JSON */
	char *serving_text; /* --phase-at: the serving phase's, NULL: the boundary never came */
	struct sclog_outfile serving_out;
};

/* The files the options name: --base, --for, the fallbacks, --args. */
static int load_inputs(struct run *run)
{
	const struct sclog_run_options *opt = &run->opt;
	struct sclog_error err = { 0 };

	if ((opt->base && sclog_load_policy(opt->base, &run->base, &err) < 0) ||
	    (opt->runtime && sclog_load_runtime(opt->runtime, &run->needs, &err) < 0) ||
	    (!opt->no_enosys && sclog_load_fallbacks(&run->fallbacks, &err) < 0) ||
	    (opt->args && sclog_load_args(&run->args, &err) < 0))
		return sclog_verb_fail(&err);
	return 0;
}

/* With a base, only what it lacks was logged: all of it is new. */
static int add_base(struct run *run)
{
	char **overridden = NULL;
	long n_over;

	for (size_t i = 0; i < run->out->n_rules; i++)
		run->new_syscalls += run->out->rules[i].n_names;
	n_over = sclog_policy_merge_base(run->out, run->base, &overridden);
	if (n_over < 0)
		return -ENOMEM;
	/* What the command did wins over what the base forbade. */
	for (long i = 0; i < n_over; i++)
		fprintf(stderr,
			"sclog: WARNING: %s denies %s, which the command used; the "
			"policy allows it\n",
			sclog_quoted_path(run->opt.base), overridden[i]);
	sclog_strv_free(overridden);
	return 0;
}

/* The policy from the recording, the base, --args, --for and the ENOSYS rules. */
static int make_policy(struct run *run)
{
	const struct sclog_recording *r = &run->rec.r;
	struct sclog_error err = { 0 };
	size_t unnamed = 0;

	if (!run->opt.has_default_action && run->base)
		run->opt.default_action = run->base->default_action;
	/* Unnamed syscalls are among the recording's problems already. */
	if (sclog_policy_from_profile(sclog_recording_profile(r), &run->opt.default_action,
				      &run->out, &unnamed) < 0 ||
	    (run->base && add_base(run) < 0))
		return sclog_verb_oom();
	/* --args: the values seen instead of the bare names (a base allows
	 * none of them, or they would not have been recorded). */
	if (run->args && r->acc.args_seen &&
	    sclog_args_apply(run->args, r->acc.args_seen, run->out, NULL) < 0)
		return sclog_verb_oom();
	if (sclog_runtime_allow(run->out, &run->needs, &err) < 0)
		return sclog_verb_fail(&err);
	run->n_implied = sclog_policy_add_implied(run->out, run->out, &run->implied);
	if (run->n_implied < 0)
		return sclog_verb_oom();
	run->n_enosys = sclog_policy_add_enosys(run->out, run->fallbacks, &run->enosys);
	if (run->n_enosys < 0 || sclog_export_oci(run->out, &run->text) < 0)
		return sclog_verb_oom();
	return 0;
}

/*
 * --phase-at: the serving phase's policy, made as the whole run's is (the
 * same default action, --base, --for, --args values and ENOSYS rules): a
 * base's calls were never recorded, so they are allowed in both.
 */
static int make_serving(struct run *run)
{
	const struct sclog_recording *r = &run->rec.r;
	_cleanup_(sclog_policy_freep) struct sclog_policy *pol = NULL;
	char **overridden = NULL, **enosys = NULL, **implied = NULL;
	struct sclog_error err = { 0 };
	size_t unnamed = 0;
	long n;

	if (!r->serving)
		return 0;
	if (sclog_policy_from_profile(r->serving, &run->opt.default_action, &pol, &unnamed) < 0 ||
	    (run->base && sclog_policy_merge_base(pol, run->base, &overridden) < 0) ||
	    (run->args && r->acc.args_seen &&
	     sclog_args_apply(run->args, r->acc.args_seen, pol, NULL) < 0))
		return sclog_verb_oom();
	sclog_strv_free(overridden); /* said for the whole run's policy */
	if (sclog_runtime_allow(pol, &run->needs, &err) < 0)
		return sclog_verb_fail(&err);
	/* Handlers the start-up installed return in the serving phase. */
	n = sclog_policy_add_implied(pol, run->out, &implied);
	sclog_strv_free(implied);
	if (n >= 0)
		n = sclog_policy_add_enosys(pol, run->fallbacks, &enosys);
	sclog_strv_free(enosys);
	if (n < 0 || sclog_export_oci(pol, &run->serving_text) < 0)
		return sclog_verb_oom();
	return 0;
}

static int write_outputs(struct run *run)
{
	struct sclog_run_info info = sclog_cli_recording_info(&run->rec);
	struct sclog_error err = { 0 };

	info.base = run->opt.base;
	info.new_syscalls = run->new_syscalls;
	info.runtime = run->needs.description;
	info.runtime_names = run->needs.names;
	info.enosys_names = run->enosys;
	info.implied_names = run->implied;
	info.data_sources = sclog_data_sources();
	/* The serving phase's first: a whole-run policy on its own, with no
	 * serving phase beside it, is what an unreached boundary leaves. */
	if (run->serving_text && sclog_outfile_commit(&run->serving_out, run->serving_text,
						      strlen(run->serving_text), &err) < 0)
		return sclog_verb_fail(&err);
	return sclog_cli_recording_commit(&run->rec, &info, run->text);
}

static void print_summary(const struct run *run)
{
	const struct sclog_recording *r = &run->rec.r;
	size_t n = sclog_recording_profile(r)->size;
	uint64_t records = r->acc.counters.records;

	fprintf(stderr, "sclog: %zu syscall%s from %llu record%s (%llu ENOBUFS/lost) in %.2f s", n,
		n == 1 ? "" : "s", (unsigned long long)records, records == 1 ? "" : "s",
		(unsigned long long)(r->acc.overflows + r->acc.records_lost), r->duration);
	if (run->base)
		fprintf(stderr, "; %zu new beyond %s", run->new_syscalls,
			sclog_quoted_path(run->opt.base));
	if (run->needs.description)
		fprintf(stderr, "; %zu added for %s", run->needs.n_names, run->needs.description);
	/* Not seen, or not under notify: every policy implies them. */
	for (long i = 0; i < run->n_implied; i++)
		fprintf(stderr, "%s%s", i ? ", " : "; implied: ", run->implied[i]);
	if (run->n_enosys)
		fprintf(stderr, "; %ld newer syscall%s return ENOSYS (--no-enosys)", run->n_enosys,
			run->n_enosys == 1 ? "" : "s");
	if (strcmp(run->opt.rec.output, "-") != 0)
		fprintf(stderr, "; policy written to %s", run->opt.rec.output);
	fputc('\n', stderr);
}

/* --phase-at: when the boundary came and what the serving phase drops. */
static void print_phase(const struct run *run)
{
	const struct sclog_phase_report *pr = &run->rec.r.phase_report;
	const char *at = run->opt.phase.at;

	if (!pr->seen) {
		fprintf(stderr,
			"sclog: the boundary %s never came while the command ran: the "
			"serving phase's policy %s is NOT written\n",
			at, run->opt.serving_output);
		return;
	}
	fprintf(stderr,
		"sclog: boundary %s after %llu.%03llu s; %zu syscall%s in the serving phase", at,
		(unsigned long long)(pr->ms_after_start / 1000),
		(unsigned long long)(pr->ms_after_start % 1000), pr->serving_syscalls,
		pr->serving_syscalls == 1 ? "" : "s");
	if (strcmp(run->opt.serving_output, "-") != 0)
		fprintf(stderr, ", written to %s", run->opt.serving_output);
	fprintf(stderr, "; only before it:");
	for (char **n = pr->only_before; n && *n; n++)
		fprintf(stderr, " %s", *n);
	if (!pr->only_before || !pr->only_before[0])
		fprintf(stderr, " none");
	fputc('\n', stderr);
}

/* Record, then make and write the policies. */
static int run_recording(struct run *run)
{
	int rc;

	run->opt.rec.phase = run->opt.phase.kind != SCLOG_PHASE_NONE ? &run->opt.phase : NULL;
	rc = sclog_cli_record(&run->rec, &run->opt.rec, run->base, run->opt.base, &run->needs,
			      run->args);
	if (rc == 0)
		rc = make_policy(run);
	if (rc == 0)
		rc = make_serving(run);
	if (rc == 0)
		rc = write_outputs(run);
	return rc;
}

int sclog_verb_run(int argc, char **argv)
{
	struct run run = { .rec = SCLOG_CLI_RECORDING_INIT,
			   .serving_out = { .fd = -1, .dirfd = -1 } };
	struct sclog_error err = { 0 };
	int rc;

	rc = sclog_run_options_parse(argc, argv, &run.opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, &sclog_run_cli);
	if (sclog_outfile_distinct(run.opt.rec.output, run.opt.rec.report, &err) < 0 ||
	    sclog_outfile_distinct(run.opt.rec.output, run.opt.serving_output, &err) < 0 ||
	    sclog_outfile_distinct(run.opt.serving_output, run.opt.rec.report, &err) < 0 ||
	    (run.opt.serving_output &&
	     sclog_outfile_open(&run.serving_out, run.opt.serving_output, &err) < 0))
		return sclog_verb_fail(&err);
	rc = load_inputs(&run);
	if (rc == 0)
		rc = run_recording(&run);
	if (rc == 0) {
		if (!run.opt.rec.quiet || run.rec.r.problems.n)
			print_summary(&run);
		if (run.opt.serving_output && (!run.opt.rec.quiet || !run.serving_text))
			print_phase(&run);
		rc = sclog_cli_recording_status(&run.rec);
		/* As an incomplete profile: never a silent success. */
		if (rc == 0 && run.opt.serving_output && !run.serving_text)
			rc = SCLOG_EXIT_FAILURE;
	}
	sclog_cli_recording_done(&run.rec);
	sclog_policy_free(run.base);
	sclog_policy_free(run.out);
	sclog_strv_free(run.fallbacks);
	sclog_strv_free(run.enosys);
	sclog_strv_free(run.implied);
	sclog_runtime_needs_done(&run.needs);
	sclog_args_spec_free(run.args);
	free(run.text);
	free(run.serving_text);
	sclog_outfile_done(&run.serving_out);
	return rc;
}
