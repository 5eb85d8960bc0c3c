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

/*
 * Record an error in @err (may be NULL) unless one is already recorded: the
 * first, most specific message wins.  Returns @code (a negative errno) so the
 * call can be the operand of a return statement.
 */
int sclog_error_set(struct sclog_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Forget a recorded error. */
void sclog_error_clear(struct sclog_error *err);

#endif
