// SPDX-License-Identifier: GPL-2.0-only
/* sclog listen's naming: the runtime's message, the annotation schemes,
 * replicas and file-name safety; and where a message ends, in any chunking. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sclog/container/agent_state.h"

struct name_case {
	const char *message;
	const char *name; /* NULL: refused */
	enum sclog_agent_naming naming;
};

#define STATE(ann) "{\"ociVersion\":\"1.0.2\",\"fds\":[\"seccompFd\"],\"pid\":7,\"metadata\":\"" ann
#define CRI(ns, pod, c)                                                                            \
	"{\"io.kubernetes.cri.sandbox-namespace\":\"" ns                                           \
	"\",\"io.kubernetes.cri.sandbox-name\":\"" pod                                             \
	"\",\"io.kubernetes.cri.container-name\":\"" c "\"}"
#define CRIO(ns, pod, c)                                                                           \
	"{\"io.kubernetes.pod.namespace\":\"" ns "\",\"io.kubernetes.pod.name\":\"" pod            \
	"\",\"io.kubernetes.container.name\":\"" c "\"}"
#define MSG(meta, ann)                                                                             \
	STATE(meta) "\",\"state\":{\"id\":\"ctr-1\",\"pid\":7,\"annotations\":" ann "}}"

static const struct name_case names[] = {
	/* containerd's CRI: a ReplicaSet's pod names its Deployment. */
	{ MSG("", CRI("prod", "web-7d4b9c8f6d-x2x9z", "nginx")), "prod_web_nginx",
	  SCLOG_AGENT_NAMED_CRI },
	/* The same Deployment's other replica, another ReplicaSet hash. */
	{ MSG("", CRI("prod", "web-5f6c8b7d9-q8w7p", "nginx")), "prod_web_nginx",
	  SCLOG_AGENT_NAMED_CRI },
	/* A Job's pod; a plain pod keeps its name. */
	{ MSG("", CRI("batch", "backup-hv7kq", "tar")), "batch_backup_tar", SCLOG_AGENT_NAMED_CRI },
	{ MSG("", CRI("prod", "debug", "shell")), "prod_debug_shell", SCLOG_AGENT_NAMED_CRI },
	/* A vowel is never generated: "web-api" is no suffix. */
	{ MSG("", CRI("prod", "web-api", "app")), "prod_web-api_app", SCLOG_AGENT_NAMED_CRI },
	/* The sandbox (pause) container has no container name. */
	{ MSG("", "{\"io.kubernetes.cri.sandbox-namespace\":\"prod\","
		  "\"io.kubernetes.cri.sandbox-name\":\"web-7d4b9c8f6d-x2x9z\"}"),
	  "prod_web_POD", SCLOG_AGENT_NAMED_CRI },
	/* CRI-O, and CRI's keys win over CRI-O's and metadata. */
	{ MSG("m", CRIO("prod", "web-7d4b9c8f6d-x2x9z", "nginx")), "prod_web_nginx",
	  SCLOG_AGENT_NAMED_CRIO },
	{ MSG("m", CRI("a", "b", "c")), "a_b_c", SCLOG_AGENT_NAMED_CRI },
	/* An incomplete scheme falls through. */
	{ MSG("meta", "{\"io.kubernetes.pod.name\":\"web\"}"), "meta", SCLOG_AGENT_NAMED_METADATA },
	{ MSG("", "{}"), "ctr-1", SCLOG_AGENT_NAMED_ID },
	/* File-name safety: no '/', no "..", no hidden file, no '_' inside a
	 * Kubernetes part (it joins them). */
	{ MSG("../../etc/passwd", "{}"), "-.-..-etc-passwd", SCLOG_AGENT_NAMED_METADATA },
	{ MSG("..", "{}"), "-.", SCLOG_AGENT_NAMED_METADATA },
	{ MSG("", CRI("a_b", "c/d", "..")), "a-b_c-d_-.", SCLOG_AGENT_NAMED_CRI },
	/* Each byte of a UTF-8 character becomes one "-". */
	{ MSG("caf\\u00e9 x", "{}"), "caf---x", SCLOG_AGENT_NAMED_METADATA },
	/* Refused: no state, no id, a wrong type, not JSON. */
	{ "{\"pid\":1}", NULL, 0 },
	{ "{\"state\":{\"pid\":1}}", NULL, 0 },
	{ "{\"state\":{\"id\":5}}", NULL, 0 },
	{ "{\"state\":{\"id\":\"x\",\"annotations\":[]}}", NULL, 0 },
	{ MSG("", CRI("a", "b", "c")) "x", NULL, 0 },
	{ "{\"state\":{\"id\":\"x\"}", NULL, 0 },
};

static void test_names(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct name_case *c = &names[i];
		struct sclog_agent_state s = { 0 };
		struct sclog_error err = { 0 };
		int r = sclog_agent_state_parse(c->message, strlen(c->message), &s, &err);

		if (!c->name) {
			if (r != -EINVAL)
				fail_msg("case %zu: %d, want -EINVAL", i, r);
			assert_true(err.msg[0]);
			continue;
		}
		if (r != 0)
			fail_msg("case %zu: %d %s", i, r, err.msg);
		if (strcmp(s.name, c->name) != 0 || s.naming != c->naming)
			fail_msg("case %zu: %s (%d), want %s (%d)", i, s.name, s.naming, c->name,
				 c->naming);
		assert_string_equal(s.id, "ctr-1");
		assert_int_equal(s.pid, 7);
		sclog_agent_state_done(&s);
	}
}

static void test_workload(void **unused)
{
	static const char *const cases[][2] = {
		{ "web-7d4b9c8f6d-x2x9z", "web" },   /* ReplicaSet, 10-character hash */
		{ "web-v2-5489bb-x2x9z", "web-v2" }, /* 6 */
		{ "job-v2-x2x9z", "job-v2" },	     /* a short generated part is a name's */
		{ "x2x9z", "x2x9z" },		     /* nothing before the suffix */
		{ "-x2x9z", "-x2x9z" },
		{ "web-x2x9", "web-x2x9" },		    /* 4 characters */
		{ "web-x2x9zz", "web-x2x9zz" },		    /* 6 with no hash before */
		{ "web-abcde", "web-abcde" },		    /* vowels */
		{ "a-7d4b9c8f6d2-x2x9z", "a-7d4b9c8f6d2" }, /* 11: no hash */
	};

	(void)unused;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *w = sclog_agent_workload(cases[i][0]);

		if (strcmp(w, cases[i][1]) != 0)
			fail_msg("%s: %s, want %s", cases[i][0], w, cases[i][1]);
		free(w);
	}
}

/* A long name is cut, and keeps a hash of all of it. */
static void test_long_name(void **unused)
{
	char meta[600], msg[800];
	struct sclog_agent_state a = { 0 }, b = { 0 };

	(void)unused;
	memset(meta, 'x', sizeof(meta) - 1);
	meta[sizeof(meta) - 1] = '\0';
	snprintf(msg, sizeof(msg), "{\"metadata\":\"%s\",\"state\":{\"id\":\"i\"}}", meta);
	assert_int_equal(sclog_agent_state_parse(msg, strlen(msg), &a, NULL), 0);
	meta[500] = 'y';
	snprintf(msg, sizeof(msg), "{\"metadata\":\"%s\",\"state\":{\"id\":\"i\"}}", meta);
	assert_int_equal(sclog_agent_state_parse(msg, strlen(msg), &b, NULL), 0);
	assert_int_equal(strlen(a.name), SCLOG_AGENT_NAME_MAX);
	assert_int_equal(strlen(b.name), SCLOG_AGENT_NAME_MAX);
	assert_string_not_equal(a.name, b.name);
	sclog_agent_state_done(&a);
	sclog_agent_state_done(&b);
}

/* The end of the object is found whatever the chunking; what follows
 * (crun's newline) is not part of it. */
static void test_scan(void **unused)
{
	const char *msg = " {\"a\":\"}{\\\"\",\"b\":[{\"c\":1}]}\n";
	long want = (long)strlen(msg) - 1;

	(void)unused;
	for (size_t chunk = 1; chunk <= strlen(msg); chunk++) {
		struct sclog_agent_scan s = { 0 };
		long end = 0;

		for (size_t len = chunk; !end; len += chunk)
			end = sclog_agent_scan(&s, msg, len < strlen(msg) ? len : strlen(msg));
		assert_int_equal(end, want);
	}
	{
		struct sclog_agent_scan s = { 0 };

		assert_int_equal(sclog_agent_scan(&s, "garbage", 7), -EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_workload),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
