// SPDX-License-Identifier: GPL-2.0-only
/*
 * --user: who the command runs as.  The lookup (NSS, in sclog itself) and the
 * environment are prepared before the fork; the child only makes the
 * credential syscalls, before its filter, so they are not in the profile.
 */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/user.h"

/* A decimal id, or -EINVAL. */
static long long parse_id(const char *s)
{
	long long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (*s - '0');
		if (v >= UINT_MAX) /* (uid_t)-1 is no one */
			return -EINVAL;
	}
	return v;
}

static int lookup_group(const char *name, gid_t *ret_gid, struct sclog_error *err)
{
	struct group *gr;
	long long id;

	errno = 0;
	gr = getgrnam(name);
	if (!gr && (id = parse_id(name)) >= 0) {
		errno = 0;
		gr = getgrgid((gid_t)id);
	}
	if (!gr)
		return sclog_error_set(err, errno == ENOMEM ? -ENOMEM : -ENOENT,
				       "--user: there is no group '%s' (see getent group)", name);
	*ret_gid = gr->gr_gid;
	return 0;
}

int sclog_user_resolve(const char *spec, struct sclog_user **ret_user, struct sclog_error *err)
{
	_cleanup_free_ char *name = strdup(spec);
	_cleanup_free_ gid_t *groups = NULL;
	_cleanup_(sclog_user_freep) struct sclog_user *u = NULL;
	struct passwd *pw;
	char *group;
	gid_t gid;
	int n = 16, r;
	long long id;

	if (!name)
		return sclog_error_oom(err);
	group = strchr(name, ':');
	if (group)
		*group++ = '\0';
	if (!*name || (group && !*group))
		return sclog_error_set(err, -EINVAL, "--user '%s': give USER or USER:GROUP", spec);
	errno = 0;
	pw = getpwnam(name);
	if (!pw && (id = parse_id(name)) >= 0) {
		errno = 0;
		pw = getpwuid((uid_t)id);
	}
	if (!pw)
		return sclog_error_set(err, errno == ENOMEM ? -ENOMEM : -ENOENT,
				       "--user: there is no user '%s' (see getent passwd); "
				       "the command was not started",
				       name);
	gid = pw->pw_gid;
	if (group) {
		/* The user's strings stay valid: getgr* has buffers of its own. */
		r = lookup_group(group, &gid, err);
		if (r < 0)
			return r;
		n = 1;
		groups = malloc(sizeof(*groups));
		if (!groups)
			return sclog_error_oom(err);
		groups[0] = gid;
	} else {
		for (;;) {
			int want = n;

			free(groups);
			groups = malloc((size_t)want * sizeof(*groups));
			if (!groups)
				return sclog_error_oom(err);
			if (getgrouplist(pw->pw_name, gid, groups, &n) >= 0)
				break;
			if (n <= want) /* no growth asked for: give up */
				n = want * 2;
			if (n > 65536)
				return sclog_error_set(err, -E2BIG, "--user %s: too many groups",
						       pw->pw_name);
		}
	}
	u = calloc(1, sizeof(*u) + (size_t)n * sizeof(gid_t));
	if (!u)
		return sclog_error_oom(err);
	u->uid = pw->pw_uid;
	u->gid = gid;
	u->name = strdup(pw->pw_name);
	u->home = strdup(pw->pw_dir);
	u->n_groups = (size_t)n;
	memcpy(u->groups, groups, (size_t)n * sizeof(gid_t));
	if (!u->name || !u->home)
		return sclog_error_oom(err);
	*ret_user = TAKE_PTR(u);
	return 0;
}

struct sclog_user *sclog_user_free(struct sclog_user *user)
{
	if (user) {
		free(user->name);
		free(user->home);
		free(user);
	}
	return NULL;
}

char **sclog_user_environ_free(char **env)
{
	if (env)
		for (char **e = env; *e; e++)
			free(*e);
	free(env);
	return NULL;
}

/* The index in @keys of the variable @entry ("KEY=value") sets, or @n. */
static size_t key_of(const char *entry, const char *const *keys, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		size_t len = strlen(keys[k]);

		if (strncmp(entry, keys[k], len) == 0 && entry[len] == '=')
			break;
	}
	return k;
}

int sclog_user_environ(const struct sclog_user *user, char *const *env, char ***ret_env)
{
	/* util-linux su-common.c, modify_environment(), without --login. */
	const char *const keys[] = { "HOME", "USER", "LOGNAME" };
	const char *const values[] = { user->home, user->name, user->name };
	size_t n_keys = user->uid == 0 ? 1 : 3, n = 0, i, j = 0, k;
	int done[3] = { 0 };
	_cleanup_(sclog_user_environ_freep) char **out = NULL;

	while (env[n])
		n++;
	out = calloc(n + n_keys + 1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		k = key_of(env[i], keys, n_keys);
		if (k == n_keys) {
			out[j] = strdup(env[i]);
		} else if (done[k]) {
			continue; /* a duplicate: setenv() leaves one */
		} else {
			done[k] = 1;
			if (asprintf(&out[j], "%s=%s", keys[k], values[k]) < 0)
				out[j] = NULL;
		}
		if (!out[j++])
			return -ENOMEM;
	}
	for (k = 0; k < n_keys; k++) {
		if (done[k])
			continue;
		if (asprintf(&out[j], "%s=%s", keys[k], values[k]) < 0)
			out[j] = NULL;
		if (!out[j++])
			return -ENOMEM;
	}
	*ret_env = TAKE_PTR(out);
	return 0;
}

int sclog_user_switch(const struct sclog_user *user)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3] = { 0 };
	int keep = user->uid != 0 && geteuid() == 0;

	/*
	 * Keep CAP_SYS_ADMIN through the switch, and only it: with it the
	 * kernel installs the filter without no_new_privs, so set-user-ID
	 * programs gain their privileges as without sclog.  The execve()
	 * right after the filter drops it: a non-zero uid keeps no
	 * capability through the exec of a file without file capabilities,
	 * and the keep-caps flag ends there too (capabilities(7)).  Until
	 * then the user cannot ptrace the child (it has a capability the
	 * user lacks).
	 */
	if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return -errno;
	/* Groups first: after setresuid() we may no longer change them. */
	if (setgroups(user->n_groups, user->groups) < 0 ||
	    setresgid(user->gid, user->gid, user->gid) < 0 ||
	    setresuid(user->uid, user->uid, user->uid) < 0)
		return -errno;
	if (!keep)
		return 0;
	/* Permitted and effective: CAP_SYS_ADMIN; inheritable (and so
	 * ambient): nothing. */
	caps[CAP_TO_INDEX(CAP_SYS_ADMIN)].permitted = CAP_TO_MASK(CAP_SYS_ADMIN);
	caps[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective = CAP_TO_MASK(CAP_SYS_ADMIN);
	if (syscall(SYS_capset, &hdr, caps) < 0)
		return -errno;
	return 0;
}
