/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_DOCKER_DAEMON_H
#define SCLOG_CONTAINER_DOCKER_DAEMON_H

#include "sclog/basic/error.h"
#include "sclog/container/command_line.h"

/*
 * Ask the daemon of the docker command @argv (parsed into @c) its version
 * with the same docker client and global options, before anything starts,
 * and judge it (sclog_container_docker_judge()).  Returns 0 when the daemon
 * can be recorded, or when the docker command cannot be started at all
 * (the run then fails as for any command: 126, 127); else a negative errno
 * with why in @err: an old daemon, no answer (its output is quoted).
 */
int sclog_container_docker_check(char *const argv[], const struct sclog_container_cmd *c,
				 struct sclog_error *err);

#endif
