// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/macro.h"
#include "sclog/supervisor.h"

int sclog_supervisor_init(struct sclog_supervisor *sup, const char *name, int quiet)
{
	sigset_t block;

	*sup = (struct sclog_supervisor){ .sigfd = -1, .name = name, .quiet = quiet };
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &sup->child_mask);
	sup->sigfd = signalfd(-1, &block, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sup->sigfd < 0)
		return -errno;
	/* Orphaned descendants are reparented to sclog, so it can wait for
	 * the whole tree (kernel/exit.c, find_new_reaper()). */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return -errno;
	return 0;
}

void sclog_supervisor_start(struct sclog_supervisor *sup, pid_t pid)
{
	sup->main_pid = pid;
}

/* Reap what has ended; returns 1 once no process of the tree is left. */
static int reap(struct sclog_supervisor *sup)
{
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid == 0)
			return 0;
		if (pid < 0)
			return errno == ECHILD;
		if (pid == sup->main_pid) {
			sup->main_done = 1;
			sup->main_status = status;
		}
	}
}

static void on_signal(struct sclog_supervisor *sup, const struct signalfd_siginfo *si)
{
	if (si->ssi_signo == SIGCHLD)
		return;
	if (sup->main_done) {
		/* Only descendants remain: a signal means stop waiting. */
		if (!sup->abandoned && !sup->quiet)
			fprintf(stderr, "sclog: %s; no longer waiting for the rest of the "
				"command's processes\n", strsignal((int)si->ssi_signo));
		sup->abandoned = 1;
		return;
	}
	/* The terminal already sent its signals to the whole foreground
	 * process group, the command included; forward only those aimed at
	 * sclog itself, so the command never gets one twice. */
	if (si->ssi_code != SI_KERNEL && sup->main_pid > 0)
		kill(sup->main_pid, (int)si->ssi_signo);
}

int sclog_supervisor_handle(struct sclog_supervisor *sup)
{
	struct signalfd_siginfo si;
	int was_done = sup->main_done;

	while (read(sup->sigfd, &si, sizeof(si)) == sizeof(si))
		on_signal(sup, &si);
	if (reap(sup) || sup->abandoned)
		return 1;
	if (sup->main_done && !was_done && !sup->quiet)
		fprintf(stderr, "sclog: %s exited; waiting for its remaining processes "
			"(interrupt sclog to stop waiting)\n", sup->name);
	return 0;
}

void sclog_supervisor_kill(struct sclog_supervisor *sup)
{
	if (sup->main_pid <= 0 || sup->main_done)
		return;
	kill(sup->main_pid, SIGKILL);
	if (waitpid(sup->main_pid, &sup->main_status, 0) == sup->main_pid)
		sup->main_done = 1;
}

void sclog_supervisor_done(struct sclog_supervisor *sup)
{
	if (sup->sigfd < 0)
		return;
	/* The signals stay blocked: one arriving now would otherwise end
	 * sclog before it wrote its output. */
	closep(&sup->sigfd);
	sup->sigfd = -1;
}

int sclog_supervisor_exit_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
