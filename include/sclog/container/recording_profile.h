/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_RECORDING_PROFILE_H
#define SCLOG_CONTAINER_RECORDING_PROFILE_H

#include "sclog/basic/error.h"
#include "sclog/container/command_line.h"
#include "sclog/policy/policy.h"

/*
 * The recording profile handed to the runtime, as OCI JSON: default action
 * SCMP_ACT_LOG on the native architecture and its compat ones.  With
 * @known (check), what @known lets run (its ALLOW and LOG rules, with their
 * argument conditions, or its default) is allowed and everything it would
 * stop is logged, as sclog's own recording filter does.
 * Returns 0 and a string the caller frees in @ret_json, or -ENOMEM.
 */
int sclog_container_recording_profile(const struct sclog_policy *known, char **ret_json);

/*
 * What runc's form of the listener profile allows without notifying:
 * write (runc refuses NOTIFY for it) and the calls runc init's Go runtime
 * makes between loading the filter and the hand-over of its listener
 * (rt_sigreturn, futex), which would wait for that listener for ever.
 * NULL-terminated.
 */
extern const char *const sclog_container_runc_unseen[];

/*
 * The recording profile for the bpf collector (`--backend bpf`): default
 * action SCMP_ACT_ALLOW on the native architecture and its compat ones.
 * It changes no call; it marks where the container starts, since the
 * collector counts only the calls of tasks under a filter the runtime
 * loaded (its set-up before the filter stays out, as with the LOG form).
 * The collector leaves out what a known policy allows when it reads its
 * counters, so @known does not shape this profile.
 * Returns 0 and a string the caller frees in @ret_json, or -ENOMEM.
 */
int sclog_container_allow_profile(char **ret_json);

/*
 * The bpf collector's profile for a container a daemon starts (docker,
 * ctr): the allow form, with execve and execveat notified and the listener
 * sent to the unix socket @socket (linux.seccomp.listenerPath).  The
 * daemon's runtime is no descendant of sclog's command, so the program
 * cannot follow it there; the notification of the container's execve
 * names its process, the kernel's word, and holds it until sclog tracks it
 * (collect/bpf/collector.c).  runc and crun take this form: NOTIFY on a
 * name other than write, with an allowing default.
 * Returns 0 and a string the caller frees in @ret_json, or -ENOMEM.
 */
int sclog_container_exec_profile(const char *socket, char **ret_json);

/*
 * Add SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV to the flags of the profile
 * *@json (replaced by the new text): a runtime that takes it (crun) loads
 * the filter so that only a fatal signal ends a call's wait once sclog
 * has received it.  Returns 0, or -ENOMEM (*@json unchanged).
 */
int sclog_container_profile_killable(char **json);

/* Which recording profile the runtime gets: the collector decides. */
enum sclog_container_form {
	SCLOG_CONTAINER_FORM_LOG,      /* audit: sclog_container_recording_profile() */
	SCLOG_CONTAINER_FORM_LISTENER, /* notify: sclog_container_listener_profile() */
	SCLOG_CONTAINER_FORM_ALLOW,    /* bpf: sclog_container_allow_profile(), or
					* sclog_container_exec_profile() for a daemon */
};

/* Syscall numbers tried per architecture when every name is listed. */
#define SCLOG_CONTAINER_MAX_NR 1024

/*
 * The recording profile for the notify collector (`--backend notify`): the
 * recording profile of @known (NULL for none; @policy is its name, for
 * errors) with every LOG turned into NOTIFY, and the runtime sending the
 * listener of its filter to the unix socket @socket
 * (linux.seccomp.listenerPath).  crun takes that form.  runc 1.1 refuses
 * NOTIFY as the default action and for write: every name libseccomp knows
 * and @known does not allow gets SCMP_ACT_NOTIFY, the names of
 * sclog_container_runc_unseen are allowed (and *@calls_unseen set to 1
 * unless @known allows them all: the caller must make sure the runtime's
 * own set holds them, or refuse), and the default is ERRNO(ENOSYS), what a
 * number without a name gets under any profile.  That form cannot keep
 * @known's argument conditions on allowed calls, or a deny-list's denial
 * of one of those names: -EOPNOTSUPP and a message in @err.  podman's and
 * containerd's runtime is not known here: they get runc's form, which crun
 * accepts too.
 * Returns 0 and a string the caller frees in @ret_json, or a negative errno.
 */
int sclog_container_listener_profile(enum sclog_container_runtime runtime, const char *socket,
				     const struct sclog_policy *known, const char *policy,
				     int *calls_unseen, char **ret_json, struct sclog_error *err);

#endif
