// SPDX-License-Identifier: GPL-2.0-only
/* The recording run and check share, from their options to the output files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sclog/cli/record.h"
#include "sclog/cli/verbs.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/probe.h"
#include "sclog/policy/data.h"
#include "sclog/run/progress.h"

/* runc's form of the listener profile allows write unseen (container.c). */
static int refuse_write_unseen(const struct sclog_container_run *cr,
			       const struct sclog_runtime_needs *needs)
{
	struct sclog_error err = { 0 };

	if (!cr->write_unseen)
		return 0;
	/* run: exact while the runtime's own measured set holds write. */
	for (char **n = needs ? needs->names : NULL; n && *n; n++)
		if (strcmp(*n, "write") == 0)
			return 0;
	sclog_error_set(&err, -EOPNOTSUPP,
			"--container --backend notify with runc or podman: "
			"runc refuses SCMP_ACT_NOTIFY for write, and %s, so a write could go "
			"unseen; use crun, or --backend audit as root",
			needs ? "write is in neither the --base policy nor the runtime's measured "
				"set (runtimes.json)" :
				"the policy does not allow write");
	return sclog_verb_fail(&err);
}

/*
 * --container: the runtime installs the recording profile, which allows
 * what @known allows.  With notify the runtime sends sclog the listener of
 * the profile (linux.seccomp.listenerPath); nothing else differs.  The
 * runtime's own calls after its filter vary from run to run (runc, in Go,
 * takes signals at any point: rt_sigreturn), so run adds its measured set.
 */
static int setup_container(struct sclog_cli_recording *rec, const struct sclog_policy *known,
			   const char *known_path, struct sclog_runtime_needs *needs)
{
	const char *backend = rec->opt->backend;
	struct sclog_error err = { 0 };
	int listener, rc;

	if (backend && strcmp(backend, "bpf") == 0)
		return sclog_verb_fail(&(struct sclog_error){
			.msg = "--container --backend bpf is not supported yet: use --backend "
			       "audit or notify" });
	/* Without --backend the collector decides what the runtime is
	 * handed, so it is chosen first, as for a command. */
	if (!backend && sclog_recording_choose_container(&rec->r))
		backend = "notify";
	listener = backend && strcmp(backend, "notify") == 0;
	rc = sclog_container_setup(rec->opt->argv, known, known_path, listener, &rec->cr, &err);
	if (rc == 0 && needs)
		rc = sclog_load_runtime(sclog_container_runtime_name(&rec->cr.cmd), needs, &err);
	if (rc < 0)
		return sclog_verb_fail(&err);
	rc = refuse_write_unseen(&rec->cr, needs);
	if (rc)
		return rc;
	sclog_container_run_warn(&rec->cr);
	rec->r.argv = rec->cr.argv;
	rec->r.runtime_socket = rec->cr.socket;
	rec->r.mode = SCLOG_LAUNCH_RUNTIME_FILTER;
	rec->r.collector_ops = sclog_collector_find(backend ? backend : "audit");
	return 0;
}

/* Prepare the collector, open the output files, and run the command. */
static int execute(struct sclog_cli_recording *rec)
{
	struct sclog_progress progress = { .fd = -1 };
	struct sclog_error err = { 0 };
	int rc;

	rc = sclog_recording_prepare(&rec->r, &err);
	if (rc) {
		sclog_verb_fail(&err);
		return rc;
	}
	if (sclog_outfile_open(&rec->out, rec->opt->output, &err) < 0 ||
	    (rec->opt->report && sclog_outfile_open(&rec->report_out, rec->opt->report, &err) < 0))
		return sclog_verb_fail(&err);
	sclog_progress_attach(&progress, &rec->r, rec->opt->progress);
	rc = sclog_recording_execute(&rec->r, &err);
	sclog_progress_end(&progress); /* if the command never started */
	rec->r.on_tick = NULL;
	if (rc)
		sclog_verb_fail(&err);
	return rc;
}

int sclog_cli_record(struct sclog_cli_recording *rec, const struct sclog_recording_options *opt,
		     const struct sclog_policy *known, const char *known_path,
		     struct sclog_runtime_needs *needs, struct sclog_args_spec *args)
{
	int rc;

	*rec = (struct sclog_cli_recording)SCLOG_CLI_RECORDING_INIT;
	rec->opt = opt;
	rec->r = (struct sclog_recording){
		.argv = opt->argv,
		.mode = SCLOG_LAUNCH_OWN_FILTER,
		.known = known,
		.drain_timeout = opt->drain_timeout,
		.rcvbuf = opt->rcvbuf,
		.quiet = opt->quiet,
		.args = args,
		.user_spec = opt->user,
		.phase = opt->phase,
	};
	if (opt->container) {
		rc = setup_container(rec, known, known_path, needs);
		if (rc)
			return rc;
	} else if (opt->backend) {
		rec->r.collector_ops = sclog_collector_find(opt->backend);
	}
	return execute(rec);
}

struct sclog_run_info sclog_cli_recording_info(struct sclog_cli_recording *rec)
{
	struct sclog_run_info info;

	sclog_probe_release(rec->release, sizeof(rec->release));
	info = sclog_recording_info(&rec->r, rec->release);
	sclog_container_run_info(&rec->cr, &info);
	return info;
}

int sclog_cli_recording_commit(struct sclog_cli_recording *rec, const struct sclog_run_info *info,
			       const char *text)
{
	struct sclog_error err = { 0 };

	if (rec->opt->report &&
	    sclog_recording_write_report(&rec->r, info, &rec->report_out, &err) < 0)
		return sclog_verb_fail(&err);
	if (sclog_outfile_commit(&rec->out, text, strlen(text), &err) < 0)
		return sclog_verb_fail(&err);
	return 0;
}

int sclog_cli_recording_status(const struct sclog_cli_recording *rec)
{
	int status = sclog_recording_exit_status(&rec->r);

	sclog_recording_print_problems(&rec->r);
	/* A command that succeeded cannot vouch for an incomplete profile. */
	return status == 0 && rec->r.problems.n ? SCLOG_EXIT_FAILURE : status;
}

void sclog_cli_recording_done(struct sclog_cli_recording *rec)
{
	sclog_outfile_done(&rec->out);
	sclog_outfile_done(&rec->report_out);
	sclog_recording_done(&rec->r);
	sclog_container_run_done(&rec->cr);
}
