/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_FINDINGS_H
#define SCLOG_POLICY_FINDINGS_H

#include "sclog/policy/policy.h"
#include "sclog/records/profile.h"

enum sclog_format { SCLOG_FORMAT_TEXT, SCLOG_FORMAT_JSON, SCLOG_FORMAT_GITHUB };

/*
 * The findings of `sclog check`: one per syscall of @p (the syscalls the
 * policy @pol, named @policy, did not allow), and one per
 * call @pol implies but does not allow (policy/implied.h; whether or not
 * the run met a signal, and never twice), as text, JSON (with @complete)
 * or GitHub ::error:: annotations.  Returns the number of violations and
 * a text the caller frees in @ret, or -ENOMEM.
 */
int sclog_check_findings(const struct sclog_profile *p, const struct sclog_policy *pol,
			 const char *policy, enum sclog_format format, int complete, char **ret);

#endif
