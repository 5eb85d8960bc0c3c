// SPDX-License-Identifier: GPL-2.0-only
/* `sclog listen`: the node agent that records the containers runtimes hand over. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sclog/cli/options.h"
#include "sclog/cli/verbs.h"
#include "sclog/container/agent.h"

static const struct sclog_option listen_options[] = {
	{ "socket", 0, "PATH",
	  "the unix socket runtimes hand their seccomp listener to (linux.seccomp.listenerPath); "
	  "its directory must be writable by root or sclog's user only; connections from other "
	  "users are refused",
	  SCLOG_OPT_SOCKET },
	{ "dir", 0, "DIR",
	  "write each container's profile to DIR/NAME.json and its report to "
	  "DIR/reports/NAME.json when its last process ends, merged with what they held (NAME: "
	  "see 'sclog listen' in sclog(1))",
	  SCLOG_OPT_DIR },
	{ "profile", 0, "FILE",
	  "write the recording profile to FILE, for the containers to load (a Kubernetes "
	  "Localhost profile, a bundle's linux.seccomp, docker's --security-opt seccomp=FILE)",
	  SCLOG_OPT_PROFILE },
	{ "base", 0, "POLICY",
	  "syscalls of POLICY are allowed (they cost nothing); the output is POLICY plus what "
	  "is new",
	  SCLOG_OPT_BASE },
	{ "backend", 0, "COLLECTOR",
	  "how calls are recorded: notify (the default: sclog answers every call) or bpf (an "
	  "eBPF program counts them in the kernel, near native speed; the profile notifies "
	  "execve and execveat only; needs root or CAP_BPF and CAP_PERFMON, the kernel's BTF, "
	  "and the host's pid namespace)",
	  SCLOG_OPT_BACKEND },
	{ "quiet", 'q', NULL,
	  "no line per container (warnings and incomplete profiles are still said)",
	  SCLOG_OPT_QUIET },
	{},
};

static int apply(void *opts, int id, const char *arg, struct sclog_error *err)
{
	struct sclog_agent_options *o = opts;

	if (arg && !*arg)
		return sclog_error_set(err, -EINVAL, "an option needs a non-empty argument");
	switch (id) {
	case SCLOG_OPT_SOCKET:
		o->socket = arg;
		return 0;
	case SCLOG_OPT_DIR:
		o->dir = arg;
		return 0;
	case SCLOG_OPT_PROFILE:
		o->profile = arg;
		return 0;
	case SCLOG_OPT_BASE:
		o->base = arg;
		return 0;
	case SCLOG_OPT_BACKEND:
		if (strcmp(arg, "notify") != 0 && strcmp(arg, "bpf") != 0)
			return sclog_error_set(err, -EINVAL,
					       "listen --backend is notify or bpf, not '%s'", arg);
		o->bpf = strcmp(arg, "bpf") == 0;
		return 0;
	case SCLOG_OPT_QUIET:
		o->quiet = 1;
		return 0;
	}
	return sclog_error_set(err, -EINVAL, "option %d is not listen's", id);
}

const struct sclog_cli sclog_listen_cli = {
	.verb = "listen",
	.usage = "Usage: sclog listen --socket PATH --dir DIR --profile FILE [--base POLICY]\n"
		 "                    [--backend notify|bpf]\n"
		 "\n"
		 "Record every container whose runtime loads FILE: runc or crun hands the\n"
		 "container's seccomp listener to PATH; sclog answers each call (--backend\n"
		 "notify) or counts it in the kernel (--backend bpf) and, when the\n"
		 "container's last process has ended, writes its profile to DIR, named after\n"
		 "its Kubernetes namespace, workload and container (or listenerMetadata, or\n"
		 "its id). Replicas and repeated runs merge into one profile. Runs until\n"
		 "SIGTERM or SIGINT. See docs/kubernetes.md.\n"
		 "\n"
		 "Options:\n",
	.tail = "\n"
		"Exit status: 0 after SIGTERM or SIGINT (the containers still running get\n"
		"the profile so far, marked incomplete in their report); 125 if sclog\n"
		"cannot start or fails.\n",
	.groups = { listen_options, sclog_options_help },
	.apply = apply,
};

int sclog_verb_listen(int argc, char **argv)
{
	struct sclog_agent_options o = { 0 };
	struct sclog_error err = { 0 };
	int first, rc;

	rc = sclog_options_parse(&sclog_listen_cli, argc, argv, &o, &first, &err);
	if (rc == 0 && first < argc)
		rc = sclog_error_set(&err, -EINVAL, "listen takes no operands ('%s')", argv[first]);
	if (rc == 0 && (!o.socket || !o.dir || !o.profile))
		rc = sclog_error_set(&err, -EINVAL, "listen needs --socket, --dir and --profile");
	if (rc != 0)
		return sclog_options_finish(rc, &err, &sclog_listen_cli);
	if (sclog_agent_run(&o, &err) < 0)
		return sclog_verb_fail(&err);
	return 0;
}
