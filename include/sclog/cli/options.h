/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CLI_OPTIONS_H
#define SCLOG_CLI_OPTIONS_H

#include "sclog/basic/error.h"
#include "sclog/basic/action.h"
#include "sclog/policy/findings.h"

#define SCLOG_DEFAULT_OUTPUT "seccomp.json"

/* Options of `sclog run`. */
struct sclog_run_options {
	const char *output;        /* policy file, "-" for stdout */
	const char *report;        /* report file or NULL */
	struct sclog_action default_action;
	int has_default_action;    /* given on the command line */
	double drain_timeout;      /* seconds to wait for the end-of-run marker */
	int rcvbuf;                /* audit socket receive buffer, 0: default */
	int quiet;
	int progress;              /* --progress: a status line on /dev/tty */
	const char *base;          /* --base: policy whose syscalls are already known */
	const char *runtime;       /* --for: container runtime whose needs are added */
	int no_enosys;             /* --no-enosys: no ENOSYS rules for fallback syscalls */
	int container;             /* --container: argv is a runtime command to record in place */
	const char *backend;       /* --backend: "audit", "notify", NULL: choose */
	int args;                  /* --args: record argument values */
	const char *user;          /* --user USER[:GROUP] or NULL */
	char **argv;               /* the command, NULL-terminated, inside the input argv */
};


/* Options of `sclog check`. */
struct sclog_check_options {
	const char *policy;
	const char *output;        /* findings, "-" (default) for stdout */
	const char *report;
	enum sclog_format format;
	const char *backend;       /* --backend, as for run */
	double drain_timeout;
	int rcvbuf;
	int quiet;
	int container;             /* --container, as for run */
	int progress;              /* --progress: a status line on /dev/tty */
	const char *user;          /* --user USER[:GROUP] or NULL */
	char **argv;
};

/* Options of `sclog enforce`. */
struct sclog_enforce_options {
	const char *policy;
	const char *user;          /* --user USER[:GROUP] or NULL */
	char **argv;
};

/* Options of `sclog merge`. */
struct sclog_merge_options {
	char **inputs;             /* NULL-terminated */
	const char *output;        /* "-" (default) for stdout */
	struct sclog_action default_action;
	int has_default_action;
	const char *runtime;
	int no_enosys;             /* --no-enosys */
};

/* Options of `sclog diff`. */
struct sclog_diff_options {
	const char *a, *b;
	enum sclog_format format;  /* text or json */
};

/* Options of `sclog export`. */
struct sclog_export_options {
	const char *format;        /* oci (default), docker, spo, minijail, systemd, bpf */
	const char *input;
	const char *output;        /* "-" (default) for stdout */
	const char *runtime;
	const char *name;          /* metadata.name of an spo object */
	const char *arch;          /* --arch: translate the names to it */
};

enum { SCLOG_OPTIONS_HELP = 1 };

/*
 * Parse `run`'s arguments (@argv[0] is "run").  Options stop at "--" or at
 * the first non-option, which starts the command.  Returns 0,
 * SCLOG_OPTIONS_HELP when --help was given, or -EINVAL with @err set.
 */
int sclog_run_options_parse(int argc, char **argv, struct sclog_run_options *ret,
			    struct sclog_error *err);

/* The same for the other commands; each returns as sclog_run_options_parse(). */
int sclog_check_options_parse(int argc, char **argv, struct sclog_check_options *ret,
			      struct sclog_error *err);
int sclog_enforce_options_parse(int argc, char **argv, struct sclog_enforce_options *ret,
				struct sclog_error *err);
int sclog_merge_options_parse(int argc, char **argv, struct sclog_merge_options *ret,
			      struct sclog_error *err);
int sclog_diff_options_parse(int argc, char **argv, struct sclog_diff_options *ret,
			     struct sclog_error *err);
int sclog_export_options_parse(int argc, char **argv, struct sclog_export_options *ret,
			       struct sclog_error *err);

/*
 * What a verb does with a parser's non-zero result @rc: print @usage on
 * stdout for --help (exit 0), or the error and a hint on stderr (exit 125).
 * Returns the exit status.
 */
int sclog_options_finish(int rc, const struct sclog_error *err, const char *verb,
			 const char *usage);

/* The values of export's --format, and of check's (diff: the first two), NULL-terminated. */
extern const char *const sclog_export_formats[];
extern const char *const sclog_report_formats[];

/* Usage texts. */
extern const char sclog_run_usage[];
extern const char sclog_check_usage[];
extern const char sclog_enforce_usage[];
extern const char sclog_merge_usage[];
extern const char sclog_diff_usage[];
extern const char sclog_export_usage[];

#endif
