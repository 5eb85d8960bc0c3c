/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_EXPORT_EXPORT_H
#define SCLOG_POLICY_EXPORT_EXPORT_H

#include <stdio.h>

#include <stddef.h>

#include "sclog/basic/error.h"
#include "sclog/policy/policy.h"

/*
 * Writers of a policy in the formats of other tools.  Each reads the policy
 * model only.
 */

/*
 * @p as OCI JSON (`linux.seccomp`), normalised: argument-less rules with
 * the same action merged, names sorted and unique, architectures sorted;
 * rules with conditions kept in order.  Returns 0 and a string the caller
 * frees, or -ENOMEM.
 */
int sclog_export_oci(const struct sclog_policy *p, char **ret_json);

/*
 * @p as a Docker (moby) profile: like OCI but with "archMap" grouping each
 * native architecture with its compat ones.  In a policy of several
 * families (x86_64 and aarch64), a name libseccomp knows on some families
 * only is scoped to them with "includes": {"arches": […]}.
 */
int sclog_export_docker(const struct sclog_policy *p, char **ret_json);

/* The same texts written to @f (a 150 MB output need not be held whole). */
int sclog_export_oci_write(FILE *f, const struct sclog_policy *p);
int sclog_export_docker_write(FILE *f, const struct sclog_policy *p);

/*
 * The exports below return 0 and a text the caller frees in @ret, or a
 * negative errno with @err set when the format cannot express the policy at
 * all.  They never write what the format would not accept.  @ret_notes
 * gets one line per rule or name the format cannot express exactly, saying
 * what was written instead (NULL-terminated, NULL when none; the caller
 * frees it with sclog_strv_free() and must show it).
 */

/* A Kubernetes security-profiles-operator SeccompProfile object (YAML). */
int sclog_export_spo(const struct sclog_policy *p, const char *name, char **ret, char ***ret_notes,
		     struct sclog_error *err);

/* A minijail .policy file for the native architecture. */
int sclog_export_minijail(const struct sclog_policy *p, char **ret, char ***ret_notes,
			  struct sclog_error *err);

/* systemd unit settings: SystemCallFilter=, SystemCallArchitectures=, … */
int sclog_export_systemd(const struct sclog_policy *p, char **ret, char ***ret_notes,
			 struct sclog_error *err);

#endif
