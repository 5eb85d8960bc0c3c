// SPDX-License-Identifier: GPL-2.0-only
/*
 * sclog_filter_build_phased(): which pairs of policies phased enforcement
 * takes, and what it says of the others.  What the filter does to calls
 * is t_phase_enforce.sh's, on the kernel.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/policy/filter.h"
#include "sclog/policy/policy_parse.h"

#define POLICY(def, rules) "{\"defaultAction\": \"" def "\", \"syscalls\": [" rules "]}"
#define ALLOW(names) "{\"names\": [" names "], \"action\": \"SCMP_ACT_ALLOW\"}"
#define SOCKET_IF(family)                                                                          \
	"{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "     \
	"\"value\": " family ", \"op\": \"SCMP_CMP_EQ\"}]}"
#define START "\"read\", \"write\", \"execve\", \"accept4\", \"bind\", \"listen\""
#define SERVE "\"read\", \"write\", \"execve\", \"accept4\""
#define ERR "SCMP_ACT_ERRNO"

static const struct {
	const char *what, *p, *s, *boundary;
	const char *refused; /* a part of the message, NULL: accepted */
} cases[] = {
	{ "S within P", POLICY(ERR, ALLOW(START)), POLICY(ERR, ALLOW(SERVE)), "accept4", NULL },
	{ "no boundary syscall", POLICY(ERR, ALLOW(START)), POLICY(ERR, ALLOW(SERVE)), NULL, NULL },
	{ "S = P", POLICY(ERR, ALLOW(START)), POLICY(ERR, ALLOW(START)), "bind", NULL },
	{ "P's ENOSYS rule stays",
	  POLICY(ERR, ALLOW(START) ", {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\", "
				   "\"errnoRet\": 38}"),
	  POLICY(ERR, ALLOW(SERVE)), "accept4", NULL },
	{ "S beyond P", POLICY(ERR, ALLOW(START)), POLICY(ERR, ALLOW(SERVE ", \"ptrace\"")),
	  "accept4", "the serving policy allows ptrace, which the whole-run policy does not" },
	{ "boundary outside S", POLICY(ERR, ALLOW(START)), POLICY(ERR, ALLOW(SERVE)), "bind",
	  "the boundary syscall bind is not in the serving policy" },
	{ "P allows by default", POLICY("SCMP_ACT_ALLOW", ALLOW(START)), POLICY(ERR, ALLOW(SERVE)),
	  NULL, "the whole-run policy's default action lets every call run" },
	{ "S allows by default", POLICY(ERR, ALLOW(START)), POLICY("SCMP_ACT_LOG", ALLOW(SERVE)),
	  NULL, "the serving policy's default action lets every call run" },
	{ "conditions of P only", POLICY(ERR, ALLOW(START) ", " SOCKET_IF("2")),
	  POLICY(ERR, ALLOW(SERVE)), "accept4", NULL },
	{ "the same conditions", POLICY(ERR, ALLOW(START) ", " SOCKET_IF("2")),
	  POLICY(ERR, ALLOW(SERVE) ", " SOCKET_IF("2")), "accept4", NULL },
	{ "other conditions", POLICY(ERR, ALLOW(START) ", " SOCKET_IF("2")),
	  POLICY(ERR, ALLOW(SERVE) ", " SOCKET_IF("1")), "accept4",
	  "socket has argument conditions that differ between the two policies" },
	{ "conditions against none", POLICY(ERR, ALLOW(START ", \"socket\"")),
	  POLICY(ERR, ALLOW(SERVE) ", " SOCKET_IF("1")), "accept4",
	  "socket has argument conditions that differ" },
	{ "a conditional boundary", POLICY(ERR, ALLOW(START) ", " SOCKET_IF("2")),
	  POLICY(ERR, ALLOW(SERVE) ", " SOCKET_IF("2")), "socket",
	  "socket has argument conditions; phased enforcement lets every call of it reach sclog" },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sclog_policy *p = NULL, *s = NULL;
		struct sclog_error err = { 0 };
		struct sclog_bpf bpf = { 0 };
		int r;

		assert_int_equal(sclog_policy_parse(cases[i].p, strlen(cases[i].p), "P", &p, &err),
				 0);
		assert_int_equal(sclog_policy_parse(cases[i].s, strlen(cases[i].s), "S", &s, &err),
				 0);
		r = sclog_filter_build_phased(p, s, cases[i].boundary, &bpf, &err);
		if (!cases[i].refused) {
			if (r != 0)
				fail_msg("%s: refused: %s", cases[i].what, err.msg);
			assert_true(bpf.len > 0);
		} else {
			if (r != -EINVAL || !strstr(err.msg, cases[i].refused))
				fail_msg("%s: %d '%s', want '%s'", cases[i].what, r, err.msg,
					 cases[i].refused);
		}
		sclog_policy_free(p);
		sclog_policy_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
