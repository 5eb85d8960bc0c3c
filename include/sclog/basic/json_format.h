/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_JSON_FORMAT_H
#define SCLOG_BASIC_JSON_FORMAT_H

#include <json-c/json.h>

/*
 * The text of @o as sclog writes every JSON document (policies, reports,
 * exports, findings, diffs, container configurations): two-space indent,
 * one value a line, ": " after keys, "/" not escaped, members in insertion
 * order, a final newline.  The bytes depend on @o only, never on the json-c
 * release.  Returns 0 and a string the caller frees in @ret_text, or
 * -ENOMEM.  @o is not consumed.
 */
int sclog_json_format(json_object *o, char **ret_text);

#endif
