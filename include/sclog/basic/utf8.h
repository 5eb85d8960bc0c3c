/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_UTF8_H
#define SCLOG_BASIC_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the character at the start of @s (@len bytes): its code point in
 * @ret_cp and its length in bytes (1..4), or 0 when @len is 0 or the bytes
 * are not valid UTF-8 (overlong forms, surrogates and values past
 * U+10FFFF are invalid).  A NUL byte is the character U+0000.
 */
size_t sclog_utf8_next(const char *s, size_t len, uint32_t *ret_cp);

/* True when @s (@len bytes) is valid UTF-8 without NUL bytes. */
int sclog_utf8_valid(const char *s, size_t len);

#endif
