/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_COMMAND_LINE_SYNTAX_H
#define SCLOG_CONTAINER_COMMAND_LINE_SYNTAX_H

/*
 * The option tables of runtime command lines, shared by command_line.c
 * (the parser, and the tables of podman, crun and runc) and the files that
 * hold another runtime's table (cmdline_docker.c, cmdline_ctr.c).  Internal
 * to container/: nothing outside it includes this header.
 */

/* What sclog needs to know of an option; every other one is passed on. */
enum role {
	ROLE_NONE,
	ROLE_BUNDLE,
	ROLE_CONFIG,
	ROLE_RUNTIME,
	ROLE_SECURITY_OPT,
	ROLE_PRIVILEGED,
	ROLE_ANNOTATION,
	ROLE_DETACH,
	ROLE_SECCOMP_FLAG,    /* ctr --seccomp: containerd's default profile */
	ROLE_SECCOMP_PROFILE, /* ctr --seccomp-profile FILE */
	ROLE_WHOLE_SPEC,      /* ctr --config FILE: the seccomp options are ignored */
	ROLE_NEW_PRIVS,	      /* ctr --allow-new-privs */
};

struct option_spec {
	const char *name; /* long name, without dashes */
	char short_name;  /* or 0 */
	int value;	  /* takes a value */
	enum role role;
};

/* How a runtime's command line spells its options. */
enum flag_convention {
	/* getopt_long, pflag (crun, podman, docker): "--name", "--name=V",
	 * "-n", short options in a cluster ("-it", "-bDIR") */
	FLAGS_GNU,
	/* urfave/cli 1 over Go's flag package (runc): one dash or two
	 * ("-bundle", "--bundle", "-b"), a value as "-name=V" or the next
	 * word, no clusters; a boolean never takes the next word.  The
	 * command's options are moved before its arguments, so they may
	 * follow the container id. */
	FLAGS_GO,
	/* The same, but the options end at the first word that is not one
	 * (ctr's run sets urfave/cli's SkipArgReorder): "IMAGE ID" and the
	 * container's command follow. */
	FLAGS_GO_IN_ORDER,
};

/* The syntax of a runtime's command line. */
struct syntax {
	const struct option_spec *global, *run;
	int unknown_has_value; /* podman, docker, ctr: see command_line.c */
	enum flag_convention flags;
};

/* docker's global options and those of `docker run` (cmdline_docker.c). */
extern const struct option_spec sclog_docker_global[];
extern const struct option_spec sclog_docker_run[];
/* ctr's global options and those of `ctr run` (cmdline_ctr.c). */
extern const struct option_spec sclog_ctr_global[];
extern const struct option_spec sclog_ctr_run[];

#endif
