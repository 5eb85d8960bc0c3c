// SPDX-License-Identifier: GPL-2.0-only
/*
 * containerd's client, `ctr [GLOBAL] run [OPTIONS] IMAGE|ROOTFS ID [CMD…]`:
 * where its seccomp options, the container id and the container's command
 * are.  Pure: takes strings, fills a struct sclog_container_cmd.
 */
#include <errno.h>
#include <string.h>

#include "sclog/container/cmdline_ctr.h"

/* What sclog needs to know of an option; every other one is passed on. */
enum ctr_role {
	CTR_NONE,
	CTR_SECCOMP,	     /* --seccomp: containerd's default profile */
	CTR_SECCOMP_PROFILE, /* --seccomp-profile FILE */
	CTR_CONFIG,	     /* --config FILE: the whole spec, seccomp options ignored */
	CTR_DETACH,
	CTR_NEW_PRIVS,
	CTR_PRIVILEGED,
	CTR_RUNC_BINARY,
	CTR_ANNOTATION,
};

struct ctr_option {
	const char *name; /* without dashes */
	char alias;	  /* a one-letter second name, or 0 */
	int value;	  /* takes a value */
	enum ctr_role role;
};

/*
 * ctr 1.6's options (`ctr --help`, `ctr run --help`, containerd 1.6.20).
 * ctr parses them with Go's flag package (urfave/cli 1, and `run` does not
 * reorder its arguments): "-name" and "--name" are the same, a value is
 * "-name=V" or the next word, and the first word that is not an option ends
 * the options.  A newer ctr may have more: an option not listed here is
 * taken to have a value, as most of them do.
 */
static const struct ctr_option ctr_global[] = {
	{ "debug", 0, 0, CTR_NONE },	   { "address", 'a', 1, CTR_NONE },
	{ "timeout", 0, 1, CTR_NONE },	   { "connect-timeout", 0, 1, CTR_NONE },
	{ "namespace", 'n', 1, CTR_NONE }, { "help", 'h', 0, CTR_NONE },
	{ "version", 'v', 0, CTR_NONE },   {},
};
static const struct ctr_option ctr_run[] = {
	{ "seccomp", 0, 0, CTR_SECCOMP },
	{ "seccomp-profile", 0, 1, CTR_SECCOMP_PROFILE },
	{ "config", 'c', 1, CTR_CONFIG },
	{ "detach", 'd', 0, CTR_DETACH },
	{ "allow-new-privs", 0, 0, CTR_NEW_PRIVS },
	{ "privileged", 0, 0, CTR_PRIVILEGED },
	{ "runc-binary", 0, 1, CTR_RUNC_BINARY },
	{ "annotation", 0, 1, CTR_ANNOTATION },
	{ "rm", 0, 0, CTR_NONE },
	{ "null-io", 0, 0, CTR_NONE },
	{ "cni", 0, 0, CTR_NONE },
	{ "runc-systemd-cgroup", 0, 0, CTR_NONE },
	{ "remap-labels", 0, 0, CTR_NONE },
	{ "net-host", 0, 0, CTR_NONE },
	{ "read-only", 0, 0, CTR_NONE },
	{ "tty", 't', 0, CTR_NONE },
	{ "rootfs", 0, 0, CTR_NONE },
	{ "no-pivot", 0, 0, CTR_NONE },
	{ "help", 'h', 0, CTR_NONE },
	/* Every other option of ctr 1.6's run takes a value (log-uri,
	 * fifo-dir, cgroup, platform, runc-root, uidmap, gidmap, cpus,
	 * cpu-shares, snapshotter, snapshotter-label, cwd, env, env-file,
	 * label, mount, runtime, runtime-config-path, with-ns, pid-file, gpus,
	 * memory-limit, device, cap-add, cap-drop, apparmor-default-profile,
	 * apparmor-profile, rdt-class, cpu-quota, cpu-period,
	 * rootfs-propagation). */
	{},
};

static const struct ctr_option *find(const struct ctr_option *t, const char *name, size_t len)
{
	for (; t->name; t++)
		if ((strlen(t->name) == len && strncmp(t->name, name, len) == 0) ||
		    (len == 1 && t->alias == name[0]))
			return t;
	return NULL;
}

/* The option at argv[i]: its role and value (NULL for a flag); returns how
 * many words it spans, or -EINVAL when its value is missing. */
static int take_option(char *const argv[], size_t i, const struct ctr_option *t,
		       enum ctr_role *ret_role, const char **ret_value, struct sclog_error *err)
{
	const char *name = argv[i] + (argv[i][1] == '-' ? 2 : 1), *eq = strchr(name, '=');
	const struct ctr_option *o = find(t, name, eq ? (size_t)(eq - name) : strlen(name));

	*ret_role = o ? o->role : CTR_NONE;
	*ret_value = eq ? eq + 1 : NULL;
	if (eq || (o && !o->value))
		return 1;
	if (!argv[i + 1])
		return sclog_error_set(err, -EINVAL, "option '%s' of ctr needs a value", argv[i]);
	*ret_value = argv[i + 1];
	return 2;
}

static int drop(struct sclog_container_cmd *c, size_t i, int n, struct sclog_error *err)
{
	if (c->n_drop + (size_t)n > SCLOG_CONTAINER_MAX_DROP)
		return sclog_error_set(err, -EINVAL,
				       "the ctr command repeats the options sclog replaces too "
				       "often");
	while (n--)
		c->drop[c->n_drop++] = i++;
	return 0;
}

/* A bool flag given "=false" is off, as Go's flag package reads it. */
static int flag_on(const char *value)
{
	return !value || !(strcmp(value, "false") == 0 || strcmp(value, "0") == 0 ||
			   strcmp(value, "f") == 0 || strcmp(value, "F") == 0 ||
			   strcmp(value, "FALSE") == 0 || strcmp(value, "False") == 0);
}

/* Note the run option of @role and @value at argv[@i], spanning @n words. */
static int take_role(struct sclog_container_cmd *c, enum ctr_role role, const char *value, size_t i,
		     int n, struct sclog_error *err)
{
	switch (role) {
	case CTR_SECCOMP:
		c->seccomp_flag = flag_on(value);
		return drop(c, i, n, err);
	case CTR_SECCOMP_PROFILE:
		c->seccomp = value;
		return drop(c, i, n, err);
	case CTR_CONFIG:
		/* Measured with ctr 1.6.20: under --config, --seccomp and
		 * --seccomp-profile change nothing. */
		return sclog_error_set(err, -EOPNOTSUPP,
				       "ctr run --config takes the container's whole spec from "
				       "%s and ignores --seccomp-profile, so the recording "
				       "profile would not be loaded: run the container without "
				       "--config, or record its OCI bundle with 'runc run'",
				       value);
	case CTR_DETACH:
		if (!flag_on(value))
			break;
		return sclog_error_set(err, -EOPNOTSUPP,
				       "ctr run --detach: the container would go on running under "
				       "containerd after ctr, and so after the recording, ended; "
				       "run it in the foreground (without -d) and sclog records it "
				       "until it exits");
	case CTR_NEW_PRIVS:
		c->no_new_privileges = !flag_on(value);
		break;
	case CTR_PRIVILEGED:
		c->privileged = flag_on(value);
		break;
	case CTR_RUNC_BINARY:
		c->oci_runtime = value;
		break;
	case CTR_ANNOTATION:
		if (!sclog_container_annotation_bypasses(value))
			break;
		if (drop(c, i, n, err) < 0)
			return err->code;
		c->annotations[c->n_annotations++] = value;
		break;
	case CTR_NONE:
		break;
	}
	return 0;
}

/*
 * The options from argv[*@i] on, of @table, up to the first word that is not
 * one (a "--" ends them and is skipped); with @c, their roles are noted.
 * Leaves *@i at that word.
 */
static int take_options(char *const argv[], size_t *i, const struct ctr_option *table,
			struct sclog_container_cmd *c, struct sclog_error *err)
{
	for (; argv[*i]; (*i)++) {
		const char *a = argv[*i], *value;
		enum ctr_role role;
		int n;

		if (strcmp(a, "--") == 0) {
			(*i)++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		n = take_option(argv, *i, table, &role, &value, err);
		if (n < 0)
			return n;
		if (c && take_role(c, role, value, *i, n, err) < 0)
			return err->code;
		*i += (size_t)n - 1;
	}
	return 0;
}

int sclog_container_parse_ctr(char *const argv[], struct sclog_container_cmd *c,
			      struct sclog_error *err)
{
	size_t i = 1;
	int r;

	c->daemon = 1;
	c->no_new_privileges = 1; /* ctr sets it unless --allow-new-privs */
	r = take_options(argv, &i, ctr_global, NULL, err);
	if (r < 0)
		return r;
	if (!argv[i] || strcmp(argv[i], "run") != 0)
		return sclog_error_set(err, -EOPNOTSUPP,
				       "--container records 'ctr run', not 'ctr %s': give the "
				       "ctr command that runs the container (ctr [GLOBAL] run "
				       "[OPTIONS] IMAGE ID [COMMAND…])",
				       argv[i] ? argv[i] : "");
	c->verb = i++;
	r = take_options(argv, &i, ctr_run, c, err);
	if (r < 0)
		return r;
	/* IMAGE (or the --rootfs directory), then ID; the container's command
	 * follows. */
	if (!argv[i] || !argv[i + 1])
		return sclog_error_set(err, -EINVAL,
				       "ctr run needs an image (or --rootfs DIR) and a container "
				       "id: ctr run [OPTIONS] IMAGE|ROOTFS ID [COMMAND…]");
	c->id = argv[i + 1];
	return 0;
}
