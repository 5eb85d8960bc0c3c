// SPDX-License-Identifier: GPL-2.0-only
/* The runner of runtime command line cases (cmdline_cases.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cmdline_cases.h"
#include "sclog/basic/strv.h"

static void assert_optional_string(const char *got, const char *want)
{
	if (want)
		assert_string_equal(got, want);
	else
		assert_null(got);
}

/* What @c, parsed from @t's command line, must hold. */
static void check_parsed(const struct cmdline_case *t, const struct sclog_container_cmd *c)
{
	assert_int_equal(c->runtime, t->runtime);
	assert_string_equal(t->argv[c->verb], "run");
	if (c->runtime == SCLOG_CONTAINER_CTR) {
		/* containerd's container, by containerd's image and id */
		assert_string_equal(c->name, "ctr");
		assert_true(c->daemon);
		assert_string_equal(c->id, t->id);
	} else if (!c->engine) {
		assert_string_equal(c->bundle, t->bundle);
		assert_string_equal(c->id, t->id);
	}
	assert_optional_string(c->config, t->config);
	assert_optional_string(c->oci_runtime, t->oci_runtime);
	assert_optional_string(c->seccomp, t->seccomp);
	assert_int_equal(c->seccomp_flag, t->seccomp_flag);
	assert_int_equal(c->no_new_privileges, t->nnp);
	if (t->measured)
		assert_string_equal(sclog_container_runtime_name(c), t->measured);
}

void cmdline_cases_run(const struct cmdline_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct cmdline_case *t = &cases[i];
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
		check_parsed(t, &c);
		assert_int_equal(sclog_container_argv((char *const *)t->argv, &c, "P", &v), 0);
		for (size_t k = 0; k < CMDLINE_MAX_ARGS; k++) {
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
