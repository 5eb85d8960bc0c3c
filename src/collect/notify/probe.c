// SPDX-License-Identifier: GPL-2.0-only
/*
 * doctor's check of the user-notification collector: a test process whose
 * getppid() must reach sclog's listener and run on.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/collect/notify/handoff.h"
#include "sclog/collect/notify/probe.h"

enum { STEP_PDEATHSIG = 1, STEP_HANDOFF, STEP_HELPER, STEP_FILTER };

struct child_msg {
	int step;
	int value; /* errno */
};

static void child_send(int fd, int step, int value)
{
	struct child_msg m = { step, value };

	(void)!write(fd, &m, sizeof(m));
}

/* The doctor's test process: one notified call, then exit. */
static void probe_child(int wfd, pid_t parent, const sigset_t *mask, const struct sclog_bpf *bpf,
			const struct sclog_notify_handoff *h)
{
	int r;

	sigprocmask(SIG_SETMASK, mask, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent) {
		child_send(wfd, STEP_PDEATHSIG, errno ? errno : ESRCH);
		_exit(125);
	}
	r = sclog_notify_child_handoff(h);
	if (r < 0) {
		child_send(wfd, STEP_HANDOFF, -r);
		_exit(125);
	}
	child_send(wfd, STEP_HELPER, r);
	r = sclog_notify_child_install(bpf);
	if (r < 0) {
		child_send(wfd, STEP_FILTER, -r);
		_exit(125);
	}
	_exit(syscall(SYS_getppid) == parent ? 0 : 1);
}

/*
 * Serve the test process's calls until the pipe @rfd closes at its exit:
 * 1, or -errno with @err set when the listener, the poll or the process
 * failed.
 */
static int probe_serve(struct sclog_notify *n, int rfd, struct sclog_error *err)
{
	struct child_msg m;

	for (;;) {
		struct pollfd p[2] = { { .fd = rfd, .events = POLLIN },
				       { .fd = n->listener, .events = POLLIN } };
		ssize_t len;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return sclog_error_set(err, -errno, "poll() failed: %m");
		}
		if (p[1].revents & POLLIN) {
			long got = sclog_notify_handle(n);

			if (got < 0)
				return sclog_error_set(err, (int)got,
						       "the seccomp listener failed: %s",
						       strerror((int)-got));
			continue;
		}
		if (!(p[0].revents & (POLLIN | POLLHUP)))
			continue;
		len = read(rfd, &m, sizeof(m));
		if (len == 0)
			return 1;
		if (len != sizeof(m))
			return sclog_error_set(err, -EIO, "lost contact with the child process");
		return sclog_error_set(err, -m.value, "the test process failed: %s",
				       strerror(m.value));
	}
}

/* Run the doctor's test process under @bpf, answering its calls into @n. */
static int probe_spawn(struct sclog_notify *n, const struct sclog_bpf *bpf,
		       const sigset_t *child_mask, struct sclog_error *err)
{
	pid_t parent = getpid(), pid;
	struct sclog_notify_handoff h;
	struct child_msg m;
	int fds[2], r;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return sclog_error_set(err, -errno, "cannot create a pipe: %m");
	_cleanup_close_ int rfd = fds[0];
	_cleanup_close_ int wfd = fds[1];

	r = sclog_notify_handoff_open(&h);
	if (r < 0)
		return sclog_error_set(err, r, "cannot create a socket pair: %s", strerror(-r));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		sclog_notify_handoff_close(&h);
		return sclog_error_set(err, -errno, "cannot fork: %m");
	}
	if (pid == 0)
		probe_child(wfd, parent, child_mask, bpf, &h);
	closep(&wfd);

	if (read(rfd, &m, sizeof(m)) != sizeof(m) || m.step != STEP_HELPER)
		r = -EIO; /* said below, unless the child says why */
	else
		r = sclog_notify_attach(n, pid, &h, m.value, 0, err);
	sclog_notify_handoff_close(&h);
	if (r < 0) {
		/* A failure the child reported explains more: it is the context
		 * of what sclog saw (if anything), not something to erase. */
		if (read(rfd, &m, sizeof(m)) == sizeof(m))
			r = sclog_error_wrap(
				err, -m.value, "%s",
				m.step == STEP_FILTER  ? "cannot install the seccomp filter" :
				m.step == STEP_HANDOFF ? "cannot start the listener's helper" :
							 "cannot set up the child");
		else
			r = sclog_error_set(err, r,
					    "the test process failed before it installed "
					    "its filter");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return r;
	}

	r = probe_serve(n, rfd, err);
	if (r > 0)
		return 0;
	/* The child is about to exit (or must): keep answering until it has. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	sclog_notify_done(n);
	return r;
}

/* The test process's filter: getppid() notifies, all else is allowed. */
static int probe_filter(struct sclog_bpf *bpf)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int fds[2], r;

	r = ctx ? seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(getppid), 0) : -ENOMEM;
	if (r == 0 && pipe2(fds, O_CLOEXEC) < 0) {
		r = -errno;
	} else if (r == 0) {
		ssize_t len;

		r = seccomp_export_bpf(ctx, fds[1]);
		len = read(fds[0], bpf->insns, sizeof(bpf->insns));
		bpf->len =
			(unsigned short)(len > 0 ? len / (ssize_t)sizeof(struct sock_filter) : 0);
		close(fds[0]);
		close(fds[1]);
	}
	if (ctx)
		seccomp_release(ctx);
	return r;
}

size_t sclog_notify_probe(struct sclog_check *checks, size_t max)
{
	struct sclog_notify n;
	struct sclog_bpf *bpf = NULL;
	struct sclog_error err = { 0 };
	struct sclog_check *c = checks;
	struct sclog_profile *prof = NULL;
	uint32_t action = SECCOMP_RET_USER_NOTIF;
	sigset_t mask;
	int r, status = 0;

	if (max < 2)
		return 0;
	c[0] = (struct sclog_check){ .name = "user notif", .fatal = 1 };
	c[1] = (struct sclog_check){ .name = "notify e2e", .fatal = 1, .ok = -1 };
	snprintf(c[1].detail, sizeof(c[1].detail), "not checked");
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0) {
		snprintf(c[0].detail, sizeof(c[0].detail),
			 "the kernel lacks SECCOMP_RET_USER_NOTIF (%s): the notify collector "
			 "needs Linux 5.5 or later",
			 strerror(errno));
		return 2;
	}
	c[0].ok = 1;
	snprintf(c[0].detail, sizeof(c[0].detail), "SECCOMP_RET_USER_NOTIF is available");

	/* A child whose getppid() must reach a listener in sclog and be
	 * answered with CONTINUE (5.5+): the whole path, unprivileged too. */
	sigprocmask(SIG_SETMASK, NULL, &mask);
	bpf = malloc(sizeof(*bpf));
	prof = sclog_profile_new();
	r = !bpf || !prof ? -ENOMEM : probe_filter(bpf);
	if (r == 0)
		r = sclog_notify_init(&n, prof, NULL, NULL);
	if (r == 0) {
		r = probe_spawn(&n, bpf, &mask, &err);
		if (r == 0) {
			waitpid(n.pid, &status, 0);
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				r = -EPROTO;
		}
		sclog_notify_done(&n);
	} else {
		sclog_error_set(&err, r, "%s", strerror(-r));
	}
	c[1].ok = r == 0 && n.counters.notifications >= 1;
	if (c[1].ok)
		snprintf(c[1].detail, sizeof(c[1].detail),
			 "a test process's getppid() reached sclog's listener and ran on "
			 "(SECCOMP_USER_NOTIF_FLAG_CONTINUE)");
	else
		snprintf(c[1].detail, sizeof(c[1].detail),
			 "a test process under a user-notification filter did not complete "
			 "(%s): the notify collector needs Linux 5.5 or later",
			 r == -EPROTO ? "it exited with an error" : err.msg);
	free(bpf);
	sclog_profile_free(prof);
	return 2;
}
