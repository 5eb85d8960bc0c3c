/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RUN_SUPERVISOR_H
#define SCLOG_RUN_SUPERVISOR_H

#include <signal.h>
#include <sys/types.h>

/*
 * The process supervisor of a profiled command: it owns sclog's signals
 * (through a signalfd), makes sclog the subreaper of the command's tree,
 * forwards the signals aimed at sclog to the command and reaps every
 * process of the tree until none is left.
 */
struct sclog_supervisor {
	int sigfd;
	sigset_t child_mask; /* the mask sclog had: what children must restore */
	pid_t main_pid;	     /* the command, 0 before it started */
	int main_done;	     /* the command itself was reaped, with @main_status */
	int main_status;
	int abandoned; /* a signal after the command's exit: stop waiting */
	int quiet;
	const char *name; /* the command, for messages */
	pid_t *exited;	  /* processes of the tree reaped after a normal exit */
	size_t n_exited, cap_exited;
	uint64_t alloc_failures; /* exits not noted for lack of memory */
	double watched;		 /* when the tree was last looked at */
	double stopped_since;	 /* since when all of it is stopped, 0: it is not */
	int stop_reported;	 /* said so on stderr */
	/* --container: once the command has exited, processes without a
	 * seccomp filter are the runtime's helpers (podman's pause process,
	 * conmon), never under the recording profile: not waited for. */
	int leave_unfiltered;
	double unfiltered_since; /* since when only such processes remain, 0 */
	size_t n_left;		 /* how many were left running */
	char left[256];		 /* the first of them, "pid N (comm)" */
};

/* Seconds with every remaining process stopped before sclog says so. */
#define SCLOG_SUPERVISOR_STOPPED_S 3

/*
 * Block the signals sclog handles, open the signalfd and become the child
 * subreaper.  @name names the command in messages; @quiet silences the
 * notes on stderr.  Returns 0 or -errno.
 */
int sclog_supervisor_init(struct sclog_supervisor *sup, const char *name, int quiet);

/* The command started as @pid: from now on its end is watched. */
void sclog_supervisor_start(struct sclog_supervisor *sup, pid_t pid);

/* The descriptor to poll for readability. */
static inline int sclog_supervisor_fd(const struct sclog_supervisor *sup)
{
	return sup->sigfd;
}

/*
 * Handle every pending signal: forward it to the command, or after the
 * command's exit take it as the order to stop waiting; reap what ended.
 * Returns 1 once the whole tree has ended (or was abandoned), else 0.
 */
int sclog_supervisor_handle(struct sclog_supervisor *sup);

/*
 * Called at least every second while waiting (@now: CLOCK_MONOTONIC
 * seconds): when every remaining process of the tree has been stopped
 * (SIGSTOP, SIGTSTP, a tracer) for SCLOG_SUPERVISOR_STOPPED_S seconds,
 * say so once on stderr, with their pids and states and what sclog waits
 * for.  sclog keeps waiting: continuing them (SIGCONT) is the owner's
 * decision; once the command itself has exited, interrupting sclog stops
 * the wait (an incomplete profile).
 * With @sup->leave_unfiltered, once the command has exited and for a
 * second only processes without a seccomp filter remain, they are left
 * running (@n_left, @left say which) and 1 is returned: the tree is done.
 * Else 0.
 */
int sclog_supervisor_watch(struct sclog_supervisor *sup, double now);

/*
 * The pids of the processes of the tree (sclog's descendants), at most
 * @max of them, into @pids; returns how many there are, or -errno.
 */
long sclog_supervisor_tree(pid_t *pids, size_t max);

/* Kill the command if it still runs and reap it (after a failure). */
void sclog_supervisor_kill(struct sclog_supervisor *sup);

/* Close the signalfd (the handled signals stay blocked), free the list. */
void sclog_supervisor_done(struct sclog_supervisor *sup);

/* The shell's convention for a wait status: the code, or 128 + the signal. */
int sclog_supervisor_exit_status(int status);

#endif
