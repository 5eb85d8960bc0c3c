/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_FALLBACKS_H
#define SCLOG_POLICY_FALLBACKS_H

#include <stddef.h>

#include "sclog/basic/error.h"

/*
 * The syscalls a C library tries first and falls back from only on ENOSYS,
 * kept with their evidence in policies/fallbacks.json:
 *   { "syscalls": [ { "name": N, "fallback": …, "glibc": …, "musl": …,
 *                     "measured": … }, … ] }
 * Parse the data file's text @buf (@len bytes, named @source in errors):
 * returns 0 and the names (NULL-terminated, in file order; the caller frees
 * them with sclog_strv_free()) in @ret_names, or -EINVAL/-ENOMEM with @err
 * set.  Every entry needs a "name" and a "fallback"; names the running
 * libseccomp does not know are left out of @ret_names.
 */
int sclog_fallbacks_parse(const char *buf, size_t len, const char *source, char ***ret_names,
			  struct sclog_error *err);

#endif
