/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CLI_RECORD_H
#define SCLOG_CLI_RECORD_H

#include "sclog/basic/outfile.h"
#include "sclog/cli/options.h"
#include "sclog/container/container_setup.h"
#include "sclog/policy/args.h"
#include "sclog/policy/runtimes.h"
#include "sclog/run/recording.h"

/*
 * A recording as run and check make it, from their shared options: the
 * collector, the container in place, the output files, the run itself.
 */
struct sclog_cli_recording {
	const struct sclog_recording_options *opt;
	struct sclog_recording r;
	struct sclog_container_run cr;
	struct sclog_outfile out, report_out;
	char release[128]; /* the kernel's, for the report */
};

/* A recording not yet made, which sclog_cli_recording_done() can release. */
#define SCLOG_CLI_RECORDING_INIT                                                                   \
	{                                                                                          \
		.cr = { .no_new_privileges = -1, .socket = -1 }, .out = { .fd = -1, .dirfd = -1 }, \
		.report_out = { .fd = -1, .dirfd = -1 },                                           \
	}

/*
 * Record the command of @opt to its end: choose the collector, set up
 * --container (its profile allows what @known allows; @known_path names it,
 * NULL: no policy), open the output files, run.  @needs (run; NULL for
 * check) receives the measured set of the runtime --container records,
 * which may stand for the write runc's listener profile leaves unseen.
 * @args: the argument values to record (--args), or NULL.  Returns 0, or
 * the exit status after printing why.  @rec is released with
 * sclog_cli_recording_done() in either case.
 */
int sclog_cli_record(struct sclog_cli_recording *rec, const struct sclog_recording_options *opt,
		     const struct sclog_policy *known, const char *known_path,
		     struct sclog_runtime_needs *needs, struct sclog_args_spec *args);

/* The report's view of the recording, the container's included (valid while @rec is). */
struct sclog_run_info sclog_cli_recording_info(struct sclog_cli_recording *rec);

/*
 * Write the report (with --report) from @info, then @text to the output
 * file.  Returns 0, or the exit status after printing why.
 */
int sclog_cli_recording_commit(struct sclog_cli_recording *rec, const struct sclog_run_info *info,
			       const char *text);

/*
 * Print the recording's problems; return the command's exit status, or
 * SCLOG_EXIT_FAILURE when it succeeded but the recording is incomplete.
 */
int sclog_cli_recording_status(const struct sclog_cli_recording *rec);

/* Release @rec (SCLOG_CLI_RECORDING_INIT, or after sclog_cli_record()). */
void sclog_cli_recording_done(struct sclog_cli_recording *rec);

#endif
