/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_FILES_H
#define SCLOG_FILES_H

#include <stddef.h>
#include <sys/types.h>

#include "sclog/args.h"
#include "sclog/error.h"
#include "sclog/policy.h"
#include "sclog/runtimes.h"

/* Read at most @max bytes of @path ("-": stdin) into a NUL-terminated buffer. */
int sclog_read_file(const char *path, size_t max, char **ret_buf, size_t *ret_len,
		    struct sclog_error *err);

/*
 * Read at most @size - 1 bytes of the small file @path (a /proc entry) into
 * @buf, NUL-terminated.  Async-signal-safe.  Returns the length, -EIO for
 * an empty file, or -errno.
 */
ssize_t sclog_read_small(const char *path, char *buf, size_t size);

/*
 * Write @len bytes of @data to @path ("-": stdout) whole or not at all (a
 * temporary file renamed into place).  Returns 0 or -errno with @err set.
 */
int sclog_write_file(const char *path, const char *data, size_t len, struct sclog_error *err);

/* Read and strictly validate the policy in @path. */
int sclog_load_policy(const char *path, struct sclog_policy **ret, struct sclog_error *err);

/*
 * Find the data file @name ("runtimes.json", …) of sclog: in $SCLOG_DATADIR
 * when that has it, else in the data directory of the install tree the
 * running binary belongs to (../share/sclog from the binary's directory, for
 * any --prefix), else in policies/ of the source tree sclog was built from
 * (a binary run from its build directory).  Returns 0 and a malloc'd path
 * the caller frees in @ret_path, or -ENOENT with @err naming where it looked.
 */
int sclog_data_path(const char *name, char **ret_path, struct sclog_error *err);

/* Look up @runtime in the data file runtimes.json (see sclog_data_path()). */
int sclog_load_runtime(const char *runtime, struct sclog_runtime_needs *ret,
		       struct sclog_error *err);

/*
 * The names of the data file fallbacks.json (see sclog_data_path() and
 * sclog_fallbacks_parse()).
 */
int sclog_load_fallbacks(char ***ret_names, struct sclog_error *err);

/*
 * Read args.json (the argument positions --args records) from the data
 * directory, resolved for the native architecture and its compat ones.
 * Returns 0 and a spec the caller frees with sclog_args_spec_free().
 */
int sclog_load_args(struct sclog_args_spec **ret, struct sclog_error *err);

#endif
