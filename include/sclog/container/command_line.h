/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_COMMAND_LINE_H
#define SCLOG_CONTAINER_COMMAND_LINE_H

#include <stddef.h>

#include "sclog/basic/error.h"

/*
 * Recording a container in place (`sclog run --container`), the pure part:
 * the runtime command line is understood (which runtime, where its bundle
 * or seccomp option is) and rewritten to use the copy (here), the recording
 * profile is built (recording_profile.h) and the bundle's config.json is
 * rewritten around it (bundle.h).  Nothing of these touches the file system
 * or starts anything: container_setup.h does.
 */

enum sclog_container_runtime {
	SCLOG_CONTAINER_PODMAN,
	SCLOG_CONTAINER_CRUN,
	SCLOG_CONTAINER_RUNC,
	SCLOG_CONTAINER_CTR, /* containerd's client (tables in cmdline_ctr.c) */
	SCLOG_CONTAINER_DOCKER,
};

#define SCLOG_CONTAINER_MAX_DROP 16

/* A runtime command line, understood.  Strings point into the argv parsed. */
struct sclog_container_cmd {
	enum sclog_container_runtime runtime;
	const char *name; /* "podman", "docker", "crun", "runc", "ctr" */
	size_t verb;	  /* argv index of "run" */
	int engine;	  /* podman, docker: IMAGE [CMD…]; the profile by --security-opt */
	/* The container is a daemon's child, not the command's (ctr, docker):
	 * only the runtime's seccomp listener reaches sclog. */
	int daemon;
	/* crun, runc */
	const char *bundle; /* -b/--bundle, "." when not given */
	const char *config; /* crun -f/--config, or NULL: config.json */
	const char *id;	    /* the container id */
	/* podman, docker, ctr */
	const char *oci_runtime; /* podman --runtime (ctr: --runc-binary), or NULL: the default */
	const char *seccomp;	 /* the last --security-opt seccomp=… (ctr: --seccomp-profile
				  * FILE) given, or NULL */
	int seccomp_flag;	 /* ctr: --seccomp given (containerd's default profile) */
	int no_new_privileges;	 /* --security-opt no-new-privileges given (ctr: set
				  * unless --allow-new-privs) */
	int privileged;		 /* --privileged given */
	int detach;		 /* docker -d/--detach given */
	/* --annotation values that would bypass the recording profile
	 * (sclog_container_annotation_bypasses()): left out */
	const char *annotations[SCLOG_CONTAINER_MAX_DROP];
	size_t n_annotations;
	/* argv indexes the rewritten command leaves out (options sclog replaces) */
	size_t drop[SCLOG_CONTAINER_MAX_DROP];
	size_t n_drop;
};

/*
 * Whether the OCI annotation @key (or "key=value") would replace or bypass
 * the recording profile: crun's run.oci.seccomp* family (seccomp_bpf_data
 * loads other BPF, seccomp.receiver and seccomp.plugins take the listener,
 * seccomp_fail_unknown_syscall judges the profile's names).  sclog leaves
 * them out of the recorded run and says so.
 */
int sclog_container_annotation_bypasses(const char *key);

/*
 * Understand the runtime command @argv (NULL-terminated): `podman [GLOBAL]
 * run [OPTIONS] IMAGE|--rootfs DIR [CMD…]`, `docker [GLOBAL] run [OPTIONS]
 * IMAGE [CMD…]`, `crun [GLOBAL] run [OPTIONS] ID`, `runc [GLOBAL] run
 * [OPTIONS] ID` or `ctr [GLOBAL] run [OPTIONS] IMAGE|ROOTFS ID [CMD…]`;
 * `podman|docker container run` too; the runtime is argv[0]'s base name.
 * Each runtime's options are read by its own flag convention
 * (command_line_syntax.h).  Returns 0 and fills @ret; -EOPNOTSUPP for other
 * runtimes or verbs, for what docker cannot record
 * (sclog_container_docker_parsed()), and for ctr's --detach (the container
 * would outlive the recording) and --config (ctr then ignores the seccomp
 * options); -EINVAL for a command line the runtime itself would reject;
 * @err says why and what to use instead.
 */
int sclog_container_parse(char *const argv[], struct sclog_container_cmd *ret,
			  struct sclog_error *err);

/*
 * The runtime whose own syscalls after its filter are measured in
 * runtimes.json under this name: "crun" or "runc" for `crun run`/`runc
 * run`, "podman" for podman (measured through podman with crun and with
 * runc), "runc" for ctr (containerd's shim runs `runc create` + `start`;
 * "crun" when --runc-binary names crun), "docker" for docker (which
 * runtimes.json says uses runc's).  The string is static.
 */
const char *sclog_container_runtime_name(const struct sclog_container_cmd *c);

/*
 * The command line that runs the same container with the recording profile:
 * @argv without @c's dropped options and, right after the verb, `--bundle
 * @path` (crun, runc: @path is the bundle copy), `--security-opt
 * seccomp=@path` (podman, docker: @path is the profile file) or `--seccomp
 * --seccomp-profile @path` (ctr).  Returns 0 and a
 * NULL-terminated array of copies the caller frees with sclog_strv_free(),
 * or -ENOMEM.
 */
int sclog_container_argv(char *const argv[], const struct sclog_container_cmd *c, const char *path,
			 char ***ret);

#endif
