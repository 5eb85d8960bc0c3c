// SPDX-License-Identifier: GPL-2.0-only
/* The recording run and check share, from their options to the output files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/strv.h"
#include "sclog/cli/record.h"
#include "sclog/cli/verbs.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/probe.h"
#include "sclog/container/cmdline_docker.h"
#include "sclog/container/recording_profile.h"
#include "sclog/policy/compose.h"
#include "sclog/policy/data.h"
#include "sclog/policy/implied.h"
#include "sclog/run/progress.h"

/* Whether the NULL-terminated @names holds @name. */
static int holds(char *const *names, const char *name)
{
	for (; names && *names; names++)
		if (strcmp(*names, name) == 0)
			return 1;
	return 0;
}

/* runc's form of the listener profile allows a few calls unseen
 * (recording_profile.h): exact while the runtime's own measured set,
 * which run adds, holds them; check has no such set. */
static int refuse_calls_unseen(const struct sclog_container_run *cr,
			       const struct sclog_runtime_needs *needs)
{
	struct sclog_error err = { 0 };
	const char *missing = NULL;

	if (!cr->calls_unseen)
		return 0;
	/* check: the policy lacks one of them (calls_unseen). */
	for (const char *const *u = sclog_container_runc_unseen; *u && !missing; u++)
		if (!needs || !holds(needs->names, *u))
			missing = needs ? *u : "one of them";
	if (!missing)
		return 0;
	sclog_error_set(&err, -EOPNOTSUPP,
			"--container --backend notify with runc: runc's form of the recording "
			"profile allows write, rt_sigreturn and futex unseen (runc refuses "
			"SCMP_ACT_NOTIFY for write, and its Go runtime would wait for ever on a "
			"notified rt_sigreturn or futex before it sends the listener), and %s %s, "
			"so a call could go unseen; use crun, or --backend audit as root",
			needs ? "the runtime's measured set (runtimes.json) lacks" :
				"the policy does not allow write and futex: it lacks",
			missing);
	return sclog_verb_fail(&err);
}

/* The recording profile's form the collector @backend needs. */
static enum sclog_container_form container_form(const char *backend)
{
	if (backend && strcmp(backend, "notify") == 0)
		return SCLOG_CONTAINER_FORM_LISTENER;
	if (backend && strcmp(backend, "bpf") == 0)
		return SCLOG_CONTAINER_FORM_ALLOW;
	return SCLOG_CONTAINER_FORM_LOG;
}

/*
 * docker: the runtime's measured set (@needs, which run adds to the profile
 * anyway) is allowed unseen beside @known, execve and execveat excepted
 * (they witness the container's start).  runc init makes those calls under
 * the recording profile, and Go's runtime takes a call out of its wait for
 * sclog with SIGURG at any time: measured through Docker 26, 5 first
 * recordings of 6 reported interrupted calls when runc's calls were
 * notified.  Returns the policy (policy/implied.h: sclog_policy_unseen()),
 * or NULL without memory.
 */
static struct sclog_policy *daemon_known(const struct sclog_policy *known,
					 const struct sclog_runtime_needs *needs)
{
	_cleanup_(sclog_strv_freep) char **names = NULL;

	for (char **n = needs->names; n && *n; n++)
		if (strcmp(*n, "execve") != 0 && strcmp(*n, "execveat") != 0 &&
		    sclog_strv_appendf(&names, "%s", *n) < 0)
			return NULL;
	/* A --base that denies one of them: that one recorded as without
	 * docker. */
	return sclog_policy_unseen(known, (const char *const *)names);
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
	struct sclog_container_cmd cmd;
	struct sclog_error err = { 0 };
	_cleanup_(sclog_policy_freep) struct sclog_policy *extended = NULL;
	int rc;

	if (sclog_container_parse(rec->opt->argv, &cmd, &err) < 0)
		return sclog_verb_fail(&err);
	/* Without --backend the collector decides what the runtime is
	 * handed, so it is chosen first, as for a command; a daemon's
	 * container is reached by its listener only. */
	if (!backend && cmd.daemon) {
		backend = "notify";
		snprintf(rec->r.collector_why, sizeof(rec->r.collector_why),
			 "%s run: the daemon starts the container, only its seccomp "
			 "listener "
			 "reaches sclog",
			 cmd.name);
	} else if (!backend && sclog_recording_choose_container(&rec->r)) {
		backend = "notify";
	}
	if (cmd.runtime == SCLOG_CONTAINER_DOCKER && needs &&
	    container_form(backend) == SCLOG_CONTAINER_FORM_LISTENER) {
		if (sclog_load_runtime(sclog_container_runtime_name(&cmd), needs, &err) < 0)
			return sclog_verb_fail(&err);
		extended = daemon_known(known, needs);
		if (!extended)
			return sclog_verb_oom();
	}
	if (cmd.runtime == SCLOG_CONTAINER_DOCKER)
		rec->r.runtime_no_listener = sclog_container_docker_no_listener;
	rc = sclog_container_setup(rec->opt->argv, extended ? extended : known, known_path,
				   container_form(backend), &rec->cr, &err);
	if (rc == 0 && needs && !needs->names)
		rc = sclog_load_runtime(sclog_container_runtime_name(&rec->cr.cmd), needs, &err);
	if (rc < 0)
		return sclog_verb_fail(&err);
	rc = refuse_calls_unseen(&rec->cr, needs);
	if (rc)
		return rc;
	sclog_container_run_warn(&rec->cr);
	rec->r.argv = rec->cr.argv;
	rec->r.runtime_socket = rec->cr.socket;
	rec->r.runtime_killable = rec->cr.killable;
	rec->r.runtime_path = rec->cr.path;
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
