/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CLI_VERBS_H
#define SCLOG_CLI_VERBS_H

#include "sclog/basic/exit.h"

struct sclog_error;
struct sclog_policy;

/* Print @err's message as sclog's error; returns SCLOG_EXIT_FAILURE. */
int sclog_verb_fail(const struct sclog_error *err);

/* Say sclog ran out of memory; returns SCLOG_EXIT_FAILURE. */
int sclog_verb_oom(void);

/*
 * --for @runtime on a policy (NULL: nothing to do): allow what the runtime
 * is measured to need, and say so on stderr.  Returns 0, or
 * SCLOG_EXIT_FAILURE after printing why.
 */
int sclog_verb_add_runtime(struct sclog_policy *p, const char *runtime);

/* `sclog run …`: returns the process exit status. */
int sclog_verb_run(int argc, char **argv);

/* `sclog check …`, `enforce …`: return the process exit status. */
int sclog_verb_check(int argc, char **argv);
int sclog_verb_enforce(int argc, char **argv);

/* `sclog merge …`, `diff …`, `export …` (policy files only). */
int sclog_verb_merge(int argc, char **argv);
int sclog_verb_diff(int argc, char **argv);
int sclog_verb_export(int argc, char **argv);

/* `sclog listen …`: the node agent; returns the exit status (0 after SIGTERM). */
int sclog_verb_listen(int argc, char **argv);

/* `sclog doctor`: print every check; 0 when profiling can work, else 1. */
int sclog_verb_doctor(int argc, char **argv);

/*
 * `sclog --version`: sclog's version, the libseccomp it runs with and
 * whether the kernel has SECCOMP_RET_LOG.  Returns 0.
 */
int sclog_verb_version(int argc, char **argv);

/*
 * `sclog __complete verbs | options VERB | values VERB OPTION`: what the
 * shell completions offer, one a line; `sclog __complete man-options`: the
 * man page's OPTIONS.  @verbs: the verb names, NULL-ended.
 * Returns the exit status (1: OPTION's values are not a fixed list).
 */
int sclog_verb_complete(int argc, char **argv, const char *const *verbs);

#endif
