/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_POLICY_TRANSLATE_H
#define SCLOG_POLICY_TRANSLATE_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/error.h"
#include "sclog/policy/policy.h"

/*
 * Translation of a policy's syscall names to another architecture
 * (`sclog export --arch`), from the data table policies/arch-translate.json:
 *   { "from": "SCMP_ARCH_X86_64", "to": "SCMP_ARCH_AARCH64",
 *     "map": { NAME: [ NAME… ], … }, "drop": { NAME: "why", … } }
 * A name libseccomp knows on "to" stays; a mapped one becomes its targets;
 * a dropped one goes, with the reason.
 */
struct sclog_translate_table;

/*
 * Parse the table's text @buf (@len bytes, named @source in errors).
 * Every target of "map" must be a name libseccomp knows on "to".  Returns
 * 0 and a table the caller frees with sclog_translate_table_free(), or
 * -EINVAL/-ENOMEM with @err set.
 */
int sclog_translate_parse(const char *buf, size_t len, const char *source,
			  struct sclog_translate_table **ret, struct sclog_error *err);

/* Free @t (NULL is fine); returns NULL. */
struct sclog_translate_table *sclog_translate_table_free(struct sclog_translate_table *t);

/* The architecture @t translates to (a SCMP_ARCH_* token). */
uint32_t sclog_translate_target(const struct sclog_translate_table *t);

/*
 * @p with its names for @t's "from" architecture family made names of its
 * "to" one: the family's architectures (the native one and its compat
 * ones) are replaced by "to", names follow the table, argument conditions
 * of a mapped name are left out (its arguments differ), a name neither
 * known on "to" nor in the table is left out.  Returns 0 with the new
 * policy in @ret and in @ret_notes (NULL-terminated, never NULL; caller
 * frees with sclog_strv_free()) one line for every name mapped or left
 * out; -EEXIST with @err set when a target gets two actions; or -ENOMEM.
 */
int sclog_translate_policy(const struct sclog_policy *p, const struct sclog_translate_table *t,
			   struct sclog_policy **ret, char ***ret_notes, struct sclog_error *err);

#endif
