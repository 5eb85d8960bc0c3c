// SPDX-License-Identifier: GPL-2.0-only
/*
 * docker run: its options, and what sclog asks of its daemon.  Pure: takes
 * strings, returns strings.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/quote.h"
#include "sclog/basic/strv.h"
#include "sclog/container/cmdline_docker.h"
#include "sclog/container/command_line_syntax.h"

/*
 * From `docker --help` and `docker run --help` (docker CLI 26.1 and 28.2):
 * the global options are all here; `docker run` has far more options with
 * a value than without, so only those without one are listed (an option
 * not listed is taken to have a value, as for podman).
 */
const struct option_spec sclog_docker_global[] = {
	{ "config", 0, 1, ROLE_NONE },
	{ "context", 'c', 1, ROLE_NONE },
	{ "debug", 'D', 0, ROLE_NONE },
	{ "host", 'H', 1, ROLE_NONE },
	{ "log-level", 'l', 1, ROLE_NONE },
	{ "tls", 0, 0, ROLE_NONE },
	{ "tlscacert", 0, 1, ROLE_NONE },
	{ "tlscert", 0, 1, ROLE_NONE },
	{ "tlskey", 0, 1, ROLE_NONE },
	{ "tlsverify", 0, 0, ROLE_NONE },
	{ "version", 'v', 0, ROLE_NONE },
	{ "help", 'h', 0, ROLE_NONE },
	{},
};
const struct option_spec sclog_docker_run[] = {
	{ "security-opt", 0, 1, ROLE_SECURITY_OPT },
	{ "privileged", 0, 0, ROLE_PRIVILEGED },
	{ "detach", 'd', 0, ROLE_DETACH },
	{ "disable-content-trust", 0, 0, ROLE_NONE },
	{ "help", 0, 0, ROLE_NONE },
	{ "init", 0, 0, ROLE_NONE },
	{ "interactive", 'i', 0, ROLE_NONE },
	{ "no-healthcheck", 0, 0, ROLE_NONE },
	{ "oom-kill-disable", 0, 0, ROLE_NONE },
	{ "publish-all", 'P', 0, ROLE_NONE },
	{ "quiet", 'q', 0, ROLE_NONE },
	{ "read-only", 0, 0, ROLE_NONE },
	{ "rm", 0, 0, ROLE_NONE },
	{ "sig-proxy", 0, 0, ROLE_NONE },
	{ "tty", 't', 0, ROLE_NONE },
	{ "use-api-socket", 0, 0, ROLE_NONE },
	{},
};

int sclog_container_docker_parsed(const struct sclog_container_cmd *c, struct sclog_error *err)
{
	if (c->detach)
		return sclog_error_set(
			err, -EOPNOTSUPP,
			"--container records 'docker run' without -d/--detach: sclog records a "
			"container for as long as the docker command it starts runs, and 'docker "
			"run -d' returns as soon as the container started. Run it attached and end "
			"it with 'docker stop' from another shell (sclog then writes the profile)");
	if (c->privileged)
		return sclog_error_set(
			err, -EOPNOTSUPP,
			"--container cannot record 'docker run --privileged': the Docker daemon "
			"then loads no seccomp filter at all, neither the recording profile nor "
			"any other (and such a container runs under no profile); record without "
			"--privileged, adding the capabilities it needs with --cap-add");
	return 0;
}

int sclog_container_docker_version_argv(char *const argv[], const struct sclog_container_cmd *c,
					int info, char ***ret)
{
	static const char *const tails[][3] = {
		{ "version", "--format", "{{.Server.Version}}" },
		{ "info", "--format", "{{.ServerVersion}}" },
	};
	const char *const *tail = tails[!!info];
	/* The global options end before "run", or before "container run". */
	size_t n = c->verb - (strcmp(argv[c->verb - 1], "container") == 0), k = 0;
	char **v = calloc(n + ELEMENTSOF(tails[0]) + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n + ELEMENTSOF(tails[0]); i++)
		if (!(v[k++] = strdup(i < n ? argv[i] : tail[i - n]))) {
			sclog_strv_free(v);
			return -ENOMEM;
		}
	*ret = v;
	return 0;
}

int sclog_container_docker_judge(const char *version, struct sclog_error *err)
{
	const char *p = version;
	char *end = NULL, quoted[64];
	long major;

	while (*p == ' ' || *p == '\t')
		p++;
	major = isdigit((unsigned char)*p) ? strtol(p, &end, 10) : -1;
	if (major >= SCLOG_DOCKER_MIN_MAJOR && *end == '.')
		return 0;
	return sclog_error_set(
		err, -EOPNOTSUPP,
		"the Docker daemon is %s%s%s: --container -- docker run needs Docker Engine %d "
		"or later, which passes the recording profile's linux.seccomp.listenerPath on to "
		"runc (older daemons drop it, and sclog would never get the container's seccomp "
		"listener). Record the same image with 'podman run' (the same options work), or "
		"with runc or crun on an OCI bundle, and give docker the profile with "
		"--security-opt seccomp=FILE",
		major >= 0 ? "Docker Engine " : "",
		sclog_quote(quoted, sizeof(quoted), p, SIZE_MAX, 0),
		major >= 0 ? "" : ", not a version", SCLOG_DOCKER_MIN_MAJOR);
}

/*
 * A daemon that drops listenerPath (Docker 20.10 behind a client that
 * claims 23, measured with runc 1.1.5): runc's init loads the recording
 * profile and hands its listener to its parent, which fails ("listenerPath
 * is not set"), shuts the sync socket and waits for the init to exit,
 * without killing it.  The init reads the end (read is in runc's set),
 * closes its listener, and from then on the kernel fails every notified
 * call with ENOSYS, exit_group included: Go's exit returns, its panic
 * faults, and the fault handler returns to the fault, for ever, at 100 %
 * CPU, while docker run waits on the daemon.  exit_group, implied in
 * every policy and unseen in every listener's (policy/implied.h), lets the
 * init exit: runc reports the error and docker run ends (125).
 */

const char sclog_container_docker_no_listener[] =
	"runc, started by the Docker daemon, never sent the container's seccomp listener. "
	"The daemon did not pass listenerPath on to runc (runc then fails with "
	"\"listenerPath is not set\", in docker's error above), although 'docker version' "
	"answered 23 or later: Docker Engine 23 or later is needed, and this daemon does not "
	"behave as one. Record the same image with 'podman run', or with runc or crun on an "
	"OCI bundle. (Or runc failed before it loaded the recording profile: docker's error "
	"above says which.)";
