// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/user.h"
#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/policy/data.h"
#include "sclog/policy/filter.h"
#include "sclog/policy/policy.h"
#include "sclog/run/launch.h"

static const struct sclog_option enforce_options[] = {
	{ "policy", 'p', "FILE", "OCI or Docker seccomp policy, or an OCI config.json",
	  SCLOG_OPT_POLICY },
	{ "user", 'u', "USER[:GROUP]",
	  "run COMMAND as USER, as for run (set-user-ID programs keep their privileges, as "
	  "under runuser)",
	  SCLOG_OPT_USER },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_enforce_options *o = opts;

	(void)err;
	if (id == SCLOG_OPT_POLICY)
		o->policy = arg;
	else
		o->user = arg;
	return 0;
}

const struct sclog_cli sclog_enforce_cli = {
	.verb = "enforce",
	.usage = "Usage: sclog enforce --policy POLICY [--] COMMAND [ARG]...\n"
		 "\n"
		 "Validate POLICY strictly, install it and execute COMMAND under it, with\n"
		 "POLICY's own default action (errno, kill, trap or log).\n"
		 "\n",
	.tail = "\n"
		"Exit status: COMMAND's (sclog becomes COMMAND); 125 for a bad policy or\n"
		"when it cannot be installed; 126/127 when COMMAND cannot be executed.\n",
	.groups = { enforce_options, sclog_options_help },
	.in_order = 1,
	.apply = apply,
};

int sclog_enforce_options_parse(int argc, char **argv, struct sclog_enforce_options *ret,
				struct sclog_error *err)
{
	struct sclog_enforce_options o = { 0 };
	int first, rc;

	rc = sclog_options_parse(&sclog_enforce_cli, argc, argv, &o, &first, err);
	if (rc == 0 && !o.policy)
		rc = sclog_error_set(err, -EINVAL, "--policy is required");
	if (rc == 0)
		rc = sclog_options_command(&sclog_enforce_cli, argc, argv, first, &o.argv, err);
	if (rc >= 0)
		*ret = o;
	return rc;
}

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
		fprintf(stderr,
			"sclog: %s does not allow execve, so no command can start under it "
			"(profiles made by sclog run include it)\n",
			sclog_quoted_path(opt->policy));
		return SCLOG_EXIT_FAILURE;
	}
	bpf = malloc(sizeof(*bpf));
	if (!bpf || sclog_filter_build_enforce(policy, bpf, &err) < 0) {
		free(bpf);
		sclog_policy_free(policy);
		return bpf ? sclog_verb_fail(&err) : sclog_verb_oom();
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
		return sclog_options_finish(rc, &err, &sclog_enforce_cli);
	if (opt.user) {
		/* Before anything starts: an unknown user is sclog's error. */
		if (sclog_user_resolve(opt.user, &user, &err) < 0)
			return sclog_verb_fail(&err);
		if (sclog_user_environ(user, environ, &envp) < 0) {
			sclog_user_free(user);
			return sclog_verb_oom();
		}
	}
	rc = enforce(&opt, user, envp ? envp : environ);
	sclog_user_free(user);
	sclog_user_environ_free(envp);
	return rc;
}
