/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_EXIT_H
#define SCLOG_BASIC_EXIT_H

/* Exit statuses of sclog itself (the conventions of env, timeout, docker run);
 * docs/exit-status.md documents them for users. */
enum {
	SCLOG_EXIT_FAILURE = 125, /* sclog failed, or the profile is incomplete */
	SCLOG_EXIT_CANNOT_EXEC = 126,
	SCLOG_EXIT_NOT_FOUND = 127,
};

#endif
