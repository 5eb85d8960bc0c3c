// SPDX-License-Identifier: GPL-2.0-only
/* containerd's `ctr run` command lines, understood and rewritten. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/basic/strv.h"
#include "sclog/container/command_line.h"

#define MAX_ARGS 20
#define END NULL

struct ctr_case {
	const char *name;
	const char *argv[MAX_ARGS];
	int ret;
	/* on success */
	const char *id, *seccomp, *oci_runtime, *measured;
	int seccomp_flag, nnp;
	/* the rewritten command with path "P" */
	const char *rewritten[MAX_ARGS];
	/* on error: a piece of the message */
	const char *msg;
};

static const struct ctr_case cases[] = {
	{ "image, id, command",
	  { "ctr", "run", "--rm", "docker.io/library/x:1", "c1", "sh", "-c", "exit 3", END },
	  0,
	  .id = "c1",
	  .measured = "runc",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--rm",
			 "docker.io/library/x:1", "c1", "sh", "-c", "exit 3", END } },
	{ "global options with values, --rootfs",
	  { "/usr/bin/ctr", "-a", "/s.sock", "--namespace=ns", "-debug", "run", "--rootfs",
	    "--read-only", "-env", "A=1", "/r", "c2", END },
	  0,
	  .id = "c2",
	  .nnp = 1,
	  .rewritten = { "/usr/bin/ctr", "-a", "/s.sock", "--namespace=ns", "-debug", "run",
			 "--seccomp", "--seccomp-profile", "P", "--rootfs", "--read-only", "-env",
			 "A=1", "/r", "c2", END } },
	{ "the command's own options are not ctr's",
	  { "ctr", "run", "img", "c3", "-d", "--config", "x", "--seccomp", END },
	  0,
	  .id = "c3",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "img", "c3", "-d",
			 "--config", "x", "--seccomp", END } },
	{ "seccomp options replaced",
	  { "ctr", "run", "--seccomp", "-seccomp-profile", "/p.json", "--tty", "img", "c4", END },
	  0,
	  .id = "c4",
	  .seccomp = "/p.json",
	  .seccomp_flag = 1,
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--tty", "img", "c4",
			 END } },
	{ "--seccomp=false, --seccomp-profile=FILE",
	  { "ctr", "run", "--seccomp=false", "--seccomp-profile=/q", "img", "c5", END },
	  0,
	  .id = "c5",
	  .seccomp = "/q",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "img", "c5", END } },
	{ "--allow-new-privs, crun as the shim's runtime, -- before the operands",
	  { "ctr", "run", "--allow-new-privs", "--runc-binary", "/usr/bin/crun", "--", "img", "c6",
	    END },
	  0,
	  .id = "c6",
	  .oci_runtime = "/usr/bin/crun",
	  .measured = "crun",
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--allow-new-privs",
			 "--runc-binary", "/usr/bin/crun", "--", "img", "c6", END } },
	{ "crun's run.oci.seccomp* annotations left out",
	  { "ctr", "run", "--annotation", "run.oci.seccomp.receiver=/s", "--annotation", "a=b",
	    "img", "c7", END },
	  0,
	  .id = "c7",
	  .nnp = 1,
	  .rewritten = { "ctr", "run", "--seccomp", "--seccomp-profile", "P", "--annotation", "a=b",
			 "img", "c7", END } },
	{ "--detach", { "ctr", "run", "-d", "img", "c", END }, -EOPNOTSUPP, .msg = "foreground" },
	{ "--config",
	  { "ctr", "run", "--config", "s.json", "c", END },
	  -EOPNOTSUPP,
	  .msg = "ignores --seccomp-profile" },
	{ "another verb",
	  { "ctr", "-n", "x", "task", "start", "c", END },
	  -EOPNOTSUPP,
	  .msg = "not 'ctr task'" },
	{ "no id", { "ctr", "run", "--rm", "img", END }, -EINVAL, .msg = "and a container id" },
	{ "missing value",
	  { "ctr", "run", "--env", END },
	  -EINVAL,
	  .msg = "'--env' of ctr needs a value" },
};

static void test_ctr(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ctr_case *t = &cases[i];
		struct sclog_container_cmd c;
		struct sclog_error err = { 0 };
		char **v = NULL;
		int r;

		print_message("case: %s\n", t->name);
		r = sclog_container_parse((char *const *)t->argv, &c, &err);
		assert_int_equal(r, t->ret);
		if (r < 0) {
			if (!strstr(err.msg, t->msg))
				fail_msg("message '%s' lacks '%s'", err.msg, t->msg);
			continue;
		}
		assert_int_equal(c.runtime, SCLOG_CONTAINER_CTR);
		assert_string_equal(c.name, "ctr");
		assert_true(c.daemon);
		assert_string_equal(t->argv[c.verb], "run");
		assert_string_equal(c.id, t->id);
		if (t->seccomp)
			assert_string_equal(c.seccomp, t->seccomp);
		else
			assert_null(c.seccomp);
		if (t->oci_runtime)
			assert_string_equal(c.oci_runtime, t->oci_runtime);
		else
			assert_null(c.oci_runtime);
		assert_int_equal(c.seccomp_flag, t->seccomp_flag);
		assert_int_equal(c.no_new_privileges, t->nnp);
		if (t->measured)
			assert_string_equal(sclog_container_runtime_name(&c), t->measured);
		assert_int_equal(sclog_container_argv((char *const *)t->argv, &c, "P", &v), 0);
		for (size_t k = 0; k < MAX_ARGS; k++) {
			if (!t->rewritten[k] || !v[k]) {
				assert_null(t->rewritten[k]);
				assert_null(v[k]);
				break;
			}
			assert_string_equal(v[k], t->rewritten[k]);
		}
		sclog_strv_free(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
