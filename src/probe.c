// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sclog/audit.h"
#include "sclog/launch.h"
#include "sclog/probe.h"

#define ACTIONS_AVAIL "/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED "/proc/sys/kernel/seccomp/actions_logged"

__attribute__((format(printf, 4, 5))) static void
set(struct sclog_check *c, const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	c->name = name;
	c->ok = ok;
	c->fatal = 1;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

void sclog_probe_release(char *buf, size_t size)
{
	struct utsname u;

	snprintf(buf, size, "%s", uname(&u) == 0 ? u.release : "unknown");
}

static int check_seccomp(struct sclog_check *c)
{
	uint32_t action = SECCOMP_RET_LOG;

	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) {
		set(c, "seccomp", 0, "the kernel was built without CONFIG_SECCOMP; "
		    "sclog needs seccomp filters (CONFIG_SECCOMP_FILTER)");
		return 0;
	}
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0 && errno == ENOSYS) {
		set(c, "seccomp", 0, "the kernel has no seccomp() syscall (Linux < 3.17); "
		    "sclog needs 4.14 or a kernel patched as in kernel-patches/");
		return 0;
	}
	set(c, "seccomp", 1, "seccomp filters are available");
	return 1;
}

static int check_ret_log(struct sclog_check *c)
{
	uint32_t action = SECCOMP_RET_LOG;
	char avail[256] = "";

	/* Kernels before 4.14 know neither this operation nor RET_LOG, and
	 * an unknown action kills the task: never install one unprobed. */
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0) {
		set(c, "SECCOMP_RET_LOG", 0,
		    "the running kernel does not support SECCOMP_RET_LOG "
		    "(SECCOMP_GET_ACTION_AVAIL: %s); it needs Linux 4.14 or later, or "
		    "a 4.4/4.9 kernel with the series in kernel-patches/ (see "
		    "kernel-patches/README.md)", strerror(errno));
		return 0;
	}
	if (read_small(ACTIONS_AVAIL, avail, sizeof(avail)) < 0 || !has_word(avail, "log")) {
		set(c, "SECCOMP_RET_LOG", 0,
		    "the running kernel does not list \"log\" in " ACTIONS_AVAIL
		    " (\"%s\"); see kernel-patches/README.md", avail);
		return 0;
	}
	set(c, "SECCOMP_RET_LOG", 1, "supported (actions_avail: %s)", avail);
	return 1;
}

static int check_actions_logged(struct sclog_check *c)
{
	char logged[256] = "";

	if (read_small(ACTIONS_LOGGED, logged, sizeof(logged)) < 0) {
		set(c, "actions_logged", 0, "cannot read " ACTIONS_LOGGED ": %s", strerror(errno));
		return 0;
	}
	if (!has_word(logged, "log")) {
		/* RET_LOG then allows silently: an empty profile. */
		set(c, "actions_logged", 0,
		    "\"log\" is missing from " ACTIONS_LOGGED " (\"%s\"), so the kernel "
		    "would run the syscalls without logging them; add it with: "
		    "sysctl -w kernel.seccomp.actions_logged=\"%s%slog\"",
		    logged, logged, *logged ? " " : "");
		return 0;
	}
	set(c, "actions_logged", 1, "\"log\" is logged (%s)", logged);
	return 1;
}

static int check_socket(struct sclog_check *c)
{
	struct sclog_audit_source src;
	struct sclog_error err = { 0 };

	if (sclog_audit_open(&src, 0, &err) < 0) {
		set(c, "audit socket", 0, "%s", err.msg);
		return 0;
	}
	set(c, "audit socket", 1, "subscribed to AUDIT_NLGRP_READLOG, receive buffer %d bytes",
	    src.rcvbuf);
	sclog_audit_close(&src);
	return 1;
}

static int check_status(struct sclog_check *c)
{
	struct sclog_audit_status st;
	struct sclog_error err = { 0 };

	if (sclog_audit_status(&st, &err) < 0) {
		set(c, "audit status", 0, "%s (sclog reads the kernel's lost counter "
		    "to detect dropped records)", err.msg);
		return 0;
	}
	set(c, "audit status", 1, "enabled %u, lost %u, rate_limit %u, backlog_limit %u, "
	    "audit daemon pid %u%s", st.enabled, st.lost, st.rate_limit, st.backlog_limit,
	    st.pid, st.rate_limit ? " (a rate limit drops records; sclog will notice)" : "");
	return 1;
}

static int check_session(struct sclog_check *c)
{
	uint32_t ses = 0;
	int status, fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		set(c, "audit session", 0, "cannot create a pipe: %s", strerror(errno));
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		int r = sclog_launch_probe_session(&ses);

		if (r == 0)
			(void)!write(fds[1], &ses, sizeof(ses));
		_exit(r < 0 ? -r : 0);
	}
	close(fds[1]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || read(fds[0], &ses, sizeof(ses)) != sizeof(ses)) {
		int e = pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : EIO;

		close(fds[0]);
		set(c, "audit session", 0,
		    "cannot give the command an audit session of its own (writing "
		    "/proc/self/loginuid: %s); sclog needs CAP_AUDIT_CONTROL and a login "
		    "uid that is unset or not immutable", strerror(e));
		return 0;
	}
	close(fds[0]);
	set(c, "audit session", 1, "a child can start its own audit session (got ses=%u)", ses);
	return 1;
}

int sclog_probe_ret_log(struct sclog_check *c)
{
	return check_seccomp(c) && check_ret_log(c);
}

size_t sclog_probe_kernel(struct sclog_check *checks, size_t max)
{
	static int (*const fns[])(struct sclog_check *) = {
		check_seccomp, check_ret_log, check_actions_logged,
		check_socket,  check_status,  check_session,
	};
	static const char *const names[] = {
		"seccomp",      "SECCOMP_RET_LOG", "actions_logged",
		"audit socket", "audit status",    "audit session",
	};
	size_t n = 0;
	int blocked = 0;

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]) && n < max; i++, n++) {
		/* Nothing after a missing seccomp or RET_LOG can work. */
		if (blocked) {
			set(&checks[n], names[i], -1, "not checked");
			continue;
		}
		if (!fns[i](&checks[n]) && i < 2)
			blocked = 1;
	}
	return n;
}
