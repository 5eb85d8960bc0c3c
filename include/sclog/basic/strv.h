/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_STRV_H
#define SCLOG_BASIC_STRV_H

#include "sclog/basic/macro.h"

/* NULL-terminated arrays of strings the array owns. */

/* Free @v and its strings (NULL is fine). */
void sclog_strv_free(char **v);
SCLOG_DEFINE_CLEANUP(char **, sclog_strv_free)

/*
 * Append a formatted string to *@v (NULL is an empty array).  Returns 0 or
 * -ENOMEM (then *@v is unchanged).
 */
__attribute__((format(printf, 2, 3))) int sclog_strv_appendf(char ***v, const char *fmt, ...);

/* Whether @v (NULL is an empty array) holds a string equal to @s. */
int sclog_strv_contains(char *const *v, const char *s);

#endif
