/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_PHASED_H
#define SCLOG_RUN_PHASED_H

#include "sclog/basic/error.h"
#include "sclog/collect/notify/gate.h"
#include "sclog/run/phase.h"

struct sclog_user;

/*
 * Phased enforcement of one command (`sclog enforce --serving S
 * --phase-at BOUNDARY`): sclog starts the command under
 * sclog_filter_build_phased()'s filter, stays as its supervisor (signals
 * forwarded, the tree reaped, as under run) and answers the notified
 * calls through a gate (collect/notify/gate.h) until the tree has ended.
 * docs/phases.md.
 */
struct sclog_phased {
	/* Set by the caller. */
	const char *path;	       /* the resolved executable */
	char **argv;		       /* NULL-terminated */
	char **envp;		       /* NULL: the current environment */
	const struct sclog_user *user; /* --user, or NULL */
	const struct sclog_phase *phase;
	struct sclog_gate_config gate; /* the filter, the answers */

	/* Filled by sclog_phased_run(). */
	struct sclog_gate g;
	double start, duration; /* sclog_now() at the start; seconds it ran */
	int status;		/* the command's wait status */
};

/*
 * Run @ph's command to the end of its tree.  READY: the command is given
 * the NOTIFY_SOCKET of sclog_phase_ready_setup().  @ph->gate.runtime (a
 * container): the runtime command is started without a filter of sclog's,
 * and the gate adopts the listener the runtime sends.  Returns 0, or the exit status to end with
 * (125, 126, 127) with why in @err; the gate's results stay in @ph->g until sclog_phased_done().
 */
int sclog_phased_run(struct sclog_phased *ph, struct sclog_error *err);

/* The command's exit status in the shell's convention (128 + signal). */
int sclog_phased_exit_status(const struct sclog_phased *ph);

/*
 * The JSON report of @ph: the boundary (kind, argument, seconds after the
 * start or null), the denials (syscall, first pid, count), the command's
 * end.  Returns 0 and a string the caller frees in @ret, or -ENOMEM.
 */
int sclog_phased_report(const struct sclog_phased *ph, char **ret);

/* Release what @ph holds. */
void sclog_phased_done(struct sclog_phased *ph);

#endif
