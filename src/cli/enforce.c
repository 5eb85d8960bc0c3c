// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sclog/policy/data.h"
#include "sclog/policy/filter.h"
#include "sclog/run/launch.h"
#include "sclog/basic/macro.h"
#include "sclog/cli/options.h"
#include "sclog/policy/policy.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/user.h"
#include "sclog/cli/verbs.h"

/* enforce after option parsing: returns only when it cannot exec. */
static int enforce(const struct sclog_enforce_options *opt, const struct sclog_user *user,
		   char *const envp[])
{
	struct sclog_error err = { 0 };
	struct sclog_policy *policy = NULL;
	_cleanup_free_ char *path = NULL;
	struct sclog_bpf *bpf = NULL;
	int rc;

	if (sclog_load_policy(opt->policy, &policy, &err) < 0)
		return sclog_verb_fail(&err);
	rc = sclog_launch_resolve(opt->argv[0], &path);
	if (rc < 0) {
		sclog_policy_free(policy);
		fprintf(stderr, "sclog: %s: %s\n", opt->argv[0],
			rc == -ENOENT ? "command not found" : strerror(-rc));
		return rc == -ENOENT ? SCLOG_EXIT_NOT_FOUND : SCLOG_EXIT_CANNOT_EXEC;
	}
	/* sclog execs the command under the policy, so execve must pass it. */
	if (!sclog_policy_allows(policy, seccomp_arch_native(), "execve", NULL)) {
		sclog_policy_free(policy);
		fprintf(stderr, "sclog: %s does not allow execve, so no command can start under it "
			"(profiles made by sclog run include it)\n", sclog_quoted_path(opt->policy));
		return SCLOG_EXIT_FAILURE;
	}
	bpf = malloc(sizeof(*bpf));
	if (!bpf || sclog_filter_build_enforce(policy, bpf, &err) < 0) {
		free(bpf);
		sclog_policy_free(policy);
		return sclog_verb_fail(bpf ? &err : &(struct sclog_error){ .msg = "out of memory" });
	}
	sclog_policy_free(policy);
	fflush(NULL);
	/* --user: the switch before the filter, so the policy need not allow
	 * it; CAP_SYS_ADMIN, kept through it until the exec, spares the filter
	 * no_new_privs (sclog_user_switch()). */
	if (user && (rc = sclog_user_switch(user)) < 0) {
		free(bpf);
		fprintf(stderr, "sclog: cannot switch to the user of --user: %s\n", strerror(-rc));
		return SCLOG_EXIT_FAILURE;
	}
	rc = sclog_filter_install(bpf);
	free(bpf);
	if (rc < 0) {
		fprintf(stderr, "sclog: cannot install the policy: %s\n", strerror(-rc));
		return SCLOG_EXIT_FAILURE;
	}
	execve(path, opt->argv, envp);
	/* The policy may deny even this message; the status still tells. */
	rc = errno;
	fprintf(stderr, "sclog: %s: %s\n", path, strerror(rc));
	return rc == ENOENT ? SCLOG_EXIT_NOT_FOUND : SCLOG_EXIT_CANNOT_EXEC;
}

int sclog_verb_enforce(int argc, char **argv)
{
	struct sclog_enforce_options opt;
	struct sclog_error err = { 0 };
	struct sclog_user *user = NULL;
	char **envp = NULL;
	int rc;

	rc = sclog_enforce_options_parse(argc, argv, &opt, &err);
	if (rc != 0)
		return sclog_options_finish(rc, &err, "enforce", sclog_enforce_usage);
	if (opt.user) {
		/* Before anything starts: an unknown user is sclog's error. */
		if (sclog_user_resolve(opt.user, &user, &err) < 0)
			return sclog_verb_fail(&err);
		if (sclog_user_environ(user, environ, &envp) < 0) {
			sclog_user_free(user);
			return sclog_verb_fail(&(struct sclog_error){ .msg = "out of memory" });
		}
	}
	rc = enforce(&opt, user, envp ? envp : environ);
	sclog_user_free(user);
	sclog_user_environ_free(envp);
	return rc;
}
