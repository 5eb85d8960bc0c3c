// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runtime command lines, for recording a container in place: which runtime,
 * where its bundle or seccomp option is, and the same command with the
 * recording profile.  Pure: takes strings, returns strings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"
#include "sclog/container/cmdline_docker.h"
#include "sclog/container/command_line.h"
#include "sclog/container/command_line_syntax.h"

/*
 * The options of each runtime, from its --help (crun 1.8.1, runc 1.1.5) and
 * from podman 4's flag definitions (cmd/podman/common/create.go,
 * cmd/podman/containers/run.go, cmd/podman/root.go).  What matters is which
 * options take a value: that is how the first operand (the container id,
 * the image) is told from an option's value.  podman has far more options
 * with values than without, so an option podman does not list here is taken
 * to have one; the other tables are complete.
 */
static const struct option_spec crun_global[] = {
	{ "cgroup-manager", 0, 1, ROLE_NONE },
	{ "debug", 0, 0, ROLE_NONE },
	{ "log", 0, 1, ROLE_NONE },
	{ "log-format", 0, 1, ROLE_NONE },
	{ "log-level", 0, 1, ROLE_NONE },
	{ "root", 0, 1, ROLE_NONE },
	{ "rootless", 0, 1, ROLE_NONE },
	{ "systemd-cgroup", 0, 0, ROLE_NONE },
	{ "help", '?', 0, ROLE_NONE },
	{ "usage", 0, 0, ROLE_NONE },
	{ "version", 'V', 0, ROLE_NONE },
	{ NULL, 'v', 0, ROLE_NONE },
	{},
};
static const struct option_spec crun_run[] = {
	{ "bundle", 'b', 1, ROLE_BUNDLE },
	{ "config", 'f', 1, ROLE_CONFIG },
	{ "console-socket", 0, 1, ROLE_NONE },
	{ "detach", 'd', 0, ROLE_NONE },
	{ "no-new-keyring", 0, 0, ROLE_NONE },
	{ "no-pivot", 0, 0, ROLE_NONE },
	{ "no-subreaper", 0, 0, ROLE_NONE },
	{ "pid-file", 0, 1, ROLE_NONE },
	{ "preserve-fds", 0, 1, ROLE_NONE },
	{ "keep", 0, 0, ROLE_NONE },
	{ "help", '?', 0, ROLE_NONE },
	{ "usage", 0, 0, ROLE_NONE },
	{},
};
static const struct option_spec runc_global[] = {
	{ "debug", 0, 0, ROLE_NONE },	   { "log", 0, 1, ROLE_NONE },
	{ "log-format", 0, 1, ROLE_NONE }, { "root", 0, 1, ROLE_NONE },
	{ "criu", 0, 1, ROLE_NONE },	   { "systemd-cgroup", 0, 0, ROLE_NONE },
	{ "rootless", 0, 1, ROLE_NONE },   { "help", 'h', 0, ROLE_NONE },
	{ "version", 'v', 0, ROLE_NONE },  {},
};
static const struct option_spec runc_run[] = {
	{ "bundle", 'b', 1, ROLE_BUNDLE },
	{ "console-socket", 0, 1, ROLE_NONE },
	{ "detach", 'd', 0, ROLE_NONE },
	{ "keep", 0, 0, ROLE_NONE },
	{ "pid-file", 0, 1, ROLE_NONE },
	{ "no-subreaper", 0, 0, ROLE_NONE },
	{ "no-pivot", 0, 0, ROLE_NONE },
	{ "no-new-keyring", 0, 0, ROLE_NONE },
	{ "preserve-fds", 0, 1, ROLE_NONE },
	{ "help", 'h', 0, ROLE_NONE },
	{},
};
static const struct option_spec podman_global[] = {
	{ "runtime", 0, 1, ROLE_RUNTIME }, { "help", 'h', 0, ROLE_NONE },
	{ "version", 'v', 0, ROLE_NONE },  { "remote", 'r', 0, ROLE_NONE },
	{ "syslog", 0, 0, ROLE_NONE },	   { "trace", 0, 0, ROLE_NONE },
	{ "noout", 0, 0, ROLE_NONE },	   { "transient-store", 0, 0, ROLE_NONE },
	{ "debug", 0, 0, ROLE_NONE },	   {},
};
static const struct option_spec podman_run[] = {
	{ "security-opt", 0, 1, ROLE_SECURITY_OPT },
	{ "privileged", 0, 0, ROLE_PRIVILEGED },
	{ "annotation", 0, 1, ROLE_ANNOTATION },
	{ "detach", 'd', 0, ROLE_NONE },
	{ "interactive", 'i', 0, ROLE_NONE },
	{ "tty", 't', 0, ROLE_NONE },
	{ "publish-all", 'P', 0, ROLE_NONE },
	{ "quiet", 'q', 0, ROLE_NONE },
	{ "rm", 0, 0, ROLE_NONE },
	{ "rmi", 0, 0, ROLE_NONE },
	{ "rootfs", 0, 0, ROLE_NONE },
	{ "init", 0, 0, ROLE_NONE },
	{ "read-only", 0, 0, ROLE_NONE },
	{ "read-only-tmpfs", 0, 0, ROLE_NONE },
	{ "replace", 0, 0, ROLE_NONE },
	{ "no-healthcheck", 0, 0, ROLE_NONE },
	{ "no-hosts", 0, 0, ROLE_NONE },
	{ "oom-kill-disable", 0, 0, ROLE_NONE },
	{ "env-host", 0, 0, ROLE_NONE },
	{ "http-proxy", 0, 0, ROLE_NONE },
	{ "unsetenv-all", 0, 0, ROLE_NONE },
	{ "disable-content-trust", 0, 0, ROLE_NONE },
	{ "sig-proxy", 0, 0, ROLE_NONE },
	{ "passwd", 0, 0, ROLE_NONE },
	{ "tls-verify", 0, 0, ROLE_NONE },
	{ "help", 0, 0, ROLE_NONE },
	{},
};

static const struct option_spec *find_long(const struct option_spec *t, const char *name,
					   size_t len)
{
	for (; t->name || t->short_name; t++)
		if (t->name && strlen(t->name) == len && strncmp(t->name, name, len) == 0)
			return t;
	return NULL;
}

static const struct option_spec *find_short(const struct option_spec *t, char c)
{
	for (; t->name || t->short_name; t++)
		if (t->short_name == c)
			return t;
	return NULL;
}

/*
 * The option at argv[i]: fills @ret_role and @ret_value (NULL for a flag)
 * and returns how many arguments it spans (1 or 2), or -EINVAL when its
 * value is missing (@who names the command in the message).
 */
static int take_option(char *const argv[], size_t i, const struct option_spec *t,
		       const struct syntax *s, const char *who, enum role *ret_role,
		       const char **ret_value, struct sclog_error *err)
{
	const char *a = argv[i];
	const struct option_spec *o = NULL;
	int value = s->unknown_has_value;

	*ret_role = ROLE_NONE;
	*ret_value = NULL;
	if (a[1] == '-' || s->flags != FLAGS_GNU) {
		const char *name = a + (a[1] == '-' ? 2 : 1), *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);

		o = find_long(t, name, len);
		/* Go's flag package knows a one-letter name in every form */
		if (!o && len == 1 && s->flags != FLAGS_GNU)
			o = find_short(t, name[0]);
		if (o) {
			value = o->value;
			*ret_role = o->role;
		}
		if (eq) {
			*ret_value = eq + 1;
			return 1;
		}
	} else {
		/* A cluster of short options: the first one that takes a
		 * value takes the rest of the word, or the next word. */
		for (const char *c = a + 1; *c; c++) {
			o = find_short(t, *c);
			value = o ? o->value : s->unknown_has_value;
			if (o && o->role != ROLE_NONE)
				*ret_role = o->role; /* docker -it -d: ROLE_DETACH */
			if (!value)
				continue;
			if (c[1]) {
				*ret_value = c + 1;
				return 1;
			}
			break;
		}
	}
	if (!value)
		return 1;
	if (!argv[i + 1])
		return sclog_error_set(err, -EINVAL, "option '%s' of %s needs a value", a, who);
	*ret_value = argv[i + 1];
	return 2;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int drop(struct sclog_container_cmd *c, size_t i, int n, struct sclog_error *err)
{
	if (c->n_drop + (size_t)n > SCLOG_CONTAINER_MAX_DROP)
		return sclog_error_set(err, -EINVAL,
				       "the runtime command repeats the options "
				       "sclog replaces too often");
	while (n--)
		c->drop[c->n_drop++] = i++;
	return 0;
}

static int unsupported(const char *name, struct sclog_error *err)
{
	return sclog_error_set(err, -EOPNOTSUPP,
			       "--container understands 'podman run', 'docker run', 'crun run', "
			       "'runc run' and 'ctr run', not '%s': give one of those after --",
			       name);
}

int sclog_container_annotation_bypasses(const char *key)
{
	/* crun 1.8.1's man page, "Extensions to OCI": seccomp_bpf_data loads
	 * other BPF instead of linux.seccomp; seccomp.receiver and
	 * seccomp.plugins hand the listener to someone else;
	 * seccomp_fail_unknown_syscall judges sclog's profile by crun's own
	 * libseccomp.  The whole family is about the filter sclog replaces. */
	return strncmp(key, "run.oci.seccomp", 15) == 0;
}

/* The runtime argv[0] names, and its syntax; -EOPNOTSUPP for another. */
static int runtime_of(const char *argv0, struct sclog_container_cmd *c, const struct syntax **ret,
		      struct sclog_error *err)
{
	static const struct {
		const char *name;
		enum sclog_container_runtime runtime;
		struct syntax syntax;
		/* struct sclog_container_cmd; ctr sets no_new_privileges
		 * unless --allow-new-privs */
		int engine, daemon, no_new_privileges;
	} runtimes[] = {
		{ "podman",
		  SCLOG_CONTAINER_PODMAN,
		  { podman_global, podman_run, 1, FLAGS_GNU },
		  1,
		  0,
		  0 },
		{ "docker",
		  SCLOG_CONTAINER_DOCKER,
		  { sclog_docker_global, sclog_docker_run, 1, FLAGS_GNU },
		  1,
		  1,
		  0 },
		{ "crun", SCLOG_CONTAINER_CRUN, { crun_global, crun_run, 0, FLAGS_GNU }, 0, 0, 0 },
		{ "runc", SCLOG_CONTAINER_RUNC, { runc_global, runc_run, 0, FLAGS_GO }, 0, 0, 0 },
		{ "ctr",
		  SCLOG_CONTAINER_CTR,
		  { sclog_ctr_global, sclog_ctr_run, 1, FLAGS_GO_IN_ORDER },
		  0,
		  1,
		  1 },
	};
	const char *name = base_name(argv0);

	for (size_t i = 0; i < ELEMENTSOF(runtimes); i++)
		if (strcmp(name, runtimes[i].name) == 0) {
			c->runtime = runtimes[i].runtime;
			c->engine = runtimes[i].engine;
			c->daemon = runtimes[i].daemon;
			c->no_new_privileges = runtimes[i].no_new_privileges;
			c->name = name;
			*ret = &runtimes[i].syntax;
			return 0;
		}
	return unsupported(name, err);
}

/* A container id is missing after `@c->name run`. */
static int needs_id(const struct sclog_container_cmd *c, const struct syntax *s,
		    struct sclog_error *err)
{
	if (s->flags == FLAGS_GO_IN_ORDER)
		return sclog_error_set(err, -EINVAL,
				       "%s run needs an image (or --rootfs DIR) and a container "
				       "id: %s run [OPTIONS] IMAGE|ROOTFS ID [COMMAND…]",
				       c->name, c->name);
	return sclog_error_set(err, -EINVAL, "%s run needs a container id", c->name);
}

/*
 * A word of argv[@i] that is not an option: the verb, or after it the
 * container id, podman's image or ctr's IMAGE ID.  Returns 1 where the
 * runtime's own arguments end (the image: the rest is the container's
 * command), else 0, or -errno with @err set.
 */
static int take_word(char *const argv[], size_t i, const struct syntax *s,
		     struct sclog_container_cmd *c, struct sclog_error *err)
{
	const char *a = argv[i], *name = c->name;

	if (!c->verb) {
		/* podman container run = podman run, and so for docker */
		if (c->engine && strcmp(a, "container") == 0 && argv[i + 1] &&
		    strcmp(argv[i + 1], "run") == 0)
			return 0;
		if (strcmp(a, "run") != 0)
			return sclog_error_set(
				err, -EOPNOTSUPP, "--container records '%s run', not '%s %s': %s",
				name, name, a,
				strcmp(a, "create") == 0 || strcmp(a, "start") == 0 ?
					"the container must be created and started by the command "
					"sclog starts" :
					"give the command that runs the container");
		c->verb = i;
		return 0;
	}
	if (c->engine)
		return 1;
	if (s->flags == FLAGS_GO_IN_ORDER) {
		/* IMAGE (or the --rootfs directory), then ID; the container's
		 * command follows. */
		if (!argv[i + 1])
			return needs_id(c, s, err);
		c->id = argv[i + 1];
		return 1;
	}
	if (c->id)
		return sclog_error_set(err, -EINVAL,
				       "%s run takes one container id, got '%s' and "
				       "'%s'",
				       name, c->id, a);
	c->id = a;
	return 0;
}

/* "--" at argv[*@i]: as take_word() (the word after it is an operand, for
 * FLAGS_GO_IN_ORDER), or 1 where the runtime's own arguments end, else 0 (a
 * container id may follow, taken when none was given). */
static int take_dashes(char *const argv[], size_t *i, const struct syntax *s,
		       struct sclog_container_cmd *c, struct sclog_error *err)
{
	if (s->flags == FLAGS_GO_IN_ORDER) {
		if (!argv[*i + 1])
			return 1;
		return take_word(argv, ++*i, s, c, err);
	}
	if (!c->verb || c->engine)
		return 1;
	if (argv[*i + 1] && !c->id)
		c->id = argv[++*i];
	return 0;
}

/* Whether a boolean option given @value ("=V", NULL without) is on, as
 * Go's strconv.ParseBool reads it (pflag and urfave/cli use it). */
static int flag_on(const char *value)
{
	return !value || !(strcmp(value, "false") == 0 || strcmp(value, "0") == 0 ||
			   strcmp(value, "f") == 0 || strcmp(value, "F") == 0 ||
			   strcmp(value, "FALSE") == 0 || strcmp(value, "False") == 0);
}

/* What sclog refuses of a ctr run command line, known from one option. */
static int refuse_ctr(enum role role, const char *value, struct sclog_error *err)
{
	if (role == ROLE_WHOLE_SPEC)
		/* Measured with ctr 1.6.20: under --config, --seccomp and
		 * --seccomp-profile change nothing. */
		return sclog_error_set(err, -EOPNOTSUPP,
				       "ctr run --config takes the container's whole spec from "
				       "%s and ignores --seccomp-profile, so the recording "
				       "profile would not be loaded: run the container without "
				       "--config, or record its OCI bundle with 'runc run'",
				       value);
	return sclog_error_set(err, -EOPNOTSUPP,
			       "ctr run --detach: the container would go on running under "
			       "containerd after ctr, and so after the recording, ended; "
			       "run it in the foreground (without -d) and sclog records it "
			       "until it exits");
}

/* Note the option of @role and @value at argv[@i], spanning @n words. */
static int take_role(struct sclog_container_cmd *c, enum role role, const char *value, size_t i,
		     int n, struct sclog_error *err)
{
	switch (role) {
	case ROLE_BUNDLE:
		c->bundle = value;
		return drop(c, i, n, err) < 0 ? err->code : 0;
	case ROLE_CONFIG:
		c->config = value;
		return drop(c, i, n, err) < 0 ? err->code : 0;
	case ROLE_RUNTIME:
		c->oci_runtime = value;
		break;
	case ROLE_SECURITY_OPT:
		if (strncmp(value, "seccomp=", 8) == 0 || strncmp(value, "seccomp:", 8) == 0) {
			c->seccomp = value;
			return drop(c, i, n, err) < 0 ? err->code : 0;
		}
		if (strcmp(value, "no-new-privileges") == 0 ||
		    strcmp(value, "no-new-privileges=true") == 0 ||
		    strcmp(value, "no-new-privileges:true") == 0)
			c->no_new_privileges = 1;
		break;
	case ROLE_SECCOMP_FLAG:
		c->seccomp_flag = flag_on(value);
		return drop(c, i, n, err) < 0 ? err->code : 0;
	case ROLE_SECCOMP_PROFILE:
		c->seccomp = value;
		return drop(c, i, n, err) < 0 ? err->code : 0;
	case ROLE_NEW_PRIVS:
		c->no_new_privileges = !flag_on(value);
		break;
	case ROLE_PRIVILEGED:
		c->privileged = flag_on(value);
		break;
	case ROLE_DETACH:
		/* docker -d is refused once the whole command is known
		 * (cmdline_docker.c); ctr's at once */
		c->detach = flag_on(value);
		if (c->detach && c->runtime == SCLOG_CONTAINER_CTR)
			return refuse_ctr(role, value, err);
		break;
	case ROLE_WHOLE_SPEC:
		return refuse_ctr(role, value, err);
	case ROLE_ANNOTATION:
		if (!sclog_container_annotation_bypasses(value))
			break;
		if (drop(c, i, n, err) < 0)
			return err->code;
		c->annotations[c->n_annotations++] = value;
		break;
	case ROLE_NONE:
		break;
	}
	return 0;
}

int sclog_container_parse(char *const argv[], struct sclog_container_cmd *ret,
			  struct sclog_error *err)
{
	struct sclog_container_cmd c = { .bundle = "." };
	const struct syntax *s = NULL;
	const char *who;
	size_t i = 1;
	int r;

	if (!argv[0])
		return sclog_error_set(err, -EINVAL, "no runtime command given");
	r = runtime_of(argv[0], &c, &s, err);
	if (r < 0)
		return r;
	who = c.runtime == SCLOG_CONTAINER_CTR ? c.name : "the runtime command";
	/* c.verb, the index of "run", is 0 until "run" is seen. */
	for (; argv[i]; i++) {
		const char *a = argv[i], *value;
		enum role role;
		int n;

		if (a[0] != '-' || !a[1]) {
			r = take_word(argv, i, s, &c, err);
		} else if (strcmp(a, "--") == 0) {
			r = take_dashes(argv, &i, s, &c, err);
		} else {
			n = take_option(argv, i, c.verb ? s->run : s->global, s, who, &role, &value,
					err);
			if (n < 0)
				return n;
			r = take_role(&c, role, value, i, n, err);
			i += (size_t)n - 1;
		}
		if (r < 0)
			return r;
		if (r > 0)
			break;
	}
	if (!c.verb)
		return sclog_error_set(err, -EINVAL,
				       "no 'run' in the runtime command: give '%s "
				       "run …' after --",
				       c.name);
	if (c.engine && !argv[i])
		return sclog_error_set(err, -EINVAL, "%s run needs an image%s", c.name,
				       c.daemon ? "" : " or --rootfs DIR");
	if (c.runtime == SCLOG_CONTAINER_DOCKER && (r = sclog_container_docker_parsed(&c, err)) < 0)
		return r;
	if (!c.engine && !c.id)
		return needs_id(&c, s, err);
	*ret = c;
	return 0;
}

const char *sclog_container_runtime_name(const struct sclog_container_cmd *c)
{
	/* runtimes.json's "podman" is measured through podman itself, with
	 * crun and with runc (create + start under conmon). */
	if (c->runtime == SCLOG_CONTAINER_CRUN)
		return "crun";
	if (c->runtime == SCLOG_CONTAINER_RUNC)
		return "runc";
	if (c->runtime == SCLOG_CONTAINER_CTR)
		return c->oci_runtime && strcmp(base_name(c->oci_runtime), "crun") == 0 ? "crun" :
											  "runc";
	/* runtimes.json: docker "uses" runc */
	if (c->runtime == SCLOG_CONTAINER_DOCKER)
		return "docker";
	return "podman";
}

int sclog_container_argv(char *const argv[], const struct sclog_container_cmd *c, const char *path,
			 char ***ret)
{
	size_t n = 0, k = 0;
	char **v;

	while (argv[n])
		n++;
	v = calloc(n + 4, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int dropped = 0;

		for (size_t d = 0; d < c->n_drop; d++)
			dropped |= c->drop[d] == i;
		if (!dropped && !(v[k++] = strdup(argv[i])))
			goto oom;
		if (i != c->verb)
			continue;
		if (c->engine) {
			if (!(v[k++] = strdup("--security-opt")) ||
			    asprintf(&v[k++], "seccomp=%s", path) < 0) {
				v[k - 1] = NULL;
				goto oom;
			}
		} else if (c->runtime == SCLOG_CONTAINER_CTR) {
			if (!(v[k++] = strdup("--seccomp")) ||
			    !(v[k++] = strdup("--seccomp-profile")) || !(v[k++] = strdup(path)))
				goto oom;
		} else if (!(v[k++] = strdup("--bundle")) || !(v[k++] = strdup(path))) {
			goto oom;
		}
	}
	*ret = v;
	return 0;
oom:
	sclog_strv_free(v);
	return -ENOMEM;
}
