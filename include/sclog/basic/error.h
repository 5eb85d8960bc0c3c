/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_ERROR_H
#define SCLOG_BASIC_ERROR_H

/*
 * An error travelling up to the one place that prints it: a negative errno
 * and a message that says what failed, on what, and what to do.
 */
struct sclog_error {
	int code;
	char msg[1024];
};

/* The message of every allocation failure, for sclog_error_oom(). */
#define SCLOG_ERROR_OOM_MSG "out of memory"

/*
 * Record an error in @err (may be NULL) unless one is already recorded: the
 * first, most specific message wins.  Returns @code (a negative errno) so the
 * call can be the operand of a return statement.
 */
int sclog_error_set(struct sclog_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Add context to the error recorded in @err (may be NULL): the message
 * becomes "<context>: <message>" and the code is kept, as the caller of a
 * failed call knows what it was doing ("reading x") and the callee knows why
 * it failed.  When nothing is recorded, records @code with the context and
 * strerror(-@code).  Returns the code now recorded, or @code when @err is
 * NULL, so `return sclog_error_wrap(err, r, "reading %s", path);` works.
 * A message too long for the buffer loses its end, never the context.
 */
int sclog_error_wrap(struct sclog_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * An allocation failed: record -ENOMEM with SCLOG_ERROR_OOM_MSG in @err (may
 * be NULL) unless an error is recorded already.  Returns -ENOMEM.
 */
int sclog_error_oom(struct sclog_error *err);

/* Forget a recorded error. */
void sclog_error_clear(struct sclog_error *err);

/*
 * The diagnostics channel of the layers below cli/: what a run says while it
 * runs (warnings that are part of its summary, the collector it chose),
 * printed at once as "sclog: <message>" on stderr.  Errors are not said
 * here: they travel up in a struct sclog_error.
 */
void sclog_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
