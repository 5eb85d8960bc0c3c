// SPDX-License-Identifier: GPL-2.0-only
/*
 * sclog_filter_build_phased(): which pairs of policies phased enforcement
 * takes, and what it says of the others; sclog_container_phased_profile():
 * the same filter as a runtime's OCI profile, in crun's and runc's forms.
 * What the filter does to calls is t_phase_enforce.sh's and
 * t_phase_container.sh's, on the kernel.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <stdlib.h>

#include "sclog/container/phased_profile.h"
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

/* The action of @name in the OCI profile @p, or NULL. */
static const char *action_of(json_object *p, const char *name)
{
	json_object *rules = json_object_object_get(p, "syscalls");

	for (size_t i = 0; rules && i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i);
		json_object *names = json_object_object_get(r, "names");

		for (size_t k = 0; k < json_object_array_length(names); k++)
			if (!strcmp(json_object_get_string(json_object_array_get_idx(names, k)),
				    name))
				return json_object_get_string(json_object_object_get(r, "action"));
	}
	return NULL;
}

static json_object *profile(enum sclog_container_runtime rt, const char *p_text, const char *s_text,
			    int want)
{
	struct sclog_policy *p = NULL, *s = NULL;
	struct sclog_error err = { 0 };
	char *json = NULL;
	json_object *o = NULL;

	assert_int_equal(sclog_policy_parse(p_text, strlen(p_text), "P", &p, &err), 0);
	assert_int_equal(sclog_policy_parse(s_text, strlen(s_text), "S", &s, &err), 0);
	const struct sclog_container_phased ph = {
		.p = p, .s = s, .boundary = "accept4", .policy = "P"
	};
	int r = sclog_container_phased_profile(rt, "/d/listener.sock", &ph, &json, &err);

	if (r != want)
		fail_msg("%d '%s', want %d", r, err.msg, want);
	if (r == 0) {
		o = json_tokener_parse(json);
		assert_non_null(o);
		assert_string_equal(
			json_object_get_string(json_object_object_get(o, "listenerPath")),
			"/d/listener.sock");
	}
	free(json);
	sclog_policy_free(p);
	sclog_policy_free(s);
	return o;
}

#define PHASED_P                                                                                   \
	POLICY(ERR,                                                                                \
	       ALLOW(START ", \"futex\", \"rt_sigreturn\"") ", {\"names\": [\"clone3\"], "         \
							    "\"action\": \"SCMP_ACT_ERRNO\", "     \
							    "\"errnoRet\": 38}")

static void test_container_profile(void **state)
{
	static const char *const notified[] = { "bind",	   "listen", "execve",
						"accept4", "kill",   "wait4" };
	json_object *o;

	(void)state;
	/* crun: S allowed, the rest of P, execve, the boundary and the
	 * hand-over calls P lacks notified; P's default and denials stay. */
	o = profile(SCLOG_CONTAINER_CRUN, PHASED_P, POLICY(ERR, ALLOW(SERVE)), 0);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "defaultAction")),
			    ERR);
	assert_string_equal(action_of(o, "read"), "SCMP_ACT_ALLOW");
	assert_string_equal(action_of(o, "write"), "SCMP_ACT_ALLOW");
	for (size_t i = 0; i < sizeof(notified) / sizeof(*notified); i++)
		assert_string_equal(action_of(o, notified[i]), "SCMP_ACT_NOTIFY");
	assert_string_equal(action_of(o, "futex"), "SCMP_ACT_NOTIFY"); /* P only */
	assert_string_equal(action_of(o, "clone3"), ERR);
	assert_null(action_of(o, "ptrace"));
	json_object_put(o);
	/* runc's form: write, futex, rt_sigreturn allowed, never notified. */
	o = profile(SCLOG_CONTAINER_RUNC, PHASED_P, POLICY(ERR, ALLOW(SERVE)), 0);
	assert_string_equal(action_of(o, "futex"), "SCMP_ACT_ALLOW");
	assert_string_equal(action_of(o, "rt_sigreturn"), "SCMP_ACT_ALLOW");
	assert_string_equal(action_of(o, "bind"), "SCMP_ACT_NOTIFY");
	json_object_put(o);
	/* ... which P must allow. */
	assert_null(profile(SCLOG_CONTAINER_RUNC, POLICY(ERR, ALLOW(START)),
			    POLICY(ERR, ALLOW(SERVE)), -EOPNOTSUPP));
	assert_null(profile(SCLOG_CONTAINER_PODMAN, POLICY(ERR, ALLOW(START)),
			    POLICY(ERR, ALLOW(SERVE)), -EOPNOTSUPP));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_container_profile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
