// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int sclog_error_wrap(struct sclog_error *err, int code, const char *fmt, ...)
{
	char context[sizeof(err->msg)], inner[sizeof(err->msg)];
	va_list ap;
	int n;

	if (!err)
		return code;
	if (!err->code) {
		err->code = code ? code : -1;
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(code < 0 ? -code : EIO));
	}
	memcpy(inner, err->msg, sizeof(inner));
	va_start(ap, fmt);
	vsnprintf(context, sizeof(context), fmt, ap);
	va_end(ap);
	/* Too long: the end of the inner message is lost, never the context. */
	n = snprintf(err->msg, sizeof(err->msg), "%s: ", context);
	if (n > 0 && (size_t)n < sizeof(err->msg)) {
		size_t room = sizeof(err->msg) - 1 - (size_t)n;
		size_t len = strnlen(inner, sizeof(inner) - 1);

		if (len > room)
			len = room;
		memcpy(err->msg + n, inner, len);
		err->msg[(size_t)n + len] = '\0';
	}
	return err->code;
}

int sclog_error_oom(struct sclog_error *err)
{
	return sclog_error_set(err, -ENOMEM, SCLOG_ERROR_OOM_MSG);
}

void sclog_error_clear(struct sclog_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

void sclog_warn(const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;
	int n;

	/* Formatted first, then written in one call: stderr is unbuffered, and
	 * one fprintf() is one write, so a line is never split by another's. */
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("sclog: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
		return;
	}
	fprintf(stderr, "sclog: %s\n", msg);
	free(msg);
}
