// SPDX-License-Identifier: GPL-2.0-only
/* The socket a container runtime sends its seccomp listener to. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/path_walk.h"
#include "sclog/collect/notify/listener.h"

int sclog_listener_open(const char *dir, char **ret_path, struct sclog_error *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	_cleanup_free_ char *path = NULL;
	int fd;

	if (asprintf(&path, "%s/listener.sock", dir) < 0)
		return sclog_error_oom(err);
	if (strlen(path) >= sizeof(addr.sun_path))
		return sclog_error_set(err, -ENAMETOOLONG,
				       "the socket path %s is too long for a "
				       "unix socket: set TMPDIR to a shorter directory",
				       path);
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return sclog_error_set(err, -errno, "cannot create a unix socket: %m");
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 4) < 0) {
		int r = sclog_error_set(err, -errno, "cannot listen on %s: %m", path);

		close(fd);
		return r;
	}
	*ret_path = TAKE_PTR(path);
	return fd;
}

int sclog_listener_accept(int sock)
{
	int fd = accept4(sock, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	return fd < 0 ? -errno : fd;
}

void sclog_listener_take_fd(struct msghdr *msg, int *fd)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int got;

			memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (*fd < 0)
				*fd = got;
			else
				close(got);
		}
	}
}

int sclog_listener_receive(int conn, int *ret_fd)
{
	/* The container state comes with the descriptor; sclog needs only
	 * the descriptor, the rest of the message stays unread. */
	char data[4096], control[CMSG_SPACE(8 * sizeof(int))];
	struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control,
			      .msg_controllen = sizeof(control) };
	int fd = -1;
	ssize_t len;

	do
		len = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	while (len < 0 && errno == EINTR);
	if (len < 0)
		return -errno;
	sclog_listener_take_fd(&msg, &fd);
	if (fd >= 0) {
		*ret_fd = fd;
		return 1;
	}
	/* Data without a descriptor, or the end: the runtime sent none. */
	return len == 0 || !(msg.msg_flags & MSG_CTRUNC) ? 0 : -EMSGSIZE;
}

int sclog_listener_conn_fd(const struct sclog_listener_conn *c)
{
	return c->conn >= 0 ? c->conn : c->sock;
}

int sclog_listener_conn_step(struct sclog_listener_conn *c, int *ret_fd)
{
	int r;

	if (c->conn < 0) {
		r = sclog_listener_accept(c->sock);
		if (r >= 0)
			c->conn = r;
		return r == -EAGAIN || r == -EINTR || r >= 0 ? 0 : r;
	}
	r = sclog_listener_receive(c->conn, ret_fd);
	if (r == -EAGAIN || r == -EINTR)
		return 0;
	if (r >= 0)
		c->received = 1;
	return r;
}

/* The socket's directory: trusted all the way, and writable by no one but
 * root and the agent's user, or another user could put a socket of their
 * own in its place. */
int sclog_listener_path(const char *path, char **ret, struct sclog_error *err)
{
	_cleanup_free_ char *copy = strdup(path), *dir = NULL;
	char *slash = copy ? strrchr(copy, '/') : NULL;
	const char *base = slash ? slash + 1 : copy;
	struct stat st;
	int r;

	if (!copy)
		return sclog_error_oom(err);
	if (slash)
		*slash = '\0';
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return sclog_error_set(err, -EINVAL, "--socket %s: give the socket's file name",
				       path);
	r = sclog_path_trusted_dir("cannot use the socket's directory",
				   !slash ? "." :
				   *copy  ? copy :
					    "/",
				   &dir, err);
	if (r < 0)
		return r;
	if (stat(dir, &st) < 0)
		return sclog_error_set(err, -errno, "cannot use %s: %m", dir);
	if ((st.st_mode & 022) || (st.st_uid != 0 && st.st_uid != geteuid()))
		return sclog_error_set(
			err, -EPERM,
			"the socket's directory %s can be written by others (mode %03o, "
			"owner uid %lu): use a directory only root or you can write",
			dir, st.st_mode & 07777, (unsigned long)st.st_uid);
	if (asprintf(ret, "%s/%s", strcmp(dir, "/") ? dir : "", base) < 0)
		return sclog_error_oom(err);
	return 0;
}

/* Listen on @path, replacing a socket no one listens on any more. */
int sclog_listener_bind(const char *path, struct sclog_error *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (strlen(path) >= sizeof(addr.sun_path))
		return sclog_error_set(err, -ENAMETOOLONG,
				       "--socket %s is too long for a unix socket", path);
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return sclog_error_set(err, -errno, "cannot create a unix socket: %m");
	if (lstat(path, &st) == 0) {
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int live =
			probe >= 0 && connect(probe, (struct sockaddr *)&addr, sizeof(addr)) == 0;

		if (probe >= 0)
			close(probe);
		if (!S_ISSOCK(st.st_mode))
			return sclog_error_set(err, -EEXIST,
					       "--socket %s exists and is not a socket", path);
		if (live)
			return sclog_error_set(err, -EADDRINUSE,
					       "another process listens on %s already", path);
		unlink(path);
	}
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || chmod(path, 0600) < 0 ||
	    listen(fd, SOMAXCONN) < 0)
		return sclog_error_set(err, -errno, "cannot listen on %s: %m", path);
	return TAKE_FD(fd);
}
