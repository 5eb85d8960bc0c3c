/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_JSON_READ_H
#define SCLOG_BASIC_JSON_READ_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/error.h"

/*
 * The one reader of untrusted JSON: policies, OCI config.json, the data
 * files.  Its limits are those below and nowhere else.
 */
#define SCLOG_JSON_MAX_BYTES (16 * 1024 * 1024)
#define SCLOG_JSON_MAX_DEPTH 32

/* Where a document came from and where its first error goes. */
struct sclog_json_ctx {
	const char *source; /* a file name or a description, for messages */
	struct sclog_error *err;
};

/*
 * Parse exactly @len bytes of @buf (need not be NUL-terminated) as one JSON
 * value.  Refused, with a message in @err naming @source and the line and
 * column or the JSON path:
 *   - more than SCLOG_JSON_MAX_BYTES bytes (-EFBIG);
 *   - NUL bytes, bytes that are not UTF-8, raw control characters in
 *     strings, \u0000 and unpaired surrogate escapes;
 *   - a syntax error, or anything but white space after the value;
 *   - nesting deeper than SCLOG_JSON_MAX_DEPTH;
 *   - a key given twice in one object (json-c would keep the last);
 *   - integers outside -2^63..2^64-1, NaN, Infinity, doubles that overflow.
 * Returns 0 and the tree in @ret (the caller puts it), or -errno.
 */
int sclog_json_read(const char *buf, size_t len, const char *source, json_object **ret,
		    struct sclog_error *err);

/*
 * Typed access for the readers of documents.  Each failure records
 * "SOURCE: PATH: reason" in @c->err and returns -EINVAL; @path is the JSON
 * path of @o ("$.syscalls[0].names").
 */
int sclog_json_bad(const struct sclog_json_ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "object", "array", "string", "int", …, or "null" for a NULL @o. */
const char *sclog_json_type_name(json_object *o);

/* 0 when @o is of type @type, else "expected an array, found string". */
int sclog_json_expect(const struct sclog_json_ctx *c, json_object *o, const char *path,
		      enum json_type type);

/* The string @o (it lives as long as @o) in @ret. */
int sclog_json_string(const struct sclog_json_ctx *c, json_object *o, const char *path,
		      const char **ret);

/* The integer @o, which must lie in @min..@max, in @ret. */
int sclog_json_int(const struct sclog_json_ctx *c, json_object *o, const char *path, int64_t min,
		   int64_t max, int64_t *ret);

/* The integer @o, which must lie in 0..@max (up to 2^64-1), in @ret. */
int sclog_json_uint(const struct sclog_json_ctx *c, json_object *o, const char *path, uint64_t max,
		    uint64_t *ret);

/* 0 when every key of the object @o is in @allowed (NULL-terminated). */
int sclog_json_check_keys(const struct sclog_json_ctx *c, json_object *o, const char *path,
			  const char *const *allowed);

#endif
