// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sclog/basic/exit.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/user.h"
#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/container/container_setup.h"
#include "sclog/policy/data.h"
#include "sclog/policy/filter.h"
#include "sclog/policy/policy.h"
#include "sclog/run/launch.h"
#include "sclog/run/phase.h"
#include "sclog/run/phased.h"

static const struct sclog_option enforce_options[] = {
	{ "policy", 'p', "FILE", "OCI or Docker seccomp policy, or an OCI config.json",
	  SCLOG_OPT_POLICY },
	{ "user", 'u', "USER[:GROUP]",
	  "run COMMAND as USER, as for run (set-user-ID programs keep their privileges, as "
	  "under runuser)",
	  SCLOG_OPT_USER },
	{ "serving", 0, "FILE",
	  "phased enforcement: POLICY until the boundary, FILE (the calls made after it, a "
	  "part of POLICY, as sclog run writes it with a phase boundary) from then on; sclog "
	  "stays as the supervisor and answers POLICY's calls that FILE lacks",
	  SCLOG_OPT_SERVING },
	{ "phase-at", 0, "BOUNDARY",
	  "with --serving: the first call of a syscall by any process of the tree (accept4), "
	  "ready (READY=1 on the NOTIFY_SOCKET sclog gives the command) or SECONDS after the "
	  "start",
	  SCLOG_OPT_PHASE_AT },
	{ "default-action", 0, "ACT",
	  "with --serving: how a call of POLICY that FILE lacks is denied after the boundary: "
	  "errno[:ERRNO] (default: POLICY's default errno, or EPERM) or kill (the calling "
	  "process gets SIGKILL)",
	  SCLOG_OPT_DEFAULT_ACTION },
	{ "report", 0, "FILE",
	  "with --serving: write a JSON report to FILE (the boundary, each denied syscall with "
	  "its first pid and count)",
	  SCLOG_OPT_REPORT },
	{ "container", 0, NULL,
	  "with --serving: COMMAND is 'crun run', 'runc run', 'podman run', 'docker run' or 'ctr "
	  "run'; the runtime loads the phased profile and hands its seccomp listener to sclog "
	  "(--phase-at SYSCALL or SECONDS; see 'Containers' in docs/phases.md)",
	  SCLOG_OPT_CONTAINER },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_enforce_options *o = opts;
	struct sclog_action a;

	switch (id) {
	case SCLOG_OPT_POLICY:
		o->policy = arg;
		break;
	case SCLOG_OPT_SERVING:
		o->serving = arg;
		break;
	case SCLOG_OPT_PHASE_AT:
		o->phase_at = arg;
		break;
	case SCLOG_OPT_CONTAINER:
		o->container = 1;
		break;
	case SCLOG_OPT_REPORT:
		if (!*arg)
			return sclog_error_set(err, -EINVAL, "--report needs a file name");
		o->report = arg;
		break;
	case SCLOG_OPT_DEFAULT_ACTION:
		if (sclog_options_parse_action(arg, &a, err) < 0)
			return err->code;
		if (a.kind != SCLOG_ACT_ERRNO && a.kind != SCLOG_ACT_KILL_THREAD &&
		    a.kind != SCLOG_ACT_KILL_PROCESS)
			return sclog_error_set(
				err, -EINVAL,
				"--default-action %s: phased enforcement denies with "
				"errno[:ERRNO] or kill",
				arg);
		o->default_action = a;
		o->has_default_action = 1;
		break;
	default:
		o->user = arg;
	}
	return 0;
}

const struct sclog_cli sclog_enforce_cli = {
	.verb = "enforce",
	.usage = "Usage: sclog enforce --policy POLICY [--] COMMAND [ARG]...\n"
		 "       sclog enforce --policy POLICY --serving FILE --phase-at BOUNDARY\n"
		 "             [--] COMMAND [ARG]...\n"
		 "\n"
		 "Validate POLICY strictly, install it and execute COMMAND under it, with\n"
		 "POLICY's own default action (errno, kill, trap or log).  With --serving,\n"
		 "COMMAND runs under POLICY until the boundary and under FILE after it.\n"
		 "\n",
	.tail = "\n"
		"Exit status: COMMAND's (sclog becomes COMMAND, or with --serving waits for\n"
		"it); 125 for a bad policy or when it cannot be installed; 126/127 when\n"
		"COMMAND cannot be executed.\n",
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
	if (rc == 0 && !o.serving != !o.phase_at)
		rc = sclog_error_set(err, -EINVAL, "--serving and --phase-at go together");
	if (rc == 0 && o.container && !o.serving)
		rc = sclog_error_set(
			err, -EINVAL,
			"--container applies to phased enforcement (--serving, --phase-at): to "
			"enforce POLICY alone, give it to the runtime (podman or docker run "
			"--security-opt seccomp=POLICY, ctr run --seccomp --seccomp-profile "
			"POLICY, "
			"linux.seccomp in crun's or runc's config.json), which enforces it without "
			"sclog");
	if (rc == 0 && o.container && o.user)
		rc = sclog_error_set(err, -EINVAL,
				     "--user does not apply to --container: give the container's "
				     "user to the runtime (podman run --user, process.user)");
	if (rc == 0 && !o.serving && (o.report || o.has_default_action))
		rc = sclog_error_set(err, -EINVAL, "--%s applies to phased enforcement (--serving)",
				     o.report ? "report" : "default-action");
	if (rc == 0)
		rc = sclog_options_command(&sclog_enforce_cli, argc, argv, first, &o.argv, err);
	if (rc >= 0)
		*ret = o;
	return rc;
}

/*
 * What both modes need: POLICY loaded into @ret_policy, COMMAND found in
 * @ret_path.  Returns 0, or the exit status after saying why.
 */
static int load(const struct sclog_enforce_options *opt, struct sclog_policy **ret_policy,
		char **ret_path)
{
	struct sclog_error err = { 0 };
	struct sclog_policy *policy = NULL;
	int rc;

	if (sclog_load_policy(opt->policy, &policy, &err) < 0)
		return sclog_verb_fail(&err);
	rc = sclog_launch_resolve(opt->argv[0], ret_path);
	if (rc < 0) {
		sclog_policy_free(policy);
		fprintf(stderr, "sclog: %s: %s\n", opt->argv[0],
			rc == -ENOENT ? "command not found" : strerror(-rc));
		return rc == -ENOENT ? SCLOG_EXIT_NOT_FOUND : SCLOG_EXIT_CANNOT_EXEC;
	}
	/* sclog execs the command under the policy, so execve must pass it. */
	if (!sclog_policy_allows(policy, seccomp_arch_native(), "execve", NULL)) {
		sclog_policy_free(policy);
		free(*ret_path);
		*ret_path = NULL;
		fprintf(stderr,
			"sclog: %s does not allow execve, so no command can start under it "
			"(profiles made by sclog run include it)\n",
			sclog_quoted_path(opt->policy));
		return SCLOG_EXIT_FAILURE;
	}
	*ret_policy = policy;
	return 0;
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

	rc = load(opt, &policy, &path);
	if (rc != 0)
		return rc;
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

/* How a start-up call is denied after the boundary (see the option's help). */
static void denial(const struct sclog_enforce_options *opt, const struct sclog_policy *p,
		   struct sclog_gate_config *gate)
{
	const struct sclog_action *a =
		opt->has_default_action ? &opt->default_action : &p->default_action;

	gate->kill = opt->has_default_action && a->kind != SCLOG_ACT_ERRNO;
	gate->errno_ret = a->kind == SCLOG_ACT_ERRNO ? (int)a->errno_ret : EPERM;
}

/*
 * --container: the runtime gets the phased profile and sends its listener
 * to @cr's socket; the gate adopts it.  0, or -errno with @err set.
 */
static int setup_container(const struct sclog_enforce_options *opt, const struct sclog_policy *p,
			   const struct sclog_policy *s, struct sclog_phased *ph,
			   struct sclog_container_run *cr, struct sclog_error *err)
{
	/* The hand-over calls P lacks: notified (the same test as
	 * sclog_container_phased_profile()'s), let through only before the
	 * container's program starts.  Static: the gate keeps the pointer;
	 * its per-architecture table holds 4 names. */
	static const char *extra[5];
	const struct sclog_container_phased in = {
		.p = p, .s = s, .boundary = ph->gate.boundary, .policy = opt->policy
	};
	const uint32_t *idx;
	size_t n = 0;
	int r;

	r = sclog_container_setup_phased(opt->argv, &in, cr, err);
	if (r < 0)
		return r;
	for (size_t i = 0; sclog_container_handover_calls[i]; i++)
		if (n + 1 < ELEMENTSOF(extra) &&
		    sclog_policy_rules_of(p, sclog_container_handover_calls[i], &idx) == 0)
			extra[n++] = sclog_container_handover_calls[i];
	extra[n] = NULL;
	ph->gate.runtime = 1;
	ph->gate.runtime_socket = cr->socket;
	ph->gate.extra = extra;
	sclog_container_run_warn(cr);
	return 0;
}

/* The filter and the gate of phased enforcement: 0, or -errno with @err set. */
static int build_phased(const struct sclog_enforce_options *opt, const struct sclog_policy *p,
			const struct sclog_phase *phase, struct sclog_phased *ph,
			struct sclog_bpf *bpf, struct sclog_container_run *cr,
			struct sclog_error *err)
{
	_cleanup_(sclog_policy_freep) struct sclog_policy *s = NULL;
	int r;

	if (sclog_load_policy(opt->serving, &s, err) < 0)
		return err->code;
	/* For a container too: the same refusals, before anything starts. */
	r = sclog_filter_build_phased(p, s, phase->kind == SCLOG_PHASE_SYSCALL ? phase->name : NULL,
				      bpf, err);
	if (r < 0)
		return sclog_error_wrap(err, r, "%s with --serving %s", opt->policy, opt->serving);
	ph->gate = (struct sclog_gate_config){
		.filter = bpf,
		.boundary = phase->kind == SCLOG_PHASE_SYSCALL ? phase->name : NULL,
		.serving_execve = sclog_policy_allows(s, seccomp_arch_native(), "execve", NULL),
	};
	denial(opt, p, &ph->gate);
	return opt->container ? setup_container(opt, p, s, ph, cr, err) : 0;
}

/* enforce --serving: sclog stays as the supervisor; the command's status. */
static int enforce_phased(const struct sclog_enforce_options *opt, const struct sclog_user *user,
			  char **envp)
{
	struct sclog_error err = { 0 };
	_cleanup_(sclog_policy_freep) struct sclog_policy *policy = NULL;
	_cleanup_(sclog_container_run_done) struct sclog_container_run cr = { .socket = -1 };
	_cleanup_free_ struct sclog_phased *ph = calloc(1, sizeof(*ph));
	_cleanup_free_ struct sclog_bpf *bpf = malloc(sizeof(*bpf));
	_cleanup_free_ char *path = NULL, *report = NULL;
	struct sclog_outfile out = { .fd = -1, .dirfd = -1 };
	struct sclog_phase phase;
	int rc;

	if (!ph || !bpf)
		return sclog_verb_oom();
	if (sclog_phase_parse(opt->phase_at, &phase, &err) < 0)
		return sclog_verb_fail(&err);
	if (opt->container && phase.kind == SCLOG_PHASE_READY) {
		sclog_error_set(&err, -EOPNOTSUPP,
				"--phase-at ready does not apply to --container: the "
				"NOTIFY_SOCKET sclog gives the command would reach the runtime, "
				"which proxies it into the container and keeps READY=1 for "
				"itself; use a syscall or SECONDS");
		return sclog_verb_fail(&err);
	}
	rc = load(opt, &policy, &path);
	if (rc != 0)
		return rc;
	/* Everything that can fail does before the command starts. */
	if (build_phased(opt, policy, &phase, ph, bpf, &cr, &err) < 0 ||
	    (opt->report && sclog_outfile_open(&out, opt->report, &err) < 0))
		return sclog_verb_fail(&err);
	*ph = (struct sclog_phased){
		.path = path,
		.argv = opt->container ? cr.argv : opt->argv,
		.envp = envp,
		.user = user,
		.phase = &phase,
		.gate = ph->gate,
	};
	fflush(NULL);
	rc = sclog_phased_run(ph, &err);
	if (rc == 0 && opt->report &&
	    (sclog_phased_report(ph, &report) < 0 ||
	     sclog_outfile_commit(&out, report, strlen(report), &err) < 0)) {
		sclog_error_set(&err, -ENOMEM, SCLOG_ERROR_OOM_MSG);
		rc = SCLOG_EXIT_FAILURE;
	}
	if (err.code)
		sclog_verb_fail(&err);
	sclog_outfile_done(&out);
	sclog_phased_done(ph);
	return rc ? rc : sclog_phased_exit_status(ph);
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
	if (opt.serving)
		rc = enforce_phased(&opt, user, envp);
	else
		rc = enforce(&opt, user, envp ? envp : environ);
	sclog_user_free(user);
	sclog_user_environ_free(envp);
	return rc;
}
