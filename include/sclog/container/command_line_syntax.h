/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_COMMAND_LINE_SYNTAX_H
#define SCLOG_CONTAINER_COMMAND_LINE_SYNTAX_H

/*
 * The option tables of runtime command lines, shared by command_line.c
 * (the parser, and the tables of podman, crun and runc) and the files that
 * hold another runtime's table (cmdline_docker.c).  Internal to
 * container/: nothing outside it includes this header.
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
};

struct option_spec {
	const char *name; /* long name, without dashes */
	char short_name;  /* or 0 */
	int value;	  /* takes a value */
	enum role role;
};

/* The syntax of a runtime's command line. */
struct syntax {
	const struct option_spec *global, *run;
	int unknown_has_value; /* podman, docker: see command_line.c */
	int go_flags;	       /* runc: "-bundle" is a long option (Go's flag package) */
};

/* docker's global options and those of `docker run` (cmdline_docker.c). */
extern const struct option_spec sclog_docker_global[];
extern const struct option_spec sclog_docker_run[];

#endif
