/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_RECORDING_H
#define SCLOG_RUN_RECORDING_H

#include <stdint.h>

#include "sclog/collect/account.h"
#include "sclog/collect/collector.h"
#include "sclog/collect/ownfilter.h"
#include "sclog/policy/policy.h"
#include "sclog/run/launch.h"
#include "sclog/run/phase.h"
#include "sclog/run/report.h"
#include "sclog/run/supervisor.h"

struct sclog_error;
struct sclog_user;

/*
 * One profiled command, as `run` and `check` record it: a launch variant, a
 * collector and the supervisor of the command's tree, wired by one loop.
 */
struct sclog_recording {
	/* Set by the verb before sclog_recording_prepare(). */
	char **argv;
	const struct sclog_collector_ops *collector_ops; /* NULL: the default */
	enum sclog_launch_mode mode;
	const struct sclog_policy *known;   /* allowed without recording, or NULL */
	const struct sclog_args_spec *args; /* --args: arguments to record, or NULL */
	double drain_timeout;
	int rcvbuf;
	int quiet;
	const char *user_spec;		 /* --user USER[:GROUP], or NULL */
	int runtime_socket;		 /* --container notify: listener.h's socket */
	int runtime_killable;		 /* and its filter has WAIT_KILLABLE_RECV */
	const struct sclog_phase *phase; /* --phase-at, or NULL */
	/* --container: what starts the container, for messages, or NULL */
	const char *runtime_path;
	/* --container: the cause named when no listener came, or NULL */
	const char *runtime_no_listener;
	/* Called every @tick_ms while the command runs (a progress line),
	 * and once more when it ended; @tick_ms 0: never. */
	int tick_ms;
	void (*on_tick)(const struct sclog_recording *rec, int final, void *userdata);
	void *tick_data;

	/* Filled by prepare and execute. */
	char collector_why[1600]; /* why the default collector was not used, or "" */
	char *path;
	struct sclog_user *user; /* resolved --user, or NULL */
	char **envp;		 /* the command's environment, or NULL */
	struct sclog_supervisor sup;
	struct sclog_collector collector;
	struct sclog_target target;
	double start, duration;
	struct sclog_ownfilter own;	/* the tree's own seccomp filters */
	struct sclog_account acc;	/* valid after execute */
	struct sclog_problems problems; /* valid after execute */
	/* --phase-at, filled by prepare and execute */
	struct sclog_phase_ready ready; /* READY: its socket, valid when .dir is set */
	uint64_t start_ms, ready_ms;	/* realtime: the start, the first READY=1 (0: none) */
	struct sclog_phase_marks marks; /* READY, SECONDS under audit: serials by time */
	/* READY under audit: the serial of READY=1's send, when readysend_on */
	struct sclog_readysend readysend;
	int readysend_on;
	double tree_end;	       /* when the tree ended (sclog_now()) */
	struct sclog_profile *serving; /* the serving phase, NULL: the boundary never came */
	struct sclog_phase_report phase_report;
};

/*
 * Everything up to the command's start that can fail without harm: find the
 * command, probe the kernel, prepare the collector, start supervising.
 * Returns 0, or the exit status to end with (125, 126, 127) with why in
 * @err.  The checks that failed are said on the diagnostics channel
 * (sclog_warn()) before.
 */
int sclog_recording_prepare(struct sclog_recording *rec, struct sclog_error *err);

/*
 * Run the command and collect its records until its whole tree has ended
 * and the collector has drained; account for every reason to doubt the
 * profile (rec->problems).  Returns 0, or the exit status to end with when
 * the command did not start, with why in @err.  What the run says while it
 * runs (warnings of its summary) goes to sclog_warn().
 */
int sclog_recording_execute(struct sclog_recording *rec, struct sclog_error *err);

/* The records of the command (valid until sclog_recording_done()). */
static inline const struct sclog_profile *sclog_recording_profile(const struct sclog_recording *rec)
{
	return rec->acc.profile;
}

/* The command's exit status in the shell's convention (128 + signal). */
int sclog_recording_exit_status(const struct sclog_recording *rec);

/* The report's view of the run; @release is the kernel release. */
struct sclog_run_info sclog_recording_info(const struct sclog_recording *rec, const char *release);

/* Say the problems, if any, on the diagnostics channel (sclog_warn()). */
void sclog_recording_print_problems(const struct sclog_recording *rec);

struct sclog_outfile;

/*
 * Serialise the report of @rec with @info and commit it to @out.  Returns 0,
 * or a negative errno with why in @err.
 */
int sclog_recording_write_report(const struct sclog_recording *rec,
				 const struct sclog_run_info *info, struct sclog_outfile *out,
				 struct sclog_error *err);

/* Release everything @rec holds. */
void sclog_recording_done(struct sclog_recording *rec);

/*
 * --container without --backend: the collector decides the profile the
 * runtime is handed, so it is chosen before the runtime command is set up.
 * When the first (audit) collector's checks fail, choose the notify
 * collector for @rec, say why (stderr unless quiet, and the report), and
 * return 1; else 0.
 */
int sclog_recording_choose_container(struct sclog_recording *rec);

/*
 * The doctor's checks of @ops (NULL: the default collector) into @checks
 * (at most @max); returns how many it filled.
 */
size_t sclog_recording_probe(const struct sclog_collector_ops *ops, struct sclog_check *checks,
			     size_t max, const sigset_t *child_mask);

/* Print @checks: all as a table on stdout (the doctor's), or only the failed
 * ones on the diagnostics channel (sclog_warn()). */
void sclog_checks_print(const struct sclog_check *checks, size_t n, int failed_only);

#endif
