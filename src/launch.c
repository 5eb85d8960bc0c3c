// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/collector.h"
#include "sclog/files.h"
#include "sclog/launch.h"
#include "sclog/macro.h"
#include "sclog/user.h"

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

int sclog_launch_install_filter(const struct sclog_bpf *bpf)
{
	struct sock_fprog prog = {
		.len = bpf->len,
		.filter = (struct sock_filter *)bpf->insns,
	};

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	/* Without CAP_SYS_ADMIN the kernel demands no_new_privs. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}

/* Async-signal-safe: hand the report to the parent. */
static void child_send(int fd, const struct sclog_child_report *report)
{
	(void)!write(fd, report, sizeof(*report));
}

static int read_u32_file(const char *path, uint32_t *ret)
{
	char buf[32];
	ssize_t n = sclog_read_small(path, buf, sizeof(buf));
	uint32_t v = 0;

	if (n < 0)
		return (int)n;
	for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		v = v * 10 + (uint32_t)(buf[i] - '0');
	*ret = v;
	return 0;
}

uint32_t sclog_launch_session_auid(uint32_t *ret_before)
{
	const char *sudo = getenv("SUDO_UID");
	uint32_t loginuid = (uint32_t)-1;
	char *end;
	unsigned long v;

	read_u32_file("/proc/self/loginuid", &loginuid);
	*ret_before = loginuid;
	if (loginuid != (uint32_t)-1)
		return loginuid;
	if (sudo && *sudo) {
		errno = 0;
		v = strtoul(sudo, &end, 10);
		if (!errno && !*end && v < (uint32_t)-1)
			return (uint32_t)v;
	}
	return (uint32_t)getuid();
}

int sclog_launch_session(uint32_t loginuid, uint32_t *ret_ses)
{
	char buf[16];
	int fd, len, r;

	/*
	 * Writing a valid uid to /proc/self/loginuid gives this process a
	 * fresh audit session id, inherited by every descendant and printed
	 * as ses= in each seccomp record (kernel/auditsc.c,
	 * audit_set_loginuid()).  Writing back the current login uid keeps
	 * auid unchanged.
	 */
	len = 0;
	do {
		buf[sizeof(buf) - 1 - len++] = (char)('0' + loginuid % 10);
		loginuid /= 10;
	} while (loginuid);
	fd = open("/proc/self/loginuid", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, buf + sizeof(buf) - len, (size_t)len) != len) {
		r = -errno;
		close(fd);
		return r;
	}
	close(fd);
	return read_u32_file("/proc/self/sessionid", ret_ses);
}

static _Noreturn void child_fail(int fd, int error, const char *what, const char *hint)
{
	struct sclog_child_report report = { .error = error, .what = what, .hint = hint };

	child_send(fd, &report);
	_exit(125);
}

static _Noreturn void child(int fd, pid_t parent, const char *path, char *const argv[],
			    char *const envp[], const struct sclog_user *user,
			    enum sclog_launch_mode mode, const struct sclog_collector *c,
			    const sigset_t *mask)
{
	struct sclog_child_report report = { 0 };
	int r;

	sigprocmask(SIG_SETMASK, mask, NULL);
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
	if (user) {
		r = sclog_user_switch(user);
		if (r < 0)
			child_fail(fd, -r, "switching to the user of --user", NULL);
		/* A credential change clears the parent-death signal
		 * (kernel/cred.c, commit_creds()): ask again. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
			child_fail(fd, errno ? errno : ESRCH, "setting up the child", NULL);
	}
	/* From here on every syscall is recorded: install the filter and
	 * exec, nothing in between. */
	switch (mode) {
	case SCLOG_LAUNCH_OWN_FILTER:
		r = c->ops->child_filter(c->state);
		if (r < 0)
			child_fail(fd, -r, "installing the seccomp filter", NULL);
		break;
	case SCLOG_LAUNCH_RUNTIME_FILTER:
		/* The runtime installs the recording profile it was given. */
		break;
	}
	execve(path, argv, envp ? envp : environ);
	r = errno;
	child_fail(fd, r, NULL, NULL); /* no what: the exec itself */
}

int sclog_launch(const char *path, char *const argv[], char *const envp[],
		 const struct sclog_user *user, enum sclog_launch_mode mode,
		 const struct sclog_collector *c, const sigset_t *child_mask,
		 struct sclog_target *ret, struct sclog_error *err)
{
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
		child(wfd, parent, path, argv, envp, user, mode, c, child_mask);
	closep(&wfd);
	wfd = -1;

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
				sclog_error_set(err, r, "the %s collector failed while the command "
						"started: %s", c->ops->name, strerror(-r));
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
		if (!m.what)
			return sclog_error_set(err, -m.error, "%s: %s", path, strerror(m.error));
		return sclog_error_set(err, -m.error, "cannot start the command (%s: %s)%s%s",
				       m.what, strerror(m.error), m.hint ? ": " : "",
				       m.hint ? m.hint : "");
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

pid_t sclog_launch_marker(const struct sclog_bpf *bpf, const sigset_t *child_mask,
			  const char *comm)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid != 0)
		return pid < 0 ? -errno : pid;
	sigprocmask(SIG_SETMASK, child_mask, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (getppid() != parent || sclog_launch_install_filter(bpf) < 0)
		_exit(1);
	syscall(SYS_getppid);
	_exit(0);
}
