// SPDX-License-Identifier: GPL-2.0-only
/* The files of a recorded container run: read the bundle, write the copy. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/path_walk.h"
#include "sclog/collect/notify/handoff.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/container/container_setup.h"
#include "sclog/container/docker_daemon.h"
#include "sclog/container/phased_profile.h"
#include "sclog/container/recording_profile.h"

#define CONFIG_MAX_BYTES (16u << 20)

static int write_new(const char *dir, const char *name, const char *text, struct sclog_error *err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;
	size_t len = strlen(text), off = 0;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return sclog_error_oom(err);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return sclog_error_set(err, -errno, "cannot create %s: %m", path);
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return sclog_error_set(err, -errno, "cannot write %s: %m", path);
		off += (size_t)n;
	}
	return 0;
}

/* crun and runc: the bundle's config.json, rewritten, in @r->dir. */
static int copy_bundle(struct sclog_container_run *r, const char *profile, struct sclog_error *err)
{
	const struct sclog_container_cmd *c = &r->cmd;
	_cleanup_free_ char *bundle = realpath(c->bundle, NULL);
	_cleanup_free_ char *config = NULL, *buf = NULL, *out = NULL;
	struct sclog_container_config_info info = { 0 };
	size_t len;
	int rc;

	if (!bundle)
		return sclog_error_set(err, -errno, "%s run: bundle directory %s: %m", c->name,
				       c->bundle);
	/* crun resolves --config against its working directory (crun 1.8.1:
	 * "realpath `other.json` failed" for a name that is in the bundle). */
	if (c->config)
		config = strdup(c->config);
	else if (asprintf(&config, "%s/config.json", bundle) < 0)
		config = NULL;
	if (!config)
		return sclog_error_oom(err);
	rc = sclog_read_file(config, CONFIG_MAX_BYTES, &buf, &len, err);
	if (rc == -ENOENT && !c->config)
		return sclog_error_wrap(err, rc,
					"%s run: %s is not a bundle: it has no "
					"config.json (give the bundle with -b; '%s spec' writes a "
					"starting config.json)",
					c->name, bundle, c->name);
	if (rc < 0)
		return rc;
	rc = sclog_container_config(buf, len, config, bundle, profile, &out, &info, err);
	if (rc < 0)
		return rc;
	r->replaced = TAKE_PTR(info.replaced);
	r->annotations = TAKE_PTR(info.annotations);
	r->no_new_privileges = info.no_new_privileges;
	return write_new(r->dir, "config.json", out, err);
}

/*
 * What would replace or bypass the recording profile and is left out of
 * this run, for the warning: podman's --annotation options (the bundle's
 * are in @r->annotations already) and crun's RUN_OCI_SECCOMP_RECEIVER,
 * unset here, before the runtime inherits the environment.
 */
static int bypasses_left_out(struct sclog_container_run *r)
{
	static const char env[] = "RUN_OCI_SECCOMP_RECEIVER";
	int has_env = getenv(env) != NULL;

	for (size_t i = 0; i < r->cmd.n_annotations + (size_t)has_env; i++) {
		char *s = r->annotations, *what = NULL;
		int k = i < r->cmd.n_annotations ?
				asprintf(&what, "--annotation %s", r->cmd.annotations[i]) :
				asprintf(&what, "the environment variable %s", env);

		if (k < 0 ||
		    asprintf(&r->annotations, "%s%s%s", s ? s : "", s ? ", " : "", what) < 0) {
			free(k < 0 ? NULL : what);
			r->annotations = s;
			return -ENOMEM;
		}
		free(s);
		free(what);
	}
	if (has_env)
		unsetenv(env);
	return 0;
}

/*
 * The runtime's listener: the socket in @r's directory, and the recording
 * profile in @ret_profile naming it (linux.seccomp.listenerPath): the
 * notify collector's, or with @exec_only the bpf collector's for a daemon.
 */
static int listen_profile(struct sclog_container_run *r, const struct sclog_policy *known,
			  const char *policy, int exec_only,
			  const struct sclog_container_phased *phased, char **ret_profile,
			  struct sclog_error *err)
{
	_cleanup_free_ char *sock_path = NULL;
	/* The directory is private (0700): only sclog's user, and so the
	 * runtime it starts, reaches the socket. */
	int rc = sclog_listener_open(r->dir, &sock_path, err);

	if (rc < 0)
		return rc;
	r->socket = rc;
	if (exec_only)
		rc = sclog_container_exec_profile(sock_path, ret_profile) < 0 ?
			     sclog_error_oom(err) :
			     0;
	else if (phased)
		rc = sclog_container_phased_profile(r->cmd.runtime, sock_path, phased, ret_profile,
						    err);
	else
		rc = sclog_container_listener_profile(r->cmd.runtime, sock_path, known, policy,
						      &r->calls_unseen, ret_profile, err);
	/* crun takes the flag (runc 1.1 refuses it, and the engines' runtime
	 * is not known here): then only a fatal signal ends a call's wait
	 * once sclog has received it. */
	if (rc == 0 && !exec_only && r->cmd.runtime == SCLOG_CONTAINER_CRUN &&
	    sclog_notify_killable_recv()) {
		rc = sclog_container_profile_killable(ret_profile);
		r->killable = rc == 0;
		rc = rc < 0 ? sclog_error_oom(err) : 0;
	}
	if (rc == 0 &&
	    asprintf(&r->listener,
		     "sent by %s to sclog's socket through linux.seccomp.listenerPath",
		     r->cmd.runtime == SCLOG_CONTAINER_PODMAN ? "podman's OCI runtime" :
		     r->cmd.runtime == SCLOG_CONTAINER_CTR ? "the runtime containerd's shim runs" :
		     r->cmd.runtime == SCLOG_CONTAINER_DOCKER ?
							     "runc, started by the Docker daemon" :
							     r->cmd.name) < 0) {
		r->listener = NULL;
		rc = sclog_error_oom(err);
	}
	return rc;
}

/* asprintf() that leaves *@ret NULL on failure (glibc leaves it undefined). */
static __attribute__((format(printf, 2, 3))) int set_text(char **ret, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (k < 0)
		*ret = NULL;
	return k < 0 ? -ENOMEM : 0;
}

/*
 * podman, docker and ctr take the profile as a file: what the run
 * replaces, its noNewPrivileges and the way to the runtime, for the report.
 */
static int describe_engine(struct sclog_container_run *r)
{
	const struct sclog_container_cmd *c = &r->cmd;

	if (c->engine) {
		if (c->no_new_privileges)
			r->no_new_privileges = 1;
		if (c->seccomp && set_text(&r->replaced, "--security-opt %s", c->seccomp) < 0)
			return -ENOMEM;
		if (c->runtime == SCLOG_CONTAINER_DOCKER)
			return set_text(
				&r->path,
				"docker run -> dockerd -> containerd -> runc create + start");
		return set_text(&r->path, "podman run -> conmon -> %s create + start",
				c->oci_runtime ? c->oci_runtime : "podman's default OCI runtime");
	}
	r->no_new_privileges = c->no_new_privileges;
	if (c->seccomp && set_text(&r->replaced, "--seccomp-profile %s", c->seccomp) < 0)
		return -ENOMEM;
	if (!c->seccomp && c->seccomp_flag &&
	    set_text(&r->replaced, "--seccomp (containerd's default profile)") < 0)
		return -ENOMEM;
	return set_text(&r->path,
			"ctr run -> containerd -> containerd-shim-runc-v2 -> %s create + start",
			c->oci_runtime ? c->oci_runtime : "runc");
}

/*
 * docker: the daemon starts the container, so only the listener the runtime
 * sends can tell its calls (no audit session, no process tree reaches it),
 * and only a daemon that passes listenerPath on sends it: asked before
 * anything starts.
 */
static int docker_started(char *const argv[], struct sclog_container_run *r, int listener,
			  struct sclog_error *err)
{
	if (!listener)
		return sclog_error_set(
			err, -EOPNOTSUPP,
			"--container -- %s run records through the container's seccomp listener "
			"only (--backend notify, the default for it, or bpf): the Docker daemon "
			"starts the container (dockerd -> containerd -> runc), so its processes "
			"are not in the docker command's audit session",
			r->cmd.name);
	return sclog_container_docker_check(argv, &r->cmd, err);
}

/* A daemon's container (docker, ctr) is reached only through the listener
 * its runtime sends: 0, or -errno with @err set when the collector has
 * none or the daemon cannot pass it. */
static int daemon_reachable(char *const argv[], struct sclog_container_run *r, int listener,
			    struct sclog_error *err)
{
	if (r->cmd.runtime == SCLOG_CONTAINER_DOCKER)
		return docker_started(argv, r, listener, err);
	if (r->cmd.daemon && !listener)
		return sclog_error_set(
			err, -EOPNOTSUPP,
			"--container with the audit collector cannot record '%s run': "
			"containerd starts the container (ctr -> containerd -> "
			"containerd-shim-runc-v2 -> runc), so its processes are not "
			"in ctr's audit session; only the runtime's seccomp listener reaches "
			"sclog: use --backend notify, the default for '%s run', or bpf",
			r->cmd.name, r->cmd.name);
	return 0;
}

static int setup(char *const argv[], const struct sclog_policy *known, const char *policy,
		 const struct sclog_container_phased *phased, enum sclog_container_form form,
		 struct sclog_container_run *ret, struct sclog_error *err)
{
	/* Released on every failure, handed on as a whole on success. */
	_cleanup_(sclog_container_run_done) struct sclog_container_run r = { .no_new_privileges =
										     -1,
									     .socket = -1 };
	_cleanup_free_ char *profile = NULL, *path = NULL, *tmp = NULL;
	const char *tmpdir = getenv("TMPDIR");
	int listener, rc;

	rc = sclog_container_parse(argv, &r.cmd, err);
	if (rc < 0)
		return rc;
	/* A daemon's container is reached through the listener its runtime
	 * sends: the notify collector's, or the bpf collector's. */
	listener = form == SCLOG_CONTAINER_FORM_LISTENER ||
		   (form == SCLOG_CONTAINER_FORM_ALLOW && r.cmd.daemon);
	rc = daemon_reachable(argv, &r, listener, err);
	if (rc < 0)
		return rc;
	/* The runtime is handed the copy's name and reads it as root: another
	 * user who could rename a directory on that way could hand it a
	 * config.json of their own (a hook that runs as root).  So every
	 * directory on the way must be trusted, and the name is the resolved
	 * one, with no symlink left for anyone to change. */
	rc = sclog_path_trusted_dir("cannot use TMPDIR", tmpdir && *tmpdir ? tmpdir : "/tmp", &tmp,
				    err);
	if (rc < 0)
		return rc;
	if (asprintf(&r.dir, "%s/sclog-container.XXXXXX", strcmp(tmp, "/") ? tmp : "") < 0) {
		r.dir = NULL;
		return sclog_error_oom(err);
	}
	if (!mkdtemp(r.dir)) {
		rc = sclog_error_set(err, -errno, "cannot create a directory %s: %m", r.dir);
		free(TAKE_PTR(r.dir)); /* not created: nothing to remove */
		return rc;
	}
	r.phased = phased != NULL;
	if (listener)
		rc = listen_profile(&r, known, policy, form == SCLOG_CONTAINER_FORM_ALLOW, phased,
				    &profile, err);
	else if (form == SCLOG_CONTAINER_FORM_ALLOW && sclog_container_allow_profile(&profile) < 0)
		rc = sclog_error_oom(err);
	else if (form == SCLOG_CONTAINER_FORM_LOG &&
		 sclog_container_recording_profile(known, &profile) < 0)
		rc = sclog_error_oom(err);
	if (rc < 0)
		return rc;
	if (r.cmd.engine || r.cmd.runtime == SCLOG_CONTAINER_CTR) {
		rc = write_new(r.dir, "seccomp.json", profile, err);
		if (rc == 0 && asprintf(&path, "%s/seccomp.json", r.dir) < 0)
			rc = sclog_error_oom(err);
		if (rc == 0 && describe_engine(&r) < 0)
			rc = sclog_error_oom(err);
	} else {
		rc = copy_bundle(&r, profile, err);
		path = rc == 0 ? strdup(r.dir) : NULL;
		if (rc == 0 && (!path || asprintf(&r.path, "%s run", r.cmd.name) < 0))
			rc = sclog_error_oom(err);
	}
	if (rc == 0 && bypasses_left_out(&r) < 0)
		rc = sclog_error_oom(err);
	if (rc == 0 && sclog_container_argv(argv, &r.cmd, path, &r.argv) < 0)
		rc = sclog_error_oom(err);
	if (rc < 0)
		return rc;
	*ret = r;
	r = (struct sclog_container_run){ .no_new_privileges = -1, .socket = -1 };
	return 0;
}

int sclog_container_setup(char *const argv[], const struct sclog_policy *known, const char *policy,
			  enum sclog_container_form form, struct sclog_container_run *ret,
			  struct sclog_error *err)
{
	return setup(argv, known, policy, NULL, form, ret, err);
}

int sclog_container_setup_phased(char *const argv[], const struct sclog_container_phased *phased,
				 struct sclog_container_run *ret, struct sclog_error *err)
{
	return setup(argv, NULL, phased->policy, phased, SCLOG_CONTAINER_FORM_LISTENER, ret, err);
}

void sclog_container_run_warn(const struct sclog_container_run *r)
{
	if (r->replaced)
		sclog_warn("warning: %s is replaced by the %s profile for this run", r->replaced,
			   r->phased ? "phased" : "recording");
	if (r->annotations)
		sclog_warn("warning: %s left out of this run: crun would load other BPF than "
			   "the %s profile, or hand its listener to another process, and "
			   "the calls would go %s",
			   r->annotations, r->phased ? "phased" : "recording",
			   r->phased ? "unanswered" : "unrecorded");
}

void sclog_container_run_info(const struct sclog_container_run *r, struct sclog_run_info *info)
{
	if (!r->argv)
		return;
	info->container_runtime = r->cmd.name;
	info->container_path = r->path;
	info->container_nnp = r->no_new_privileges;
	info->container_replaced = r->replaced;
	info->container_annotations = r->annotations;
	info->container_listener = r->listener;
}

void sclog_container_run_done(struct sclog_container_run *r)
{
	if (r->dir) {
		static const char *const files[] = { "config.json", "seccomp.json",
						     "listener.sock" };

		for (size_t i = 0; i < ELEMENTSOF(files); i++) {
			_cleanup_free_ char *p = NULL;

			if (asprintf(&p, "%s/%s", r->dir, files[i]) >= 0)
				unlink(p);
		}
		rmdir(r->dir);
	}
	free(r->dir);
	sclog_strv_free(r->argv);
	free(r->replaced);
	free(r->annotations);
	free(r->path);
	free(r->listener);
	if (r->socket >= 0)
		close(r->socket);
	*r = (struct sclog_container_run){ .no_new_privileges = -1, .socket = -1 };
}
