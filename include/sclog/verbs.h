/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_VERBS_H
#define SCLOG_VERBS_H

/* Exit statuses of sclog itself (the conventions of env, timeout, docker run). */
enum {
	SCLOG_EXIT_FAILURE = 125,  /* sclog failed, or the profile is incomplete */
	SCLOG_EXIT_CANNOT_EXEC = 126,
	SCLOG_EXIT_NOT_FOUND = 127,
};

/* `sclog run …`: returns the process exit status. */
int sclog_verb_run(int argc, char **argv);

/* `sclog doctor`: print every check; 0 when profiling can work, else 1. */
int sclog_verb_doctor(int argc, char **argv);

#endif
