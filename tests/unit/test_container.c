// SPDX-License-Identifier: GPL-2.0-only
/* Recording a container in place: runtime command lines, the recording
 * profile and the rewritten bundle configuration. */
#include <errno.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <seccomp.h>

#include "sclog/collect/notify/listener.h"
#include "sclog/container/bundle.h"
#include "sclog/container/cmdline_docker.h"
#include "sclog/container/command_line.h"
#include "sclog/container/recording_profile.h"
#include "sclog/policy/implied.h"
#include "sclog/policy/policy_parse.h"

#include "cmdline_cases.h"

static const struct cmdline_case parse_cases[] = {
	{ "crun run -b",
	  { "crun", "run", "-b", "/b", "c1", END },
	  0,
	  CRUN,
	  .bundle = "/b",
	  .measured = "crun",
	  .id = "c1",
	  .rewritten = { "crun", "run", "--bundle", "P", "c1", END } },
	{ "crun global options",
	  { "/usr/bin/crun", "--root", "/st", "--cgroup-manager=disabled", "--debug", "run",
	    "--bundle=/b", "c1", END },
	  0,
	  CRUN,
	  .bundle = "/b",
	  .id = "c1",
	  .rewritten = { "/usr/bin/crun", "--root", "/st", "--cgroup-manager=disabled", "--debug",
			 "run", "--bundle", "P", "c1", END } },
	{ "crun -bDIR -d",
	  { "crun", "run", "-d", "-b/b", "--pid-file", "p", "c1", END },
	  0,
	  CRUN,
	  .bundle = "/b",
	  .id = "c1",
	  .rewritten = { "crun", "run", "--bundle", "P", "-d", "--pid-file", "p", "c1", END } },
	{ "crun --config",
	  { "crun", "run", "-f", "x.json", "c1", END },
	  0,
	  CRUN,
	  .bundle = ".",
	  .config = "x.json",
	  .id = "c1",
	  .rewritten = { "crun", "run", "--bundle", "P", "c1", END } },
	{ "crun no bundle: the working directory",
	  { "crun", "run", "c1", END },
	  0,
	  CRUN,
	  .bundle = ".",
	  .id = "c1",
	  .rewritten = { "crun", "run", "--bundle", "P", "c1", END } },
	{ "crun option after the id",
	  { "crun", "run", "c1", "--bundle", "/b", END },
	  0,
	  CRUN,
	  .bundle = "/b",
	  .id = "c1",
	  .rewritten = { "crun", "run", "--bundle", "P", "c1", END } },
	{ "runc Go-style -bundle",
	  { "runc", "--root", "/st", "run", "-bundle", "/b", "--keep", "c2", END },
	  0,
	  RUNC,
	  .bundle = "/b",
	  .id = "c2",
	  .rewritten = { "runc", "--root", "/st", "run", "--bundle", "P", "--keep", "c2", END } },
	{ "runc Go-style -b=DIR: a one-letter name in every form",
	  { "runc", "run", "-b=/b", "c2", END },
	  0,
	  RUNC,
	  .bundle = "/b",
	  .id = "c2",
	  .rewritten = { "runc", "run", "--bundle", "P", "c2", END } },
	{ "runc -- id",
	  { "runc", "run", "-b", "/b", "--", "c2", END },
	  0,
	  RUNC,
	  .bundle = "/b",
	  .measured = "runc",
	  .id = "c2",
	  .rewritten = { "runc", "run", "--bundle", "P", "--", "c2", END } },
	{ "podman run --rootfs",
	  { "podman", "run", "--rm", "--rootfs", "/r", "sh", "-c", "x", END },
	  0,
	  PODMAN,
	  .measured = "podman",
	  .rewritten = { "podman", "run", "--security-opt", "seccomp=P", "--rm", "--rootfs", "/r",
			 "sh", "-c", "x", END } },
	{ "podman global --runtime, values",
	  { "podman", "--runtime", "runc", "--log-level=error", "run", "-e", "A=1", "-v", "/x:/y",
	    "img", END },
	  0,
	  PODMAN,
	  .oci_runtime = "runc",
	  .measured = "podman",
	  .rewritten = { "podman", "--runtime", "runc", "--log-level=error", "run",
			 "--security-opt", "seccomp=P", "-e", "A=1", "-v", "/x:/y", "img", END } },
	{ "podman seccomp replaced, nnp seen",
	  { "podman", "run", "--security-opt", "seccomp=/p.json",
	    "--security-opt=no-new-privileges", "-it", "--security-opt=seccomp=unconfined", "img",
	    "--security-opt", "seccomp=x", END },
	  0,
	  PODMAN,
	  .seccomp = "seccomp=unconfined",
	  .nnp = 1,
	  .rewritten = { "podman", "run", "--security-opt", "seccomp=P",
			 "--security-opt=no-new-privileges", "-it", "img", "--security-opt",
			 "seccomp=x", END } },
	{ "podman: the run.oci.seccomp* annotations left out",
	  { "podman", "run", "--annotation", "run.oci.seccomp_bpf_data=AAAA", "--annotation=a=b",
	    "--annotation=run.oci.seccomp.receiver=/s", "img", END },
	  0,
	  PODMAN,
	  .rewritten = { "podman", "run", "--security-opt", "seccomp=P", "--annotation=a=b", "img",
			 END } },
	{ "podman container run",
	  { "podman", "container", "run", "-d", "img", END },
	  0,
	  PODMAN,
	  .rewritten = { "podman", "container", "run", "--security-opt", "seccomp=P", "-d", "img",
			 END } },
	{ "podman -- image",
	  { "podman", "run", "--", "img", "ls", END },
	  0,
	  PODMAN,
	  .rewritten = { "podman", "run", "--security-opt", "seccomp=P", "--", "img", "ls", END } },
	{ "docker run",
	  { "docker", "run", "--rm", "-e", "A=1", "img", "sh", "-c", "x", END },
	  0,
	  DOCKER,
	  .measured = "docker",
	  .rewritten = { "docker", "run", "--security-opt", "seccomp=P", "--rm", "-e", "A=1", "img",
			 "sh", "-c", "x", END } },
	{ "docker global options, container run, seccomp replaced",
	  { "docker", "-H", "unix:///s", "--config=/c", "-D", "container", "run", "-it",
	    "--security-opt=seccomp=/p.json", "--detach=false", "img", END },
	  0,
	  DOCKER,
	  .seccomp = "seccomp=/p.json",
	  .rewritten = { "docker", "-H", "unix:///s", "--config=/c", "-D", "container", "run",
			 "--security-opt", "seccomp=P", "-it", "--detach=false", "img", END } },
	{ "docker -d in a cluster",
	  { "docker", "run", "-itd", "img", END },
	  -EOPNOTSUPP,
	  .msg = "without -d/--detach" },
	{ "docker --privileged",
	  { "docker", "run", "--privileged", "img", END },
	  -EOPNOTSUPP,
	  .msg = "loads no seccomp filter" },
	{ "docker without an image",
	  { "docker", "run", "--rm", END },
	  -EINVAL,
	  .msg = "docker run needs an image" },
	{ "unknown runtime",
	  { "youki", "run", "c", END },
	  -EOPNOTSUPP,
	  .msg = "'docker run', 'crun run', 'runc run' and 'ctr run'" },
	{ "crun create",
	  { "crun", "create", "c", END },
	  -EOPNOTSUPP,
	  .msg = "must be created and started by the command" },
	{ "no run", { "crun", "--root", "/x", END }, -EINVAL, .msg = "no 'run'" },
	{ "runc without an id",
	  { "runc", "run", "-b", "/b", END },
	  -EINVAL,
	  .msg = "needs a container id" },
	{ "crun two ids", { "crun", "run", "a", "b", END }, -EINVAL, .msg = "one container id" },
	{ "podman without an image",
	  { "podman", "run", "--rm", END },
	  -EINVAL,
	  .msg = "an image or --rootfs" },
	{ "missing value",
	  { "crun", "run", "c", "--bundle", END },
	  -EINVAL,
	  .msg = "'--bundle' of the runtime command needs a value" },
};

static void test_parse(void **state)
{
	(void)state;
	cmdline_cases_run(parse_cases, sizeof(parse_cases) / sizeof(parse_cases[0]));
}

/* What sclog asks docker's daemon, and how it judges the answer. */
static void test_docker_daemon(void **state)
{
	static const char *const argv[] = { "docker", "-H",  "unix:///s", "container",
					    "run",    "img", END };
	static const struct {
		const char *version;
		int ret;
	} cases[] = { { "26.1.5+dfsg1", 0 },	{ "23.0.0", 0 },
		      { "28.2.2", 0 },		{ "20.10.24+dfsg1", -EOPNOTSUPP },
		      { "4.3.1", -EOPNOTSUPP }, { "", -EOPNOTSUPP },
		      { "23", -EOPNOTSUPP },	{ "x23.0", -EOPNOTSUPP } };
	struct sclog_container_cmd c;
	struct sclog_error err = { 0 };
	char **v = NULL;

	(void)state;
	assert_int_equal(sclog_container_parse((char *const *)argv, &c, &err), 0);
	assert_int_equal(sclog_container_docker_version_argv((char *const *)argv, &c, 0, &v), 0);
	assert_string_equal(v[0], "docker");
	assert_string_equal(v[2], "unix:///s");
	assert_string_equal(v[3], "version");
	assert_string_equal(v[5], "{{.Server.Version}}");
	assert_null(v[6]);
	sclog_strv_free(v);
	assert_int_equal(sclog_container_docker_version_argv((char *const *)argv, &c, 1, &v), 0);
	assert_string_equal(v[2], "unix:///s");
	assert_string_equal(v[3], "info");
	assert_string_equal(v[5], "{{.ServerVersion}}");
	assert_null(v[6]);
	sclog_strv_free(v);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = (struct sclog_error){ 0 };
		assert_int_equal(sclog_container_docker_judge(cases[i].version, &err),
				 cases[i].ret);
		if (cases[i].ret && !strstr(err.msg, "needs Docker Engine 23 or later"))
			fail_msg("'%s': %s", cases[i].version, err.msg);
	}
	assert_non_null(strstr(err.msg, "not a version"));
	err = (struct sclog_error){ 0 };
	sclog_container_docker_judge("20.10.24+dfsg1", &err);
	assert_non_null(strstr(err.msg, "Docker Engine 20.10.24+dfsg1"));
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

/* True when @profile has a rule with @action that names @name. */
static int names_contain(json_object *profile, const char *action, const char *name)
{
	json_object *rules = get(profile, "syscalls");

	for (size_t i = 0; rules && i < json_object_array_length(rules); i++) {
		json_object *rule = json_object_array_get_idx(rules, i);
		json_object *n = get(rule, "names");

		if (strcmp(json_object_get_string(get(rule, "action")), action) != 0)
			continue;

		for (size_t k = 0; k < json_object_array_length(n); k++)
			if (strcmp(json_object_get_string(json_object_array_get_idx(n, k)), name) ==
			    0)
				return 1;
	}
	return 0;
}

static void test_recording_profile(void **state)
{
	static const char known_text[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
		"\"syscalls\":[{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_LOG\"},"
		"{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";
	struct sclog_policy *known = NULL;
	struct sclog_error err = { 0 };
	char *json = NULL;
	json_object *p, *arches;

	(void)state;
	assert_int_equal(sclog_container_recording_profile(NULL, &json), 0);
	p = json_tokener_parse(json);
	assert_non_null(p);
	assert_string_equal(json_object_get_string(get(p, "defaultAction")), "SCMP_ACT_LOG");
	assert_null(get(p, "defaultErrnoRet"));
	arches = get(p, "architectures");
	assert_non_null(arches);
	if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
		/* x86_64 runs i386 and x32 programs: their calls are logged too */
		assert_int_equal(json_object_array_length(arches), 3);
	}
	assert_true(!get(p, "syscalls") || json_object_array_length(get(p, "syscalls")) == 0);
	json_object_put(p);
	free(json);

	assert_int_equal(sclog_policy_parse(known_text, strlen(known_text), "known", &known, &err),
			 0);
	assert_int_equal(sclog_container_recording_profile(known, &json), 0);
	p = json_tokener_parse(json);
	assert_string_equal(json_object_get_string(get(p, "defaultAction")), "SCMP_ACT_LOG");
	assert_true(names_contain(p, "SCMP_ACT_ALLOW", "read"));
	assert_true(names_contain(p, "SCMP_ACT_ALLOW", "write"));
	/* LOG rules let the call run: allowed, not findings */
	assert_true(names_contain(p, "SCMP_ACT_ALLOW", "getpid"));
	/* denied by the policy: logged */
	assert_false(names_contain(p, "SCMP_ACT_ALLOW", "mount"));
	json_object_put(p);
	free(json);
	sclog_policy_free(known);
}

/* The bpf collector's profile: everything allowed, every architecture the
 * LOG form lists, no rule. */
static void test_allow_profile(void **state)
{
	char *json = NULL, *log = NULL;
	json_object *p, *q;

	(void)state;
	assert_int_equal(sclog_container_allow_profile(&json), 0);
	assert_int_equal(sclog_container_recording_profile(NULL, &log), 0);
	p = json_tokener_parse(json);
	q = json_tokener_parse(log);
	assert_non_null(p);
	assert_string_equal(json_object_get_string(get(p, "defaultAction")), "SCMP_ACT_ALLOW");
	assert_true(json_object_equal(get(p, "architectures"), get(q, "architectures")));
	assert_true(!get(p, "syscalls") || json_object_array_length(get(p, "syscalls")) == 0);
	json_object_put(p);
	json_object_put(q);
	free(json);
	free(log);
}

/* The listener profiles: crun notifies everything but the signal returns;
 * runc's form lists every name but those and write, futex, which it
 * allows, and makes the rest fail with ENOSYS. */
static void test_listener_profile(void **state)
{
	struct sclog_error err = { 0 };
	char *json = NULL;
	json_object *p;
	int unseen = -1;

	(void)state;
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_CRUN, "/s/l.sock", NULL,
							  NULL, &unseen, &json, &err),
			 0);
	p = json_tokener_parse(json);
	assert_non_null(p);
	assert_int_equal(unseen, 0);
	assert_string_equal(json_object_get_string(get(p, "defaultAction")), "SCMP_ACT_NOTIFY");
	assert_string_equal(json_object_get_string(get(p, "listenerPath")), "/s/l.sock");
	assert_null(get(p, "defaultErrnoRet"));
	/* Only the implied calls run unseen (policy/implied.h): one
	 * notified as a signal comes fails and crashes the command. */
	assert_int_equal(json_object_array_length(get(p, "syscalls")), 1);
	for (const struct sclog_implied_call *c = sclog_implied_calls; c->name; c++)
		assert_true(names_contain(p, "SCMP_ACT_ALLOW", c->name));
	assert_false(names_contain(p, "SCMP_ACT_ALLOW", "read"));
	assert_null(get(p, "flags"));
	json_object_put(p);
	/* Asked for WAIT_KILLABLE_RECV: one flag, the rest as it was. */
	assert_int_equal(sclog_container_profile_killable(&json), 0);
	p = json_tokener_parse(json);
	assert_non_null(p);
	assert_int_equal(json_object_array_length(get(p, "flags")), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(get(p, "flags"), 0)),
			    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
	assert_string_equal(json_object_get_string(get(p, "listenerPath")), "/s/l.sock");
	json_object_put(p);
	free(json);

	for (int rt = SCLOG_CONTAINER_PODMAN; rt <= SCLOG_CONTAINER_RUNC; rt += 2) {
		assert_int_equal(sclog_container_listener_profile(rt, "/s/l.sock", NULL, NULL,
								  &unseen, &json, &err),
				 0);
		p = json_tokener_parse(json);
		assert_non_null(p);
		assert_int_equal(unseen, 1);
		assert_string_equal(json_object_get_string(get(p, "defaultAction")),
				    "SCMP_ACT_ERRNO");
		assert_int_equal(json_object_get_int(get(p, "defaultErrnoRet")), ENOSYS);
		assert_string_equal(json_object_get_string(get(p, "listenerPath")), "/s/l.sock");
		assert_true(names_contain(p, "SCMP_ACT_NOTIFY", "read"));
		assert_true(names_contain(p, "SCMP_ACT_NOTIFY", "execve"));
		assert_true(names_contain(p, "SCMP_ACT_NOTIFY", "getppid"));
		/* runc refuses NOTIFY for write; notified, runc init's signal
		 * returns and wake-ups before the hand-over would never end. */
		for (const char *const *u = sclog_container_runc_unseen; *u; u++) {
			assert_false(names_contain(p, "SCMP_ACT_NOTIFY", *u));
			assert_true(names_contain(p, "SCMP_ACT_ALLOW", *u));
		}
		for (const struct sclog_implied_call *c = sclog_implied_calls; c->name; c++) {
			assert_false(names_contain(p, "SCMP_ACT_NOTIFY", c->name));
			assert_true(names_contain(p, "SCMP_ACT_ALLOW", c->name));
		}
		json_object_put(p);
		free(json);
	}
}

/* With a policy (check, --base): what it allows is allowed, the rest is
 * notified; what runc's form cannot keep is refused with a reason. */
static void test_listener_profile_known(void **state)
{
	static const char allow_list[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
		"{\"names\":[\"futex\",\"read\",\"rt_sigreturn\",\"write\"],"
		"\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";
	static const char no_write[] = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
				       "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
	static const char conditional[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
		"{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
		"[{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]}]}";
	static const char deny_write[] =
		"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
		"{\"names\":[\"ptrace\",\"write\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";
	struct sclog_policy *known = NULL;
	struct sclog_error err = { 0 };
	char *json = NULL;
	json_object *p;
	int unseen;

	(void)state;
	assert_int_equal(sclog_policy_parse(allow_list, strlen(allow_list), "k", &known, &err), 0);
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_CRUN, "/s", known, "k",
							  &unseen, &json, &err),
			 0);
	p = json_tokener_parse(json);
	assert_string_equal(json_object_get_string(get(p, "defaultAction")), "SCMP_ACT_NOTIFY");
	assert_true(names_contain(p, "SCMP_ACT_ALLOW", "read"));
	assert_false(names_contain(p, "SCMP_ACT_ALLOW", "mount"));
	/* no rule repeats the default action: libseccomp refuses one */
	assert_false(names_contain(p, "SCMP_ACT_NOTIFY", "mount"));
	json_object_put(p);
	free(json);
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_RUNC, "/s", known, "k",
							  &unseen, &json, &err),
			 0);
	p = json_tokener_parse(json);
	assert_int_equal(unseen, 0); /* the policy allows write, rt_sigreturn, futex */
	assert_true(names_contain(p, "SCMP_ACT_ALLOW", "read"));
	assert_false(names_contain(p, "SCMP_ACT_NOTIFY", "read"));
	assert_true(names_contain(p, "SCMP_ACT_NOTIFY", "mount"));
	json_object_put(p);
	free(json);
	sclog_policy_free(known);

	assert_int_equal(sclog_policy_parse(no_write, strlen(no_write), "k", &known, &err), 0);
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_RUNC, "/s", known, "k",
							  &unseen, &json, &err),
			 0);
	assert_int_equal(unseen, 1);
	free(json);
	sclog_policy_free(known);

	assert_int_equal(sclog_policy_parse(conditional, strlen(conditional), "k", &known, &err),
			 0);
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_CRUN, "/s", known, "k",
							  &unseen, &json, &err),
			 0);
	free(json);
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_RUNC, "/s", known, "k",
							  &unseen, &json, &err),
			 -EOPNOTSUPP);
	assert_non_null(strstr(err.msg, "socket"));
	sclog_error_clear(&err);
	sclog_policy_free(known);

	assert_int_equal(sclog_policy_parse(deny_write, strlen(deny_write), "k", &known, &err), 0);
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_CRUN, "/s", known, "k",
							  &unseen, &json, &err),
			 0);
	p = json_tokener_parse(json);
	assert_string_equal(json_object_get_string(get(p, "defaultAction")), "SCMP_ACT_ALLOW");
	assert_true(names_contain(p, "SCMP_ACT_NOTIFY", "ptrace"));
	assert_true(names_contain(p, "SCMP_ACT_NOTIFY", "write"));
	json_object_put(p);
	free(json);
	assert_int_equal(sclog_container_listener_profile(SCLOG_CONTAINER_RUNC, "/s", known, "k",
							  &unseen, &json, &err),
			 -EOPNOTSUPP);
	assert_non_null(strstr(err.msg, "write"));
	sclog_error_clear(&err);
	sclog_policy_free(known);
}

/* Send @data with @fd (or none when -1) as SCM_RIGHTS, as a runtime does. */
static void send_with_fd(int sock, const char *data, int fd)
{
	char control[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = (void *)data, .iov_len = strlen(data) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		struct cmsghdr *c;

		msg.msg_control = control;
		msg.msg_controllen = sizeof(control);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	assert_int_equal(sendmsg(sock, &msg, 0), (ssize_t)strlen(data));
}

/* The runtime's message: the descriptor is taken, the state JSON left;
 * nothing yet, no descriptor, and the end are told apart. */
static void test_listener_receive(void **state)
{
	int sv[2], fd = -1, devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	struct stat a, b;

	(void)state;
	assert_true(devnull >= 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(sclog_listener_receive(sv[0], &fd), -EAGAIN);
	send_with_fd(sv[1], "{\"ociVersion\":\"0.2.0\",\"fds\":[\"seccompFd\"]}", devnull);
	assert_int_equal(sclog_listener_receive(sv[0], &fd), 1);
	assert_true(fd >= 0 && fd != devnull);
	assert_int_equal(fstat(fd, &a), 0);
	assert_int_equal(fstat(devnull, &b), 0);
	assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	fd = -1;
	send_with_fd(sv[1], "no descriptor", -1);
	assert_int_equal(sclog_listener_receive(sv[0], &fd), 0);
	assert_int_equal(fd, -1);
	close(sv[1]);
	assert_int_equal(sclog_listener_receive(sv[0], &fd), 0);
	close(sv[0]);
	close(devnull);
}

static const char config_text[] =
	"{\"ociVersion\":\"1.0.2\",\"process\":{\"noNewPrivileges\":true,\"args\":[\"sh\"],"
	"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":18446744073709551615,\"soft\":1024}]},"
	"\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
	"\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
	"{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"data\",\"options\":[\"ro\"]},"
	"{\"destination\":\"/x\",\"source\":\"x\",\"options\":[\"rbind\"]},"
	"{\"destination\":\"/abs\",\"type\":\"bind\",\"source\":\"/abs\"}],"
	"\"linux\":{\"namespaces\":[{\"type\":\"pid\"}],\"seccomp\":{\"defaultAction\":"
	"\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\",\"write\"],"
	"\"action\":\"SCMP_ACT_ALLOW\"}]}},\"annotations\":{\"a\":\"b/c\"}}";

static void test_config(void **state)
{
	static const char profile[] = "{\"defaultAction\":\"SCMP_ACT_LOG\"}";
	struct sclog_container_config_info info;
	struct sclog_error err = { 0 };
	json_object *orig, *c, *m;
	char *out = NULL;

	(void)state;
	assert_int_equal(sclog_container_config(config_text, strlen(config_text), "B/config.json",
						"/bun dle", profile, &out, &info, &err),
			 0);
	assert_int_equal(info.no_new_privileges, 1);
	assert_non_null(info.replaced);
	assert_non_null(strstr(info.replaced, "B/config.json"));
	assert_non_null(strstr(info.replaced, "SCMP_ACT_ERRNO, 2 syscall names"));
	c = json_tokener_parse(out);
	orig = json_tokener_parse(config_text);
	assert_non_null(c);
	assert_string_equal(
		json_object_get_string(get(get(get(c, "linux"), "seccomp"), "defaultAction")),
		"SCMP_ACT_LOG");
	assert_null(get(get(get(c, "linux"), "seccomp"), "syscalls"));
	assert_string_equal(json_object_get_string(get(get(c, "root"), "path")), "/bun dle/rootfs");
	m = get(c, "mounts");
	assert_string_equal(json_object_get_string(get(json_object_array_get_idx(m, 0), "source")),
			    "proc");
	assert_string_equal(json_object_get_string(get(json_object_array_get_idx(m, 1), "source")),
			    "/bun dle/data");
	assert_string_equal(json_object_get_string(get(json_object_array_get_idx(m, 2), "source")),
			    "/bun dle/x");
	assert_string_equal(json_object_get_string(get(json_object_array_get_idx(m, 3), "source")),
			    "/abs");
	/* Everything else is unchanged. */
	json_object_object_del(get(c, "linux"), "seccomp");
	json_object_object_del(get(orig, "linux"), "seccomp");
	json_object_object_del(c, "root");
	json_object_object_del(orig, "root");
	json_object_object_del(c, "mounts");
	json_object_object_del(orig, "mounts");
	assert_true(json_object_equal(c, orig));
	assert_string_equal(json_object_get_string(get(get(c, "annotations"), "a")), "b/c");
	json_object_put(c);
	json_object_put(orig);
	free(out);
	sclog_container_config_info_done(&info);

	/* crun's run.oci.seccomp* annotations are removed, others kept. */
	assert_int_equal(
		sclog_container_config(
			"{\"annotations\":{\"x\":\"1\",\"run.oci.seccomp_bpf_data\":\"A\","
			"\"run.oci.seccomp.receiver\":\"/s\"}}",
			strlen("{\"annotations\":{\"x\":\"1\",\"run.oci.seccomp_bpf_data\":"
			       "\"A\",\"run.oci.seccomp.receiver\":\"/s\"}}"),
			"c", "/b", profile, &out, &info, &err),
		0);
	assert_string_equal(info.annotations, "run.oci.seccomp_bpf_data, run.oci.seccomp.receiver");
	c = json_tokener_parse(out);
	assert_int_equal(json_object_object_length(get(c, "annotations")), 1);
	assert_string_equal(json_object_get_string(get(get(c, "annotations"), "x")), "1");
	json_object_put(c);
	free(out);
	sclog_container_config_info_done(&info);
	assert_null(info.annotations);

	/* The key is the bundle's: escaped in the warning, never a line of its
	 * own (a CI log reads "::error::" at a line's start as a command). */
	{
		static const char cfg[] =
			"{\"annotations\":{\"run.oci.seccomp\\n::error::x\":\"A\"}}";

		assert_int_equal(sclog_container_config(cfg, strlen(cfg), "c", "/b", profile, &out,
							&info, &err),
				 0);
		assert_string_equal(info.annotations, "\"run.oci.seccomp\\n::error::x\"");
		free(out);
		sclog_container_config_info_done(&info);
	}

	/* No linux object and no seccomp: nothing replaced. */
	assert_int_equal(sclog_container_config("{\"process\":{}}", 14, "c", "/b", profile, &out,
						&info, &err),
			 0);
	assert_null(info.replaced);
	assert_int_equal(info.no_new_privileges, 0);
	c = json_tokener_parse(out);
	assert_non_null(get(get(c, "linux"), "seccomp"));
	json_object_put(c);
	free(out);

	assert_int_equal(sclog_container_config("{\"linux\":[]}", 12, "c.json", "/b", profile, &out,
						&info, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "c.json: $.linux"));
	sclog_error_clear(&err);
	assert_int_equal(
		sclog_container_config("{\"a\":", 5, "c.json", "/b", profile, &out, &info, &err),
		-EINVAL);
	assert_non_null(strstr(err.msg, "c.json:1:6: malformed JSON: unexpected end of input"));
	sclog_error_clear(&err);
	assert_int_equal(
		sclog_container_config("[1]", 3, "c.json", "/b", profile, &out, &info, &err),
		-EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_docker_daemon),
		cmocka_unit_test(test_recording_profile),
		cmocka_unit_test(test_allow_profile),
		cmocka_unit_test(test_listener_profile),
		cmocka_unit_test(test_listener_profile_known),
		cmocka_unit_test(test_listener_receive),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
