/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_BASIC_USER_H
#define SCLOG_BASIC_USER_H

#include <stddef.h>
#include <sys/types.h>

#include "sclog/basic/error.h"
#include "sclog/basic/macro.h"

/* The credentials and login variables of `--user USER[:GROUP]`. */
struct sclog_user {
	uid_t uid;
	gid_t gid;  /* primary group */
	char *name; /* USER and LOGNAME (set unless uid is 0) */
	char *home; /* HOME */
	size_t n_groups;
	gid_t groups[]; /* supplementary groups */
};

/*
 * Look up @spec, "USER[:GROUP]" (names or numbers), in the user and group
 * databases, as `runuser -u USER [-g GROUP]` does: the user's uid, its
 * primary group (or GROUP) and its supplementary groups (initgroups; only
 * GROUP when one is given).  Returns 0 and a struct the caller frees with
 * sclog_user_free() in @ret_user; -ENOENT (unknown user or group), -EINVAL
 * or -ENOMEM with @err set.
 */
int sclog_user_resolve(const char *spec, struct sclog_user **ret_user, struct sclog_error *err);

/* Free @user (may be NULL); returns NULL. */
struct sclog_user *sclog_user_free(struct sclog_user *user);
SCLOG_DEFINE_CLEANUP(struct sclog_user *, sclog_user_free)

/*
 * A copy of @env (NULL-terminated) with the variables `runuser -u` sets for
 * @user: HOME, and USER and LOGNAME unless the uid is 0; each replaces one
 * already there, in place, or is appended.  Returns 0 and a NULL-terminated
 * array in @ret_env, freed with sclog_user_environ_free(); or -ENOMEM.
 */
int sclog_user_environ(const struct sclog_user *user, char *const *env, char ***ret_env);

/* Free an array of sclog_user_environ() (may be NULL); returns NULL. */
char **sclog_user_environ_free(char **env);
SCLOG_DEFINE_CLEANUP(char **, sclog_user_environ_free)

/*
 * In a forked child, before the filter: set the supplementary groups, then
 * the real, effective and saved gid, then uid, to @user's.  Called as root
 * for another user, it keeps CAP_SYS_ADMIN (and no other capability) until
 * the next execve(), so the filter is installed without no_new_privs and
 * set-user-ID programs behave as without sclog.  Only credential syscalls
 * (prctl, setgroups, setresgid, setresuid, capset); async-signal-safe.
 * Returns 0 or -errno.
 */
int sclog_user_switch(const struct sclog_user *user);

#endif
