// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sclog/basic/fileio.h"
#include "sclog/collect/audit/session.h"
#include "sclog/policy/filter.h"

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

uint32_t sclog_audit_session_auid(uint32_t *ret_before)
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

int sclog_audit_session(uint32_t loginuid, uint32_t *ret_ses)
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

pid_t sclog_audit_marker(const struct sclog_bpf *bpf, const sigset_t *child_mask, const char *comm)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid != 0)
		return pid < 0 ? -errno : pid;
	sigprocmask(SIG_SETMASK, child_mask, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (getppid() != parent || sclog_filter_install(bpf) < 0)
		_exit(1);
	syscall(SYS_getppid);
	_exit(0);
}
