// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sclog/files.h"
#include "sclog/macro.h"
#include "sclog/outfile.h"
#include "sclog/policy_parse.h"

#define POLICY_MAX_BYTES (16u << 20)

int sclog_read_file(const char *path, size_t max, char **ret_buf, size_t *ret_len,
		    struct sclog_error *err)
{
	_cleanup_close_ int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO)
						       : open(path, O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;

	if (fd < 0)
		return sclog_error_set(err, -errno, "cannot read %s: %m", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		return sclog_error_set(err, -EISDIR, "cannot read %s: it is a directory", path);
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > max + 2)
				cap = max + 2;
			nb = realloc(buf, cap);
			if (!nb)
				return sclog_error_set(err, -ENOMEM, "out of memory");
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return sclog_error_set(err, -errno, "cannot read %s: %m", path);
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return sclog_error_set(err, -EFBIG, "%s: larger than %zu bytes", path, max);
	}
	if (!buf && !(buf = malloc(1)))
		return sclog_error_set(err, -ENOMEM, "out of memory");
	buf[len] = '\0';
	*ret_buf = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

int sclog_write_file(const char *path, const char *data, size_t len, struct sclog_error *err)
{
	struct sclog_outfile out = { .fd = -1 };
	int r = sclog_outfile_open(&out, path, err);

	if (r == 0)
		r = sclog_outfile_commit(&out, data, len, err);
	sclog_outfile_done(&out);
	return r;
}

int sclog_load_policy(const char *path, struct sclog_policy **ret, struct sclog_error *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r = sclog_read_file(path, POLICY_MAX_BYTES, &buf, &len, err);

	if (r < 0)
		return r;
	return sclog_policy_parse(buf, len, path, ret, err);
}

int sclog_load_runtime(const char *runtime, struct sclog_runtime_needs *ret,
		       struct sclog_error *err)
{
	const char *dirs[] = { getenv("SCLOG_DATADIR"), SCLOG_INSTALL_DATADIR,
			       SCLOG_SOURCE_DATADIR };

	for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
		_cleanup_free_ char *path = NULL, *buf = NULL;
		size_t len;

		if (!dirs[i] || !*dirs[i])
			continue;
		if (asprintf(&path, "%s/runtimes.json", dirs[i]) < 0)
			return sclog_error_set(err, -ENOMEM, "out of memory");
		if (access(path, R_OK) < 0)
			continue;
		if (sclog_read_file(path, POLICY_MAX_BYTES, &buf, &len, err) < 0)
			return err->code;
		return sclog_runtime_lookup(buf, len, path, runtime, ret, err);
	}
	return sclog_error_set(err, -ENOENT, "cannot find runtimes.json (looked in $SCLOG_DATADIR, "
			       "%s and %s)", SCLOG_INSTALL_DATADIR, SCLOG_SOURCE_DATADIR);
}
