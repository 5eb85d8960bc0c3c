/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_NOTIFY_LISTENER_H
#define SCLOG_COLLECT_NOTIFY_LISTENER_H

#include "sclog/basic/error.h"

/*
 * The unix socket a container runtime sends its seccomp listener to
 * (linux.seccomp.listenerPath): it connects, and sends one message whose
 * data is the container's state (JSON) and whose SCM_RIGHTS carry the
 * listener.  crun connects before it starts the container and keeps the
 * connection open; runc connects once the filter is loaded.
 */

/*
 * Create a listening socket at @dir/listener.sock (non-blocking,
 * close-on-exec).  Returns the socket and its path in @ret_path (the
 * caller frees it), or -errno with @err set.
 */
int sclog_listener_open(const char *dir, char **ret_path, struct sclog_error *err);

/* Accept the runtime's connection on @sock: non-blocking, close-on-exec.
 * Returns it, or -errno (-EAGAIN: none yet). */
int sclog_listener_accept(int sock);

struct msghdr;

/*
 * The descriptors @msg (from recvmsg()) carries (SCM_RIGHTS): the first
 * goes into *@fd unless it holds one already (>= 0); every other is
 * closed, so none leaks.
 */
void sclog_listener_take_fd(struct msghdr *msg, int *fd);

/*
 * Read the runtime's message from @conn: the first descriptor it carries
 * (others are closed) goes into @ret_fd.  Returns 1 with @ret_fd set, 0
 * when the runtime closed the connection without sending one, or -errno
 * (-EAGAIN: nothing yet).
 */
int sclog_listener_receive(int conn, int *ret_fd);

/*
 * The runtime's hand-over, for a run loop that polls: its connection on
 * the socket, then its message.  @conn is owned (closed by the user);
 * @sock is not.
 */
struct sclog_listener_conn {
	int sock;     /* the socket the runtime connects to */
	int conn;     /* its connection once accepted, else -1 */
	int received; /* its message came, with the listener or without */
};

/* What to poll until the message came: the socket, then the connection. */
int sclog_listener_conn_fd(const struct sclog_listener_conn *c);

/*
 * One step, when sclog_listener_conn_fd() is readable: accept the
 * connection, or receive the message (sclog_listener_receive()).  The
 * connection stays open: crun keeps its end until it ends.  Returns 1 with
 * the listener in @ret_fd (the caller owns it); 0 when nothing came yet,
 * or, with @c->received set, when the runtime hung up without sending one
 * (it failed before loading the filter, and ends with its status); or
 * -errno.
 */
int sclog_listener_conn_step(struct sclog_listener_conn *c, int *ret_fd);

/*
 * For a socket of a fixed name (`sclog listen --socket PATH`): @path's
 * directory must be trusted all the way (SCLOG_WALK_TRUSTED) and writable
 * by no one but root and sclog's user, or another user could put a socket
 * of their own in its place.  Returns 0 and the resolved absolute name in
 * @ret (the caller frees it), or -errno with @err set.
 */
int sclog_listener_path(const char *path, char **ret, struct sclog_error *err);

/*
 * Listen at @path (from sclog_listener_path()), mode 0600, non-blocking,
 * close-on-exec; a socket there that no one listens on any more is
 * replaced, anything else is refused.  Returns the socket, or -errno with
 * @err set.
 */
int sclog_listener_bind(const char *path, struct sclog_error *err);

#endif
