/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_CONTAINER_H
#define SCLOG_CONTAINER_CONTAINER_H

#include <stddef.h>

#include "sclog/basic/error.h"
#include "sclog/policy/policy.h"
#include "sclog/basic/strv.h"

/*
 * Recording a container in place (`sclog run --container`): the pure part.
 * A runtime command line is understood (which runtime, where its bundle or
 * seccomp option is), the recording profile is built, the bundle's
 * config.json is rewritten around it, and the command line is rewritten to
 * use the copy.  Nothing here touches the file system or starts anything.
 */

enum sclog_container_runtime {
	SCLOG_CONTAINER_PODMAN,
	SCLOG_CONTAINER_CRUN,
	SCLOG_CONTAINER_RUNC,
};

#define SCLOG_CONTAINER_MAX_DROP 16

/* A runtime command line, understood.  Strings point into the argv parsed. */
struct sclog_container_cmd {
	enum sclog_container_runtime runtime;
	const char *name;          /* "podman", "crun", "runc" */
	size_t verb;               /* argv index of "run" */
	/* crun, runc */
	const char *bundle;        /* -b/--bundle, "." when not given */
	const char *config;        /* crun -f/--config, or NULL: config.json */
	const char *id;            /* the container id */
	/* podman */
	const char *oci_runtime;   /* --runtime, or NULL: podman's default */
	const char *seccomp;       /* the last --security-opt seccomp=… given, or NULL */
	int no_new_privileges;     /* --security-opt no-new-privileges given */
	int privileged;            /* --privileged given */
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
 * run [OPTIONS] IMAGE|--rootfs DIR [CMD…]`, `crun [GLOBAL] run [OPTIONS]
 * ID` or `runc [GLOBAL] run [OPTIONS] ID`; the runtime is argv[0]'s base
 * name.  Returns 0 and fills @ret; -EOPNOTSUPP for `docker` (its containers
 * are the daemon's children, not the command's) and for other runtimes or
 * verbs; -EINVAL for a command line the runtime itself would reject; @err
 * says why and what to use instead.
 */
int sclog_container_parse(char *const argv[], struct sclog_container_cmd *ret,
			  struct sclog_error *err);

/*
 * The runtime whose own syscalls after its filter are measured in
 * runtimes.json under this name: "crun" or "runc" for `crun run`/`runc
 * run`, "podman" for podman (measured through podman with crun and with
 * runc).  The string is static.
 */
const char *sclog_container_runtime_name(const struct sclog_container_cmd *c);

/*
 * The command line that runs the same container with the recording profile:
 * @argv without @c's dropped options and, right after the verb, `--bundle
 * @path` (crun, runc: @path is the bundle copy) or `--security-opt
 * seccomp=@path` (podman: @path is the profile file).  Returns 0 and a
 * NULL-terminated array of copies the caller frees with sclog_strv_free(),
 * or -ENOMEM.
 */
int sclog_container_argv(char *const argv[], const struct sclog_container_cmd *c,
			 const char *path, char ***ret);

/*
 * The recording profile handed to the runtime, as OCI JSON: default action
 * SCMP_ACT_LOG on the native architecture and its compat ones.  With
 * @known (check), what @known lets run (its ALLOW and LOG rules, with their
 * argument conditions, or its default) is allowed and everything it would
 * stop is logged, as sclog's own recording filter does.
 * Returns 0 and a string the caller frees in @ret_json, or -ENOMEM.
 */
int sclog_container_recording_profile(const struct sclog_policy *known, char **ret_json);

/* Syscall numbers tried per architecture when every name is listed. */
#define SCLOG_CONTAINER_MAX_NR 1024

/*
 * The recording profile for the notify collector (`--backend notify`): the
 * recording profile of @known (NULL for none; @policy is its name, for
 * errors) with every LOG turned into NOTIFY, and the runtime sending the
 * listener of its filter to the unix socket @socket
 * (linux.seccomp.listenerPath).  crun takes that form.  runc 1.1 refuses
 * NOTIFY as the default action and for write: every name libseccomp knows
 * and @known does not allow gets SCMP_ACT_NOTIFY, write is allowed (and
 * *@write_unseen set to 1 unless @known allows it: the caller must make
 * sure the runtime's own set holds it, or refuse), and the default is
 * ERRNO(ENOSYS), what a number without a name gets under any profile.
 * That form cannot keep @known's argument conditions on allowed calls, or
 * a deny-list's denied write: -EOPNOTSUPP and a message in @err.  podman's
 * runtime is not known here: it gets runc's form, which crun accepts too.
 * Returns 0 and a string the caller frees in @ret_json, or a negative errno.
 */
int sclog_container_listener_profile(enum sclog_container_runtime runtime, const char *socket,
				     const struct sclog_policy *known, const char *policy,
				     int *write_unseen, char **ret_json, struct sclog_error *err);

/* What sclog_container_config() found in the original configuration. */
struct sclog_container_config_info {
	int no_new_privileges;     /* process.noNewPrivileges */
	char *replaced;            /* description of a linux.seccomp replaced, or NULL */
	char *annotations;         /* the annotations removed, comma-separated, or NULL */
};

/*
 * Rewrite the OCI config.json text @buf (@len bytes, named @source in
 * errors) of the bundle at the absolute path @bundle: linux.seccomp becomes
 * @profile_json (OCI JSON), root.path and relative bind-mount sources are
 * made absolute against @bundle (the copy lives elsewhere), the annotations
 * that would bypass the profile (sclog_container_annotation_bypasses()) are
 * removed, and every other setting is kept as it is.  Returns 0, the new text in @ret_json and what
 * was found in @ret_info (both the caller frees: free() and
 * sclog_container_config_info_done()), or -EINVAL/-ENOMEM with @err set.
 */
int sclog_container_config(const char *buf, size_t len, const char *source, const char *bundle,
			   const char *profile_json, char **ret_json,
			   struct sclog_container_config_info *ret_info, struct sclog_error *err);

/* Free what @info holds. */
void sclog_container_config_info_done(struct sclog_container_config_info *info);

#endif
