// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/basic/error.h"
#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/run/supervisor.h"

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

/* The witnesses: every process seen exiting normally must have logged it. */
static void note_exit(struct sclog_supervisor *sup, pid_t pid)
{
	if (sup->n_exited == sup->cap_exited) {
		size_t cap = sup->cap_exited ? sup->cap_exited * 2 : 64;
		pid_t *v = reallocarray(sup->exited, cap, sizeof(*v));

		if (!v) {
			sup->alloc_failures++;
			return;
		}
		sup->exited = v;
		sup->cap_exited = cap;
	}
	sup->exited[sup->n_exited++] = pid;
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
		if (WIFEXITED(status))
			note_exit(sup, pid);
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
	/* A command that has ended but is not reaped yet (its SIGCHLD may be
	 * in this very batch) no longer takes a signal: forwarded to it, a
	 * signal meant to stop the wait was lost. */
	if (!sup->main_done)
		reap(sup);
	if (sup->main_done) {
		/* Only descendants remain: a signal means stop waiting. */
		if (!sup->abandoned && !sup->quiet)
			sclog_warn("%s; no longer waiting for the rest of the command's processes",
				   strsignal((int)si->ssi_signo));
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
		sclog_warn("%s exited; waiting for its remaining processes (interrupt sclog to "
			   "stop waiting)",
			   sup->name);
	return 0;
}

struct proc {
	pid_t pid, ppid;
	char state;
	char comm[20];
};

/* pid, comm, state and ppid from /proc/PID/stat; 0 or -errno. */
static int read_stat(pid_t pid, struct proc *ret)
{
	char path[64], buf[512], *open_paren, *close_paren;
	ssize_t n;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	n = sclog_read_small(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	/* comm may hold spaces and parentheses: it ends at the last ')'. */
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren ||
	    sscanf(close_paren + 1, " %c %d", &ret->state, &ppid) != 2)
		return -EBADMSG;
	ret->pid = pid;
	ret->ppid = ppid;
	snprintf(ret->comm, sizeof(ret->comm), "%.*s", (int)(close_paren - open_paren - 1),
		 open_paren + 1);
	return 0;
}

/*
 * The processes of the tree (descendants of sclog) into @v (at most @max);
 * returns how many there are, or -errno.
 */
static long tree(struct proc *v, size_t max)
{
	struct proc *all = NULL;
	size_t n = 0, cap = 0, found = 0;
	pid_t self = getpid();
	DIR *d = opendir("/proc");
	struct dirent *e;
	int grew = 1;
	char *mark;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid <= 0 || pid == self)
			continue;
		if (n == cap) {
			struct proc *bigger = reallocarray(all, cap ? cap * 2 : 256, sizeof(*all));

			if (!bigger) {
				free(all);
				closedir(d);
				return -ENOMEM;
			}
			all = bigger;
			cap = cap ? cap * 2 : 256;
		}
		if (read_stat(pid, &all[n]) == 0)
			n++;
	}
	closedir(d);
	mark = calloc(n ? n : 1, 1);
	if (!mark) {
		free(all);
		return -ENOMEM;
	}
	/* Mark descendants until nothing changes (the list is small). */
	while (grew) {
		grew = 0;
		for (size_t i = 0; i < n; i++) {
			if (mark[i])
				continue;
			for (size_t j = 0; j < n && !mark[i]; j++)
				if (all[i].ppid == self || (mark[j] && all[j].pid == all[i].ppid))
					mark[i] = grew = 1;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (mark[i] && found++ < max)
			v[found - 1] = all[i];
	free(mark);
	free(all);
	return (long)found;
}

long sclog_supervisor_tree(pid_t *pids, size_t max)
{
	struct proc *v = calloc(max ? max : 1, sizeof(*v));
	long n = v ? tree(v, max) : -ENOMEM;

	for (long i = 0; i < n && i < (long)max; i++)
		pids[i] = v[i].pid;
	free(v);
	return n;
}

/* Whether @pid runs under no seccomp filter ("Seccomp: 0"). */
static int unfiltered(pid_t pid)
{
	char path[64];
	long mode;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	return sclog_status_field(path, "Seccomp", 0, &mode) == 0 && mode == 0;
}

/*
 * --container, the command has exited: are only the runtime's helpers
 * left, processes without a filter (the recording profile is installed
 * by the runtime in the container, and a filter is inherited, never
 * lost)?  For a second, then they are left running.
 */
static int only_helpers(struct sclog_supervisor *sup, const struct proc *v, long n, double now)
{
	if (!sup->leave_unfiltered || !sup->main_done || n > 8)
		return 0;
	for (long i = 0; i < n; i++)
		if (v[i].state == 'Z' || !unfiltered(v[i].pid)) {
			sup->unfiltered_since = 0;
			return 0;
		}
	if (!sup->unfiltered_since) {
		sup->unfiltered_since = now;
		return 0;
	}
	if (now - sup->unfiltered_since < 1)
		return 0;
	sup->n_left = (size_t)n;
	snprintf(sup->left, sizeof(sup->left), "pid %d (%s)", (int)v[0].pid, v[0].comm);
	if (!sup->quiet)
		sclog_warn("not waiting for %ld process%s of %s without a seccomp filter, which "
			   "never ran under the recording profile (the runtime's helpers, e.g. "
			   "podman's pause process): %s%s",
			   n, n == 1 ? "" : "es", sup->name, sup->left, n > 1 ? " and others" : "");
	return 1;
}

int sclog_supervisor_watch(struct sclog_supervisor *sup, double now)
{
	struct proc v[8];
	char list[8 * 80] = "";
	size_t len = 0;
	long n;
	int all_stopped = 1;

	if (now - sup->watched < 1 || sup->stop_reported)
		return 0;
	sup->watched = now;
	n = tree(v, ELEMENTSOF(v));
	if (n <= 0)
		return 0;
	if (only_helpers(sup, v, n, now))
		return 1;
	for (long i = 0; i < n && i < (long)ELEMENTSOF(v); i++)
		if (v[i].state != 'T' && v[i].state != 't')
			all_stopped = 0;
	/* Only the first 8 are known: more than that, assume some run. */
	if (!all_stopped || n > (long)ELEMENTSOF(v)) {
		sup->stopped_since = 0;
		return 0;
	}
	if (!sup->stopped_since) {
		sup->stopped_since = now;
		return 0;
	}
	if (now - sup->stopped_since < SCLOG_SUPERVISOR_STOPPED_S)
		return 0;
	sup->stop_reported = 1;
	for (long i = 0; i < n && len < sizeof(list); i++) {
		int k = snprintf(list + len, sizeof(list) - len, " pid %d (%s) state %c (%s)%s",
				 (int)v[i].pid, v[i].comm, v[i].state,
				 v[i].state == 't' ? "stopped by a tracer" : "stopped",
				 i + 1 < n ? "," : "");

		len += k > 0 ? (size_t)k : 0;
	}
	sclog_warn("every remaining process of the command has been stopped for %d s:%s",
		   SCLOG_SUPERVISOR_STOPPED_S, list);
	if (sup->main_done)
		sclog_warn("waiting until they continue (kill -CONT PID) and end; interrupt sclog "
			   "to stop waiting (the profile is then incomplete)");
	else
		sclog_warn("waiting until they continue (kill -CONT PID) and end, or are killed "
			   "(kill -KILL PID); a signal sent to sclog is forwarded to %s and acts "
			   "only once it continues",
			   sup->name);
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
	free(sup->exited);
	sup->exited = NULL;
	sup->n_exited = sup->cap_exited = 0;
	if (sup->sigfd < 0)
		return;
	/* The signals stay blocked: one arriving now would otherwise end
	 * sclog before it wrote its output. */
	closep(&sup->sigfd);
}

int sclog_supervisor_exit_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
