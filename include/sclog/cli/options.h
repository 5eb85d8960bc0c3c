/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CLI_OPTIONS_H
#define SCLOG_CLI_OPTIONS_H

#include <stdio.h>

#include "sclog/basic/action.h"
#include "sclog/basic/error.h"
#include "sclog/policy/findings.h"
#include "sclog/run/phase.h"

#define SCLOG_DEFAULT_OUTPUT "seccomp.json"

/*
 * One option of a verb, the one place it is written: getopt's arrays,
 * `sclog VERB --help`, `sclog __complete options VERB` and the man page's
 * OPTIONS are made from it.
 */
struct sclog_option {
	const char *name; /* long name, without "--"; NULL ends a group */
	char letter;	  /* short name, 0: none */
	const char *arg;  /* its argument as the help names it ("FILE"), NULL: none */
	const char *help; /* one paragraph: --help wraps it, the man page fills it */
	int id;		  /* what the verb's apply() is given */
};

/* The option ids, one enum so that groups can be shared between verbs. */
enum sclog_option_id {
	SCLOG_OPT_HELP = 1,
	SCLOG_OPT_OUTPUT,
	SCLOG_OPT_REPORT,
	SCLOG_OPT_DRAIN_TIMEOUT,
	SCLOG_OPT_RCVBUF,
	SCLOG_OPT_CONTAINER,
	SCLOG_OPT_PROGRESS,
	SCLOG_OPT_BACKEND,
	SCLOG_OPT_USER,
	SCLOG_OPT_QUIET,
	SCLOG_OPT_DEFAULT_ACTION,
	SCLOG_OPT_BASE,
	SCLOG_OPT_FOR,
	SCLOG_OPT_NO_ENOSYS,
	SCLOG_OPT_ARGS,
	SCLOG_OPT_POLICY,
	SCLOG_OPT_FORMAT,
	SCLOG_OPT_NAME,
	SCLOG_OPT_ARCH,
	SCLOG_OPT_PHASE_AT,
	SCLOG_OPT_SERVING_OUTPUT,
	SCLOG_OPT_SERVING,
	SCLOG_OPT_SOCKET,
	SCLOG_OPT_DIR,
	SCLOG_OPT_PROFILE,
};

/*
 * A verb's command line: the help text around its options, its groups of
 * options (a group two verbs share is one array both name), and how an
 * option is applied to the verb's options structure.
 */
struct sclog_cli {
	const char *verb;
	const char *usage;		      /* "Usage: …" and the prose before the options */
	const char *tail;		      /* the prose after them, or NULL */
	const struct sclog_option *groups[4]; /* NULL-terminated */
	int in_order; /* options end at the first operand, which starts a command */
	/* Apply option @id, with its argument @arg (NULL: none), to @opts.
	 * Returns 0, or -EINVAL with @err set. */
	int (*apply)(void *opts, int id, const char *arg, struct sclog_error *err);
};

/* Every verb's command line, NULL-terminated; and the lookup by verb name. */
extern const struct sclog_cli *const sclog_clis[];
const struct sclog_cli *sclog_cli_find(const char *verb);

/* @cli's option named @name ("--output" or "-o"), or NULL. */
const struct sclog_option *sclog_options_find(const struct sclog_cli *cli, const char *name);

/* -h, --help: the last group of every verb. */
extern const struct sclog_option sclog_options_help[];

enum { SCLOG_OPTIONS_HELP = 1 };

/*
 * Parse the options of @argv (@argv[0] is the verb) by @cli's table into
 * @opts.  Returns 0 and the index of the first operand in @ret_first,
 * SCLOG_OPTIONS_HELP when --help was given, or -EINVAL with @err set.
 */
int sclog_options_parse(const struct sclog_cli *cli, int argc, char **argv, void *opts,
			int *ret_first, struct sclog_error *err);

/* `sclog VERB --help`: the usage text with the options of @cli's table. */
void sclog_options_print_help(const struct sclog_cli *cli, FILE *f);

/* For the completions: each name of each option, with its argument, one a line. */
void sclog_options_print_names(const struct sclog_cli *cli, FILE *f);

/*
 * The man page's OPTIONS (roff): each group once, under a heading naming
 * the verbs that take it; the group every verb takes comes last.
 */
void sclog_options_print_man(FILE *f);

/*
 * What a verb does with a parser's non-zero result @rc: print the help on
 * stdout for --help (exit 0), or the error and a hint on stderr (exit 125).
 * Returns the exit status.
 */
int sclog_options_finish(int rc, const struct sclog_error *err, const struct sclog_cli *cli);

/* Parsers of values that several verbs take, each with its one message. */
int sclog_options_parse_action(const char *s, struct sclog_action *ret, struct sclog_error *err);
int sclog_options_parse_format(const char *s, int allow_github, enum sclog_format *ret,
			       struct sclog_error *err);

/* The values of export's --format, and of check's (diff: the first two), NULL-terminated. */
extern const char *const sclog_export_formats[];
extern const char *const sclog_report_formats[];

/*
 * What run and check share: the options of a recording (one group,
 * sclog_options_recording, applied by sclog_options_apply_recording()).
 */
struct sclog_recording_options {
	const char *output;   /* policy (run) or findings (check) file, "-" for stdout */
	const char *report;   /* report file or NULL */
	double drain_timeout; /* seconds to wait for the end-of-run marker */
	int rcvbuf;	      /* audit socket receive buffer, 0: default */
	int quiet;
	int progress;	     /* --progress: a status line on /dev/tty */
	int container;	     /* --container: argv is a runtime command to record in place */
	const char *backend; /* --backend: "audit", "notify", NULL: choose */
	const char *user;    /* --user USER[:GROUP] or NULL */
	char **argv;	     /* the command, NULL-terminated, inside the input argv */
	const struct sclog_phase *phase; /* run --phase-at, or NULL */
};

extern const struct sclog_option sclog_options_recording[];

/* Apply a recording option (and -o, --output) to @o, as a verb's apply() does. */
int sclog_options_apply_recording(struct sclog_recording_options *o, int id, const char *arg,
				  struct sclog_error *err);

/* What a recording's options may not combine: returns 0, or -EINVAL with @err set. */
int sclog_options_check_recording(const struct sclog_recording_options *o, struct sclog_error *err);

/*
 * The operands of @argv from @first are a command (run, check, enforce):
 * point @ret_argv at it.  Returns 0, or -EINVAL with @err set when there is
 * none.
 */
int sclog_options_command(const struct sclog_cli *cli, int argc, char **argv, int first,
			  char ***ret_argv, struct sclog_error *err);

/* Options of `sclog run`. */
struct sclog_run_options {
	struct sclog_recording_options rec;
	struct sclog_action default_action;
	int has_default_action;	    /* given on the command line */
	const char *base;	    /* --base: policy whose syscalls are already known */
	const char *runtime;	    /* --for: container runtime whose needs are added */
	int no_enosys;		    /* --no-enosys: no ENOSYS rules for fallback syscalls */
	int args;		    /* --args: record argument values */
	struct sclog_phase phase;   /* --phase-at, kind NONE without */
	const char *serving_output; /* --serving-output: the serving phase's policy */
};

/* Options of `sclog check`. */
struct sclog_check_options {
	struct sclog_recording_options rec;
	const char *policy;
	enum sclog_format format;
};

/* Options of `sclog enforce`. */
struct sclog_enforce_options {
	const char *policy;
	const char *user; /* --user USER[:GROUP] or NULL */
	/* Phased enforcement (both given, or neither): */
	const char *serving;		    /* --serving: the serving phase's policy */
	const char *phase_at;		    /* --phase-at: the boundary */
	const char *report;		    /* --report FILE, or NULL */
	struct sclog_action default_action; /* how a start-up call is denied */
	int has_default_action;
	int container; /* --container: COMMAND is a runtime command (with --serving) */
	char **argv;
};

/* Options of `sclog merge`. */
struct sclog_merge_options {
	char **inputs;	    /* NULL-terminated */
	const char *output; /* "-" (default) for stdout */
	struct sclog_action default_action;
	int has_default_action;
	const char *runtime;
	int no_enosys; /* --no-enosys */
};

/* Options of `sclog diff`. */
struct sclog_diff_options {
	const char *a, *b;
	enum sclog_format format; /* text or json */
};

/* Options of `sclog export`. */
struct sclog_export_options {
	const char *format; /* oci (default), docker, spo, minijail, systemd, bpf */
	const char *input;
	const char *output; /* "-" (default) for stdout */
	const char *runtime;
	const char *name; /* metadata.name of an spo object */
	const char *arch; /* --arch: translate the names to it */
};

/*
 * Parse `run`'s arguments (@argv[0] is "run").  Options stop at "--" or at
 * the first non-option, which starts the command.  Returns 0,
 * SCLOG_OPTIONS_HELP when --help was given, or -EINVAL with @err set;
 * @ret is written on 0 and SCLOG_OPTIONS_HELP only.
 */
int sclog_run_options_parse(int argc, char **argv, struct sclog_run_options *ret,
			    struct sclog_error *err);

/* The same for the other verbs; each returns as sclog_run_options_parse(). */
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

/* The verbs' command lines. */
extern const struct sclog_cli sclog_run_cli, sclog_check_cli, sclog_enforce_cli, sclog_merge_cli,
	sclog_diff_cli, sclog_export_cli, sclog_doctor_cli, sclog_listen_cli;

#endif
