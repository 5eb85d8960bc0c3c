// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sclog/macro.h"
#include "sclog/outfile.h"

/*
 * The kernel's protected_symlinks rule (fs/namei.c, may_follow_link()),
 * applied whatever the sysctl says: in a sticky world-writable directory
 * (/tmp), a symlink is followed only when the caller or the directory's
 * owner owns it.  Otherwise another user could plant /tmp/x -> /dev/sda
 * and have root write a policy into the disk.  Every symlink met while
 * resolving @path is checked.  Returns 0, or -EPERM with @err naming the
 * link.
 */
static int check_links(const char *path, int depth, struct sclog_error *err)
{
	size_t len = strlen(path);

	if (depth > 40)
		return sclog_error_set(err, -ELOOP, "cannot write %s: too many symlinks", path);
	for (size_t end = 1; end <= len; end++) {
		_cleanup_free_ char *prefix = NULL, *parent = NULL, *next = NULL;
		char target[4096];
		struct stat lst, dst;
		ssize_t n;

		if (end < len && path[end] != '/')
			continue;
		prefix = strndup(path, end);
		if (!prefix)
			return sclog_error_set(err, -ENOMEM, "out of memory");
		if (lstat(prefix, &lst) < 0)
			return 0; /* nothing further exists: no link to follow */
		if (!S_ISLNK(lst.st_mode))
			continue;
		parent = strdup(prefix);
		if (!parent)
			return sclog_error_set(err, -ENOMEM, "out of memory");
		if (stat(dirname(parent), &dst) < 0)
			return 0;
		if ((dst.st_mode & S_ISVTX) && (dst.st_mode & S_IWOTH) &&
		    lst.st_uid != geteuid() && lst.st_uid != dst.st_uid)
			return sclog_error_set(err, -EPERM,
					       "refusing to write %s: %s is a symlink owned by uid "
					       "%u in the sticky world-writable directory %s, owned "
					       "by neither you nor the directory's owner (the "
					       "kernel's protected_symlinks rule); remove it or "
					       "name another file", path, prefix,
					       (unsigned)lst.st_uid, parent);
		n = readlink(prefix, target, sizeof(target) - 1);
		if (n < 0)
			return 0;
		target[n] = '\0';
		/* Go on with the link's target and the rest of the path. */
		if (asprintf(&next, "%s%s%s%s", target[0] == '/' ? "" : parent,
			     target[0] == '/' ? "" : "/", target, path + end) < 0) {
			next = NULL;
			return sclog_error_set(err, -ENOMEM, "out of memory");
		}
		return check_links(next, depth + 1, err);
	}
	return 0;
}

/* The directory of @path, resolved, and its last component. */
static char *canonical(const char *path)
{
	_cleanup_free_ char *d = strdup(path), *b = strdup(path), *real = NULL;
	char *ret = NULL;

	if (!d || !b)
		return NULL;
	real = realpath(dirname(d), NULL);
	if (!real || asprintf(&ret, "%s/%s", real, basename(b)) < 0)
		return NULL;
	return ret;
}

/* Two names of a file that does not exist yet, in one directory. */
static int same_new_file(const char *a, const char *b)
{
	_cleanup_free_ char *ca = canonical(a), *cb = canonical(b);

	return ca && cb && strcmp(ca, cb) == 0;
}

int sclog_outfile_distinct(const char *a, const char *b, struct sclog_error *err)
{
	struct stat sa, sb;

	if (!a || !b)
		return 0;
	if (strcmp(a, "-") == 0 && strcmp(b, "-") == 0)
		return sclog_error_set(err, -EINVAL, "the policy and the report cannot both go to "
				       "standard output: give one of them a file name");
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0) {
		/* Two names of one character device (/dev/null) are fine. */
		if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && !S_ISCHR(sa.st_mode))
			return sclog_error_set(err, -EINVAL, "%s and %s are the same file: the "
					       "report would overwrite the policy", a, b);
		return 0;
	}
	if (strcmp(a, b) == 0 || same_new_file(a, b))
		return sclog_error_set(err, -EINVAL, "%s and %s name one file for both the policy "
				       "and the report: the report would overwrite the policy", a, b);
	return 0;
}

int sclog_outfile_open(struct sclog_outfile *f, const char *path, struct sclog_error *err)
{
	_cleanup_free_ char *copy1 = strdup(path), *copy2 = strdup(path);
	struct stat st;
	mode_t mask;
	int r;

	*f = (struct sclog_outfile){ .fd = -1 };
	if (!copy1 || !copy2)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	f->path = strdup(path);
	if (!f->path)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	if (strcmp(path, "-") == 0)
		return 0;
	r = check_links(path, 0, err);
	if (r < 0)
		return r;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sclog_error_set(err, -EISDIR, "cannot write %s: it is a directory", path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or a FIFO (/dev/null, /dev/stdout, a pipe) is
		 * written in place, as a shell redirection would; renaming
		 * over it would replace the device. */
		f->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (f->fd < 0)
			return sclog_error_set(err, -errno, "cannot write %s: %m", path);
		f->in_place = 1;
		return 0;
	}
	f->dir = strdup(dirname(copy1));
	f->base = strdup(basename(copy2));
	if (!f->dir || !f->base)
		return sclog_error_set(err, -ENOMEM, "out of memory");

	/* An unnamed file leaves nothing behind if sclog is killed during the
	 * run; it gets a name only when it is complete (commit). */
	f->fd = open(f->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	if (f->fd >= 0)
		return 0;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return sclog_error_set(err, -errno, "cannot write %s: %m", path);

	/* No O_TMPFILE on this file system: a named temporary file. */
	if (asprintf(&f->tmp, "%s/.%s.XXXXXX", f->dir, f->base) < 0) {
		f->tmp = NULL;
		return sclog_error_set(err, -ENOMEM, "out of memory");
	}
	f->fd = mkostemp(f->tmp, O_CLOEXEC);
	if (f->fd < 0) {
		int e = errno;

		free(f->tmp);
		f->tmp = NULL;
		return sclog_error_set(err, -e, "cannot write %s: %s", path, strerror(e));
	}
	/* mkostemp() makes 0600; give what a plain creat() would. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(f->fd, 0666 & ~mask);
	return 0;
}

/* Give the unnamed file a temporary name beside the target. */
static int name_tmpfile(struct sclog_outfile *f)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
	for (unsigned i = 0; i < 100; i++) {
		if (asprintf(&f->tmp, "%s/.%s.%d.%u", f->dir, f->base, (int)getpid(), i) < 0) {
			f->tmp = NULL;
			return -ENOMEM;
		}
		if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW) == 0 ||
		    linkat(f->fd, "", AT_FDCWD, f->tmp, AT_EMPTY_PATH) == 0)
			return 0;
		free(f->tmp);
		f->tmp = NULL;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int sclog_outfile_commit(struct sclog_outfile *f, const char *data, size_t len,
			 struct sclog_error *err)
{
	int r;

	if (f->fd < 0 || f->in_place) {
		r = write_all(f->fd < 0 ? STDOUT_FILENO : f->fd, data, len);
		if (r < 0)
			return sclog_error_set(err, r, "cannot write %s: %s",
					       f->fd < 0 ? "to standard output" : f->path,
					       strerror(-r));
		return 0;
	}
	r = write_all(f->fd, data, len);
	if (r == 0 && fsync(f->fd) < 0)
		r = -errno;
	if (r == 0 && !f->tmp)
		r = name_tmpfile(f);
	if (r == 0 && rename(f->tmp, f->path) < 0)
		r = -errno;
	if (r < 0)
		return sclog_error_set(err, r, "cannot write %s: %s", f->path, strerror(-r));
	free(f->tmp);
	f->tmp = NULL;
	return 0;
}

void sclog_outfile_done(struct sclog_outfile *f)
{
	if (f->tmp)
		unlink(f->tmp);
	closep(&f->fd);
	free(f->tmp);
	free(f->path);
	free(f->dir);
	free(f->base);
	*f = (struct sclog_outfile){ .fd = -1 };
}
