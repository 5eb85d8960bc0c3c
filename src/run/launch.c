// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/user.h"
#include "sclog/collect/collector.h"
#include "sclog/run/launch.h"

extern char **environ;

int sclog_launch_resolve(const char *name, char **ret_path)
{
	const char *path = getenv("PATH");
	int found_noexec = 0;

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		struct stat st;

		if (stat(name, &st) < 0)
			return -errno;
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (access(name, X_OK) < 0)
			return -EACCES;
		*ret_path = strdup(name);
		return *ret_path ? 0 : -ENOMEM;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchrnul(path, ':');
		_cleanup_free_ char *candidate = NULL;
		struct stat st;
		int n = (int)(end - path);

		if (asprintf(&candidate, "%.*s%s%s", n, n ? path : ".", "/", name) < 0)
			return -ENOMEM;
		if (stat(candidate, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (access(candidate, X_OK) == 0) {
				*ret_path = TAKE_PTR(candidate);
				return 0;
			}
			found_noexec = 1;
		}
		path = *end ? end + 1 : end;
	}
	return found_noexec ? -EACCES : -ENOENT;
}

/* Async-signal-safe: hand the report to the parent. */
static void child_send(int fd, const struct sclog_child_report *report)
{
	(void)!write(fd, report, sizeof(*report));
}

static _Noreturn void child_fail(int fd, int error, const char *what, const char *hint)
{
	struct sclog_child_report report = { .error = error, .what = what, .hint = hint };

	child_send(fd, &report);
	_exit(125);
}

static _Noreturn void child(int fd, pid_t parent, const struct sclog_launch_params *p)
{
	const struct sclog_collector *c = p->collector;
	struct sclog_child_report report = { 0 };
	int r;

	sigprocmask(SIG_SETMASK, p->child_mask, NULL);
	/* sclog's death takes the target with it (as strace does for
	 * processes it started); see docs/how-it-works.md. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
		child_fail(fd, errno ? errno : ESRCH, "setting up the child", NULL);
	r = c->ops->child_setup ? c->ops->child_setup(c->state, &report) : 0;
	if (r < 0)
		child_fail(fd, -r, report.what ? report.what : "setting up the collector",
			   report.hint);
	child_send(fd, &report);
	/* --user: after the collector's setup (a new audit session needs
	 * CAP_AUDIT_CONTROL), before the filter, so that the switch is not in
	 * the profile. */
	if (p->user) {
		r = sclog_user_switch(p->user);
		if (r < 0)
			child_fail(fd, -r, "switching to the user of --user", NULL);
		/* A credential change clears the parent-death signal
		 * (kernel/cred.c, commit_creds()): ask again. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
			child_fail(fd, errno ? errno : ESRCH, "setting up the child", NULL);
	}
	/* From here on every syscall is recorded: install the filter and
	 * exec, nothing in between. */
	switch (p->mode) {
	case SCLOG_LAUNCH_OWN_FILTER:
		r = c->ops->child_filter(c->state);
		if (r < 0)
			child_fail(fd, -r, "installing the seccomp filter", NULL);
		break;
	case SCLOG_LAUNCH_RUNTIME_FILTER:
		/* The runtime installs the recording profile it was given. */
		break;
	}
	execve(p->path, p->argv, p->envp ? p->envp : environ);
	r = errno;
	child_fail(fd, r, NULL, NULL); /* no what: the exec itself */
}

/* The error the child reported in @m, which failed to start @path. */
static int child_error(const char *path, const struct sclog_child_report *m,
		       struct sclog_error *err)
{
	if (!m->what) /* the exec itself */
		return sclog_error_set(err, -m->error, "%s: %s", path, strerror(m->error));
	return sclog_error_set(err, -m->error, "cannot start the command (%s: %s)%s%s", m->what,
			       strerror(m->error), m->hint ? ": " : "", m->hint ? m->hint : "");
}

int sclog_launch(const struct sclog_launch_params *params, struct sclog_target *ret,
		 struct sclog_error *err)
{
	const struct sclog_collector *c = params->collector;
	struct sclog_child_report m;
	int have_report = 0, fds[2], r;
	pid_t parent = getpid(), pid;
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return sclog_error_set(err, -errno, "cannot create a pipe: %m");
	_cleanup_close_ int rfd = fds[0];
	_cleanup_close_ int wfd = fds[1];

	pid = fork();
	if (pid < 0)
		return sclog_error_set(err, -errno, "cannot fork: %m");
	if (pid == 0)
		child(wfd, parent, params);
	closep(&wfd);

	for (;;) {
		/* Once started, the collector is served while the exec runs:
		 * under a user-notification filter the execve() itself waits
		 * for sclog's answer. */
		struct pollfd p[2] = {
			{ .fd = rfd, .events = POLLIN },
			{ .fd = have_report ? c->ops->fd(c->state) : -1, .events = POLLIN },
		};

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = sclog_error_set(err, -errno, "cannot wait for the child: %m");
			goto kill;
		}
		if (p[1].revents & POLLIN) {
			r = c->ops->on_readable(c->state);
			if (r < 0) {
				sclog_error_set(err, r,
						"the %s collector failed while the command "
						"started: %s",
						c->ops->name, strerror(-r));
				goto kill;
			}
		}
		if (!(p[0].revents & (POLLIN | POLLHUP)))
			continue;
		n = read(rfd, &m, sizeof(m));
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) /* close-on-exec: the exec succeeded */
			break;
		if (n != sizeof(m)) {
			r = sclog_error_set(err, -EIO, "lost contact with the child process");
			goto kill;
		}
		if (m.error == 0 && !have_report) {
			have_report = 1;
			r = c->ops->started ? c->ops->started(c->state, pid, &m, err) : 0;
			if (r < 0)
				goto kill;
			continue;
		}
		waitpid(pid, NULL, 0);
		return child_error(params->path, &m, err);
	}
	if (!have_report) {
		waitpid(pid, NULL, 0);
		return sclog_error_set(err, -EIO, "the child exited before it started the command");
	}
	*ret = (struct sclog_target){ .pid = pid };
	return 0;
kill:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return r;
}
