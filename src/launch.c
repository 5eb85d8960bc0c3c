// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/launch.h"
#include "sclog/macro.h"

extern char **environ;

enum { MSG_SESSION = 1, MSG_FAILED = 2 };
enum { STEP_PDEATHSIG = 1, STEP_LOGINUID, STEP_FILTER, STEP_EXEC };

struct child_msg {
	int kind;
	int step;
	int value; /* session id, or errno */
};

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

/* Async-signal-safe helpers for the forked child. */
static void child_send(int fd, int kind, int step, int value)
{
	struct child_msg m = { kind, step, value };

	(void)!write(fd, &m, sizeof(m));
}

static int read_u32_file(const char *path, uint32_t *ret)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	uint32_t v = 0;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		v = v * 10 + (uint32_t)(buf[i] - '0');
	*ret = v;
	return 0;
}

int sclog_launch_probe_session(uint32_t *ret_ses)
{
	uint32_t loginuid;
	char buf[16];
	int fd, len, r;

	/*
	 * Writing a valid uid to /proc/self/loginuid gives this process a
	 * fresh audit session id, inherited by every descendant and printed
	 * as ses= in each seccomp record (kernel/auditsc.c,
	 * audit_set_loginuid()).  Writing back the current login uid keeps
	 * auid unchanged; only an unset one is replaced by our uid.
	 */
	r = read_u32_file("/proc/self/loginuid", &loginuid);
	if (r < 0)
		return r;
	if (loginuid == (uint32_t)-1)
		loginuid = (uint32_t)getuid();
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

static void child_setup(int fd, pid_t parent, const sigset_t *mask)
{
	sigprocmask(SIG_SETMASK, mask, NULL);
	/* sclog's death takes the target with it (as strace does for
	 * processes it started); see docs/how-it-works.md. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent) {
		child_send(fd, MSG_FAILED, STEP_PDEATHSIG, errno ? errno : ESRCH);
		_exit(125);
	}
}

int sclog_launch(const char *path, char *const argv[], const struct sclog_bpf *bpf,
		 const sigset_t *child_mask, struct sclog_target *ret,
		 struct sclog_error *err)
{
	pid_t parent = getpid(), pid;
	struct child_msg m;
	uint32_t ses = 0;
	int have_ses = 0, fds[2];
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return sclog_error_set(err, -errno, "cannot create a pipe: %m");
	_cleanup_close_ int rfd = fds[0];
	_cleanup_close_ int wfd = fds[1];

	pid = fork();
	if (pid < 0)
		return sclog_error_set(err, -errno, "cannot fork: %m");
	if (pid == 0) {
		int r;

		child_setup(wfd, parent, child_mask);
		r = sclog_launch_probe_session(&ses);
		if (r < 0) {
			child_send(wfd, MSG_FAILED, STEP_LOGINUID, -r);
			_exit(125);
		}
		child_send(wfd, MSG_SESSION, 0, (int)ses);
		/* From here on every syscall is logged: install the filter
		 * and exec, nothing in between. */
		r = sclog_launch_install_filter(bpf);
		if (r < 0) {
			child_send(wfd, MSG_FAILED, STEP_FILTER, -r);
			_exit(125);
		}
		execve(path, argv, environ);
		child_send(wfd, MSG_FAILED, STEP_EXEC, errno);
		_exit(errno == ENOENT ? 127 : 126);
	}
	closep(&wfd);
	wfd = -1;

	for (;;) {
		n = read(rfd, &m, sizeof(m));
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) /* close-on-exec: the exec succeeded */
			break;
		if (n != sizeof(m)) {
			waitpid(pid, NULL, 0);
			return sclog_error_set(err, -EIO, "lost contact with the child process");
		}
		if (m.kind == MSG_SESSION) {
			ses = (uint32_t)m.value;
			have_ses = 1;
			continue;
		}
		waitpid(pid, NULL, 0);
		switch (m.step) {
		case STEP_LOGINUID:
			return sclog_error_set(err, -m.value,
					       "cannot start an audit session for the command "
					       "(writing /proc/self/loginuid: %s): sclog needs "
					       "CAP_AUDIT_CONTROL, and a login uid that is unset "
					       "or not immutable (auditctl --loginuid-immutable)",
					       strerror(m.value));
		case STEP_FILTER:
			return sclog_error_set(err, -m.value,
					       "cannot install the seccomp filter: %s",
					       strerror(m.value));
		case STEP_EXEC:
			return sclog_error_set(err, -m.value, "%s: %s", path, strerror(m.value));
		default:
			return sclog_error_set(err, -m.value, "cannot set up the child: %s",
					       strerror(m.value));
		}
	}
	if (!have_ses) {
		waitpid(pid, NULL, 0);
		return sclog_error_set(err, -EIO, "the child exited before it started the command");
	}
	*ret = (struct sclog_target){ .pid = pid, .ses = ses };
	return 0;
}

pid_t sclog_launch_marker(const struct sclog_bpf *bpf, const sigset_t *child_mask)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid != 0)
		return pid < 0 ? -errno : pid;
	sigprocmask(SIG_SETMASK, child_mask, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent || sclog_launch_install_filter(bpf) < 0)
		_exit(1);
	syscall(SYS_getppid);
	_exit(0);
}
