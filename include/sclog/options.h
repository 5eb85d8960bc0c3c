/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_OPTIONS_H
#define SCLOG_OPTIONS_H

#include "sclog/error.h"
#include "sclog/policy.h"

#define SCLOG_DEFAULT_OUTPUT "seccomp.json"

/* Options of `sclog run`. */
struct sclog_run_options {
	const char *output;        /* policy file, "-" for stdout */
	const char *report;        /* report file or NULL */
	struct sclog_action default_action;
	double drain_timeout;      /* seconds to wait for the end-of-run marker */
	int rcvbuf;                /* audit socket receive buffer, 0: default */
	int quiet;
	char **argv;               /* the command, NULL-terminated, inside the input argv */
};

enum { SCLOG_OPTIONS_HELP = 1 };

/*
 * Parse `run`'s arguments (@argv[0] is "run").  Options stop at "--" or at
 * the first non-option, which starts the command.  Returns 0,
 * SCLOG_OPTIONS_HELP when --help was given, or -EINVAL with @err set.
 */
int sclog_run_options_parse(int argc, char **argv, struct sclog_run_options *ret,
			    struct sclog_error *err);

/* The usage text of `sclog run`. */
extern const char sclog_run_usage[];

#endif
