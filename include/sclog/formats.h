/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_FORMATS_H
#define SCLOG_FORMATS_H

#include <stddef.h>

#include "sclog/error.h"
#include "sclog/policy.h"

enum sclog_format { SCLOG_FORMAT_TEXT, SCLOG_FORMAT_JSON, SCLOG_FORMAT_GITHUB };

/*
 * The findings of `sclog check`: one per syscall of @p (the syscalls the
 * policy named @policy did not allow), as text, JSON (with @complete) or
 * GitHub ::error:: annotations.  Returns the number of violations and a
 * text the caller frees in @ret, or -ENOMEM.
 */
int sclog_check_findings(const struct sclog_profile *p, const char *policy,
			 enum sclog_format format, int complete, char **ret);

/*
 * Exports of a policy to the formats of other tools.  Each returns 0 and a
 * text the caller frees in @ret, or a negative errno with @err set when the
 * format cannot express the policy at all.  @ret_lossy counts rules whose
 * argument conditions the format cannot express and which were therefore
 * exported as unconditional (more permissive): the caller must say so.
 */

/* A Kubernetes security-profiles-operator SeccompProfile object (YAML). */
int sclog_export_spo(const struct sclog_policy *p, const char *name, char **ret,
		     size_t *ret_lossy, struct sclog_error *err);

/* A minijail .policy file for the native architecture. */
int sclog_export_minijail(const struct sclog_policy *p, char **ret, size_t *ret_lossy,
			  struct sclog_error *err);

/* systemd unit settings: SystemCallFilter=, SystemCallArchitectures=, … */
int sclog_export_systemd(const struct sclog_policy *p, char **ret, size_t *ret_lossy,
			 struct sclog_error *err);

#endif
