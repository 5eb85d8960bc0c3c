// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/basic/path_walk.h"

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
		return sclog_error_set(err, -EINVAL,
				       "the policy and the report cannot both go to "
				       "standard output: give one of them a file name");
	/* "-" and /dev/stdout are one file. */
	if (stat(strcmp(a, "-") ? a : "/proc/self/fd/1", &sa) == 0 &&
	    stat(strcmp(b, "-") ? b : "/proc/self/fd/1", &sb) == 0) {
		/* Two names of one character device (/dev/null) are fine. */
		if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && !S_ISCHR(sa.st_mode))
			return sclog_error_set(err, -EINVAL,
					       "%s and %s are the same file: the "
					       "report would overwrite the policy",
					       a, b);
		return 0;
	}
	if (strcmp(a, b) == 0 || same_new_file(a, b))
		return sclog_error_set(err, -EINVAL,
				       "%s and %s name one file for both the policy "
				       "and the report: the report would overwrite the policy",
				       a, b);
	return 0;
}

/*
 * @base, a link in /proc (/proc/self/fd/1, reached from /dev/stdout), is
 * an open file: written in place.  When it is one of sclog's own
 * descriptors (the shell's redirection of standard output), that
 * descriptor itself is written, as "-" would be: its offset and O_APPEND
 * are the caller's, so `-o /dev/stdout >> log` appends.
 */
static int open_proc_link(struct sclog_outfile *f, struct sclog_error *err)
{
	_cleanup_close_ int target = openat(f->dirfd, f->base, O_PATH | O_CLOEXEC);
	struct stat st, own;
	char *end;
	long n;

	if (target < 0 || fstat(target, &st) < 0)
		return sclog_error_set(err, -errno, "cannot write %s: %m", f->path);
	if (S_ISDIR(st.st_mode))
		return sclog_error_set(err, -EISDIR, "cannot write %s: it is a directory", f->path);
	errno = 0;
	n = strtol(f->base, &end, 10);
	if (!errno && *end == '\0' && n >= 0 && n <= INT_MAX && fstat((int)n, &own) == 0 &&
	    own.st_dev == st.st_dev && own.st_ino == st.st_ino) {
		f->fd = fcntl((int)n, F_DUPFD_CLOEXEC, 3);
	} else {
		f->fd = openat(f->dirfd, f->base,
			       O_WRONLY | O_NOCTTY | O_CLOEXEC |
				       (S_ISREG(st.st_mode) ? O_TRUNC : 0));
	}
	if (f->fd < 0)
		return sclog_error_set(err, -errno, "cannot write %s: %m", f->path);
	f->in_place = 1;
	return 0;
}

int sclog_outfile_open(struct sclog_outfile *f, const char *path, struct sclog_error *err)
{
	struct stat st;
	int magic = 0, r;

	*f = (struct sclog_outfile){ .fd = -1, .dirfd = -1 };
	f->path = strdup(path);
	if (!f->path)
		return sclog_error_oom(err);
	if (strcmp(path, "-") == 0)
		return 0;
	/* Everything after this is relative to the directory found now: if
	 * it is renamed or swapped for a symlink during the run, the output
	 * still goes where it was checked to go. */
	r = sclog_path_walk(path, 0, "cannot write", &f->dirfd, &f->base, &magic, err);
	if (r < 0)
		return r;
	if (magic)
		return open_proc_link(f, err);
	if (strcmp(f->base, ".") == 0 || strcmp(f->base, "..") == 0 ||
	    (fstatat(f->dirfd, f->base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)))
		return sclog_error_set(err, -EISDIR, "cannot write %s: it is a directory", path);
	if (fstatat(f->dirfd, f->base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or a FIFO (/dev/null, a pipe) is written in
		 * place, as a shell redirection would; renaming over it
		 * would replace the device. */
		f->fd = openat(f->dirfd, f->base, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
		if (f->fd < 0)
			return sclog_error_set(err, -errno, "cannot write %s: %m", path);
		f->in_place = 1;
		return 0;
	}

	/* An unnamed file leaves nothing behind if sclog is killed during the
	 * run; it gets a name only when it is complete (commit). */
	f->fd = openat(f->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	if (f->fd >= 0)
		return 0;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return sclog_error_set(err, -errno, "cannot write %s: %m", path);

	/* No O_TMPFILE on this file system: a named temporary file, made
	 * as a plain creat() would make it (0666 less the umask). */
	for (unsigned i = 0; i < 100 && f->fd < 0; i++) {
		free(f->tmp);
		if (asprintf(&f->tmp, ".%s.%d.%u", f->base, (int)getpid(), i) < 0) {
			f->tmp = NULL;
			return sclog_error_oom(err);
		}
		f->fd = openat(f->dirfd, f->tmp,
			       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (f->fd < 0 && errno != EEXIST)
			break;
	}
	if (f->fd < 0) {
		r = -errno;
		free(f->tmp);
		f->tmp = NULL;
		return sclog_error_set(err, r, "cannot write %s: %s", path, strerror(-r));
	}
	return 0;
}

/* Give the unnamed file a temporary name beside the target. */
static int name_tmpfile(struct sclog_outfile *f)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
	for (unsigned i = 0; i < 100; i++) {
		if (asprintf(&f->tmp, ".%s.%d.%u", f->base, (int)getpid(), i) < 0) {
			f->tmp = NULL;
			return -ENOMEM;
		}
		if (linkat(AT_FDCWD, proc, f->dirfd, f->tmp, AT_SYMLINK_FOLLOW) == 0 ||
		    linkat(f->fd, "", f->dirfd, f->tmp, AT_EMPTY_PATH) == 0)
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
	if (r == 0 && renameat(f->dirfd, f->tmp, f->dirfd, f->base) < 0)
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
		unlinkat(f->dirfd, f->tmp, 0);
	closep(&f->fd);
	closep(&f->dirfd);
	free(f->tmp);
	free(f->path);
	free(f->base);
	*f = (struct sclog_outfile){ .fd = -1, .dirfd = -1 };
}
