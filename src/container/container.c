// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runtime command lines and bundle configurations, for recording a container
 * in place.  Pure: takes strings, returns strings.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "sclog/basic/arch.h"
#include "sclog/container/container.h"
#include "sclog/basic/quote.h"
#include "sclog/policy/export/export.h"
#include "sclog/basic/json_format.h"
#include "sclog/basic/json_read.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/strv.h"

/* What sclog needs to know of an option; every other one is passed on. */
enum role { ROLE_NONE, ROLE_BUNDLE, ROLE_CONFIG, ROLE_RUNTIME, ROLE_SECURITY_OPT,
	    ROLE_PRIVILEGED, ROLE_ANNOTATION };

struct option_spec {
	const char *name;   /* long name, without dashes */
	char short_name;    /* or 0 */
	int value;          /* takes a value */
	enum role role;
};

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
	{ "cgroup-manager", 0, 1, ROLE_NONE }, { "debug", 0, 0, ROLE_NONE },
	{ "log", 0, 1, ROLE_NONE },	       { "log-format", 0, 1, ROLE_NONE },
	{ "log-level", 0, 1, ROLE_NONE },      { "root", 0, 1, ROLE_NONE },
	{ "rootless", 0, 1, ROLE_NONE },       { "systemd-cgroup", 0, 0, ROLE_NONE },
	{ "help", '?', 0, ROLE_NONE },	       { "usage", 0, 0, ROLE_NONE },
	{ "version", 'V', 0, ROLE_NONE },      { NULL, 'v', 0, ROLE_NONE },
	{},
};
static const struct option_spec crun_run[] = {
	{ "bundle", 'b', 1, ROLE_BUNDLE },     { "config", 'f', 1, ROLE_CONFIG },
	{ "console-socket", 0, 1, ROLE_NONE }, { "detach", 'd', 0, ROLE_NONE },
	{ "no-new-keyring", 0, 0, ROLE_NONE }, { "no-pivot", 0, 0, ROLE_NONE },
	{ "no-subreaper", 0, 0, ROLE_NONE },   { "pid-file", 0, 1, ROLE_NONE },
	{ "preserve-fds", 0, 1, ROLE_NONE },   { "keep", 0, 0, ROLE_NONE },
	{ "help", '?', 0, ROLE_NONE },	       { "usage", 0, 0, ROLE_NONE },
	{},
};
static const struct option_spec runc_global[] = {
	{ "debug", 0, 0, ROLE_NONE },	       { "log", 0, 1, ROLE_NONE },
	{ "log-format", 0, 1, ROLE_NONE },     { "root", 0, 1, ROLE_NONE },
	{ "criu", 0, 1, ROLE_NONE },	       { "systemd-cgroup", 0, 0, ROLE_NONE },
	{ "rootless", 0, 1, ROLE_NONE },       { "help", 'h', 0, ROLE_NONE },
	{ "version", 'v', 0, ROLE_NONE },      {},
};
static const struct option_spec runc_run[] = {
	{ "bundle", 'b', 1, ROLE_BUNDLE },     { "console-socket", 0, 1, ROLE_NONE },
	{ "detach", 'd', 0, ROLE_NONE },       { "keep", 0, 0, ROLE_NONE },
	{ "pid-file", 0, 1, ROLE_NONE },       { "no-subreaper", 0, 0, ROLE_NONE },
	{ "no-pivot", 0, 0, ROLE_NONE },       { "no-new-keyring", 0, 0, ROLE_NONE },
	{ "preserve-fds", 0, 1, ROLE_NONE },   { "help", 'h', 0, ROLE_NONE },
	{},
};
static const struct option_spec podman_global[] = {
	{ "runtime", 0, 1, ROLE_RUNTIME },     { "help", 'h', 0, ROLE_NONE },
	{ "version", 'v', 0, ROLE_NONE },      { "remote", 'r', 0, ROLE_NONE },
	{ "syslog", 0, 0, ROLE_NONE },	       { "trace", 0, 0, ROLE_NONE },
	{ "noout", 0, 0, ROLE_NONE },	       { "transient-store", 0, 0, ROLE_NONE },
	{ "debug", 0, 0, ROLE_NONE },	       {},
};
static const struct option_spec podman_run[] = {
	{ "security-opt", 0, 1, ROLE_SECURITY_OPT },
	{ "privileged", 0, 0, ROLE_PRIVILEGED },
	{ "annotation", 0, 1, ROLE_ANNOTATION },
	{ "detach", 'd', 0, ROLE_NONE },       { "interactive", 'i', 0, ROLE_NONE },
	{ "tty", 't', 0, ROLE_NONE },	       { "publish-all", 'P', 0, ROLE_NONE },
	{ "quiet", 'q', 0, ROLE_NONE },	       { "rm", 0, 0, ROLE_NONE },
	{ "rmi", 0, 0, ROLE_NONE },	       { "rootfs", 0, 0, ROLE_NONE },
	{ "init", 0, 0, ROLE_NONE },	       { "read-only", 0, 0, ROLE_NONE },
	{ "read-only-tmpfs", 0, 0, ROLE_NONE }, { "replace", 0, 0, ROLE_NONE },
	{ "no-healthcheck", 0, 0, ROLE_NONE }, { "no-hosts", 0, 0, ROLE_NONE },
	{ "oom-kill-disable", 0, 0, ROLE_NONE }, { "env-host", 0, 0, ROLE_NONE },
	{ "http-proxy", 0, 0, ROLE_NONE },     { "unsetenv-all", 0, 0, ROLE_NONE },
	{ "disable-content-trust", 0, 0, ROLE_NONE }, { "sig-proxy", 0, 0, ROLE_NONE },
	{ "passwd", 0, 0, ROLE_NONE },	       { "tls-verify", 0, 0, ROLE_NONE },
	{ "help", 0, 0, ROLE_NONE },	       {},
};

/* The syntax of a runtime's command line. */
struct syntax {
	const struct option_spec *global, *run;
	int unknown_has_value; /* podman: see above */
	int go_flags;          /* runc: "-bundle" is a long option (Go's flag package) */
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
 * value is missing.
 */
static int take_option(char *const argv[], size_t i, const struct option_spec *t,
		       const struct syntax *s, enum role *ret_role, const char **ret_value,
		       struct sclog_error *err)
{
	const char *a = argv[i];
	const struct option_spec *o = NULL;
	int value = s->unknown_has_value;

	*ret_role = ROLE_NONE;
	*ret_value = NULL;
	if (a[1] == '-' || (s->go_flags && a[2])) {
		const char *name = a + (a[1] == '-' ? 2 : 1), *eq = strchr(name, '=');

		o = find_long(t, name, eq ? (size_t)(eq - name) : strlen(name));
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
			if (!value)
				continue;
			*ret_role = o ? o->role : ROLE_NONE;
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
		return sclog_error_set(err, -EINVAL, "option '%s' of the runtime command needs a "
				       "value", a);
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
		return sclog_error_set(err, -EINVAL, "the runtime command repeats the options "
				       "sclog replaces too often");
	while (n--)
		c->drop[c->n_drop++] = i++;
	return 0;
}

static int unsupported(const char *name, struct sclog_error *err)
{
	if (strcmp(name, "docker") == 0)
		return sclog_error_set(
			err, -EOPNOTSUPP,
			"docker run cannot be recorded in place: the Docker daemon starts the "
			"container (dockerd -> containerd -> containerd-shim -> runc), so its "
			"processes are not descendants of the docker command and do not carry "
			"its audit session; sclog could not tell their records from any other "
			"process's. Record the same image with 'podman run' (the same options "
			"work), or with runc or crun on an OCI bundle, and pass the profile to "
			"docker with --security-opt seccomp=FILE");
	return sclog_error_set(err, -EOPNOTSUPP,
			       "--container understands 'podman run', 'crun run' and 'runc run', "
			       "not '%s': give one of those after --", name);
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

int sclog_container_parse(char *const argv[], struct sclog_container_cmd *ret,
			  struct sclog_error *err)
{
	static const struct syntax podman = { podman_global, podman_run, 1, 0 };
	static const struct syntax crun = { crun_global, crun_run, 0, 0 };
	static const struct syntax runc = { runc_global, runc_run, 0, 1 };
	struct sclog_container_cmd c = { .bundle = "." };
	const struct syntax *s;
	const char *name;
	size_t i = 1;
	int in_run = 0, operands = 0;

	if (!argv[0])
		return sclog_error_set(err, -EINVAL, "no runtime command given");
	name = base_name(argv[0]);
	if (strcmp(name, "podman") == 0) {
		c.runtime = SCLOG_CONTAINER_PODMAN;
		s = &podman;
	} else if (strcmp(name, "crun") == 0) {
		c.runtime = SCLOG_CONTAINER_CRUN;
		s = &crun;
	} else if (strcmp(name, "runc") == 0) {
		c.runtime = SCLOG_CONTAINER_RUNC;
		s = &runc;
	} else {
		return unsupported(name, err);
	}
	c.name = name;

	for (; argv[i]; i++) {
		const char *a = argv[i], *value;
		enum role role;
		int n;

		if (a[0] != '-' || !a[1]) {
			if (!in_run) {
				/* podman container run = podman run */
				if (c.runtime == SCLOG_CONTAINER_PODMAN &&
				    strcmp(a, "container") == 0 && argv[i + 1] &&
				    strcmp(argv[i + 1], "run") == 0)
					continue;
				if (strcmp(a, "run") != 0)
					return sclog_error_set(
						err, -EOPNOTSUPP,
						"--container records '%s run', not '%s %s': %s", name,
						name, a,
						strcmp(a, "create") == 0 || strcmp(a, "start") == 0
							? "the container must be created and started "
							  "by the command sclog starts"
							: "give the command that runs the container");
				c.verb = i;
				in_run = 1;
				continue;
			}
			if (c.runtime == SCLOG_CONTAINER_PODMAN)
				break; /* the image; the rest is the container's command */
			if (operands++)
				return sclog_error_set(err, -EINVAL, "%s run takes one container id, "
						       "got '%s' and '%s'", name, c.id, a);
			c.id = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			if (!in_run)
				break;
			if (c.runtime == SCLOG_CONTAINER_PODMAN)
				break;
			if (argv[i + 1] && !c.id) {
				c.id = argv[++i];
				operands++;
			}
			continue;
		}
		n = take_option(argv, i, in_run ? s->run : s->global, s, &role, &value, err);
		if (n < 0)
			return n;
		switch (role) {
		case ROLE_BUNDLE:
			c.bundle = value;
			if (drop(&c, i, n, err) < 0)
				return err->code;
			break;
		case ROLE_CONFIG:
			c.config = value;
			if (drop(&c, i, n, err) < 0)
				return err->code;
			break;
		case ROLE_RUNTIME:
			c.oci_runtime = value;
			break;
		case ROLE_SECURITY_OPT:
			if (strncmp(value, "seccomp=", 8) == 0 || strncmp(value, "seccomp:", 8) == 0) {
				c.seccomp = value;
				if (drop(&c, i, n, err) < 0)
					return err->code;
			} else if (strcmp(value, "no-new-privileges") == 0 ||
				   strcmp(value, "no-new-privileges=true") == 0 ||
				   strcmp(value, "no-new-privileges:true") == 0) {
				c.no_new_privileges = 1;
			}
			break;
		case ROLE_PRIVILEGED:
			c.privileged = 1;
			break;
		case ROLE_ANNOTATION:
			if (!sclog_container_annotation_bypasses(value))
				break;
			if (drop(&c, i, n, err) < 0)
				return err->code;
			c.annotations[c.n_annotations++] = value;
			break;
		case ROLE_NONE:
			break;
		}
		i += (size_t)n - 1;
	}
	if (!in_run)
		return sclog_error_set(err, -EINVAL, "no 'run' in the runtime command: give '%s "
				       "run …' after --", name);
	if (c.runtime == SCLOG_CONTAINER_PODMAN && !argv[i])
		return sclog_error_set(err, -EINVAL, "podman run needs an image or --rootfs DIR");
	if (c.runtime != SCLOG_CONTAINER_PODMAN && !c.id)
		return sclog_error_set(err, -EINVAL, "%s run needs a container id", name);
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
	return "podman";
}

int sclog_container_argv(char *const argv[], const struct sclog_container_cmd *c,
			 const char *path, char ***ret)
{
	size_t n = 0, k = 0;
	char **v;

	while (argv[n])
		n++;
	v = calloc(n + 3, sizeof(*v));
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
		if (c->runtime == SCLOG_CONTAINER_PODMAN) {
			if (!(v[k++] = strdup("--security-opt")) ||
			    asprintf(&v[k++], "seccomp=%s", path) < 0) {
				v[k - 1] = NULL;
				goto oom;
			}
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

int sclog_container_recording_profile(const struct sclog_policy *known, char **ret_json)
{
	/* As sclog's own recording filter (filter.c): what @known lets run
	 * runs, everything it would stop (its default included) is logged. */
	const struct sclog_action log = { .kind = SCLOG_ACT_LOG };
	const struct sclog_action allow = { .kind = SCLOG_ACT_ALLOW };
	int permissive = known && sclog_action_permits(&known->default_action);
	struct sclog_policy *p = sclog_policy_new(permissive ? &allow : &log);
	uint32_t arches[8];
	size_t n;
	int r = p ? 0 : -ENOMEM;

	/* A runtime kills a call of an architecture its profile does not list:
	 * list the native one and its compat ones, so every call is logged. */
	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = sclog_policy_add_arch(p, arches[i]);
	for (size_t i = 0; r == 0 && known && i < known->n_arches; i++)
		r = sclog_policy_add_arch(p, known->arches[i]);
	for (size_t i = 0; r == 0 && known && i < known->n_rules; i++) {
		struct sclog_rule rule = known->rules[i];

		rule.action = sclog_action_permits(&rule.action) ? allow : log;
		/* libseccomp refuses a rule with the default's action. */
		if (rule.action.kind != p->default_action.kind)
			r = sclog_policy_add_rule(p, &rule, NULL);
	}
	if (r == 0)
		r = sclog_export_oci(p, ret_json);
	sclog_policy_free(p);
	return r;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(json_object_get_string(*(json_object *const *)a),
		      json_object_get_string(*(json_object *const *)b));
}

/* Whether the string array @names holds @name. */
static int names_hold(json_object *names, const char *name)
{
	for (size_t i = 0; i < json_object_array_length(names); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(names, i)), name) == 0)
			return 1;
	return 0;
}

static int rule_has_args(json_object *rule)
{
	json_object *args = json_object_object_get(rule, "args");

	return args && json_object_array_length(args) > 0;
}

/* Every syscall name libseccomp knows on @arches, sorted, without those in
 * the array @except. */
static json_object *all_names(const uint32_t *arches, size_t n, json_object *except)
{
	json_object *names = json_object_new_array(), *seen = json_object_new_object();

	for (size_t a = 0; names && seen && a < n; a++)
		for (int nr = 0; nr < SCLOG_CONTAINER_MAX_NR; nr++) {
			/* x32's calls carry the x32 bit (sclog_arch_of). */
			char *name = seccomp_syscall_resolve_num_arch(
				arches[a], arches[a] == SCMP_ARCH_X32 ? nr | 0x40000000 : nr);

			if (name && !names_hold(except, name) &&
			    !json_object_object_get_ex(seen, name, NULL)) {
				json_object_object_add(seen, name, NULL);
				json_object_array_add(names, json_object_new_string(name));
			}
			free(name);
		}
	json_object_put(seen);
	if (names)
		json_object_array_sort(names, compare_strings);
	return names;
}

/*
 * runc's form: the default can be neither NOTIFY nor LOG, so every name
 * not allowed unconditionally is listed with NOTIFY and the default fails
 * with ENOSYS.  An allow with argument conditions cannot stand beside that
 * list (libseccomp drops a conditional rule of a name that has an
 * unconditional one), and write cannot be NOTIFY.
 */
static int runc_form(json_object *p, const char *policy, int *write_unseen,
		     struct sclog_error *err)
{
	json_object *old = json_object_object_get(p, "syscalls"), *rules, *rule, *allowed;
	uint32_t arches[8];
	size_t n;

	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	rules = json_object_new_array();
	allowed = json_object_new_array();
	if (!rules || !allowed)
		goto oom;
	for (size_t i = 0; old && i < json_object_array_length(old); i++) {
		json_object *r = json_object_array_get_idx(old, i);
		json_object *names = json_object_object_get(r, "names");

		if (rule_has_args(r)) {
			json_object_put(rules);
			json_object_put(allowed);
			return sclog_error_set(err, -EOPNOTSUPP, "%s allows %s under argument "
					       "conditions, which runc's form of the listener "
					       "profile cannot keep (libseccomp drops them beside "
					       "the NOTIFY rule of every name): use crun, or "
					       "--backend audit as root", policy,
					       json_object_get_string(
						       json_object_array_get_idx(names, 0)));
		}
		for (size_t k = 0; k < json_object_array_length(names); k++)
			json_object_array_add(allowed, json_object_get(
							       json_object_array_get_idx(names, k)));
	}
	*write_unseen = !names_hold(allowed, "write");
	if (*write_unseen)
		json_object_array_add(allowed, json_object_new_string("write"));
	if (!(rule = json_object_new_object()))
		goto oom;
	json_object_object_add(rule, "names", all_names(arches, n, allowed));
	json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_NOTIFY"));
	json_object_array_add(rules, rule);
	if (!(rule = json_object_new_object()))
		goto oom;
	json_object_object_add(rule, "names", allowed);
	json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_ALLOW"));
	json_object_array_add(rules, rule);
	json_object_object_add(p, "syscalls", rules);
	json_object_object_add(p, "defaultAction", json_object_new_string("SCMP_ACT_ERRNO"));
	json_object_object_add(p, "defaultErrnoRet", json_object_new_int(ENOSYS));
	return 0;
oom:
	json_object_put(rules);
	json_object_put(allowed);
	return sclog_error_set(err, -ENOMEM, "out of memory");
}

int sclog_container_listener_profile(enum sclog_container_runtime runtime, const char *socket,
				     const struct sclog_policy *known, const char *policy,
				     int *write_unseen, char **ret_json, struct sclog_error *err)
{
	_cleanup_free_ char *base = NULL;
	json_object *p, *rules, *def;
	int r;

	*write_unseen = 0;
	if (sclog_container_recording_profile(known, &base) < 0)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	r = sclog_json_read(base, strlen(base), "the recording profile", &p, err);
	if (r < 0)
		return r;
	json_object_object_add(p, "listenerPath", json_object_new_string(socket));
	/* What the recording profile logs, the runtime's filter notifies. */
	def = json_object_object_get(p, "defaultAction");
	if (strcmp(json_object_get_string(def), "SCMP_ACT_LOG") == 0 &&
	    runtime != SCLOG_CONTAINER_CRUN) {
		r = runc_form(p, policy, write_unseen, err);
		goto out;
	}
	if (strcmp(json_object_get_string(def), "SCMP_ACT_LOG") == 0)
		json_object_object_add(p, "defaultAction",
				       json_object_new_string("SCMP_ACT_NOTIFY"));
	rules = json_object_object_get(p, "syscalls");
	for (size_t i = 0; rules && i < json_object_array_length(rules); i++) {
		json_object *rule = json_object_array_get_idx(rules, i);

		if (strcmp(json_object_get_string(json_object_object_get(rule, "action")),
			   "SCMP_ACT_LOG") != 0)
			continue;
		/* A deny-list policy: what it denies is notified. */
		if (runtime != SCLOG_CONTAINER_CRUN &&
		    names_hold(json_object_object_get(rule, "names"), "write")) {
			json_object_put(p);
			return sclog_error_set(err, -EOPNOTSUPP, "%s does not allow write, and runc "
					       "refuses SCMP_ACT_NOTIFY for write: use crun, or "
					       "--backend audit as root", policy);
		}
		json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_NOTIFY"));
	}
	r = 0;
out:
	if (r == 0 && sclog_json_format(p, ret_json) < 0)
		r = sclog_error_set(err, -ENOMEM, "out of memory");
	json_object_put(p);
	return r;
}

/* @o's member @key when it is an object (created when absent), else NULL. */
static json_object *object_member(json_object *o, const char *key)
{
	json_object *m;

	if (json_object_object_get_ex(o, key, &m))
		return json_object_is_type(m, json_type_object) ? m : NULL;
	m = json_object_new_object();
	if (m && json_object_object_add(o, key, m) < 0) {
		json_object_put(m);
		return NULL;
	}
	return m;
}

/* Replace the string member @key of @o by @bundle/value when it is relative. */
static int absolutize(json_object *o, const char *key, const char *bundle)
{
	json_object *v;
	const char *s;
	char *abs;
	int r;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return 0;
	s = json_object_get_string(v);
	if (s[0] == '/')
		return 0;
	if (asprintf(&abs, "%s/%s", bundle, s) < 0)
		return -ENOMEM;
	r = json_object_set_string(v, abs) ? 0 : -ENOMEM;
	free(abs);
	return r;
}

static int is_bind(json_object *mount)
{
	json_object *type, *options;

	if (json_object_object_get_ex(mount, "type", &type) &&
	    json_object_is_type(type, json_type_string) &&
	    strcmp(json_object_get_string(type), "bind") == 0)
		return 1;
	if (!json_object_object_get_ex(mount, "options", &options) ||
	    !json_object_is_type(options, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(options); i++) {
		const char *opt = json_object_get_string(json_object_array_get_idx(options, i));

		if (opt && (strcmp(opt, "bind") == 0 || strcmp(opt, "rbind") == 0))
			return 1;
	}
	return 0;
}

/* A few words on the seccomp setting sclog replaces, for the warning. */
static char *describe_seccomp(json_object *seccomp, const char *source)
{
	json_object *def, *rules;
	char *s = NULL;
	size_t names = 0;

	if (json_object_object_get_ex(seccomp, "syscalls", &rules) &&
	    json_object_is_type(rules, json_type_array))
		for (size_t i = 0; i < json_object_array_length(rules); i++) {
			json_object *r = json_object_array_get_idx(rules, i), *n;

			if (json_object_object_get_ex(r, "names", &n) &&
			    json_object_is_type(n, json_type_array))
				names += json_object_array_length(n);
		}
	if (!json_object_object_get_ex(seccomp, "defaultAction", &def) ||
	    !json_object_is_type(def, json_type_string))
		def = NULL;
	if (asprintf(&s, "linux.seccomp of %s (defaultAction %s, %zu syscall names)", source,
		     def ? json_object_get_string(def) : "none", names) < 0)
		return NULL;
	return s;
}

/* Remove the annotations that would replace or bypass the recording
 * profile; their names, comma-separated, in @info->annotations. */
static int strip_annotations(json_object *root, struct sclog_container_config_info *info)
{
	json_object *a;
	char *names = NULL;
	size_t len = 0;
	FILE *f;
	int n = 0;

	if (!json_object_object_get_ex(root, "annotations", &a) ||
	    !json_object_is_type(a, json_type_object))
		return 0;
	f = open_memstream(&names, &len);
	if (!f)
		return -ENOMEM;
	for (;;) {
		const char *found = NULL;

		json_object_object_foreach(a, key, val) {
			(void)val;
			if (sclog_container_annotation_bypasses(key)) {
				found = key;
				break;
			}
		}
		if (!found)
			break;
		fprintf(f, "%s%s", n++ ? ", " : "", sclog_quoted_path(found));
		json_object_object_del(a, found);
	}
	if (fclose(f) != 0) {
		free(names);
		return -ENOMEM;
	}
	if (n)
		info->annotations = names;
	else
		free(names);
	return 0;
}

int sclog_container_config(const char *buf, size_t len, const char *source, const char *bundle,
			   const char *profile_json, char **ret_json,
			   struct sclog_container_config_info *ret_info, struct sclog_error *err)
{
	struct sclog_container_config_info info = { 0 };
	json_object *root, *linux_obj, *process, *root_obj, *mounts, *seccomp, *v;
	char *out = NULL;
	int r;

	r = sclog_json_read(buf, len, source, &root, err);
	if (r < 0)
		return r;
	if (!json_object_is_type(root, json_type_object)) {
		r = sclog_error_set(err, -EINVAL, "%s: not an OCI configuration (a JSON object)",
				    source);
		goto done;
	}
	linux_obj = object_member(root, "linux");
	if (!linux_obj) {
		r = sclog_error_set(err, -EINVAL, "%s: $.linux is not an object", source);
		goto done;
	}
	if (json_object_object_get_ex(linux_obj, "seccomp", &v) && !json_object_is_type(v, json_type_null)) {
		info.replaced = describe_seccomp(v, source);
		if (!info.replaced)
			goto oom;
	}
	if (sclog_json_read(profile_json, strlen(profile_json), "the recording profile", &seccomp,
			    err) < 0)
		goto fail;
	if (json_object_object_add(linux_obj, "seccomp", seccomp) < 0) {
		json_object_put(seccomp);
		goto oom;
	}
	if (strip_annotations(root, &info) < 0)
		goto oom;
	if (json_object_object_get_ex(root, "process", &process) &&
	    json_object_object_get_ex(process, "noNewPrivileges", &v))
		info.no_new_privileges = json_object_get_boolean(v);

	/* The copy lives outside the bundle: what the runtime would resolve
	 * against the bundle directory must name it absolutely. */
	if (json_object_object_get_ex(root, "root", &root_obj) &&
	    json_object_is_type(root_obj, json_type_object) && absolutize(root_obj, "path", bundle) < 0)
		goto oom;
	if (json_object_object_get_ex(root, "mounts", &mounts) &&
	    json_object_is_type(mounts, json_type_array))
		for (size_t i = 0; i < json_object_array_length(mounts); i++) {
			json_object *m = json_object_array_get_idx(mounts, i);

			if (json_object_is_type(m, json_type_object) && is_bind(m) &&
			    absolutize(m, "source", bundle) < 0)
				goto oom;
		}
	if (sclog_json_format(root, &out) < 0)
		goto oom;
	*ret_json = out;
	*ret_info = info;
	json_object_put(root);
	return 0;
oom:
	r = sclog_error_set(err, -ENOMEM, "out of memory");
	goto done;
fail:
	r = err->code;
done:
	sclog_container_config_info_done(&info);
	json_object_put(root);
	return r;
}

void sclog_container_config_info_done(struct sclog_container_config_info *info)
{
	free(info->replaced);
	free(info->annotations);
	info->replaced = NULL;
	info->annotations = NULL;
}
