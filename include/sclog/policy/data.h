/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_DATA_H
#define SCLOG_POLICY_DATA_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "sclog/basic/error.h"
#include "sclog/basic/fileio.h"
#include "sclog/policy/args.h"
#include "sclog/policy/policy.h"
#include "sclog/policy/runtimes.h"
#include "sclog/policy/translate.h"

/* sclog_write_file() of the text @write writes of @p, not held whole. */
int sclog_write_policy(const char *path, int (*write)(FILE *, const struct sclog_policy *),
		       const struct sclog_policy *p, struct sclog_error *err);

/* Read and strictly validate the policy in @path. */
int sclog_load_policy(const char *path, struct sclog_policy **ret, struct sclog_error *err);

/*
 * Read sclog's data table @name ("runtimes.json", "fallbacks.json",
 * "args.json", "arch-translate.json"): from $SCLOG_DATADIR when it has the
 * file, else from the data directory of the install tree the running binary
 * belongs to
 * (../share/sclog from the binary's directory, for any --prefix), else,
 * for a binary run from its build directory, from policies/ of its source
 * tree, else the copy compiled into the binary.  A directory or file there
 * that a user other than root, the caller or the binary's owner could
 * change is refused (-EPERM, @err says why and what to do): it would choose
 * what the policies allow.  Returns 0 with the NUL-terminated text in
 * @ret_text and its length in @ret_len, and in @ret_source its name for
 * messages (the path read, or "… (compiled into sclog)"), both for the caller
 * to free; where it came from is kept for sclog_data_sources().
 */
int sclog_data_load(const char *name, char **ret_text, size_t *ret_len, char **ret_source,
		    struct sclog_error *err);

/*
 * Where each table read so far came from, for the report: name, then the
 * path read or "embedded", repeated, then NULL.  Owned by this module.
 */
const char *const *sclog_data_sources(void);

/*
 * The tables compiled into sclog (generated from the JSON files of
 * policies/ by cmake/embed-data.cmake), up to a zeroed entry.
 */
struct sclog_embedded_table {
	const char *name;
	const char *text; /* NUL-terminated */
	size_t len;
};
extern const struct sclog_embedded_table sclog_embedded_tables[];

/* Look up @runtime in the data table runtimes.json (see sclog_data_load()). */
int sclog_load_runtime(const char *runtime, struct sclog_runtime_needs *ret,
		       struct sclog_error *err);

/*
 * The names of the data table fallbacks.json (see sclog_data_load() and
 * sclog_fallbacks_parse()).
 */
int sclog_load_fallbacks(char ***ret_names, struct sclog_error *err);

/*
 * Read args.json (the argument positions --args records; see
 * sclog_data_load()), resolved for the native architecture and its compat ones.
 * Returns 0 and a spec the caller frees with sclog_args_spec_free().
 */
int sclog_load_args(struct sclog_args_spec **ret, struct sclog_error *err);

/*
 * Read arch-translate.json (see sclog_data_load() and
 * sclog_translate_parse()).  Returns 0 and a table the caller frees with
 * sclog_translate_table_free().
 */
int sclog_load_translation(struct sclog_translate_table **ret, struct sclog_error *err);

#endif
