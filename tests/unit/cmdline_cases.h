/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_TEST_CMDLINE_CASES_H
#define SCLOG_TEST_CMDLINE_CASES_H

#include <stddef.h>

#include "sclog/container/command_line.h"

/*
 * A runtime command line, what sclog_container_parse() must make of it and
 * how sclog_container_argv() rewrites it; test_container (podman, docker,
 * crun, runc) and test_cmdline_ctr (ctr) each hold a list and run it with
 * cmdline_cases_run().
 */
#define CMDLINE_MAX_ARGS 20
#define END NULL

struct cmdline_case {
	const char *name;
	const char *argv[CMDLINE_MAX_ARGS];
	int ret;
	/* on success */
	enum sclog_container_runtime runtime;
	const char *bundle, *config, *id, *oci_runtime, *seccomp;
	const char *measured; /* sclog_container_runtime_name(), when given */
	int nnp, seccomp_flag;
	/* the rewritten command with path "P" */
	const char *rewritten[CMDLINE_MAX_ARGS];
	/* on error: a piece of the message */
	const char *msg;
};

#define PODMAN .runtime = SCLOG_CONTAINER_PODMAN
#define CRUN .runtime = SCLOG_CONTAINER_CRUN
#define RUNC .runtime = SCLOG_CONTAINER_RUNC
#define DOCKER .runtime = SCLOG_CONTAINER_DOCKER
#define CTR .runtime = SCLOG_CONTAINER_CTR

/* Parse and rewrite each of the @n @cases; fails the test at the first
 * difference, naming the case. */
void cmdline_cases_run(const struct cmdline_case *cases, size_t n);

#endif
