// SPDX-License-Identifier: GPL-2.0-only
/* sclog_path_walk(): where a path leads, on a small tree of real files. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sclog/basic/path_walk.h"

static char top[] = "/tmp/sclog-unit-walk.XXXXXX";

struct walk_case {
	const char *path;
	int rc;
	const char *dir; /* the directory it leads to, relative to top */
	const char *base;
	int magic;
};

static const struct walk_case walk_cases[] = {
	{ "d/file", 0, "d", "file", 0 },
	{ "d/new.json", 0, "d", "new.json", 0 },
	{ "d/rel", 0, "d", "file", 0 },		      /* rel -> file */
	{ "d/sub/up", 0, "d", "file", 0 },	      /* up -> ../file */
	{ "d/sub/link2", 0, "d", "target2.json", 0 }, /* link2 -> ../target2.json */
	{ "d/dangling", 0, "d", "new2.json", 0 },     /* dangling -> new2.json */
	{ "d/todir", 0, "d/sub", ".", 0 },	      /* todir -> sub */
	{ "d/todir/x", 0, "d/sub", "x", 0 },
	{ "d/sub/", 0, "d/sub", ".", 0 },
	{ "d/sub/..", 0, "d", ".", 0 },
	{ "d//sub///x", 0, "d/sub", "x", 0 },
	{ "d/abs", 0, "d/sub", "y", 0 },     /* abs -> TOP/d/sub/y */
	{ "d/loop", -ELOOP, NULL, NULL, 0 }, /* loop -> loop */
	{ "d/file/x", -ENOTDIR, NULL, NULL, 0 },
	{ "d/none/x", -ENOENT, NULL, NULL, 0 },
	{ "/proc/self/fd/0", 0, NULL, "0", 1 },
};

static int setup(void **state)
{
	char abs[PATH_MAX];

	(void)state;
	if (!mkdtemp(top) || chdir(top) < 0)
		return -1;
	snprintf(abs, sizeof(abs), "%s/d/sub/y", top);
	if (mkdir("d", 0755) < 0 || mkdir("d/sub", 0755) < 0 || mkdir("d/gw", 0775) < 0 ||
	    mkdir("d/st", 0775) < 0 || chmod("d/gw", 0775) < 0 || chmod("d/st", 01777) < 0 ||
	    close(open("d/file", O_WRONLY | O_CREAT, 0644)) < 0 || symlink("file", "d/rel") < 0 ||
	    symlink("../file", "d/sub/up") < 0 || symlink("../target2.json", "d/sub/link2") < 0 ||
	    symlink("new2.json", "d/dangling") < 0 || symlink("sub", "d/todir") < 0 ||
	    symlink("loop", "d/loop") < 0 || symlink(abs, "d/abs") < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_walk(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(walk_cases) / sizeof(walk_cases[0]); c++) {
		const struct walk_case *w = &walk_cases[c];
		struct sclog_error err = { 0 };
		char *base = NULL;
		int dir = -1, magic = 0;
		int rc = sclog_path_walk(w->path, 0, "cannot write", &dir, &base, &magic, &err);

		print_message("%s\n", w->path);
		assert_int_equal(rc, w->rc);
		if (rc < 0) {
			assert_non_null(strstr(err.msg, w->path));
			sclog_error_clear(&err);
			continue;
		}
		assert_string_equal(base, w->base);
		assert_int_equal(magic, w->magic);
		if (w->dir) {
			struct stat got, want;

			assert_int_equal(fstat(dir, &got), 0);
			assert_int_equal(stat(w->dir, &want), 0);
			assert_true(got.st_dev == want.st_dev && got.st_ino == want.st_ino);
		}
		close(dir);
		free(base);
	}
}

static void test_trusted_dir(void **state)
{
	struct sclog_error err = { 0 };
	char want[PATH_MAX + 16], *path = NULL;

	(void)state;
	snprintf(want, sizeof(want), "%s/d/sub", top);
	assert_int_equal(sclog_path_trusted_dir("cannot use TMPDIR", "d/todir", &path, &err), 0);
	assert_string_equal(path, want); /* resolved: no symlink left */
	free(path);
	path = NULL;
	assert_int_equal(sclog_path_trusted_dir("cannot use TMPDIR", "d/st", &path, &err), 0);
	free(path);
	path = NULL;
	assert_int_equal(sclog_path_trusted_dir("cannot use TMPDIR", "d/gw/", &path, &err), -EPERM);
	assert_non_null(strstr(err.msg, "group-writable without the sticky bit"));
	sclog_error_clear(&err);
	assert_int_equal(sclog_path_trusted_dir("cannot use TMPDIR", "d/file", &path, &err),
			 -ENOTDIR);
	sclog_error_clear(&err);
	assert_int_equal(sclog_path_trusted_dir("cannot use TMPDIR", "d/nothing", &path, &err),
			 -ENOENT);
	sclog_error_clear(&err);
	assert_null(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_trusted_dir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
