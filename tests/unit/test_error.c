// SPDX-License-Identifier: GPL-2.0-only
/*
 * The error object: context added by a wrap keeps the code and the inner
 * message, the out-of-memory helper's code and message, and closep()
 * leaving -1 behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sclog/basic/error.h"
#include "sclog/basic/macro.h"

static void test_wrap(void **state)
{
	struct sclog_error err = { 0 };

	(void)state;
	assert_int_equal(
		sclog_error_set(&err, -ENOENT, "cannot open %s: %s", "x.json", strerror(ENOENT)),
		-ENOENT);
	/* The code is kept, whatever the caller passes. */
	assert_int_equal(sclog_error_wrap(&err, -EIO, "reading %s", "base"), -ENOENT);
	assert_int_equal(err.code, -ENOENT);
	assert_string_equal(err.msg, "reading base: cannot open x.json: No such file or directory");
	/* Wraps nest, outermost first. */
	assert_int_equal(sclog_error_wrap(&err, -ENOENT, "run"), -ENOENT);
	assert_string_equal(err.msg, "run: reading base: cannot open x.json: No such file or "
				     "directory");
	/* A set after the wrap does not replace it: the first error wins. */
	assert_int_equal(sclog_error_set(&err, -EPERM, "other"), -EPERM);
	assert_int_equal(err.code, -ENOENT);
	assert_non_null(strstr(err.msg, "x.json"));
}

static void test_wrap_nothing_recorded(void **state)
{
	struct sclog_error err = { 0 };

	(void)state;
	/* A callee that returned -errno without a message: the context and
	 * strerror() of the code. */
	assert_int_equal(sclog_error_wrap(&err, -EACCES, "writing %s", "p.json"), -EACCES);
	assert_int_equal(err.code, -EACCES);
	assert_string_equal(err.msg, "writing p.json: Permission denied");
	/* No place to record: the code passes through. */
	assert_int_equal(sclog_error_wrap(NULL, -EACCES, "writing"), -EACCES);
}

static void test_wrap_long(void **state)
{
	struct sclog_error err = { 0 };
	char inner[2000];

	(void)state;
	memset(inner, 'i', sizeof(inner) - 1);
	inner[sizeof(inner) - 1] = '\0';
	sclog_error_set(&err, -E2BIG, "%s", inner);
	sclog_error_wrap(&err, -E2BIG, "context");
	/* The end of the message is lost, never the context. */
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
	assert_memory_equal(err.msg, "context: iii", 12);
	assert_int_equal(err.code, -E2BIG);
}

static void test_oom(void **state)
{
	struct sclog_error err = { 0 };

	(void)state;
	assert_int_equal(sclog_error_oom(&err), -ENOMEM);
	assert_int_equal(err.code, -ENOMEM);
	assert_string_equal(err.msg, "out of memory");
	assert_int_equal(sclog_error_oom(NULL), -ENOMEM);
	/* An error recorded first explains more: kept. */
	sclog_error_clear(&err);
	sclog_error_set(&err, -EINVAL, "bad policy");
	assert_int_equal(sclog_error_oom(&err), -ENOMEM);
	assert_int_equal(err.code, -EINVAL);
	assert_string_equal(err.msg, "bad policy");
}

static void test_closep(void **state)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_true(fd >= 0);
	closep(&fd);
	assert_int_equal(fd, -1);
	closep(&fd); /* twice: nothing to close */
	assert_int_equal(fd, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),	  cmocka_unit_test(test_wrap_nothing_recorded),
		cmocka_unit_test(test_wrap_long), cmocka_unit_test(test_oom),
		cmocka_unit_test(test_closep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
