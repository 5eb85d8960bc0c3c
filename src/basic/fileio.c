// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sclog/basic/fileio.h"
#include "sclog/basic/macro.h"
#include "sclog/basic/outfile.h"
#include "sclog/basic/quote.h"

ssize_t sclog_read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n == 0)
		n = -EIO;
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

int sclog_status_field(const char *path, const char *field, int nth, long *ret)
{
	char buf[4096], *p;
	size_t flen = strlen(field);
	ssize_t n = sclog_read_small(path, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, field, flen) == 0 && p[flen] == ':')
			break;
	if (!p)
		return -ENODATA;
	p += flen + 1;
	*ret = strtol(p, &p, 10);
	while (nth-- > 0)
		*ret = strtol(p, &p, 10);
	return 0;
}

int sclog_read_fd(int fd, const char *path, size_t max, char **ret_buf, size_t *ret_len,
		  struct sclog_error *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		return sclog_error_set(err, -EISDIR, "cannot read %s: it is a directory",
				       sclog_quoted_path(path));
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > max + 2)
				cap = max + 2;
			nb = realloc(buf, cap);
			if (!nb)
				return sclog_error_oom(err);
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;

			return sclog_error_set(err, -e, "cannot read %s: %s",
					       sclog_quoted_path(path), strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return sclog_error_set(err, -EFBIG, "%s: larger than %zu bytes",
					       sclog_quoted_path(path), max);
	}
	if (!buf && !(buf = malloc(1)))
		return sclog_error_oom(err);
	buf[len] = '\0';
	*ret_buf = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

int sclog_read_file(const char *path, size_t max, char **ret_buf, size_t *ret_len,
		    struct sclog_error *err)
{
	_cleanup_close_ int fd =
		strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;

		return sclog_error_set(err, -e, "cannot read %s: %s", sclog_quoted_path(path),
				       strerror(e));
	}
	return sclog_read_fd(fd, path, max, ret_buf, ret_len, err);
}

int sclog_write_file(const char *path, const char *data, size_t len, struct sclog_error *err)
{
	struct sclog_outfile out = { .fd = -1, .dirfd = -1 };
	int r = sclog_outfile_open(&out, path, err);

	if (r == 0)
		r = sclog_outfile_commit(&out, data, len, err);
	sclog_outfile_done(&out);
	return r;
}

struct memstream {
	char **bufp;
	size_t *lenp, cap;
};

static ssize_t memstream_write(void *cookie, const char *data, size_t n)
{
	struct memstream *m = cookie;
	size_t len = *m->lenp;

	if (len + n + 1 > m->cap) {
		size_t cap = 2 * m->cap > len + n + 1 ? 2 * m->cap : len + n + 1;
		char *b = realloc(*m->bufp, cap);

		if (!b)
			return -1;
		*m->bufp = b;
		m->cap = cap;
	}
	memcpy(*m->bufp + len, data, n);
	*m->lenp = len + n;
	(*m->bufp)[len + n] = '\0';
	return (ssize_t)n;
}

static int memstream_close(void *cookie)
{
	struct memstream *m = cookie;
	int r = *m->bufp || (*m->bufp = calloc(1, 1)) ? 0 : -1;

	free(m);
	return r;
}

FILE *sclog_memstream(char **bufp, size_t *lenp)
{
	struct memstream *m = malloc(sizeof(*m));
	FILE *f;

	if (!m)
		return NULL;
	*m = (struct memstream){ .bufp = bufp, .lenp = lenp };
	*bufp = NULL;
	*lenp = 0;
	f = fopencookie(
		m, "w",
		(cookie_io_functions_t){ .write = memstream_write, .close = memstream_close });
	if (!f)
		free(m);
	return f;
}
