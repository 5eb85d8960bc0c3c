/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_CMDLINE_DOCKER_H
#define SCLOG_CONTAINER_CMDLINE_DOCKER_H

#include "sclog/basic/error.h"
#include "sclog/container/command_line.h"

/*
 * `docker run`, the pure part: its option tables (command_line_syntax.h),
 * what of a docker command line cannot be recorded, and the question and
 * the answer that tell whether the daemon can be recorded at all.
 */

/* The first Docker Engine release that passes linux.seccomp.listenerPath
 * of a --security-opt seccomp=FILE profile on to runc. */
#define SCLOG_DOCKER_MIN_MAJOR 23

/*
 * What the parsed `docker run` @c asks that cannot be recorded: -d (docker
 * returns once the container started, before anything is recorded) and
 * --privileged (the daemon then loads no seccomp filter at all).  Returns
 * 0, or -EOPNOTSUPP with why and what to do in @err.
 */
int sclog_container_docker_parsed(const struct sclog_container_cmd *c, struct sclog_error *err);

/*
 * The command that asks the daemon of @argv (parsed into @c) its version:
 * argv[0] and docker's global options, then `version --format
 * {{.Server.Version}}`, or with @info `info --format {{.ServerVersion}}`.
 * Returns 0 and a NULL-terminated array of copies the caller frees with
 * sclog_strv_free() in @ret, or -ENOMEM.
 */
int sclog_container_docker_version_argv(char *const argv[], const struct sclog_container_cmd *c,
					int info, char ***ret);

/*
 * Judge the daemon by @version, the first line `docker version` printed
 * (e.g. "26.1.5+dfsg1").  Returns 0 for Docker Engine 23 or later;
 * -EOPNOTSUPP with the version found and what works instead in @err for an
 * older one or an answer that is not a version.
 */
int sclog_container_docker_judge(const char *version, struct sclog_error *err);

/* The cause of a docker run that ended with no listener, for the report. */
extern const char sclog_container_docker_no_listener[];

#endif
