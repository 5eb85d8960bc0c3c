// SPDX-License-Identifier: GPL-2.0-only
/* Resolving a path without trusting it to stay the same. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/path_walk.h"

/* The kernel's own limit on symlinks in one lookup (MAXSYMLINKS). */
#define LINKS_MAX 40

/* The name the kernel has for the directory @fd, for messages. */
static char *fd_name(int fd)
{
	char proc[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, sizeof(buf) - 1);
	if (n < 0)
		return strdup("?");
	buf[n] = '\0';
	return strdup(buf);
}

static int check_trusted(int dir, const char *what, const char *path, struct sclog_error *err)
{
	_cleanup_free_ char *name = NULL;
	struct stat st;

	if (fstat(dir, &st) < 0)
		return sclog_error_set(err, -errno, "%s %s: %m", what, path);
	if ((st.st_uid == 0 || st.st_uid == geteuid()) &&
	    (!(st.st_mode & (S_IWGRP | S_IWOTH)) || (st.st_mode & S_ISVTX)))
		return 0;
	name = fd_name(dir);
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return sclog_error_set(err, -EPERM,
				       "%s %s: the directory %s is owned by uid %u, "
				       "who could swap sclog's private files in it; use a "
				       "directory owned by you or by root (such as /tmp)",
				       what, path, name ? name : "?", (unsigned)st.st_uid);
	return sclog_error_set(err, -EPERM,
			       "%s %s: the directory %s is %s-writable without "
			       "the sticky bit, so other users could swap sclog's private files "
			       "in it; use a directory only you or root can write (such as /tmp)",
			       what, path, name ? name : "?",
			       st.st_mode & S_IWOTH ? "world" : "group");
}

/* The protected_symlinks rule (fs/namei.c, may_follow_link()). */
static int check_link(int dir, int link, const char *what, const char *path, const char *name,
		      struct sclog_error *err)
{
	_cleanup_free_ char *dname = NULL;
	struct stat dst, lst;

	if (fstat(dir, &dst) < 0 || fstat(link, &lst) < 0)
		return sclog_error_set(err, -errno, "%s %s: %m", what, path);
	if (!(dst.st_mode & S_ISVTX) || !(dst.st_mode & S_IWOTH) || lst.st_uid == geteuid() ||
	    lst.st_uid == dst.st_uid)
		return 0;
	dname = fd_name(dir);
	return sclog_error_set(err, -EPERM,
			       "%s %s: %s is a symlink owned by uid %u in the "
			       "sticky world-writable directory %s, owned by neither you nor the "
			       "directory's owner (the kernel's protected_symlinks rule); remove "
			       "it or name another file",
			       what, path, name, (unsigned)lst.st_uid, dname ? dname : "?");
}

static int open_start(const char *p, unsigned flags, const char *what, const char *path,
		      struct sclog_error *err)
{
	int fd = open(p[0] == '/' ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return sclog_error_set(err, -errno, "%s %s: %m", what, path);
	if (flags & SCLOG_WALK_TRUSTED) {
		int r = check_trusted(fd, what, path, err);

		if (r < 0) {
			close(fd);
			return r;
		}
	}
	return fd;
}

/* A walk in progress. */
struct walk {
	const char *path, *what; /* for messages */
	unsigned flags;
	char *rest; /* the path still to resolve, from @pos */
	size_t pos;
	int dir;	/* the directory reached so far */
	unsigned links; /* symlinks followed */
	struct sclog_error *err;
};

static void walk_done(struct walk *w)
{
	free(w->rest);
	closep(&w->dir);
}

/*
 * The component @name, which ends at @end of @w->rest, is the symlink @fd:
 * go on with its text and the rest of the path, from the directory that
 * holds the link.  Returns 1 when it is the @last component and a /proc
 * magic link (the walk ends there), 0, or -errno with @w->err set.
 */
static int follow_link(struct walk *w, int fd, const char *name, size_t end, int last)
{
	_cleanup_free_ char *next = NULL;
	char target[PATH_MAX];
	struct statfs sfs;
	ssize_t n;
	int r;

	/* A /proc link (/proc/self/fd/1) leads to an open file, not to the
	 * path its text shows. */
	if (last && fstatfs(w->dir, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC)
		return 1;
	r = check_link(w->dir, fd, w->what, w->path, name, w->err);
	if (r < 0)
		return r;
	if (++w->links > LINKS_MAX)
		return sclog_error_set(w->err, -ELOOP, "%s %s: too many symlinks", w->what,
				       w->path);
	n = readlinkat(fd, "", target, sizeof(target) - 1);
	if (n < 0)
		return sclog_error_set(w->err, -errno, "%s %s: %s: %m", w->what, w->path, name);
	target[n] = '\0';
	if (asprintf(&next, "%s%s", target, w->rest + end) < 0) {
		next = NULL;
		return sclog_error_oom(w->err);
	}
	free(w->rest);
	w->rest = TAKE_PTR(next);
	w->pos = 0;
	if (w->rest[0] == '/') {
		closep(&w->dir);
		w->dir = open_start(w->rest, w->flags, w->what, w->path, w->err);
		if (w->dir < 0)
			return w->dir;
	}
	return 0;
}

/* Step into the directory @fd (taken), named @name. */
static int enter_dir(struct walk *w, int *fd, const struct stat *st, const char *name)
{
	int r;

	if (!S_ISDIR(st->st_mode))
		return sclog_error_set(w->err, -ENOTDIR, "%s %s: %s is not a directory", w->what,
				       w->path, name);
	if (w->flags & SCLOG_WALK_TRUSTED) {
		r = check_trusted(*fd, w->what, w->path, w->err);
		if (r < 0)
			return r;
	}
	closep(&w->dir);
	w->dir = TAKE_FD(*fd);
	return 0;
}

int sclog_path_walk(const char *path, unsigned flags, const char *what, int *ret_dirfd,
		    char **ret_base, int *ret_magic, struct sclog_error *err)
{
	_cleanup_(walk_done) struct walk w = { .path = path,
					       .what = what,
					       .flags = flags,
					       .rest = strdup(path),
					       .dir = -1,
					       .err = err };

	if (!w.rest)
		return sclog_error_oom(err);
	w.dir = open_start(w.rest, flags, what, path, err);
	if (w.dir < 0)
		return w.dir;
	for (;;) {
		_cleanup_free_ char *name = NULL;
		_cleanup_close_ int fd = -1;
		struct stat st;
		size_t end;
		int last, r;

		while (w.rest[w.pos] == '/')
			w.pos++;
		end = w.pos + strcspn(w.rest + w.pos, "/");
		name = end > w.pos ? strndup(w.rest + w.pos, end - w.pos) : strdup(".");
		if (!name)
			return sclog_error_oom(err);
		last = w.rest[end] == '\0';
		fd = openat(w.dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT && last)
			goto done; /* a new file */
		if (fd < 0)
			return sclog_error_set(err, -errno, "%s %s: %s: %m", what, path, name);
		if (fstat(fd, &st) < 0)
			return sclog_error_set(err, -errno, "%s %s: %m", what, path);
		if (S_ISLNK(st.st_mode)) {
			r = follow_link(&w, fd, name, end, last);
			if (r < 0)
				return r;
			if (r > 0) {
				*ret_magic = 1;
				goto done;
			}
			continue;
		}
		if (last && !S_ISDIR(st.st_mode))
			goto done;
		r = enter_dir(&w, &fd, &st, name);
		if (r < 0)
			return r;
		if (last || w.rest[end + strspn(w.rest + end, "/")] == '\0') {
			free(name);
			name = strdup(".");
			if (!name)
				return sclog_error_oom(err);
			goto done;
		}
		w.pos = end;
		continue;
	done:
		*ret_dirfd = TAKE_FD(w.dir);
		*ret_base = TAKE_PTR(name);
		return 0;
	}
}

int sclog_path_trusted_dir(const char *what, const char *path, char **ret_path,
			   struct sclog_error *err)
{
	_cleanup_free_ char *abs = NULL, *base = NULL;
	_cleanup_close_ int dir = -1;
	int magic = 0, r;

	/* A relative name is resolved from the root, through the working
	 * directory's ancestors, so they are checked too. */
	if (path[0] != '/') {
		_cleanup_free_ char *cwd = getcwd(NULL, 0);

		if (!cwd || asprintf(&abs, "%s/%s", cwd, path) < 0) {
			abs = NULL;
			return sclog_error_oom(err);
		}
	}
	r = sclog_path_walk(abs ? abs : path, SCLOG_WALK_TRUSTED, what, &dir, &base, &magic, err);
	if (r < 0)
		return r;
	if (magic || strcmp(base, ".") != 0) {
		struct stat st;

		if (!magic && fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return sclog_error_set(err, -errno, "%s %s: %m", what, path);
		return sclog_error_set(err, -ENOTDIR, "%s %s: not a directory", what, path);
	}
	*ret_path = fd_name(dir);
	if (!*ret_path)
		return sclog_error_oom(err);
	return 0;
}
