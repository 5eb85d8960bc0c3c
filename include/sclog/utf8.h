/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_UTF8_H
#define SCLOG_UTF8_H

#include <stddef.h>

/* True when @s (@len bytes) is valid UTF-8 without NUL bytes. */
int sclog_utf8_valid(const char *s, size_t len);

#endif
