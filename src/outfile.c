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

int sclog_outfile_open(struct sclog_outfile *f, const char *path, struct sclog_error *err)
{
	_cleanup_free_ char *copy1 = strdup(path), *copy2 = strdup(path);
	struct stat st;
	mode_t mask;

	*f = (struct sclog_outfile){ .fd = -1 };
	if (!copy1 || !copy2)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	f->path = strdup(path);
	if (!f->path)
		return sclog_error_set(err, -ENOMEM, "out of memory");
	if (strcmp(path, "-") == 0)
		return 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sclog_error_set(err, -EISDIR, "cannot write %s: it is a directory", path);
	if (asprintf(&f->tmp, "%s/.%s.XXXXXX", dirname(copy1), basename(copy2)) < 0) {
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

	if (!f->tmp) {
		r = write_all(STDOUT_FILENO, data, len);
		if (r < 0)
			return sclog_error_set(err, r, "cannot write to standard output: %s",
					       strerror(-r));
		return 0;
	}
	r = write_all(f->fd, data, len);
	if (r == 0 && fsync(f->fd) < 0)
		r = -errno;
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
	*f = (struct sclog_outfile){ .fd = -1 };
}
