/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_CONTAINER_SETUP_H
#define SCLOG_CONTAINER_CONTAINER_SETUP_H

#include "sclog/basic/error.h"
#include "sclog/container/bundle.h"
#include "sclog/container/command_line.h"
#include "sclog/container/phased_profile.h"
#include "sclog/container/recording_profile.h"
#include "sclog/policy/policy.h"
#include "sclog/run/report.h"

/*
 * The files of one recorded container run: a private temporary directory
 * holding the recording profile (podman) or a copy of the bundle's
 * config.json around it (crun, runc), and the command line that uses them.
 * The user's bundle is only read.
 */
struct sclog_container_run {
	struct sclog_container_cmd cmd;
	char *dir;	       /* the temporary directory */
	char **argv;	       /* the runtime command to start, NULL-terminated */
	char *replaced;	       /* the seccomp setting the recording replaces, or NULL */
	char *annotations;     /* what was left out as it would bypass the recording
				* profile (sclog_container_annotation_bypasses()), or NULL */
	int no_new_privileges; /* 1, 0, or -1 when the engine decides (podman) */
	char *path;	       /* what is recorded, e.g. "crun run", for reports */
	/* --backend notify: the socket the runtime sends its listener to */
	int socket;	  /* listening, or -1 */
	char *listener;	  /* how the listener reaches sclog, for reports, or NULL */
	int phased;	  /* the profile is phased enforcement's */
	int killable;	  /* the profile asks for SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV */
	int calls_unseen; /* the listener profile allows calls unseen (runc's form:
			   * sclog_container_runc_unseen) */
};

/*
 * Understand the runtime command @argv and write the recording profile
 * (with what @known allows allowed, for check and --base; or NULL; @policy
 * names it in errors) where the runtime will take it, in the collector's
 * @form.  With SCLOG_CONTAINER_FORM_LISTENER (the notify collector), the
 * profile notifies instead of logging and names a socket in the private
 * directory (@ret->socket, listening) as linux.seccomp.listenerPath (see
 * sclog_container_listener_profile()); with SCLOG_CONTAINER_FORM_ALLOW
 * (the bpf collector) it allows everything (sclog_container_allow_profile());
 * for a daemon's container (docker, ctr) it notifies execve and execveat
 * and names the socket too (sclog_container_exec_profile()).  docker and
 * ctr need one of those two forms (-EOPNOTSUPP with the audit one), and
 * docker a daemon that passes listenerPath on: its version is asked first
 * (docker_daemon.h).
 * Returns 0 and fills @ret, to be released with sclog_container_run_done();
 * or a negative errno with @err set and nothing left behind.
 */
int sclog_container_setup(char *const argv[], const struct sclog_policy *known, const char *policy,
			  enum sclog_container_form form, struct sclog_container_run *ret,
			  struct sclog_error *err);

/*
 * As sclog_container_setup() with the listener's form, for phased
 * enforcement (`enforce --container --serving`): the runtime gets
 * sclog_container_phased_profile() of @phased instead of a recording
 * profile.
 */
int sclog_container_setup_phased(char *const argv[], const struct sclog_container_phased *phased,
				 struct sclog_container_run *ret, struct sclog_error *err);

/* Warn on stderr of what @r replaces or leaves out of the run. */
void sclog_container_run_warn(const struct sclog_container_run *r);

/* What the report says of @r (nothing when @r was not set up). */
void sclog_container_run_info(const struct sclog_container_run *r, struct sclog_run_info *info);

/* Remove the temporary files and free @r (zeroed or set up). */
void sclog_container_run_done(struct sclog_container_run *r);

#endif
