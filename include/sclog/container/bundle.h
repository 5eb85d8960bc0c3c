/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_BUNDLE_H
#define SCLOG_CONTAINER_BUNDLE_H

#include <stddef.h>

#include "sclog/basic/error.h"

/* What sclog_container_config() found in the original configuration. */
struct sclog_container_config_info {
	int no_new_privileges; /* process.noNewPrivileges */
	char *replaced;	       /* description of a linux.seccomp replaced, or NULL */
	char *annotations;     /* the annotations removed, comma-separated, or NULL */
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
