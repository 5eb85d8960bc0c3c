// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/run/phase.h"

#define ACCEPTED                                                                                   \
	"a syscall name (accept4), \"ready\" (sd_notify READY=1) or seconds after the start "     \
	"(2.5, at most 3 decimals)"

/* "2", "2.5", "0.125" -> milliseconds; -EINVAL for anything else. */
static int parse_seconds(const char *s, uint64_t *ret_ms)
{
	uint64_t secs = 0, frac = 0;
	int decimals = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		secs = secs * 10 + (uint64_t)(*p - '0');
		if (secs > SCLOG_PHASE_MAX_SECONDS)
			return -ERANGE;
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals == 3)
				return -EINVAL;
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
	}
	if (*p)
		return -EINVAL;
	for (; decimals < 3; decimals++)
		frac *= 10;
	if (secs * 1000 + frac > (uint64_t)SCLOG_PHASE_MAX_SECONDS * 1000)
		return -ERANGE;
	*ret_ms = secs * 1000 + frac;
	return 0;
}

int sclog_phase_parse(const char *arg, struct sclog_phase *ret, struct sclog_error *err)
{
	struct sclog_phase ph = { .at = arg };
	int r;

	if (!arg || !*arg)
		return sclog_error_set(err, -EINVAL, "--phase-at: empty; give " ACCEPTED);
	if (strcmp(arg, "ready") == 0) {
		ph.kind = SCLOG_PHASE_READY;
	} else if (*arg >= '0' && *arg <= '9') {
		/* No syscall name starts with a digit, so a number is a time. */
		r = parse_seconds(arg, &ph.ms);
		if (r == -ERANGE)
			return sclog_error_set(err, -EINVAL, "--phase-at %s: more than %d seconds",
					       arg, SCLOG_PHASE_MAX_SECONDS);
		if (r < 0)
			return sclog_error_set(err, -EINVAL, "--phase-at %s: not a time; give " ACCEPTED,
					       arg);
		ph.kind = SCLOG_PHASE_SECONDS;
	} else {
		ph.nr = seccomp_syscall_resolve_name(arg);
		if (ph.nr == __NR_SCMP_ERROR || ph.nr < 0)
			return sclog_error_set(err, -EINVAL,
					       "--phase-at %s: not a syscall of this architecture; give " ACCEPTED,
					       arg);
		ph.kind = SCLOG_PHASE_SYSCALL;
		ph.name = arg;
	}
	*ret = ph;
	return 0;
}

const char *sclog_phase_kind_name(enum sclog_phase_kind kind)
{
	switch (kind) {
	case SCLOG_PHASE_SYSCALL:
		return "syscall";
	case SCLOG_PHASE_READY:
		return "ready";
	case SCLOG_PHASE_SECONDS:
		return "seconds";
	default:
		return "none";
	}
}

int sclog_phase_ready_in(const char *buf, size_t len)
{
	static const char want[] = "READY=1";
	const size_t n = sizeof(want) - 1;

	/* sd_notify(3): newline-separated assignments; a line must be exactly READY=1. */
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;

		if (end - i == n && memcmp(buf + i, want, n) == 0)
			return 1;
		i = end + 1;
	}
	return 0;
}

int sclog_phase_ready_open(const char *dir, char **ret_path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *path = NULL;
	int one = 1;

	if (asprintf(&path, "%s/notify", dir) < 0)
		return -ENOMEM;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	if (chmod(path, 0666) < 0)
		return -errno;
	*ret_path = TAKE_PTR(path);
	return TAKE_FD(fd);
}

/* A sender may pass descriptors along (SCM_RIGHTS); none is wanted, none may leak. */
static void close_passed(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		int *fds = (int *)CMSG_DATA(c);

		for (size_t i = 0; i < n; i++)
			close(fds[i]);
	}
}

int sclog_phase_ready_read(int fd)
{
	int ready = 0;

	for (;;) {
		/* sd_notify's datagrams are small; a longer one is cut, and READY=1
		 * past 4 KiB is not seen (systemd itself reads at most PIPE_BUF+1). */
		char buf[4096], ctl[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * 16)];
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = { .msg_iov = &iov,
				     .msg_iovlen = 1,
				     .msg_control = ctl,
				     .msg_controllen = sizeof(ctl) };
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return ready;
		if (n < 0)
			return -errno;
		close_passed(&mh);
		if (sclog_phase_ready_in(buf, (size_t)n))
			ready = 1;
	}
}
