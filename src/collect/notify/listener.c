// SPDX-License-Identifier: GPL-2.0-only
/* The socket a container runtime sends its seccomp listener to. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
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
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int got;

			memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (fd < 0)
				fd = got;
			else
				close(got);
		}
	}
	if (fd >= 0) {
		*ret_fd = fd;
		return 1;
	}
	/* Data without a descriptor, or the end: the runtime sent none. */
	return len == 0 || !(msg.msg_flags & MSG_CTRUNC) ? 0 : -EMSGSIZE;
}
