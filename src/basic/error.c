// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include "sclog/basic/error.h"

int sclog_error_set(struct sclog_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code)
		return code;
	err->code = code ? code : -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void sclog_error_clear(struct sclog_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}
