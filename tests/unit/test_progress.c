// SPDX-License-Identifier: GPL-2.0-only
/* The --progress line: its text, its rate limit, its erasure, the process count. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "sclog/run/progress.h"

static void test_format(void **state)
{
	static const struct {
		struct sclog_progress_counts c;
		const char *want;
	} cases[] = {
		{ { 0, 0, 1, 0.2 }, "sclog: 0 records, 0 syscalls, 1 process, 0:00" },
		{ { 1, 1, 2, 59.9 }, "sclog: 1 record, 1 syscall, 2 processes, 0:59" },
		{ { 1234567, 41, 0, 3725 },
		  "sclog: 1234567 records, 41 syscalls, 0 processes, 62:05" },
		{ { 5, 3, -1, 61 }, "sclog: 5 records, 3 syscalls, 1:01" },
		{ { 0, SIZE_MAX, 4, 1 }, "sclog: 4 processes, 0:01" },
		{ { 0, SIZE_MAX, -1, 1 }, "sclog: running, 0:01" },
	};
	char buf[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = sclog_progress_format(&cases[i].c, buf, sizeof(buf));

		assert_string_equal(buf, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
	/* Truncated to the buffer, never past it. */
	assert_int_equal(sclog_progress_format(&cases[2].c, buf, 10), 9);
	assert_string_equal(buf, "sclog: 12");
}

/* What the progress wrote to @fd (the read end of its "terminal"). */
static size_t drain(int fd, char *buf, size_t size)
{
	ssize_t n = read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? (size_t)n : 0;
}

static void test_rate_and_erase(void **state)
{
	struct sclog_progress p;
	struct sclog_progress_counts c = { .records = 7, .syscalls = 2, .processes = 3 };
	int fds[2], redraws = 0;
	char buf[512];

	(void)state;
	assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
	sclog_progress_start(&p, 0, 100.0);
	assert_int_equal(p.fd, -1); /* not asked for: off */
	assert_false(sclog_progress_due(&p, 100.0));
	sclog_progress_update(&p, c, 100.1); /* a no-op */

	p.fd = fds[1]; /* the "terminal" */
	assert_true(sclog_progress_due(&p, 100.0));
	sclog_progress_update(&p, c, 100.5);
	drain(fds[0], buf, sizeof(buf));
	assert_string_equal(buf, "\rsclog: 7 records, 2 syscalls, 3 processes, 0:00\033[K");
	/* Within 0.25 s of the last redraw nothing is written... */
	c.records = 8;
	assert_false(sclog_progress_due(&p, 100.6));
	sclog_progress_update(&p, c, 100.6);
	sclog_progress_update(&p, c, 100.74);
	assert_int_equal(drain(fds[0], buf, sizeof(buf)), 0);
	/* ...after it, one redraw. */
	assert_true(sclog_progress_due(&p, 100.76));
	sclog_progress_update(&p, c, 100.76);
	drain(fds[0], buf, sizeof(buf));
	assert_string_equal(buf, "\rsclog: 8 records, 2 syscalls, 3 processes, 0:00\033[K");
	/* 100 updates over 2 s: at most 8 redraws (4 a second). */
	for (int i = 1; i <= 100; i++) {
		sclog_progress_update(&p, c, 100.76 + i * 0.02);
		redraws += drain(fds[0], buf, sizeof(buf)) > 0;
	}
	assert_in_range(redraws, 7, 8);
	/* The end erases the line and turns the progress off. */
	sclog_progress_end(&p);
	drain(fds[0], buf, sizeof(buf));
	assert_string_equal(buf, "\r\033[K");
	assert_int_equal(p.fd, -1);
	close(fds[0]);
}

static void test_descendants(void **state)
{
	pid_t kids[3];
	long before, during;

	(void)state;
	before = sclog_progress_descendants();
	if (before < 0)
		skip(); /* no CONFIG_PROC_CHILDREN */
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			setpgid(0, 0); /* killed as a group, grandchild included */
			/* A grandchild too: the whole tree is counted. */
			if (i == 0 && fork() == 0)
				pause();
			pause();
			_exit(0);
		}
		setpgid(kids[i], kids[i]);
	}
	/* Wait until the grandchild exists (its parent's children file). */
	for (int tries = 0; tries < 1000 && (during = sclog_progress_descendants()) < before + 4;
	     tries++)
		usleep(1000);
	assert_int_equal(during, before + 4);
	for (int i = 0; i < 3; i++) {
		kill(-kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_rate_and_erase),
		cmocka_unit_test(test_descendants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
