/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_POLICY_PARSE_H
#define SCLOG_POLICY_POLICY_PARSE_H

#include <stddef.h>

#include "sclog/basic/error.h"
#include "sclog/policy/policy.h"

/*
 * Parse and strictly validate a policy: an OCI `linux.seccomp` object, a
 * whole OCI config.json (its linux.seccomp), or a Docker/moby profile
 * (archMap), read by sclog_json_read() (json_read.h: size, depth, UTF-8,
 * duplicate keys, number ranges).  Unknown keys, syscall names or architectures, wrong types,
 * an errno on a non-errno action, TRACE/NOTIFY actions and Docker's
 * includes/excludes are errors whose message names @source, the JSON path
 * and the reason (a syntax error names line and column).  Returns 0 and a
 * policy the caller frees, or -EINVAL/-ENOMEM with @err set.
 */
int sclog_policy_parse(const char *buf, size_t len, const char *source, struct sclog_policy **ret,
		       struct sclog_error *err);

#endif
