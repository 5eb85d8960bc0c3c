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

/*
 * Read the runtime's message from @conn: the first descriptor it carries
 * (others are closed) goes into @ret_fd.  Returns 1 with @ret_fd set, 0
 * when the runtime closed the connection without sending one, or -errno
 * (-EAGAIN: nothing yet).
 */
int sclog_listener_receive(int conn, int *ret_fd);

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
