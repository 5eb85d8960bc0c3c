/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_CMDLINE_CTR_H
#define SCLOG_CONTAINER_CMDLINE_CTR_H

#include "sclog/basic/error.h"
#include "sclog/container/command_line.h"

/*
 * Understand containerd's `ctr [GLOBAL] run [OPTIONS] IMAGE|ROOTFS ID
 * [CMD…]` in @argv (NULL-terminated, argv[0] the ctr command) into @c, whose
 * runtime and name the caller set: the index of "run", the container id,
 * the seccomp options sclog replaces (--seccomp, --seccomp-profile: left
 * out), --allow-new-privs, --privileged, --runc-binary and the annotations
 * that would bypass the recording profile.  The container is containerd's
 * (c->daemon).  Returns 0; -EOPNOTSUPP for another verb than run, for
 * --detach (the container would outlive the recording) and --config (ctr
 * then ignores the seccomp options); -EINVAL for a command line ctr would
 * reject; @err says why.
 */
int sclog_container_parse_ctr(char *const argv[], struct sclog_container_cmd *c,
			      struct sclog_error *err);

#endif
