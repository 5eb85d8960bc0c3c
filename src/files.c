// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sclog/arch.h"
#include "sclog/fallbacks.h"
#include "sclog/files.h"
#include "sclog/macro.h"
#include "sclog/outfile.h"
#include "sclog/policy_parse.h"

#define POLICY_MAX_BYTES (16u << 20)

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

/* The directory of the running binary, resolved through symlinks. */
static char *exe_dir(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return strdup(buf);
}

int sclog_data_path(const char *name, char **ret_path, struct sclog_error *err)
{
	/* SCLOG_BIN_TO_DATADIR is the install data directory relative to the
	 * install bin directory ("../share/sclog"), so a tree installed with
	 * any --prefix, or moved whole, finds its own data. */
	_cleanup_free_ char *bindir = exe_dir(), *beside = NULL;
	const char *dirs[3] = { getenv("SCLOG_DATADIR") };

	if (bindir && asprintf(&beside, "%s/" SCLOG_BIN_TO_DATADIR, bindir) < 0)
		beside = NULL;
	dirs[1] = beside;
	dirs[2] = SCLOG_SOURCE_DATADIR; /* a binary run from its build directory */
	for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
		char *path;

		if (!dirs[i] || !*dirs[i])
			continue;
		if (asprintf(&path, "%s/%s", dirs[i], name) < 0)
			return sclog_error_set(err, -ENOMEM, "out of memory");
		if (access(path, R_OK) == 0) {
			*ret_path = path;
			return 0;
		}
		free(path);
	}
	return sclog_error_set(err, -ENOENT, "cannot find %s (looked in $SCLOG_DATADIR, %s and %s); "
			       "reinstall sclog or set SCLOG_DATADIR to the directory holding it",
			       name, beside ? beside : "../" SCLOG_BIN_TO_DATADIR, SCLOG_SOURCE_DATADIR);
}

int sclog_load_runtime(const char *runtime, struct sclog_runtime_needs *ret,
		       struct sclog_error *err)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len;
	int r = sclog_data_path("runtimes.json", &path, err);

	if (r < 0)
		return r;
	r = sclog_read_file(path, POLICY_MAX_BYTES, &buf, &len, err);
	if (r < 0)
		return r;
	return sclog_runtime_lookup(buf, len, path, runtime, ret, err);
}

int sclog_load_fallbacks(char ***ret_names, struct sclog_error *err)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len;
	int r = sclog_data_path("fallbacks.json", &path, err);

	if (r < 0)
		return r;
	r = sclog_read_file(path, POLICY_MAX_BYTES, &buf, &len, err);
	if (r < 0)
		return r;
	return sclog_fallbacks_parse(buf, len, path, ret_names, err);
}

int sclog_load_args(struct sclog_args_spec **ret, struct sclog_error *err)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	uint32_t arches[8];
	size_t len, n;
	int r = sclog_data_path("args.json", &path, err);

	if (r < 0)
		return r;
	r = sclog_read_file(path, POLICY_MAX_BYTES, &buf, &len, err);
	if (r < 0)
		return r;
	arches[0] = seccomp_arch_native();
	n = 1 + sclog_arch_compat(arches[0], arches + 1, ELEMENTSOF(arches) - 1);
	return sclog_args_spec_parse(buf, len, path, arches, n, ret, err);
}
