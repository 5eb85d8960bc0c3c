// SPDX-License-Identifier: GPL-2.0-only
/* --user: the environment runuser sets, and the lookup of USER[:GROUP]. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/basic/user.h"

#define MAX_ENV 8

struct environ_case {
	const char *name;
	uid_t uid;
	const char *in[MAX_ENV];  /* NULL-terminated */
	const char *out[MAX_ENV]; /* NULL-terminated */
};

static const struct environ_case environ_cases[] = {
	{ "empty: all three appended",
	  101,
	  { NULL },
	  { "HOME=/var/lib/pg", "USER=pg", "LOGNAME=pg", NULL } },
	{ "replaced in place, others kept",
	  101,
	  { "PATH=/bin", "USER=root", "HOME=/root", "X=1", NULL },
	  { "PATH=/bin", "USER=pg", "HOME=/var/lib/pg", "X=1", "LOGNAME=pg", NULL } },
	{ "duplicates leave one",
	  101,
	  { "HOME=/a", "HOME=/b", "LOGNAME=x", NULL },
	  { "HOME=/var/lib/pg", "LOGNAME=pg", "USER=pg", NULL } },
	{ "prefixes are other variables",
	  101,
	  { "HOMEDIR=/x", "USERS=3", NULL },
	  { "HOMEDIR=/x", "USERS=3", "HOME=/var/lib/pg", "USER=pg", "LOGNAME=pg", NULL } },
	{ "uid 0: HOME only",
	  0,
	  { "USER=me", "LOGNAME=me", NULL },
	  { "USER=me", "LOGNAME=me", "HOME=/var/lib/pg", NULL } },
};

static void test_environ(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(environ_cases) / sizeof(environ_cases[0]); c++) {
		const struct environ_case *t = &environ_cases[c];
		struct sclog_user u = {
			.uid = t->uid, .gid = 1, .name = "pg", .home = "/var/lib/pg"
		};
		char **out = NULL;
		size_t i;

		print_message("case: %s\n", t->name);
		assert_int_equal(sclog_user_environ(&u, (char *const *)t->in, &out), 0);
		for (i = 0; t->out[i]; i++) {
			assert_non_null(out[i]);
			assert_string_equal(out[i], t->out[i]);
		}
		assert_null(out[i]);
		out = sclog_user_environ_free(out);
		assert_null(out);
	}
}

static void test_resolve_root(void **state)
{
	struct sclog_error err = { 0 };
	struct sclog_user *u = NULL;

	(void)state;
	assert_int_equal(sclog_user_resolve("root", &u, &err), 0);
	assert_int_equal(u->uid, 0);
	assert_int_equal(u->gid, 0);
	assert_string_equal(u->name, "root");
	assert_string_equal(u->home, "/root");
	assert_true(u->n_groups >= 1);
	assert_int_equal(u->groups[0], 0);
	u = sclog_user_free(u);

	/* By number, and with a group: then that group is the only one. */
	assert_int_equal(sclog_user_resolve("0:0", &u, &err), 0);
	assert_string_equal(u->name, "root");
	assert_int_equal(u->n_groups, 1);
	assert_int_equal(u->groups[0], 0);
	u = sclog_user_free(u);
	assert_null(sclog_user_free(NULL));
}

static void test_resolve_bad(void **state)
{
	static const struct {
		const char *spec;
		int ret;
		const char *msg;
	} bad[] = {
		{ "sclog-no-such-user", -ENOENT, "no user 'sclog-no-such-user'" },
		{ "root:sclog-no-such-group", -ENOENT, "no group 'sclog-no-such-group'" },
		{ "", -EINVAL, "give USER or USER:GROUP" },
		{ "root:", -EINVAL, "give USER or USER:GROUP" },
		{ ":root", -EINVAL, "give USER or USER:GROUP" },
		{ "4294967295", -ENOENT, "no user" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sclog_error err = { 0 };
		struct sclog_user *u = NULL;

		print_message("case: '%s'\n", bad[i].spec);
		assert_int_equal(sclog_user_resolve(bad[i].spec, &u, &err), bad[i].ret);
		assert_null(u);
		assert_non_null(strstr(err.msg, bad[i].msg));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_environ),
		cmocka_unit_test(test_resolve_root),
		cmocka_unit_test(test_resolve_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
